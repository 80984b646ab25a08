"""Commands on the household's backups and soundness: back up, list, restore, check.

Listing, restoring and checking work on the household's file without opening it, so they
work on a damaged household too (a :class:`FileCommand`); every other command refuses a
damaged household in one line.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from closeness_desktop.cli.parsing import Command, Parser

if TYPE_CHECKING:
    from closeness_desktop.cli.parsing import Subcommands
    from closeness_desktop.household import Household
    from closeness_desktop.household.backups import Backups


@dataclass(frozen=True)
class FileCommand(Command):
    """A command that works on the household's file before it is opened (or instead)."""

    #: Given the database URL; what to print, or None to open the household for ``run``.
    on_file: Callable[[str, argparse.Namespace], str | None] = lambda _url, _args: None


def _backups(url: str) -> Backups:
    from closeness_desktop.clock import SystemClock
    from closeness_desktop.household.backups import Backups

    return Backups.of_url(url, SystemClock())


def _listing(url: str) -> str:
    backups = _backups(url)
    if not backups.possible:
        from closeness_desktop.household.backups import NOT_A_FILE

        return NOT_A_FILE
    found = backups.all()
    if not found:
        return "No backups yet: “closeness backup” makes one now."
    width = max(len(each.local_time_text()) for each in found)
    lines = [f"Backups of {backups.database}, newest first:"]
    lines += [
        f"  {each.local_time_text():<{width}}  {each.entries_text():>14}  {each.path}"
        for each in found
    ]
    return "\n".join(lines)


def _declare_backup(commands: Subcommands, common: Parser) -> None:
    backup = commands.add_parser(
        "backup", parents=[common], help="back the household up now (or list its backups)"
    )
    backup.add_argument("--list", action="store_true", help="list the backups instead")


def _declare_backups(commands: Subcommands, common: Parser) -> None:
    commands.add_parser("backups", parents=[common], help="list the backups, newest first")


def _declare_restore(commands: Subcommands, common: Parser) -> None:
    restore = commands.add_parser(
        "restore",
        parents=[common],
        help="go back to a backup; the household as it is now is set aside, not deleted",
    )
    restore.add_argument("file", metavar="FILE", help="the backup (see “closeness backups”)")


def _declare_check(commands: Subcommands, common: Parser) -> None:
    commands.add_parser(
        "check", parents=[common], help="check the household from end to end, changing nothing"
    )


def _backup_on_file(url: str, args: argparse.Namespace) -> str | None:
    return _listing(url) if args.list else None


def _cmd_backup(household: Household, _args: argparse.Namespace) -> str:
    made = household.backups.back_up()
    return f"Backed up {made.entries_text()} to {made.path}."


def _cmd_restore(url: str, args: argparse.Namespace) -> str:
    restored = _backups(url).restore(Path(args.file))
    said = f"Restored {_entries(restored.entries)} from {restored.backup}."
    if not restored.set_aside:
        return said
    names = ", ".join(path.name for path in restored.set_aside)
    return f"{said} What was there before is set aside beside it, not deleted: {names}."


def _cmd_check(url: str, args: argparse.Namespace) -> str:
    from closeness_desktop.cli.memory_commands import photo_check

    backups = _backups(url)
    entries = backups.check()
    newest = next(iter(backups.all()), None)
    said = f"Your household is sound: {_entries(entries)}, checked from end to end."
    said = f"{said} {photo_check(url, args)}"
    if newest is None:
        return f"{said} It has no backup yet: “closeness backup” makes one."
    return f"{said} The newest backup is from {newest.local_time_text()}."


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count:,} entries"


def _never_opened(_household: Household, _args: argparse.Namespace) -> str:
    raise AssertionError("a file command answers before the household is opened")


COMMANDS = (
    # A backup never makes a household: none yet is said in one line.
    FileCommand(
        "backup", _declare_backup, _cmd_backup, reads_only=lambda _a: True, on_file=_backup_on_file
    ),
    FileCommand("backups", _declare_backups, _never_opened, on_file=lambda url, _a: _listing(url)),
    FileCommand("restore", _declare_restore, _never_opened, on_file=_cmd_restore),
    FileCommand("check", _declare_check, _never_opened, on_file=_cmd_check),
)
