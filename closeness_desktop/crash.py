"""Logging to a rotating file, and a last line of defence for unexpected errors.

An exception nobody caught is written to the log with its traceback and the user is told,
in a dialog that names the log file, what is true: every entry saved before is kept (each
one is committed, and synced to disk, when it is saved), but what was being written when
the error happened may not have been saved.

No person's text reaches the log or the dialog: an exception that carries an SQL statement
(SQLAlchemy's ``StatementError``) also carries the statement's parameters, the words of a
note or a name; its message is replaced by the driver's own first line. The engines hide
their parameters already (``hide_parameters``); this filter holds for any engine, and for
a message written with ``%s`` of such an exception too.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

log = logging.getLogger("closeness")

LOG_BYTES = 1_000_000
LOG_BACKUPS = 3
WITHHELD = "[the SQL and its parameters are withheld from the log]"


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error`` and the exceptions it was raised from or during, each once."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending += [e for e in (current.__cause__, current.__context__) if e is not None]


def _carries_sql(error: BaseException) -> bool:
    # Duck-typed, so that logging never imports SQLAlchemy: StatementError has both.
    return hasattr(error, "statement") and hasattr(error, "params")


def carries_sql(error: BaseException) -> bool:
    """True when ``error`` or an exception in its chain holds an SQL statement's parameters."""
    return any(_carries_sql(each) for each in _chain(error))


def safe_message(error: BaseException) -> str:
    """``error``'s message, or for one that carries SQL its driver's first line only."""
    if not _carries_sql(error):
        return str(error)
    orig = getattr(error, "orig", None)
    words = str(orig).strip().splitlines()[0] if orig is not None and str(orig).strip() else ""
    driver = f"({type(orig).__module__}.{type(orig).__name__}) " if orig is not None else ""
    return f"{driver}{words} {WITHHELD}".strip()


def _format_one(error: BaseException, tb: TracebackType | None) -> str:
    kind = type(error)
    name = kind.__qualname__
    if kind.__module__ not in ("builtins", "__main__"):
        name = f"{kind.__module__}.{name}"
    stack = "".join(traceback.format_tb(tb))
    head = "Traceback (most recent call last):\n" if stack else ""
    message = safe_message(error)
    return f"{head}{stack}{name}: {message}\n" if message else f"{head}{stack}{name}\n"


def format_exception(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> str:
    """The traceback as Python prints it; for a chain that carries SQL, the same with the
    messages of its SQL-carrying exceptions replaced by :func:`safe_message`."""
    if not carries_sql(error):
        return "".join(traceback.format_exception(kind, error, tb))
    parts: list[str] = []
    current: BaseException | None = error
    seen: set[int] = set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append(_format_one(current, tb if current is error else current.__traceback__))
        if current.__cause__ is not None:
            parts.append(
                "\nThe above exception was the direct cause of the following exception:\n\n"
            )
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            parts.append(
                "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
            current = current.__context__
        else:
            current = None
    # Collected from the last raised back to the first; Python prints the first first.
    return "".join(reversed(parts))


class WithholdSqlParameters(logging.Filter):
    """Rewrites a record whose exception (or ``%s`` argument) carries SQL parameters."""

    def filter(self, record: logging.LogRecord) -> bool:
        info = record.exc_info
        if info and info[1] is not None and carries_sql(info[1]):
            record.exc_text = format_exception(info[0] or type(info[1]), info[1], info[2])
            record.exc_info = None
        if isinstance(record.msg, BaseException) and carries_sql(record.msg):
            record.msg = safe_message(record.msg)
        if isinstance(record.args, tuple) and any(
            isinstance(arg, BaseException) and _carries_sql(arg) for arg in record.args
        ):
            record.args = tuple(
                safe_message(arg) if isinstance(arg, BaseException) else arg for arg in record.args
            )
        return True


def _file_handler(log_file: Path) -> logging.Handler:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(WithholdSqlParameters())
    return handler


def setup_logging(log_file: Path, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    root.addHandler(_file_handler(log_file))
    root.setLevel(level)


def log_unexpected(log_file: Path, error: BaseException) -> bool:
    """Write ``error``'s traceback (parameters withheld) to ``log_file`` alone; False if the
    log could not be written (a full disk, a read-only folder), which is said on stderr by
    the caller instead. For the command line, which keeps no log open."""
    try:
        handler = _file_handler(log_file)
    except OSError:
        return False
    try:
        record = log.makeRecord(
            log.name, logging.CRITICAL, __file__, 0, "unexpected error", (), None
        )
        record.exc_info = (type(error), error, error.__traceback__)
        handler.handle(record)
    finally:
        handler.close()
    return True


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]

SUMMARY = (
    "Something went wrong in Closeness. Everything you saved before this is kept; what you"
    " were writing just now may not have been saved, so please look for it before writing"
    " it again.\n\nThe details are in {log_file}"
)


def install_excepthook(log_file: Path, show: Callable[[str, str], None]) -> ExceptHook:
    """Route uncaught exceptions to the log and ``show(summary, details)``; returns the old hook."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        log.critical("unexpected error", exc_info=(kind, error, tb))
        details = format_exception(kind, error, tb)
        try:
            show(SUMMARY.format(log_file=log_file), details)
        except Exception:
            log.exception("could not show the error dialog")

    sys.excepthook = hook
    return previous
