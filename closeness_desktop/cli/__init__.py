"""The command line: open the app, or set up and script a household.

Nothing here imports Qt or SQLAlchemy at module level: ``--help`` and ``--version`` answer
at once without a display, and the window paints before the database layer loads. Each
command lives in a module of its area (``household_commands``, ``calendar_commands``) as a
:class:`~closeness_desktop.cli.parsing.Command`; this module lists them and runs one.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from closeness_desktop import APP_ID, __version__
from closeness_desktop.cli import calendar_commands, household_commands
from closeness_desktop.cli.parsing import CommandError, Parser, common_options

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.paths import Paths

COMMANDS = {
    command.name: command for command in (*household_commands.COMMANDS, *calendar_commands.COMMANDS)
}


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = Parser(
        prog=APP_ID,
        parents=[common],
        description="Closeness keeps the small rituals of a couple: love notes, memories, "
        "date nights and check-ins, on one shared timeline. Without a command it opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in COMMANDS.values():
        command.declare(commands, common)
    return parser


def _open(paths: Paths, database: str | None) -> Household:
    from closeness_desktop.clock import SystemClock
    from closeness_desktop.household import Household

    return Household.open(database or paths.database_url, SystemClock())


def run_command(args: argparse.Namespace) -> str:
    """Run a subcommand and return what to print; raises the household's errors."""
    from closeness_desktop.paths import resolve

    command = COMMANDS[args.command]
    paths = resolve(getattr(args, "data_dir", None))
    household = _open(paths, getattr(args, "database", None))
    try:
        output = command.run(household, args)
    finally:
        household.close()
    if command.changes_data(args):
        from closeness_desktop.ipc import tell_running_instance

        tell_running_instance(paths, "refresh")
    return output


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from closeness_desktop.app import run

        return run(args)
    from closeness_desktop.household import ConflictError, NotFoundError, ValidationError
    from closeness_desktop.store.engine import StoreError

    try:
        output = run_command(args)
    except (CommandError, StoreError, ValidationError, NotFoundError, ConflictError) as exc:
        print(f"{APP_ID}: {exc}", file=sys.stderr)
        return 1
    if output:
        print(output)
    return 0


__all__ = ["COMMANDS", "CommandError", "build_parser", "main", "run_command"]
