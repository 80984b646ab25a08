"""“Our year” on a seeded household: how long each step of the keepsake takes.

    python -m bench.keepsake --data-dir DIR [--year 2025] [--paper A4] [--runs 3]

Runs what File > "Our year as a PDF…" runs on its worker thread (and ``closeness year``
in its process): read the year a step at a time, lay it out, cut it into pages and print
them; times each stage from the progress it reports, and the PDF's pages and size. The
year defaults to the last full year of the household (``bench.seed`` ends its ten years
now).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.keepsake", description=__doc__.split("\n\n")[0]
    )
    add_household_argument(parser)
    parser.add_argument("--year", type=int, metavar="YYYY", help="default: last year")
    parser.add_argument("--paper", choices=("A4", "Letter"), default="A4")
    parser.add_argument("--runs", type=positive_int, default=3, metavar="N")
    return parser


def _run(args: argparse.Namespace) -> str:
    if not database_file(args.data_dir).exists():
        raise BenchError(f"no household in {args.data_dir}: make one with python -m bench.seed")
    from PySide6.QtCore import QLoggingCategory
    from PySide6.QtGui import QGuiApplication

    from closeness_desktop.ui.keepsake_pdf import Progress, make_pdf

    # The seed writes a few lines in scripts this machine may have no font for.
    QLoggingCategory.setFilterRules("qt.text.font.db.warning=false")
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0], "-platform", "offscreen"])
    household = Household.open(database_url(args.data_dir), SystemClock())
    year = args.year or household.clock.now().year - 1
    stages: dict[str, list[float]] = {}
    pages = size = items = 0
    try:
        for _ in range(args.runs):
            first: dict[str, float] = {}
            last: dict[str, float] = {}
            began = time.perf_counter()

            def seen(
                progress: Progress, first: dict[str, float] = first, last: dict[str, float] = last
            ) -> None:
                first.setdefault(progress.stage, time.perf_counter())
                last[progress.stage] = time.perf_counter()

            keepsake = make_pdf(household, year, args.paper, seen)
            ended = time.perf_counter()
            read_end = last["Gathering your year…"]
            layout_start = first["Laying out the pages…"]
            layout_end = first["Printing the pages…"]
            for stage, seconds in (
                ("read the year", read_end - began),
                ("lay out and cut into pages", layout_end - layout_start),
                ("print the pages", ended - layout_end),
                ("everything", ended - began),
            ):
                stages.setdefault(stage, []).append(seconds)
            pages, size = keepsake.pages, len(keepsake.data)
            items = sum(keepsake.book.counts.values())
    finally:
        household.close()
        del app
    rows = [
        [stage, ms(summary.median), ms(summary.low), ms(summary.high)]
        for stage, summary in ((stage, Summary.of(times)) for stage, times in stages.items())
    ]
    head = (
        f"Our year {year} on {args.paper}: {items} entries, {pages} pages, "
        f"{size / 1e6:.1f} MB of PDF ({args.runs} runs)"
    )
    return head + "\n\n" + table(["stage", "median ms", "fastest", "slowest"], rows)


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("keepsake", build_parser(), _run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
