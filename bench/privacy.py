"""The private corner: setting a lock, unlocking with many private entries, searching them.

    python -m bench.privacy [--entries 2000] [--runs 5]

In a new household of its own (a temporary folder), Sam sets a lock and writes
``--entries`` private notes (texts from the seeded corpus) among as many shared ones.
Then, ``--runs`` times each:

* **set a lock** (once): a new key wrapped twice (passphrase and recovery code), Argon2id
  each;
* **unlock**: Argon2id once, then every private entry read and opened into memory;
* **search private**: the first page of a search as typed ("lov", "cafe", a word in no
  entry), shared index and private entries merged;
* **lock**: the key and the opened words dropped.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from bench.common import ms, positive_int, run_main, table
from bench.corpus import TextMaker
from closeness_desktop.clock import SystemClock
from closeness_desktop.household import Draft, Household, TimelineFilter
from closeness_desktop.records import EntryKind

PASSPHRASE = "a long walk by the river"
SEARCHES = ("lov", "cafe", "xylophone")
PAGE = 100


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.privacy",
        description="Measure the lock, an unlock with many private entries, and their search.",
    )
    parser.add_argument(
        "--entries", type=positive_int, default=2000, metavar="N",
        help="private notes to write (default 2000), and as many shared ones",
    )  # fmt: skip
    parser.add_argument("--runs", type=positive_int, default=5, metavar="N")
    return parser


def _times(runs: int, step: Callable[[], object], before: Callable[[], object]) -> list[float]:
    seconds = []
    for _ in range(runs):
        before()
        started = time.perf_counter()
        step()
        seconds.append(time.perf_counter() - started)
    return seconds


def _nothing() -> None:
    pass


def _row(label: str, seconds: Sequence[float]) -> list[str]:
    return [label, ms(min(seconds)), ms(statistics.median(seconds)), ms(max(seconds))]


def run(args: argparse.Namespace) -> str:
    with tempfile.TemporaryDirectory(prefix="closeness-bench-privacy-") as folder:
        household = Household.open(f"sqlite:///{Path(folder) / 'closeness.sqlite3'}", SystemClock())
        try:
            return _measure(household, args.entries, args.runs)
        finally:
            household.close()


def _measure(household: Household, entries: int, runs: int) -> str:
    household.partners.setup(["Sam", "Alex"])
    sam, alex = household.partners.named("Sam").id, household.partners.named("Alex").id
    privacy = household.privacy
    started = time.perf_counter()
    privacy.set_lock(sam, PASSPHRASE)  # once: a partner's lock is set one time
    rows = [_row("set a lock (one run)", [time.perf_counter() - started])]
    privacy.set_lock(alex, PASSPHRASE)
    maker = TextMaker(random.Random(7))
    for _ in range(entries):
        household.entries.add(Draft(EntryKind.NOTE, sam, body=maker.note_body(), private=True))
        household.entries.add(Draft.note(alex, maker.note_body()))
    privacy.lock()
    unlock = _times(runs, lambda: privacy.unlock(sam, PASSPHRASE), privacy.lock)
    rows.append(_row(f"unlock ({entries:,} private entries opened)", unlock))
    for words in SEARCHES:
        search = TimelineFilter(text=words)
        found = len(household.entries.page(search, limit=PAGE).rows)
        seconds = _times(runs, partial(household.entries.page, search, limit=PAGE), _nothing)
        rows.append(_row(f'search "{words}" ({found} on the first page)', seconds))
    rows.append(_row("lock", _times(runs, privacy.lock, lambda: privacy.unlock(sam, PASSPHRASE))))
    return table(["step", "fastest", "median", "slowest"], rows)


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("privacy", build_parser(), run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
