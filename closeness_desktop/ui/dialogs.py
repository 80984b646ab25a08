"""Small dialogs of the main window: jump to a date, the trash."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.records import NotFoundError, SaveError, TimelineFilter
from closeness_desktop.ui.save_failures import this_entry, until_saved
from closeness_desktop.ui.timeline_delegate import TimelineDelegate
from closeness_desktop.ui.timeline_model import EntryRole, TimelineModel
from closeness_desktop.ui.timeline_view import TimelineView

if TYPE_CHECKING:
    from closeness_desktop.household import Household


class JumpDialog(QDialog):
    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Jump to a date")
        layout = QVBoxLayout(self)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(False)
        self.calendar.setMinimumDate(QDate(1900, 1, 1))
        self.calendar.setSelectedDate(QDate(today.year, today.month, today.day))
        self.calendar.activated.connect(self.accept)
        layout.addWidget(self.calendar)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Go there")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> date:
        picked: date = self.calendar.selectedDate().toPython()  # type: ignore[assignment]
        return picked


class TrashDialog(QDialog):
    """Deleted entries, newest first, each one restorable."""

    def __init__(
        self, household: Household, delegate: TimelineDelegate, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.household = household
        self.setWindowTitle("Trash")
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        self.hint = QLabel("Deleted entries wait here. Restore one to put it back on the timeline.")
        self.hint.setProperty("role", "soft")
        layout.addWidget(self.hint)
        self.model = TimelineModel(household, TimelineFilter(trash=True), self)
        self.view = TimelineView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(delegate)
        self.view.activated.connect(lambda _index: self.restore_selected())
        layout.addWidget(self.view, 1)
        self.empty = QLabel("The trash is empty.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("role", "soft")
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.restore_button = QPushButton("Restore")
        self.restore_button.clicked.connect(self.restore_selected)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.model.reset_done.connect(self._update_empty)
        self.model.rowsRemoved.connect(self._update_empty)
        household.changed.connect(self._refresh)
        self.finished.connect(self._stop)
        self._update_empty()

    def _refresh(self, _changes: object) -> None:
        self.model.reload(keep=self.model.rowCount())

    def _update_empty(self, *_args: object) -> None:
        has_rows = self.model.rowCount() > 0
        self.empty.setVisible(not has_rows and not self.model.loading)
        self.restore_button.setEnabled(has_rows)

    def restore_selected(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        record = index.data(EntryRole)
        restore = self.household.entries.restore
        try:
            until_saved(
                self,
                f"{this_entry(record.kind)} was not restored",
                lambda: restore(record.id, origin=self),
                "It is still in the trash.",
            )
        except NotFoundError as problem:
            self.hint.setText(str(problem))
        except SaveError as problem:  # the person chose Cancel after being told why
            self.hint.setText(f"{this_entry(record.kind)} was not restored: {problem}.")

    def _stop(self) -> None:
        self.household.changed.disconnect(self._refresh)
        self.model.shutdown()
