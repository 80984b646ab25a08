"""Fill a data folder with a realistic household: two partners and ten years of entries.

    python -m bench.seed --entries 100000 --data-dir DIR [--seed N] [--force]

Sam and Alex (Alex uses this OS account, Sam none) write love notes most, then check-ins,
memories, date-night plans and a few goodbyes, ending now. Texts run from a few words to
several paragraphs, with accents, emoji and a few non-Latin scripts; some entries share
an exact timestamp, a few were edited or are in the trash, and the newest notes partly
wait for their reader. The same seed gives the same entries (relative to ``--until``).

The schema comes from the app itself (``Household.open`` and ``setup``); entries go in
with one Core ``INSERT`` executemany in a single transaction, the full-text triggers
firing per row as they do in the app.
"""

from __future__ import annotations

import argparse
import getpass
import random
import sys
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert

from bench.common import database_file, database_url, disk_bytes
from bench.corpus import RARE_COUNT, RARE_WORD, TextMaker
from closeness_desktop.clock import FakeClock, SystemClock, zone_name
from closeness_desktop.household import Household, PartnerInfo, ValidationError
from closeness_desktop.store.engine import StoreError
from closeness_desktop.store.models import DatePlanRow, Entry, EntryKind

YEARS = 10
DAYS = 3652
CHUNK = 10_000
KIND_WEIGHTS: tuple[tuple[EntryKind, float], ...] = (
    (EntryKind.NOTE, 0.60),
    (EntryKind.CHECKIN, 0.22),
    (EntryKind.MEMORY, 0.13),
    # About one date night a week over ten years: a couple that keeps the habit.
    (EntryKind.PLAN, 0.02),
    (EntryKind.GOODBYE, 0.03),
)
#: When in the (local) day entries are written: mornings and evenings, rarely at night.
HOUR_WEIGHTS = (1, 0.5, 0.3, 0.2, 0.2, 0.5, 3, 6, 6, 3, 2, 2, 4, 3, 2, 2, 3, 5, 6, 6, 6, 5, 4, 2)
SHARED_TIME = 0.015
EDITED = 0.03
DELETED = 0.004
WAITING_WINDOW = timedelta(days=2)


class SeedError(Exception):
    """Why the household cannot be seeded, in one sentence."""


@dataclass(frozen=True)
class Span:
    """The ten years the entries cover, and the zone their local times are in."""

    start: datetime
    end: datetime
    zone: tzinfo


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.seed",
        description="Create a household with many realistic entries, for the benchmarks.",
    )
    parser.add_argument(
        "--entries", type=_count, default=100_000, metavar="N", help="how many (default 100000)"
    )
    parser.add_argument(
        "--data-dir", type=Path, required=True, metavar="DIR", help="the data folder to fill"
    )
    parser.add_argument("--seed", type=int, default=1, metavar="N", help="random seed (default 1)")
    parser.add_argument(
        "--until",
        type=_aware,
        metavar="ISO",
        help="the newest entry's time, e.g. 2026-11-26T18:30+00:00 (default: now)",
    )
    parser.add_argument("--force", action="store_true", help="replace a household already in DIR")
    return parser


