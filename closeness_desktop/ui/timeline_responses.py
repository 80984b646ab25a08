"""The replies and signs of the entries the timeline has loaded, for their cards.

Fed by the model's pages: a new first page (a reset) reads them for every loaded entry, a
page added below reads them for its own rows, two queries each time (about a millisecond
for a page of 100 on SQLite, so on the GUI thread: the card heights need them before the
list lays the rows out). A change to the responses reads them again, and only the cards
whose replies or signs changed are measured again.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtWidgets import QAbstractItemView

from closeness_desktop.records import Area, Change, Responses
from closeness_desktop.ui.timeline_delegate import TimelineDelegate
from closeness_desktop.ui.timeline_model import TimelineModel

if TYPE_CHECKING:
    from closeness_desktop.household import Household

_Index = QModelIndex | QPersistentModelIndex


class PageResponses(QObject):
    def __init__(
        self,
        household: Household,
        model: TimelineModel,
        delegate: TimelineDelegate,
        view: QAbstractItemView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._household = household
        self._model = model
        self._delegate = delegate
        self._view = view
        self._found: dict[uuid.UUID, Responses] = {}
        model.modelReset.connect(self.reload)
        model.rowsInserted.connect(self._rows_added)
        delegate.responses = self.get
        self.reload()

    def get(self, entry_id: uuid.UUID) -> Responses | None:
        return self._found.get(entry_id)

    def _ids(self, first: int, last: int) -> list[uuid.UUID]:
        return [self._model.record(row).id for row in range(first, last + 1)]

    def reload(self) -> None:
        """Read them again for every loaded entry (the view measures the page anew)."""
        rows = self._model.rowCount()
        self._found = self._household.responses.of_entries(self._ids(0, rows - 1))

    def _rows_added(self, _parent: _Index, first: int, last: int) -> None:
        self._found.update(self._household.responses.of_entries(self._ids(first, last)))

    def changed(self, change: Change) -> None:
        """A change to replies or signs: read them again, and measure again the cards whose
        responses differ now."""
        if not change.touches(Area.RESPONSES):
            return
        before = self._found
        self.reload()
        for row in range(self._model.rowCount()):
            entry_id = self._model.record(row).id
            old, new = before.get(entry_id), self._found.get(entry_id)
            if (old.key() if old else ()) != (new.key() if new else ()):
                self._delegate.sizeHintChanged.emit(self._model.index(row))
        self._view.viewport().update()  # a sign changed for another keeps the card's height
