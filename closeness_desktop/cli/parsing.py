"""What every command shares: the parser that errs in one line, the common options, and
the shape of a command."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from closeness_desktop.household import Household


#: Said by every command that needs partners before there are any.
NO_HOUSEHOLD = "no household yet: run “closeness setup” or open the app first"


class CommandError(Exception):
    """A problem to report in one line, with a non-zero exit."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see “{self.prog} --help”)\n")


if TYPE_CHECKING:
    #: What ``add_subparsers`` returns (not subscriptable at run time).
    Subcommands = argparse._SubParsersAction[Parser]


@dataclass(frozen=True)
class Command:
    """One subcommand: how its arguments are declared and what it does with a household."""

    name: str
    declare: Callable[[Subcommands, Parser], None]
    #: Returns what to print.
    run: Callable[[Household, argparse.Namespace], str]
    #: True when a running app should look again afterwards.
    changes_data: Callable[[argparse.Namespace], bool] = lambda _args: False
    #: True when it only reads: it never creates a household, and opens a read-only one.
    reads_only: Callable[[argparse.Namespace], bool] = lambda _args: False


def common_options() -> Parser:
    # SUPPRESS keeps a value given before the subcommand from being reset after it.
    common = Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the household's folder (default: the platform's data folder, or $CLOSENESS_DATA_DIR)",
    )
    common.add_argument(
        "--database",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="an SQLAlchemy database URL (default: an SQLite file in the data folder)",
    )
    return common


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("it must be 1 or more")
    return number
