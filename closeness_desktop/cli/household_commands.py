"""Commands on the household itself: set it up, leave a note, list the timeline."""

from __future__ import annotations

import argparse
import getpass
import json
from typing import TYPE_CHECKING

from closeness_desktop.cli.parsing import Command, CommandError, Parser, positive

if TYPE_CHECKING:
    from closeness_desktop.cli.parsing import Subcommands
    from closeness_desktop.household import Household


def _declare_setup(commands: Subcommands, common: Parser) -> None:
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


def _declare_note(commands: Subcommands, common: Parser) -> None:
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


def _declare_list(commands: Subcommands, common: Parser) -> None:
    listing = commands.add_parser("list", parents=[common], help="print the newest entries")
    listing.add_argument("--limit", type=positive, default=20, metavar="N")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")


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


COMMANDS = (
    Command("setup", _declare_setup, _cmd_setup),
    Command("note", _declare_note, _cmd_note, changes_data=lambda _args: True),
    Command("list", _declare_list, _cmd_list),
)
