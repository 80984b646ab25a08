"""The pieces the plan editor and the move dialog share: wall times in the household's
zone, the "Repeats" menu, a budget box and a day-and-time field.

A wall time is a day and a clock time in a zone: 19:00 stays 19:00 when the clocks change,
and a time the clocks skip moves forward by the gap.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QDateEdit, QDoubleSpinBox, QHBoxLayout, QTimeEdit, QWidget

from closeness_desktop.dates import recurrence
from closeness_desktop.dates.model import Weekday
from closeness_desktop.ui.date_fields import tab_leaves

#: A new date night starts at this hour unless someone picks another.
USUAL_HOUR = 19
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth"}
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def to_time(value: QTime) -> time:
    return time(value.hour(), value.minute())


def wall_time(day: date, at: time, zone: ZoneInfo) -> datetime:
    """``day`` at ``at`` in ``zone``; a time the clocks skip moves forward by the gap."""
    return datetime.combine(day, at, zone).astimezone(UTC).astimezone(zone)


def first_evening(now: datetime, zone: ZoneInfo, day: date | None = None) -> datetime:
    """Where a new plan starts: ``day`` at 19:00 if that is still ahead, else the next 19:00."""
    if day is not None and wall_time(day, time(USUAL_HOUR), zone) > now:
        return wall_time(day, time(USUAL_HOUR), zone)
    today = now.astimezone(zone).date()
    evening = wall_time(today, time(USUAL_HOUR), zone)
    return evening if evening > now else wall_time(today + timedelta(days=1), evening.time(), zone)


@dataclass(frozen=True, slots=True)
class RepeatChoice:
    """One line of the "Repeats" menu: a key that survives a change of date, and the rule."""

    key: str
    label: str
    rrule: str | None


def repeat_choices(day: date) -> list[RepeatChoice]:
    """The ways a date starting on ``day`` can repeat, built with the recurrence presets."""
    weekday = Weekday(day.weekday())
    name = weekday.name.capitalize()
    nth = (day.day - 1) // 7 + 1
    is_last = day.day + 7 > calendar.monthrange(day.year, day.month)[1]
    choices = [
        RepeatChoice("none", "Doesn't repeat", None),
        RepeatChoice("weekly", f"Every week on {name}", recurrence.every_n_weeks(weekday, 1)),
        RepeatChoice(
            "fortnightly", f"Every other week on {name}", recurrence.every_n_weeks(weekday, 2)
        ),
    ]
    if nth in _ORDINALS:
        label = f"The {_ORDINALS[nth]} {name} of each month"
        choices.append(RepeatChoice("nth", label, recurrence.monthly_nth_weekday(nth, weekday)))
    if is_last:
        label = f"The last {name} of each month"
        choices.append(RepeatChoice("last", label, recurrence.monthly_nth_weekday(-1, weekday)))
    shorter = " (skipped in shorter months)" if day.day > 28 else ""
    choices += [
        RepeatChoice(
            "monthly", f"Every month on day {day.day}{shorter}", recurrence.monthly_on_day(day.day)
        ),
        RepeatChoice(
            "yearly", f"Every year on {day.day} {_MONTHS[day.month - 1]}", recurrence.yearly()
        ),
    ]
    return choices


class BudgetSpinBox(QDoubleSpinBox):
    """An amount of money, or "No budget": the one value below zero stands for none."""

    NONE = -1.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(self.NONE, 1_000_000)
        self.setDecimals(2)
        self.setSingleStep(5)
        self.setSpecialValueText("No budget")
        self.setValue(self.NONE)
        self.setToolTip("An amount; one step below zero is “No budget”.")

    def stepBy(self, steps: int) -> None:
        if self.value() < 0 < steps:  # from "No budget", the first step up is zero
            self.setValue(0)
            steps -= 1
        if steps:
            super().stepBy(steps)

    def budget(self) -> Decimal | None:
        value = self.value()
        return None if value < 0 else Decimal(f"{value:.2f}")

    def set_budget(self, amount: Decimal | None) -> None:
        self.setValue(self.NONE if amount is None else float(amount))


class WhenEdit(QWidget):
    """A day and (unless the date lasts all day) a time, side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMMM yyyy")
        self.day.setDateRange(QDate(1900, 1, 1), QDate(2200, 12, 31))
        self.at = QTimeEdit()
        self.at.setDisplayFormat("HH:mm")
        self.at.setMinimumWidth(90)
        for field in (self.day, self.at):
            tab_leaves(field)
        row.addWidget(self.day, 1)
        row.addWidget(self.at)

    def value(self, zone: ZoneInfo, *, all_day: bool) -> datetime:
        at = time(0) if all_day else to_time(self.at.time())
        return wall_time(to_date(self.day.date()), at, zone)

    def set_value(self, moment: datetime) -> None:
        self.day.setDate(to_qdate(moment.date()))
        self.at.setTime(QTime(moment.hour, moment.minute))


def lead_words(lead: timedelta) -> str:
    minutes = int(lead.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return f"{days} day{'s' if days != 1 else ''} before"
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''} before"
    return f"{minutes} minute{'s' if minutes != 1 else ''} before"
