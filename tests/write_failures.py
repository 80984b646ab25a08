"""Real write failures for tests, made by SQLite itself: a full disk (``max_page_count`` at
the file's size, so the next page a write needs is refused with SQLITE_FULL) and a write
lock held by another connection (SQLITE_BUSY once the busy timeout has passed)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from closeness_desktop.household import Household

#: A note long enough to need new pages (overflow pages, FTS5 segments): about 4 pages.
LONG_NOTE = "I keep thinking about the walk by the river, the cold, your hand in mine. " * 200


@contextmanager
def on_every_connection(engine: Engine, run: Callable[[Any], None]) -> Iterator[None]:
    """``run(dbapi_connection)`` on each connection the engine opens while this lasts;
    the pool is emptied on the way in and out, so it holds for every connection."""

    def listener(connection: Any, _record: Any) -> None:
        run(connection)

    event.listen(engine, "connect", listener)
    engine.dispose()
    try:
        yield
    finally:
        event.remove(engine, "connect", listener)
        engine.dispose()


@contextmanager
def disk_full(household: Household) -> Iterator[None]:
    """The household's disk is full: no write may make its file any larger."""

    def cap(connection: Any) -> None:
        (pages,) = connection.execute("PRAGMA page_count").fetchone()
        connection.execute(f"PRAGMA max_page_count={pages}")

    with on_every_connection(household.database.engine, cap):
        yield


@contextmanager
def short_busy_timeout(household: Household, milliseconds: int = 50) -> Iterator[None]:
    """Give up on a held write lock after ``milliseconds`` instead of the app's 5 s."""

    def shorten(connection: Any) -> None:
        connection.execute(f"PRAGMA busy_timeout={milliseconds}")

    with on_every_connection(household.database.engine, shorten):
        yield


@contextmanager
def write_lock_held(database_file: Path) -> Iterator[None]:
    """Another connection (another account, another window) holds the write lock."""
    other = sqlite3.connect(database_file, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def database_file(household: Household) -> Path:
    name = household.database.engine.url.database
    assert name is not None
    return Path(name)
