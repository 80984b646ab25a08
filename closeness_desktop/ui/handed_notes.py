"""The notes an arrival greeting carried, on the window's side.

The greeting's "Open" brings the window forward at the first note. And whenever the window
is in front with handed-over notes on the timeline's screen, the person has them: the
companion marks them delivered then. A greeting only sent, or missed, delivers nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView

from closeness_desktop.companion.companion import Companion
from closeness_desktop.household import Household, NotFoundError, TimelineFilter
from closeness_desktop.records import SaveError
from closeness_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class HandedNotes(QObject):
    def __init__(self, window: MainWindow, companion: Companion, household: Household) -> None:
        super().__init__(window)
        self.window = window
        self.companion = companion
        self.household = household
        companion.open_entry.connect(self.open_at)
        companion.notifier.shown.connect(self.look)
        window.installEventFilter(self)  # coming to the front
        window.tabs.currentChanged.connect(self.look)
        page = window.timeline_page
        bar = page.timeline.verticalScrollBar()
        bar.valueChanged.connect(self.look)
        # Cards are laid out in batches after a reset: the range grows as they come, and a
        # note may come into view without the reader scrolling again.
        bar.rangeChanged.connect(self.look)
        if page.model is not None:
            page.model.reset_done.connect(self.look)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self.look()
        return False

    def look(self, *_args: object) -> None:
        """Tell the companion which handed-over notes the person can see now."""
        waiting = self.companion.handover.waiting()
        if waiting and self._in_front():
            seen = self.on_screen(waiting)
            if seen:
                self.companion.handover.seen(seen)

    def _in_front(self) -> bool:
        window = self.window
        return (
            window.isVisible()
            and window.isActiveWindow()
            and not window.isMinimized()
            and window.current_page() is window.timeline_page
        )

    def on_screen(self, entry_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
        """Those of ``entry_ids`` whose cards the timeline shows now, even in part."""
        page = self.window.timeline_page
        model, view = page.model, page.timeline
        if model is None or page.stack.currentWidget() is not view:
            return []
        area = view.viewport().rect()
        shown = []
        for entry_id in entry_ids:
            row = model.row_of(entry_id)
            if row is not None and view.visualRect(model.index(row)).intersects(area):
                shown.append(entry_id)
        return shown

    def _read(self, entry_id: uuid.UUID, by: uuid.UUID) -> None:
        try:
            self.household.entries.mark_read(entry_id, by)
        except (SaveError, NotFoundError) as problem:  # only a receipt: the next opening
            log.warning("a read receipt was not written: %s", problem)

    def open_at(self, entry_id: uuid.UUID) -> None:
        """The window in front, the timeline at ``entry_id`` with it selected."""
        self.window.bring_forward()
        page = self.window.show_timeline()
        here = self.companion.current
        if here is not None:  # "Open" is reading it: the author's card says "Read" now
            self._read(entry_id, here.id)
        model = page.model
        if model is None:
            return
        row = model.row_of(entry_id)
        if row is not None:
            index = model.index(row)
            page.timeline.setCurrentIndex(index)
            page.timeline.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
            return
        try:
            record = self.household.entries.get(entry_id)
        except NotFoundError as problem:  # deleted since the greeting
            self.window.say(str(problem))
            return
        if model.filter != TimelineFilter():
            page.show_entry(record)  # clears the search; the reload selects it
        else:  # older than the pages loaded: go to its day
            clock = self.household.clock
            model.jump_to(record.occurred_at.astimezone(clock.local_zone()).date())
