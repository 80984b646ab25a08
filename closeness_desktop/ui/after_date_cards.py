""" "How was it?" where it can be found: the evenings that are over and not yet told.

- :class:`AfterDateCards`, for the timeline: a strip of at most three cards, the most
  recent first, each with "Tell it" and "Not now" ("Not now" is kept, for that evening).
- :class:`WaitingLines`, for the planner: a line for each (of the three most recent), with
  its answer; the planner keeps asking, whatever was said on the timeline.

Both read ``household.plans.waiting()`` (the last month, see
:mod:`closeness_desktop.household.plan_evenings`) and change nothing themselves but
through the household: telling is ``plans.remember``, "Not now" is ``plans.not_now``.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop import humanize
from closeness_desktop.agenda import Evening
from closeness_desktop.records import Area, Change, ConflictError, SaveError
from closeness_desktop.ui import theme
from closeness_desktop.ui.after_date import tell_how_it_was
from closeness_desktop.ui.save_failures import refused
from closeness_desktop.ui.shell import Shell
from closeness_desktop.ui.theme_colours import Colours

if TYPE_CHECKING:  # the household (and SQLAlchemy) loads after the window has painted
    from closeness_desktop.household import Household
    from closeness_desktop.household.plan_evenings import Waiting

#: The timeline shows this many cards at most, and the planner this many lines.
MOST = 3
#: An evening comes to an end while the app is open: the strip looks again this often.
LOOK_AGAIN_MS = 5 * 60_000


def cards_style(c: Colours) -> str:
    return f"""
#afterdate {{ background: {c.card}; border: 1px solid {c.card_border}; border-radius: 10px; }}
#afterdate QLabel[role="eyebrow"] {{ color: {c.header_ink}; font-size: 11px; font-weight: 600;
    letter-spacing: 1px; }}
