"""Photos given to the window by dropping files or by pasting.

What arrives is only a list of files: whether each one is a photo, and whether it is
safe to take in, is the household's to say (it reads every file itself, and says in
words what it refuses). A dropped folder gives the files directly inside it, in name
order; a pasted picture (copied from a browser or an image editor) has no file yet, so
it is written as a PNG into a private folder of this account first.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QImage

#: More files than any one memory should be given in one drop (a folder of years).
MAX_FILES = 200


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files in ``mime`` (a folder: the files directly inside it), at most
    :data:`MAX_FILES`."""
    found: list[Path] = []
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.is_dir():
            found.extend(sorted(child for child in path.iterdir() if child.is_file()))
        else:
            found.append(path)
    return found[:MAX_FILES]


def carries_photos(mime: QMimeData) -> bool:
    """Whether a drop or paste of ``mime`` could bring photos (files, or a picture)."""
    return mime.hasImage() or any(url.isLocalFile() for url in mime.urls())


def pasted_files(mime: QMimeData, folder: Path) -> list[Path]:
    """The files a paste brings: the copied files themselves, or the copied picture
    written as a PNG into ``folder`` (made private to this account)."""
    files = dropped_files(mime)
    if files or not mime.hasImage():
        return files
    image = mime.imageData()
    if not isinstance(image, QImage) or image.isNull():
        return []
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    handle, name = tempfile.mkstemp(prefix="pasted-", suffix=".png", dir=folder)
    os.close(handle)
    path = Path(name)
    if not image.save(str(path)):  # PNG, from the suffix
        path.unlink(missing_ok=True)
        raise OSError("The pasted picture could not be saved to be taken in.")
    # A name a person can read in the memory's captions, not the temporary one.
    readable = path.with_name(f"Pasted picture {uuid.uuid4().hex[:6]}.png")
    path.rename(readable)
    return [readable]
