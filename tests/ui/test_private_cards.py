"""Private and sealed on the timeline: a lock on a private card (and in what it says to a
screen reader), a sealed note drawn as its own card, saying when it opens and nothing of
its words, and no React, Reply or Edit for it (its author may still delete it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Draft, EntryRecord, Household, PartnerInfo
from closeness_desktop.records import EntryKind
from closeness_desktop.ui import authorship, response_actions
from closeness_desktop.ui.card_layout import CardText
from closeness_desktop.ui.card_private import PRIVATE_WORDS, sealed_line
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.timeline_page import TimelinePage
from tests.conftest import ZONE
from tests.ui.timeline_seed import model_of, open_window, seed

__all__ = ["open_window"]  # a fixture

SECRET_WORDS = "The ring is in the blue box behind the books."
#: Thursday 3 December 2026, a week after the test clock's day.
OPENS = datetime.combine(datetime(2026, 12, 3).date(), time(0), ZONE)


@pytest.fixture
def cards(household: Household, sam: PartnerInfo, alex: PartnerInfo) -> dict[str, EntryRecord]:
    """The seeded timeline, with Sam's private note and his two sealed notes for Alex."""
    made = dict(seed(household, sam, alex))
    household.privacy.set_lock(sam.id, "apple tree by the river")  # and unlocked
    entries = household.entries
    private = Draft(EntryKind.NOTE, sam.id, body="I think I will ask this winter.", private=True)
    made["private"] = entries.add(private)
    sealed = replace(Draft.note(sam.id, SECRET_WORDS, to=alex.id), opens_at=OPENS)
    made["sealed"] = entries.add(sealed)
    arriving = replace(sealed, body="Welcome home, love.", opens_with_arrival=True)
    made["arrival"] = entries.add(arriving)
    return {key: value for key, value in made.items() if isinstance(value, EntryRecord)}


def row_of(page: TimelinePage, record: EntryRecord) -> int:
    row = model_of(page).row_of(record.id)
    assert row is not None
    return row


def accessible(page: TimelinePage, record: EntryRecord) -> str:
    index = model_of(page).index(row_of(page, record))
    return str(index.data(Qt.ItemDataRole.AccessibleTextRole))


def card_of(page: TimelinePage, record: EntryRecord) -> CardText:
    assert page.delegate is not None
    view = page.timeline
    index = model_of(page).index(row_of(page, record))
    return page.delegate.card_text(index, view.viewport().width(), view.font())


def select(page: TimelinePage, record: EntryRecord) -> None:
    page.timeline.setCurrentIndex(model_of(page).index(row_of(page, record)))


def test_a_private_card_wears_the_lock_and_says_so(
    open_window: Callable[[], MainWindow], cards: dict[str, EntryRecord]
) -> None:
    page = open_window().timeline_page

    said = accessible(page, cards["private"])

    assert said.endswith(f"({PRIVATE_WORDS})")
    assert "I think I will ask this winter." in said
    assert PRIVATE_WORDS not in accessible(page, cards["short"])
    card = card_of(page, cards["private"])
    assert card.footer_top is None  # delivered to no one: no "Waiting for Alex"


def test_a_sealed_card_says_when_it_opens_and_not_its_words(
    open_window: Callable[[], MainWindow], cards: dict[str, EntryRecord]
) -> None:
    page = open_window().timeline_page

    card = card_of(page, cards["sealed"])

    assert card.body_text == "A sealed note from Sam waits · opens on Thursday 3 December"
    assert card.title is None
    assert card.seal_top is not None
    assert card.footer_top is None
    said = accessible(page, cards["sealed"])
    assert "waits · opens on Thursday 3 December" in said
    assert SECRET_WORDS not in said
    arrival = card_of(page, cards["arrival"])
    assert arrival.body_text == (
        "A sealed note from Sam waits · opens at Alex's next arrival from 3 December"
    )


def test_a_sealed_line_says_the_year_when_it_is_another_one(
    cards: dict[str, EntryRecord], sam: PartnerInfo, alex: PartnerInfo
) -> None:
    next_year = datetime.combine(datetime(2027, 1, 4).date(), time(0), ZONE)
    record = replace(cards["sealed"], opens_at=next_year)
    names = {sam.id: sam.name, alex.id: alex.name}

    line = sealed_line(record, names, datetime(2026, 12, 30, 12, tzinfo=ZONE), ZONE)

    assert line == "A sealed note from Sam waits · opens on Monday 4 January 2027"


def test_react_reply_and_edit_are_off_for_a_sealed_note_and_delete_is_not(
    qtbot: QtBot, open_window: Callable[[], MainWindow], cards: dict[str, EntryRecord]
) -> None:
    window = open_window()
    page = window.timeline_page
    assert page.shell.current_partner is not None  # Sam: this account is his

    select(page, cards["sealed"])

    answers = page.responses
    assert not answers.act_reply.isEnabled()
    assert not answers.react_menu.menuAction().isEnabled()
    assert answers.act_reply.toolTip() == response_actions.SEALED
    assert not page.act_edit.isEnabled()
    assert page.act_edit.toolTip() == authorship.SEALED_STAYS
    assert page.act_delete.isEnabled()  # Sam wrote it: he may take it back

    select(page, cards["short"])
    assert answers.act_reply.isEnabled()  # an ordinary note answers as before


def test_opening_a_sealed_note_says_when_it_opens(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    cards: dict[str, EntryRecord],
) -> None:
    window = open_window()
    page = window.timeline_page
    select(page, cards["sealed"])

    page.authorship.open_selected()

    assert window.statusBar().currentMessage() == (
        "This note is sealed: it opens on Thursday 3 December."
    )
    assert household.entries.get(cards["sealed"].id).read_at is None


def test_the_author_deletes_a_sealed_note(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    cards: dict[str, EntryRecord],
) -> None:
    page = open_window().timeline_page
    select(page, cards["sealed"])

    page.delete_selected()

    assert household.entries.get(cards["sealed"].id).deleted_at is not None
