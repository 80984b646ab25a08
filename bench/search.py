"""Timeline query latency on a seeded household, through the store's own functions.

    python -m bench.search --data-dir DIR [--runs 7] [--explain]

Each case is what the window asks the store for: ``timeline.fetch_page`` (one page of
:data:`PAGE` rows, plus one to know whether more follow) for a search as typed in the box
(the last word matches as a prefix, as it does while typing), the newest page, a page deep
in the timeline (keyset after about 50,000 rows) and ``count_between`` for a jump to a date
five years back. Every call opens its own session, as ``Household.page`` does. ``--explain``
prints SQLite's query plan of each case.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from bench.common import (
    BenchError,
    Summary,
    add_household_argument,
    database_file,
    database_url,
    disk_bytes,
    ms,
    positive_int,
    run_main,
    table,
)
from bench.corpus import RARE_EMOJI, RARE_WORD
from closeness_desktop.clock import SystemClock
from closeness_desktop.household import Household
from closeness_desktop.store import timeline
from closeness_desktop.store.models import Entry
from closeness_desktop.store.timeline import Cursor, TimelineFilter

#: Rows per page, as the timeline model asks (``ui.timeline_model.PAGE_SIZE``, not imported
#: here so the benchmark needs no Qt).
PAGE = 100
DEEP_ROWS = 50_000
JUMP_YEARS = 5
EVERYTHING_SINCE = datetime(1900, 1, 1, tzinfo=UTC)
#: Larger than any ``seq``: a page after (time, LAST_SEQ) starts with the entries at ``time``.
LAST_SEQ = 2**62
SEARCHES: tuple[tuple[str, str], ...] = (
    ("rare word", RARE_WORD.lower()),
    ("common word", "love"),
    ("common word", "you"),
    ("prefix", "lov"),
    ("accent-folded (finds café)", "cafe"),
    ("emoji", "🍝"),
    ("rare emoji", RARE_EMOJI),
    ("no hit", "xylophone"),
    ("two words", "dinner tonight"),
)


@dataclass
class Case:
    """One query to time: a label, what it does, and how many entries its filter matches."""

    label: str
    query: Callable[[], object]
    matches: str
    plan: list[str] = field(default_factory=list)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search",
        description="Time timeline pages, searches and jump-to-date on a seeded household.",
    )
    add_household_argument(parser)
    parser.add_argument(
        "--runs", type=positive_int, default=7, metavar="N", help="timed runs of each (default 7)"
    )
    parser.add_argument(
        "--explain", action="store_true", help="also print SQLite's plan for each query"
    )
    return parser


def page_query(
    household: Household, flt: TimelineFilter, after: Cursor | None = None, limit: int = PAGE
) -> Callable[[], object]:
    """A call that fetches one page the way the window's loader does."""

    def run() -> object:
        with Session(household.database.engine) as session:
            return timeline.fetch_page(session, flt, after, limit)

    return run


def count_query(
    household: Household, flt: TimelineFilter, after: Cursor | None, not_before: datetime
) -> Callable[[], object]:
    """A call that counts the entries down to ``not_before``, as jump-to-date does."""

    def run() -> object:
        with Session(household.database.engine) as session:
            return timeline.count_between(session, flt, after, not_before)

    return run


def jump_query(
    household: Household, after: Cursor | None, not_before: datetime
) -> Callable[[], object]:
    """The whole jump: count down to the date, then load that many rows plus a page."""

    def run() -> object:
        with Session(household.database.engine) as session:
            flt = TimelineFilter()
            extra = timeline.count_between(session, flt, after, not_before)
            return timeline.fetch_page(session, flt, after, PAGE + extra)

    return run


def matching(household: Household, flt: TimelineFilter) -> int:
    with Session(household.database.engine) as session:
        return timeline.count_between(session, flt, None, EVERYTHING_SINCE)


def cursor_after(household: Household, rows: int) -> Cursor:
    """The keyset cursor just after the newest ``rows`` entries (not timed)."""
    with Session(household.database.engine) as session:
        found = session.execute(
            select(Entry.occurred_at, Entry.seq)
            .where(Entry.deleted_at.is_(None))
            .order_by(Entry.occurred_at.desc(), Entry.seq.desc())
            .offset(rows - 1)
            .limit(1)
        ).first()
    if found is None:
        raise BenchError(f"the household has fewer than {rows:,} entries; seed more.")
    return Cursor(found.occurred_at, found.seq)


