"""The timeline's page queries, run on a worker thread: what is asked and what comes back.

Each request carries a generation number: an answer to an old filter (the user typed on)
is dropped before it is even asked.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from closeness_desktop.records import Cursor, EntryKind, EntryRecord, TimelineFilter

if TYPE_CHECKING:
    from closeness_desktop.household import Household

log = logging.getLogger(__name__)

EARLIEST = datetime(1, 1, 1, tzinfo=UTC)


class Fetch(enum.Enum):
    """What a page request is for."""

    TOP = "top"  # the newest entries, replacing what is shown
    AT = "at"  # a window starting at a cursor (a jump), replacing what is shown
    OLDER = "older"  # the next page down, appended
    NEWER = "newer"  # the page above the first row of a window, prepended
    OLDEST = "oldest"  # the oldest page (a jump to before the first entry), replacing
    COUNT = "count"  # how many entries the filter finds, by kind (after its first page)


@dataclass(frozen=True)
class PageRequest:
    generation: int
    flt: TimelineFilter
    fetch: Fetch
    cursor: Cursor | None
    limit: int


@dataclass(frozen=True)
class PageResult:
    request: PageRequest
    rows: list[EntryRecord]
    next_cursor: Cursor | None
    error: str | None = None
    counts: dict[EntryKind, int] | None = None


class PageLoader(QObject):
    """Runs page queries on its own thread."""

    loaded = Signal(object)

    def __init__(self, household: Household, current: Callable[[], int]) -> None:
        super().__init__()
        self._household = household
        self._current = current

    @Slot(object)
    def load(self, request: PageRequest) -> None:
        if request.generation != self._current():
            return  # the person typed on: nobody waits for this answer any more
        try:
            if request.fetch is Fetch.COUNT:
                counts = self._household.entries.count_found(request.flt)
                self.loaded.emit(PageResult(request, [], None, counts=counts))
                return
            if request.fetch in (Fetch.NEWER, Fetch.OLDEST):
                below = request.cursor or Cursor(EARLIEST, 0)
                page = self._household.entries.page_newer(request.flt, below, request.limit)
            else:
                page = self._household.entries.page(request.flt, request.cursor, request.limit)
        except Exception as exc:
            log.exception("loading a timeline page failed")
            self.loaded.emit(PageResult(request, [], None, str(exc)))
            return
        self.loaded.emit(PageResult(request, list(page.rows), page.next_cursor))
