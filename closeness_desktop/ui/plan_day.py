"""The chosen day of the "Date nights" tab: its dates (and the evenings skipped on it), how
each stands, and what can be done with the one chosen. It shows what it is given and
changes nothing; :mod:`closeness_desktop.ui.planner` acts on its buttons.

An evening that is over reads "done", "not remembered yet", "cancelled"; a skipped one
stays in the list, greyed, so it can be brought back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop import humanize
from closeness_desktop.agenda import Evening, repeat_words, time_span
from closeness_desktop.dates.model import DatePlan, PlanState
from closeness_desktop.ui import theme
from closeness_desktop.ui.theme_colours import PLAN_PILLS, Colours

#: What the pill of each state says (its colours: ``theme_colours.PLAN_PILLS``).
STATE_WORDS = {
    "planned": "planned",
    "done": "done",
    "cancelled": "cancelled",
    "not_told": "not remembered yet",
    "skipped": "skipped",
}


@dataclass(frozen=True, slots=True)
class SkippedEvening:
    """A date of a series that was skipped: nothing happens then, but it can come back."""

    plan: DatePlan
    original_start: datetime


DayItem = Evening | SkippedEvening


def plan_state(evening: Evening, now: datetime) -> str:
    """How an evening stands (a key of :data:`STATE_WORDS`): planned, done, cancelled,
    or, once it is over and nobody said how it was, not remembered yet."""
    if evening.state is PlanState.DONE:
        return "done"
    if evening.state is PlanState.CANCELLED:
        return "cancelled"
    return "not_told" if evening.is_over(now) else "planned"


def evening_summary(evening: Evening, zone: tzinfo) -> str:
    """When and where, e.g. "19:00-22:00 · The old mill"."""
    parts = [time_span(evening, zone), evening.occurrence.where]
    return " · ".join(part for part in parts if part)


def moved_words(evening: Evening, zone: tzinfo) -> str:
    """ "Moved from Friday 25 December 2026, 19:00" for a moved evening of a series, else ""."""
    if not evening.occurrence.moved:
        return ""
    usual = evening.original_start.astimezone(evening.plan.tzinfo if evening.plan.all_day else zone)
    clock = "" if evening.plan.all_day else f", {usual:%H:%M}"
    return f"Moved from {humanize.day_name(usual.date())}{clock}"


def _label(text: str, *, soft: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)  # a long place or title wraps inside the list, never past it
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    if soft:
        label.setProperty("role", "soft")
    return label


class EveningRow(QWidget):
    """One line of the day's list: title, when and where, moved or repeating, and a pill."""

    def __init__(
        self, item: DayItem, zone: tzinfo, now: datetime, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        text = QVBoxLayout()
        text.setSpacing(2)
        plan = item.plan
        self.title = _label(plan.title)
        skipped = isinstance(item, SkippedEvening)
        if isinstance(item, SkippedEvening):
            start = item.original_start.astimezone(plan.tzinfo if plan.all_day else zone)
            self.summary = _label("all day" if plan.all_day else f"{start:%H:%M}", soft=True)
            self.moved = _label("Skipped: nothing is planned for this evening.", soft=True)
            state = "skipped"
        else:
            self.summary = _label(evening_summary(item, zone), soft=True)
            self.moved = _label(moved_words(item, zone), soft=True)
            state = plan_state(item, now)
        self.moved.setVisible(bool(self.moved.text()))
        self.repeats = _label(repeat_words(plan) or "", soft=True)
        self.repeats.setVisible(plan.repeats)
        for label in (self.title, self.summary, self.moved, self.repeats):
            text.addWidget(label)
        row.addLayout(text, 1)
        self.state = QLabel(STATE_WORDS[state])

        def colour(colours: Colours) -> None:
            # A skipped evening's title is greyed like the rest of it.
            ink = f" color: {colours.ink_soft};" if skipped else ""
            self.title.setStyleSheet(f"font-weight: 600;{ink}")
            background, pill_ink = PLAN_PILLS[colours.name][state]
            self.state.setStyleSheet(
                f"background: {background}; color: {pill_ink}; border-radius: 8px;"
                " padding: 2px 8px;"
            )

        theme.follow(self, colour)
        row.addWidget(self.state, 0, Qt.AlignmentFlag.AlignTop)

    def text(self) -> str:
        labels = (self.title, self.summary, self.moved, self.repeats, self.state)
        return "\n".join(label.text() for label in labels if label.text())


ITEM_MARGIN, ITEM_BORDER = 2, 1


def _day_list_style(c: Colours) -> str:
    return f"""
QListWidget#evenings {{
    background: {c.card}; border: 1px solid {c.card_border}; border-radius: 8px;
}}
QListWidget#evenings::item {{ border-radius: 8px; margin: 2px; }}
QListWidget#evenings::item:selected {{
    background: {c.card_selected}; border: 1px solid {c.banner_border};
}}
"""


class EveningList(QListWidget):
    """The rows are as tall as their wrapped text at the list's width, so nothing runs
    into the border (a row widget's own size hint knows no width)."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_rows()

    def fit_rows(self) -> None:
        width = max(self.viewport().width(), 120)
        inside = width - 2 * (ITEM_MARGIN + ITEM_BORDER)  # what the row widget gets
        for number in range(self.count()):
            item = self.item(number)
            row = self.itemWidget(item)
            if row is not None:
                height = row.heightForWidth(inside) + 2 * (ITEM_MARGIN + ITEM_BORDER)
                item.setSizeHint(QSize(width, height))


class DayView(QWidget):
    """The selected day's dates, and what can be done with the one chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[DayItem] = []
        self._now: datetime | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        layout.addWidget(self.heading)
        self.list = EveningList()
        self.list.setObjectName("evenings")
        theme.follow(self.list, lambda colours: self.list.setStyleSheet(_day_list_style(colours)))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.list, 1)
        self.empty = QLabel("Nothing planned for this day yet.")
        self.empty.setProperty("role", "soft")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty, 1)
        buttons = QGridLayout()
        self.edit_button = QPushButton("Edit the plan…")
        self.move_button = QPushButton("Move this evening…")
        self.tell_button = QPushButton("How was it?…")
        self.skip_button = QPushButton("Skip this evening")
        self.done_button = QPushButton("Mark as done")
        self.cancel_button = QPushButton("Cancel this evening")
        self.delete_button = QPushButton("Delete the plan")
        for number, button in enumerate(self.buttons()):
            buttons.addWidget(button, number // 2, number % 2)
        buttons.addWidget(self.tell_button, 0, 1)  # in Move's place, for an evening gone by
        layout.addLayout(buttons)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self._update_buttons()

    def buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.edit_button, self.move_button, self.skip_button,
            self.done_button, self.cancel_button, self.delete_button,
        )  # fmt: skip

    def show_day(
        self,
        day: date,
        evenings: list[Evening],
        zone: tzinfo,
        now: datetime,
        skipped: list[SkippedEvening] | None = None,
    ) -> None:
        """List ``evenings`` (the dates on ``day``) and the evenings ``skipped`` on it,
        keeping the chosen one if it is there."""
        chosen = self._current_item()
        self._now = now
        self.heading.setText(humanize.day_name(day))
        self._items = [*evenings, *(skipped or [])]
        self._items.sort(key=_start)
        self.list.clear()
        for each in self._items:
            item = QListWidgetItem()
            row = EveningRow(each, zone, now)
            self.list.addItem(item)
            self.list.setItemWidget(item, row)
        self.list.fit_rows()
        self.list.setVisible(bool(self._items))
        self.empty.setVisible(not self._items)
        keys = [_key(each) for each in self._items]
        if chosen is not None and _key(chosen) in keys:
            self.list.setCurrentRow(keys.index(_key(chosen)))
        elif self._items:
            self.list.setCurrentRow(0)
        self._update_buttons()

    def lines(self) -> list[str]:
        """What each row says, as plain text (title, then when, where and state)."""
        rows = [self.list.itemWidget(self.list.item(n)) for n in range(self.list.count())]
        return [row.text() for row in rows if isinstance(row, EveningRow)]

    def _current_item(self) -> DayItem | None:
        row = self.list.currentRow()
        return self._items[row] if 0 <= row < len(self._items) else None

    def current(self) -> Evening | None:
        """The chosen evening (None when nothing, or a skipped evening, is chosen)."""
        item = self._current_item()
        return item if isinstance(item, Evening) else None

    def current_skipped(self) -> SkippedEvening | None:
        item = self._current_item()
        return item if isinstance(item, SkippedEvening) else None

    def current_plan(self) -> DatePlan | None:
        item = self._current_item()
        return item.plan if item is not None else None

    def select(self, uid: str) -> None:
        """Choose the date of the plan ``uid`` on this day, if it has one."""
        for row, item in enumerate(self._items):
            if item.plan.uid == uid:
                self.list.setCurrentRow(row)
                return

    def _update_buttons(self) -> None:
        item = self._current_item()
        for button in self.buttons():
            button.setEnabled(item is not None)
        gone_by = isinstance(item, Evening) and self._now is not None and item.is_over(self._now)
        self.move_button.setVisible(not gone_by)
        self.tell_button.setVisible(gone_by)
        self.tell_button.setEnabled(gone_by)
        if isinstance(item, SkippedEvening):
            for button in (self.move_button, self.done_button, self.cancel_button):
                button.setEnabled(False)
            self.skip_button.setText("Un-skip this evening")
            self.skip_button.setToolTip("Bring this evening back into the plan.")
            return
        self.skip_button.setText("Skip this evening")
        if item is None:
            return
        repeats = item.plan.repeats
        self.skip_button.setEnabled(repeats)
        self.skip_button.setToolTip(
            "" if repeats else "Only a repeating date can skip one evening; cancel it instead."
        )
        self.move_button.setText("Move this evening…" if repeats else "Move the date…")
        self.tell_button.setEnabled(gone_by and item.state is not PlanState.CANCELLED)
        done = item.state is PlanState.DONE
        self.done_button.setText("Not done after all" if done else "Mark as done")
        cancelled = item.state is PlanState.CANCELLED
        if cancelled:
            self.cancel_button.setText("Keep it after all")
        else:
            self.cancel_button.setText("Cancel this evening" if repeats else "Cancel the date")


def _start(item: DayItem) -> tuple[datetime, str]:
    start = item.start if isinstance(item, Evening) else item.original_start
    return start, item.plan.title


def _key(item: DayItem) -> tuple[str, datetime, bool]:
    original = item.original_start
    return (item.plan.uid, original, isinstance(item, SkippedEvening))
