"""``closeness year 2026 --pdf FILE``: one year as a printable keepsake.

Qt is imported only inside the command, after the arguments and the destination have been
checked: a wrong year or an unwritable path is said at once, without loading QtGui, and
``--help`` never loads it. The PDF is printed offscreen, so no display is needed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from closeness_desktop.cli.household_commands import NO_HOUSEHOLD
from closeness_desktop.cli.parsing import Command, CommandError, Parser

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from closeness_desktop.cli.parsing import Subcommands
    from closeness_desktop.household import Household

PAPER_NAMES = {"a4": "A4", "letter": "Letter"}


def year_number(value: str) -> int:
    """An argparse type: a year a keepsake can be made of."""
    from closeness_desktop.keepsake import check_year

    try:
        year = int(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a year: give one like 2026") from None
    try:
        return check_year(year)
    except ValueError as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None


def _declare_year(commands: Subcommands, common: Parser) -> None:
    year = commands.add_parser(
        "year",
        parents=[common],
        help="print a year of memories, date nights and kept love notes as a PDF keepsake",
    )
    year.add_argument("year", type=year_number, metavar="YEAR", help="the year, like 2026")
    # dest "file": a path may hold any bytes the OS allows, so it is not checked as text.
    year.add_argument(
        "--pdf", dest="file", type=Path, required=True, metavar="FILE", help="where to save it"
    )
    year.add_argument(
        "--paper",
        choices=sorted(PAPER_NAMES),
        type=str.lower,
        help="a4 or letter (default: as this computer's locale prints)",
    )


def _gui_application() -> QCoreApplication:
    """The process's Qt application, made offscreen if there is none (fonts need one)."""
    from PySide6.QtCore import QLoggingCategory
    from PySide6.QtGui import QGuiApplication

    # A script with no font here prints as boxes; Qt's note about it is not the person's
    # to read on a terminal.
    QLoggingCategory.setFilterRules("qt.text.font.db.warning=false")
    existing = QGuiApplication.instance()
    if existing is not None:
        return existing
    return QGuiApplication(["closeness", "-platform", "offscreen"])


def _cmd_year(household: Household, args: argparse.Namespace) -> str:
    from closeness_desktop.keepsake_file import check_destination, save

    if not household.partners.is_set_up():
        raise CommandError(NO_HOUSEHOLD)
    path: Path = args.file.expanduser()
    try:
        check_destination(path)
    except OSError as problem:
        raise CommandError(f"Our year can't be saved at {path}: {_reason(problem)}") from None
    app = _gui_application()
    from closeness_desktop.ui.keepsake_pdf import default_paper, make_pdf

    paper = PAPER_NAMES[args.paper] if args.paper else default_paper()
    keepsake = make_pdf(household, args.year, paper)
    try:
        save(path, keepsake.data)
    except OSError as problem:
        raise CommandError(f"Our year can't be saved at {path}: {_reason(problem)}") from None
    del app
    pages = f"{keepsake.pages} page{'s' if keepsake.pages != 1 else ''}"
    if keepsake.book.empty:
        return f"Nothing kept from {args.year} yet; the keepsake ({pages}, {paper}) is at {path}."
    return f"Our year {args.year} is ready: {pages} on {paper}, at {path}."


def _reason(problem: OSError) -> str:
    return (problem.strerror or str(problem)).rstrip(".")


COMMANDS = (Command("year", _declare_year, _cmd_year, reads_only=lambda _args: True),)
