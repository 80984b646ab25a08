"""The command line: open the app, or set up and script a household.

Nothing here imports Qt or SQLAlchemy at module level: ``--help`` and ``--version`` answer
at once without a display, and the window paints before the database layer loads.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from closeness_desktop import APP_ID, __version__

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.paths import Paths


class CommandError(Exception):
    """A problem to report in one line, with a non-zero exit."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see “{self.prog} --help”)\n")


def _common() -> _Parser:
    # SUPPRESS keeps a value given before the subcommand from being reset after it.
    common = _Parser(add_help=False)
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


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(
        prog=APP_ID,
        parents=[common],
        description="Closeness keeps the small rituals of a couple: love notes, memories, "
        "date nights and check-ins, on one shared timeline. Without a command it opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    setup = commands.add_parser(
        "setup", parents=[common], help="create the household without the welcome screen"
    )
    setup.add_argument(
        "--partner",
        action="append",
        required=True,
        metavar="NAME",
        help="a partner's name; give it twice",
    )
    setup.add_argument(
        "--colour",
        action="append",
        metavar="#RRGGBB",
        help="each partner's colour, in the same order (optional)",
    )
    setup.add_argument(
        "--this-account",
        metavar="NAME",
        help="the partner who uses this computer account, if either",
    )

    note = commands.add_parser("note", parents=[common], help="leave a love note")
    note.add_argument("text", help="the note")
    note.add_argument(
        "--from",
        dest="author",
        metavar="NAME",
        help="who writes it (default: the partner linked to this account)",
    )
    note.add_argument(
        "--to", metavar="NAME", help="who it is for: a name, or “both” (default: the other partner)"
    )

    listing = commands.add_parser("list", parents=[common], help="print the newest entries")
    listing.add_argument("--limit", type=_positive, default=20, metavar="N")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")

    _add_ics(commands, common)
    return parser


def _add_ics(commands: argparse._SubParsersAction[_Parser], common: _Parser) -> None:
    ics = commands.add_parser(
        "ics", parents=[common], help="share date nights with other calendars (.ics files)"
    )
    actions = ics.add_subparsers(
        dest="ics_command", metavar="ACTION", required=True, parser_class=_Parser
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


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError("it must be 1 or more")
    return number


def _open(paths: Paths, database: str | None) -> Household:
    from closeness_desktop.clock import SystemClock
    from closeness_desktop.household import Household

    return Household.open(database or paths.database_url, SystemClock())


def _cmd_setup(household: Household, args: argparse.Namespace) -> str:
    colours = list(args.colour or [])
    if len(colours) > len(args.partner):
        raise CommandError("more colours than partners")
    colours += [None] * (len(args.partner) - len(colours))
    partners = household.partners.setup(
        args.partner, colours, this_account=args.this_account, os_account=getpass.getuser()
    )
    return f"Welcome, {partners[0].name} and {partners[1].name}. Your household is ready."


def _cmd_note(household: Household, args: argparse.Namespace) -> str:
    from closeness_desktop.household import Draft

    if not household.partners.is_set_up():
        raise CommandError("no household yet: run “closeness setup” or open the app first")
    if args.author:
        author = household.partners.named(args.author)
    else:
        linked = household.partners.for_account(getpass.getuser())
        if linked is None:
            names = " or ".join(partner.name for partner in household.partners.all())
            raise CommandError(f"who is writing? add --from {names}")
        author = linked
    if args.to is None:
        to = household.partners.other(author.id).id
    elif args.to.strip().casefold() == "both":
        to = None
    else:
        to = household.partners.named(args.to).id
    household.entries.add(Draft.note(author.id, args.text, to))
    recipient = "both of you" if to is None else household.partners.get(to).name
    return f"Note left for {recipient}."


def _cmd_list(household: Household, args: argparse.Namespace) -> str:
    from closeness_desktop.humanize import describe_entry
    from closeness_desktop.records import TimelineFilter

    names = {partner.id: partner.name for partner in household.partners.all()}
    rows = household.entries.page(TimelineFilter(), limit=args.limit).rows
    if args.json:
        return "\n".join(
            json.dumps(
                {
                    "id": str(row.id),
                    "kind": row.kind.value,
                    "author": names.get(row.author_id),
                    "to": names.get(row.addressee_id) if row.addressee_id else None,
                    "title": row.title,
                    "text": row.body,
                    "place": row.place,
                    "when": row.occurred_at.isoformat(),
                    "mood": row.mood,
                    "feelings": row.feelings,
                    "delivered_at": row.delivered_at.isoformat() if row.delivered_at else None,
                },
                ensure_ascii=False,
            )
            for row in rows
        )
    if not rows:
        return "The timeline is empty: leave a first note with “closeness note”."
    now = household.clock.now()
    zone = household.clock.local_zone()
    return "\n".join(describe_entry(row, names, now, zone) for row in rows)


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


_COMMANDS = {"setup": _cmd_setup, "note": _cmd_note, "list": _cmd_list, "ics": _cmd_ics}


def _changes_entries(args: argparse.Namespace) -> bool:
    """True for the commands after which a running app should look again."""
    if args.command == "ics":
        return bool(args.ics_command == "import" and args.yes)
    return bool(args.command == "note")


def run_command(args: argparse.Namespace) -> str:
    """Run a subcommand and return what to print; raises the household's errors."""
    from closeness_desktop.paths import resolve

    paths = resolve(getattr(args, "data_dir", None))
    household = _open(paths, getattr(args, "database", None))
    try:
        output = _COMMANDS[args.command](household, args)
    finally:
        household.close()
    if _changes_entries(args):
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
