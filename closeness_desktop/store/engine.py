"""Opening a database for any SQLAlchemy URL, and keeping its schema current.

SQLite specifics (pragmas, WAL, the file check) live here and in ``search.py`` only, so a
household can later point at PostgreSQL through the same models.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

log = logging.getLogger(__name__)

#: The newest migration this version of Closeness knows. Checked against Alembic's own head
#: by a test, so start-up can compare revisions without importing Alembic.
SCHEMA_HEAD = "0004"
SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreError(Exception):
    """A database problem explained in one sentence a person can act on."""


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise StoreError(
            f"“{url}” is not a database address (expected e.g. sqlite:///path)."
        ) from None


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not SQLite before anything can write to it."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
        if head != SQLITE_MAGIC:
            raise StoreError(f"{path} is not a Closeness database; it was left untouched.")


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
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def open_engine(url: str) -> Engine:
    """An engine for ``url``, checked to answer; :class:`StoreError` if it cannot be used."""
    parsed = _parse(url)
    file_db = parsed.get_backend_name() == "sqlite" and parsed.database not in (
        None,
        "",
        ":memory:",
    )
    if file_db:
        assert parsed.database is not None
        path = Path(parsed.database)
        _check_sqlite_file(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Cannot create the folder {path.parent}: {exc.strerror or exc}."
            ) from None
    try:
        engine = create_engine(parsed)
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


def ensure_schema(engine: Engine) -> bool:
    """Bring the schema to :data:`SCHEMA_HEAD`; True if a migration ran.

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
    migrate.upgrade(engine)
    return True
