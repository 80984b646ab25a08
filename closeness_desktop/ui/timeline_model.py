"""The timeline as a list model that pages through the store, off the GUI thread.

Rows arrive a page at a time through ``canFetchMore``/``fetchMore``; the queries run on a
worker thread so neither a deep page nor a search for a common word can freeze the
window. Each request carries a generation number: an answer to an old filter (the user
typed on) is dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThread,
    Signal,
    Slot,
)

from closeness_desktop import humanize
from closeness_desktop.household import Household
from closeness_desktop.store.timeline import Cursor, EntryRecord, TimelineFilter

log = logging.getLogger(__name__)

PAGE_SIZE = 100
EntryRole = Qt.ItemDataRole.UserRole + 1
HeaderRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class PageRequest:
    generation: int
    flt: TimelineFilter
    after: Cursor | None
    limit: int
    back_to: datetime | None = None


@dataclass(frozen=True)
class PageResult:
    request: PageRequest
    rows: list[EntryRecord]
    next_cursor: Cursor | None
    error: str | None = None


class PageLoader(QObject):
    """Runs page queries on its own thread."""

    loaded = Signal(object)

    def __init__(self, household: Household) -> None:
        super().__init__()
        self._household = household

    @Slot(object)
    def load(self, request: PageRequest) -> None:
        try:
            limit = request.limit
            if request.back_to is not None:
                limit += self._household.count_back_to(request.flt, request.after, request.back_to)
            page = self._household.page(request.flt, request.after, limit)
        except Exception as exc:
            log.exception("loading a timeline page failed")
            self.loaded.emit(PageResult(request, [], None, str(exc)))
            return
        self.loaded.emit(PageResult(request, list(page.rows), page.next_cursor))


class TimelineModel(QAbstractListModel):
    """Entries newest first; ``EntryRole`` gives the record, ``HeaderRole`` a group header."""

    _request = Signal(object)
    #: the first page of the current filter has arrived (with how many rows)
    reset_done = Signal(int)
    #: a jump-to-date finished; the row to scroll to
    jumped = Signal(int)
    failed = Signal(str)

    def __init__(
        self, household: Household, flt: TimelineFilter | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._household = household
        self._filter = flt or TimelineFilter()
        self._rows: list[EntryRecord] = []
        self._next: Cursor | None = None
        self._more = True
        self._pending = False
        self._generation = 0
        self._jump_target: date | None = None
        self._names = {p.id: p.name for p in household.partners()}
        self._thread = QThread(self)
        self._thread.setObjectName("timeline-loader")
        self._loader = PageLoader(household)
        self._loader.moveToThread(self._thread)
        self._request.connect(self._loader.load)
        self._loader.loaded.connect(self._receive)
        self._thread.finished.connect(self._loader.deleteLater)
        self._thread.start()
        self.reload()

    # -- lifecycle --------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the worker thread; call before the household closes."""
        self._generation += 1
        self._thread.quit()
        self._thread.wait()

    @property
    def filter(self) -> TimelineFilter:
        return self._filter

    @property
    def loading(self) -> bool:
        return self._pending

    def set_filter(self, flt: TimelineFilter) -> None:
        if flt != self._filter:
            self._filter = flt
            self.reload()

    def reload(self, keep: int = 0) -> None:
        """Start again from the newest entry, loading at least ``keep`` rows at once."""
        self._names = {p.id: p.name for p in self._household.partners()}
        self._generation += 1
        self._more, self._next = True, None
        self._ask(None, max(PAGE_SIZE, keep))

    def jump_to(self, day: date) -> None:
        """Load down to ``day`` (local) and report the row through :attr:`jumped`."""
        zone = self._household.clock.local_zone()
        target = datetime.combine(day, time(0), zone)
        row = self._row_at_or_before(target)
        if row is not None:
            self.jumped.emit(row)
            return
        if not self._more:
            self.jumped.emit(max(len(self._rows) - 1, 0))
            return
        self._jump_target = day
        self._generation += 1
        self._ask(self._next, PAGE_SIZE, back_to=target)

    def _row_at_or_before(self, target: datetime) -> int | None:
        # The first row not newer than the target; a loaded row list is sorted newest first.
        for index, record in enumerate(self._rows):
            if record.occurred_at < target or (
                record.occurred_at.astimezone(target.tzinfo).date() == target.date()
            ):
                return index
        return None

    def _ask(self, after: Cursor | None, limit: int, back_to: datetime | None = None) -> None:
        self._pending = True
        self._request.emit(PageRequest(self._generation, self._filter, after, limit, back_to))

    @Slot(object)
    def _receive(self, result: PageResult) -> None:
        request = result.request
        if request.generation != self._generation:
            return
        self._pending = False
        if result.error is not None:
            self._more = False
            self.failed.emit(result.error)
            return
        if request.after is None:
            # A page from the top replaces what is shown, also when a jump asked for it
            # (a jump made before the first page, or during a reload, starts from the top).
            self.beginResetModel()
            self._rows = result.rows
            self._next = result.next_cursor
            self._more = result.next_cursor is not None
            self.endResetModel()
            self.reset_done.emit(len(self._rows))
        elif result.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(result.rows) - 1)
            self._rows.extend(result.rows)
            self._next = result.next_cursor
            self._more = result.next_cursor is not None
            self.endInsertRows()
            # The row after the old last one may gain or lose its group header.
            self.dataChanged.emit(self.index(first), self.index(first), [HeaderRole])
        else:
            self._next, self._more = None, False
        if request.back_to is not None and self._jump_target is not None:
            target = self._jump_target
            self._jump_target = None
            self.jump_to(target)

    # -- Qt model interface ------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._pending and bool(self._rows)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._ask(self._next, PAGE_SIZE)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        if role == EntryRole:
            return record
        if role == HeaderRole:
            return self.header_for(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            author = self._names.get(record.author_id, "")
            return f"{humanize.KIND_LABELS[record.kind]} by {author}: {humanize.headline(record)}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- helpers for the delegate and window -------------------------------------------

    def record(self, row: int) -> EntryRecord:
        return self._rows[row]

    def row_of(self, entry_id: object) -> int | None:
        for index, record in enumerate(self._rows):
            if record.id == entry_id:
                return index
        return None

    def header_for(self, row: int) -> str | None:
        """The group header above ``row``, or None when it continues the group above."""
        clock = self._household.clock
        zone = clock.local_zone()
        today = clock.now().astimezone(zone).date()
        day = self._rows[row].occurred_at.astimezone(zone).date()
        key = humanize.group_key(day, today)
        if row > 0:
            above = self._rows[row - 1].occurred_at.astimezone(zone).date()
            if humanize.group_key(above, today) == key:
                return None
        return humanize.group_label(day, today)
