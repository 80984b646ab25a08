"""A quiet line above the timeline: the next special day's countdown and, when earlier
years left memories on today's date, "On this day: 3 memories", whose menu takes the
timeline to each of them.

It only reads the household (``special_days.upcoming`` and ``on_this_day``) and moves the
timeline through the page's own jump (``model.jump_to``), as "Jump to date" does.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QWidget

from closeness_desktop import special_days as words
from closeness_desktop.records import Area, Change, EntryRecord, TimelineFilter
from closeness_desktop.ui import theme
from closeness_desktop.ui.shell import Shell
from closeness_desktop.ui.theme_colours import Colours

if TYPE_CHECKING:  # the household (and SQLAlchemy) loads after the window has painted
    from closeness_desktop.household import Household
    from closeness_desktop.ui.timeline_model import TimelineModel
    from closeness_desktop.ui.timeline_places import Places

#: Midnight comes while the app is open: the strip looks again this often.
LOOK_AGAIN_MS = 5 * 60_000


class TimelineHost(Protocol):
    """What the strip needs of the timeline page (a protocol: the page imports the strip)."""

    @property
    def shell(self) -> Shell: ...
    @property
    def stack(self) -> QWidget: ...
    @property
    def model(self) -> TimelineModel | None: ...
    @property
    def places(self) -> Places | None: ...
    @property
    def household(self) -> Household | None: ...
    def clear_filters(self) -> None: ...


def strip_style(c: Colours) -> str:
    return f"""
#specialdays {{ background: {c.card}; border: 1px solid {c.card_border}; border-radius: 10px; }}
"""


class SpecialDaysStrip(QFrame):
    """The countdown and "On this day"; hidden while there is neither."""

    #: the memory to show on the timeline (an :class:`EntryRecord`)
    go_to = Signal(object)

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("specialdays")
        theme.follow(self, lambda colours: self.setStyleSheet(strip_style(colours)))
        self.household: Household | None = None
        self.memories: list[EntryRecord] = []
        self._today: date | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 6, 10, 6)
        self.countdown = QLabel()
        self.countdown.setTextFormat(Qt.TextFormat.PlainText)
        self.countdown.setProperty("role", "soft")
        self.on_this_day = QPushButton()
        self.on_this_day.setFlat(True)
        self.on_this_day.setToolTip("Memories from this day in earlier years")
        self.menu = QMenu(self)
        self.on_this_day.setMenu(self.menu)
        row.addWidget(self.countdown, 1)
        row.addWidget(self.on_this_day, 0)
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self.timer.setInterval(LOOK_AGAIN_MS)
        self.timer.timeout.connect(self._new_day)  # runs while hidden too: it shows itself
        shell.changed.connect(self._household_changed)
        self.hide()

    @classmethod
    def above(
        cls, page: TimelineHost, layout: QBoxLayout, household: Household
    ) -> SpecialDaysStrip:
        """The strip for ``household``, in ``layout`` just above the page's list (which
        makes it the page's child); its menu takes the page's timeline to a memory."""
        strip = cls(page.shell)
        layout.insertWidget(layout.indexOf(page.stack), strip)
        strip.go_to.connect(lambda record: show_memory(page, record))
        strip.attach(household)
        return strip

    def attach(self, household: Household) -> None:
        self.household = household
        self.refresh()
        self.timer.start()

    def _household_changed(self, change: Change) -> None:
        # A memory added, changed or deleted may be one from this day.
        if change.touches(Area.SPECIAL_DAYS, Area.ENTRIES, Area.PARTNERS):
            self.refresh()

    def _new_day(self) -> None:
        if self.household is not None and self.household.special_days.today() != self._today:
            self.refresh()

    def refresh(self) -> None:
        household = self.household
        if household is None:
            return
        self._today = today = household.special_days.today()
        names = household.partners.names()
        coming = household.special_days.upcoming(1, today=today)
        if coming:
            day = coming[0].day
            whose = names.get(day.partner_id) if day.partner_id else None
            self.countdown.setText(words.countdown(day, today, whose) or "")
        else:
            self.countdown.setText("")
        self.memories = household.special_days.on_this_day(today)
        self.menu.clear()
        zone = household.clock.local_zone()
        for record in self.memories:
            year = record.occurred_at.astimezone(zone).year
            action = self.menu.addAction(f"{year} · {record.title}")
            action.triggered.connect(lambda _c=False, r=record: self.go_to.emit(r))
        self.on_this_day.setText(words.memories_words(len(self.memories)))
        self.on_this_day.setVisible(bool(self.memories))
        self.setVisible(bool(coming or self.memories))

    def memory_lines(self) -> list[str]:
        return [action.text() for action in self.menu.actions()]


def show_memory(page: TimelineHost, record: EntryRecord) -> None:
    """Take the timeline to ``record``'s day (a search or filter is cleared first)."""
    model, places = page.model, page.places
    if model is None or places is None or page.household is None:
        return
    if model.filter != TimelineFilter():
        page.clear_filters()
    places.forget_search()
    model.jump_to(record.occurred_at.astimezone(page.household.clock.local_zone()).date())
