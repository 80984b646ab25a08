"""The photos of the memories the timeline has loaded, for their cards, and the viewer.

Fed by the model's pages like :mod:`timeline_responses`: a new first page (a reset, which
every change to the entries brings) reads them for every loaded entry, a page added below
for its own rows, one query each time (the card heights need the count before the list
lays the rows out). Thumbnails come from a :class:`Thumbnails` cache, made and read on
its threads; when one arrives, only the rows that show it are painted again.

A click on a photo, or "Show photos" in the card's menu, opens the viewer on that photo
with all of the memory's photos.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtGui import QAction, QPixmap
from PySide6.QtWidgets import QWidget

from closeness_desktop.records import EntryRecord, PhotoInfo
from closeness_desktop.ui.card_photos import THUMB_PIXELS
from closeness_desktop.ui.photo_intake import PhotoIntake
from closeness_desktop.ui.photo_sources import image_source, thumbnail_source
from closeness_desktop.ui.photo_viewer import PhotoViewer, ViewerPhoto
from closeness_desktop.ui.shell import Shell
from closeness_desktop.ui.thumbnail_cache import Thumbnails

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.ui.timeline_delegate import TimelineDelegate
    from closeness_desktop.ui.timeline_model import TimelineModel
    from closeness_desktop.ui.timeline_view import TimelineView

_Index = QModelIndex | QPersistentModelIndex
SHOW_TEXT = "Show &photos"


class Page(Protocol):
    """What the photos ask of the timeline page they sit on."""

    household: Household | None
    shell: Shell

    def selected_entry(self) -> EntryRecord | None: ...

    def show_entry(self, record: EntryRecord) -> None: ...


def thumbnail_key(photo: PhotoInfo) -> str:
    return f"{photo.sha256}:{THUMB_PIXELS}"


class TimelinePhotos(QObject):
    """The page's photos (see the module); ``actions`` for the card's menu."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self._widget = page
        self._household: Household | None = None
        self._model: TimelineModel | None = None
        self._view: TimelineView | None = None
        self._found: dict[uuid.UUID, list[PhotoInfo]] = {}
        #: thumbnail key -> the entries whose cards show it (to repaint only those)
        self._shown_by: dict[str, set[uuid.UUID]] = {}
        self.thumbnails = Thumbnails(self)
        self.thumbnails.ready.connect(self._arrived)
        self.intake: PhotoIntake | None = None
        self.viewer: PhotoViewer | None = None
        self.act_show = QAction(SHOW_TEXT, page)
        self.act_show.triggered.connect(self.show_selected)
        self.act_show.setEnabled(False)

    @property
    def actions(self) -> list[QAction]:
        """For the card's menu: "Show photos" on a card that has photos, else nothing."""
        return [self.act_show] if self.act_show.isEnabled() else []

    def attach(
        self,
        household: Household,
        view: TimelineView,
        model: TimelineModel,
        delegate: TimelineDelegate,
    ) -> None:
        self._household, self._model, self._view = household, model, view
        model.modelReset.connect(self.reload)
        model.rowsInserted.connect(self._rows_added)
        delegate.photos = self.get
        delegate.thumbnail = self.thumbnail
        delegate.photo_clicked.connect(self.show)
        selection = view.selectionModel()
        selection.currentChanged.connect(self._follow)
        model.modelReset.connect(self._follow)
        self.intake = PhotoIntake(self._widget, household, view)
        self.reload()

    def get(self, entry_id: uuid.UUID) -> Sequence[PhotoInfo]:
        return self._found.get(entry_id, ())

    def thumbnail(self, photo: PhotoInfo) -> QPixmap | None:
        household = self._household
        if household is None:
            return None
        key = thumbnail_key(photo)
        self._shown_by.setdefault(key, set()).add(photo.entry_id)
        return self.thumbnails.pixmap(key, thumbnail_source(household, photo), THUMB_PIXELS)

    def reload(self) -> None:
        if self._model is None or self._household is None:
            return
        rows = self._model.rowCount()
        before = self._sealed_keys()
        self._found = self._household.photos.of_entries(self._ids(0, rows - 1))
        self._shown_by.clear()
        # A corner locked: its sealed photos' pictures leave memory with its cards.
        self.thumbnails.forget(before - self._sealed_keys())

    def _sealed_keys(self) -> set[str]:
        found = self._found.values()
        return {thumbnail_key(photo) for each in found for photo in each if photo.sealed}

    def _ids(self, first: int, last: int) -> list[uuid.UUID]:
        assert self._model is not None
        return [self._model.record(row).id for row in range(first, last + 1)]

    def _rows_added(self, _parent: _Index, first: int, last: int) -> None:
        if self._household is not None:
            self._found.update(self._household.photos.of_entries(self._ids(first, last)))

    def _arrived(self, key: str) -> None:
        model, view = self._model, self._view
        if model is None or view is None:
            return
        for entry_id in self._shown_by.get(key, ()):
            row = model.row_of(entry_id)
            if row is not None:
                view.viewport().update(view.visualRect(model.index(row)))

    def _follow(self, *_args: object) -> None:
        record = self._page().selected_entry()
        self.act_show.setEnabled(record is not None and bool(self.get(record.id)))

    def _page(self) -> Page:
        page: Page = self._widget  # type: ignore[assignment]
        return page

    # -- the viewer -------------------------------------------------------------------

    def show_selected(self) -> None:
        record = self._page().selected_entry()
        if record is not None:
            self.show(record, 0)

    def show(self, record: EntryRecord, start: int) -> None:
        """Open the viewer on the memory's photo at ``start``, with all its photos."""
        photos = self.get(record.id)
        household = self._household
        if not photos or household is None:
            return
        shown = [ViewerPhoto(image_source(household, photo), photo.name) for photo in photos]
        self.viewer = PhotoViewer(shown, start, self._widget)
        self.viewer.open()
