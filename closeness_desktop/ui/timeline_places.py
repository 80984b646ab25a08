"""Where the reader is on the timeline, and how they move through it.

* A jump opens a window of rows at a day; the page above it comes in at once (and the next
  ones as the reader nears the top), so the list scrolls both ways straight after a jump,
  and the card being read stays where it is while rows are put above it.
* A search or filter opens at its newest match; clearing it goes back to where the reader
  was before it began: the same window of rows, the same card at the same height, the
  same selection.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPoint
from PySide6.QtWidgets import QListView, QWidget

from closeness_desktop.records import EntryRecord, TimelineFilter
from closeness_desktop.ui.dialogs import JumpDialog
from closeness_desktop.ui.timeline_model import EntryRole, Place, TimelineModel

if TYPE_CHECKING:
    from closeness_desktop.household import Household


@dataclass(frozen=True)
class Anchor:
    """The card at the top of the list and how far above the top its edge lies (pixels)."""

    entry_id: uuid.UUID
    offset: int


@dataclass(frozen=True)
class Reading:
    """Where a reader was before a search."""

    place: Place
    anchor: Anchor | None
    selected: uuid.UUID | None


def anchor_of(view: QListView) -> Anchor | None:
    index = view.indexAt(QPoint(view.viewport().width() // 2, 0))
    if not index.isValid():
        return None
    record: EntryRecord = index.data(EntryRole)
    return Anchor(record.id, view.visualRect(index).top())


def scroll_to_anchor(view: QListView, row: int, offset: int) -> None:
    """Put ``row``'s top ``offset`` pixels from the list's top (negative: above it)."""
    model = view.model()
    if model is None or not 0 <= row < model.rowCount():
        return
    view.scrollTo(model.index(row, 0), QListView.ScrollHint.PositionAtTop)
    bar = view.verticalScrollBar()
    bar.setValue(bar.value() + view.visualRect(model.index(row, 0)).top() - offset)


class Places(QObject):
    """Moves ``view`` over ``model``'s rows for the timeline page (see the module's docstring)."""

    def __init__(
        self, household: Household, model: TimelineModel, view: QListView, page: QWidget
    ) -> None:
        super().__init__(page)
        self._household = household
        self._model = model
        self._view = view
        self._page = page
        self._before_search: Reading | None = None
        self._restore: Reading | None = None
        self._above: Anchor | None = None
        model.jumped.connect(self._scroll_to_row)
        model.rowsAboutToBeInserted.connect(self._before_insert)
        model.prepended.connect(self._keep_place_after_prepend)
        view.verticalScrollBar().valueChanged.connect(self._scrolled)

    # -- search -----------------------------------------------------------------------

    def set_filter(self, flt: TimelineFilter) -> bool:
        """Show ``flt``: at its newest match, or back where the reader was before the search
        when ``flt`` shows everything again. True when the list goes to its top."""
        model = self._model
        if flt == model.filter:
            return False
        if model.filter == TimelineFilter() and self._before_search is None:
            self._before_search = Reading(model.place(), anchor_of(self._view), self._selected_id())
        back = self._before_search if flt == TimelineFilter() else None
        self._before_search = None if back is not None else self._before_search
        self._restore = back
        self._view.clearSelection()
        self._view.setCurrentIndex(QModelIndex())
        model.set_filter(flt, back.place if back is not None else None)
        return back is None

    def forget_search(self) -> None:
        """The reader chose where to go (a new entry, the newest): do not go back."""
        self._before_search = None

    def after_reset(self) -> bool:
        """Go back to where the reader was, if a cleared search asked to; True if it did."""
        back, self._restore = self._restore, None
        if back is None:
            return False
        if back.selected is not None:
            row = self._model.row_of(back.selected)
            if row is not None:
                self._view.setCurrentIndex(self._model.index(row))
        if back.anchor is not None:
            row = self._model.row_of(back.anchor.entry_id)
            if row is not None:
                scroll_to_anchor(self._view, row, back.anchor.offset)
        return True

    def _selected_id(self) -> uuid.UUID | None:
        index = self._view.currentIndex()
        if not index.isValid() or not self._view.selectionModel().isSelected(index):
            return None
        record: EntryRecord = index.data(EntryRole)
        return record.id

    # -- moving through time ----------------------------------------------------------

    def jump_to_date(self) -> None:
        clock = self._household.clock
        dialog = JumpDialog(clock.now().astimezone(clock.local_zone()).date(), self._page)
        if dialog.exec():
            self.forget_search()
            self._model.jump_to(dialog.chosen())

    def _scroll_to_row(self, row: int) -> None:
        if row >= self._model.rowCount():
            return
        index = self._model.index(row)
        self._view.setCurrentIndex(index)
        self._view.scrollTo(index, QListView.ScrollHint.PositionAtTop)
        # Newer entries above a jump's window come in now, so the list scrolls up at once.
        self._model.fetch_newer()

    def _scrolled(self, value: int) -> None:
        # Near the top of a window opened by a jump: bring in the newer entries above it.
        if self._model.has_newer and value < self._view.viewport().height():
            self._model.fetch_newer()

    def _before_insert(self, _parent: QModelIndex, first: int, _last: int) -> None:
        self._above = anchor_of(self._view) if first == 0 else None

    def _keep_place_after_prepend(self, count: int) -> None:
        above, self._above = self._above, None
        row = self._model.row_of(above.entry_id) if above is not None else None
        if row is not None and above is not None:
            scroll_to_anchor(self._view, row, above.offset)
        elif count < self._model.rowCount():
            self._view.scrollTo(self._model.index(count), QListView.ScrollHint.PositionAtTop)

    def go_to_newest(self) -> bool:
        """Show the newest entries; True when they must load first (a jump's window)."""
        self.forget_search()
        if self._model.has_newer:
            self._model.go_to_newest()
            return True
        self._view.scrollToTop()
        if self._model.rowCount():
            self._view.setCurrentIndex(self._model.index(0))
        return False
