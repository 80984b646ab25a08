"""The plan editor's repeat: the "Repeats" menu (every other Friday, the first Saturday of
each month...) and "How long" it goes on: forever, until a day, or for a number of
evenings, written into the rule as RFC 5545 ``UNTIL`` or ``COUNT``.

The menu lists patterns only; a plan's end is taken off its rule to find the pattern
and put back on save, so "every Friday, 10 times" shows as "Every week on Friday" and
"For 10 evenings".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QObject
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QSpinBox, QWidget

from closeness_desktop.dates import recurrence
from closeness_desktop.dates.model import DatePlan
from closeness_desktop.household import ValidationError
from closeness_desktop.ui.combo import index_of
from closeness_desktop.ui.date_fields import tab_leaves
from closeness_desktop.ui.plan_fields import (
    RepeatChoice,
    repeat_choices,
    to_date,
    to_qdate,
)

CUSTOM = "custom"
FOREVER, UNTIL_DAY, TIMES = "forever", "until", "count"
#: How long a repeat goes on; the day or the count sits beside the words.
HOW_LONG = ((FOREVER, "Forever"), (UNTIL_DAY, "Until"), (TIMES, "For"))
#: A repeat that ends after a number of evenings starts at this many.
USUAL_COUNT = 10
#: A new end day is a season after the first evening.
USUAL_SEASON = timedelta(days=91)


class RepeatFields(QObject):
    """The widgets of the two rows (``menu``; ``how_long_box``) and what they mean."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._choices: dict[str, RepeatChoice] = {}
        self.menu = QComboBox(parent)
        self.how_long_box = QWidget(parent)
        row = QHBoxLayout(self.how_long_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.how_long = QComboBox()
        for key, words in HOW_LONG:
            self.how_long.addItem(words, key)
        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("d MMMM yyyy")
        self.until.setDateRange(QDate(1900, 1, 1), QDate(2200, 12, 31))
        tab_leaves(self.until)
        self.count = QSpinBox()
        self.count.setRange(1, 999)
        self.count.valueChanged.connect(
            lambda n: self.count.setSuffix(" evening" if n == 1 else " evenings")
        )
        self.count.setValue(USUAL_COUNT)
        for widget in (self.how_long, self.until, self.count):
            row.addWidget(widget)
        row.addStretch(1)
        self.how_long.currentIndexChanged.connect(lambda _n: self._how_long_changed())
        self._how_long_changed()

    # -- filling in -----------------------------------------------------------------------

    def fill(self, day: date, key: str, rule: str | None = None) -> None:
        """List the repeat choices for ``day`` and select ``key``. For ``CUSTOM``, the
        choice whose rule is ``rule`` is selected; a rule none matches keeps a line of its own."""
        choices = {choice.key: choice for choice in repeat_choices(day)}
        if key == CUSTOM:
            matching = [choice.key for choice in choices.values() if choice.rrule == rule]
            if rule is None or matching:
                key = matching[0] if matching else "none"
            else:
                words = recurrence.describe(rule, start=datetime.combine(day, time(0)))
                choices[CUSTOM] = RepeatChoice(CUSTOM, f"As before: {words}", rule)
        self._choices = choices
        self.menu.blockSignals(True)
        self.menu.clear()
        for choice in choices.values():
            self.menu.addItem(choice.label, choice.key)
        self.menu.blockSignals(False)
        # Selected with signals on, so the "How long" row follows the choice.
        self.menu.setCurrentIndex(-1)
        self.menu.setCurrentIndex(max(index_of(self.menu, key), 0))

    def load(self, plan: DatePlan, start: date) -> None:
        """Show ``plan``'s repeat: its pattern in the menu, its end in "How long"."""
        count, until, rule = None, None, plan.rrule
        if rule is not None:
            count, until = recurrence.repeat_end(rule, plan.zone)
            rule = recurrence.with_repeat_end(rule, zone=plan.zone, all_day=plan.all_day)
        self.fill(start, CUSTOM, rule)
        self.set_end(count, until, start)

    def follow_start(self, day: date) -> None:
        """The first evening moved to ``day``: the same kind of repeat, from that day."""
        key = str(self.menu.currentData())
        self.fill(day, key, self.pattern() if key == CUSTOM else None)

    def set_end(self, count: int | None, until: date | None, start: date) -> None:
        key = TIMES if count is not None else UNTIL_DAY if until is not None else FOREVER
        self.how_long.setCurrentIndex(index_of(self.how_long, key))
        self.count.setValue(count or USUAL_COUNT)
        self.until.setDate(to_qdate(until or start + USUAL_SEASON))

    def _how_long_changed(self) -> None:
        key = self.how_long.currentData()
        self.until.setVisible(key == UNTIL_DAY)
        self.count.setVisible(key == TIMES)

    # -- reading ----------------------------------------------------------------------------

    def pattern(self) -> str | None:
        """The RRULE of the chosen pattern (without an end), or None for a one-off."""
        key = self.menu.currentData()
        return None if key is None else self._choices[str(key)].rrule

    def rrule(self, start: datetime, zone: str, *, all_day: bool) -> str | None:
        """The chosen repeat with its end written in (``COUNT`` or ``UNTIL``); None for a
        one-off. :class:`ValidationError` for an end before the first evening."""
        rule = self.pattern()
        if rule is None:
            return None
        key = self.how_long.currentData()
        if key == TIMES:
            count = self.count.value()
            return recurrence.with_repeat_end(rule, count=count, zone=zone, all_day=all_day)
        if key == UNTIL_DAY:
            last = to_date(self.until.date())
            if last < start.date():
                raise ValidationError("The repeat can't end before the first evening.")
            return recurrence.with_repeat_end(rule, until=last, zone=zone, all_day=all_day)
        return rule
