"""The timeline as a list model that pages through the store, off the GUI thread.

Rows arrive a page at a time through ``canFetchMore``/``fetchMore``; the queries run on a
worker thread so neither a deep page nor a search for a common word can freeze the
window. Each request carries a generation number: an answer to an old filter (the user
typed on) is dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)

from closeness_desktop import humanize
from closeness_desktop.records import Cursor, EntryRecord, TimelineFilter
from closeness_desktop.ui.card_private import spoken
from closeness_desktop.ui.timeline_pages import Fetch, PageLoader, PageRequest, PageResult

if TYPE_CHECKING:
    from closeness_desktop.household import Household

log = logging.getLogger(__name__)

PAGE_SIZE = 100
COUNT_DELAY_MS = 250
EntryRole = Qt.ItemDataRole.UserRole + 1
HeaderRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Place:
    """Where a reader was: the top of the window they read (None: the newest), and how many
    rows were loaded; a search goes back here when it is cleared."""

    top: Cursor | None
    rows: int


class TimelineModel(QAbstractListModel):
    """Entries newest first; ``EntryRole`` gives the record, ``HeaderRole`` a group header."""

    _request = Signal(object)
    #: the first page of the current filter has arrived (with how many rows)
    reset_done = Signal(int)
    #: a jump-to-date finished; the row to scroll to
    jumped = Signal(int)
    #: this many newer rows were put above the first one
    prepended = Signal(int)
    #: how many entries the filter finds, by kind (a dict of EntryKind to int)
    counted = Signal(object)
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
        # After a jump the rows are a window into the timeline: newer rows lie above it.
        self._newer: Cursor | None = None
        self._pending = False
        self._generation = 0
        self._jump_target: datetime | None = None
        self._headers: dict[int, str | None] = {}
        self._headers_day: date | None = None
        self._names = {p.id: p.name for p in household.partners.all()}
        # The count waits until the first page has been painted, and for typing to stop:
        # the rows are what a person looks at first, and a count of an old search is waste.
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._count)
        self._thread = QThread(self)
        self._thread.setObjectName("timeline-loader")
        self._loader = PageLoader(household, lambda: self._generation)
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
        self._count_timer.stop()
        self._thread.quit()
        self._thread.wait()

    @property
    def filter(self) -> TimelineFilter:
        return self._filter

    @property
    def loading(self) -> bool:
        return self._pending

    def set_filter(self, flt: TimelineFilter, place: Place | None = None) -> None:
        """Show what ``flt`` finds from the newest, or from ``place`` (where a reader was
        before a search), never from where the last filter's reader had scrolled."""
        if flt == self._filter:
            return
        self._filter = flt
        self._jump_target = None
        if place is not None and place.top is not None:
            self._names = {p.id: p.name for p in self._household.partners.all()}
            self._generation += 1
            self._more, self._next = True, None
            self._ask(Fetch.AT, place.top, max(PAGE_SIZE, place.rows))
            return
        self._newer = None
        self.reload(keep=place.rows if place is not None else 0)

    def place(self) -> Place:
        """Where the reader is now (see :class:`Place`)."""
        first = self._rows[0] if self._newer is not None and self._rows else None
        top = Cursor(first.occurred_at, first.seq + 1) if first is not None else None
        return Place(top, len(self._rows))

    @staticmethod
    def counts_wanted(flt: TimelineFilter) -> bool:
        """Whether ``flt`` narrows the timeline, so that its count is worth saying."""
        return not flt.trash and bool(flt.text.strip() or flt.kinds or flt.author_id)

    def reload(self, keep: int = 0) -> None:
        """Show the entries again, loading at least ``keep`` rows at once; a window opened
        by a jump stays where it is. Private rows of a partner no longer unlocked go at once:
        a lock does not wait for the answer."""
        self._names = {p.id: p.name for p in self._household.partners.all()}
        self._drop_locked()
        self._generation += 1
        self._more, self._next = True, None
        if self._newer is not None and self._rows:
            first = self._rows[0]
            # Just above the window's first row, so that row itself is shown again.
            top = Cursor(first.occurred_at, first.seq + 1)
            self._ask(Fetch.AT, top, max(PAGE_SIZE, keep))
        else:
            self._ask(Fetch.TOP, None, max(PAGE_SIZE, keep))

    def _drop_locked(self) -> None:
        unlocked = self._household.privacy.unlocked()
        for row in reversed(range(len(self._rows))):
            owner = self._rows[row].private_to
            if owner is not None and owner not in unlocked:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
                self._headers.clear()  # the rows below moved up

    def go_to_newest(self) -> None:
        """Leave a jump's window and show the newest entries."""
        self._newer = None
        self.reload()

    @property
    def has_newer(self) -> bool:
        """Whether newer entries lie above the first row (after a jump)."""
        return self._newer is not None

    def jump_to(self, day: date) -> None:
        """Show ``day`` (local): scroll there if it is loaded, else open a window starting
        at that day, whatever its depth (a query for one page, not for every row above).
        :attr:`jumped` reports the row."""
        zone = self._household.clock.local_zone()
        end_of_day = datetime.combine(day + timedelta(days=1), time(0), zone)
        row = self._first_row_before(end_of_day)
        if row is not None and (row > 0 or self._newer is None):
            self.jumped.emit(row)  # loaded, with everything newer above it
            return
        if row is None and not self._more and self._newer is None and self._rows:
            self.jumped.emit(len(self._rows) - 1)  # nothing that old: the oldest there is
            return
        self._jump_target = end_of_day
        self._generation += 1
        self._ask(Fetch.AT, Cursor(end_of_day, 0), PAGE_SIZE)

    def _first_row_before(self, moment: datetime) -> int | None:
        """The first loaded row older than ``moment`` (rows are newest first)."""
        for index, record in enumerate(self._rows):
            if record.occurred_at < moment:
                return index
        return None

    def fetch_newer(self) -> None:
        """Load the page above the window's first row (the user scrolled to its top)."""
        if self._newer is not None and not self._pending:
            self._ask(Fetch.NEWER, self._newer, PAGE_SIZE)

    def _count(self) -> None:
        if self.counts_wanted(self._filter):
            self._ask(Fetch.COUNT, None, 0)

    def _ask(self, fetch: Fetch, cursor: Cursor | None, limit: int) -> None:
        if fetch is not Fetch.COUNT:  # a count holds back no page
            self._pending = True
        self._request.emit(PageRequest(self._generation, self._filter, fetch, cursor, limit))

    @Slot(object)
    def _receive(self, result: PageResult) -> None:
        request = result.request
        if request.generation != self._generation:
            return
        if request.fetch is Fetch.COUNT:
            if result.error is None:
                self.counted.emit(result.counts or {})
            return  # a count that failed leaves the rows as they are; the log has why
        self._pending = False
        if result.error is not None:
            self._more = False
            self.failed.emit(result.error)
            return
        if request.fetch is Fetch.AT and not result.rows and self._jump_target is not None:
            self._ask(Fetch.OLDEST, None, PAGE_SIZE)  # nothing that old: show the oldest
        elif request.fetch is Fetch.OLDEST:
            self._replace_with_oldest(result)
        elif request.fetch in (Fetch.TOP, Fetch.AT):
            self._replace(result)
        elif request.fetch is Fetch.NEWER:
            self._prepend(result)
        elif result.rows:
            first = len(self._rows)
            # Rows added below change no header above them.
            self.beginInsertRows(QModelIndex(), first, first + len(result.rows) - 1)
            self._rows.extend(result.rows)
            self._next = result.next_cursor
            self._more = result.next_cursor is not None
            self.endInsertRows()
        else:
            self._next, self._more = None, False

    def _replace(self, result: PageResult) -> None:
        request = result.request
        self._headers.clear()
        self.beginResetModel()
        self._rows = result.rows
        self._next = result.next_cursor
        self._more = result.next_cursor is not None
        at_window = request.fetch is Fetch.AT and bool(self._rows)
        first = self._rows[0] if at_window else None
        self._newer = Cursor(first.occurred_at, first.seq) if first is not None else None
        self.endResetModel()
        self.reset_done.emit(len(self._rows))
        if self._jump_target is not None:
            self._jump_target = None
            self.jumped.emit(0)
        if self.counts_wanted(self._filter):
            self._count_timer.start()

    def _replace_with_oldest(self, result: PageResult) -> None:
        self._headers.clear()
        self.beginResetModel()
        self._rows = result.rows
        self._next, self._more = None, False
        self._newer = result.next_cursor
        self.endResetModel()
        self.reset_done.emit(len(self._rows))
        self._jump_target = None
        self.jumped.emit(max(len(self._rows) - 1, 0))

    def _prepend(self, result: PageResult) -> None:
        self._newer = result.next_cursor
        if not result.rows:
            return
        count = len(result.rows)
        self._headers.clear()  # every row moves down
        self.beginInsertRows(QModelIndex(), 0, count - 1)
        self._rows[:0] = result.rows
        self.endInsertRows()
        # The old first row may lose its group header now that rows sit above it.
        self.dataChanged.emit(self.index(count), self.index(count), [HeaderRole])
        self.prepended.emit(count)

    # -- Qt model interface ------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._pending and bool(self._rows)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._ask(Fetch.OLDER, self._next, PAGE_SIZE)

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
            text = f"{humanize.KIND_LABELS[record.kind]} by {author}: {humanize.headline(record)}"
            if role == Qt.ItemDataRole.AccessibleTextRole:  # with what the card's signs say
                clock = self._household.clock
                return spoken(record, text, self._names, clock.now(), clock.local_zone())
            return text
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
        """The group header above ``row``, or None when it continues the group above.

        Asked for every row the view lays out, so answers are kept until the rows or the
        day change."""
        clock = self._household.clock
        zone = clock.local_zone()
        today = clock.now().astimezone(zone).date()
        if today != self._headers_day:
            self._headers.clear()
            self._headers_day = today
        if row not in self._headers:
            self._headers[row] = self._header(row, zone, today)
        return self._headers[row]

    def _header(self, row: int, zone: tzinfo, today: date) -> str | None:
        day = self._rows[row].occurred_at.astimezone(zone).date()
        key = humanize.group_key(day, today)
        if row > 0:
            above = self._rows[row - 1].occurred_at.astimezone(zone).date()
            if humanize.group_key(above, today) == key:
                return None
        return humanize.group_label(day, today)
