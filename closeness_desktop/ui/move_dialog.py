"""The small dialog that moves one evening of a plan (or a one-off date) to a new time
and place; the rest of the plan stays as it was."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from closeness_desktop.agenda import Evening, move_evening
from closeness_desktop.clock import zone_name
from closeness_desktop.dates.model import DatePlan
from closeness_desktop.records import SaveError
from closeness_desktop.ui.forms import FormDialog
from closeness_desktop.ui.plan_fields import WhenEdit
from closeness_desktop.ui.save_failures import refused


class MoveDialog(FormDialog):
    """A new time (and place) for one evening; ``keep`` stores it, True once kept."""

    def __init__(
        self,
        evening: Evening,
        zone: tzinfo,
        keep: Callable[[DatePlan], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.evening, self._keep, self.kept = evening, keep, False
        self._zone = evening.plan.tzinfo if evening.plan.all_day else ZoneInfo(zone_name(zone))
        self.setWindowTitle("Move this evening")
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Plans change, and that's all right. Pick a new time; the rest stays as it was."
        )
        hint.setProperty("role", "soft")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.when = WhenEdit()
        self.when.set_value(evening.start.astimezone(self._zone))
        self.when.at.setVisible(not evening.plan.all_day)
        form.addRow("New time", self.when)
        self.where = QLineEdit(evening.occurrence.where)
        form.addRow("Where", self.where)
        layout.addLayout(form)
        self.add_error_line(layout)
        self.add_save_buttons(layout, "Move it")

    def save(self) -> None:
        self.accept()

    def accept(self) -> None:
        try:
            self.kept = self._keep(self.moved_plan())
        except SaveError as problem:  # nothing was written: the new time stays here
            self.show_error(f"{refused('This evening was not moved', problem)} Try again.")
            return
        super().accept()

    def moved_plan(self) -> DatePlan:
        """The plan with this evening at its new time and place."""
        start = self.when.value(self._zone, all_day=self.evening.plan.all_day)
        return move_evening(self.evening.plan, self.evening, start, self.where.text().strip())
