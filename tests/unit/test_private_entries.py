"""Private entries through household.entries on a real household file: shown only to their
unlocked author, found by search from memory, refused in words when they cannot be (sealed
notes: test_sealed_notes.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import (
    Draft,
    EntryKind,
    EntryRecord,
    Household,
    PartnerInfo,
    TimelineFilter,
    ValidationError,
    draft_of,
)
from tests.conftest import ZONE
from tests.unit.private_corner import (
    ALEX_SECRET,
    EVERYTHING,
    SECRET,
    found,
    ids,
    private_note,
)


@pytest.fixture
def unlocked(household: Household, sam: PartnerInfo) -> Household:
    """The household with Sam's lock set (and Sam unlocked)."""
    household.privacy.set_lock(sam.id, SECRET)
    return household


# -- shown only while unlocked ----------------------------------------------------------------


def test_private_notes_memories_and_check_ins_are_shown_with_their_words_while_unlocked(
    unlocked: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    drafts = [
        private_note(sam, "I miss the sea more than I say"),
        replace(
            Draft.memory(sam.id, "The lighthouse", date(2026, 11, 20), ZONE, place="Brest"),
            private=True,
        ),
        replace(Draft.checkin(sam.id, 2, ["restless"], "work again"), private=True),
    ]
    written = []
    for draft in drafts:
        written.append(unlocked.entries.add(draft))
        clock.advance(timedelta(minutes=1))

    note, memory, checkin = (unlocked.entries.get(each.id) for each in written)
    assert (note.body, note.private_to, note.addressee_id) == (
        "I miss the sea more than I say",
        sam.id,
        None,
    )
    assert (memory.title, memory.place) == ("The lighthouse", "Brest")
    assert (checkin.mood, checkin.feelings, checkin.body) == (2, "restless", "work again")
    assert written == [note, memory, checkin]
    rows = unlocked.entries.page(EVERYTHING).rows
    assert set(ids(rows)) == set(ids(written))
    assert {row.id: row for row in rows}[note.id] == note


def test_after_locking_a_private_entry_is_in_no_page_nor_search_and_back_after_unlocking(
    unlocked: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    mine = unlocked.entries.add(private_note(sam, "Lighthouse dreams again"))
    shared = unlocked.entries.add(Draft.note(sam.id, "Dinner at eight?", alex.id))

    unlocked.privacy.lock(sam.id)

    assert ids(unlocked.entries.page(EVERYTHING).rows) == [shared.id]
    assert found(unlocked, "lighthouse") == []
    assert unlocked.entries.get(mine.id).body == ""
    assert unlocked.entries.count_found(EVERYTHING) == {EntryKind.NOTE: 1}

    unlocked.privacy.unlock(sam.id, SECRET)

    assert set(ids(unlocked.entries.page(EVERYTHING).rows)) == {mine.id, shared.id}
    assert ids(found(unlocked, "lighthouse")) == [mine.id]
    assert unlocked.entries.get(mine.id).body == "Lighthouse dreams again"


def test_the_other_partner_unlocking_does_not_show_sams_private_entries(
    unlocked: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    mine = unlocked.entries.add(private_note(sam, "Lighthouse dreams again"))
    unlocked.privacy.lock(sam.id)

    unlocked.privacy.set_lock(alex.id, ALEX_SECRET)
    alexs = unlocked.entries.add(private_note(alex, "Lighthouse keeper's cake"))

    assert ids(unlocked.entries.page(EVERYTHING).rows) == [alexs.id]
    assert ids(found(unlocked, "lighthouse")) == [alexs.id]
    assert unlocked.entries.get(mine.id).body == ""
    assert unlocked.entries.count_found(EVERYTHING) == {EntryKind.NOTE: 1}


def test_asking_for_someones_private_entries_in_the_filter_shows_nothing_more(
    unlocked: Household, sam: PartnerInfo
) -> None:
    unlocked.entries.add(private_note(sam, "Lighthouse dreams again"))
    unlocked.privacy.lock(sam.id)

    asked = TimelineFilter(private_for=frozenset({sam.id}))

    assert unlocked.entries.page(asked).rows == []
    assert unlocked.entries.count_found(asked) == {}


# -- refused in words -------------------------------------------------------------------------


def test_a_private_entry_with_an_addressee_is_refused_in_words(
    unlocked: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    with pytest.raises(ValidationError, match=r"^A private entry is just for you"):
        unlocked.entries.add(replace(Draft.note(sam.id, "Just us?", alex.id), private=True))


def test_a_private_plan_is_refused_in_words(
    unlocked: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    plan = Draft.plan(sam.id, "Secret dinner", clock.now() + timedelta(days=2))

    with pytest.raises(ValidationError, match=r"^Only notes, memories and check-ins can be kept"):
        unlocked.entries.add(replace(plan, private=True))


def test_a_private_entry_while_locked_is_refused_in_words_and_nothing_is_written(
    unlocked: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    unlocked.privacy.lock(sam.id)

    with pytest.raises(ValidationError, match=r"^Unlock your private corner first"):
        unlocked.entries.add(private_note(sam, "Not yet"))
    with pytest.raises(ValidationError, match=r"^Unlock your private corner first"):
        unlocked.entries.add(private_note(alex, "Alex has no lock at all"))

    assert unlocked.entries.count() == 0


# -- editing, undo and redo -------------------------------------------------------------------


def test_editing_a_private_entry_keeps_it_sealed_and_undo_and_redo_restore_its_words(
    unlocked: Household, sam: PartnerInfo
) -> None:
    entry = unlocked.entries.add(private_note(sam, "First thoughts"))

    edited = unlocked.entries.edit(
        entry.id, replace(draft_of(entry), body="Second thoughts"), entry.version
    )

    assert (edited.body, edited.private_to) == ("Second thoughts", sam.id)
    unlocked.privacy.lock(sam.id)
    assert unlocked.entries.get(entry.id).body == ""
    unlocked.privacy.unlock(sam.id, SECRET)

    assert unlocked.history.undo() == "edit note"
    assert unlocked.entries.get(entry.id).body == "First thoughts"
    assert unlocked.entries.get(entry.id).private_to == sam.id
    assert unlocked.history.redo() == "edit note"
    assert unlocked.entries.get(entry.id).body == "Second thoughts"
    assert ids(found(unlocked, "second")) == [entry.id]
    assert found(unlocked, "first") == []


def test_turning_a_private_entry_shared_puts_its_words_in_the_row(
    unlocked: Household, sam: PartnerInfo
) -> None:
    entry = unlocked.entries.add(private_note(sam, "Lighthouse dreams again"))

    shared = unlocked.entries.edit(entry.id, replace(draft_of(entry), private=False), entry.version)
    unlocked.privacy.lock(sam.id)

    assert shared.private_to is None
    assert unlocked.entries.get(entry.id).body == "Lighthouse dreams again"
    assert ids(found(unlocked, "lighthouse")) == [entry.id]

    unlocked.privacy.unlock(sam.id, SECRET)
    unlocked.history.undo()
    unlocked.privacy.lock(sam.id)
    assert unlocked.entries.get(entry.id).body == ""
    assert found(unlocked, "lighthouse") == []


# -- search -----------------------------------------------------------------------------------


def test_search_finds_a_private_entry_by_a_prefix_and_without_its_accents(
    unlocked: Household, sam: PartnerInfo
) -> None:
    entry = unlocked.entries.add(private_note(sam, "Le café près de la rivière"))

    for query in ("cafe", "CAFÉ", "riv", "pres de", "café riviere"):
        assert ids(found(unlocked, query)) == [entry.id], query
    assert found(unlocked, "cafes") == []
    assert found(unlocked, "cafe", trash=True) == []


def test_private_and_shared_matches_page_newest_first_each_once(
    unlocked: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    written = []
    for number in range(12):
        private = number % 5 in (1, 3)  # five private, seven shared, interleaved
        text = f"Picnic number {number}"
        draft = private_note(sam, text) if private else Draft.note(sam.id, text, alex.id)
        written.append(unlocked.entries.add(draft))
        unlocked.entries.add(Draft.note(alex.id, f"Nothing to find {number}", sam.id))
        clock.advance(timedelta(hours=1))
    assert sum(each.private_to is not None for each in written) == 5

    seen: list[EntryRecord] = []
    page = unlocked.entries.page(TimelineFilter(text="picnic"), None, 3)
    pages = 1
    while True:
        assert len(page.rows) <= 3
        seen.extend(page.rows)
        if page.next_cursor is None:
            break
        page = unlocked.entries.page(TimelineFilter(text="picnic"), page.next_cursor, 3)
        pages += 1

    assert ids(seen) == ids(reversed(written))
    assert pages == 4
    assert [row.body for row in seen][:2] == ["Picnic number 11", "Picnic number 10"]


def test_the_search_follows_a_private_entry_added_and_one_trashed_after_unlocking(
    unlocked: Household, sam: PartnerInfo
) -> None:
    gone = unlocked.entries.add(private_note(sam, "Lighthouse in the fog"))
    unlocked.privacy.lock(sam.id)
    unlocked.privacy.unlock(sam.id, SECRET)
    assert ids(found(unlocked, "lighthouse")) == [gone.id]

    new = unlocked.entries.add(private_note(sam, "Lighthouse at dawn"))
    unlocked.entries.delete(gone.id)

    assert ids(found(unlocked, "lighthouse")) == [new.id]
    assert ids(found(unlocked, "lighthouse", trash=True)) == [gone.id]
    unlocked.entries.restore(gone.id)
    assert set(ids(found(unlocked, "lighthouse"))) == {gone.id, new.id}


def test_emptying_the_trash_removes_a_private_entry_for_good(
    unlocked: Household, sam: PartnerInfo
) -> None:
    entry = unlocked.entries.add(private_note(sam, "Lighthouse in the fog"))
    unlocked.entries.delete(entry.id)

    assert unlocked.entries.delete_forever(None) == 1

    assert unlocked.entries.count_in_trash() == 0
    assert found(unlocked, "lighthouse", trash=True) == []


def test_a_private_entry_trashed_in_another_window_is_not_found_here(
    unlocked: Household, sam: PartnerInfo, clock: FakeClock, data_dir: Path
) -> None:
    entry = unlocked.entries.add(private_note(sam, "Lighthouse in the fog"))
    assert ids(found(unlocked, "lighthouse")) == [entry.id]
    other = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    try:
        other.privacy.unlock(sam.id, SECRET)
        other.entries.delete(entry.id)
    finally:
        other.close()

    assert unlocked.entries.page(EVERYTHING).rows == []
    assert found(unlocked, "lighthouse") == []


def test_the_count_of_a_search_includes_the_unlocked_partners_private_matches(
    unlocked: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    unlocked.entries.add(private_note(sam, "Lighthouse dreams again"))
    unlocked.entries.add(Draft.note(sam.id, "Lighthouse tour on Sunday?", alex.id))

    flt = TimelineFilter(text="lighthouse")

    assert len(unlocked.entries.page(flt).rows) == 2
    assert unlocked.entries.count_found(flt) == {EntryKind.NOTE: 2}


# -- sealed notes -----------------------------------------------------------------------------
