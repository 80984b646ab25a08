"""File > "Our year as a PDF…": choose the year, then where to save, then it is printed.

:class:`OurYear` asks its questions in small methods (tests answer them in their place),
then reads, lays out and prints the year on a worker thread (:mod:`.keepsake_pdf`), with a
progress dialog whose Cancel stops it between two steps. The file is written whole or not
at all (:func:`closeness_desktop.keepsake_file.save`), and the status bar says where it went.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.keepsake import FIRST_YEAR, LAST_YEAR
from closeness_desktop.keepsake_file import check_destination, save
from closeness_desktop.ui.file_places import ask_save_path, suggested_file
from closeness_desktop.ui.keepsake_pdf import PAPERS, Cancelled, Progress, default_paper, make_pdf

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.ui.shell import Shell

log = logging.getLogger(__name__)

FILE_FILTER = "PDF files (*.pdf);;All files (*)"


@dataclass(frozen=True)
class Job:
    year: int
    paper: str
    path: Path


@dataclass(frozen=True)
class Saved:
    job: Job
    pages: int
    empty: bool


class YearDialog(QDialog):
    """Which year to print, and on which paper."""

    def __init__(self, year: int, paper: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Our year as a PDF")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "A keepsake to print: the year's memories, date nights and the love notes you"
            " marked Keep for Our year, month by month."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "soft")
        layout.addWidget(intro)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(year)
        self.year.setAccessibleName("Year")
        form.addRow("&Year:", self.year)
        self.paper = QComboBox()
        self.paper.addItems(list(PAPERS))
        self.paper.setCurrentText(paper)
        self.paper.setAccessibleName("Paper")
        form.addRow("&Paper:", self.paper)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        go = buttons.addButton("Choose where to save…", QDialogButtonBox.ButtonRole.AcceptRole)
        go.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class _Worker(QObject):
    """Makes and saves one keepsake on its own thread."""

    progressed = Signal(object)  # Progress
    saved = Signal(object)  # Saved
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, household: Household, stop: threading.Event) -> None:
        super().__init__()
        self._household = household
        self._stop = stop

    def _step(self, progress: Progress) -> None:
        if self._stop.is_set():
            raise Cancelled
        self.progressed.emit(progress)

    @Slot(object)
    def run(self, job: Job) -> None:
        try:
            keepsake = make_pdf(self._household, job.year, job.paper, self._step)
            if self._stop.is_set():
                raise Cancelled
            save(job.path, keepsake.data)
        except Cancelled:
            self.cancelled.emit()
        except OSError as problem:
            reason = (problem.strerror or str(problem)).rstrip(".")
            self.failed.emit(f"Our year {job.year} couldn't be saved at {job.path}: {reason}.")
        except Exception:
            # The traceback goes to the log (it names no one's words); the person is told.
            log.exception("making the keepsake failed")
            self.failed.emit(f"Something went wrong while printing {job.year}; nothing was saved.")
        else:
            self.saved.emit(Saved(job, keepsake.pages, keepsake.book.empty))


class OurYear(QObject):
    """One run of File > "Our year as a PDF…", over ``parent``; ``shell`` says how it went."""

    _start = Signal(object)
    #: the run is over: the saved file's path, or "" (cancelled, failed, changed one's mind)
    finished = Signal(str)

    def __init__(self, shell: Shell, household: Household, parent: QWidget) -> None:
        super().__init__(parent)
        self.shell = shell
        self.household = household
        self.parent_widget = parent
        self.progress: QProgressDialog | None = None
        self._stop = threading.Event()
        self._thread: QThread | None = None
        self._worker: _Worker | None = None

    # -- the questions (tests answer these) -----------------------------------------

    def ask_year(self, year: int, paper: str) -> tuple[int, str] | None:
        """Which year, on which paper; None if the person changed their mind."""
        dialog = YearDialog(year, paper, self.parent_widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.year.value(), dialog.paper.currentText()

    def ask_save_path(self, suggested: str) -> str:
        """Where to save the PDF; '' if the person changed their mind."""
        return ask_save_path(self.parent_widget, "Save our year", suggested, FILE_FILTER)

    def warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent_widget, title, text)

    # -- the run --------------------------------------------------------------------

    def suggested_year(self) -> int:
        today = self.household.clock.now().astimezone(self.household.clock.local_zone())
        # In January the year worth keeping is the one that just ended.
        return today.year - 1 if today.month == 1 else today.year

    def start(self) -> None:
        """Ask, then print on the worker thread; :attr:`finished` says how it ended."""
        answer = self.ask_year(self.suggested_year(), default_paper())
        if answer is None:
            self._end("")
            return
        year, paper = answer
        chosen = self.ask_save_path(suggested_file(f"Our year {year}.pdf"))
        if not chosen:
            self._end("")
            return
        path = Path(chosen if Path(chosen).suffix else chosen + ".pdf")
        try:
            check_destination(path)
        except OSError as problem:
            reason = (problem.strerror or str(problem)).rstrip(".")
            self.warn("Couldn't save", f"Our year {year} can't be saved at {path}: {reason}.")
            self._end("")
            return
        self._run(Job(year, paper, path))

    def _run(self, job: Job) -> None:
        self.progress = QProgressDialog(
            f"Gathering {job.year}…", "Cancel", 0, 0, self.parent_widget
        )
        self.progress.setWindowTitle("Our year as a PDF")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)
        self.progress.canceled.connect(self.cancel)
        self._thread = QThread(self)
        self._thread.setObjectName("keepsake")
        # Kept here: a QObject with no parent lives only as long as its Python reference.
        self._worker = worker = _Worker(self.household, self._stop)
        worker.moveToThread(self._thread)
        self._start.connect(worker.run)
        worker.progressed.connect(self._progressed)
        worker.saved.connect(self._saved)
        worker.cancelled.connect(self._cancelled)
        worker.failed.connect(self._failed)
        self._thread.finished.connect(worker.deleteLater)
        app = QCoreApplication.instance()
        if app is not None:  # quitting mid-way stops at the next step, not mid-write
            app.aboutToQuit.connect(self._quitting)
        self._thread.start()
        self._start.emit(job)

    @Slot()
    def cancel(self) -> None:
        """Stop at the next step (the worker then says so); nothing is written."""
        self._stop.set()

    @Slot()
    def _quitting(self) -> None:
        self._stop.set()
        self._stop_thread()

    def _progressed(self, progress: Progress) -> None:
        if self.progress is None:
            return
        self.progress.setLabelText(progress.stage)
        self.progress.setMaximum(progress.total)
        if progress.total:
            self.progress.setValue(progress.done)

    def _saved(self, saved: Saved) -> None:
        pages = f"{saved.pages} page{'s' if saved.pages != 1 else ''}"
        if saved.empty:
            where = saved.job.path
            self.shell.say(f"Nothing kept from {saved.job.year} yet; saved {pages} to {where}.")
        else:
            self.shell.say(f"Our year {saved.job.year} is saved: {pages}, at {saved.job.path}.")
        self._end(str(saved.job.path))

    def _cancelled(self) -> None:
        self.shell.say("Our year was not printed; nothing was saved.")
        self._end("")

    def _failed(self, message: str) -> None:
        self._close_progress()
        self.warn("Couldn't save", message)
        self._end("")

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def _stop_thread(self) -> None:
        if self._thread is not None and self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()

    def _end(self, path: str) -> None:
        self._close_progress()
        self._stop_thread()
        self.finished.emit(path)
        self.deleteLater()


__all__ = ["Job", "OurYear", "Saved", "YearDialog"]
