"""Time an export of everything and its import into a new household.

    python -m bench.seed --entries 100000 --data-dir DIR
    python -m bench.transfer --data-dir DIR [--runs N]

Each run exports DIR's household to a fresh archive, reads and checks that archive (what
an import does before it writes), writes it into a new, empty household in batches,
settles it (the undo step and the change), undoes and redoes it (in batches too), then
imports the same archive again (which adds nothing). DIR itself is only read.

The write lock: every transaction that wrote is timed from its BEGIN to its COMMIT (an
upper bound of how long it held SQLite's write lock); the longest of the import's and of
the undo's is reported, with how many there were.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, event

from bench.common import (
    BenchError,
    Summary,
    add_household_argument,
    database_file,
    database_url,
    ms,
    positive_int,
    run_main,
    table,
)
from closeness_desktop.clock import SystemClock
from closeness_desktop.household import Household

T = TypeVar("T")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.transfer", description=__doc__)
    add_household_argument(parser)
    parser.add_argument("--runs", type=positive_int, default=3, metavar="N")
    return parser


def _timed(work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    found = work()
    return found, time.perf_counter() - start


class LockTimer:
    """The time each writing transaction of ``engine`` took, from BEGIN to COMMIT."""

    def __init__(self, engine: Engine) -> None:
        self.held: list[float] = []
        self._begun: dict[int, float] = {}
        self._wrote: set[int] = set()
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._end)
        event.listen(engine, "rollback", self._end)

    def _begin(self, connection: object) -> None:
        self._begun[id(connection)] = time.perf_counter()

    def _statement(self, connection: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            self._wrote.add(id(connection))

    def _end(self, connection: object) -> None:
        begun = self._begun.pop(id(connection), None)
        if begun is not None and id(connection) in self._wrote:
            self.held.append(time.perf_counter() - begun)
        self._wrote.discard(id(connection))

    def take(self) -> list[float]:
        held, self.held = self.held, []
        return held


def _one_run(
    source: Household, folder: Path, steps: dict[str, list[float]]
) -> tuple[int, int, int]:
    """Time each step once into ``steps``; the entries, the archive's and the JSON's bytes."""
    path = folder / "archive.zip"
    report, took = _timed(lambda: source.transfer.export_to(path))
    steps.setdefault("export", []).append(took)
    with zipfile.ZipFile(path) as archive:
        json_bytes = archive.getinfo("closeness.json").file_size
    target = Household.open(f"sqlite:///{folder}/new.sqlite3", SystemClock())
    try:
        locks = LockTimer(target.database.engine)
        parsed, took = _timed(lambda: target.transfer.read(path))
        steps.setdefault("read and check", []).append(took)
        written, took = _timed(lambda: target.transfer.write(parsed))
        steps.setdefault("write (in batches)", []).append(took)
        held = locks.take()
        steps.setdefault(f"longest write lock of the import ({len(held)} batches)", []).append(
            max(held)
        )
        _report, took = _timed(lambda: target.transfer.settle(written))
        steps.setdefault("settle (undo step, change)", []).append(took)
        _undone, took = _timed(target.history.undo)
        steps.setdefault("undo (in batches)", []).append(took)
        held = locks.take()
        steps.setdefault(f"longest write lock of the undo ({len(held)} batches)", []).append(
            max(held)
        )
        _redone, took = _timed(target.history.redo)
        steps.setdefault("redo (in batches)", []).append(took)
        locks.take()
        again, took = _timed(lambda: target.transfer.import_from(path))
        steps.setdefault("import again (adds nothing)", []).append(took)
    finally:
        target.close()
    if again.added:
        raise BenchError("the second import added something")
    return report.entries, path.stat().st_size, json_bytes


def run(args: argparse.Namespace) -> str:
    if not database_file(args.data_dir).exists():
        raise BenchError(f"no household in {args.data_dir}; make one with python -m bench.seed")
    source = Household.open(database_url(args.data_dir), SystemClock())
    steps: dict[str, list[float]] = {}
    try:
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as folder:
                entries, archive_bytes, json_bytes = _one_run(source, Path(folder), steps)
    finally:
        source.close()
    rows = []
    for step, timings in steps.items():
        summary = Summary.of(timings)
        rows.append([step, ms(summary.median), ms(summary.low), ms(summary.high)])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    return "\n".join(
        [
            f"{entries:,} entries; archive {archive_bytes / 2**20:.1f} MiB,"
            f" closeness.json {json_bytes / 2**20:.1f} MiB; peak memory {peak:,} MiB;"
            f" {args.runs} runs",
            "",
            table(["step", "median ms", "fastest", "slowest"], rows),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("transfer", build_parser(), run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
