"""One household database: sessions for reading, and a transaction for each operation.

The household's operations decide what a transaction holds; the store's area modules
(``entries``, ``plans``, ``ideas``...) say how, with the session they are handed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from closeness_desktop.records import SaveError
from closeness_desktop.store.engine import (
    SCHEMA_HEAD,
    ensure_schema,
    is_sqlite,
    open_engine,
    schema_revision,
)
from closeness_desktop.store.errors import StoreError
from closeness_desktop.store.health import EarlyCheck, OpenMark, mark_open

log = logging.getLogger(__name__)

BUSY = "the household is busy (another window or account is writing)"
FULL = "the disk is full"
READ_ONLY = "the household folder is read-only"
#: SQLite's primary result codes (``sqlite_errorname`` without its ``_EXTENDED`` part)
#: and PostgreSQL's SQLSTATEs that mean "nothing was written, and here is why".
_SQLITE_REASONS = {
    "SQLITE_BUSY": BUSY,
    "SQLITE_LOCKED": BUSY,
    "SQLITE_FULL": FULL,
    "SQLITE_READONLY": READ_ONLY,
    "SQLITE_PERM": "this computer account may not write to the household",
    "SQLITE_IOERR": "the disk could not be written to",
    "SQLITE_CANTOPEN": "the household file could not be opened",
    "SQLITE_CORRUPT": "the household file is damaged",
    "SQLITE_NOTADB": "the household file is damaged",
}
_SQLSTATE_REASONS = {
    "53100": FULL,  # disk_full
    "55P03": BUSY,  # lock_not_available
    "40P01": BUSY,  # deadlock_detected
    "57014": BUSY,  # query_canceled (a statement or lock timeout)
    "25006": READ_ONLY,  # read_only_sql_transaction
    "53300": "the database server has too many connections",
}


def write_failure(error: DBAPIError) -> str | None:
    """Why a write failed, in words, when the database said why; None for anything else
    (a bug, a broken constraint), which must reach the crash log as it is."""
    orig = error.orig
    name = getattr(orig, "sqlite_errorname", None)
    if isinstance(name, str):
        primary = "_".join(name.split("_")[:2])  # SQLITE_BUSY_TIMEOUT -> SQLITE_BUSY
        return _SQLITE_REASONS.get(primary)
    state = getattr(orig, "sqlstate", None)
    if isinstance(state, str):
        if state.startswith("08"):  # connection_exception
            return "the database server could not be reached"
        return _SQLSTATE_REASONS.get(state)
    return None


class Database:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        #: The transaction ``writing`` has open in this thread, which a nested one joins.
        self._open_write: ContextVar[Session | None] = ContextVar("open_write", default=None)
        #: This process's "open here" mark (``health``): left behind, it means a crash.
        self._mark: OpenMark | None = None

    @classmethod
    def open(
        cls,
        url: str,
        *,
        read_only: bool = False,
        early: EarlyCheck | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> Database:
        """Open (and if needed create or upgrade) the database at ``url``.

        ``read_only`` opens an existing SQLite file without writing to it (a copy on a
        read-only disk can still be read); it must already be at this version's schema.
        ``early``: the file's health check, started before (the window does, at start);
        ``now``: the household's clock, which names a backup made before an upgrade.
        """
        engine = open_engine(url, read_only=read_only, early=early)
        try:
            if read_only:
                _require_current_schema(engine)
            else:
                ensure_schema(engine, now)
        except BaseException:
            engine.dispose()
            raise
        database = cls(engine)
        file = engine.url.database if is_sqlite(engine) else None
        if not read_only and file not in (None, "", ":memory:"):
            database._mark = mark_open(Path(str(file)))
        return database

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises. A
        ``writing`` block inside another joins the outer one (committed with it).

        A write the database refuses for a reason a person can act on (busy past the
        busy timeout, disk full, read-only) raises :class:`SaveError` in words, with no
        SQL and no parameters attached: the place where every such failure is translated.
        """
        outer = self._open_write.get()
        if outer is not None:
            # Inside another write (an undo step made of several): one transaction for all.
            yield outer
            return
        try:
            with self._sessions() as session, session.begin():
                token = self._open_write.set(session)
                try:
                    yield session
                finally:
                    self._open_write.reset(token)
        except DBAPIError as error:
            reason = write_failure(error)
            if reason is None:
                raise
            # The driver's own words and code, never the statement or its parameters.
            log.warning("a write was refused: %s (%s)", reason, _driver_words(error))
            raise SaveError(reason) from None

    def close(self) -> None:
        self.engine.dispose()
        if self._mark is not None:
            self._mark.remove()
            self._mark = None


def _driver_words(error: DBAPIError) -> str:
    orig = error.orig
    code = getattr(orig, "sqlite_errorname", None) or getattr(orig, "sqlstate", None)
    first_line = str(orig).strip().splitlines()[0] if str(orig).strip() else ""
    return f"{type(orig).__name__} {code}: {first_line}"


def _require_current_schema(engine: Engine) -> None:
    revision = schema_revision(engine)
    if revision is None:
        raise StoreError("There is no household in this database yet.")
    if revision != SCHEMA_HEAD:
        raise StoreError(
            "This household was written by another version of Closeness, and a read-only"
            " copy cannot be brought up to date: open it where it can be written to."
        )


__all__ = ["Database", "SaveError", "Session", "write_failure"]
