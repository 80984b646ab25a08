"""An archive import written in batches (issue 8): another writer gets its turn between
two batches, and it stays all or nothing for the person, one undo step, merged by UUID."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

import pytest

from closeness_desktop.household import Change, ConflictError, Draft, Household, batched_writes
from closeness_desktop.household import transfer as transfer_module
from closeness_desktop.household.transfer import ArchiveIncomplete, Cancelled
from closeness_desktop.records import EntryRecord, SaveError, TimelineFilter
from tests.unit.transfer_archives import (
    Households,
    archive_of,
    content,
    document,
    note_json,
)
from tests.write_failures import LONG_NOTE, disk_full, short_busy_timeout

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transfer_module, "BATCH", 2)
    monkeypatch.setattr(transfer_module, "UNDO_BATCH", 2)
    monkeypatch.setattr(batched_writes, "PAUSE", 0.0)


def bodies(household: Household) -> list[str]:
    return sorted(row.body for row in household.entries.page(TimelineFilter()).rows)


def test_a_note_from_another_account_is_saved_between_two_batches(
    archive: Path, made: Households
) -> None:
    """In one transaction the note waited for the whole import and failed with "the
    household is busy" after the busy timeout."""
    target = made.new()
    sam = target.partners.setup(["Sam", "Alex"])[0]
    elsewhere = made.again(target)
    saved: list[EntryRecord] = []

    def write_meanwhile(done: int, total: int) -> bool:
        if not saved:
            with short_busy_timeout(elsewhere):
                saved.append(elsewhere.entries.add(Draft.note(sam.id, "Back at six")))
        return True

    report = target.transfer.import_from(archive, progress=write_meanwhile)

    assert report.entries_added == 7
    assert "Back at six" in bodies(target)
    assert target.entries.count() == 6 + 1  # one of the seven is in the trash
    target.history.undo()
    assert bodies(target) == ["Back at six"]  # the import went, the note stayed


def test_every_batch_is_reported_and_one_undo_step_takes_all_of_them_back(
    source: Household, archive: Path, made: Households
) -> None:
    target = made.new()
    heard: list[tuple[int, int]] = []
    changes: list[Change] = []
    target.changed.connect(changes.append)

    def hear(done: int, total: int) -> bool:
        heard.append((done, total))
        return True

    target.transfer.import_from(archive, progress=hear)

    assert heard == [(2, 7), (4, 7), (6, 7), (7, 7)]
    assert len(changes) == 1
    assert content(target) == content(source)
    assert target.history.undo() == "import 7 entries"
    assert target.entries.count() == 0
    assert target.history.redo() == "import 7 entries"
    assert content(target).entries.keys() == content(source).entries.keys()


def test_undo_and_redo_of_an_import_leave_the_lock_free_between_batches(
    archive: Path, made: Households, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = made.new()
    target.transfer.import_from(archive)
    elsewhere = made.again(target)
    sam = elsewhere.partners.named("Sam")
    real_pause, saved = batched_writes.pause, list[EntryRecord]()

    def write_meanwhile() -> None:
        with short_busy_timeout(elsewhere):
            saved.append(elsewhere.entries.add(Draft.note(sam.id, f"Note {len(saved)}")))
        real_pause()

    monkeypatch.setattr(batched_writes, "pause", write_meanwhile)
    target.history.undo()
    after_undo = len(saved)
    target.history.redo()

    assert after_undo >= 2  # 6 entries, an idea, 2 marks and the settings: 5 batches
    assert len(saved) > after_undo
    assert target.entries.count() == 6 + len(saved)


def test_cancelling_part_way_takes_every_batch_back(archive: Path, made: Households) -> None:
    target = made.new()
    heard: list[int] = []
    changes: list[Change] = []
    target.changed.connect(changes.append)

    def stop_after_two_batches(done: int, total: int) -> bool:
        heard.append(done)
        return done < 4

    with pytest.raises(Cancelled):
        target.transfer.import_from(archive, progress=stop_after_two_batches)

    assert heard == [2, 4]  # two batches were written, then taken back
    assert content(target) == content(made.new())  # no partners, entries, ideas or settings
    assert (changes, target.history.undo_text()) == ([], None)


def test_a_full_disk_part_way_takes_the_batches_back_and_says_so(
    made: Households, tmp_path: Path
) -> None:
    path = tmp_path / "long.zip"
    notes = [note_json(body=f"Short {n}") for n in range(4)]
    notes += [note_json(body=LONG_NOTE) for _ in range(4)]
    path.write_bytes(archive_of(document(entries=notes)))
    target = made.new()
    full = ExitStack()

    def fill_the_disk(done: int, total: int) -> bool:
        if done == 4:  # the short notes are in; the long ones need new pages
            full.enter_context(disk_full(target))
        return True

    with full, pytest.raises(SaveError, match="the disk is full"):
        target.transfer.import_from(path, progress=fill_the_disk)

    assert content(target) == content(made.new())
    assert target.history.undo_text() is None


def test_what_another_account_changed_meanwhile_is_kept_and_can_be_undone(
    archive: Path, made: Households
) -> None:
    target = made.new()
    target.partners.setup(["Sam", "Alex"])
    elsewhere = made.again(target)

    def edit_then_cancel(done: int, total: int) -> bool:
        if done == 2:  # another window edits a note of the first batch, then Cancel
            note = elsewhere.entries.page(TimelineFilter()).rows[0]
            elsewhere.entries.edit(note.id, Draft.note(note.author_id, "Edited"), note.version)
        return done < 4

    with pytest.raises(ArchiveIncomplete, match=r"could not be taken back\. Undo takes them"):
        target.transfer.import_from(archive, progress=edit_then_cancel)

    assert "Edited" in bodies(target)  # nothing another account wrote was lost
    assert target.history.undo_text() is not None  # what stayed is one undo step
    with pytest.raises(ConflictError):
        target.history.undo()
    target.history.undo(force=True)
    assert target.entries.count() == 0


def test_importing_again_adds_nothing(archive: Path, made: Households) -> None:
    target = made.new()
    target.transfer.import_from(archive)
    before, step = content(target), target.history.undo_text()

    report = target.transfer.import_from(archive)

    assert (report.added, report.already_here) == (0, 10)
    assert (content(target), target.history.undo_text()) == (before, step)


_KILLED = """
import os, sys
from closeness_desktop.clock import SystemClock
from closeness_desktop.household import Household, batched_writes
from closeness_desktop.household import transfer
transfer.BATCH, batched_writes.PAUSE = 2, 0.0
household = Household.open(sys.argv[1], SystemClock())
archive = household.transfer.read(sys.argv[2])
household.transfer.write(archive, progress=lambda done, total: done < 4 or os._exit(9))
"""


def test_a_process_killed_between_batches_keeps_them_and_importing_again_finishes(
    source: Household, archive: Path, made: Households
) -> None:
    target = made.new()
    url = str(target.database.engine.url)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED, url, str(archive)], cwd=ROOT, env=env, check=False
    )
    assert killed.returncode == 9
    kept = content(target)
    assert len(kept.entries) == 4  # two whole batches, no more
    assert kept.partners == content(source).partners

    report = target.transfer.import_from(archive)

    assert report.entries_added == 3
    assert content(target) == content(source)
