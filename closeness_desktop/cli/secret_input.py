"""Asking a person for a passphrase, PIN or recovery code, and unlocking with it.

On a terminal the secret is typed without echo (getpass), and a new one twice; from a pipe
it is one line of standard input each (only the line's end is taken off), so a script can
give it. A secret is never printed, logged or put in an error message.
"""

from __future__ import annotations

import getpass
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from closeness_desktop.cli.parsing import CommandError
from closeness_desktop.cli.reporting import is_utf8

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.records import PartnerInfo


def on_terminal() -> bool:
    """Whether standard input is a person at a terminal (not a pipe or a file)."""
    stdin = sys.stdin
    try:
        return stdin is not None and stdin.isatty()
    except (OSError, ValueError):  # closed or detached
        return False


def read_secret(prompt: str, what: str) -> str:
    """One secret: typed without echo after ``prompt`` on a terminal, else the next line
    of standard input. ``what`` names it in errors ("passphrase", "recovery code")."""
    if on_terminal():
        try:
            secret = getpass.getpass(prompt)
        except EOFError:
            raise CommandError(f"no {what} was given; nothing was changed") from None
    else:
        if sys.stdin is None:
            raise CommandError(f"there is no standard input to read the {what} from")
        try:
            line = sys.stdin.readline()
        except UnicodeDecodeError:
            raise CommandError(f"the {what} is not valid text (UTF-8)") from None
        if not line:
            raise CommandError(f"no {what} was given on standard input; nothing was changed")
        secret = line.removesuffix("\n").removesuffix("\r")
    if not secret.strip():
        raise CommandError(f"no {what} was given; nothing was changed")
    if not is_utf8(secret):
        # Lone surrogates from undecodable bytes would fail deep inside the key derivation.
        raise CommandError(f"the {what} is not valid text (UTF-8)")
    return secret


def new_secret(name: str) -> str:
    """A new passphrase or PIN for ``name``: checked at once, and typed twice on a terminal."""
    from closeness_desktop.privacy.keys import secret_problem

    first = read_secret(f"New passphrase or PIN for {name}: ", "new passphrase")
    problem = secret_problem(first)
    if problem is not None:
        raise CommandError(problem)
    if on_terminal():
        again = read_secret("The same again, to be sure: ", "new passphrase")
        if again != first:
            raise CommandError("the two passphrases were not the same; nothing was changed")
    return first


def secret_word(kind: str | None) -> str:
    """What a partner's lock asks for: "PIN" or "passphrase"."""
    return "PIN" if kind == "pin" else "passphrase"


def unlock(household: Household, partner: PartnerInfo) -> None:
    """Ask ``partner``'s passphrase and unlock their private corner for this command.

    A wrong one is refused by the household (``LockRefused``, with the wait in words)."""
    state = household.privacy.state(partner.id)
    if not state.has_lock:
        raise CommandError(no_lock(partner.name))
    refuse_while_waiting(partner.name, state.next_try, household.clock.now())
    word = secret_word(state.kind)
    household.privacy.unlock(partner.id, read_secret(f"{partner.name}'s {word}: ", word))


def refuse_while_waiting(name: str, next_try: datetime | None, now: datetime) -> None:
    """Say the wait after wrong tries before a secret is asked for nothing."""
    if next_try is not None and next_try > now:
        from closeness_desktop.household.privacy import wait_in_words

        raise CommandError(
            f"{name}'s lock waits a little after wrong tries."
            f" Try again in {wait_in_words(next_try - now)}."
        )


def no_lock(name: str) -> str:
    return f"{name} has no lock yet: set one with “closeness lock set --partner {name}”"
