"""The composition root: builds the window, the household and their helpers. No logic.

Order matters for start-up time: Qt and the window first, painted; the database layer
(SQLAlchemy, and Alembic only if the schema needs an upgrade) after the first paint.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import os
import signal
import socket
import sys
import threading
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractEventDispatcher, QObject, QSettings, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from closeness_desktop import APP_ID, APP_NAME, __version__, heap
from closeness_desktop.crash import install_excepthook, setup_logging
from closeness_desktop.ipc import InstanceRefused, InstanceServer, tell_running_instance
from closeness_desktop.paths import PRIVATE_UMASK, Paths, make_private, resolve
from closeness_desktop.store.health import EarlyCheck
from closeness_desktop.ui import theme
from closeness_desktop.ui.icons import app_icon
from closeness_desktop.ui.main_window import MainWindow

if TYPE_CHECKING:
    from pathlib import Path

    from closeness_desktop.clock import Clock
    from closeness_desktop.household import Household
    from closeness_desktop.store.errors import DamagedHouseholdError
    from closeness_desktop.ui.backup_menu import BackupMenu
    from closeness_desktop.ui.companion_wiring import TrayCompanion

log = logging.getLogger(__name__)

#: Set by ``bench.startup``: print when the first timeline page is painted and when the
#: arrival work after it is done, then quit (see :func:`_bench_hook`).
BENCH_ENV = "CLOSENESS_BENCH_FIRST_PAINT"
#: Set once the app is on its way out (SIGTERM, Quit, log-out): no more dialogs.
QUITTING = threading.Event()
#: Seconds from SIGTERM to leaving regardless: the writes on the way out (the departure, the
#: window's settings) wait at most one busy timeout (5 s) each, and a log-out will not wait.
QUIT_DEADLINE = 8.0


class Application:
    """What runs while the app is open."""

    def __init__(self, qapp: QApplication, paths: Paths, database: str | None) -> None:
        self.qapp = qapp
        self.paths = paths
        self.database = database
        self.settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
        # Light or dark as this account chose (or as the desktop is), before any window.
        # Kept on until the process ends: taking a style sheet off measures every card
        # on the timeline again, work for nothing on the way out (a test removes it).
        self.appearance = theme.install(qapp, self.settings)
        self.window = MainWindow(self.settings)
        self.instance = InstanceServer(paths)
        self.instance.command.connect(self._on_command)
        self.household: Household | None = None
        self.companion: TrayCompanion | None = None
        self.backups: BackupMenu | None = None
        #: The household file's health check, under way while the window is being built.
        self.early_check: EarlyCheck | None = None

    def _on_command(self, command: str) -> None:
        if command == "raise":
            self.window.bring_forward()
        elif command == "refresh":
            self.window.refresh()
            if self.companion is not None:
                self.companion.recheck()

    def start(self) -> bool:
        """Show the window; False if another instance runs (it was asked to show itself)."""
        if not self.instance.listen():
            tell_running_instance(self.paths, "raise")
            return False
        if self.database is None:  # the household file of this data folder
            self.early_check = EarlyCheck(self.paths.database_file)
        self.window.show()
        QTimer.singleShot(0, self.open_household)
        return True

    def open_household(self) -> None:
        from closeness_desktop.clock import from_environment
        from closeness_desktop.household import Household
        from closeness_desktop.store.engine import StoreError
        from closeness_desktop.store.errors import DamagedHouseholdError
        from closeness_desktop.ui.welcome import WelcomeDialog

        clock = from_environment()
        early, self.early_check = self.early_check, None  # a reopen checks afresh
        try:
            household = Household.open(
                self.database or self.paths.database_url,
                clock,
                early=early,
                data_dir=self.paths.data_dir,  # where photos live when the household is a server's
            )
        except DamagedHouseholdError as damaged:
            self._offer_backup(damaged, clock)
            return
        except StoreError as problem:
            QMessageBox.critical(self.window, APP_NAME, str(problem))
            self.qapp.exit(1)
            return
        self.household = household
        if not household.partners.is_set_up():
            welcome = WelcomeDialog(household, getpass.getuser(), self.window)
            if not welcome.exec():
                self.qapp.quit()
                return
        self.window.attach(household)
        # The tray, its greetings and rituals wait until the first page is on screen: the
        # window first (building the companion imports the notification chain).
        window = self.window
        window.first_page_shown.connect(heap.settle)
        window.first_page_shown.connect(lambda: self._start_companion(window, household))
        self.backups = self.window.files.backups
        self.backups.restore_chosen.connect(self.restore)
        self.window.first_page_shown.connect(self.backups.schedule.start)

    def _start_companion(self, window: MainWindow, household: Household) -> None:
        from closeness_desktop.ui.companion_wiring import TrayCompanion

        if window is not self.window or self.companion is not None:
            return  # put away (a restore) before its first page was shown
        self.companion = TrayCompanion(self.qapp, window, household, self.settings, self.paths)
        self.companion.start()

    def _offer_backup(self, damaged: DamagedHouseholdError, clock: Clock) -> None:
        """A damaged household at start: say what happened and offer the newest good backup
        (go back to it, or quit). The damaged files are kept either way."""
        from closeness_desktop.household.backups import Backups
        from closeness_desktop.store.engine import StoreError
        from closeness_desktop.ui.backups_dialog import DamagedDialog, busy, restored_text

        backup = damaged.newest_good
        if not DamagedDialog(damaged, clock.local_zone(), self.window).restore_chosen():
            self.qapp.exit(1)
            return
        assert backup is not None, "only a backup can be chosen"
        url = self.database or self.paths.database_url
        try:
            with busy():
                restored = Backups.of_url(url, clock).restore(backup.path)
        except StoreError as problem:
            QMessageBox.critical(self.window, APP_NAME, f"Nothing was restored: {problem}")
            self.qapp.exit(1)
            return
        QMessageBox.information(self.window, APP_NAME, restored_text(restored))
        self.open_household()

    def restore(self, backup: Path) -> None:
        """File > Restore from a backup: close the household, go back to ``backup``, and open
        it again in a fresh window (the old one is built around the old household)."""
        from closeness_desktop.store.engine import StoreError
        from closeness_desktop.ui.backups_dialog import busy, restored_text

        household = self.household
        assert household is not None, "the menu waits for the household"
        self._put_away()
        try:
            with busy():
                said = restored_text(household.backups.restore(backup))
        except StoreError as problem:
            said = f"Nothing was restored: {problem}"
        household.close()
        QMessageBox.information(
            self.window, APP_NAME, f"{said}\n\n{APP_NAME} opens your household again now."
        )
        self.open_household()

    def _put_away(self) -> None:
        """Stop everything built around the open household and show a fresh, empty window."""
        if self.companion is not None:
            self.companion.stop()
            self.companion = None
        if self.backups is not None:
            self.backups.stop()
            self.backups = None
        old = self.window
        old.detach()
        self.window = MainWindow(self.settings)
        self.window.show()
        old.allow_close()
        old.close()
        old.deleteLater()
        self.household = None

    def stop(self) -> None:
        if self.companion is not None:
            self.companion.stop()
        if self.backups is not None:
            self.backups.stop()
        self.instance.close()
        self.window.detach()
        if self.household is not None:
            self.household.close()


def _show_error(summary: str, details: str) -> None:
    if QUITTING.is_set():
        return  # a modal dialog now would hold the quit (a full disk on log-out); it is logged
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, summary)
    box.setDetailedText(details)
    box.exec()


def _bench_hook(application: Application) -> None:
    """Print ``bench.startup``'s two marks (``NAME <wall-clock time>``), then quit.

    ``first-page-painted``: the timeline has painted its first page (``first_page_shown``,
    emitted on the list's first paint). Connected here, before ``open_household`` connects
    the companion's start to the same signal, so it runs first: it times the page alone.

    ``arrival-done``: the companion's start (arrival, greeting, waiting notes, settings
    write) has returned and the event loop is about to wait again. The call posted at the
    first page runs once every slot of that signal has returned; it then waits for the
    dispatcher's ``aboutToBlock``, the end of that turn of the loop.
    """
    dispatcher = QAbstractEventDispatcher.instance()
    assert dispatcher is not None, "the QApplication is made first"

    def mark(name: str) -> None:
        print(f"{name} {time.time():.6f}", flush=True)

    def arrival_done() -> None:
        dispatcher.aboutToBlock.disconnect(arrival_done)
        mark("arrival-done")
        QApplication.quit()

    def after_first_page() -> None:
        companion = application.companion
        if companion is None or not companion.presence.present:
            # The companion no longer starts on the first page: this would time nothing.
            print("bench: no arrival after the first page was shown", file=sys.stderr)
            QApplication.exit(1)
            return
        dispatcher.aboutToBlock.connect(arrival_done)

    def first_page() -> None:
        mark("first-page-painted")
        QTimer.singleShot(0, after_first_page)

    application.window.first_page_shown.connect(first_page)


class _QuitOnSigterm(QObject):
    """Ends the event loop cleanly on SIGTERM, which a log-out or ``systemctl stop`` sends.

    Then ``aboutToQuit`` records the departure and the settings are written, instead of the
    process vanishing mid-flight. The signal only writes its number to a socket; the event
    loop reads it and quits between two events, never in the middle of one (a greeting half
    written, say), which a Python-level handler calling Qt could do.
    """

    def __init__(self, qapp: QApplication) -> None:
        super().__init__(qapp)
        self._receiver, self._sender = socket.socketpair()
        for end in (self._receiver, self._sender):
            end.setblocking(False)
        signal.set_wakeup_fd(self._sender.fileno())
        self._wake = QSocketNotifier(self._receiver.fileno(), QSocketNotifier.Type.Read, self)
        self._wake.activated.connect(self._drain)
        self._qapp = qapp
        # A Python handler must be set for the wakeup byte to be written; it does nothing.
        signal.signal(signal.SIGTERM, lambda _number, _frame: None)
        qapp.aboutToQuit.connect(QUITTING.set)

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            numbers = self._receiver.recv(64)
            if signal.SIGTERM in numbers:
                QUITTING.set()
                # Whatever the way out meets (a write waiting for a lock, a dialog), the
                # process is gone within QUIT_DEADLINE; every commit is whole on disk.
                deadline = threading.Timer(QUIT_DEADLINE, _leave_now)
                deadline.daemon = True
                deadline.start()
                # exit(), not quit(): quit() asks the windows, and the main window only hides
                # to the tray when asked to close, which would cancel the quit.
                self._qapp.exit(0)


def _leave_now() -> None:
    # From the deadline's thread: no logging (its lock may be held by the stuck thread).
    os.write(2, f"{APP_ID}: quitting took over {QUIT_DEADLINE:g} s; leaving now\n".encode())
    os._exit(1)


def run(args: argparse.Namespace) -> int:
    heap.hold()  # until the first page is on screen (see closeness_desktop.heap)
    os.umask(PRIVATE_UMASK)  # before anything is written: files for this account alone
    paths = resolve(getattr(args, "data_dir", None))
    make_private(paths)
    setup_logging(paths.log_file)
    log.info("%s %s starting on %s", APP_NAME, __version__, paths.data_dir)
    # The program name gives the window its class, which desktops match to closeness.desktop.
    qapp = QApplication([APP_ID])
    qapp.setApplicationName(APP_NAME)
    qapp.setApplicationVersion(__version__)
    qapp.setDesktopFileName(APP_ID)
    qapp.setWindowIcon(app_icon())
    # The tray keeps the app alive; the window decides when closing it means quitting.
    qapp.setQuitOnLastWindowClosed(False)
    install_excepthook(paths.log_file, _show_error)
    sigterm = _QuitOnSigterm(qapp)  # referenced until the event loop has ended
    application = Application(qapp, paths, getattr(args, "database", None))
    # Logging out: let the window close instead of hiding itself in the tray.
    qapp.commitDataRequest.connect(lambda _manager: application.window.allow_close())
    if os.environ.get(BENCH_ENV):
        _bench_hook(application)
    try:
        started = application.start()
    except InstanceRefused as refused:
        print(f"{APP_ID}: {refused}", file=sys.stderr, flush=True)
        QMessageBox.critical(None, APP_NAME, str(refused))
        return 1
    if not started:
        return 0
    try:
        return qapp.exec()
    finally:
        application.stop()
        del sigterm
