"""Killed mid-write, nothing lost: SIGKILL a process that writes to a household, many times.

    python -m bench.crash [--kills 200] [--work notes,plans] [--seed N] [--base DIR]

Each round starts a child that opens one household file and writes in a loop (love notes
one at a time, notes with a backup every fifth, date-night calendars imported in batches,
or archives of 2,000 notes merged in batches of 500), printing a line after every write
returns. After a random moment (0 to 0.6 s, 3 s for archives, so some kills land while
the household is still opening) the child is killed with SIGKILL. Then, with nothing else
running, the file is opened again: ``PRAGMA integrity_check`` must say ``ok`` and every
write the child reported committed must be there (for an archive: all of its notes; one
the kill interrupted may have left whole batches only). The figures go in
docs/reliability.md.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import BenchError, database_file, database_url, positive_int, run_main, table

#: The child: argv = url, kind of work. Prints "ready", then "committed <key>" per write.
CHILD = textwrap.dedent(
    """
    import sys, uuid
    from datetime import UTC, datetime, timedelta
    from closeness_desktop.clock import SystemClock
    from closeness_desktop.dates.ical import ImportPreview
    from closeness_desktop.dates.model import DatePlan
    from closeness_desktop.household import Draft, Household, transfer
    from closeness_desktop.household.archive_json import Archive
    from closeness_desktop.store.export import EntryRow, PartnerRow

    url, work = sys.argv[1:3]
    ARCHIVE_NOTES, BATCH = map(int, sys.argv[3:5])
    household = Household.open(url, SystemClock())
    sam, alex = household.partners.all()
    transfer.BATCH = BATCH
    print("ready", flush=True)
    number = 0
    while True:
        number += 1
        key = uuid.uuid4().hex
        if work == "notes":
            household.entries.add(Draft.note(sam.id, f"note {key}", alex.id))
        elif work == "backups":
            household.entries.add(Draft.note(sam.id, f"note {key}", alex.id))
            if number % 5 == 0:
                household.backups.back_up()  # killed mid-copy as often as mid-note
        elif work == "archives":
            now = datetime.now(UTC)
            partners = tuple(
                PartnerRow(p.id, p.name, p.colour, p.os_account, p.position, now, now, 1)
                for p in (sam, alex)
            )
            notes = tuple(
                EntryRow(uuid.uuid4(), "note", sam.id, alex.id, "", f"note {key}", "", now,
                         None, False, None, "", None, now, now, None, 1)
                for _ in range(ARCHIVE_NOTES)
            )
            household.transfer.merge(Archive(now, "crash", partners, notes, (), (), None))
        else:
            start = datetime(2027, 1, 1, 19, tzinfo=UTC) + timedelta(days=number)
            plans = [
                DatePlan(uid=f"{key}-{each}@crash", title=f"plan {key}", start=start,
                         zone="UTC")
                for each in range(20)
            ]
            household.plans.import_calendar(ImportPreview(new_plans=tuple(plans)), sam.id)
        print("committed", key, flush=True)
    """
)

WORKS = ("notes", "backups", "plans", "archives")
#: Notes in each archive the child merges, and the archive import's batch there.
ARCHIVE_NOTES, ARCHIVE_BATCH = 2_000, 500
LONGEST_WAIT_S = 0.6
#: An archive takes a second or so (its batches pause for other writers): kill later.
LONGEST_WAIT_S_FOR = {"archives": 3.0}


@dataclass
class Tally:
    kills: int = 0
    reported: int = 0
    lost: int = 0
    damaged: int = 0
    before_ready: int = 0
    problems: list[str] = field(default_factory=list)


def make_household(folder: Path) -> str:
    """A fresh household of Sam and Alex in ``folder``; its URL."""
    from closeness_desktop.clock import SystemClock
    from closeness_desktop.household import Household

    folder.mkdir(parents=True, exist_ok=True)
    url = database_url(folder)
    household = Household.open(url, SystemClock())
    household.partners.setup(["Sam", "Alex"])
    household.close()
    return url


def one_kill(url: str, work: str, wait_s: float) -> tuple[list[str], bool]:
    """Run the child for ``wait_s`` and kill it; the keys it reported, and whether it had
    opened the household before the kill."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, work, str(ARCHIVE_NOTES), str(ARCHIVE_BATCH)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    time.sleep(wait_s)
    child.send_signal(signal.SIGKILL)
    output, _ = child.communicate()
    lines = output.splitlines()
    keys = [line.split()[1] for line in lines if line.startswith("committed ")]
    return keys, "ready" in lines


