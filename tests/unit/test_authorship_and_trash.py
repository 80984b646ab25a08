"""Whose words are whose (only the author changes or deletes an entry), and the trash
emptied for good: rows, plan details and search words gone, one change, no undo."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import timedelta

import pytest

from closeness_desktop.household import (
    Area,
    Change,
    Draft,
    Household,
    NotFoundError,
    PartnerInfo,
    TimelineFilter,
    ValidationError,
)

# -- authorship -----------------------------------------------------------------------------


def test_the_household_refuses_an_edit_of_the_others_words(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    note = household.entries.add(Draft.note(sam.id, "Soup is in the fridge", alex.id))

    with pytest.raises(ValidationError, match="Only Sam can change Sam's words"):
        household.entries.edit(
            note.id, Draft.note(sam.id, "Pizza tonight", alex.id), note.version, by=alex.id
        )

    assert household.entries.get(note.id).body == "Soup is in the fridge"
    assert household.history.undo_text() == "add note"


def test_the_household_refuses_a_delete_of_the_others_words(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    memory = household.entries.add(
        Draft.memory(alex.id, "Snow", household.clock.now().date(), household.clock.local_zone())
    )

    with pytest.raises(ValidationError, match="Only Alex can change Alex's words"):
        household.entries.delete(memory.id, by=sam.id)

    assert household.entries.get(memory.id).deleted_at is None


def test_the_author_edits_and_deletes_their_own_words(
    household: Household, sam: PartnerInfo
) -> None:
    note = household.entries.add(Draft.note(sam.id, "First"))

    edited = household.entries.edit(note.id, Draft.note(sam.id, "Second"), note.version, by=sam.id)
    household.entries.delete(note.id, by=sam.id)

    assert edited.body == "Second"
    assert household.entries.get(note.id).deleted_at is not None


def test_from_never_changes_after_writing(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    note = household.entries.add(Draft.note(sam.id, "Mine"))

    with pytest.raises(ValidationError, match="keeps its author"):
        household.entries.edit(note.id, Draft.note(alex.id, "Now yours"), note.version)

    assert household.entries.get(note.id).author_id == sam.id


def test_a_date_night_belongs_to_both(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    when = household.clock.now() + timedelta(days=2)
    plan = household.entries.add(Draft.plan(sam.id, "Dinner by the river", when))

    household.entries.delete(plan.id, by=alex.id)

    assert household.entries.get(plan.id).deleted_at is not None


# -- delete forever -------------------------------------------------------------------------


def raw(household: Household, query: str, *args: str) -> list[tuple[object, ...]]:
    """Ask the household's file directly, past every layer."""
    url = household.database.engine.url
    with sqlite3.connect(str(url.database)) as connection:
        return list(connection.execute(query, args))


def search_index_rows(household: Household, word: str) -> list[tuple[object, ...]]:
    """What the FTS5 index itself still holds for ``word`` (not joined to the entries)."""
    return raw(household, "SELECT rowid FROM entry_search WHERE entry_search MATCH ?", word)


@pytest.fixture
def changes(household: Household) -> list[Change]:
    seen: list[Change] = []
    household.changed.connect(seen.append)
    return seen


def test_delete_forever_removes_the_entry_and_its_search_words(
    household: Household, sam: PartnerInfo, changes: list[Change]
) -> None:
    gone = household.entries.add(Draft.note(sam.id, "The lighthouse at dawn"))
    kept = household.entries.add(Draft.note(sam.id, "Another lighthouse, kept in the trash"))
    household.entries.delete(gone.id)
    household.entries.delete(kept.id)
    assert len(search_index_rows(household, "lighthouse")) == 2
    changes.clear()

    assert household.entries.delete_forever([gone.id], origin="trash") == 1

    with pytest.raises(NotFoundError):
        household.entries.get(gone.id)
    assert len(search_index_rows(household, "dawn")) == 0
    assert len(search_index_rows(household, "lighthouse")) == 1
    trash = household.entries.page(TimelineFilter(trash=True)).rows
    assert [row.id for row in trash] == [kept.id]
    (change,) = changes
    assert change.areas == frozenset({Area.ENTRIES})
    assert change.origin == "trash"
    assert change.entry_ids == frozenset({gone.id})


def test_empty_trash_leaves_the_timeline_alone_and_cannot_be_undone(
    household: Household, sam: PartnerInfo, changes: list[Change]
) -> None:
    live = household.entries.add(Draft.note(sam.id, "Still here"))
    when = household.clock.now() + timedelta(days=3)
    plan = household.entries.add(Draft.plan(sam.id, "Picnic", when))
    notes = [household.entries.add(Draft.note(sam.id, f"Old note {n}")) for n in range(3)]
    for record in (plan, *notes):
        household.entries.delete(record.id)
    assert household.history.undo_text() == "delete note"
    changes.clear()

    assert household.entries.delete_forever(None) == 4

    assert household.entries.page(TimelineFilter(trash=True)).rows == []
    assert [row.id for row in household.entries.page(TimelineFilter()).rows] == [live.id]
    assert raw(household, "SELECT count(*) FROM date_plans") == [(0,)]
    (change,) = changes  # one change for the whole trash
    assert change.areas == frozenset({Area.ENTRIES, Area.PLANS})
    # The steps that moved them to the trash are gone with them: the last one left is "add".
    assert household.history.undo_text() == "add note"
    household.history.undo()
    assert household.entries.page(TimelineFilter()).rows == []


def test_delete_forever_leaves_an_entry_that_is_no_longer_in_the_trash(
    household: Household, sam: PartnerInfo, changes: list[Change]
) -> None:
    note = household.entries.add(Draft.note(sam.id, "Restored elsewhere"))
    changes.clear()

    assert household.entries.delete_forever([note.id, uuid.uuid4()]) == 0

    assert household.entries.get(note.id).deleted_at is None
    assert changes == []
