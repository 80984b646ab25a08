"""Everything out and back in: ``closeness export FILE`` and ``closeness import FILE``.

The archive is the one the window's File menu writes and reads (docs/export-format.md).
An import reads and checks the archive before it opens the household, so a refused one
leaves an empty folder as it was: no database is created for it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from closeness_desktop.cli.backup_commands import FileCommand
from closeness_desktop.cli.parsing import Command, CommandError, Parser

if TYPE_CHECKING:
    from closeness_desktop.cli.parsing import Subcommands
    from closeness_desktop.household import Household


def _declare_export(commands: Subcommands, common: Parser) -> None:
    export = commands.add_parser(
        "export",
        parents=[common],
        help="save everything (partners, entries, date nights, ideas, reminders) to one .zip",
    )
    export.add_argument("file", metavar="FILE", help="the archive to write (replaced once whole)")


def _declare_import(commands: Subcommands, common: Parser) -> None:
    importing = commands.add_parser(
        "import",
        parents=[common],
        help="bring in what a Closeness archive holds that this household does not have yet",
    )
    importing.add_argument("file", metavar="FILE", help="the .zip archive to read")


def _cmd_export(household: Household, args: argparse.Namespace) -> str:
    from closeness_desktop.household.archive_fields import shown

    path = Path(args.file)
    try:
        report = household.transfer.export_to(path)
    except OSError as error:
        reason = error.strerror or str(error)
        raise CommandError(f"could not write {shown(str(path), 200)}: {reason}") from None
    return report.summary()


def _check_archive(_url: str, args: argparse.Namespace) -> None:
    """Read and check the archive before the household is opened (or created)."""
    from closeness_desktop.household.archive_fields import ArchiveError
    from closeness_desktop.household.transfer import read_archive

    try:
        args.archive = read_archive(Path(args.file))
    except ArchiveError as error:
        raise _refused(args, error) from None


def _cmd_import(household: Household, args: argparse.Namespace) -> str:
    from closeness_desktop.household.archive_fields import ArchiveError
    from closeness_desktop.household.transfer import ArchiveIncomplete

    try:
        report = household.transfer.merge(args.archive)
    except ArchiveError as error:
        raise _refused(args, error) from None
    except ArchiveIncomplete as error:  # what stayed is one undo step, said in words
        raise CommandError(str(error)) from None
    return report.summary()


def _refused(args: argparse.Namespace, error: Exception) -> CommandError:
    from closeness_desktop.household.archive_fields import shown

    return CommandError(f"{shown(args.file, 200)}: {error} Nothing was imported.")


COMMANDS = (
    Command("export", _declare_export, _cmd_export, reads_only=lambda _args: True),
    FileCommand(
        "import",
        _declare_import,
        _cmd_import,
        changes_data=lambda _args: True,
        on_file=_check_archive,
    ),
)