def build_cases(household: Household, now: datetime) -> list[Case]:
    """Everything to time, with how many entries each filter matches."""
    everything = TimelineFilter()
    total = matching(household, everything)
    first = household.entries.page(everything, limit=PAGE)
    deep = cursor_after(household, min(DEEP_ROWS, total))
    back = now - timedelta(days=365 * JUMP_YEARS)
    cases = [Case("newest page, no search", page_query(household, everything), f"{total:,}")]
    for label, text in SEARCHES:
        flt = TimelineFilter(text=text)
        cases.append(
            Case(f"{label}: “{text}”", page_query(household, flt), f"{matching(household, flt):,}")
        )
    love = TimelineFilter(text="love")
    love_first = household.entries.page(love, limit=PAGE)
    cases += [
        Case(
            "common word “love”, second page",
            page_query(household, love, love_first.next_cursor),
            f"{matching(household, love):,}",
        ),
        Case(
            f"deep page (after {min(DEEP_ROWS, total):,} rows)",
            page_query(household, everything, deep),
            f"{total:,}",
        ),
        Case(
            f"count_between, jump {JUMP_YEARS} years back",
            count_query(household, everything, first.next_cursor, back),
            f"{total:,}",
        ),
        Case(
            f"jump {JUMP_YEARS} years back: count + load the rows",
            jump_query(household, first.next_cursor, back),
            f"{total:,}",
        ),
        Case(
            f"one page starting {JUMP_YEARS} years back (keyset at the date)",
            page_query(household, everything, Cursor(back, LAST_SEQ)),
            f"{total:,}",
        ),
    ]
    return cases


def time_case(case: Case, runs: int) -> Summary:
    """Median of ``runs`` timed calls, after one untimed call that warms the caches."""
    case.query()
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        case.query()
        timings.append(time.perf_counter() - began)
    return Summary.of(timings)


def capture_plans(engine: Engine, case: Case) -> None:
    """Run ``case`` once and keep SQLite's plan for each statement it sent."""
    statements: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, _many: bool) -> None:
        statements.append((sql, params))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        case.query()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    with engine.connect() as connection:
        for sql, params in statements:
            rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
            case.plan.append(" ".join(sql.split()))
            case.plan.extend(f"  {'  ' * (row[1] > 0)}{row[3]}" for row in rows)


def report(
    data_dir: Path, runs: int, load: float, cases: Sequence[Case], results: Sequence[Summary]
) -> str:
    rows = [
        [case.label, case.matches, ms(s.median), ms(s.low), ms(s.high)]
        for case, s in zip(cases, results, strict=True)
    ]
    size = disk_bytes(data_dir) / 1e6
    return "\n".join(
        [
            f"timeline queries on {database_file(data_dir)} ({size:.1f} MB),"
            f" page of {PAGE}, {runs} runs each (load average before: {load:.2f})",
            "",
            table(["query", "matches", "median ms", "min ms", "max ms"], rows),
        ]
    )


def run(args: argparse.Namespace) -> str:
    data_dir: Path = args.data_dir.expanduser().resolve()
    if not database_file(data_dir).is_file():
        raise BenchError(f"{data_dir} holds no household; make one with python -m bench.seed.")
    load = os.getloadavg()[0]
    clock = SystemClock()
    household = Household.open(database_url(data_dir), clock)
    try:
        cases = build_cases(household, clock.now())
        results = [time_case(case, args.runs) for case in cases]
        output = report(data_dir, args.runs, load, cases, results)
        if args.explain:
            for case in cases:
                capture_plans(household.database.engine, case)
            plans = [f"\n{case.label}\n" + "\n".join(case.plan) for case in cases]
            output += "\n\nquery plans\n" + "".join(plans)
    finally:
        household.close()
    return output


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("search", build_parser(), run, argv)


if __name__ == "__main__":
    sys.exit(main())
