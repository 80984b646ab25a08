"""Small dialogs of the main window: jump to a date, the trash."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
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
        self.calendar.currentPageChanged.connect(self._page_changed)
        layout.addWidget(self.calendar)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Go there")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _page_changed(self, year: int, month: int) -> None:
        # A month or year chosen without a day (from the menus, the arrows, or typed and
        # Enter) is where to go: the same day of that month, not the day selected before.
        selected = self.calendar.selectedDate()
        if (selected.year(), selected.month()) == (year, month):
            return  # the page followed a day that was chosen
        day = min(selected.day(), QDate(year, month, 1).daysInMonth())
        self.calendar.setSelectedDate(QDate(year, month, day))

    def chosen(self) -> date:
        picked: date = self.calendar.selectedDate().toPython()  # type: ignore[assignment]
        return picked


class TrashDialog(QDialog):
    """Deleted entries, newest first, each one restorable, or deleted for good (one, or the
    whole trash, after a question that says it cannot be undone)."""

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
        self.forever_button = QPushButton("Delete forever…")
        self.forever_button.clicked.connect(self.delete_selected_forever)
        self.empty_button = QPushButton("Empty trash…")
        self.empty_button.clicked.connect(self.empty_trash)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        for button in (self.restore_button, self.forever_button, self.empty_button, close):
            button.setAutoDefault(False)  # Enter in the list restores, nothing more
        row.addWidget(self.restore_button)
        row.addWidget(self.forever_button)
        row.addStretch(1)
        row.addWidget(self.empty_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.model.reset_done.connect(self._update_empty)
        self.model.rowsRemoved.connect(self._update_empty)
        household.changed.connect(self._refresh)
        self._stopped = False
        self.finished.connect(self._stop)
        self._update_empty()

    def _refresh(self, _changes: object) -> None:
        self.model.reload(keep=self.model.rowCount())

    def _update_empty(self, *_args: object) -> None:
        has_rows = self.model.rowCount() > 0
        self.empty.setVisible(not has_rows and not self.model.loading)
        for button in (self.restore_button, self.forever_button, self.empty_button):
            button.setEnabled(has_rows)

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

    # -- for good ---------------------------------------------------------------------

    def confirm(self, title: str, text: str, yes: str) -> bool:
        """Ask before something that cannot be undone (tests answer this); Cancel is the
        default."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        go = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.exec()
        return box.clickedButton() is go

    def delete_selected_forever(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        record = index.data(EntryRole)
        what = this_entry(record.kind)
        asked = f"{what} will be gone for good, its words too. This cannot be undone."
        if self.confirm("Delete forever?", asked, "Delete forever"):
            self._purge([record.id], f"{what} was not deleted", "Deleted for good.")

    def empty_trash(self) -> None:
        count = self.household.entries.count_in_trash()
        if not count:
            return
        entries = "The entry" if count == 1 else f"All {count} entries"
        asked = f"{entries} in the trash will be gone for good. This cannot be undone."
        if self.confirm("Empty the trash?", asked, "Empty trash"):
            self._purge(None, "The trash was not emptied", "The trash is empty now.")

    def _purge(self, entry_ids: list[uuid.UUID] | None, headline: str, done: str) -> None:
        purge = self.household.entries.delete_forever
        try:
            until_saved(
                self, headline, lambda: purge(entry_ids, origin=self), "It is all still there."
            )
        except SaveError as problem:  # the person chose Cancel after being told why
            self.hint.setText(f"{headline}: {problem}.")
            return
        self.hint.setText(done)

    def _stop(self) -> None:
        if self._stopped:  # finished a second time (closed after Close)
            return
        self._stopped = True
        self.household.changed.disconnect(self._refresh)
        self.model.shutdown()
