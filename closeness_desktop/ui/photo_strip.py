"""The composer's photos of a memory: "Add photos…", a strip of small pictures (each one
can be taken off again), and the save that writes the memory and its photos.

Nothing is taken in until Save: the strip only holds the chosen files. A new memory and
its photos are one undo step (``household.photos.add_memory``). Editing a memory adds and
takes off photos first (each its own undo step) and then saves the words, so a photo the
household refuses leaves everything as it was, the words still in the form. Taking
photos in reads every file (a HEIC takes about 0.4 s): that part runs on a worker thread
(``household.photos.prepare``) while the window goes on painting and says what it is
doing, with input held; the short write that follows runs on the window's thread.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.records import Draft, EntryKind, EntryRecord, PhotoInfo
from closeness_desktop.ui import file_places
from closeness_desktop.ui.image_reading import ImageLoads, Loaded
from closeness_desktop.ui.photo_sources import thumbnail_source

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.household.photos import TakenIn

TILE = 64
ADD_TEXT = "Add photos…"


class PhotoStrip(QWidget):
    """The memory page's photos: the ones it has (``kept``) and the ones chosen now."""

    def __init__(
        self, household: Household, editing: EntryRecord | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.household = household
        self.kept: list[PhotoInfo] = []
        if editing is not None and editing.kind is EntryKind.MEMORY:
            self.kept = household.photos.of_entries([editing.id]).get(editing.id, [])
        self.chosen: list[Path] = []
        self.taken_off: list[PhotoInfo] = []
        self._loads = ImageLoads(self, threads=1)
        self._loads.loaded.connect(self._loaded)
        self._pictures: dict[str, QLabel] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.add_button = QPushButton(ADD_TEXT)
        self.add_button.clicked.connect(self.choose)
        self.busy = QLabel()
        self.busy.setProperty("role", "soft")
        top.addWidget(self.add_button)
        top.addWidget(self.busy, 1)
        outer.addLayout(top)
        self._row = QHBoxLayout()
        self._row.setContentsMargins(0, 0, 0, 0)
        holder = QWidget()
        holder.setLayout(self._row)
        self._scroll = QScrollArea()
        self._scroll.setWidget(holder)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFixedHeight(TILE + 44)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(self._scroll)
        self._fill()

    # -- choosing ---------------------------------------------------------------------

    def choose(self) -> None:
        names = file_places.ask_open_paths(self, "Add photos", file_places.PHOTO_FILTER)
        self.add_paths([Path(name) for name in names])

    def add_paths(self, paths: list[Path]) -> None:
        """Photos to take in at Save (a file chosen twice is kept once)."""
        for path in paths:
            if path not in self.chosen:
                self.chosen.append(path)
        self._fill()

    def take_off(self, item: PhotoInfo | Path) -> None:
        if isinstance(item, Path):
            self.chosen.remove(item)
        else:
            self.kept.remove(item)
            self.taken_off.append(item)
        self._fill()

    def is_dirty(self) -> bool:
        return bool(self.chosen or self.taken_off)

    def make_read_only(self) -> None:
        self.add_button.hide()
        for button in self.findChildren(QToolButton):
            button.hide()

    # -- saving -----------------------------------------------------------------------

    def write(
        self, draft: Draft, editing: EntryRecord | None, by: uuid.UUID | None, origin: object
    ) -> EntryRecord:
        """Save the composer's entry, with this strip's photos when it is a memory."""
        photos = self.household.photos
        memory = draft.kind is EntryKind.MEMORY
        # A private memory's photos are sealed as they are read (its author is unlocked).
        sealed_for = draft.author_id if draft.private else None
        if editing is None:
            if memory and self.chosen:
                with self._busy():
                    taken = taken_in_off_thread(self.household, self.chosen, sealed_for)
                record, _added = photos.add_memory(draft, prepared=taken, origin=origin)
                return record
            return self.household.entries.add(draft, origin=origin)
        adding = None
        if memory and self.chosen:
            with self._busy():
                adding = taken_in_off_thread(self.household, self.chosen, sealed_for)
        # Words and photos are one change to Undo, as they were one Save.
        with self.household.history.one_step("edit memory"):
            if adding is not None:
                photos.add(editing.id, by=by, prepared=adding, origin=origin)
                self.chosen = []  # in: a second Save (after a refusal of the words) adds none
            while memory and self.taken_off:
                photos.remove(self.taken_off[0].id, by=by, origin=origin)
                self.taken_off.pop(0)
            self._fill()
            return self.household.entries.edit(
                editing.id, draft, editing.version, by=by, origin=origin
            )

    def _busy(self) -> _Busy:
        return _Busy(self, len(self.chosen))

    # -- the strip --------------------------------------------------------------------

    def _fill(self) -> None:
        while self._row.count():
            item = self._row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._pictures.clear()
        for photo in self.kept:
            source = thumbnail_source(self.household, photo, 256)
            self._tile(f"kept:{photo.id}", photo, photo.name, source)
        for path in self.chosen:
            self._tile(f"new:{path}", path, path.name, path)
        self._row.addStretch(1)
        self._scroll.setVisible(bool(self.kept or self.chosen))

    def _tile(self, key: str, item: PhotoInfo | Path, name: str, source: object) -> None:
        tile = QWidget()
        tile.setObjectName("photo-tile")
        box = QVBoxLayout(tile)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        picture = QLabel()
        picture.setFixedSize(TILE, TILE)
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        picture.setToolTip(name)
        picture.setAccessibleName(name)
        picture.setProperty("role", "soft")
        picture.setText("…")
        box.addWidget(picture)
        off = QToolButton()
        off.setText("Take off")
        off.setAccessibleName(f"Take {name} off this memory")
        off.clicked.connect(lambda _c=False, item=item: self.take_off(item))
        box.addWidget(off)
        self._row.addWidget(tile)
        self._pictures[key] = picture
        self._loads.load(key, source, QSize(TILE * 2, TILE * 2))  # type: ignore[arg-type]

    def _loaded(self, loaded: Loaded) -> None:
        picture = self._pictures.get(loaded.key)
        if picture is None:
            return  # taken off meanwhile
        if loaded.image is None:
            picture.setText("?")  # the household says why at Save, in words
            return
        pixmap = QPixmap.fromImage(loaded.image).scaled(
            TILE,
            TILE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        picture.setPixmap(pixmap)

    def wait(self) -> None:
        self._loads.wait()


class _TakingIn(QObject):
    done = Signal()


class _TakeInJob(QRunnable):
    def __init__(
        self,
        household: Household,
        paths: list[Path],
        sealed_for: uuid.UUID | None,
        finished: _TakingIn,
        outcome: list[object],
    ) -> None:
        super().__init__()
        self._household, self._paths, self._sealed_for = household, paths, sealed_for
        self._finished, self._outcome = finished, outcome

    def run(self) -> None:
        try:
            photos = self._household.photos
            self._outcome.append(photos.prepare(self._paths, sealed_for=self._sealed_for))
        except Exception as problem:  # raised again on the window's thread, which says it
            self._outcome.append(problem)
        self._finished.done.emit()


def taken_in_off_thread(
    household: Household, paths: list[Path], sealed_for: uuid.UUID | None = None
) -> TakenIn:
    """``household.photos.prepare(paths, sealed_for=...)`` on a worker thread (sealed for a
    private memory's author); the window paints and runs
    its timers meanwhile, but takes no input (a second Save, a closed form). A refusal is
    raised here, as if it had been read on this thread."""
    finished, outcome = _TakingIn(), cast(list[object], [])
    loop = QEventLoop()
    finished.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    job = _TakeInJob(household, list(paths), sealed_for, finished, outcome)
    QThreadPool.globalInstance().start(job)
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    result = outcome[0]
    if isinstance(result, Exception):
        raise result
    return cast("TakenIn", result)


class _Busy:
    """A busy cursor and a line that says what is happening, while photos are taken in."""

    def __init__(self, strip: PhotoStrip, count: int) -> None:
        self._strip, self._count = strip, count

    def __enter__(self) -> None:
        words = "the photo" if self._count == 1 else f"{self._count} photos"
        self._strip.busy.setText(f"Taking in {words}…")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def __exit__(self, *_exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()
        self._strip.busy.clear()
