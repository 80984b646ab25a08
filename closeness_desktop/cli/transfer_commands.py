"""Everything out and back in: ``closeness export FILE`` and ``closeness import FILE``.

The archive is the one the window's File menu writes and reads (docs/export-format.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

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


def _cmd_import(household: Household, args: argparse.Namespace) -> str:
    from closeness_desktop.household.archive_fields import ArchiveError, shown

    try:
        report = household.transfer.import_from(Path(args.file))
    except ArchiveError as error:
        raise CommandError(f"{shown(args.file, 200)}: {error} Nothing was imported.") from None
    return report.summary()


COMMANDS = (
    Command("export", _declare_export, _cmd_export, reads_only=lambda _args: True),
    Command("import", _declare_import, _cmd_import, changes_data=lambda _args: True),
)
