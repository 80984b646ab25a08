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
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractEventDispatcher, QObject, QSettings, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from closeness_desktop import APP_ID, APP_NAME, __version__
from closeness_desktop.crash import install_excepthook, setup_logging
from closeness_desktop.ipc import InstanceServer, tell_running_instance
from closeness_desktop.paths import Paths, resolve
from closeness_desktop.ui import theme
from closeness_desktop.ui.icons import app_icon
from closeness_desktop.ui.main_window import MainWindow

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.ui.companion_wiring import TrayCompanion

log = logging.getLogger(__name__)

#: Set by ``bench.startup``: print when the first timeline page is painted and when the
#: arrival work after it is done, then quit (see :func:`_bench_hook`).
BENCH_ENV = "CLOSENESS_BENCH_FIRST_PAINT"


class Application:
    """What runs while the app is open."""

    def __init__(self, qapp: QApplication, paths: Paths, database: str | None) -> None:
        self.qapp = qapp
        self.paths = paths
        self.database = database
        self.settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
        self.window = MainWindow(self.settings)
        self.instance = InstanceServer(paths)
        self.instance.command.connect(self._on_command)
        self.household: Household | None = None
        self.companion: TrayCompanion | None = None

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
        self.window.show()
        QTimer.singleShot(0, self.open_household)
        return True

    def open_household(self) -> None:
        from closeness_desktop.clock import from_environment
        from closeness_desktop.household import Household
        from closeness_desktop.store.engine import StoreError
        from closeness_desktop.ui.welcome import WelcomeDialog

        try:
            household = Household.open(self.database or self.paths.database_url, from_environment())
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
        from closeness_desktop.ui.companion_wiring import TrayCompanion

        self.companion = TrayCompanion(self.qapp, self.window, household, self.settings, self.paths)
        # Greetings and rituals wait until the first page is on screen: the window first.
        self.window.first_page_shown.connect(self.companion.start)

    def stop(self) -> None:
        if self.companion is not None:
            self.companion.stop()
        self.instance.close()
        self.window.detach()
        if self.household is not None:
            self.household.close()


def _show_error(summary: str, details: str) -> None:
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

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            numbers = self._receiver.recv(64)
            if signal.SIGTERM in numbers:
                # exit(), not quit(): quit() asks the windows, and the main window only hides
                # to the tray when asked to close, which would cancel the quit.
                self._qapp.exit(0)


def run(args: argparse.Namespace) -> int:
    paths = resolve(getattr(args, "data_dir", None))
    setup_logging(paths.log_file)
    log.info("%s %s starting on %s", APP_NAME, __version__, paths.data_dir)
    # The program name gives the window its class, which desktops match to closeness.desktop.
    qapp = QApplication([APP_ID])
    qapp.setApplicationName(APP_NAME)
    qapp.setApplicationVersion(__version__)
    qapp.setDesktopFileName(APP_ID)
    qapp.setWindowIcon(app_icon())
    qapp.setStyleSheet(theme.STYLE_SHEET)
    # The tray keeps the app alive; the window decides when closing it means quitting.
    qapp.setQuitOnLastWindowClosed(False)
    install_excepthook(paths.log_file, _show_error)
    sigterm = _QuitOnSigterm(qapp)  # referenced until the event loop has ended
    application = Application(qapp, paths, getattr(args, "database", None))
    # Logging out: let the window close instead of hiding itself in the tray.
    qapp.commitDataRequest.connect(lambda _manager: application.window.allow_close())
    if os.environ.get(BENCH_ENV):
        _bench_hook(application)
    if not application.start():
        return 0
    try:
        return qapp.exec()
    finally:
        application.stop()
        del sigterm
