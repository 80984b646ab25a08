"""Reading and importing calendar files: hostile small files, big calendars, and a note
written by another process while a big calendar imports.

    python -m bench.ics_import                    # every part, default sizes
    python -m bench.ics_import --events 30000     # the size of issue 8's big calendar
    python -m bench.ics_import --only hostile     # just the small files

Parts: ``hostile`` reads each file of ``tests/data/ics/hostile/`` (median of 5) and says
the time-zone work it cost; ``outlook`` reads a calendar whose zone starts in 1601 (as
Outlook writes it) with ``--events`` events; ``import`` reads and imports ``--events``
events into a fresh household, in batches; ``note`` does that again in a child process
and, from its first batch to its end, writes a note here every 0.2 s, timing how long
each waited for the lock. Each run uses a fresh temporary folder, gone when it ends.
"""

from __future__ import annotations

import argparse
import getpass
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bench.common import ms, table

if TYPE_CHECKING:
    from closeness_desktop.household import Household

HOSTILE = Path(__file__).resolve().parents[1] / "tests" / "data" / "ics" / "hostile"
CRLF = "\r\n"
#: Outlook's description of Central European time: from 1601, one rule for ever.
OUTLOOK_ZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:W. Europe Standard Time (custom)",
    "BEGIN:STANDARD",
    "DTSTART:16010101T030000",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010101T020000",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
)


def calendar(*lines: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Closeness bench//EN", *lines]
    return (CRLF.join([*body, "END:VCALENDAR"]) + CRLF).encode()


def many_events(count: int, *, zone: Sequence[str] = ()) -> bytes:
    """A calendar of ``count`` one-off events over 2025 and 2026; in the zone ``zone``
    describes (its TZID), or in UTC."""
    tzid = next((line[5:] for line in zone if line.startswith("TZID:")), None)
    lines = list(zone)
    for number in range(count):
        month, day = number % 12 + 1, number % 28 + 1
        year = 2025 + number % 2
        when = f"{year}{month:02d}{day:02d}T190000"
        start = f"DTSTART;TZID={tzid}:{when}" if tzid else f"DTSTART:{when}Z"
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{number}@closeness.example",
            "DTSTAMP:20250401T000000Z",
            start,
            f"SUMMARY:Date night {number}",
            "END:VEVENT",
        ]
    return calendar(*lines)


def _read(data: bytes) -> tuple[float, int, int]:
    """Seconds to read ``data``, time-zone steps taken, plans found."""
    from closeness_desktop.dates.ical import parse_calendar
    from closeness_desktop.dates.ical.limits import ReadWork

    work = ReadWork()
    began = time.perf_counter()
    try:
        preview = parse_calendar(data, zone_fallback="Europe/Berlin", work=work)
        found = len(preview.plans)
    except ValueError:
        found = 0
    return time.perf_counter() - began, work.zone_steps, found


def bench_hostile(runs: int) -> str:
    rows = []
    for path in sorted(HOSTILE.glob("*.ics")):
        data = path.read_bytes()
        timings = []
        for _ in range(runs):
            seconds, steps, _found = _read(data)
            timings.append(seconds)
        rows.append([path.name, f"{len(data):,}", ms(statistics.median(timings)), f"{steps:,}"])
    return table(["file", "bytes", "read, ms (median)", "zone steps"], rows)


def bench_outlook(events: int) -> str:
    seconds, steps, found = _read(many_events(events, zone=OUTLOOK_ZONE))
    return table(
        ["events", "read, s", "zone steps", "plans"],
        [[f"{events:,}", f"{seconds:.2f}", f"{steps:,}", f"{found:,}"]],
    )


_CHILD = """
import sys
from bench.ics_import import import_file
import_file(sys.argv[1], sys.argv[2], report=True)
"""


def _household(data_dir: Path) -> Household:
    from closeness_desktop.clock import SystemClock
    from closeness_desktop.household import Household

    household = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", SystemClock())
    if not household.partners.all():
        household.partners.setup(["Sam", "Alex"], this_account="Sam", os_account=getpass.getuser())
    return household


def import_file(data_dir: str, ics: str, *, report: bool = False) -> tuple[float, float, int]:
    """Read and import ``ics`` into the household in ``data_dir``: seconds reading,
    seconds writing, plans. With ``report``, says "wrote N" on stdout after each batch."""
    from closeness_desktop.calendar_files import read_calendar

    household = _household(Path(data_dir))
    began = time.perf_counter()
    preview = read_calendar(household, Path(ics).read_bytes())
    read = time.perf_counter() - began

    def progress(done: int, total: int) -> bool:
        if report:
            print(f"wrote {done} of {total}", flush=True)
        return True

    began = time.perf_counter()
    count = household.plans.import_calendar(
        preview, household.partners.all()[0].id, progress=progress
    )
    written = time.perf_counter() - began
    household.close()
    return read, written, count


def bench_import(events: int, folder: Path) -> str:
    ics = folder / "big.ics"
    ics.write_bytes(many_events(events))
    read, written, count = import_file(str(folder / "import"), str(ics))
    return table(
        ["events", "read, s", "write, s", "plans"],
        [[f"{events:,}", f"{read:.1f}", f"{written:.1f}", f"{count:,}"]],
    )


def bench_note(events: int, folder: Path) -> str:
    """Notes from this process all through a child's import: how long each waited."""
    from closeness_desktop.household import Draft

    data_dir = folder / "note"
    household = _household(data_dir)
    ics = folder / "big.ics"
    ics.write_bytes(many_events(events))
    sam = household.partners.named("Sam")
    waits: list[float] = []
    with subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(data_dir), str(ics)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    ) as child:
        assert child.stdout is not None
        child.stdout.readline()  # the first batch is written: the import is under way
        while child.poll() is None:
            began = time.perf_counter()
            household.entries.add(Draft.note(sam.id, f"Written during the import {len(waits)}"))
            waits.append(time.perf_counter() - began)
            time.sleep(0.2)
        child.stdout.read()
    household.close()
    return table(
        ["events", "notes", "median ms", "max ms", "import exit"],
        [
            [
                f"{events:,}",
                str(len(waits)),
                ms(statistics.median(waits)),
                ms(max(waits)),
                str(child.returncode),
            ]
        ],
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=30_000, help="events of the big calendar")
    parser.add_argument("--runs", type=int, default=5, help="reads of each hostile file")
    parser.add_argument("--only", choices=["hostile", "outlook", "import", "note"])
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    print(f"# bench.ics_import, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load {load:.2f}")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        parts: dict[str, Callable[[], str]] = {
            "hostile": lambda: bench_hostile(args.runs),
            "outlook": lambda: bench_outlook(args.events),
            "import": lambda: bench_import(args.events, folder),
            "note": lambda: bench_note(args.events, folder),
        }
        for name, part in parts.items():
            if args.only in (None, name):
                print(f"\n## {name}\n\n{part()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
