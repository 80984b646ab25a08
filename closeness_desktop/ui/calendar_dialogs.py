"""Calendar files from the window: File > Export date nights… and File > Import calendar….

:class:`CalendarTransfer` owns the two actions. Every question it asks a person (which
file, is this import right, what went wrong) is one small method, so tests can answer
in their place.

An import reads and checks the file on a thread of its own, behind a progress dialog
with Cancel: the window goes on painting, and Cancel leaves at once, before anything is
written (the reading, which changes nothing, is let finish and forgotten). The plans are
then written on the window's thread, as every change of the household is, in batches
(``household.batched_writes``): the dialog moves on after each, and Cancel there takes back
what was written.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
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
from closeness_desktop.household.batched_writes import ImportCancelled, ImportIncomplete
from closeness_desktop.records import SaveError
from closeness_desktop.ui import theme
from closeness_desktop.ui.file_places import ask_open_path, ask_save_path, suggested_file
from closeness_desktop.ui.shell import Shell

FILE_FILTER = "Calendar files (*.ics);;All files (*)"
#: A progress dialog for work quicker than this would only flicker.
SHOW_AFTER_MS = 400
STOPPED = "Import stopped; nothing was imported."
#: What reading a file gives: the preview, or the problem (raised on the reading thread).
Outcome = tuple[ImportPreview | None, Exception | None]


class _Reading(QObject):
    """One file read on the pool's thread; ``done`` once ``outcome`` holds how it went."""

    done = Signal()

    def __init__(self, household: Household, path: str) -> None:
        super().__init__()
        self.household = household
        self.path = path
        self.outcome: list[Outcome] = []  # plain Python: read after this object is gone


class _ReadJob(QRunnable):
    def __init__(self, reading: _Reading) -> None:
        super().__init__()
        self._reading = reading
        self._outcome = reading.outcome

    def run(self) -> None:
        reading = self._reading
        try:
            preview = read_calendar(reading.household, Path(reading.path).read_bytes())
        except Exception as problem:  # handed to the window's thread, which says or re-raises it
            self._outcome.append((None, problem))
        else:
            self._outcome.append((preview, None))
        reading.done.emit()


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
        theme.follow(
            self.list,
            lambda c: self.list.setStyleSheet(
                f"QListWidget {{ background: {c.card}; border: 1px solid {c.card_border};"
                " border-radius: 8px; padding: 6px; }"
            ),
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
        #: the progress dialog of the import under way, if any
        self.progress: QProgressDialog | None = None
        # One file at a time; when this object goes, the pool waits for a reading left.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

    # -- the questions (tests answer these) -----------------------------------------

    def ask_save_path(self, suggested: str) -> str:
        """Where to save the calendar; '' if the person changed their mind."""
        return ask_save_path(self.parent_widget, "Export date nights", suggested, FILE_FILTER)

    def ask_open_path(self) -> str:
        """Which calendar file to import; '' if the person changed their mind."""
        return ask_open_path(self.parent_widget, "Import a calendar", FILE_FILTER)

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
        path = self.ask_save_path(suggested_file(DEFAULT_FILE_NAME))
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
        """Read a calendar file (off the window's thread), show what it would bring, and
        import it if that is wanted."""
        if self.progress is not None:
            return  # an import is under way
        path = self.ask_open_path()
        if not path:
            return
        outcome = self._read(path)
        if outcome is None:
            self.shell.say(STOPPED)
            return
        preview, problem = outcome
        if problem is not None:
            self._read_failed(path, problem)
            return
        assert preview is not None
        if not self.confirm(preview):
            return
        self._write(preview)

    def wait_for_readings(self) -> None:
        """Wait until a reading left behind by Cancel has finished (tests, quitting)."""
        self._pool.waitForDone()

    # -- reading, then writing ----------------------------------------------------------

    def _read(self, path: str) -> Outcome | None:
        """How reading ``path`` went; None if the person cancelled. The window's events
        go on meanwhile (a loop of its own, as under any dialog)."""
        reading = _Reading(self.household, path)
        outcome = reading.outcome
        loop = QEventLoop()
        queued = Qt.ConnectionType.QueuedConnection  # ``done`` comes from the pool's thread
        reading.done.connect(loop.quit, queued)
        reading.done.connect(reading.deleteLater, queued)
        dialog = self._open_progress("Reading the calendar…", 0)
        dialog.canceled.connect(loop.quit)
        self._pool.start(_ReadJob(reading))
        try:
            loop.exec()
        finally:
            self._close_progress()
        return outcome[0] if outcome else None

    def _read_failed(self, path: str, problem: Exception) -> None:
        if isinstance(problem, OSError):
            reason = problem.strerror or str(problem)
            self.warn("Couldn't import", f"{path} couldn't be opened: {reason}.")
        elif isinstance(problem, CalendarFileError):
            self.warn("Couldn't import", f"{problem}\n\nNothing was imported.")
        else:
            raise problem  # a bug: the crash handler has it

    def _write(self, preview: ImportPreview) -> None:
        planner = self.shell.current_partner or self.household.partners.all()[0]
        dialog = self._open_progress("Importing date nights…", len(preview.plans))

        def progress(done: int, total: int) -> bool:
            # Between batches the window paints (and once the dialog shows, its Cancel
            # is heard: a modal dialog lets events in on each new value).
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            dialog.setValue(done)
            return not dialog.wasCanceled()

        try:
            count = self.household.plans.import_calendar(
                preview, planner.id, origin=self, progress=progress
            )
        except ImportCancelled:
            self.shell.say(STOPPED)
            return
        except ValidationError as problem:
            self.warn("Couldn't import", f"{problem}\n\nNothing was imported.")
            return
        except SaveError as problem:
            why = f"The date nights couldn't be saved: {problem}."
            self.warn("Couldn't import", f"{why}\n\nNothing was imported.")
            return
        except ImportIncomplete as problem:
            self.warn("Couldn't import", str(problem))
            return
        finally:
            self._close_progress()
        self.shell.say(f"Imported {date_nights(count)}.", undoable=True)

    def _open_progress(self, label: str, total: int) -> QProgressDialog:
        dialog = QProgressDialog(label, "Cancel", 0, total, self.parent_widget)
        dialog.setWindowTitle("Import a calendar")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        dialog.setValue(0)  # starts the dialog's clock: it shows if the work takes a while
        self.progress = dialog
        return dialog

    def _close_progress(self) -> None:
        dialog, self.progress = self.progress, None
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
