"""Reading a photo for the screen, off the window's thread, never more than it needs.

``QImageReader`` turns the photo upright from its EXIF orientation (``setAutoTransform``)
and refuses an image whose decoded size passes an allocation limit (a decompression bomb
would otherwise take all the memory). It applies ``setScaledSize`` before it rotates, so
the size asked for is turned the same way first.

:class:`ImageLoads` runs the reads on a small thread pool of its own and hands each
finished image back on the window's thread, by its key, with the problem in words when it
could not be read. A sealed photo (a private memory's) comes as bytes opened in memory,
read through a buffer with the same limit and the same turning: it is never on disk.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QObject,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader

log = logging.getLogger(__name__)

#: Megabytes one decoded image may take (Qt's own default is 256). A 50-megapixel photo
#: decoded whole is 200 MB; what the screen needs is scaled while it is read.
ALLOCATION_LIMIT_MB = 256
#: More pixels than any camera's photo: a file that claims more is refused unread.
MAX_PIXELS = 120_000_000
_TURNED = (
    QImageIOHandler.Transformation.TransformationRotate90,
    QImageIOHandler.Transformation.TransformationRotate270,
    QImageIOHandler.Transformation.TransformationMirrorAndRotate90,
    QImageIOHandler.Transformation.TransformationFlipAndRotate90,
)


class ImageProblem(Exception):
    """A photo that could not be shown; the message says why, in words."""


def read_image(source: Path | bytes, bound: QSize | None = None) -> QImage:
    """``source`` (a file, or a photo's bytes) as an upright image, scaled down (never up)
    to fit ``bound`` if given."""
    QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    if isinstance(source, bytes):
        buffer = QBuffer()
        buffer.setData(QByteArray(source))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)  # the buffer lives until the image is read, below
    elif not source.is_file():
        raise ImageProblem("The photo's file is missing from the data folder.")
    else:
        reader = QImageReader(str(source))
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid():
        raise ImageProblem(f"This file can't be read as a photo ({reader.errorString()}).")
    if size.width() * size.height() > MAX_PIXELS:
        megapixels = size.width() * size.height() // 1_000_000
        raise ImageProblem(f"This photo is too large to open safely ({megapixels:,} megapixels).")
    if bound is not None and bound.isValid():
        upright = size.transposed() if reader.transformation() in _TURNED else size
        if upright.width() > bound.width() or upright.height() > bound.height():
            fitted = upright.scaled(bound, Qt.AspectRatioMode.KeepAspectRatio)
            # Scaled before it is turned: ask in the file's own orientation.
            asked = fitted.transposed() if reader.transformation() in _TURNED else fitted
            reader.setScaledSize(asked)
    image = reader.read()
    if image.isNull():
        raise ImageProblem(f"This photo can't be shown ({reader.errorString()}).")
    return image


@dataclass(frozen=True)
class Loaded:
    key: str
    image: QImage | None
    problem: str


class _Finished(QObject):
    done = Signal(object)


#: A file to read, or a function that makes it first (a thumbnail) or gives the photo's
#: bytes (a sealed photo, opened in memory), run on the thread too.
Source = Path | Callable[[], Path | bytes]


class _Read(QRunnable):
    def __init__(self, key: str, source: Source, bound: QSize | None, finished: _Finished) -> None:
        super().__init__()
        self._key, self._source, self._bound, self._finished = key, source, bound, finished

    def run(self) -> None:
        try:
            found = self._source if isinstance(self._source, Path) else self._source()
            image = read_image(found, self._bound)
        except (ImageProblem, ValueError, OSError) as problem:
            # Said where the photo would be; the log keeps the kind of failure, no names.
            log.info("a photo could not be shown: %s", type(problem).__name__)
            self._finished.done.emit(Loaded(self._key, None, str(problem)))
        else:
            self._finished.done.emit(Loaded(self._key, image, ""))


class ImageLoads(QObject):
    """Photos read on threads of their own; ``loaded`` (a :class:`Loaded`) for each."""

    loaded = Signal(object)

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._finished = _Finished(self)
        # Queued: the worker's signal arrives on this object's (the window's) thread.
        self._finished.done.connect(self.loaded, Qt.ConnectionType.QueuedConnection)

    def load(self, key: str, source: Source, bound: QSize | None = None) -> None:
        self._pool.start(_Read(key, source, bound, self._finished))

    def wait(self) -> None:
        """Let the reads under way finish (before quitting, and in tests)."""
        self._pool.waitForDone()
