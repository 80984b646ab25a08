"""Date nights to and from other calendars: ``closeness ics export|import``."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import TYPE_CHECKING

from closeness_desktop.cli.parsing import Command, CommandError, Parser

if TYPE_CHECKING:
    from closeness_desktop.cli.parsing import Subcommands
    from closeness_desktop.household import Household


def _declare_ics(commands: Subcommands, common: Parser) -> None:
    ics = commands.add_parser(
        "ics", parents=[common], help="share date nights with other calendars (.ics files)"
    )
    actions = ics.add_subparsers(
        dest="ics_command", metavar="ACTION", required=True, parser_class=Parser
    )
    export = actions.add_parser(
        "export", parents=[common], help="save every date night to a calendar file"
    )
    export.add_argument("file", metavar="FILE", help="the .ics file to write")
    importing = actions.add_parser(
        "import",
        parents=[common],
        help="show what a calendar file would add and update; import it with --yes",
    )
    importing.add_argument("file", metavar="FILE", help="the .ics file to read")
    importing.add_argument(
        "--yes", action="store_true", help="import it: every date night in it, or none"
    )
    importing.add_argument(
        "--as",
        dest="planner",
        metavar="NAME",
        help="who is recorded as having planned them "
        "(default: the partner linked to this account, else the first)",
    )


def _cmd_ics(household: Household, args: argparse.Namespace) -> str:
    if args.ics_command == "export":
        return _ics_export(household, Path(args.file))
    return _ics_import(household, Path(args.file), yes=args.yes, planner_name=args.planner)


def _ics_export(household: Household, path: Path) -> str:
    from closeness_desktop.agenda import date_nights
    from closeness_desktop.calendar_files import export_calendar

    data, count = export_calendar(household)
    try:
        path.write_bytes(data)
    except OSError as error:
        raise CommandError(f"could not write {path}: {error.strerror or error}") from None
    return f"Exported {date_nights(count)} to {path}."


def _ics_import(household: Household, path: Path, *, yes: bool, planner_name: str | None) -> str:
    from closeness_desktop.agenda import date_nights
    from closeness_desktop.calendar_files import preview_sections, read_calendar
    from closeness_desktop.dates.ical import CalendarFileError

    if not household.partners.is_set_up():
        raise CommandError("no household yet: run “closeness setup” or open the app first")
    if planner_name:
        planner = household.partners.named(planner_name)
    else:
        planner = household.partners.for_account(getpass.getuser()) or household.partners.all()[0]
    try:
        preview = read_calendar(household, path.read_bytes())
    except OSError as error:
        raise CommandError(f"could not read {path}: {error.strerror or error}") from None
    except CalendarFileError as error:
        raise CommandError(f"{path}: {error} Nothing was imported.") from None
    if not preview.plans:
        lines = [f"Skipped {item.title}: {item.reason}" for item in preview.skipped]
        return "\n".join([*lines, "There are no date nights in this file to import."])
    if yes:
        return f"Imported {date_nights(household.plans.import_calendar(preview, planner.id))}."
    lines = []
    for section in preview_sections(preview, household.clock.local_zone()):
        lines.append(f"{section.heading}:")
        lines += [f"  {line}" for line in section.lines]
    lines.append("Run again with --yes to import.")
    return "\n".join(lines)


def _imports(args: argparse.Namespace) -> bool:
    return bool(args.ics_command == "import" and args.yes)


COMMANDS = (Command("ics", _declare_ics, _cmd_ics, changes_data=_imports),)
