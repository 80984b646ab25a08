"""Commands on the household itself: set it up, leave a note, list the timeline (private
and sealed notes, and the private entries of ``list --partner``: ``privacy_commands``)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from closeness_desktop.cli import parsing, privacy_commands
from closeness_desktop.cli.parsing import Command, CommandError, Parser, positive
from closeness_desktop.cli.secret_input import unlock
from closeness_desktop.records import EntryKind

if TYPE_CHECKING:
    from closeness_desktop.cli.parsing import Subcommands
    from closeness_desktop.household import Household


#: What ``list --kind`` offers, in the timeline's filter order.
KINDS = tuple(EntryKind)
NO_HOUSEHOLD = parsing.NO_HOUSEHOLD  # kept here too: other commands import it from here


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
    given = note.add_mutually_exclusive_group(required=True)
    given.add_argument(
        "text", nargs="?", metavar="TEXT", help="the note; “-” reads it from standard input"
    )
    given.add_argument("--file", metavar="FILE", help="read the note from FILE (UTF-8)")
    note.add_argument(
        "--from",
        "--as",
        dest="author",
        metavar="NAME",
        help="who writes it (default: the partner linked to this account)",
    )
    note.add_argument(
        "--to", metavar="NAME", help="who it is for: a name, or “both” (default: the other partner)"
    )
    privacy_commands.declare_note_options(note)


def _declare_list(commands: Subcommands, common: Parser) -> None:
    listing = commands.add_parser("list", parents=[common], help="print the newest entries")
    listing.add_argument("--limit", type=positive, default=20, metavar="N")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.add_argument(
        "--search", metavar="WORDS", help="only entries with these words, as the window finds them"
    )
    listing.add_argument(
        "--kind",
        action="append",
        choices=[kind.value for kind in KINDS],
        help="only entries of this kind (give it again for more)",
    )
    listing.add_argument("--from", dest="author", metavar="NAME", help="only what NAME wrote")
    listing.add_argument(
        "--partner",
        metavar="NAME",
        help="also NAME's private entries (NAME's passphrase is asked)",
    )


def _cmd_setup(household: Household, args: argparse.Namespace) -> str:
    colours = list(args.colour or [])
    if len(colours) > len(args.partner):
        raise CommandError("more colours than partners")
    colours += [None] * (len(args.partner) - len(colours))
    partners = household.partners.setup(
        args.partner, colours, this_account=args.this_account, os_account=getpass.getuser()
    )
    return f"Welcome, {partners[0].name} and {partners[1].name}. Your household is ready."


def _read_note(source: BinaryIO, what: str) -> str:
    """A note's text from a file or standard input: UTF-8, at most a note's length."""
    from closeness_desktop.store.models import TEXT_MAX

    # Enough bytes for TEXT_MAX characters of four bytes each; more cannot be one note.
    data = source.read(4 * TEXT_MAX + 4)
    if source.read(1):
        raise CommandError(f"{what} is longer than a note can be ({TEXT_MAX:,} characters)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{what} is not valid text (UTF-8)") from None


def _note_text(args: argparse.Namespace) -> str:
    if args.file is not None:
        try:
            with Path(args.file).open("rb") as source:
                return _read_note(source, f"the note in {args.file}")
        except OSError as error:
            raise CommandError(f"could not read {args.file}: {error.strerror or error}") from None
    if args.text == "-":
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            raise CommandError("there is no standard input to read the note from")
        return _read_note(stdin, "the note from standard input")
    return str(args.text)


def _cmd_note(household: Household, args: argparse.Namespace) -> str:
    from closeness_desktop.household import Draft

    privacy_commands.check_note_options(args)
    text = _note_text(args)  # first: a file that cannot be read is told before anything else
    if not household.partners.is_set_up():
        raise CommandError(NO_HOUSEHOLD)
    if args.author:
        author = household.partners.named(args.author)
    else:
        linked = household.partners.for_account(getpass.getuser())
        if linked is None:
            names = " or ".join(partner.name for partner in household.partners.all())
            raise CommandError(f"who is writing? add --from {names}")
        author = linked
    if privacy_commands.is_private_or_sealed(args):
        return privacy_commands.leave_note(household, args, author, text)
    if args.to is None:
        to = household.partners.other(author.id).id
    elif args.to.strip().casefold() == "both":
        to = None
    else:
        to = household.partners.named(args.to).id
    household.entries.add(Draft.note(author.id, text, to))
    recipient = "both of you" if to is None else household.partners.get(to).name
    return f"Note left for {recipient}."


def _cmd_list(household: Household, args: argparse.Namespace) -> str:
    from closeness_desktop.cli.entry_text import entry_text
    from closeness_desktop.records import TimelineFilter
    from closeness_desktop.terminal_text import json_printable

    if not household.partners.is_set_up():
        raise CommandError(NO_HOUSEHOLD)
    names = {partner.id: partner.name for partner in household.partners.all()}
    author = household.partners.named(args.author).id if args.author else None
    if args.partner:
        # Only for this command: the next one is locked again, as every process starts.
        unlock(household, household.partners.named(args.partner))
    kinds = frozenset(EntryKind(kind) for kind in args.kind or ())
    wanted = TimelineFilter(text=args.search or "", kinds=kinds, author_id=author)
    rows = household.entries.page(wanted, limit=args.limit).rows
    if args.json:
        from closeness_desktop.cli.entry_json import entry_line
        from closeness_desktop.records import Responses

        ids = [row.id for row in rows]
        photos, answers = household.photos.of_entries(ids), household.responses.of_entries(ids)
        lines = (
            entry_line(row, names, photos.get(row.id, []), answers.get(row.id, Responses()))
            for row in rows
        )
        return "\n".join(json_printable(line) for line in lines)
    if not rows and wanted != TimelineFilter():
        return "Nothing on the timeline matches that."
    if not rows:
        return "The timeline is empty: leave a first note with “closeness note”."
    now = household.clock.now()
    zone = household.clock.local_zone()
    return "\n".join(entry_text(row, names, now, zone) for row in rows)


COMMANDS = (
    Command("setup", _declare_setup, _cmd_setup),
    Command("note", _declare_note, _cmd_note, changes_data=lambda _args: True),
    Command("list", _declare_list, _cmd_list, reads_only=lambda _args: True),
)
