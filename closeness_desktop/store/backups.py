"""Backups of a household kept in an SQLite file: made, checked, thinned and listed
(going back to one is ``restore``'s job).

A backup is a consistent copy made with SQLite's online backup API in one step, while the
household stays open and may be written to; it counts only once ``integrity_check`` passed
on the copy. Backups live in ``backups/`` beside the household's file and are thinned as
Anki thins its own.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from closeness_desktop.store.backup_files import BackupInfo, folder_for, listed, name_for, parse
from closeness_desktop.store.errors import StoreError
from closeness_desktop.store.file_steps import fsync, reason, same_access
from closeness_desktop.store.sqlite_files import MAGIC, quiet_uri

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

log = logging.getLogger(__name__)

#: Anki's defaults: the newest backup of each of 12 days, then of 10 weeks, then 9 months.
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
#: A half-written copy older than this was left by a process that was stopped mid-way.
PARTIAL_AGE = timedelta(days=1)


def make_backup(database: Path, now: datetime, zone: tzinfo = UTC) -> BackupInfo:
    """Copy the household at ``database`` into its backups folder, check it, thin the folder.

    :class:`StoreError` when no good copy could be made (a full disk, a damaged household);
    a half-made copy is removed, and the household is never written to.
    """
    folder = folder_for(database)
    try:
        folder.mkdir(exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".partial-", suffix=".sqlite3", dir=folder)
        os.close(handle)
    except OSError as exc:
        raise StoreError(f"Could not write a backup in {folder}: {reason(exc)}.") from None
    partial = Path(name)
    try:
        entries = _copy(database, partial)
        fsync(partial)
        final = _move_in(partial, folder, now, entries)
    except sqlite3.Error as exc:
        raise StoreError(f"Could not back up the household: {exc}.") from None
    except OSError as exc:
        raise StoreError(f"Could not write a backup in {folder}: {reason(exc)}.") from None
    finally:
        partial.unlink(missing_ok=True)
    same_access(final, database)
    thin(folder, now, zone)
    info = parse(final)
    assert info is not None, "made under a name parse() reads"
    log.info("backed up the household to %s", final)
    return info


def _copy(database: Path, target_file: Path) -> int:
    """The copy, checked; the number of entries it holds."""
    source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    target = sqlite3.connect(target_file)
    try:
        # One step (pages=-1, the default): a stepped backup starts again whenever another
        # connection writes, and never finishes while writes go on.
        source.backup(target)
        # A backup is one file, readable on its own: no -wal beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        verdict = target.execute("PRAGMA integrity_check").fetchmany(1)
        entries = count_entries(target)
    finally:
        target.close()
        source.close()
    if verdict != [("ok",)]:
        raise StoreError(
            "The backup made just now did not pass its check, so it was not kept; the"
            " household itself may be damaged (“closeness check” looks at it)."
        )
    return entries


def count_entries(connection: sqlite3.Connection) -> int:
    """The timeline's entries (not those in the trash); 0 for a file without any."""
    for query in (
        "SELECT count(*) FROM entries WHERE deleted_at IS NULL",
        "SELECT count(*) FROM entries",  # a schema from before the trash
    ):
        try:
            return int(connection.execute(query).fetchone()[0])
        except sqlite3.OperationalError:
            continue
    return 0


def _move_in(partial: Path, folder: Path, now: datetime, entries: int) -> Path:
    """Give the checked copy its dated name, never over another backup."""
    twin = 1
    while True:
        final = folder / name_for(now, entries, twin)
        try:
            os.link(partial, final)  # fails if the name is taken, unlike a rename
        except FileExistsError:
            twin += 1
            continue
        except OSError:
            if final.exists():  # a file system without links
                twin += 1
                continue
            os.rename(partial, final)
        fsync(folder)
        return final


def obsolete(backups: Iterable[BackupInfo], today: date, zone: tzinfo) -> list[BackupInfo]:
    """The backups thinning removes, as Anki decides it.

    All of today's and yesterday's stay. Going back from there, the newest of each day is
    kept until 12 days have one, then the newest of each week (weeks start on Monday) for
    10 weeks, then the newest of each month for 9 months; everything else goes.
    """
    yesterday = today.toordinal() - 1
    left = {"day": KEEP_DAILY, "week": KEEP_WEEKLY, "month": KEEP_MONTHLY}
    last = dict.fromkeys(left, 1 << 62)  # the day, week and month of the last one kept
    gone = []
    for backup in sorted(backups, reverse=True):
        local = backup.taken_at.astimezone(zone).date()
        day = local.toordinal()
        # Day 1 of the ordinal count was a Monday, so weeks run Monday to Sunday.
        here = {"day": day, "week": (day - 1) // 7, "month": local.year * 12 + local.month}
        if day < yesterday:
            stage = next((name for name in ("day", "week", "month") if left[name]), None)
            if stage is None or here[stage] >= last[stage]:
                gone.append(backup)
                continue
            left[stage] -= 1
        last = here
    return gone


def thin(folder: Path, now: datetime, zone: tzinfo = UTC) -> None:
    """Remove the backups :func:`obsolete` names, and copies a stopped process left half-made."""
    for backup in obsolete(listed(folder), now.astimezone(zone).date(), zone):
        _remove(backup.path)
    for partial in folder.glob(".partial-*.sqlite3"):
        try:
            old = partial.stat().st_mtime < (now - PARTIAL_AGE).timestamp()
        except FileNotFoundError:
            continue  # another process finished or removed it meanwhile
        if old:
            _remove(partial)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove the old backup %s: %s", path, reason(exc))


def list_backups(database: Path) -> list[BackupInfo]:
    """The household's backups, newest first."""
    return listed(folder_for(database))


def is_good_copy(path: Path, *, thorough: bool = False) -> bool:
    """True when ``path`` is a whole SQLite file that passes ``quick_check`` (or, when
    ``thorough``, ``integrity_check``). Read as immutable: nothing is written beside it."""
    try:
        with path.open("rb") as handle:
            if handle.read(len(MAGIC)) != MAGIC:
                return False
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        pragma = "integrity_check" if thorough else "quick_check"
        return connection.execute(f"PRAGMA {pragma}").fetchmany(1) == [("ok",)]
    except sqlite3.Error:
        return False
    finally:
        connection.close()


def newest_good(database: Path) -> BackupInfo | None:
    """The newest backup of the household that still passes its check."""
    return next((each for each in list_backups(database) if is_good_copy(each.path)), None)


def schema_of(path: Path) -> str | None:
    """The Alembic revision a backup is at; None when it holds no Closeness household."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return None if row is None else str(row[0])


def entries_in(database: Path) -> int:
    """How many entries the household at ``database`` holds, read without writing."""
    connection = sqlite3.connect(quiet_uri(database), uri=True, timeout=10)
    try:
        return count_entries(connection)
    finally:
        connection.close()


def household_file(url: str | URL) -> Path | None:
    """The SQLite file a database URL names; None for a server database or memory."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return None
    assert database is not None
    if parsed.query.get("uri") == "true" and database.startswith("file:"):
        database = unquote(database.removeprefix("file:"))  # a read-only SQLite URI
    return Path(database)
