"""Sharing the household folder with the other computer account: ``closeness share``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from closeness_desktop.cli.parsing import Command, CommandError, Parser

if TYPE_CHECKING:
    from closeness_desktop.cli.parsing import Subcommands
    from closeness_desktop.household import Household


def _declare_share(commands: Subcommands, common: Parser) -> None:
    share = commands.add_parser(
        "share",
        parents=[common],
        help="share the household folder with the other computer account",
        description="Open the household folder (--data-dir) to a group that holds both of"
        " your accounts, and close it to everyone else. Run as root, it makes the group and"
        " puts the --member accounts in it; otherwise it says which commands to run.",
    )
    share.add_argument(
        "--group", required=True, metavar="NAME", help="the household's group, e.g. “household”"
    )
    share.add_argument(
        "--member",
        action="append",
        metavar="ACCOUNT",
        help="an account to put in the group (as root); give it once for each of you",
    )


def _cmd_share(_household: Household, args: argparse.Namespace) -> str:
    from closeness_desktop.paths import resolve
    from closeness_desktop.sharing import ShareError, share_folder

    if getattr(args, "database", None):
        raise CommandError("share works on a household folder (--data-dir), not a --database")
    # The household was opened first on purpose: a folder shared before the household was
    # made still gets its database, group-writable like the rest.
    folder = resolve(getattr(args, "data_dir", None)).data_dir
    try:
        result = share_folder(folder, args.group, args.member)
    except ShareError as problem:
        raise CommandError(str(problem)) from None
    return result.words()


COMMANDS = (Command("share", _declare_share, _cmd_share),)