def _count(value: str) -> int:
    try:
        number = int(value.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a whole number") from None
    if number < RARE_COUNT:
        raise argparse.ArgumentTypeError(f"give at least {RARE_COUNT} entries")
    return number


def _aware(value: str) -> datetime:
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not an ISO 8601 time") from None
    if when.tzinfo is None:
        raise argparse.ArgumentTypeError("give the time with its offset, e.g. +00:00")
    return when.astimezone(UTC)


def prepare_folder(data_dir: Path, force: bool) -> None:
    """Make ``data_dir`` ready; :class:`SeedError` if it holds a household and not ``force``."""
    if data_dir.exists() and not data_dir.is_dir():
        raise SeedError(f"{data_dir} is a file, not a folder.")
    target = database_file(data_dir)
    siblings = [target.with_name(target.name + suffix) for suffix in ("", "-wal", "-shm")]
    if any(path.exists() for path in siblings):
        if not force:
            raise SeedError(
                f"{data_dir} already holds a household ({target.name}); it was left"
                " untouched. Pass --force to replace it."
            )
        for path in siblings:
            path.unlink(missing_ok=True)
    data_dir.mkdir(parents=True, exist_ok=True)


def open_household(data_dir: Path, span: Span) -> tuple[Household, PartnerInfo, PartnerInfo]:
    """A new household, Sam and Alex, who set it up ten years ago; Alex uses this account."""
    household = Household.open(database_url(data_dir), FakeClock(span.start, span.zone))
    sam, alex = household.partners.setup(
        ["Sam", "Alex"], this_account="Alex", os_account=getpass.getuser()
    )
    return household, sam, alex


def written_times(rng: random.Random, count: int, span: Span) -> list[datetime]:
    """When each entry was written, oldest first; some share an exact timestamp."""
    first_day = span.start.astimezone(span.zone).date()
    hours = rng.choices(range(24), weights=HOUR_WEIGHTS, k=count)
    times: list[datetime] = []
    for hour in hours:
        day = first_day + timedelta(days=int(rng.random() * DAYS))
        local = clock_time(hour, rng.randrange(60), rng.randrange(60), rng.randrange(1_000_000))
        when = datetime.combine(day, local, span.zone).astimezone(UTC)
        if not span.start <= when <= span.end:
            when = span.end - timedelta(seconds=rng.random() * 86_400)
        times.append(when)
    times.sort()
    for index in range(1, count):
        if rng.random() < SHARED_TIME:
            times[index] = times[index - 1]
    return times


class EntryMaker:
    """Makes entries for one household from one seeded random source."""

    def __init__(
        self, rng: random.Random, people: tuple[PartnerInfo, PartnerInfo], span: Span
    ) -> None:
        self.rng = rng
        self.texts = TextMaker(rng)
        self.people = people
        self.span = span

    def later(self, when: datetime, most_seconds: float) -> datetime:
        """A moment up to ``most_seconds`` after ``when``, but not after the end of the span."""
        return min(when + timedelta(seconds=1 + self.rng.random() * most_seconds), self.span.end)

    def local_day(self, when: datetime) -> date:
        return when.astimezone(self.span.zone).date()

    def at_local(self, day: date, moment: clock_time) -> datetime:
        return datetime.combine(day, moment, self.span.zone).astimezone(UTC)

    def row(self, kind: EntryKind, written: datetime) -> dict[str, Any]:
        """One entry as the ``entries`` table holds it."""
        author, reader = self.people if self.rng.random() < 0.52 else self.people[::-1]
        row: dict[str, Any] = {
            "id": uuid.UUID(int=self.rng.getrandbits(128), version=4),
            "kind": kind.value,
            "author_id": author.id,
            "addressee_id": None,
            "title": "",
            "body": "",
            "place": "",
            "occurred_at": written,
            "ends_at": None,
            "all_day": False,
            "mood": None,
            "feelings": "",
            "delivered_at": None,
            "created_at": written,
            "updated_at": written,
            "deleted_at": None,
            "version": 1,
        }
        self.fill(row, kind, written, reader)
        self.history(row, kind, written)
        return row

    def fill(
        self, row: dict[str, Any], kind: EntryKind, written: datetime, reader: PartnerInfo
    ) -> None:
        """The fields of ``kind``: text, and for memories and plans their own dates."""
        rng, texts = self.rng, self.texts
        if kind is EntryKind.NOTE:
            row["body"] = texts.note_body()
            row["addressee_id"] = reader.id if rng.random() < 0.85 else None
        elif kind is EntryKind.GOODBYE:
            row["body"] = texts.goodbye()
        elif kind is EntryKind.CHECKIN:
            row["mood"], row["feelings"], row["body"] = texts.checkin()
        elif kind is EntryKind.MEMORY:
            row["title"], row["body"], row["place"] = texts.memory()
            back = rng.randrange(3 * 365) if rng.random() < 0.05 else rng.randrange(60)
            day = self.local_day(written) - timedelta(days=back)
            row["occurred_at"] = self.at_local(day, clock_time(12))
            row["all_day"] = True
        else:
            row["title"], row["body"], row["place"] = texts.plan()
            day = self.local_day(written) + timedelta(days=rng.randint(1, 10))
            start = clock_time(rng.choice((19, 20)), rng.choice((0, 30)))
            row["occurred_at"] = self.at_local(day, start)
            if rng.random() < 0.6:
                row["ends_at"] = row["occurred_at"] + timedelta(hours=rng.randint(2, 4))

    def history(self, row: dict[str, Any], kind: EntryKind, written: datetime) -> None:
        """Delivery of notes and goodbyes (the newest partly waiting), edits and the trash."""
        rng, end = self.rng, self.span.end
        if kind in (EntryKind.NOTE, EntryKind.GOODBYE):
            waiting = written > end - WAITING_WINDOW and rng.random() < 0.6
            delivered = None if waiting else self.later(written, 10 * 3600)
            row["delivered_at"] = delivered if delivered is not None and delivered < end else None
        if rng.random() < EDITED:
            row["updated_at"] = self.later(written, 2 * 86_400)
            row["version"] = 2
        if rng.random() < DELETED:
            row["deleted_at"] = row["updated_at"] = self.later(row["updated_at"], 30 * 86_400)
            row["version"] += 1


def make_rows(
    rng: random.Random, count: int, people: tuple[PartnerInfo, PartnerInfo], span: Span
) -> list[dict[str, Any]]:
    """``count`` entries in the order they were written."""
    maker = EntryMaker(rng, people, span)
    kinds = rng.choices(
        [kind for kind, _ in KIND_WEIGHTS], weights=[w for _, w in KIND_WEIGHTS], k=count
    )
    rows = [
        maker.row(kind, written)
        for kind, written in zip(kinds, written_times(rng, count, span), strict=True)
    ]
    for index in rng.sample(range(count), RARE_COUNT):
        rows[index]["body"] = f"{rows[index]['body']}\n\nStill dreaming of {RARE_WORD}.".strip()
    return rows


def plan_details(rows: Sequence[dict[str, Any]], zone_key: str) -> list[dict[str, Any]]:
    """The planner's details of each date-night plan, as the app itself stores them."""
    return [
        {
            "entry_id": row["id"],
            "uid": f"{row['id'].hex}@closeness",
            "bring": "",
            "state": "planned",
            "exdates": [],
            "overrides": {},
            "reminders": [86_400, 3_600],
            "zone": zone_key,
        }
        for row in rows
        if row["kind"] == EntryKind.PLAN
    ]


def insert_rows(engine: Engine, rows: Sequence[dict[str, Any]], zone_key: str) -> None:
    """Insert ``rows`` in one transaction, then fold the write-ahead log into the file."""
    with engine.begin() as connection:
        for first in range(0, len(rows), CHUNK):
            connection.execute(insert(Entry), list(rows[first : first + CHUNK]))
        details = plan_details(rows, zone_key)
        if details:
            connection.execute(insert(DatePlanRow), details)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def seed(data_dir: Path, count: int, seed_value: int, until: datetime, force: bool) -> str:
    """Create the household and return a report of what was made and how long it took."""
    began = time.perf_counter()
    prepare_folder(data_dir, force)
    zone = SystemClock().local_zone()
    span = Span(until - timedelta(days=DAYS), until, zone)
    household, sam, alex = open_household(data_dir, span)
    try:
        schema_done = time.perf_counter()
        rows = make_rows(random.Random(seed_value), count, (sam, alex), span)
        made = time.perf_counter()
        insert_rows(household.database.engine, rows, zone_name(zone))
        inserted = time.perf_counter()
    finally:
        household.close()
    kinds = Counter(row["kind"] for row in rows)
    waiting = sum(
        1 for row in rows if row["kind"] == EntryKind.NOTE and row["delivered_at"] is None
    )
    mix = ", ".join(f"{kinds[kind.value]:,} {kind.value}" for kind, _ in KIND_WEIGHTS)
    return "\n".join(
        [
            f"seeded {count:,} entries ({mix}; {waiting} notes waiting) for Sam and Alex",
            f"  {YEARS} years: {span.start:%Y-%m-%d %H:%M} to {span.end:%Y-%m-%d %H:%M} UTC,"
            f" seed {seed_value}",
            f"  into {database_file(data_dir)} ({disk_bytes(data_dir) / 1e6:.1f} MB)",
            f"  schema {schema_done - began:.2f} s, generate {made - schema_done:.2f} s,"
            f" insert {inserted - made:.2f} s",
            f"took {inserted - began:.2f} s",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    until: datetime = args.until or SystemClock().now()
    try:
        print(seed(args.data_dir, args.entries, args.seed, until, args.force))
    except (SeedError, StoreError, ValidationError) as problem:
        print(f"bench.seed: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
