"""File > Import calendar… (issue 8): the file is read off the window's thread behind a
progress dialog with Cancel, Cancel changes nothing, and the write goes in batches."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from bench.ics_import import many_events
from closeness_desktop import calendar_files
from closeness_desktop.dates.ical import ImportPreview
from closeness_desktop.household import Household, batched_writes
from closeness_desktop.ui import calendar_dialogs
from closeness_desktop.ui.calendar_dialogs import STOPPED, CalendarTransfer
from closeness_desktop.ui.main_window import MainWindow
from tests.ui.window_helpers import menu_action

HOSTILE = Path(__file__).parents[1] / "data" / "ics" / "hostile"
#: Only so that a broken test ends instead of hanging: nothing waits this long when it works.
NEVER_MS = 20_000


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, household: Household) -> Iterator[MainWindow]:
    window = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.attach(household)
    yield window
    window.files.calendar.wait_for_readings()
    window.detach()


@pytest.fixture
def transfer(window: MainWindow) -> CalendarTransfer:
    return window.files.calendar


@pytest.fixture
def warnings(transfer: CalendarTransfer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(transfer, "warn", lambda title, text: shown.append(f"{title}: {text}"))
    return shown


@pytest.fixture
def released(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, list[str]]]:
    """Reading waits until the test sets the event, and says on which thread it ran."""
    release = threading.Event()
    threads: list[str] = []
    real = calendar_files.read_calendar

    def held(household: Household, data: bytes) -> ImportPreview:
        threads.append(threading.current_thread().name)
        release.wait(NEVER_MS / 1000)
        return real(household, data)

    monkeypatch.setattr(calendar_dialogs, "read_calendar", held)
    yield release, threads
    release.set()


def import_from_menu(window: MainWindow, transfer: CalendarTransfer, path: Path) -> None:
    transfer.ask_open_path = lambda: str(path)  # type: ignore[method-assign]
    menu_action(window, "&File", "&Import calendar").trigger()


def press_cancel(transfer: CalendarTransfer) -> None:
    """What a person's click does: the progress dialog's own Cancel button."""
    assert transfer.progress is not None
    (button,) = [
        button
        for button in transfer.progress.findChildren(QPushButton)
        if button.text() == "Cancel"
    ]
    button.click()


def answer(
    transfer: CalendarTransfer,
    reply: bool,
    then: Callable[[], None] | None = None,
    first: Callable[[], object] | None = None,
) -> list[ImportPreview]:
    """Answer the preview's question with ``reply``, doing ``first`` before answering and
    ``then`` at the next turn of the window's events; what it was shown."""
    shown: list[ImportPreview] = []

    def confirm(preview: ImportPreview) -> bool:
        shown.append(preview)
        if first is not None:
            first()
        if then is not None:
            QTimer.singleShot(0, then)
        return reply

    transfer.confirm = confirm  # type: ignore[method-assign]
    return shown


def test_the_file_is_read_off_the_window_thread_while_the_window_goes_on(
    window: MainWindow,
    transfer: CalendarTransfer,
    released: tuple[threading.Event, list[str]],
    tmp_path: Path,
) -> None:
    release, threads = released
    ics = tmp_path / "three.ics"
    ics.write_bytes(many_events(3))
    seen: list[str] = []

    def meanwhile() -> None:
        # On the window's thread, while the reading waits: the window's events go on.
        assert transfer.progress is not None
        seen.append(transfer.progress.labelText())
        release.set()

    QTimer.singleShot(0, meanwhile)
    shown = answer(transfer, False)
    import_from_menu(window, transfer, ics)

    assert seen == ["Reading the calendar…"]
    assert threads
    assert threads[0] != threading.main_thread().name
    assert [len(preview.new_plans) for preview in shown] == [3]
    assert transfer.progress is None


@pytest.mark.usefixtures("window")
def test_cancel_while_reading_leaves_at_once_and_changes_nothing(
    transfer: CalendarTransfer,
    household: Household,
    released: tuple[threading.Event, list[str]],
    warnings: list[str],
    tmp_path: Path,
) -> None:
    window = transfer.parent_widget
    assert isinstance(window, MainWindow)
    release, _ = released
    ics = tmp_path / "three.ics"
    ics.write_bytes(many_events(3))
    QTimer.singleShot(0, lambda: press_cancel(transfer))
    shown = answer(transfer, True)
    import_from_menu(window, transfer, ics)

    assert not release.is_set()  # left while the file was still being read
    assert window.statusBar().currentMessage() == STOPPED
    release.set()
    transfer.wait_for_readings()
    assert shown == []
    assert household.plans.all() == []
    assert warnings == []


def test_cancel_while_writing_takes_back_what_was_written(
    window: MainWindow,
    transfer: CalendarTransfer,
    household: Household,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(batched_writes, "BATCH_SIZE", 2)
    monkeypatch.setattr(batched_writes, "PAUSE", 0.0)
    written: list[int] = []
    real = household.plans.import_calendar

    def counting(*args: object, progress: batched_writes.Progress, **options: object) -> int:
        def heard(done: int, total: int) -> bool:
            written.append(done)
            return progress(done, total)

        return real(*args, progress=heard, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(household.plans, "import_calendar", counting)
    ics = tmp_path / "seven.ics"
    ics.write_bytes(many_events(7))

    def cancel() -> None:
        assert transfer.progress is not None
        assert transfer.progress.labelText() == "Importing date nights…"
        press_cancel(transfer)

    answer(transfer, True, then=cancel)
    import_from_menu(window, transfer, ics)

    assert written[:1] == [2]  # a batch was written, then taken back
    assert household.plans.all() == []
    assert window.statusBar().currentMessage() == STOPPED
    assert household.history.undo_text() is None


def test_a_hostile_file_from_the_menu_is_explained(
    window: MainWindow, transfer: CalendarTransfer, household: Household
) -> None:
    shown = answer(transfer, False)
    import_from_menu(window, transfer, HOSTILE / "hourly_zone_from_year_1.ics")
    ((preview,),) = [shown]
    assert preview.plans == ()
    assert "changes its clocks by a rule no real time zone uses" in preview.skipped[0].reason


@pytest.mark.usefixtures("window")
def test_a_write_refused_by_a_busy_household_says_nothing_was_imported(
    transfer: CalendarTransfer,
    household: Household,
    warnings: list[str],
    data_dir: Path,
    tmp_path: Path,
) -> None:
    window = transfer.parent_widget
    assert isinstance(window, MainWindow)
    ics = tmp_path / "three.ics"
    ics.write_bytes(many_events(3))
    other = sqlite3.connect(data_dir / "closeness.sqlite3", isolation_level=None)
    # Another account's long write holds the lock from before the first batch on.
    shown = answer(transfer, True, first=lambda: other.execute("BEGIN IMMEDIATE"))
    try:
        import_from_menu(window, transfer, ics)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert len(shown) == 1
    (warning,) = warnings
    assert warning.startswith("Couldn't import: The date nights couldn't be saved: the household")
    assert warning.endswith("Nothing was imported.")
    assert household.plans.all() == []
