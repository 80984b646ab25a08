"""Logging to a rotating file, and a last line of defence for unexpected errors.

An exception nobody caught is written to the log with its traceback and the user is told,
in a dialog that names the log file, that nothing they wrote is lost: every change is
committed as it is made, so an error afterwards cannot take it back.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

log = logging.getLogger("closeness")

LOG_BYTES = 1_000_000
LOG_BACKUPS = 3


def setup_logging(log_file: Path, level: int = logging.INFO) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_excepthook(log_file: Path, show: Callable[[str, str], None]) -> ExceptHook:
    """Route uncaught exceptions to the log and ``show(summary, details)``; returns the old hook."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        log.critical("unexpected error", exc_info=(kind, error, tb))
        details = "".join(traceback.format_exception(kind, error, tb))
        summary = (
            "Something went wrong in Closeness. Nothing you wrote is lost: every entry is saved"
            f" the moment you save it.\n\nThe details are in {log_file}"
        )
        try:
            show(summary, details)
        except Exception:
            log.exception("could not show the error dialog")

    sys.excepthook = hook
    return previous
