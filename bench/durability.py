"""What a durable commit costs: notes written through the household with SQLite's
``synchronous=NORMAL`` and ``synchronous=FULL``, in WAL mode, on the disk of ``--dir``.

    python -m bench.durability [--notes 300] [--rounds 3] [--dir DIR]

In WAL mode NORMAL syncs the log only at a checkpoint, so a commit that returned can be
lost in a power cut (never in a crash of the process); FULL syncs the log at every commit.
Each round writes ``--notes`` notes into a fresh household per setting, the settings in
turn, and times each ``household.entries.add`` (validation, one transaction, the FTS5
triggers, the undo step). The table gives the per-write figures over all rounds.
"""

from __future__ import annotations

import argparse
import getpass
import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.common import BenchError, ms, positive_int, run_main, table
from closeness_desktop.clock import SystemClock
from closeness_desktop.household import Draft, Household

SETTINGS = ("NORMAL", "FULL")
#: What ``PRAGMA synchronous`` answers for each setting.
ANSWERS = {"NORMAL": 1, "FULL": 2}


def _write_notes(folder: Path, setting: str, notes: int) -> list[float]:
    """Seconds per ``entries.add`` for ``notes`` notes into a new household in ``folder``."""
    household = Household.open(f"sqlite:///{folder / 'closeness.sqlite3'}", SystemClock())
    try:
        engine = household.database.engine

        def choose(dbapi_connection: Any, _record: Any) -> None:
            # Registered after the store's own pragmas, so this one wins.
            dbapi_connection.execute(f"PRAGMA synchronous={setting}")

        event.listen(engine, "connect", choose)
        engine.dispose()
        with engine.connect() as connection:
            answer = connection.exec_driver_sql("PRAGMA synchronous").scalar()
        if answer != ANSWERS[setting]:
            raise BenchError(f"asked for synchronous={setting}, SQLite says {answer}")
        sam, alex = household.partners.setup(["Sam", "Alex"], os_account=getpass.getuser())
        text = "You make the ordinary days feel like something worth writing down. " * 3
        timings = []
        for number in range(notes):
            started = time.perf_counter()
            household.entries.add(Draft.note(sam.id, f"{number}: {text}", alex.id))
            timings.append(time.perf_counter() - started)
        return timings
    finally:
        household.close()


def _row(setting: str, timings: Sequence[float]) -> list[str]:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return [
        setting,
        str(len(timings)),
        ms(statistics.mean(timings)),
        ms(statistics.median(timings)),
        ms(p95),
        ms(ordered[-1]),
        f"{1 / statistics.mean(timings):.0f}",
    ]


def run(args: argparse.Namespace) -> str:
    base = args.dir or Path(tempfile.gettempdir())
    if not base.is_dir():
        raise BenchError(f"{base} is not a folder")
    timings: dict[str, list[float]] = {setting: [] for setting in SETTINGS}
    with tempfile.TemporaryDirectory(prefix="closeness-durability-", dir=base) as scratch:
        for round_number in range(args.rounds):
            # Alternate which setting goes first, so neither always meets a warm disk.
            order = SETTINGS if round_number % 2 == 0 else SETTINGS[::-1]
            for setting in order:
                folder = Path(scratch, f"{setting.lower()}-{round_number}")
                folder.mkdir()
                timings[setting] += _write_notes(folder, setting, args.notes)
    device = os.stat(base).st_dev
    header = ["synchronous", "writes", "mean ms", "median ms", "p95 ms", "max ms", "writes/s"]
    rows = [_row(setting, timings[setting]) for setting in SETTINGS]
    extra = statistics.mean(timings["FULL"]) - statistics.mean(timings["NORMAL"])
    return "\n".join(
        [
            f"{args.notes} notes x {args.rounds} rounds per setting, in {base}"
            f" (device {os.major(device)}:{os.minor(device)})",
            "",
            table(header, rows),
            "",
            f"FULL costs {ms(extra)} ms more per write on average.",
        ]
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench.durability", description=__doc__)
    parser.add_argument("--notes", type=positive_int, default=300, metavar="N")
    parser.add_argument("--rounds", type=positive_int, default=3, metavar="N")
    parser.add_argument(
        "--dir", type=Path, metavar="DIR", help="where the households go (default: the temp dir)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("durability", build_parser(), run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
