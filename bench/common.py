"""Small helpers the benchmarks share: where the database is, and summarising timings."""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from closeness_desktop.paths import DATABASE_FILE


def database_file(data_dir: Path) -> Path:
    """The SQLite file of the household kept in ``data_dir``."""
    return data_dir / DATABASE_FILE


def database_url(data_dir: Path) -> str:
    """The SQLAlchemy URL of the household kept in ``data_dir``."""
    return f"sqlite:///{database_file(data_dir)}"


def disk_bytes(data_dir: Path) -> int:
    """Bytes the database takes on disk, its WAL and shared-memory files included."""
    base = database_file(data_dir)
    files = (base, base.with_name(base.name + "-wal"), base.with_name(base.name + "-shm"))
    return sum(path.stat().st_size for path in files if path.exists())


@dataclass(frozen=True)
class Summary:
    """The median, fastest and slowest of some timings, in seconds."""

    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, timings: Sequence[float]) -> Summary:
        if not timings:
            raise ValueError("no timings to summarise")
        return cls(statistics.median(timings), min(timings), max(timings), len(timings))


def ms(seconds: float) -> str:
    """``seconds`` as milliseconds with a precision that suits the size."""
    value = seconds * 1000
    if value < 10:
        return f"{value:.2f}"
    if value < 100:
        return f"{value:.1f}"
    return f"{value:.0f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table whose columns line up in a terminal too."""
    widths = [len(cell) for cell in header]
    for row in rows:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


class BenchError(Exception):
    """The benchmark cannot go on; the message says why."""


def run_main(
    name: str,
    parser: argparse.ArgumentParser,
    run: Callable[[argparse.Namespace], str],
    argv: Sequence[str] | None,
) -> int:
    """Parse ``argv``, print what ``run`` reports, and turn a :class:`BenchError` into one
    line on stderr and exit status 1."""
    args = parser.parse_args(argv)
    try:
        print(run(args))
    except BenchError as problem:
        print(f"bench.{name}: {problem}", file=sys.stderr)
        return 1
    return 0


def positive_int(value: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("it must be 1 or more")
    return number


def add_household_argument(
    parser: argparse.ArgumentParser,
    hint: str = "a household folder (make one with python -m bench.seed)",
) -> None:
    """The ``--data-dir DIR`` every benchmark of an existing household takes."""
    parser.add_argument("--data-dir", type=Path, required=True, metavar="DIR", help=hint)
