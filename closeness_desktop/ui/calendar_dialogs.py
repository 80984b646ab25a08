"""Calendar files from the window: File > Export date nights… and File > Import calendar….

:class:`CalendarTransfer` owns the two actions. Every question it asks a person (which
file, is this import right, what went wrong) is one small method, so tests can answer
in their place.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.agenda import date_nights
from closeness_desktop.calendar_files import (
    DEFAULT_FILE_NAME,
    export_calendar,
    preview_sections,
    read_calendar,
)
from closeness_desktop.dates.ical import CalendarFileError, ImportPreview
from closeness_desktop.household import Household, ValidationError
from closeness_desktop.ui.shell import Shell

FILE_FILTER = "Calendar files (*.ics);;All files (*)"


class ImportPreviewDialog(QDialog):
    """What a calendar file would bring, before anything changes; "Import N" to go on."""

    def __init__(self, preview: ImportPreview, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle("Import a calendar")
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        count = len(preview.plans)
        intro = QLabel(
            "Here is what this calendar brings. Nothing changes until you import it."
            if count
            else "There are no date nights in this file that we could keep."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "soft")
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setStyleSheet(
            "QListWidget { background: #FFFFFF; border: 1px solid #EADFD3; border-radius: 8px;"
            " padding: 6px; }"
        )
        self.list.setSpacing(2)
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout.addWidget(self.list, 1)
        self._fill(zone)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(
            f"Import {date_nights(count)}", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(count > 0)
        self.import_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _fill(self, zone: tzinfo) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        for section in preview_sections(self.preview, zone):
            heading = QListWidgetItem(f"{section.heading} ({len(section.lines)})")
            heading.setFont(bold)
            self.list.addItem(heading)
            for line in section.lines:
                self.list.addItem(QListWidgetItem(f"    {line}"))

    def lines(self) -> list[str]:
        """Every line the dialog shows, headings included, as plain text."""
        return [self.list.item(row).text().strip() for row in range(self.list.count())]


class CalendarTransfer(QObject):
    """The File menu's calendar actions: export every date night, import a file.

    ``parent`` is the window the questions show over; ``shell`` says how it went.
    """

    def __init__(self, shell: Shell, household: Household, parent: QWidget) -> None:
        super().__init__(parent)
        self.shell = shell
        self.household = household
        self.parent_widget = parent

    # -- the questions (tests answer these) -----------------------------------------

    def ask_save_path(self, suggested: str) -> str:
        """Where to save the calendar; '' if the person changed their mind."""
        path, _ = QFileDialog.getSaveFileName(
            self.parent_widget, "Export date nights", suggested, FILE_FILTER
        )
        return path

    def ask_open_path(self) -> str:
        """Which calendar file to import; '' if the person changed their mind."""
        path, _ = QFileDialog.getOpenFileName(
            self.parent_widget, "Import a calendar", _documents(), FILE_FILTER
        )
        return path

    def confirm(self, preview: ImportPreview) -> bool:
        """Show what the import would do; True to go ahead."""
        zone = self.household.clock.local_zone()
        dialog = ImportPreviewDialog(preview, zone, self.parent_widget)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent_widget, title, text)

    # -- the actions ----------------------------------------------------------------

    def export_file(self) -> None:
        """Save every date night to a calendar file other calendars can read."""
        path = self.ask_save_path(str(Path(_documents()) / DEFAULT_FILE_NAME))
        if not path:
            return
        if not Path(path).suffix:
            path += ".ics"
        try:
            data, count = export_calendar(self.household)
            Path(path).write_bytes(data)
        except OSError as problem:
            reason = problem.strerror or str(problem)
            self.warn("Couldn't export", f"Your date nights couldn't be saved to {path}: {reason}.")
            return
        except ValueError as problem:
            self.warn("Couldn't export", f"Your date nights couldn't be exported: {problem}")
            return
        self.shell.say(f"Exported {date_nights(count)} to {path}.")

    def import_file(self) -> None:
        """Read a calendar file, show what it would bring, and import it if that is wanted."""
        path = self.ask_open_path()
        if not path:
            return
        try:
            preview = read_calendar(self.household, Path(path).read_bytes())
        except OSError as problem:
            reason = problem.strerror or str(problem)
            self.warn("Couldn't import", f"{path} couldn't be opened: {reason}.")
            return
        except CalendarFileError as problem:
            self.warn("Couldn't import", f"{problem}\n\nNothing was imported.")
            return
        if not self.confirm(preview):
            return
        planner = self.shell.current_partner or self.household.partners.all()[0]
        try:
            count = self.household.plans.import_calendar(preview, planner.id, origin=self)
        except ValidationError as problem:
            self.warn("Couldn't import", f"{problem}\n\nNothing was imported.")
            return
        self.shell.say(f"Imported {date_nights(count)}.", undoable=True)


def _documents() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
