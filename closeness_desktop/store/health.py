"""Is the household's file sound? Looked at before SQLite opens it, every time.

At every open: the header (SQLite's magic, a possible page size, a length that matches),
the ``-wal`` against the ``-shm`` and against the database (a log that went missing, one
that is older than the database or from another copy of it), then ``PRAGMA quick_check``.
After an unclean exit (a mark left by a process that did not stop cleanly) the last step is
the full ``PRAGMA integrity_check`` instead.

A damaged household raises :class:`DamagedHouseholdError` before anything could write to it:
the checks read with plain file calls and a read-only SQLite connection, and the files stay
as they were, for inspection and for a restore that sets them aside.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from closeness_desktop.store import wal_fit
from closeness_desktop.store.errors import DamagedHouseholdError
from closeness_desktop.store.sqlite_files import (
    Header,
    open_elsewhere,
    read_header,
    read_wal,
    read_wal_index,
    shm_of,
    wal_of,
)

log = logging.getLogger(__name__)

NOT_A_DATABASE = (
    "its first bytes are not those of a database, so the start of the file was overwritten or lost"
)
BAD_HEADER = "its header was overwritten (it names a page size no database has)"
CUT_SHORT = "it is shorter than its own header says, so its end was cut off"
SQLITE_FOUND = "SQLite's own check found damage inside it"
#: {wal} is the name of the -wal file.
LOG_MISSING = (
    "the file with its latest changes ({wal}) is missing, so what was written last is not there"
)
LOG_NOT_ITS_OWN = "the file with its latest changes ({wal}) is not the one it was written with"
LOG_CUT = "the file with its latest changes ({wal}) was cut short"
LOG_STALE_OR_FOREIGN = (
    "the file with its latest changes ({wal}) is older than the household or comes from"
    " another copy of it; reading it would undo or mix in changes"
)
MAIN_MISSING = (
    "its main file is missing or empty, while the file with its latest changes ({wal}) is"
    " still there"
)
#: SQLite's error names that mean the file itself is damaged (not busy, not forbidden).
DAMAGE_ERRORS = frozenset(
    {"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_IOERR_SHORT_READ", "SQLITE_CORRUPT_INDEX"}
)


def check_at_open(database: Path) -> None:
    """Raise :class:`DamagedHouseholdError` if the household at ``database`` is damaged.

    A quick check; the full one when a process that had it open did not stop cleanly. Its
    mark is cleared once the household passed.
    """
    stale = stale_marks(database)
    if stale:
        log.info("a process did not close the household cleanly: checking all of it")
    found = problem(database, thorough=bool(stale))
    if found is not None:
        raise DamagedHouseholdError(database, found)
    for mark in stale:
        OpenMark(mark).remove()


class EarlyCheck:
    """:func:`check_at_open` on a thread of its own, started before the window is built.

    ``quick_check`` reads the whole file: about 60 ms for 100,000 entries (250 ms with a
    cold disk cache), on the way to the first page. SQLite leaves Python's lock while it
    reads, so the check runs beside the window and SQLAlchemy's import instead of after.
    """

    def __init__(self, database: Path) -> None:
        self.database = database
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="household check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            check_at_open(self.database)
        except BaseException as failure:  # handed to the opener, which raises it
            self._failure = failure

    def result(self) -> None:
        """Wait for the check; raise what :func:`check_at_open` raised, if anything."""
        self._thread.join()
        if self._failure is not None:
            raise self._failure


def problem(database: Path, *, thorough: bool = False) -> str | None:
    """What is wrong with the household at ``database``, in words; None when nothing is."""
    wal_name = wal_of(database).name
    if not database.exists() or database.stat().st_size == 0:
        wal = read_wal(wal_of(database))
        return MAIN_MISSING.format(wal=wal_name) if wal is not None and wal.frames else None
    header = read_header(database)
    if header is None:
        return NOT_A_DATABASE
    if not header.page_size_is_possible:
        return BAD_HEADER
    # While another process has it open, its -wal is alive and SQLite keeps it consistent;
    # reading it byte by byte then could catch it halfway through a write.
    if not open_elsewhere(database):
        found = _log_problem(database, header)
        if found is not None:
            return found.format(wal=wal_name)
    return sqlite_verdict(database, thorough=thorough)


def _log_problem(database: Path, header: Header) -> str | None:
    wal = read_wal(wal_of(database))
    index = read_wal_index(shm_of(database))
    if index is not None and index.holds_unsaved_frames:
        # The -shm of a process that stopped without closing: it knows which log it indexed.
        if wal is None:
            return LOG_MISSING
        if wal.salts != index.salts:
            return LOG_NOT_ITS_OWN
        if len(wal.frames) < index.frames:
            return LOG_CUT
    if wal is None or not wal.frames:
        size = database.stat().st_size
        short = header.pages is not None and size < header.pages * header.page_size
        return CUT_SHORT if short or size % header.page_size else None
    if wal.page_size != header.page_size:
        return LOG_STALE_OR_FOREIGN
    return None if wal_fit.fits(database, header, wal, index) else LOG_STALE_OR_FOREIGN


def sqlite_verdict(database: Path, *, thorough: bool) -> str | None:
    """SQLite's own check: ``quick_check``, or the full ``integrity_check`` when ``thorough``.

    None when it passes or could not run for a reason that is not damage (busy, not allowed):
    opening the household then says that itself. A household nobody has open (no ``-wal``,
    no ``-shm``) is read as immutable, which writes nothing beside it; should a process open
    it meanwhile and damage be found, the check runs again the ordinary read-only way.
    """
    sidecars = (wal_of(database), shm_of(database))
    if any(path.exists() for path in sidecars):
        return _run_check(database, "mode=ro", thorough)
    before = _signature(database)
    found = _run_check(database, "immutable=1", thorough)
    if found is None or (_signature(database) == before and not any(map(Path.exists, sidecars))):
        return found
    return _run_check(database, "mode=ro", thorough)


def _signature(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_ino, info.st_size, info.st_mtime_ns


def _run_check(database: Path, how: str, thorough: bool) -> str | None:
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        connection = sqlite3.connect(f"{database.resolve().as_uri()}?{how}", uri=True, timeout=5)
    except sqlite3.Error as exc:
        return _damage_or_none(database, exc)
    try:
        rows = connection.execute(f"PRAGMA {pragma}").fetchmany(1)
    except sqlite3.Error as exc:
        return _damage_or_none(database, exc)
    finally:
        connection.close()
    if rows == [("ok",)]:
        return None
    # SQLite's findings name pages, rows and indexes, never what was written in them.
    log.warning("%s of %s: %s", pragma, database, str(rows[0][0] if rows else "")[:200])
    return SQLITE_FOUND


def _damage_or_none(database: Path, exc: sqlite3.Error) -> str | None:
    name = str(getattr(exc, "sqlite_errorname", ""))
    if name in DAMAGE_ERRORS or name.startswith("SQLITE_CORRUPT"):
        log.warning("checking %s: %s (%s)", database, exc, name)
        return SQLITE_FOUND
    log.info("could not check %s (%s: %s); opening it will say why", database, name, exc)
    return None


# -- marks of processes that have the household open ------------------------------------


@dataclass(frozen=True)
class OpenMark:
    """A file saying "this process has the household open", removed when it closes it.

    One per process (host, pid and a token in its name), so the window, a command and the
    other account each keep their own; a mark whose process on this host is gone means an
    unclean exit.
    """

    path: Path

    def remove(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            return  # another process cleared it as stale: the same outcome
        except OSError as exc:
            log.warning("could not remove %s: %s", self.path, exc.strerror or exc)


def marks_folder(database: Path) -> Path:
    return database.with_name(f".{database.name}.open")


def mark_open(database: Path) -> OpenMark | None:
    """Leave this process's mark; None (and a line in the log) when the folder refuses."""
    folder = marks_folder(database)
    path = folder / f"{socket.gethostname()}.{os.getpid()}.{secrets.token_hex(4)}"
    try:
        folder.mkdir(exist_ok=True)
        path.touch(exist_ok=False)
    except OSError as exc:
        # Not fatal: only the full check after a crash is lost. A read-only folder, say.
        log.warning("could not mark %s as open: %s", database, exc.strerror or exc)
        return None
    return OpenMark(path)


def stale_marks(database: Path) -> list[Path]:
    """Marks left by processes of this host that are gone: each one an unclean exit."""
    if os.name != "posix":
        return []  # no harmless way to ask whether a process lives
    host = socket.gethostname()
    try:
        children = list(marks_folder(database).iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        log.warning("cannot look for unclean exits in %s: %s", database, exc.strerror or exc)
        return []
    stale = []
    for child in children:
        mark_host, _, rest = child.name.rpartition(".")[0].rpartition(".")
        if mark_host == host and rest.isdigit() and not _alive(int(rest)):
            stale.append(child)
    return stale


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another account's
    return True
