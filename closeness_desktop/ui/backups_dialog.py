"""The two dialogs about backups: the list to restore one from (File > Restore from a
backup…), and what a damaged household shows at start.

Both only choose; restoring is done by the caller (the application, which then opens the
household again), and nothing here touches the household's files.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop import APP_NAME

if TYPE_CHECKING:
    # Types only: the window is built (and painted) before the household's layer loads.
    from closeness_desktop.household.backups import BackupInfo, DamagedHouseholdError, Restored

ABOUT_BACKUPS = (
    "Closeness keeps a copy of your household when it starts (once a day) and every half"
    " hour while you write. Going back to one sets what you have now aside, next to it:"
    " nothing is deleted."
)
NO_BACKUPS = "There are no backups yet. “Back up now” in the File menu makes the first one."


class BackupsDialog(QDialog):
    """The backups, newest first, with their time and number of entries; one to restore."""

    def __init__(
        self, backups: Sequence[BackupInfo], zone: tzinfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
        self.setMinimumWidth(460)
        self._backups = list(backups)
        layout = QVBoxLayout(self)
        about = QLabel(ABOUT_BACKUPS if backups else NO_BACKUPS)
        about.setWordWrap(True)
        layout.addWidget(about)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Made", "Entries"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        for backup in backups:
            item = QTreeWidgetItem([backup.local_time_text(zone), backup.entries_text()])
            item.setToolTip(0, str(backup.path))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        self.list.resizeColumnToContents(0)
        self.list.itemDoubleClicked.connect(lambda _item, _column: self.accept())
        self.list.setVisible(bool(backups))
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton("Restore this backup…")
        self.restore_button.setDefault(True)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setVisible(bool(backups))  # nothing to restore: Close alone
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.currentItemChanged.connect(self._chosen_changed)
        newest = self.list.topLevelItem(0)
        if newest is not None:
            self.list.setCurrentItem(newest)
        self._chosen_changed()

    def _chosen_changed(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def chosen(self) -> BackupInfo | None:
        item = self.list.currentItem()
        row = self.list.indexOfTopLevelItem(item) if item is not None else -1
        return self._backups[row] if row >= 0 else None


def confirm_restore(backup: BackupInfo, zone: tzinfo, parent: QWidget | None) -> bool:
    """Ask before going back: what is there now is set aside, and the household reopens."""
    answer = QMessageBox.question(
        parent,
        "Go back to this backup?",
        f"Go back to the backup from {backup.local_time_text(zone)}, with"
        f" {backup.entries_text()}?\n\nWhat you have now is set aside next to it, not"
        f" deleted. {APP_NAME} then opens your household again.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


class DamagedDialog(QMessageBox):
    """At start: the household is damaged. Says what happened, and offers the newest good
    backup (restore it, or quit); the damaged files are kept either way."""

    def __init__(
        self, problem: DamagedHouseholdError, zone: tzinfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(APP_NAME)
        self.setText("Your household file is damaged, so Closeness did not open it.")
        what = problem.what[:1].upper() + problem.what[1:]
        kept = (
            f"{what}.\n\n{APP_NAME} changed nothing and keeps the file as it is:"
            f" {problem.database}."
        )
        backup = problem.newest_good
        if backup is None:
            offer = "There is no good backup to go back to."
        else:
            offer = (
                f"The newest good backup is from {backup.local_time_text(zone)}, with"
                f" {backup.entries_text()}. Going back to it sets the damaged file aside,"
                " next to it; nothing is deleted."
            )
        self.setInformativeText(f"{kept}\n\n{offer}")
        self.restore_button: QPushButton | None = None
        if backup is not None:
            self.restore_button = self.addButton(
                "Go back to this backup", QMessageBox.ButtonRole.AcceptRole
            )
        self.quit_button = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button or self.quit_button)
        self.setEscapeButton(self.quit_button)

    def restore_chosen(self) -> bool:
        """Show the dialog; True when the person chose to go back to the backup."""
        self.exec()
        return self.restore_button is not None and self.clickedButton() is self.restore_button


def restored_text(restored: Restored) -> str:
    """What a restore did, for the message after it."""
    said = f"Your household is back as it was in the backup, with {_entries(restored.entries)}."
    if not restored.set_aside:
        return said
    names = ", ".join(path.name for path in restored.set_aside)
    return f"{said} What you had before is kept next to it, not deleted: {names}."


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count:,} entries"


@contextmanager
def busy() -> Iterator[None]:
    """A waiting cursor while a restore runs (seconds on a large household)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
