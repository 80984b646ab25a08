"""Memories with photos from the command line: ``closeness memory``, for bringing in an
old photo folder; and the photos' part of ``closeness check`` and ``closeness list --json``."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import TYPE_CHECKING

from closeness_desktop.cli import privacy_commands
from closeness_desktop.cli.day_commands import real_date
from closeness_desktop.cli.parsing import Command, CommandError, Parser

if TYPE_CHECKING:
    from closeness_desktop.cli.parsing import Subcommands
    from closeness_desktop.household import Household


def _declare_memory(commands: Subcommands, common: Parser) -> None:
    memory = commands.add_parser(
        "memory",
        parents=[common],
        help="keep a memory, with its photos if you like",
        description="Keep a memory of a day, with photos copied into the household folder"
        " (upright, without where they were taken, each kept once however often it is added)."
        " If a photo cannot be read, nothing is kept and the reason is said.",
    )
    memory.add_argument("title", metavar="TITLE", help="what you call it, e.g. “Lake day”")
    memory.add_argument(
        "--on", required=True, type=real_date, metavar="DATE", help="the day, e.g. 2019-07-14"
    )
    memory.add_argument("--place", default="", metavar="TEXT", help="where it was")
    memory.add_argument("--text", default="", metavar="TEXT", help="what you remember of it")
    memory.add_argument(
        "--photo",
        action="extend",
        nargs="+",
        default=[],
        metavar="FILE",
        help="photos to keep with it (JPEG, PNG, WebP, GIF or HEIC); give as many as you like",
    )
    memory.add_argument(
        "--from",
        "--as",
        dest="author",
        metavar="NAME",
        help="whose memory it is (default: the partner linked to this account)",
    )
    privacy_commands.declare_private_option(memory, "memory (its words and photos, sealed)")


def _cmd_memory(household: Household, args: argparse.Namespace) -> str:
    from closeness_desktop.household import Draft

    if not household.partners.is_set_up():
        from closeness_desktop.cli.household_commands import NO_HOUSEHOLD

        raise CommandError(NO_HOUSEHOLD)
    if args.author:
        author = household.partners.named(args.author)
    else:
        linked = household.partners.for_account(getpass.getuser())
        if linked is None:
            names = " or ".join(partner.name for partner in household.partners.all())
            raise CommandError(f"whose memory is it? add --from {names}")
        author = linked
    zone = household.clock.local_zone()
    draft = Draft.memory(author.id, args.title, args.on, zone, text=args.text, place=args.place)
    if args.private:
        draft = privacy_commands.private_memory(household, args, draft)
    paths = [Path(each) for each in args.photo]
    record, photos = household.photos.add_memory(draft, paths)
    day = f"{args.on:%-d %B %Y}"
    if args.private:
        kept = f"Kept the private memory “{record.title}” of {day}"
        if paths:
            kept += f", with {_photos(len(photos))} sealed"
        return f"{kept}, just for {author.name}."
    if not paths:
        return f"Kept the memory “{record.title}” of {day}."
    return f"Kept the memory “{record.title}” of {day}, with {_photos(len(photos))}."


def _photos(count: int) -> str:
    return "1 photo" if count == 1 else f"{count:,} photos"


def photo_check(url: str, args: argparse.Namespace) -> str:
    """The photos' part of ``closeness check``, in words; writes nothing anywhere."""
    from closeness_desktop.household.photo_files import check_at
    from closeness_desktop.paths import resolve

    return check_at(url, resolve(getattr(args, "data_dir", None)).data_dir).words()


COMMANDS = (Command("memory", _declare_memory, _cmd_memory, changes_data=lambda _args: True),)
