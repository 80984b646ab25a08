"""Small pictures of photos for the timeline's cards, never made on the window's thread.

A card asks :meth:`Thumbnails.pixmap` while it paints: the answer is the picture if it is
in memory, else None while it is made and read on a thread (the card paints a quiet
placeholder), and :attr:`Thumbnails.ready` names it once it is here, so the list
repaints. Pictures are kept in memory up to a budget in bytes, the least recently
painted going first; a photo that cannot be read is remembered with its problem, so it is
not tried again at every paint.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtGui import QPixmap

from closeness_desktop.ui.image_reading import ImageLoads, Loaded, Source

#: Bytes of pictures kept in memory: some 750 thumbnails at 1x, 190 at 2x.
BUDGET_BYTES = 48 * 1024 * 1024


class Thumbnails(QObject):
    """Thumbnails by key (a photo's content hash and size, say); see the module."""

    ready = Signal(str)

    def __init__(self, parent: QObject | None = None, budget: int = BUDGET_BYTES) -> None:
        super().__init__(parent)
        self._budget = budget
        self._kept: OrderedDict[str, QPixmap] = OrderedDict()
        self._bytes = 0
        self._asked: set[str] = set()
        self.problems: dict[str, str] = {}
        self._loads = ImageLoads(self, threads=2)
        self._loads.loaded.connect(self._loaded)

    def pixmap(self, key: str, source: Source, pixels: int) -> QPixmap | None:
        """The picture for ``key`` if it is here; else it is asked for (once) and None."""
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
            return found
        if key not in self._asked and key not in self.problems:
            self._asked.add(key)
            self._loads.load(key, source, QSize(pixels, pixels))
        return None

    def forget(self, keys: Iterable[str]) -> None:
        """Let these pictures go (and their problems, so they are tried again if asked)."""
        for key in keys:
            gone = self._kept.pop(key, None)
            if gone is not None:
                self._bytes -= _size(gone)
            self.problems.pop(key, None)

    @property
    def kept_bytes(self) -> int:
        return self._bytes

    def _loaded(self, loaded: Loaded) -> None:
        self._asked.discard(loaded.key)
        if loaded.image is None:
            self.problems[loaded.key] = loaded.problem
        else:
            pixmap = QPixmap.fromImage(loaded.image)
            self._kept[loaded.key] = pixmap
            self._bytes += _size(pixmap)
            while self._bytes > self._budget and len(self._kept) > 1:
                _, gone = self._kept.popitem(last=False)
                self._bytes -= _size(gone)
        self.ready.emit(loaded.key)

    def wait(self) -> None:
        self._loads.wait()


def _size(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * max(pixmap.depth() // 8, 1)
