"""The pieces of the Settings pages: weekday chips, time fields, one ritual's editors, and a
page that scrolls when the screen is small."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from PySide6.QtCore import QLocale, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.rituals import rules

#: How far a ritual's time, days and words sit in from its name.
INDENT = 26


def qtime(moment: time) -> QTime:
    return QTime(moment.hour, moment.minute)


def py_time(value: QTime) -> time:
    return time(value.hour(), value.minute())


class TimeField(QTimeEdit):
    """A time of day as wide as its text and arrows, never stretched across a page."""

    def __init__(self, moment: time, parent: QWidget | None = None) -> None:
        super().__init__(qtime(moment), parent)
        self.setDisplayFormat("HH:mm")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab leaves the field, as everywhere else; hours and minutes are a click, the
        # arrow keys, or Left and Right apart (QTimeEdit would Tab from hour to minute).
        return QWidget.focusNextPrevChild(self, next)


def day_names(locale: QLocale | None = None) -> list[tuple[str, str]]:
    """(short, full) names of Monday to Sunday in the locale: ("Mon", "Monday")..."""
    shown = locale or QLocale()
    short, full = QLocale.FormatType.ShortFormat, QLocale.FormatType.LongFormat
    return [(shown.dayName(day, short), shown.dayName(day, full)) for day in range(1, 8)]


class WeekdayPicker(QWidget):
    """Seven toggles, Monday first, each wide enough for its whole name."""

    def __init__(self, days: frozenset[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.buttons: list[QPushButton] = []
        for number, (short, full) in enumerate(day_names()):
            button = QPushButton(short)
            button.setProperty("role", "chip")
            button.setCheckable(True)
            button.setChecked(number in days)
            button.setToolTip(full)
            button.setAccessibleName(full)
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            row.addWidget(button)
            self.buttons.append(button)
        # One width for all seven, the widest name's: a tidy row, and never a name cut.
        widest = max(button.sizeHint().width() for button in self.buttons)
        for button in self.buttons:
            button.setMinimumWidth(widest)
        row.addStretch(1)

    def days(self) -> frozenset[int]:
        return frozenset(n for n, button in enumerate(self.buttons) if button.isChecked())


class RitualRow:
    """The editors of one ritual: its name to turn it on, then when, which days, and the
    words it says, indented under the name."""

    def __init__(self, ritual: rules.Ritual, box: QVBoxLayout) -> None:
        self.ritual = ritual
        self.enabled = QCheckBox(ritual.title)
        self.enabled.setChecked(ritual.enabled)
        font = self.enabled.font()
        font.setBold(True)
        self.enabled.setFont(font)
        self.at = TimeField(ritual.at)
        self.at.setAccessibleName(f"{ritual.title}: time")
        self.days = WeekdayPicker(ritual.weekdays)
        self.text = QLineEdit(ritual.text)
        self.text.setMaxLength(300)
        self.text.setAccessibleName(f"{ritual.title}: the words it says")
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.setColumnMinimumWidth(0, INDENT)
        grid.addWidget(self.enabled, 0, 0, 1, 4)
        at = QLabel("at")
        at.setBuddy(self.at)
        grid.addWidget(at, 1, 1)
        grid.addWidget(self.at, 1, 2)
        grid.addWidget(self.days, 1, 3)
        grid.addWidget(self.text, 2, 1, 1, 3)
        grid.setColumnStretch(3, 1)
        box.addLayout(grid)

    def value(self) -> rules.Ritual:
        text = self.text.text().strip() or self.ritual.text
        return replace(
            self.ritual,
            enabled=self.enabled.isChecked(),
            at=py_time(self.at.time()),
            weekdays=self.days.days(),
            text=text,
        )


def scrolling(body: QWidget) -> QScrollArea:
    """``body`` as a tab page that scrolls when the dialog is smaller than it (800x600, 2x)."""
    body.setObjectName("pageBody")
    page = QScrollArea()
    page.setObjectName("page")
    page.setWidgetResizable(True)
    page.setFrameShape(QScrollArea.Shape.NoFrame)
    page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    page.setWidget(body)
    page.viewport().setAutoFillBackground(False)
    return page
