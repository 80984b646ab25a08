"""Photos dropped on the window or pasted into the timeline.

- Dropped anywhere on the window (or on a card that is not a memory of the one here):
  "Add a memory" opens with the photos attached; nothing is taken in until Save.
- Dropped on a memory card of the one here: the photos are added to that memory, one
  undo step. A refusal (not a photo, too large, gone) is said in words; nothing is added.
- Ctrl+V on the timeline with a picture or image files on the clipboard: as a drop on
  the window. A pasted picture is written to a private file first (:mod:`photo_drops`),
  removed again once the composer has closed (the household keeps its own copy).
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import QMessageBox, QWidget

from closeness_desktop.records import (
    EntryKind,
    EntryRecord,
    NotFoundError,
    SaveError,
    ValidationError,
)
from closeness_desktop.ui.composer import Composer
from closeness_desktop.ui.photo_drops import carries_photos, dropped_files, pasted_files
from closeness_desktop.ui.photo_strip import taken_in_off_thread
from closeness_desktop.ui.save_failures import refused
from closeness_desktop.ui.shell import Shell
from closeness_desktop.ui.timeline_model import EntryRole

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.ui.timeline_view import TimelineView

log = logging.getLogger(__name__)

NOT_ADDED = "These photos were not added"
NOTHING_TO_ADD = "There is no photo in what was dropped."


class Page(Protocol):
    shell: Shell

    def show_entry(self, record: EntryRecord) -> None: ...


class PhotoIntake(QObject):
    """Listens for drops on the window and on the timeline, and for Ctrl+V on it."""

    def __init__(self, page: QWidget, household: Household, view: TimelineView) -> None:
        super().__init__(page)
        self._page_widget = page
        self._household = household
        self._view = view
        #: the last refusal shown (open, not modal: tests and screen readers find it)
        self.message: QMessageBox | None = None
        #: the composer a drop or paste opened, while it is open
        self.composer: Composer | None = None
        #: where a pasted picture is written before it is taken in
        self.paste_folder = Path(tempfile.gettempdir()) / f"closeness-pasted-{_account()}"
        self.window = page.window()
        self.window.setAcceptDrops(True)
        self.window.installEventFilter(self)
        view.setAcceptDrops(True)
        view.viewport().setAcceptDrops(True)
        view.viewport().installEventFilter(self)
        self.act_paste = QAction("&Paste photos", page)
        self.act_paste.setShortcut(QKeySequence(QKeySequence.StandardKey.Paste))
        self.act_paste.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_paste.triggered.connect(self.paste)
        view.addAction(self.act_paste)

    @property
    def _page(self) -> Page:
        page: Page = self._page_widget  # type: ignore[assignment]
        return page

    # -- drag and drop ----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
            event, (QDragEnterEvent, QDragMoveEvent)
        ):
            mime = event.mimeData()
            if mime is not None and carries_photos(mime):
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
                return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            mime = event.mimeData()
            if mime is not None and carries_photos(mime):
                event.setDropAction(Qt.DropAction.CopyAction)
                event.accept()
                on_card = watched is self._view.viewport()
                self.dropped(mime, event.position().toPoint() if on_card else None)
                return True
        return super().eventFilter(watched, event)

    def dropped(self, mime: QMimeData, at: QPoint | None = None) -> None:
        """Photos dropped: on a memory of the one here (``at`` on the timeline's viewport),
        added to it; anywhere else, a new memory with them."""
        paths = dropped_files(mime)
        if not paths:
            self.say_refused(NOTHING_TO_ADD)
            return
        memory = self._own_memory_at(at) if at is not None else None
        if memory is None:
            self.new_memory(paths)
        else:
            self.add_to(memory, paths)

    def _own_memory_at(self, at: QPoint) -> EntryRecord | None:
        record: EntryRecord | None = self._view.indexAt(at).data(EntryRole)
        here = self._page.shell.current_partner
        if record is None or here is None or record.kind is not EntryKind.MEMORY:
            return None
        return record if record.author_id == here.id else None

    def add_to(self, memory: EntryRecord, paths: list[Path]) -> None:
        here = self._page.shell.current_partner
        words = "the photo" if len(paths) == 1 else f"{len(paths)} photos"
        self._page.shell.say(f"Taking in {words}…")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            # The window still paints; a private memory's photos are sealed as they are read.
            taken = taken_in_off_thread(self._household, paths, memory.private_to)
            added = self._household.photos.add(
                memory.id, by=here.id if here else None, prepared=taken, origin=self
            )
        except (ValidationError, NotFoundError) as problem:
            self.say_refused(str(problem))
            return
        except SaveError as problem:
            self.say_refused(refused(NOT_ADDED, problem))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        count = "a photo" if len(added) == 1 else f"{len(added)} photos"
        self._page.shell.say(f"Added {count} to “{memory.title}”.", undoable=True)

    def new_memory(self, paths: list[Path], *, pasted: bool = False) -> None:
        """Open "Add a memory" with ``paths`` attached (the timeline shows it once saved)."""
        here = self._page.shell.current_partner
        composer = Composer(
            self._household,
            EntryKind.MEMORY,
            author=here.id if here else None,
            parent=self._page_widget,
        )
        composer.photos.add_paths(paths)
        self.composer = composer
        composer.finished.connect(lambda _result: self._closed(composer, paths if pasted else []))
        composer.open()

    def _closed(self, composer: Composer, pasted: list[Path]) -> None:
        self.composer = None
        for path in pasted:
            path.unlink(missing_ok=True)  # the household has its own copy by now
        if composer.saved is not None:
            self._page.show_entry(composer.saved)
            self._page.shell.say("Saved.", undoable=True)

    # -- pasting ----------------------------------------------------------------------

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not carries_photos(mime):
            return
        try:
            paths = pasted_files(mime, self.paste_folder)
        except OSError as problem:
            log.warning("a pasted picture could not be written: %s", type(problem).__name__)
            self.say_refused("The pasted picture could not be saved to be taken in.")
            return
        if not paths:
            self.say_refused(NOTHING_TO_ADD)
            return
        made = [path for path in paths if path.parent == self.paste_folder]
        self.new_memory(paths, pasted=bool(made))

    # -- saying -----------------------------------------------------------------------

    def say_refused(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information, "Photos", text, QMessageBox.StandardButton.Ok
        )
        box.setParent(self._page_widget, box.windowFlags())
        self.message = box
        box.open()


def _account() -> str:
    import getpass

    return "".join(ch for ch in getpass.getuser() if ch.isalnum()) or "me"
