"""Where Closeness keeps its files, and who may read them.

The data folder holds the household (the database and, later, photos); both OS accounts of
a household may point at the same one with ``--data-dir`` or ``CLOSENESS_DATA_DIR``. Logs
and per-account window state stay with the OS account.

Everything is private to the account: folders 0700, files 0600. A data folder that was
shared with ``closeness share`` (setgid, group read-write-execute: 2770) is the one
exception: there the household's files are 0660 in the household's group, so the other
account can write to the database, its ``-wal`` and its ``-shm``.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from closeness_desktop import APP_ID

log = logging.getLogger(__name__)

DATA_DIR_ENV = "CLOSENESS_DATA_DIR"
DATABASE_FILE = "closeness.sqlite3"

#: What a process of Closeness creates is for this account alone...
PRIVATE_UMASK = 0o077
#: ...or, in a shared data folder, for the household's group too.
SHARED_UMASK = 0o007
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600
SHARED_FOLDER, SHARED_FILE = 0o2770, 0o660
#: Folders inside the data folder that hold only Closeness's files (backups, photos).
#: Anything else there is someone else's and keeps its modes.
OWN_SUBFOLDERS = ("backups", "photos")


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def database_file(self) -> Path:
        return self.data_dir / DATABASE_FILE

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.database_file}"

    @property
    def log_file(self) -> Path:
        return self.log_dir / f"{APP_ID}.log"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "window.ini"


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """The folders to use: ``data_dir`` if given, else the environment, else the platform's."""
    import platformdirs

    chosen = data_dir or os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_ID)
    return Paths(
        data_dir=Path(chosen).expanduser().resolve(),
        config_dir=Path(platformdirs.user_config_dir(APP_ID)),
        log_dir=Path(platformdirs.user_log_dir(APP_ID)),
    )


def is_shared(folder: Path) -> bool:
    """True for a data folder shared with a group (setgid, the group may read, write, enter).

    The folder's own bits decide, not this account's groups: an account that was added to
    the group but has not logged in again must not close the folder to the other.
    """
    if os.name != "posix":
        return False
    try:
        info = folder.stat()
    except OSError:
        return False
    group_rwx = info.st_mode & stat.S_IRWXG == stat.S_IRWXG
    return bool(info.st_mode & stat.S_ISGID) and group_rwx


def household_files(data_dir: Path, *, deep: bool = True) -> Iterator[Path]:
    """The data folder's own files and folders: the database with its ``-wal``, ``-shm``,
    set-aside copies and marks of who has it open, and whatever :data:`OWN_SUBFOLDERS`
    hold (``deep``), or only those folders themselves. Links are not followed.

    Only these, because ``--data-dir`` may point at a folder that holds other things too.
    """
    try:
        children = sorted(data_dir.iterdir())
    except FileNotFoundError:
        return
    except OSError as problem:
        # Another account's folder: opening the household will say so in words.
        log.info("cannot look inside %s: %s", data_dir, problem.strerror or problem)
        return
    for child in children:
        if child.is_symlink():
            continue
        # The database's own (closeness.sqlite3-wal, a set-aside copy, .closeness.sqlite3.open).
        databases = child.name.removeprefix(".").startswith(DATABASE_FILE)
        if databases and child.is_file():
            yield child
        elif (databases or child.name in OWN_SUBFOLDERS) and child.is_dir():
            yield from _tree(child) if deep else (child,)


def _tree(folder: Path) -> Iterator[Path]:
    yield folder
    for root, folders, files in os.walk(folder, onerror=_walk_error):
        for name in (*folders, *files):
            path = Path(root, name)
            if not path.is_symlink():
                yield path


def _walk_error(problem: OSError) -> None:
    log.warning("cannot look inside %s: %s", problem.filename, problem.strerror or problem)


def _account_folders(paths: Paths) -> list[Path]:
    folders = [paths.config_dir, paths.log_dir]
    # platformdirs puts the log in <state>/closeness/log: that "closeness" is ours as well.
    if paths.log_dir.parent.name == APP_ID:
        folders.insert(1, paths.log_dir.parent)
    return folders


def _set_mode(path: Path, mode: int) -> None:
    """``mode`` on a file or folder of this account; another account's is left alone."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode) or info.st_uid != os.geteuid():
            return
        if stat.S_IMODE(info.st_mode) != mode:
            path.chmod(mode)
    except FileNotFoundError:
        return  # removed meanwhile (SQLite drops its -wal on close)
    except OSError as problem:
        # Not fatal: the app still works, only less privately; say so in the log.
        log.warning("could not set the mode of %s: %s", path, problem.strerror or problem)


def make_private(paths: Paths) -> None:
    """Close this account's folders and files to everyone else, then set the umask that
    keeps what is created next the same way.

    Call it once at the start of the app and of every command, before anything is written.
    Folders that do not exist yet are created by whoever needs them, under the umask set here.
    """
    os.umask(PRIVATE_UMASK)
    if os.name != "posix":
        return  # modes mean little there; the account's own folders are private already
    shared = is_shared(paths.data_dir)
    for folder in _account_folders(paths):
        if shared:
            # The shared umask below would leave new folders open to this account's group.
            try:
                folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
            except OSError as problem:
                log.warning("could not make %s: %s", folder, problem.strerror or problem)
        if folder.is_dir():
            _set_mode(folder, PRIVATE_FOLDER)
            for path in _tree(folder):
                _set_mode(path, PRIVATE_FOLDER if path.is_dir() else PRIVATE_FILE)
    if paths.data_dir.is_dir():
        folder_mode, file_mode = (
            (SHARED_FOLDER, SHARED_FILE) if shared else (PRIVATE_FOLDER, PRIVATE_FILE)
        )
        _set_mode(paths.data_dir, folder_mode)
        # Not deep: what Closeness wrote inside its own folders was written under the umask,
        # and the folder closes it all anyway; a walk costs 92 ms a start at 10,000 photos.
        for path in household_files(paths.data_dir, deep=False):
            _set_mode(path, folder_mode if path.is_dir() else file_mode)
    if shared:
        os.umask(SHARED_UMASK)


def settle(path: Path) -> None:
    """Give a file Closeness has just made in the data folder the mode the folder asks for.

    SQLite creates a new database file 0644 less the umask, so in a shared folder a fresh
    copy (a backup, a restored database) would be read-only to the other account without
    this; its ``-wal`` and ``-shm`` then copy the database's mode by themselves.
    """
    if os.name != "posix":
        return
    shared = is_shared(path.parent)
    if path.is_dir():
        _set_mode(path, SHARED_FOLDER if shared else PRIVATE_FOLDER)
    else:
        _set_mode(path, SHARED_FILE if shared else PRIVATE_FILE)
