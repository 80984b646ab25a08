"""Everything out and back in from the window: File > Export everything… and File > Import
a Closeness archive….

The work runs on a thread of its own behind a progress dialog with Cancel, so the window
never freezes: an export reads and writes off the GUI thread; an import reads and checks
the archive there, asks, writes its batches there, and only then settles on the
GUI thread (the undo step and the one change every view listens to). Every question
it asks a person is one small method, so tests can answer in their place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from closeness_desktop.ui.file_places import ask_open_path, ask_save_path, suggested_file
from closeness_desktop.ui.shell import Shell

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.household.archive_json import Archive
    from closeness_desktop.household.transfer import Progress, Written

FILE_FILTER = "Closeness archives (*.zip);;All files (*)"
#: A dialog for work quicker than this would only flicker.
SHOW_AFTER_MS = 400


class _Worker(QObject):
    """Runs one job on its thread; tells its progress and how it ended."""

    progressed = Signal(int, int)
    #: (result, problem): one of them None
    ended = Signal(object, object)

    def __init__(self, job: Callable[[Progress], object]) -> None:
        super().__init__()
        self._job = job
        self.stop = threading.Event()

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self.stop.is_set()

    @Slot()
    def run(self) -> None:
        try:
            result = self._job(self._progress)
        except Exception as problem:  # handed to the GUI thread, which says or re-raises it
            self.ended.emit(None, problem)
            return
        self.ended.emit(result, None)


class ArchiveTransfer(QObject):
    """The File menu's archive actions. ``parent`` is the window the questions show over;
    ``shell`` says how it went."""

    #: a job ended (done, stopped or failed), with what was said or shown
    finished = Signal(str)

    def __init__(self, shell: Shell, household: Household, parent: QWidget) -> None:
        super().__init__(parent)
        self.shell = shell
        self.household = household
        self.parent_widget = parent
        self.progress: QProgressDialog | None = None
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._then: tuple[Callable[[Any], None], Callable[[Exception], None]] | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    # -- the questions (tests answer these) -----------------------------------------

    def ask_save_path(self, suggested: str) -> str:
        """Where to save the archive; '' if the person changed their mind."""
        return ask_save_path(self.parent_widget, "Export everything", suggested, FILE_FILTER)

    def ask_open_path(self) -> str:
        """Which archive to import; '' if the person changed their mind."""
        return ask_open_path(self.parent_widget, "Import a Closeness archive", FILE_FILTER)

    def confirm(self, archive: Archive) -> bool:
        """Say what the archive holds; True to import what is not here yet."""
        box = self._box(QMessageBox.Icon.Question, "Import a Closeness archive", describe(archive))
        importing = box.addButton("Import", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(importing)
        box.exec()
        return box.clickedButton() is importing

    def warn(self, title: str, text: str) -> None:
        self._box(QMessageBox.Icon.Warning, title, text).exec()

    def _box(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        # Plain text: names and paths from an archive are never read as markup.
        box = QMessageBox(
            icon, title, text, QMessageBox.StandardButton.NoButton, self.parent_widget
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box

    # -- the actions ----------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def stop(self) -> None:
        """Ask a running job to stop and wait for it (the app is quitting): an import's
        transaction is rolled back, an export leaves no archive."""
        if self._worker is not None:
            self._worker.stop.set()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()

    def export_all(self) -> None:
        """Save everything to one archive, off the GUI thread."""
        if self.busy:
            return
        clock = self.household.clock
        name = f"Closeness {clock.now().astimezone(clock.local_zone()).date().isoformat()}.zip"
        path = self.ask_save_path(suggested_file(name))
        if not path:
            return
        if not Path(path).suffix:
            path += ".zip"
        transfer = self.household.transfer
        self._start(
            "Exporting everything…",
            lambda progress: transfer.export_to(path, progress=progress),
            lambda report: self._say(report.summary()),
            lambda problem: self._export_failed(path, problem),
        )

    def import_archive(self) -> None:
        """Read an archive (off the GUI thread), say what it holds, and bring in what is
        not here yet."""
        if self.busy:
            return
        path = self.ask_open_path()
        if not path:
            return
        transfer = self.household.transfer
        self._start(
            "Reading the archive…",
            lambda _progress: transfer.read(path),
            self._write,
            self._import_failed,
        )

    def _write(self, archive: Archive) -> None:
        if not self.confirm(archive):
            self._say("Nothing was imported.", quietly=True)
            return
        transfer = self.household.transfer
        self._start(
            "Importing…",
            lambda progress: transfer.write(archive, progress=progress),
            self._settle,
            self._import_failed,
        )

    def _settle(self, written: Written) -> None:
        report = self.household.transfer.settle(written, origin=self)
        self._say(report.summary(), undoable=report.added > 0)

    # -- running a job ------------------------------------------------------------------

    def _start(
        self,
        label: str,
        job: Callable[[Progress], object],
        done: Callable[[Any], None],
        failed: Callable[[Exception], None],
    ) -> None:
        dialog = QProgressDialog(label, "Cancel", 0, 0, self.parent_widget)
        dialog.setWindowTitle("Closeness")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoReset(False)
        dialog.setAutoClose(False)
        worker = _Worker(job)
        dialog.canceled.connect(worker.stop.set)  # the Cancel button, or closing the dialog
        dialog.rejected.connect(worker.stop.set)  # Escape
        thread = QThread(self)
        thread.setObjectName("archive-transfer")
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        thread.finished.connect(worker.deleteLater)
        queued = Qt.ConnectionType.QueuedConnection  # to this object, on the GUI thread
        worker.progressed.connect(self._progressed, queued)
        worker.ended.connect(self._ended, queued)
        self.progress, self._thread, self._worker = dialog, thread, worker
        self._then = (done, failed)
        dialog.setValue(0)  # starts the dialog's clock: it shows if the job takes a while
        thread.start()

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None and total > 0:
            self.progress.setMaximum(total)
            self.progress.setValue(min(done, total))

    @Slot(object, object)
    def _ended(self, result: object, problem: Exception | None) -> None:
        thread, dialog, then = self._thread, self.progress, self._then
        self._thread = self._worker = self.progress = self._then = None
        assert then is not None
        done, failed = then
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        if problem is None:
            done(result)
        else:
            failed(problem)

    # -- saying how it went -----------------------------------------------------------

    def _say(self, message: str, *, undoable: bool = False, quietly: bool = False) -> None:
        if not quietly:
            self.shell.say(message, undoable=undoable)
        self.finished.emit(message)

    def _export_failed(self, path: str, problem: Exception) -> None:
        from closeness_desktop.household import ValidationError
        from closeness_desktop.household.transfer import Cancelled

        if isinstance(problem, Cancelled):
            self._say("Export stopped; no archive was written.")
            return
        if isinstance(problem, OSError):
            reason = problem.strerror or str(problem)
            text = f"Everything couldn't be saved to {path}: {reason}."
        elif isinstance(problem, ValidationError):
            text = str(problem)
        else:
            raise problem  # a bug: the crash handler has it
        self.warn("Couldn't export", text)
        self.finished.emit(text)

    def _import_failed(self, problem: Exception) -> None:
        from closeness_desktop.household import ConflictError, ValidationError
        from closeness_desktop.household.transfer import ArchiveIncomplete, Cancelled
        from closeness_desktop.records import SaveError

        if isinstance(problem, Cancelled):
            self._say("Import stopped; nothing was changed.")
            return
        if isinstance(problem, ArchiveIncomplete):  # what stayed is one undo step
            self.household.transfer.settle(problem.written, origin=self)
            self.warn("Couldn't import", str(problem))
            self.finished.emit(str(problem))
            return
        if isinstance(problem, SaveError):
            text = f"The archive couldn't be saved: {problem}.\n\nNothing was imported."
        elif isinstance(problem, ValidationError | ConflictError):
            text = f"{problem}\n\nNothing was imported."
        else:
            raise problem  # a bug: the crash handler has it
        self.warn("Couldn't import", text)
        self.finished.emit(text)


def describe(archive: Archive) -> str:
    """What an archive holds, and what importing it does, for the question before it."""
    names = " and ".join(partner.name for partner in archive.partners)
    when = _day(archive.exported_at.date())
    things = [f"{len(archive.entries):,} {'entry' if len(archive.entries) == 1 else 'entries'}"]
    if archive.ideas:
        things.append(f"{len(archive.ideas):,} {'idea' if len(archive.ideas) == 1 else 'ideas'}")
    return (
        f"This is {names}'s archive from {when}, with {' and '.join(things)}.\n\n"
        "Whatever is already here stays as it is; only what is missing comes in, and"
        " Undo takes it out again."
    )


def _day(day: date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"
