"""The widgets of the "Date nights" tab: the next date at a glance, the month calendar
with its marked days, and the chosen day's dates. They show what they are given and
change nothing; :mod:`closeness_desktop.ui.planner` puts them together.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop import humanize
from closeness_desktop.agenda import STATE_WORDS, Evening, Mark, countdown, repeat_words, time_span
from closeness_desktop.dates.model import PlanState
from closeness_desktop.ui import theme
from closeness_desktop.ui.plan_fields import to_date, to_qdate

#: The month grid shows up to a week before the first and two weeks after the last day.
GRID_BEFORE = timedelta(days=7)
GRID_AFTER = timedelta(days=14)
CARD_STYLE = """
#nextdate { background: #FFFFFF; border: 1px solid #EADFD3; border-radius: 10px; }
#nextdate QLabel[role="eyebrow"] { color: #9A7B6C; font-size: 11px; font-weight: 600;
    letter-spacing: 1px; }
#nextdate QLabel[role="countdown"] { color: #C8566B; font-size: 15px; font-weight: 600; }
"""


# --- the next date at a glance ----------------------------------------------------------


class NextDateCard(QFrame):
    """The next date night (title, when, where, how long until), or a nudge to plan one."""

    plan_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nextdate")
        self.setStyleSheet(CARD_STYLE)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 14, 18, 14)
        text = QVBoxLayout()
        text.setSpacing(4)
        self.eyebrow = QLabel("NEXT DATE NIGHT")
        self.eyebrow.setProperty("role", "eyebrow")
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.details = QLabel()
        self.details.setProperty("role", "soft")
        self.details.setWordWrap(True)
        self.countdown = QLabel()
        self.countdown.setProperty("role", "countdown")
        for label in (self.eyebrow, self.title, self.details, self.countdown):
            label.setTextFormat(Qt.TextFormat.PlainText)
            text.addWidget(label)
        row.addLayout(text, 1)
        self.plan_button = QPushButton("Plan a date night")
        self.plan_button.setProperty("accent", True)
        self.plan_button.clicked.connect(self.plan_requested)
        row.addWidget(self.plan_button, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_evening(self, evening: Evening | None, now: datetime, zone: tzinfo) -> None:
        if evening is None:
            self.eyebrow.setText("NOTHING PLANNED YET")
            self.title.setText("An evening just for the two of you")
            self.details.setText(
                "Set aside regular date nights and treat them as important as any other "
                "appointment in your calendar."
            )
            self.countdown.hide()
            return
        plan = evening.plan
        when = humanize.when(evening.start, now, zone, all_day=plan.all_day)
        parts = [when, evening.occurrence.where, repeat_words(plan) or ""]
        self.eyebrow.setText("NEXT DATE NIGHT")
        self.title.setText(plan.title)
        self.details.setText(" · ".join(part for part in parts if part))
        self.countdown.setText(countdown(evening, now, zone).capitalize())
        self.countdown.show()


# --- the month ----------------------------------------------------------------------------


def _mark_format(mark: Mark) -> QTextCharFormat:
    """How a day with dates looks: to come in rose, done in green, past and cancelled soft."""
    shown = QTextCharFormat()
    shown.setFontWeight(QFont.Weight.Bold)
    if mark is Mark.UPCOMING:
        shown.setForeground(QBrush(theme.ACCENT))
        shown.setBackground(QBrush(theme.CARD_SELECTED))
    elif mark is Mark.DONE:
        shown.setForeground(QBrush(theme.KIND_COLOURS["checkin"]))
    else:
        shown.setForeground(QBrush(theme.INK_SOFT))
        shown.setFontStrikeOut(mark is Mark.CANCELLED)
    return shown


CALENDAR_STYLE = """
QCalendarWidget QWidget#qt_calendar_navigationbar { background: #F4ECE3; border-radius: 8px; }
QCalendarWidget QToolButton {
    color: #3B2F2A; background: transparent; border: none; font-weight: 600; padding: 4px 8px;
}
QCalendarWidget QToolButton:hover { background: #FCE3E8; border-radius: 6px; }
QCalendarWidget QAbstractItemView:enabled {
    background: #FFFFFF; alternate-background-color: #FAF5EF; color: #3B2F2A; outline: none;
    selection-background-color: #C8566B; selection-color: #FFFFFF;
}
QCalendarWidget QAbstractItemView:disabled { color: #C9BBB0; }
"""


class PlanCalendar(QCalendarWidget):
    """A month calendar whose days with date nights stand out (see :func:`_mark_format`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(CALENDAR_STYLE)
        plain = QTextCharFormat()
        plain.setForeground(QBrush(theme.INK))
        for weekend in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(weekend, plain)  # red weekends would read as dates
        self.setGridVisible(False)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setDateRange(QDate(1900, 1, 1), QDate(2200, 12, 31))
        self._marks: dict[date, Mark] = {}

    def visible_days(self) -> tuple[date, date]:
        """The first and last day the month grid can show."""
        first = date(self.yearShown(), self.monthShown(), 1)
        after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first - GRID_BEFORE, after - timedelta(days=1) + GRID_AFTER

    def set_marks(self, marks: dict[date, Mark], today: date) -> None:
        self.setDateTextFormat(QDate(), QTextCharFormat())  # clears every day's format
        for day, mark in marks.items():
            self.setDateTextFormat(to_qdate(day), _mark_format(mark))
        today_format = self.dateTextFormat(to_qdate(today))
        today_format.setFontUnderline(True)
        self.setDateTextFormat(to_qdate(today), today_format)
        self._marks = dict(marks)

    def mark_of(self, day: date) -> Mark | None:
        return self._marks.get(day)

    def selected_day(self) -> date:
        return to_date(self.selectedDate())

    def show_day(self, day: date) -> None:
        self.setCurrentPage(day.year, day.month)
        self.setSelectedDate(to_qdate(day))


# --- one day ------------------------------------------------------------------------------


def evening_summary(evening: Evening, zone: tzinfo) -> str:
    """When and where, e.g. "19:00-22:00 · The old mill", and whether it was moved."""
    parts = [
        time_span(evening, zone),
        evening.occurrence.where,
        "moved from its usual time" if evening.occurrence.moved else "",
    ]
    return " · ".join(part for part in parts if part)


_PILL_COLOURS = {
    PlanState.PLANNED: ("#FCE3E8", "#A8404F"),
    PlanState.DONE: ("#E2F0E7", "#3F7A59"),
    PlanState.CANCELLED: ("#EFE8E2", "#7D6A61"),
}


class EveningRow(QWidget):
    """One date in the day's list: its title, when and where, and how it stands."""

    def __init__(self, evening: Evening, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.title = QLabel(evening.plan.title)
        self.title.setStyleSheet("font-weight: 600;")
        self.summary = QLabel(evening_summary(evening, zone))
        self.summary.setProperty("role", "soft")
        self.repeats = QLabel(repeat_words(evening.plan) or "")
        self.repeats.setProperty("role", "soft")
        self.repeats.setVisible(evening.plan.repeats)
        for label in (self.title, self.summary, self.repeats):
            label.setTextFormat(Qt.TextFormat.PlainText)
            text.addWidget(label)
        row.addLayout(text, 1)
        self.state = QLabel(STATE_WORDS[evening.state])
        background, ink = _PILL_COLOURS[evening.state]
        self.state.setStyleSheet(
            f"background: {background}; color: {ink}; border-radius: 8px; padding: 2px 8px;"
        )
        row.addWidget(self.state, 0, Qt.AlignmentFlag.AlignTop)

    def text(self) -> str:
        lines = [self.title.text(), self.summary.text(), self.repeats.text(), self.state.text()]
        return "\n".join(line for line in lines if line)


DAY_LIST_STYLE = """
QListWidget#evenings { background: #FFFFFF; border: 1px solid #EADFD3; border-radius: 8px; }
QListWidget#evenings::item { border-radius: 8px; margin: 2px; }
QListWidget#evenings::item:selected { background: #FCEFF1; border: 1px solid #F0C9D1; }
"""


class DayView(QWidget):
    """The selected day's dates, and what can be done with the one chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._evenings: list[Evening] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        layout.addWidget(self.heading)
        self.list = QListWidget()
        self.list.setObjectName("evenings")
        self.list.setStyleSheet(DAY_LIST_STYLE)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.list, 1)
        self.empty = QLabel("Nothing planned for this day yet.")
        self.empty.setProperty("role", "soft")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty, 1)
        buttons = QGridLayout()
        self.edit_button = QPushButton("Edit the plan…")
        self.move_button = QPushButton("Move this evening…")
        self.skip_button = QPushButton("Skip this evening")
        self.done_button = QPushButton("Mark as done")
        self.cancel_button = QPushButton("Cancel this evening")
        self.delete_button = QPushButton("Delete the plan")
        for number, button in enumerate(self.buttons()):
            buttons.addWidget(button, number // 2, number % 2)
        layout.addLayout(buttons)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self._update_buttons()

    def buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.edit_button, self.move_button, self.skip_button,
            self.done_button, self.cancel_button, self.delete_button,
        )  # fmt: skip

    def show_day(self, day: date, evenings: list[Evening], zone: tzinfo) -> None:
        """List ``evenings`` (the dates on ``day``), keeping the chosen one if it is there."""
        chosen = self.current()
        self.heading.setText(humanize.day_name(day))
        self._evenings = list(evenings)
        self.list.clear()
        for evening in self._evenings:
            item = QListWidgetItem()
            row = EveningRow(evening, zone)
            item.setSizeHint(row.sizeHint())
            self.list.addItem(item)
            self.list.setItemWidget(item, row)
        self.list.setVisible(bool(self._evenings))
        self.empty.setVisible(not self._evenings)
        keys = [_key(evening) for evening in self._evenings]
        if chosen is not None and _key(chosen) in keys:
            self.list.setCurrentRow(keys.index(_key(chosen)))
        elif self._evenings:
            self.list.setCurrentRow(0)
        self._update_buttons()

    def lines(self) -> list[str]:
        """What each row says, as plain text (title, then when, where and state)."""
        rows = [self.list.itemWidget(self.list.item(n)) for n in range(self.list.count())]
        return [row.text() for row in rows if isinstance(row, EveningRow)]

    def current(self) -> Evening | None:
        row = self.list.currentRow()
        return self._evenings[row] if 0 <= row < len(self._evenings) else None

    def select(self, uid: str) -> None:
        """Choose the date of the plan ``uid`` on this day, if it has one."""
        for row, evening in enumerate(self._evenings):
            if evening.plan.uid == uid:
                self.list.setCurrentRow(row)
                return

    def _update_buttons(self) -> None:
        evening = self.current()
        for button in self.buttons():
            button.setEnabled(evening is not None)
        if evening is None:
            return
        repeats = evening.plan.repeats
        self.skip_button.setEnabled(repeats)
        self.skip_button.setToolTip(
            "" if repeats else "Only a repeating date can skip one evening; cancel it instead."
        )
        self.move_button.setText("Move this evening…" if repeats else "Move the date…")
        done = evening.state is PlanState.DONE
        self.done_button.setText("Not done after all" if done else "Mark as done")
        cancelled = evening.state is PlanState.CANCELLED
        if cancelled:
            self.cancel_button.setText("Keep it after all")
        else:
            self.cancel_button.setText("Cancel this evening" if repeats else "Cancel the date")


def _key(evening: Evening) -> tuple[str, datetime]:
    return (evening.plan.uid, evening.original_start)
