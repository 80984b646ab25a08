"""Conversation prompts from the command line: ``closeness prompt`` prints the question on
offer; ``closeness prompt --answer TEXT [--as NAME]`` answers it."""

from __future__ import annotations

import argparse
import getpass
from typing import TYPE_CHECKING

from closeness_desktop.cli.household_commands import NO_HOUSEHOLD
from closeness_desktop.cli.parsing import Command, CommandError, Parser

if TYPE_CHECKING:
    from closeness_desktop.cli.parsing import Subcommands
    from closeness_desktop.household import Household
    from closeness_desktop.records import PartnerInfo


def _declare_prompt(commands: Subcommands, common: Parser) -> None:
    prompt = commands.add_parser(
        "prompt",
        parents=[common],
        help="print a question for the two of you, or answer it",
        description="Print the conversation question on offer (the same one the app offers);"
        " with --answer, answer it. Your answer stays hidden from your partner until they"
        " have answered too.",
    )
    prompt.add_argument("--answer", metavar="TEXT", help="your answer to the question")
    prompt.add_argument(
        "--as",
        dest="author",
        metavar="NAME",
        help="who is answering (default: the partner linked to this account)",
    )


def _cmd_prompt(household: Household, args: argparse.Namespace) -> str:
    if not household.partners.is_set_up():
        raise CommandError(NO_HOUSEHOLD)
    if args.author:
        who: PartnerInfo | None = household.partners.named(args.author)
    else:
        who = household.partners.for_account(getpass.getuser())
    # The question the other answered comes first: they wait to read this one's answer.
    waiting = household.prompts.waiting_for(who.id) if who is not None else None
    if waiting is not None and who is not None:
        seen = household.prompts.answers(waiting, who.id)
        key, question = seen.prompt_key, seen.question
    else:
        prompt = household.prompts.next_prompt()
        key, question = prompt.key, prompt.text
    if args.answer is None:
        return question
    if who is None:
        names = " or ".join(partner.name for partner in household.partners.all())
        raise CommandError(f"who is answering? add --as {names}")
    entry_id = household.prompts.answer(key, args.answer, who.id, entry_id=waiting)
    seen = household.prompts.answers(entry_id, who.id)
    other = household.partners.other(who.id).name
    lines = [f"Saved your answer to “{question}”"]
    if seen.theirs is not None and seen.theirs.body is not None:
        lines.append(f"{other}'s answer: {seen.theirs.body}")
    else:
        lines.append(f"{other} will read it once they have answered too.")
    return "\n".join(lines)


COMMANDS = (
    Command(
        "prompt",
        _declare_prompt,
        _cmd_prompt,
        changes_data=lambda args: args.answer is not None,
        reads_only=lambda args: args.answer is None,
    ),
)
