"""Small steps on files that the backups and the restore share: making a change reach the
disk, giving a copy the access of its original, and the system's words for a failure."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)


def same_access(path: Path, like: Path) -> None:
    """Give ``path`` the mode and group of ``like``: a copy is as private (or as shared with
    the household's group) as the household it copies."""
    try:
        info = like.stat()
        os.chmod(path, stat.S_IMODE(info.st_mode))
        if os.name == "posix" and path.stat().st_gid != info.st_gid:
            os.chown(path, -1, info.st_gid)
    except OSError as exc:
        log.warning("could not give %s the access of %s: %s", path, like, reason(exc))


def fsync(path: Path) -> None:
    """Make ``path`` (a file, or a folder after a rename in it) reach the disk."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        descriptor = os.open(path, flags)
    except OSError:
        if path.is_dir():
            return  # some systems cannot open a folder; the rename is still done
        raise
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def reason(exc: OSError) -> str:
    """The system's words for a failure ("no space left on device"), to end a sentence."""
    return exc.strerror.lower() if exc.strerror else str(exc)
