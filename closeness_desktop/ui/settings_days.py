"""Settings, "Special days": anniversaries, birthdays and days of your own, each kept (or
changed, or removed) at once, with an undo step like everything the two of you write."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop import special_days as words
from closeness_desktop.records import ConflictError, NotFoundError, SaveError, ValidationError
from closeness_desktop.special_days import DayKind, SpecialDay
from closeness_desktop.ui.date_fields import tab_leaves
from closeness_desktop.ui.save_failures import words_kept

if TYPE_CHECKING:
    from closeness_desktop.household import Household

#: As ``store.models.TITLE_MAX``: the screens never import the store.
TITLE_LENGTH = 200
KEPT = "What you typed is still here; try again."


class Fields(NamedTuple):
    """What the form says, before the household checks it."""

    kind: DayKind
    title: str
    on_date: date
    yearly: bool
    partner_id: uuid.UUID | None


def day_line(day: SpecialDay, today: date, names: Mapping[uuid.UUID, str]) -> str:
    """ "8 December 2021 · Our anniversary in 12 days"; a past "once" day without one."""
    whose = names.get(day.partner_id) if day.partner_id else None
    countdown = words.countdown(day, today, whose)
    when = f"{day.on_date.day} {day.on_date:%B %Y}"
    return f"{when} · {countdown or words.name_of(day, whose) + ', once'}"


class SpecialDaysPage(QWidget):
    """The list of days, and one form to add a day or change the chosen one."""

    def __init__(self, household: Household, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.household = household
        self.days: list[SpecialDay] = []
        box = QVBoxLayout(self)
        box.setSpacing(10)
        intro = QLabel(
            "The days that are yours: they count down above the timeline, and the greeting"
            " remembers them on the day. Each change here is kept at once; Undo takes it back."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "soft")
        box.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName("Special days")
        self.list.currentRowChanged.connect(self._chosen)
        box.addWidget(self.list, 1)

        form = QFormLayout()
        self.kind = QComboBox()
        for kind, label in words.KIND_WORDS.items():
            self.kind.addItem(label, kind.value)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.whose = QComboBox()
        for partner in household.partners.all():
            self.whose.addItem(partner.name, str(partner.id))  # a UUID would not round-trip
        self.title = QLineEdit()
        self.title.setMaxLength(TITLE_LENGTH)
        self.title.setPlaceholderText("The day we moved in")
        self.on_date = QDateEdit()
        self.on_date.setCalendarPopup(True)
        self.on_date.setDisplayFormat("d MMMM yyyy")
        self.on_date.setMinimumDate(QDate(words.EARLIEST_YEAR, 1, 1))
        tab_leaves(self.on_date)  # Tab goes on to "Every year", not to the month
        self.yearly = QCheckBox("Every year")
        self.yearly.setChecked(True)
        form.addRow("Kind", self.kind)
        form.addRow("Whose", self.whose)
        form.addRow("Name", self.title)
        form.addRow("Date", self.on_date)
        form.addRow(self.yearly)
        box.addLayout(form)

        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add")
        self.add_button.setProperty("accent", True)
        self.save_button = QPushButton("Save changes")
        self.remove_button = QPushButton("Remove")
        self.new_button = QPushButton("New day")
        for button in (self.add_button, self.save_button, self.remove_button, self.new_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.add_button.clicked.connect(self.add)
        self.save_button.clicked.connect(self.save)
        self.remove_button.clicked.connect(self.remove)
        self.new_button.clicked.connect(self.clear)
        box.addLayout(buttons)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.message)
        self.reload()
        self.clear()

    # -- the list -----------------------------------------------------------------------

    def reload(self, select: object = None) -> None:
        self.days = self.household.special_days.all()
        today = self.household.special_days.today()
        names = self.household.partners.names()
        self.list.blockSignals(True)
        self.list.clear()
        for day in self.days:
            self.list.addItem(QListWidgetItem(day_line(day, today, names)))
        self.list.blockSignals(False)
        rows = [n for n, day in enumerate(self.days) if day.id == select]
        self.list.setCurrentRow(rows[0] if rows else -1)
        self._chosen(self.list.currentRow())

    def lines(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    def chosen(self) -> SpecialDay | None:
        row = self.list.currentRow()
        return self.days[row] if 0 <= row < len(self.days) else None

    def _chosen(self, row: int) -> None:
        day = self.days[row] if 0 <= row < len(self.days) else None
        self.save_button.setEnabled(day is not None)
        self.remove_button.setEnabled(day is not None)
        if day is None:
            return
        self.kind.setCurrentIndex(self.kind.findData(day.kind.value))
        if day.partner_id is not None:
            self.whose.setCurrentIndex(self.whose.findData(str(day.partner_id)))
        self.title.setText(day.title)
        self.on_date.setDate(QDate(day.on_date.year, day.on_date.month, day.on_date.day))
        self.yearly.setChecked(day.yearly)

    def _kind_changed(self) -> None:
        self.whose.setEnabled(self.kind.currentData() == DayKind.BIRTHDAY.value)

    def clear(self) -> None:
        """An empty form, for a new day."""
        self.list.setCurrentRow(-1)
        self.kind.setCurrentIndex(self.kind.findData(DayKind.ANNIVERSARY.value))
        self._kind_changed()
        self.title.clear()
        today = self.household.special_days.today()
        self.on_date.setDate(QDate(today.year, today.month, today.day))
        self.yearly.setChecked(True)
        self.message.clear()

    # -- changing -----------------------------------------------------------------------

    def _fields(self) -> Fields:
        kind = DayKind(self.kind.currentData())
        picked = self.on_date.date()
        chosen = self.whose.currentData()
        whose = uuid.UUID(chosen) if kind is DayKind.BIRTHDAY and chosen else None
        on = date(picked.year(), picked.month(), picked.day())
        return Fields(kind, self.title.text(), on, self.yearly.isChecked(), whose)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setProperty("role", "error" if problem else "soft")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def add(self) -> None:
        fields = self._fields()
        try:
            day = self.household.special_days.add(
                fields.kind,
                fields.title,
                fields.on_date,
                yearly=fields.yearly,
                partner_id=fields.partner_id,
                origin=self,
            )
        except ValidationError as problem:
            self._say(str(problem), problem=True)
            return
        except SaveError as problem:
            self._say(words_kept("The day was not kept", problem, KEPT), problem=True)
            return
        self.reload(select=day.id)
        self._say(f"Kept “{day.title}”.")

    def save(self) -> None:
        day = self.chosen()
        if day is None:
            return
        try:
            fields = self._fields()
            changed = self.household.special_days.edit(
                day.id,
                day.version,
                kind=fields.kind,
                title=fields.title,
                on_date=fields.on_date,
                yearly=fields.yearly,
                partner_id=fields.partner_id,
                origin=self,
            )
        except ConflictError as problem:
            self.reload(select=day.id)
            self._say(f"{problem} This is how it reads now.", problem=True)
            return
        except (ValidationError, NotFoundError) as problem:
            self._say(str(problem), problem=True)
            return
        except SaveError as problem:
            self._say(words_kept("The change was not saved", problem, KEPT), problem=True)
            return
        self.reload(select=changed.id)
        self._say(f"Changed “{changed.title}”.")

    def remove(self) -> None:
        day = self.chosen()
        if day is None:
            return
        try:
            self.household.special_days.delete(day.id, day.version, origin=self)
        except (ConflictError, NotFoundError) as problem:
            self.reload()
            self._say(str(problem), problem=True)
            return
        except SaveError as problem:
            self._say(words_kept("The day was not removed", problem, KEPT), problem=True)
            return
        self.reload()
        self.clear()
        self._say(f"Removed “{day.title}”. Undo in the Edit menu brings it back.")