def check(path: Path, keys: Sequence[str], work: str) -> tuple[bool, list[str]]:
    """Whether the file is intact, and which reported keys are missing from it (for an
    archive: not all of its notes there, or any archive left with a batch cut in half)."""
    connection = sqlite3.connect(path)
    try:
        intact = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        column = "title" if work == "plans" else "body"
        prefix = "plan " if work == "plans" else "note "
        stored = Counter(
            row[0].removeprefix(prefix)
            for row in connection.execute(f"SELECT {column} FROM entries WHERE kind != 'goodbye'")
        )
    finally:
        connection.close()
    if work != "archives":
        return intact, [key for key in keys if key not in stored]
    missing = [key for key in keys if stored[key] != ARCHIVE_NOTES]
    halves = [key for key, count in stored.items() if count % ARCHIVE_BATCH]
    return intact, missing + halves


def run_kills(base: Path, kills: int, works: Sequence[str], seed: int) -> dict[str, Tally]:
    """``kills`` rounds for each kind of work, on one household per kind."""
    rng = random.Random(seed)
    tallies: dict[str, Tally] = {}
    for work in works:
        folder = base / work
        url = make_household(folder)
        tally = tallies[work] = Tally()
        reported: list[str] = []
        for _ in range(kills):
            longest = LONGEST_WAIT_S_FOR.get(work, LONGEST_WAIT_S)
            keys, ready = one_kill(url, work, rng.uniform(0, longest))
            reported += keys
            intact, missing = check(database_file(folder), reported, work)
            tally.kills += 1
            tally.before_ready += not ready
            tally.damaged += not intact
            tally.lost += len(missing)
            if not intact:
                tally.problems.append(f"{work}: integrity_check failed after kill {tally.kills}")
            if missing:
                tally.problems.append(f"{work}: {len(missing)} committed writes missing")
                reported = [key for key in reported if key not in missing]
        tally.reported = len(reported)
    return tallies


def report(tallies: dict[str, Tally]) -> str:
    rows = [
        [work, str(t.kills), str(t.before_ready), str(t.reported), str(t.lost), str(t.damaged)]
        for work, t in tallies.items()
    ]
    header = ["work", "kills", "before it opened", "writes reported", "lost", "damaged"]
    lines = [table(header, rows)]
    lines += [problem for tally in tallies.values() for problem in tally.problems]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.crash", description=__doc__)
    parser.add_argument("--kills", type=positive_int, default=200, help="kills per kind of work")
    parser.add_argument(
        "--work", default=",".join(WORKS), help=f"comma-separated, of {', '.join(WORKS)}"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--base", type=Path, help="where to make the households (a temp dir)")
    return parser


def run(args: argparse.Namespace) -> str:
    works = [work.strip() for work in args.work.split(",") if work.strip()]
    unknown = sorted(set(works) - set(WORKS))
    if unknown:
        raise BenchError(f"unknown work {', '.join(unknown)}; choose from {', '.join(WORKS)}")
    with tempfile.TemporaryDirectory(prefix="closeness-crash-") as scratch:
        tallies = run_kills(args.base or Path(scratch), args.kills, works, args.seed)
    return report(tallies)


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("crash", build_parser(), run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
