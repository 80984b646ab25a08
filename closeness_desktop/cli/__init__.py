"""The command line: open the app, or set up and script a household.

Nothing here imports Qt or SQLAlchemy at module level: ``--help`` and ``--version`` answer
at once without a display, and the window paints before the database layer loads. Each
command lives in a module of its area (``household_commands``, ``calendar_commands``) as a
:class:`~closeness_desktop.cli.parsing.Command`; this module lists them and runs one.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from closeness_desktop import APP_ID, __version__
from closeness_desktop.cli import (
    backup_commands,
    calendar_commands,
    day_commands,
    household_commands,
    keepsake_commands,
    memory_commands,
    privacy_commands,
    prompt_commands,
    share_commands,
    transfer_commands,
)
from closeness_desktop.cli.parsing import CommandError, Parser, common_options
from closeness_desktop.paths import PRIVATE_UMASK

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.paths import Paths

COMMANDS = {
    command.name: command
    for command in (
        *household_commands.COMMANDS,
        *calendar_commands.COMMANDS,
        *share_commands.COMMANDS,
        *transfer_commands.COMMANDS,
        *keepsake_commands.COMMANDS,
        *backup_commands.COMMANDS,
        *day_commands.COMMANDS,
        *prompt_commands.COMMANDS,
        *memory_commands.COMMANDS,
        *privacy_commands.COMMANDS,
    )
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


def _open(paths: Paths, database: str | None, *, reads_only: bool = False) -> Household:
    """The household; for a command that only reads, never a new one, and read-only when
    its file or folder cannot be written (a copy on a read-only disk can still be listed)."""
    from closeness_desktop.clock import SystemClock
    from closeness_desktop.household import Household

    url = database or paths.database_url
    path = _sqlite_file(url)
    read_only = False
    if path is not None and path.exists():
        read_only = not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
        if read_only and not reads_only:
            raise CommandError(
                f"nothing was saved: the household folder {path.parent} is read-only"
            )
    elif path is not None and reads_only:
        where = f"no household yet in {path.parent}"
        raise CommandError(household_commands.NO_HOUSEHOLD.replace("no household yet", where))
    if read_only:
        from closeness_desktop.store.database import Database

        # The photos sit beside an SQLite file; another engine's, in this data folder.
        opened = Database.open(url, read_only=True)
        return Household(opened, SystemClock(), data_dir=paths.data_dir)
    return Household.open(url, SystemClock(), data_dir=paths.data_dir)


def _sqlite_file(url: str) -> Path | None:
    """The file an SQLite URL names; None for another database or no valid URL (opening it
    then says what is wrong)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database or "")


def run_command(args: argparse.Namespace) -> str:
    """Run a subcommand and return what to print; raises the household's errors."""
    from closeness_desktop.paths import make_private, resolve

    command = COMMANDS[args.command]
    paths = resolve(getattr(args, "data_dir", None))
    make_private(paths)
    if isinstance(command, backup_commands.FileCommand):
        # Backups and checks work on the file itself: a damaged household can be restored.
        url = getattr(args, "database", None) or paths.database_url
        if (answer := command.on_file(url, args)) is not None:
            return answer
    household = _open(paths, getattr(args, "database", None), reads_only=command.reads_only(args))
    try:
        output = command.run(household, args)
    finally:
        household.close()
    if command.changes_data(args):
        from closeness_desktop.ipc import tell_running_instance

        tell_running_instance(paths, "refresh")
    return output


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(PRIVATE_UMASK)  # before anything is written: files for this account alone
    args = build_parser().parse_args(argv)
    if args.command is None:
        from closeness_desktop.app import run

        return run(args)
    from closeness_desktop.cli import reporting

    # One line and a non-zero exit for every failure; the output's control characters escaped.
    return reporting.run(args, run_command)


__all__ = ["COMMANDS", "CommandError", "build_parser", "main", "run_command"]
