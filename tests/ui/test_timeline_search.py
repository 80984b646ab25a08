"""Search that finds: the newest match first, a count in words, highlights, the way back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import insert
from sqlalchemy.orm import Session

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, Household, PartnerInfo
from closeness_desktop.records import EntryKind, EntryRecord
from closeness_desktop.store.models import Entry
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.timeline_page import TimelinePage
from closeness_desktop.ui.timeline_places import anchor_of
from tests.ui.timeline_seed import HIDDEN_WORD, WAIT_MS, model_of, open_window, seed

__all__ = ["open_window"]  # a fixture


def years_of_notes(household: Household, author: uuid.UUID, clock: FakeClock) -> None:
    """A note a day for three years; every 50th one is "naive" about something."""
    now = clock.now()
    rows: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "kind": EntryKind.NOTE.value,
            "author_id": author,
            "body": f"day {day}: a naive plan" if day % 50 == 0 else f"day {day}: an ordinary day",
            "occurred_at": now - timedelta(days=day, hours=1),
            "created_at": now,
            "updated_at": now,
        }
        for day in range(1, 1100)
    ]
    with Session(household.database.engine) as session, session.begin():
        session.execute(insert(Entry), rows)


def search_for(qtbot: QtBot, page: TimelinePage, words: str) -> None:
    page.search.setText(words)
    qtbot.waitUntil(page.settled, timeout=WAIT_MS)


def scroll_back(qtbot: QtBot, page: TimelinePage, rows: int) -> None:
    """Scroll down until ``rows`` rows are loaded and the list is far from its top."""
    bar = page.timeline.verticalScrollBar()
    model = model_of(page)

    def far_enough() -> bool:
        # Polled with events in between: rows that arrive are laid out in batches, so the
        # scroll range grows only while the event loop runs (a tight loop here never ended).
        if not model.loading:
            bar.setValue(bar.maximum())
        return model.rowCount() >= rows and not model.loading

    qtbot.waitUntil(far_enough, timeout=4 * WAIT_MS)
    bar.setValue(bar.maximum() * 2 // 3)


def test_results_open_at_the_newest_match_after_a_scrolled_back_search(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
    clock: FakeClock,
) -> None:
    years_of_notes(household, sam.id, clock)
    page = open_window().timeline_page
    scroll_back(qtbot, page, 400)
    assert page.timeline.verticalScrollBar().value() > 10_000

    search_for(qtbot, page, "naive")

    model = model_of(page)
    assert model.record(0).body == "day 50: a naive plan"  # the newest match ...
    assert page.timeline.verticalScrollBar().value() == 0  # ... on screen, at the top
    assert page.timeline.visualRect(model.index(0)).top() >= 0
    qtbot.waitUntil(lambda: page.found.text() == "21 notes", timeout=WAIT_MS)


def test_the_count_says_what_was_found_in_words(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
    alex: PartnerInfo,
) -> None:
    seed(household, sam, alex)
    household.entries.add(
        Draft.memory(
            sam.id, "The naive painters", household.clock.now().date(), household.clock.local_zone()
        )
    )
    page = open_window().timeline_page

    search_for(qtbot, page, "naive")
    qtbot.waitUntil(lambda: page.found.text() == "3 notes and memories", timeout=WAIT_MS)

    page.search.clear()
    qtbot.waitUntil(page.settled, timeout=WAIT_MS)
    assert page.found.text() == ""  # the whole timeline needs no count
    page.kind_filter.setCurrentIndex(page.kind_filter.findText("Memories"))
    qtbot.waitUntil(lambda: page.found.text() == "2 memories", timeout=WAIT_MS)


def test_the_matched_words_are_highlighted_as_the_search_matched_them(
    qtbot: QtBot, open_window: Callable[[], MainWindow], household: Household, sam: PartnerInfo
) -> None:
    note = household.entries.add(Draft.note(sam.id, "Un café crème at the Café Naïf, then home"))
    page = open_window().timeline_page
    assert page.delegate is not None

    search_for(qtbot, page, "cafe na")  # accents folded, the last word a prefix

    record = model_of(page).record(0)
    assert record.id == note.id
    _title, body = page.delegate.spans(record, page.model.filter.text if page.model else "")
    assert [record.body[start:end] for start, end in body] == ["café", "Café", "Naïf"]


def test_a_card_opens_at_a_match_below_its_first_lines(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
    alex: PartnerInfo,
) -> None:
    made = seed(household, sam, alex)
    long = made["long"]
    assert isinstance(long, EntryRecord)
    page = open_window().timeline_page
    view, delegate = page.timeline, page.delegate
    assert delegate is not None

    def card() -> Any:
        row = model_of(page).row_of(long.id)
        assert row is not None
        return delegate.card_text(model_of(page).index(row), view.viewport().width(), view.font())

    search_for(qtbot, page, "Sunday")  # in its first lines: the card stays closed
    assert not card().expanded

    search_for(qtbot, page, HIDDEN_WORD)  # below them: the card opens there
    assert card().expanded
    assert card().body.shown > long.body.index(HIDDEN_WORD)

    page.search.clear()
    qtbot.waitUntil(page.settled, timeout=WAIT_MS)
    assert not card().expanded  # opened by the search, closed with it


def test_clearing_the_search_goes_back_where_you_were(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
    clock: FakeClock,
) -> None:
    years_of_notes(household, sam.id, clock)
    page = open_window().timeline_page
    view, model = page.timeline, model_of(page)
    scroll_back(qtbot, page, 300)
    before = anchor_of(view)
    assert before is not None
    row = model.row_of(before.entry_id)
    assert row is not None
    chosen = model.record(row + 2).id
    view.setCurrentIndex(model.index(row + 2))

    search_for(qtbot, page, "naive")
    page.search.clear()
    qtbot.waitUntil(lambda: page.settled() and model.rowCount() >= 300, timeout=WAIT_MS)

    assert anchor_of(view) == before  # the same card at the same height
    selected = page.selected_entry()
    assert selected is not None
    assert selected.id == chosen


def test_clearing_a_search_begun_after_a_jump_goes_back_to_the_jump(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
    clock: FakeClock,
) -> None:
    years_of_notes(household, sam.id, clock)
    page = open_window().timeline_page
    model = model_of(page)
    target = (clock.now() - timedelta(days=700)).date()
    with qtbot.waitSignal(model.jumped, timeout=WAIT_MS):
        model.jump_to(target)
    qtbot.waitUntil(lambda: not model.loading, timeout=WAIT_MS)
    before = anchor_of(page.timeline)

    search_for(qtbot, page, "naive")
    assert not model.has_newer  # the search's results start at the newest
    page.search.clear()
    qtbot.waitUntil(lambda: page.settled() and anchor_of(page.timeline) == before, timeout=WAIT_MS)
    assert model.has_newer


@pytest.mark.parametrize("words", ["ordinary", "day 7"])
def test_every_search_opens_at_the_top(
    qtbot: QtBot,
    *,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
    clock: FakeClock,
    words: str,
) -> None:
    years_of_notes(household, sam.id, clock)
    page = open_window().timeline_page
    search_for(qtbot, page, "day")
    scroll_back(qtbot, page, 300)

    search_for(qtbot, page, words)  # from one search to the next, too

    assert page.timeline.verticalScrollBar().value() == 0
