"""Where a keepsake's PDF goes: checked before the year is read, then written whole.

Plain Python (no Qt), shared by the window and the command line.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def check_destination(path: Path) -> None:
    """Raise OSError (its words say why) unless a file can be written at ``path``: checked
    before the year is read, by making and removing a file beside it (a read-only disk and
    a folder closed to this account fail here, for root too)."""
    if path.is_dir():
        raise IsADirectoryError(0, "that is a folder, not a file name", str(path))
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(0, "there is no such folder", str(folder))
    handle, probe = tempfile.mkstemp(prefix=".our-year-", suffix=".part", dir=folder)
    os.close(handle)
    os.unlink(probe)


def save(path: Path, data: bytes) -> None:
    """Write ``data`` at ``path`` all at once: into a private file (0600, it holds your
    words) beside it, then renamed over it, so a failure leaves no half-written PDF."""
    handle, part = tempfile.mkstemp(prefix=".our-year-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, path)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise


__all__ = ["check_destination", "save"]
