"""The keep mark: a note marked "Keep for Our year", one versioned write and one undo step;
refused in words when stale or when the database refuses; carried by the archive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import (
    Area,
    Change,
    ConflictError,
    Draft,
    EntryRecord,
    Household,
    NotFoundError,
    PartnerInfo,
    draft_of,
)
from closeness_desktop.household.archive_json import SCHEMA_VERSION, from_json
from closeness_desktop.household.archive_writer import entry_json
from closeness_desktop.records import SaveError
from tests.unit.transfer_archives import document, note_json
from tests.write_failures import database_file, short_busy_timeout, write_lock_held


@pytest.fixture
def changes(household: Household) -> list[Change]:
    seen: list[Change] = []
    household.changed.connect(seen.append)
    return seen


@pytest.fixture
def note(household: Household, sam: PartnerInfo, alex: PartnerInfo) -> EntryRecord:
    return household.entries.add(Draft.note(sam.id, "You make Mondays bearable.", alex.id))


def test_keeping_a_note_marks_it_in_one_versioned_write_and_one_change(
    household: Household, note: EntryRecord, changes: list[Change]
) -> None:
    origin = object()

    kept = household.entries.keep(note.id, True, note.version, origin=origin)

    assert not note.kept
    assert kept.kept
    assert kept.version == note.version + 1
    assert household.entries.get(note.id) == kept
    assert changes == [Change(frozenset({Area.ENTRIES}), origin, frozenset({note.id}))]
    assert household.history.undo_text() == "keep this note for Our year"


def test_undo_takes_the_mark_off_and_redo_puts_it_back(
    household: Household, note: EntryRecord, changes: list[Change]
) -> None:
    household.entries.keep(note.id, True, note.version)

    assert household.history.undo() == "keep this note for Our year"
    assert not household.entries.get(note.id).kept
    assert household.history.redo() == "keep this note for Our year"
    assert household.entries.get(note.id).kept

    current = household.entries.get(note.id)
    household.entries.keep(note.id, False, current.version)
    assert household.history.undo_text() == "take this note out of Our year"
    assert not household.entries.get(note.id).kept
    household.history.undo()
    assert household.entries.get(note.id).kept
    assert all(change.entry_ids == {note.id} for change in changes)


def test_a_stale_version_is_refused_and_nothing_changes(
    household: Household, note: EntryRecord, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    edited = household.entries.edit(note.id, Draft.note(sam.id, "Mondays!", alex.id), note.version)

    with pytest.raises(ConflictError, match="changed elsewhere since the timeline") as refused:
        household.entries.keep(note.id, True, note.version)

    assert refused.value.current == edited
    assert household.entries.get(note.id) == edited
    assert household.history.undo_text() == "edit note"


def test_keeping_what_is_already_kept_writes_nothing(
    household: Household, note: EntryRecord, changes: list[Change]
) -> None:
    kept = household.entries.keep(note.id, True, note.version)
    changes.clear()

    again = household.entries.keep(note.id, True, kept.version)

    assert again == kept
    assert changes == []
    assert household.history.undo_text() == "keep this note for Our year"


def test_any_kind_may_be_marked(household: Household, sam: PartnerInfo, clock: FakeClock) -> None:
    memory = household.entries.add(
        Draft.memory(sam.id, "First snow", clock.now().date(), clock.local_zone())
    )

    kept = household.entries.keep(memory.id, True, memory.version)

    assert kept.kept
    assert household.history.undo_text() == "keep this memory for Our year"


def test_an_entry_that_is_gone_is_not_found(household: Household, note: EntryRecord) -> None:
    import uuid

    with pytest.raises(NotFoundError):
        household.entries.keep(uuid.uuid4(), True, 1)


def test_editing_a_kept_note_keeps_its_mark(
    household: Household, note: EntryRecord, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    kept = household.entries.keep(note.id, True, note.version)

    edited = household.entries.edit(note.id, Draft.note(sam.id, "Tuesdays too.", alex.id), 2)
    household.history.undo()  # the edit's undo writes the old words, not the old mark

    assert edited.kept
    assert household.entries.get(note.id).kept
    assert draft_of(kept) == draft_of(household.entries.get(note.id))


def test_a_refused_write_is_a_save_error_and_marks_nothing(
    household: Household, note: EntryRecord
) -> None:
    with (
        short_busy_timeout(household),
        write_lock_held(database_file(household)),
        pytest.raises(SaveError, match="another window or account is writing"),
    ):
        household.entries.keep(note.id, True, note.version)

    assert household.entries.get(note.id) == note
    assert household.history.undo_text() == "add note"


# -- two windows on one file --------------------------------------------------------------------


@pytest.fixture
def other_window(household: Household, data_dir: Path, clock: FakeClock) -> Iterator[Household]:
    """The other partner's window: a household of its own on the same file."""
    other = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    yield other
    other.close()


def test_undo_over_the_others_later_mark_asks_first(
    household: Household, other_window: Household, note: EntryRecord
) -> None:
    assert other_window.entries.get(note.id) == note  # the same file
    kept = household.entries.keep(note.id, True, note.version)
    other_window.entries.keep(note.id, False, kept.version)

    with pytest.raises(ConflictError, match="changed since"):
        household.history.undo()

    assert not household.entries.get(note.id).kept  # the other's word stands
    household.history.undo(force=True)
    assert not household.entries.get(note.id).kept


def test_a_mark_from_a_stale_window_is_refused(
    household: Household, other_window: Household, note: EntryRecord
) -> None:
    household.entries.keep(note.id, True, note.version)

    with pytest.raises(ConflictError) as refused:
        other_window.entries.keep(note.id, False, note.version)

    assert isinstance(refused.value.current, EntryRecord)
    assert refused.value.current.kept
    assert household.entries.get(note.id).kept


# -- the archive --------------------------------------------------------------------------------


def test_the_archive_carries_the_mark_and_reads_version_1_as_unmarked() -> None:
    version_2 = from_json(
        document(schema_version=2, entries=[note_json(kept=True), note_json(kept=False)])
    )
    version_1 = from_json(document(entries=[note_json()]))

    assert SCHEMA_VERSION >= 2  # 3 carries the mark as 2 did
    assert [entry.kept for entry in version_2.entries] == [True, False]
    assert [entry_json(entry)["kept"] for entry in version_2.entries] == [True, False]
    assert [entry.kept for entry in version_1.entries] == [False]
