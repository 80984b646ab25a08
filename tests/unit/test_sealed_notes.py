"""Sealed notes: refused when they cannot be, blank for everyone until their time, then a
note like any other; waiting for an arrival when asked; never in "Our year"."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import (
    Draft,
    EntryKind,
    Household,
    PartnerInfo,
    ValidationError,
)
from tests.unit.private_corner import (
    EVERYTHING,
    SECRET,
    found,
    ids,
    private_note,
    sealed_note,
)


@pytest.fixture
def unlocked(household: Household, sam: PartnerInfo) -> Household:
    """The household with Sam's lock set (and Sam unlocked)."""
    household.privacy.set_lock(sam.id, SECRET)
    return household


def test_a_sealed_note_that_cannot_be_is_refused_in_words(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    later = clock.now() + timedelta(days=1)
    refused = {
        "A sealed note opens later than now": [
            sealed_note(sam, alex, "Too late", clock.now() - timedelta(days=1)),
            sealed_note(sam, alex, "Just now", clock.now()),
        ],
        "A sealed note is for your partner": [
            Draft(EntryKind.NOTE, sam.id, body="To no one", opens_at=later)
        ],
        "Only a note can be sealed.": [
            replace(Draft.checkin(sam.id, 3, text="Sealed mood"), opens_at=later)
        ],
    }

    for problem, drafts in refused.items():
        for draft in drafts:
            with pytest.raises(ValidationError, match=f"^{problem}"):
                household.entries.add(draft)
    assert household.entries.count() == 0


def test_a_sealed_note_cannot_also_be_private(
    unlocked: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    draft = replace(private_note(sam, "Both?"), opens_at=clock.now() + timedelta(days=1))

    with pytest.raises(ValidationError, match=r"^A note is either private or sealed"):
        unlocked.entries.add(draft)


def test_a_sealed_note_reads_blank_for_everyone_until_its_time_then_is_handed_over(
    unlocked: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    opens = clock.now() + timedelta(days=3)
    note = unlocked.entries.add(sealed_note(sam, alex, "Happy anniversary, love", opens))

    assert note.sealed
    assert (note.body, note.opens_at) == ("", opens)
    assert unlocked.entries.get(note.id).body == ""
    assert [row.body for row in unlocked.entries.page(EVERYTHING).rows] == [""]
    assert found(unlocked, "anniversary") == []
    assert unlocked.entries.waiting_notes(alex.id) == []
    assert unlocked.privacy.next_opening() == opens
    with pytest.raises(ValidationError, match=r"^A sealed note stays as it was sealed"):
        unlocked.entries.edit(note.id, Draft.note(sam.id, "Changed", alex.id), note.version)

    clock.advance(timedelta(days=3) - timedelta(seconds=1))
    assert unlocked.privacy.open_due() == []

    clock.advance(timedelta(seconds=1))
    [opened] = unlocked.privacy.open_due()

    assert (opened.id, opened.body, opened.sealed) == (note.id, "Happy anniversary, love", False)
    assert unlocked.entries.get(note.id).body == "Happy anniversary, love"
    assert ids(unlocked.entries.waiting_notes(alex.id)) == [note.id]
    assert unlocked.entries.waiting_notes(alex.id)[0].body == "Happy anniversary, love"
    assert ids(found(unlocked, "anniversary")) == [note.id]
    assert unlocked.privacy.open_due() == []
    assert unlocked.privacy.next_opening() is None


def test_a_sealed_note_waiting_for_an_arrival_opens_only_when_its_addressee_arrives(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    opens = clock.now() + timedelta(hours=1)
    note = household.entries.add(sealed_note(sam, alex, "Welcome home", opens, arrival=True))
    assert household.privacy.open_due(arrived=alex.id) == []  # not before its time
    clock.advance(timedelta(hours=2))

    assert household.privacy.open_due() == []
    assert household.privacy.open_due(arrived=sam.id) == []
    assert household.entries.get(note.id).body == ""

    [opened] = household.privacy.open_due(arrived=alex.id)

    assert opened.body == "Welcome home"
    assert ids(household.entries.waiting_notes(alex.id)) == [note.id]


def test_our_year_leaves_private_entries_and_sealed_notes_out(
    unlocked: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    shared = unlocked.entries.add(Draft.note(sam.id, "Shared words", alex.id))
    unlocked.entries.add(private_note(sam, "Mine alone"))
    unlocked.entries.add(sealed_note(sam, alex, "Later", clock.now() + timedelta(days=1)))

    year = unlocked.entries.span(
        {EntryKind.NOTE, EntryKind.MEMORY, EntryKind.CHECKIN},
        clock.now() - timedelta(days=365),
        clock.now() + timedelta(days=1),
    )

    assert ids(year.rows) == [shared.id]
