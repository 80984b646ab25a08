"""Special days from the command line: ``closeness days`` and ``closeness day add``."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from closeness_desktop.cli.parsing import Command, Parser

if TYPE_CHECKING:
    from closeness_desktop.cli.parsing import Subcommands
    from closeness_desktop.household import Household

KINDS = ("anniversary", "birthday", "own")


def real_date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{value}” is not a real date; write it as YEAR-MONTH-DAY, e.g. 2021-12-08"
        ) from None


def _declare_days(commands: Subcommands, common: Parser) -> None:
    commands.add_parser(
        "days",
        parents=[common],
        help="list your special days and how long until each",
        description="List the anniversaries, birthdays and days of your own, soonest first,"
        " with how many days until each; past “once” days come last, without a countdown.",
    )


def _declare_day(commands: Subcommands, common: Parser) -> None:
    day = commands.add_parser(
        "day",
        parents=[common],
        help="add a special day",
        description="Keep a special day: it counts down on the timeline and the greeting"
        " remembers it on the day.",
    )
    actions = day.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)
    actions.required = True
    add = actions.add_parser("add", parents=[common], help="add a special day")
    add.add_argument("title", metavar="TITLE", help="what you call it, e.g. “Our anniversary”")
    add.add_argument(
        "--on", required=True, type=real_date, metavar="DATE", help="the date, e.g. 2021-12-08"
    )
    add.add_argument(
        "--kind", choices=KINDS, help="what kind of day (default: own; birthday with --partner)"
    )
    add.add_argument("--partner", metavar="NAME", help="whose birthday it is")
    add.add_argument(
        "--once", action="store_true", help="it happens once (a trip ahead), not every year"
    )


def _cmd_days(household: Household, _args: argparse.Namespace) -> str:
    from closeness_desktop import special_days as rules

    today = household.special_days.today()
    names = household.partners.names()
    days = household.special_days.all()
    if not days:
        return "No special days yet. Add one: closeness day add “Our anniversary” --on 2021-12-08"
    lines = []
    coming = rules.upcoming(days, today)
    for item in coming:
        whose = names.get(item.day.partner_id) if item.day.partner_id else None
        words = rules.countdown(item.day, today, whose)
        lines.append(f"{item.on:%a %-d %b %Y}  {words}")
    past = [day for day in days if rules.next_date(day, today) is None]
    lines += [f"{day.on_date:%a %-d %b %Y}  {day.title} (once, past)" for day in past]
    return "\n".join(lines)


def _cmd_day(household: Household, args: argparse.Namespace) -> str:
    from closeness_desktop import special_days as rules

    partner_id = household.partners.named(args.partner).id if args.partner else None
    kind = args.kind or ("birthday" if partner_id else "own")
    day = household.special_days.add(
        kind, args.title, args.on, yearly=not args.once, partner_id=partner_id
    )
    words = rules.countdown(day, household.special_days.today(), args.partner)
    return f"Kept “{day.title}”." + (f" {words}." if words else "")


COMMANDS = (
    Command("days", _declare_days, _cmd_days, reads_only=lambda _args: True),
    Command("day", _declare_day, _cmd_day, changes_data=lambda _args: True),
)
