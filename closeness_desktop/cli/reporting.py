"""How a command's outcome reaches the terminal: its output with control characters
escaped, and every failure as one line on stderr with a non-zero exit, never a traceback.

Failures a person can act on (the household's errors, a busy or full disk, bad text) are
said in their own words. Anything else is a bug: one line says so and where the log is,
and the traceback goes to that log with SQL parameters withheld (:mod:`closeness_desktop.crash`).
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
from collections.abc import Callable

from closeness_desktop import APP_ID
from closeness_desktop.cli.parsing import CommandError
from closeness_desktop.terminal_text import one_line, printable

FAILED = 1
#: 128 + SIGINT, what a shell reports for a program stopped with Ctrl+C.
INTERRUPTED = 130
#: Arguments that are file names: any bytes the OS allows, so not checked as text.
PATH_ARGUMENTS = frozenset({"data_dir", "file", "photo"})
#: What each text argument is, for "… is not valid text (UTF-8)".
ARGUMENT_WORDS = {
    "text": "the note",
    "partner": "a partner's name",
    "colour": "a colour",
    "author": "the name after --from",
    "to": "the name after --to",
    "this_account": "the name after --this-account",
    "planner": "the name after --as",
    "database": "the database address",
}


def fail(message: str) -> int:
    """Say ``message`` in one line on stderr; the exit status of a failure."""
    print(f"{APP_ID}: {one_line(message)}", file=sys.stderr, flush=True)
    return FAILED


def not_text(args: argparse.Namespace) -> str | None:
    """What is wrong when an argument is not valid UTF-8, else None.

    The OS hands undecodable bytes over as lone surrogates (PEP 383); they cannot be
    stored, and would only fail deep in the database driver.
    """
    for name, value in sorted(vars(args).items()):
        if name in PATH_ARGUMENTS:
            continue
        values = value if isinstance(value, list) else [value]
        for each in values:
            if isinstance(each, str) and not is_utf8(each):
                what = ARGUMENT_WORDS.get(name, f"the value of {name.replace('_', '-')}")
                return f"{what} is not valid text (UTF-8)"
    return None


def is_utf8(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (no lone surrogates from a bad terminal)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def show(output: str) -> int:
    """Print a command's output, its control characters escaped; 0, or 1 on a closed pipe."""
    if not output:
        return 0
    if isinstance(sys.stdout, io.TextIOWrapper):
        # A terminal encoding that lacks a character gets an escape for it, not a crash.
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        sys.stdout.write(printable(output) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # "closeness list | head": the reader left. As Python's documentation of SIGPIPE
        # advises, point stdout at devnull so the flush at exit cannot raise again, and
        # exit 1 without a word: the reader has what it wanted.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return FAILED
    return 0


def run(args: argparse.Namespace, command: Callable[[argparse.Namespace], str]) -> int:
    """Run ``command(args)`` and report its outcome; the exit status."""
    from closeness_desktop.household import ConflictError, NotFoundError, ValidationError
    from closeness_desktop.records import SaveError
    from closeness_desktop.store.database import BUSY
    from closeness_desktop.store.errors import StoreError

    root = logging.getLogger()
    if not root.handlers:
        # Warnings are said on stderr in words already; without a handler, logging would
        # print them a second time there (its "last resort"). Bugs go to the log file.
        root.addHandler(logging.NullHandler())
    problem = not_text(args)
    if problem is not None:
        return fail(problem)
    try:
        output = command(args)
    except KeyboardInterrupt:
        return _interrupted()
    except SaveError as error:
        later = "; try again in a moment" if str(error) == BUSY else ""
        return fail(f"nothing was saved: {error}{later}")
    except (CommandError, StoreError, ValidationError, NotFoundError, ConflictError) as error:
        return fail(str(error))
    except OSError as error:  # a folder that cannot be made, a socket that fails
        where = f" ({error.filename})" if error.filename else ""
        return fail(f"{error.strerror or error}{where}")
    except Exception as error:
        return _bug(args, error)
    try:
        return show(output)
    except KeyboardInterrupt:
        return _interrupted()


def _interrupted() -> int:
    fail("stopped; anything not reported as done may not have been saved")
    return INTERRUPTED


def _bug(args: argparse.Namespace, error: Exception) -> int:
    from closeness_desktop.crash import log_unexpected
    from closeness_desktop.paths import resolve

    log_file = resolve(getattr(args, "data_dir", None)).log_file
    if log_unexpected(log_file, error):
        return fail(f"something went wrong ({type(error).__name__}); the details are in {log_file}")
    return fail(f"something went wrong ({type(error).__name__}), and {log_file} cannot be written")
