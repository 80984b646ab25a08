"""A calendar import written in batches (issue 8): other writers get their turn, and it
stays all or nothing for the person, one undo step, with undo checked before it writes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bench.ics_import import many_events
from closeness_desktop.calendar_files import read_calendar
from closeness_desktop.clock import FakeClock
from closeness_desktop.household import ConflictError, Draft, Household, PartnerInfo, batched_writes
from closeness_desktop.household.batched_writes import ImportCancelled
from closeness_desktop.records import EntryRecord

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batched_writes, "BATCH_SIZE", 3)
    monkeypatch.setattr(batched_writes, "PAUSE", 0.0)


def titles(household: Household) -> list[str]:
    return sorted(record.plan.title for record in household.plans.all())


@pytest.mark.usefixtures("small_batches")
def test_an_import_is_written_in_batches_and_undone_as_one_step(
    household: Household, sam: PartnerInfo
) -> None:
    preview = read_calendar(household, many_events(10))
    heard: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        heard.append((done, total))
        return True

    assert household.plans.import_calendar(preview, sam.id, progress=progress) == 10
    assert heard == [(3, 10), (6, 10), (9, 10), (10, 10)]
    assert household.history.undo_text() == "import 10 date nights"
    household.history.undo()
    assert titles(household) == []
    household.history.redo()
    assert len(titles(household)) == 10


@pytest.mark.usefixtures("small_batches")
def test_a_batch_that_fails_takes_back_the_batches_before_it(
    household: Household, sam: PartnerInfo
) -> None:
    first = read_calendar(household, many_events(2))
    household.plans.import_calendar(first, sam.id)
    before = titles(household)
    undo_before = household.history.undo_text()
    # The file again, with new titles for the two plans and eight more.
    preview = read_calendar(household, many_events(10))
    preview = replace(
        preview,
        updated_plans=tuple(replace(plan, title="Changed") for plan in preview.updated_plans),
    )

    def progress(done: int, total: int) -> bool:
        if done > 3:
            raise OSError("the disk went away")
        return True

    with pytest.raises(OSError, match="went away"):
        household.plans.import_calendar(preview, sam.id, progress=progress)
    assert titles(household) == before  # the two changed back, the new ones gone
    assert household.history.undo_text() == undo_before


@pytest.mark.usefixtures("small_batches")
def test_cancelling_part_way_keeps_nothing(household: Household, sam: PartnerInfo) -> None:
    preview = read_calendar(household, many_events(10))
    with pytest.raises(ImportCancelled):
        household.plans.import_calendar(preview, sam.id, progress=lambda done, total: done < 6)
    assert titles(household) == []
    assert household.history.undo_text() is None


@pytest.mark.usefixtures("small_batches")
def test_undo_checks_every_plan_before_it_takes_any_back(
    household: Household, sam: PartnerInfo, data_dir: Path, clock: FakeClock
) -> None:
    preview = read_calendar(household, many_events(7))
    household.plans.import_calendar(preview, sam.id)
    other = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    try:
        last = other.plans.get("bench-6@closeness.example")
        changed = replace(last.plan, title="Changed on the other account")
        other.plans.save(changed, sam.id, last.version)
    finally:
        other.close()
    with pytest.raises(ConflictError):
        household.history.undo()
    assert len(titles(household)) == 7  # nothing was taken back
    household.history.undo(force=True)
    assert titles(household) == []


_IMPORTER = """
import sys
from bench.ics_import import import_file
import_file(sys.argv[1], sys.argv[2], report=True)
"""


def test_a_note_from_another_process_is_saved_while_30000_events_import(
    household: Household, sam: PartnerInfo, data_dir: Path, tmp_path: Path
) -> None:
    """In one transaction the import held the lock for 29 s, and the note failed with
    "database is locked" after the 5 s busy timeout."""
    ics = tmp_path / "big.ics"
    ics.write_bytes(many_events(30_000))
    saved: list[EntryRecord] = []
    with subprocess.Popen(
        [sys.executable, "-c", _IMPORTER, str(data_dir), str(ics)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().startswith("wrote ")  # the import is under way
        while child.poll() is None:
            # Notes all along: many land while a batch holds the lock, and wait for it.
            saved.append(household.entries.add(Draft.note(sam.id, f"Note {len(saved)}")))
            time.sleep(0.2)
        child.stdout.read()
    assert child.returncode == 0
    assert len(saved) > 10
    assert len(household.plans.uids()) == 30_000