"""


def day_words(evening: Evening, now: datetime, zone: tzinfo) -> str:
    """When an evening was, as one says it after: "tonight", "yesterday", "last Friday",
    "on Friday 13 November" (never a bare "Friday", which reads as the one to come)."""
    day = evening.start.astimezone(zone).date()
    days = (now.astimezone(zone).date() - day).days
    weekday, _number, month, _year = humanize.day_name(day).split()
    if days <= 0:
        return "tonight" if evening.start.astimezone(zone).hour >= 17 else "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"last {weekday}"
    return f"on {weekday} {day.day} {month}"


def question(evening: Evening, now: datetime, zone: tzinfo) -> str:
    """ "How was “Dinner by the river” on Friday?" """
    return f"How was “{evening.plan.title}” {day_words(evening, now, zone)}?"


def _shown_zone(evening: Evening, zone: tzinfo) -> tzinfo:
    return evening.plan.tzinfo if evening.plan.all_day else zone


class AfterDateCard(QFrame):
    """One evening waiting on the timeline: the question, when and where, two answers."""

    def __init__(
        self, waiting: Waiting, now: datetime, zone: tzinfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.waiting = waiting
        evening = waiting.evening
        self.setObjectName("afterdate")
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 10, 14, 10)
        text = QVBoxLayout()
        text.setSpacing(2)
        eyebrow = QLabel("HOW WAS IT?")
        eyebrow.setProperty("role", "eyebrow")
        self.question = QLabel(question(evening, now, zone))
        self.question.setStyleSheet("font-weight: 600;")
        local = evening.start.astimezone(_shown_zone(evening, zone))
        when = humanize.day_name(local.date()) + (
            "" if evening.plan.all_day else f", {local:%H:%M}"
        )
        self.details = QLabel(" · ".join(part for part in (when, evening.occurrence.where) if part))
        self.details.setProperty("role", "soft")
        for label in (eyebrow, self.question, self.details):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            text.addWidget(label)
        row.addLayout(text, 1)
        self.tell_button = QPushButton("Tell it")
        self.tell_button.setProperty("accent", True)
        self.not_now_button = QPushButton("Not now")
        for button in (self.tell_button, self.not_now_button):
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)


class AfterDateCards(QWidget):
    """The timeline's strip of "How was it?" cards; hidden while no evening waits.

    Build it with the page, :meth:`attach` the household once it is open."""

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.household: Household | None = None
        theme.follow(self, lambda colours: self.setStyleSheet(cards_style(colours)))
        self.cards: list[AfterDateCard] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(14, 6, 14, 2)
        self._layout.setSpacing(6)
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self.timer.setInterval(LOOK_AGAIN_MS)
        self.timer.timeout.connect(self.refresh)  # runs while hidden too: it shows itself
        shell.changed.connect(self._household_changed)
        self.hide()

    @classmethod
    def above(
        cls, widget: QWidget, layout: QBoxLayout, shell: Shell, household: Household
    ) -> AfterDateCards:
        """The cards for ``household``, put in ``layout`` just above ``widget``."""
        cards = cls(shell)
        layout.insertWidget(layout.indexOf(widget), cards)
        cards.attach(household)
        return cards

    def attach(self, household: Household) -> None:
        self.household = household
        self.refresh()
        self.timer.start()

    def _household_changed(self, change: Change) -> None:
        if change.touches(Area.PLANS):
            self.refresh()

    def refresh(self) -> None:
        """Read the waiting evenings again and show the most recent, unless told "Not now"."""
        household = self.household
        if household is None:
            return
        for card in self.cards:
            self._layout.removeWidget(card)
            card.deleteLater()
        now, zone = household.clock.now(), household.clock.local_zone()
        asking = [waiting for waiting in household.plans.waiting() if not waiting.not_now]
        self.cards = [AfterDateCard(waiting, now, zone, self) for waiting in asking[:MOST]]
        for card in self.cards:
            card.tell_button.clicked.connect(lambda _c=False, w=card.waiting: self.tell(w))
            card.not_now_button.clicked.connect(lambda _c=False, w=card.waiting: self.not_now(w))
            self._layout.addWidget(card)
        self.setVisible(bool(self.cards))

    def tell(self, waiting: Waiting) -> None:
        if self.household is None:
            return
        uid, original = waiting.evening.plan.uid, waiting.evening.original_start
        told = tell_how_it_was(self.household, uid, original, self)
        if told:
            self.shell.say(told, undoable=told.startswith("Kept"))

    def not_now(self, waiting: Waiting) -> None:
        if self.household is None:
            return
        evening = waiting.evening
        try:
            self.household.plans.not_now(evening.plan.uid, evening.original_start, origin=self)
        except ConflictError as problem:
            self.shell.say(str(problem))
            return
        except SaveError as problem:  # nothing was written: the card stays, Not now works later
            self.shell.say(f"{refused('The card stays for now', problem)} Try again.")
            return
        day = humanize.day_name(evening.start.astimezone(self.household.clock.local_zone()).date())
        self.shell.say(f"All right. It waits in the planner, on {day}, whenever you like.")


class WaitingLines(QFrame):
    """The planner's lines, one for each evening waiting (the most recent three)."""

    #: (plan uid, the evening's original start)
    tell = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("afterdate")
        theme.follow(self, lambda colours: self.setStyleSheet(cards_style(colours)))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(14, 8, 14, 8)
        self._layout.setSpacing(4)
        self.rows: list[tuple[QLabel, QPushButton]] = []
        self.more = QLabel()
        self.more.setProperty("role", "soft")
        self.hide()

    def show_waiting(self, waiting: list[Waiting], now: datetime, zone: tzinfo) -> None:
        while self._layout.count():
            taken = self._layout.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None and widget is not self.more:
                widget.deleteLater()
        self.rows = []
        for each in waiting[:MOST]:
            evening = each.evening
            line = QWidget(self)
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            label = QLabel(f"{question(evening, now, zone)} Tell each other.")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            button = QPushButton("Tell it…")
            original = evening.original_start
            button.clicked.connect(
                lambda _c=False, uid=evening.plan.uid, at=original: self.tell.emit(uid, at)
            )
            row.addWidget(label, 1)
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            self._layout.addWidget(line)
            self.rows.append((label, button))
        extra = len(waiting) - MOST
        self.more.setText(
            f"And {extra} more evening{'s' if extra > 1 else ''}: choose the day in the calendar."
        )
        self._layout.addWidget(self.more)
        self.more.setVisible(extra > 0)
        self.setVisible(bool(waiting))

    def lines(self) -> list[str]:
        return [label.text() for label, _button in self.rows]
