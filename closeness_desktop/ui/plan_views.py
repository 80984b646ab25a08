"""The widgets of the "Date nights" tab: the next date at a glance and the month calendar
with its marked days (the chosen day's dates are in :mod:`.plan_day`). They show what
they are given and change nothing; :mod:`closeness_desktop.ui.planner` puts them together.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop import humanize
from closeness_desktop.agenda import Evening, Mark, countdown, repeat_words
from closeness_desktop.ui import theme
from closeness_desktop.ui.plan_fields import to_date, to_qdate
from closeness_desktop.ui.theme_colours import Colours

#: The month grid shows up to a week before the first and two weeks after the last day.
GRID_BEFORE = timedelta(days=7)
GRID_AFTER = timedelta(days=14)


def _card_style(c: Colours) -> str:
    return f"""
#nextdate {{ background: {c.card}; border: 1px solid {c.card_border}; border-radius: 10px; }}
#nextdate QLabel[role="eyebrow"] {{ color: {c.header_ink}; font-size: 11px; font-weight: 600;
    letter-spacing: 1px; }}
#nextdate QLabel[role="countdown"] {{ color: {c.accent}; font-size: 15px; font-weight: 600; }}
"""


# --- the next date at a glance ----------------------------------------------------------


class NextDateCard(QFrame):
    """The next date night (title, when, where, how long until), or a nudge to plan one."""

    plan_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nextdate")
        theme.follow(self, lambda colours: self.setStyleSheet(_card_style(colours)))
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


class PlanCalendar(QCalendarWidget):
    """A month calendar whose days with date nights stand out (see :func:`_mark_format`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setGridVisible(False)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setDateRange(QDate(1900, 1, 1), QDate(2200, 12, 31))
        self._marks: dict[date, Mark] = {}
        self._today: date | None = None
        # The app's style sheet colours the grid; the day formats are this calendar's own.
        theme.follow(self, lambda _colours: self._format_days())

    def _format_days(self) -> None:
        plain = QTextCharFormat()
        plain.setForeground(QBrush(theme.INK))
        for weekend in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(weekend, plain)  # red weekends would read as dates
        if self._today is not None:
            self.set_marks(self._marks, self._today)

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
        self._marks, self._today = dict(marks), today

    def mark_of(self, day: date) -> Mark | None:
        return self._marks.get(day)

    def selected_day(self) -> date:
        return to_date(self.selectedDate())

    def show_day(self, day: date) -> None:
        self.setCurrentPage(day.year, day.month)
        self.setSelectedDate(to_qdate(day))
