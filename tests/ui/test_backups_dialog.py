"""Backups in the window: File > Back up now, File > Restore from a backup…, the automatic
schedule, and the dialog a damaged household opens at start. Real widgets offscreen, a
real household file, the application object itself for the restore and the reopen."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from closeness_desktop.app import Application
from closeness_desktop.clock import FakeClock
from closeness_desktop.companion.backups import BackupSchedule
from closeness_desktop.household import Draft, Household, TimelineFilter
from closeness_desktop.household.backups import BackupInfo, DamagedHouseholdError
from closeness_desktop.paths import resolve
from closeness_desktop.ui.backup_menu import BackupMenu
from closeness_desktop.ui.backups_dialog import NO_BACKUPS, BackupsDialog, DamagedDialog
from closeness_desktop.ui.main_window import MainWindow
from tests.ui.window_helpers import menu_action

WAIT_MS = 20_000
#: The application's companion brings its window forward (a greeting, the no-tray banner),
#: which the offscreen platform cannot do; it says so, and that is all.
OFFSCREEN_RAISE = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, household: Household) -> Iterator[MainWindow]:
    shown = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(shown)
    shown.show()
    shown.attach(household)
    yield shown
    shown.files.backups.stop()
    shown.detach()


def add_note(household: Household, text: str) -> None:
    sam = household.partners.named("Sam")
    household.entries.add(Draft.note(sam.id, text))


def bodies(household: Household) -> list[str]:
    return [row.body for row in household.entries.page(TimelineFilter(), limit=100).rows]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_back_up_now_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, household: Household
) -> None:
    add_note(household, "Keep this one safe")
    menu = window.files.backups

    with qtbot.waitSignal(menu.schedule.made, timeout=WAIT_MS) as made:
        menu_action(window, "&File", "&Back up now").trigger()

    [backup] = household.backups.all()
    assert made.args == [backup]
    assert window.statusBar().currentMessage().startswith("Backed up: 1 entry, kept in ")


def test_the_list_of_backups_newest_first_with_time_and_entries(
    qtmodeltester: Any, qtbot: QtBot, household: Household, clock: FakeClock
) -> None:
    older = household.backups.back_up()
    clock.advance(timedelta(days=2, hours=3))
    add_note(household, "One more")
    newer = household.backups.back_up()

    dialog = BackupsDialog(household.backups.all(), clock.local_zone())
    qtbot.addWidget(dialog)

    qtmodeltester.check(dialog.list.model())
    rows = [
        [dialog.list.topLevelItem(row).text(column) for column in (0, 1)]  # type: ignore[union-attr]
        for row in range(dialog.list.topLevelItemCount())
    ]
    assert rows == [
        ["Saturday 28 November 2026, 22:30", "1 entry"],
        ["Thursday 26 November 2026, 19:30", "0 entries"],
    ]
    assert dialog.chosen() == newer
    second = dialog.list.topLevelItem(1)
    assert second is not None
    dialog.list.setCurrentItem(second)
    assert dialog.chosen() == older


def test_no_backups_yet_says_how_to_make_one(qtbot: QtBot, household: Household) -> None:
    dialog = BackupsDialog([], household.clock.local_zone())
    qtbot.addWidget(dialog)

    assert dialog.chosen() is None
    assert not dialog.restore_button.isEnabled()
    assert NO_BACKUPS in [label.text() for label in dialog.findChildren(QLabel)]
    assert dialog.list.isHidden()
    assert dialog.restore_button.isHidden()  # only Close: there is nothing to go back to


def test_restore_from_the_menu_asks_first(
    qtbot: QtBot, window: MainWindow, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = household.backups.back_up()
    asked: list[str] = []
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes])

    def question(_parent: object, _title: str, text: str, *_args: object) -> Any:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(BackupsDialog, "exec", lambda _dialog: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(QMessageBox, "question", question)
    chosen: list[Path] = []
    window.files.backups.restore_chosen.connect(chosen.append)

    menu_action(window, "&File", "&Restore from a backup").trigger()  # Cancel
    menu_action(window, "&File", "&Restore from a backup").trigger()  # Yes

    assert chosen == [backup.path]
    assert "Thursday 26 November 2026, 19:30, with 0 entries" in asked[0]
    assert "What you have now is set aside next to it, not deleted." in asked[0]


def test_the_schedule_backs_up_at_start_then_only_after_changes(
    qtbot: QtBot, household: Household
) -> None:
    schedule = BackupSchedule(household, every_ms=50)
    try:
        with qtbot.waitSignal(schedule.made, timeout=WAIT_MS):
            schedule.start()
        assert not schedule.armed()  # nothing changed: no timer at all

        add_note(household, "A change")
        assert schedule.armed()
        with qtbot.waitSignal(schedule.made, timeout=WAIT_MS):
            pass
        assert not schedule.armed()
    finally:
        schedule.stop()

    assert len(household.backups.all()) == 2


def test_a_second_start_the_same_day_makes_no_backup(
    qtbot: QtBot, household: Household, clock: FakeClock
) -> None:
    household.backups.back_up()
    clock.advance(timedelta(hours=3))
    schedule = BackupSchedule(household)
    made: list[BackupInfo] = []
    schedule.made.connect(made.append)

    schedule.start()
    schedule.stop()  # waits for the worker

    assert made == []
    assert len(household.backups.all()) == 1


# -- the application: restore and reopen, and a damaged household at start ----------------


@pytest.fixture
def application(
    qapp: QApplication, data_dir: Path, household: Household, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Application]:
    """The app on the household's folder (the test's household is closed first)."""
    household.close()
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: told.append(text))
    # Leaving the event loop is recorded, not done: the tests run the loop on.
    exits: list[int] = []
    monkeypatch.setattr(qapp, "exit", exits.append)
    app = Application(qapp, resolve(data_dir), None)
    app.told = told  # type: ignore[attr-defined]
    app.exits = exits  # type: ignore[attr-defined]
    yield app
    app.stop()
    app.window.close()
    app.appearance.remove()  # the next test's application starts from Qt's own style


@OFFSCREEN_RAISE
def test_restore_reopens_the_household_as_it_was_in_the_backup(
    qtbot: QtBot, application: Application, data_dir: Path
) -> None:
    application.open_household()
    assert application.household is not None
    add_note(application.household, "Before the backup")
    backup = application.household.backups.back_up()
    add_note(application.household, "After the backup")
    first_window = application.window

    application.restore(backup.path)

    assert application.household is not None
    assert application.window is not first_window
    assert application.window.household is application.household
    assert bodies(application.household) == ["Before the backup"]
    [told] = application.told  # type: ignore[attr-defined]
    assert "Your household is back as it was in the backup, with 1 entry." in told
    assert "closeness.sqlite3.set-aside-" in told
    assert list(data_dir.glob("closeness.sqlite3.set-aside-*"))


@OFFSCREEN_RAISE
def test_a_damaged_household_at_start_offers_the_newest_good_backup(
    application: Application, data_dir: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    database = data_dir / "closeness.sqlite3"
    good = Household.open(f"sqlite:///{database}", clock)
    add_note(good, "Saved in time")
    backup = good.backups.back_up()
    good.close()
    with database.open("r+b") as handle:
        handle.write(b"\0" * 100)
    damaged = digest(database)
    shown: list[DamagedDialog] = []

    def choose_restore(dialog: DamagedDialog) -> bool:
        shown.append(dialog)
        return True

    monkeypatch.setattr(DamagedDialog, "restore_chosen", choose_restore)

    application.open_household()

    [dialog] = shown
    assert "damaged" in dialog.text()
    assert "Its first bytes are not those of a database" in dialog.informativeText()
    assert "with 1 entry" in dialog.informativeText()
    assert application.household is not None
    assert bodies(application.household) == ["Saved in time"]
    [aside] = [p for p in data_dir.glob("closeness.sqlite3.set-aside-*") if p.name[-1] == "Z"]
    assert digest(aside) == damaged  # kept, untouched, for inspection
    assert backup.path.exists()


@OFFSCREEN_RAISE
def test_quitting_at_the_damaged_dialog_changes_nothing(
    application: Application, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = data_dir / "closeness.sqlite3"
    with database.open("r+b") as handle:
        handle.write(b"\0" * 100)
    before = sorted(p.name for p in data_dir.iterdir()), digest(database)
    monkeypatch.setattr(DamagedDialog, "restore_chosen", lambda _dialog: False)

    application.open_household()

    assert application.exits == [1]  # type: ignore[attr-defined]
    assert application.household is None
    assert (sorted(p.name for p in data_dir.iterdir()), digest(database)) == before


def test_the_damaged_dialog_without_a_backup_only_quits(qtbot: QtBot, tmp_path: Path) -> None:
    problem = DamagedHouseholdError(tmp_path / "closeness.sqlite3", "it was cut short")
    dialog = DamagedDialog(problem, UTC)
    qtbot.addWidget(dialog)

    assert dialog.restore_button is None
    assert [button.text() for button in dialog.buttons()] == ["Quit"]
    assert "There is no good backup to go back to." in dialog.informativeText()


def test_the_backups_are_made_once_per_window(qtbot: QtBot, window: MainWindow) -> None:
    assert window.files.backups is window.files.backups
    assert isinstance(window.files.backups, BackupMenu)
