"""Sealed notes opening: at an arrival from their day on, in that arrival's greeting, and on
their day while the app runs (the companion's timer at the next opening).

The companion's Setup (a real household file, a FakeClock at Thursday 26 November 2026,
19:30 in Berlin, a recording notifier, a Presence driven by its slots).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Draft, Household, PartnerInfo
from closeness_desktop.records import EntryKind, EntryRecord
from tests.ui.test_companion import DINNER_LINE, Setup

SEALED = "Open this on our anniversary: I would choose you again."


@pytest.fixture
def s(household: Household, qtbot: QtBot) -> Iterator[Setup]:
    setup = Setup(household, qtbot)
    yield setup
    setup.companion.stop()


def seal(
    setup: Setup, author: PartnerInfo, to: PartnerInfo, *, days: float, with_arrival: bool = False
) -> EntryRecord:
    """A sealed note from ``author`` to ``to`` that opens ``days`` from now (or at their
    first arrival from then, ``with_arrival``)."""
    opens = setup.clock.now() + timedelta(days=days)
    note = Draft.note(author.id, SEALED, to.id)
    draft = replace(note, opens_at=opens, opens_with_arrival=with_arrival)
    return setup.household.entries.add(draft)


def test_an_arrival_after_the_opening_day_greets_with_the_opened_note(
    s: Setup, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    note = seal(s, alex, sam, days=2)
    assert s.household.entries.get(note.id).body == ""  # sealed: nothing to read yet
    s.advance(days=3)

    s.companion.start()  # Sam arrives (this account is Sam's)

    (hello,) = s.greetings()
    assert hello.title == "Good evening, Sam."
    assert hello.body == f"Alex left you a note:\n“{SEALED}”" + DINNER_LINE
    assert hello.actions == (("open", "Open"),)
    opened = s.household.entries.get(note.id)
    assert not opened.sealed
    assert opened.body == SEALED
    assert s.companion.handover.waiting() == [note.id]


def test_an_arrival_before_the_opening_day_keeps_the_note_sealed(
    s: Setup, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    note = seal(s, alex, sam, days=2)

    s.companion.start()

    (hello,) = s.greetings()
    assert SEALED not in hello.body
    assert s.household.entries.get(note.id).sealed
    assert s.household.entries.waiting_notes(sam.id) == []


def test_a_note_that_opens_with_an_arrival_waits_for_its_addressee(
    s: Setup, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    note = seal(s, sam, alex, days=1, with_arrival=True)
    s.companion.start()
    s.backend.take()
    s.advance(days=2)

    s.companion.openings.due()  # the day has come, but Alex is not here yet
    assert s.household.entries.get(note.id).sealed

    s.companion.choose(alex.id)  # "who's here?": Alex

    (hello,) = s.greetings()
    assert hello.title == "Good evening, Alex."
    assert SEALED in hello.body
    assert not s.household.entries.get(note.id).sealed


def test_the_timer_opens_a_note_on_its_day_and_greets_its_addressee_who_is_here(
    s: Setup, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    note = seal(s, alex, sam, days=0.5)
    s.companion.start()
    s.backend.take()
    assert s.companion.openings.next_check_in_ms == 60_000  # a minute at most: laptops sleep

    s.advance(hours=13)
    s.companion.openings.due()  # what the timer does when it fires

    (hello,) = s.greetings()
    assert hello.body.startswith(f"Alex left you a note:\n“{SEALED}”")
    assert not s.household.entries.get(note.id).sealed
    assert s.companion.openings.next_check_in_ms is None  # no other note waits


def test_a_note_opened_on_its_day_for_someone_away_waits_for_their_greeting(
    s: Setup, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    note = seal(s, sam, alex, days=0.5)
    s.companion.start()
    s.backend.take()
    s.advance(hours=13)

    s.companion.openings.due()

    assert s.greetings() == []  # Sam is here; the note is Alex's
    assert [n.id for n in s.household.entries.waiting_notes(alex.id)] == [note.id]


def test_a_sealed_note_written_while_running_arms_the_timer(
    s: Setup, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    s.companion.start()
    assert s.companion.openings.next_check_in_ms is None

    seal(s, sam, alex, days=1)

    assert s.companion.openings.next_check_in_ms == 60_000


def test_a_stopped_companion_keeps_no_timer(s: Setup, sam: PartnerInfo, alex: PartnerInfo) -> None:
    s.companion.start()
    s.companion.stop()

    seal(s, sam, alex, days=1)

    assert s.companion.openings.next_check_in_ms is None


def test_the_timer_waits_just_past_an_opening_less_than_a_minute_away(
    s: Setup, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    seal(s, sam, alex, days=20 / 86_400)  # in 20 seconds

    s.companion.start()

    assert s.companion.openings.next_check_in_ms == 20_001  # never a moment before


def test_a_private_note_and_a_sealed_one_not_yet_due_stay_out_of_the_greeting(
    s: Setup, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    s.household.privacy.set_lock(alex.id, "the long way round")
    private = Draft(EntryKind.NOTE, alex.id, body="Only mine: the ring is in the blue box.")
    s.household.entries.add(replace(private, private=True))
    seal(s, alex, sam, days=5)
    s.household.entries.add(Draft.note(alex.id, "Dinner at eight?", sam.id))

    s.companion.start()  # Sam arrives (this account is Sam's)

    (hello,) = s.greetings()
    assert hello.body == "Alex left you a note:\n“Dinner at eight?”" + DINNER_LINE
    assert "ring" not in hello.body
    assert SEALED not in hello.body
