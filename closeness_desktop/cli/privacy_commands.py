"""The private corner from the command line: ``closeness lock`` (set, change, recover,
status), and the private and sealed notes and memories of ``note`` and ``memory``.

Each command is one process, so nothing stays unlocked after it: a command that needs a
partner's private corner asks their passphrase (:mod:`closeness_desktop.cli.secret_input`).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from datetime import datetime, time
from typing import TYPE_CHECKING

from closeness_desktop.cli.day_commands import real_date
from closeness_desktop.cli.parsing import NO_HOUSEHOLD, Command, CommandError, Parser
from closeness_desktop.cli.secret_input import (
    new_secret,
    no_lock,
    on_terminal,
    read_secret,
    refuse_while_waiting,
    secret_word,
    unlock,
)

if TYPE_CHECKING:
    from closeness_desktop.cli.parsing import Subcommands
    from closeness_desktop.household import Household
    from closeness_desktop.records import Draft, PartnerInfo

WRITE_IT_DOWN = (
    "Write it down now and keep it apart from this computer: it is shown only this once."
)


# -- closeness lock ---------------------------------------------------------------------


def _declare_lock(commands: Subcommands, common: Parser) -> None:
    lock = commands.add_parser(
        "lock",
        parents=[common],
        help="a passphrase for your private corner",
        description="Each partner can lock a private corner with a passphrase (or a PIN of six"
        " digits or more): private notes and memories are sealed under it, and shown only"
        " after it is given. On a terminal it is typed without being shown; from a pipe, each"
        " one is a line of standard input.",
    )
    actions = lock.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)
    actions.required = True
    for name, words in (
        ("set", "set a lock, and get the recovery code to write down"),
        ("change", "change the passphrase (the current one, then the new one)"),
        ("recover", "a new passphrase with the recovery code (the code, then the passphrase)"),
    ):
        action = actions.add_parser(name, parents=[common], help=words, description=words)
        action.add_argument(
            "--partner",
            metavar="NAME",
            help="whose lock (default: the partner linked to this account)",
        )
    actions.add_parser("status", parents=[common], help="who has a lock (no secrets are shown)")


def _cmd_lock(household: Household, args: argparse.Namespace) -> str:
    if not household.partners.is_set_up():
        raise CommandError(NO_HOUSEHOLD)
    if args.action == "status":
        return _status(household)
    partner = _whose(household, args.partner)
    if args.action == "set":
        return _set(household, partner)
    if args.action == "change":
        return _change(household, partner)
    return _recover(household, partner)


def _whose(household: Household, name: str | None) -> PartnerInfo:
    if name:
        return household.partners.named(name)
    linked = household.partners.for_account(getpass.getuser())
    if linked is None:
        names = " or ".join(partner.name for partner in household.partners.all())
        raise CommandError(f"whose lock is it? add --partner {names}")
    return linked


def _set(household: Household, partner: PartnerInfo) -> str:
    from closeness_desktop.household.privacy import FORGETTING

    if household.privacy.state(partner.id).has_lock:
        raise CommandError(
            f"{partner.name} has a lock already: change its passphrase with"
            f" “closeness lock change --partner {partner.name}”"
        )
    # Said before the passphrase is asked, so it is read before it is agreed to.
    _say(FORGETTING)
    secret = new_secret(partner.name)
    code = household.privacy.set_lock(partner.id, secret)
    word = secret_word(household.privacy.state(partner.id).kind)
    return f"{partner.name}'s private corner is locked with a {word}.\n" + _code_lines(code)


def _change(household: Household, partner: PartnerInfo) -> str:
    state = household.privacy.state(partner.id)
    if not state.has_lock:
        raise CommandError(no_lock(partner.name))
    refuse_while_waiting(partner.name, state.next_try, household.clock.now())
    word = secret_word(state.kind)
    old = read_secret(f"{partner.name}'s current {word}: ", f"current {word}")
    # Checked before the new one is typed (twice, on a terminal) for nothing.
    household.privacy.unlock(partner.id, old)
    new = new_secret(partner.name)
    household.privacy.change_secret(partner.id, old, new)
    now = secret_word(household.privacy.state(partner.id).kind)
    return f"{partner.name}'s {now} is changed; the recovery code stays the same."


def _recover(household: Household, partner: PartnerInfo) -> str:
    state = household.privacy.state(partner.id)
    if not state.has_lock:
        raise CommandError(no_lock(partner.name))
    refuse_while_waiting(partner.name, state.next_try, household.clock.now())
    code = read_secret(f"{partner.name}'s recovery code: ", "recovery code")
    new = new_secret(partner.name)
    fresh = household.privacy.recover(partner.id, code, new)
    word = secret_word(household.privacy.state(partner.id).kind)
    return (
        f"{partner.name}'s private corner opens with the new {word}. The old recovery code"
        " opens nothing now; here is the new one.\n" + _code_lines(fresh)
    )


def _status(household: Household) -> str:
    now = household.clock.now()
    lines = []
    for partner in household.partners.all():
        state = household.privacy.state(partner.id)
        if not state.has_lock:
            lines.append(f"{partner.name}: no lock")
            continue
        line = f"{partner.name}: locked with a {secret_word(state.kind)}"
        if state.next_try is not None and state.next_try > now:
            from closeness_desktop.household.privacy import wait_in_words

            wait = wait_in_words(state.next_try - now)
            line += f" (after wrong tries, the next is heard in {wait})"
        lines.append(line)
    return "\n".join(lines)


def _code_lines(code: str) -> str:
    return f"Recovery code: {code}\n{WRITE_IT_DOWN}"


def _say(words: str) -> None:
    sys.stdout.write(words + "\n")
    sys.stdout.flush()


# -- private and sealed notes -----------------------------------------------------------


def declare_note_options(note: Parser) -> None:
    note.add_argument(
        "--private",
        action="store_true",
        help="keep it just for you, sealed under your passphrase (it goes to no one)",
    )
    note.add_argument(
        "--sealed-until",
        type=real_date,
        metavar="DATE",
        help="seal it for your partner until the start of DATE, e.g. 2027-02-14",
    )
    note.add_argument(
        "--on-arrival",
        action="store_true",
        help="with --sealed-until: it opens at your partner's first arrival from DATE",
    )


def declare_private_option(parser: Parser, what: str) -> None:
    parser.add_argument(
        "--private",
        action="store_true",
        help=f"keep the {what} just for you, sealed under your passphrase",
    )


def check_note_options(args: argparse.Namespace) -> None:
    """Refuse a combination that cannot be, before anything is read or asked."""
    if args.private and args.sealed_until is not None:
        raise CommandError("a note is either private or sealed for your partner, not both")
    if args.on_arrival and args.sealed_until is None:
        raise CommandError("--on-arrival goes with --sealed-until DATE: from which day?")
    if args.private and args.to is not None:
        raise CommandError("a private note goes to no one: leave out --to")
    if args.private and args.text == "-" and not on_terminal():
        raise CommandError(
            "the note and the passphrase cannot both come from standard input:"
            " give the note with --file"
        )


def is_private_or_sealed(args: argparse.Namespace) -> bool:
    return bool(args.private or args.sealed_until is not None)


def leave_note(
    household: Household, args: argparse.Namespace, author: PartnerInfo, text: str
) -> str:
    """A private note (after the author's passphrase), or a sealed note for the other."""
    from closeness_desktop.humanize import day_name
    from closeness_desktop.records import Draft

    if args.private:
        unlock(household, author)
        household.entries.add(replace(Draft.note(author.id, text), private=True))
        return f"Kept a private note, just for {author.name}."
    other = household.partners.other(author.id)
    if args.to is not None and (
        args.to.strip().casefold() == "both" or household.partners.named(args.to).id != other.id
    ):
        raise CommandError(
            f"a sealed note is for your partner: leave out --to, or give {other.name}"
        )
    zone = household.clock.local_zone()
    day = args.sealed_until
    if day <= household.clock.now().astimezone(zone).date():
        raise CommandError(
            f"a sealed note opens on a day ahead: {day_name(day)} is not after today"
        )
    opens = datetime.combine(day, time(0), zone)
    draft = Draft.note(author.id, text, other.id)
    household.entries.add(replace(draft, opens_at=opens, opens_with_arrival=args.on_arrival))
    if args.on_arrival:
        when = f"at their first arrival from {day_name(day)}"
        return f"Sealed a note for {other.name}: it opens {when}."
    return f"Sealed a note for {other.name}: it opens on {day_name(day)}."


def private_memory(household: Household, args: argparse.Namespace, draft: Draft) -> Draft:
    """``draft`` made private, after its author's passphrase (its photos are sealed too)."""
    unlock(household, household.partners.get(draft.author_id))
    return replace(draft, private=True)


COMMANDS = (
    Command(
        "lock",
        _declare_lock,
        _cmd_lock,
        changes_data=lambda args: args.action != "status",
        reads_only=lambda args: args.action == "status",
    ),
)
