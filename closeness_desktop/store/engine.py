"""Opening a database for any SQLAlchemy URL, and keeping its schema current.

SQLite specifics (pragmas, WAL, the file check) live here and in ``search.py`` only, so a
household can later point at PostgreSQL through the same models.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from closeness_desktop.store import backups, health
from closeness_desktop.store.errors import DamagedHouseholdError, StoreError

log = logging.getLogger(__name__)

#: The newest migration this version of Closeness knows. Checked against Alembic's own head
#: by a test, so start-up can compare revisions without importing Alembic.
SCHEMA_HEAD = "0008"
SQLITE_MAGIC = b"SQLite format 3\x00"


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise StoreError(
            f"“{url}” is not a database address (expected e.g. sqlite:///path)."
        ) from None


def _check_sqlite_file(path: Path, early: health.EarlyCheck | None) -> None:
    """Refuse a damaged household before anything can write to it (``health``), offering
    the newest backup that is still good. A file where the household should be whose first
    bytes are not SQLite's is a damaged household, not "another program's file".

    ``early`` is the same check, already started for this file: its verdict is awaited.
    """
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    try:
        if early is not None and early.database == path:
            early.result()
        else:
            health.check_at_open(path)
    except DamagedHouseholdError as damaged:
        raise damaged.offering(backups.newest_good(path)) from None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Writes begin IMMEDIATE: the write lock is taken (waiting up to busy_timeout) before
    # the transaction reads anything. A deferred one that read first and then finds another
    # connection (the other account, the command line) has written since fails at once
    # with "database is locked"; waiting cannot help it.
    dbapi_connection.isolation_level = "IMMEDIATE"
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # FULL: in WAL mode every commit syncs the log, so a note that was saved survives a
        # power cut too (NORMAL syncs only at checkpoints). It costs about 0.2 ms per
        # write here (docs/benchmarks.md, "Durable commits").
        cursor.execute("PRAGMA synchronous=FULL")
        # Deleted rows are overwritten with zeros: a private entry's sealed words, or a
        # sealed note's once it opens, do not linger in the file's free pages.
        cursor.execute("PRAGMA secure_delete=ON")
    finally:
        cursor.close()


def _read_only_url(parsed: URL, path: Path) -> URL:
    """``parsed`` as an SQLite URI that opens ``path`` for reading only.

    In WAL mode even a reader needs the ``-shm`` file; in a folder that cannot be written
    and has none, only ``immutable=1`` opens the file, and it ignores the ``-wal``. So a
    ``-wal`` with commits in it is refused rather than read past in silence.
    """
    if not path.is_file():
        raise StoreError(f"There is no household at {path}.")
    query = {"mode": "ro", "uri": "true"}
    shm, wal = (path.with_name(path.name + suffix) for suffix in ("-shm", "-wal"))
    if not shm.exists() and not os.access(path.parent, os.W_OK):
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(
                f"{wal.name} in the read-only folder {path.parent} holds changes that"
                " cannot be read without writing: copy the folder somewhere writable."
            )
        query["immutable"] = "1"
    return parsed.set(database=f"file:{quote(str(path))}", query=query)


def open_engine(
    url: str, *, read_only: bool = False, early: health.EarlyCheck | None = None
) -> Engine:
    """An engine for ``url``, checked to answer; :class:`StoreError` if it cannot be used.

    ``read_only`` (SQLite files only) opens an existing file without writing anything;
    ``early`` is the file's health check, if one was started before (:class:`EarlyCheck`).
    """
    parsed = _parse(url)
    file_db = parsed.get_backend_name() == "sqlite" and parsed.database not in (
        None,
        "",
        ":memory:",
    )
    if file_db:
        assert parsed.database is not None
        path = Path(parsed.database)
        _check_sqlite_file(path, early)
        if read_only:
            parsed = _read_only_url(parsed, path)
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"Cannot create the folder {path.parent}: {exc.strerror or exc}."
                ) from None
    try:
        # hide_parameters: an error's text never carries what a person wrote (a note's
        # words, a name) into a log or a traceback; the SQL alone is enough to debug.
        engine = create_engine(parsed, hide_parameters=True)
    except NoSuchModuleError:
        raise StoreError(f"Closeness cannot talk to “{parsed.drivername}” databases.") from None
    except ModuleNotFoundError as exc:
        raise StoreError(
            f"The driver for {parsed.drivername} is not installed ({exc.name})."
        ) from None
    if is_sqlite(engine):
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        if file_db:
            # Refuse another program's database before anything writes to it.
            schema_revision(engine)
        if file_db and not read_only:
            with engine.connect() as connection:
                # WAL lets a reader (the window) and a writer (a second account, the command
                # line) work at once. It is a property of the file, so set it once here.
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    except DBAPIError as exc:
        engine.dispose()
        reason = str(exc.orig).strip() or type(exc.orig).__name__
        where = parsed.render_as_string(hide_password=True)
        raise StoreError(f"Cannot open the database {where}: {reason}.") from None
    except StoreError:
        engine.dispose()
        raise
    return engine


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at, or None for an empty database.

    :class:`StoreError` if the database holds tables of another program.
    """
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        if "alembic_version" not in tables:
            if tables:
                raise StoreError(
                    "This database belongs to another program (it has tables Closeness does"
                    " not know); it was left untouched."
                )
            return None
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


def ensure_schema(engine: Engine, now: Callable[[], datetime] | None = None) -> bool:
    """Bring the schema to :data:`SCHEMA_HEAD`; True if a migration ran. ``now`` (the
    household's clock) names the backup made first; the system clock's when not given.

    Alembic is imported only when there is something to do: it costs about half a second.
    """
    current = schema_revision(engine)
    if current == SCHEMA_HEAD:
        return False
    from closeness_desktop.store import migrate

    if current is not None and not migrate.is_known_revision(current):
        raise StoreError(
            "This database was written by a newer version of Closeness; please update the app."
        )
    log.info("upgrading database schema from %s to %s", current, SCHEMA_HEAD)
    _back_up_before_upgrade(engine, current, now)
    migrate.upgrade(engine)
    return True


def _back_up_before_upgrade(
    engine: Engine, current: str | None, now: Callable[[], datetime] | None
) -> None:
    """A migration rewrites tables in place: keep a copy of the household as it was first.
    If no good copy can be made, the upgrade does not run (:class:`StoreError`)."""
    path = engine.url.database
    if current is None or not is_sqlite(engine) or path in (None, "", ":memory:"):
        return  # nothing to keep yet, or not a file
    if now is None:
        from closeness_desktop.clock import SystemClock

        now = SystemClock().now
    try:
        backups.make_backup(Path(path), now())
    except StoreError as problem:
        raise StoreError(f"{problem} So the household was not upgraded; nothing changed.") from None


# StoreError lives in errors.py (health and backups raise it too); it is still taken from here.
__all__ = [
    "SCHEMA_HEAD",
    "StoreError",
    "ensure_schema",
    "is_sqlite",
    "open_engine",
    "schema_revision",
]
