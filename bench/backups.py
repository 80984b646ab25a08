"""What the safety net costs on a seeded household: the check at every open, the full check
after an unclean exit, a backup (the copy, its integrity_check, thinning), finding the
newest good backup, and restoring one.

    python -m bench.backups --data-dir DIR [--runs N]

The household is copied into a temporary folder first, so DIR is never written to.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import (
    BenchError,
    Summary,
    add_household_argument,
    database_file,
    ms,
    positive_int,
    run_main,
    table,
)
from closeness_desktop.store import backups, health, restore


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.backups", description=__doc__)
    add_household_argument(parser)
    parser.add_argument("--runs", type=positive_int, default=5, metavar="N")
    return parser


def _timed(step: Callable[[], object], runs: int) -> Summary:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        timings.append(time.perf_counter() - start)
    return Summary.of(timings)


def run(args: argparse.Namespace) -> str:
    source = database_file(args.data_dir)
    if not source.is_file():
        raise BenchError(f"no household in {args.data_dir} (make one with python -m bench.seed)")
    with tempfile.TemporaryDirectory(prefix="bench-backups-") as scratch:
        database = Path(scratch) / source.name
        shutil.copyfile(source, database)
        moments = iter(datetime(2030, 1, 1, tzinfo=UTC) + timedelta(minutes=n) for n in range(999))
        made = backups.make_backup(database, next(moments))
        steps: Sequence[tuple[str, Callable[[], object]]] = (
            ("check at every open (header, -wal, quick_check)", lambda: health.problem(database)),
            (
                "full check after an unclean exit (integrity_check)",
                lambda: health.problem(database, thorough=True),
            ),
            (
                "backup: copy, integrity_check, thin",
                lambda: backups.make_backup(database, next(moments)),
            ),
            ("newest good backup (quick_check of it)", lambda: backups.newest_good(database)),
            ("list the backups", lambda: backups.list_backups(database)),
            (
                "restore: check it, set aside, copy in",
                lambda: restore.restore(made.path, database, next(moments)),
            ),
        )
        rows = []
        for name, step in steps:
            summary = _timed(step, args.runs)
            rows.append([name, ms(summary.median), ms(summary.low), ms(summary.high)])
    size = f"{source.stat().st_size / 1e6:.1f} MB, {made.entries:,} entries"
    header = ["step (" + size + ")", "median ms", "min", "max"]
    return table(header, rows)


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("backups", build_parser(), run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
