"""Where the photos live in the data folder, and the only code that writes or removes them.

    <data folder>/photos/<sha256[:2]>/<sha256>.<suffix>       one file per distinct photo
    <data folder>/photos/thumbnails/<size>/<sha256>.jpg       thumbnails, made on demand

A file's name is the SHA-256 of its bytes, so the same photo added twice is kept once and
a name from the database (an import, a damaged row) can never point outside the folder:
names are checked before they become paths. Every file is written to a temporary name in
its folder and renamed into place, so a reader never sees half a photo; it gets the mode
the data folder asks for (private, or the household's group in a shared folder). A
private memory's photo is kept sealed (``household.sealed_photos``): named by the SHA-256
of its sealed bytes, with the suffix ``sealed``; to this folder it is a file like any other.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from closeness_desktop.paths import settle

FOLDER = "photos"
THUMBNAILS = "thumbnails"
_SHA = re.compile(r"[0-9a-f]{64}")
_SUFFIX = re.compile(r"[a-z0-9]{1,8}")
#: A temporary file left by a write that was cut short starts with this.
_PARTIAL = ".partial-"


@dataclass(frozen=True)
class StoredFile:
    """A photo file found in the photo folder."""

    sha256: str
    suffix: str
    path: Path
    size: int


def checked(sha256: str, suffix: str) -> tuple[str, str]:
    """``sha256`` and ``suffix`` if they can name a file here, else :class:`ValueError`."""
    if not _SHA.fullmatch(sha256) or not _SUFFIX.fullmatch(suffix):
        raise ValueError("not a photo's name")
    return sha256, suffix


class PhotoFolder:
    """The photos folder of one household (``<data folder>/photos``)."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / FOLDER

    def path_of(self, sha256: str, suffix: str) -> Path:
        sha256, suffix = checked(sha256, suffix)
        return self.root / sha256[:2] / f"{sha256}.{suffix}"

    def thumbnail_path(self, sha256: str, size: int) -> Path:
        checked(sha256, "jpg")
        return self.root / THUMBNAILS / str(int(size)) / f"{sha256}.jpg"

    def keep(self, sha256: str, suffix: str, data: bytes) -> bool:
        """Make sure the photo's file is there with these bytes; True if it was written now.

        A file already there at the right size is trusted (its name is its content); one
        of another size (cut short by a crash elsewhere) is written again.
        """
        target = self.path_of(sha256, suffix)
        try:
            if target.stat().st_size == len(data):
                return False
        except FileNotFoundError:
            pass
        write_atomically(target, data)
        return True

    def files(self) -> list[StoredFile]:
        """Every photo file here (not thumbnails, not temporary files), by name."""
        found: list[StoredFile] = []
        try:
            folders = sorted(self.root.iterdir())
        except (FileNotFoundError, NotADirectoryError):
            return found  # no photos yet (the check says what the rows miss)
        for folder in folders:
            if folder.name == THUMBNAILS or not folder.is_dir() or folder.is_symlink():
                continue
            for path in sorted(folder.iterdir()):
                sha, dot, suffix = path.name.partition(".")
                if not dot or not _SHA.fullmatch(sha) or not _SUFFIX.fullmatch(suffix):
                    continue  # not ours (a temporary file, something a person put there)
                if sha[:2] == folder.name and path.is_file() and not path.is_symlink():
                    found.append(StoredFile(sha, suffix, path, path.stat().st_size))
        return found

    def remove(self, sha256: str) -> int:
        """Remove the photo's file (whatever its suffix) and its thumbnails; how many went."""
        checked(sha256, "jpg")
        removed = 0
        candidates = list((self.root / sha256[:2]).glob(f"{sha256}.*"))
        thumbnails = self.root / THUMBNAILS
        if thumbnails.is_dir():
            candidates += [folder / f"{sha256}.jpg" for folder in thumbnails.iterdir()]
        for path in candidates:
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                continue
        return removed


def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder."""
    folder = target.parent
    for each in reversed([each for each in (folder, *folder.parents) if not each.exists()]):
        each.mkdir(exist_ok=True)
        settle(each)  # private, or the household's group in a shared folder
    descriptor, temporary = tempfile.mkstemp(prefix=_PARTIAL, dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    settle(target)
