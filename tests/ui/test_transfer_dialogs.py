"""File > Export everything… and File > Import a Closeness archive…, driven through the
window's menu on real widgets offscreen, the work on its own thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, Household, TimelineFilter
from closeness_desktop.household.transfer import Transfer
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.transfer_dialogs import ArchiveTransfer
from tests.ui.window_helpers import menu_action, undo_action
from tests.unit.transfer_archives import archive_of, content, document, fill, partner_json

WAIT_MS = 20_000


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot: QtBot, settings: QSettings, empty_household: Household) -> Iterator[MainWindow]:
    found = MainWindow(settings)
    qtbot.addWidget(found)
    found.show()
    qtbot.waitExposed(found)
    found.attach(empty_household)
    yield found
    found.files.archive.stop()
    found.detach()


@pytest.fixture
def source(tmp_path: Path, clock: FakeClock) -> Iterator[Household]:
    household = Household.open(f"sqlite:///{tmp_path / 'source.sqlite3'}", clock)
    fill(household)
    yield household
    household.close()


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What the archive actions warned about, instead of a modal box."""
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(
        ArchiveTransfer, "warn", lambda _self, title, text: warnings.append((title, text))
    )
    return warnings


def answer(monkeypatch: pytest.MonkeyPatch, *, save: Path | None = None, open_: Path | None = None,
           confirm: bool = True) -> None:  # fmt: skip
    monkeypatch.setattr(ArchiveTransfer, "ask_save_path", lambda _self, _suggested: str(save or ""))
    monkeypatch.setattr(ArchiveTransfer, "ask_open_path", lambda _self: str(open_ or ""))
    monkeypatch.setattr(ArchiveTransfer, "confirm", lambda _self, _archive: confirm)


def run_menu(qtbot: QtBot, window: MainWindow, text: str) -> str:
    """Pick ``text`` in the File menu and wait for the job to end; what it said."""
    with qtbot.waitSignal(window.files.archive.finished, timeout=WAIT_MS) as ended:
        menu_action(window, "&File", text).trigger()
    message: str = ended.args[0] if ended.args else ""
    return message


def test_the_file_menu_has_both_actions_once_the_household_is_there(
    settings: QSettings, qtbot: QtBot, empty_household: Household
) -> None:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    export = menu_action(window, "&File", "Export &everything")
    importing = menu_action(window, "&File", "Import a Closeness &archive")
    assert not export.isEnabled()
    assert not importing.isEnabled()

    window.attach(empty_household)

    assert export.isEnabled()
    assert importing.isEnabled()
    window.detach()


def test_export_everything_writes_the_archive_off_the_window_thread(
    *,
    qtbot: QtBot, window: MainWindow, empty_household: Household, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    sam, alex = empty_household.partners.setup(["Sam", "Alex"])
    empty_household.entries.add(Draft.note(sam.id, "Coffee ☕", alex.id))
    threads: list[bool] = []
    export = Transfer.export_to

    def spy(transfer: Transfer, path: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread() is threading.main_thread())
        return export(transfer, path, **kwargs)

    monkeypatch.setattr(Transfer, "export_to", spy)
    answer(monkeypatch, save=tmp_path / "us")

    message = run_menu(qtbot, window, "Export &everything")

    assert message == f"Exported everything to {tmp_path / 'us.zip'}: 1 entry."
    assert threads == [False]
    assert (tmp_path / "us.zip").exists()
    assert window.statusBar().currentMessage() == message


def test_import_brings_everything_in_as_one_undo_step(
    *,
    qtbot: QtBot, window: MainWindow, empty_household: Household, source: Household,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    source.transfer.export_to(tmp_path / "us.zip")
    answer(monkeypatch, open_=tmp_path / "us.zip")

    message = run_menu(qtbot, window, "Import a Closeness &archive")

    assert message.startswith("Welcome back, Sam and Alex. Imported 7 entries")
    assert content(empty_household) == content(source)
    assert undo_action(window).text() == "&Undo import 7 entries"
    assert window.statusBar().currentMessage().startswith(message)
    qtbot.waitUntil(lambda: window.timeline_page.model is not None
                    and window.timeline_page.model.rowCount() >= 6, timeout=WAIT_MS)  # fmt: skip


def test_an_import_the_person_declines_changes_nothing(
    *,
    qtbot: QtBot, window: MainWindow, empty_household: Household, source: Household,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    source.transfer.export_to(tmp_path / "us.zip")
    answer(monkeypatch, open_=tmp_path / "us.zip", confirm=False)

    assert run_menu(qtbot, window, "Import a Closeness &archive") == "Nothing was imported."
    assert empty_household.entries.count() == 0


def test_a_hostile_archive_is_refused_in_words(
    *,
    qtbot: QtBot, window: MainWindow, empty_household: Household, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, said: list[tuple[str, str]],
) -> None:  # fmt: skip
    (tmp_path / "evil.zip").write_bytes(archive_of(document(), ("../../evil.sh", b"rm -rf")))
    answer(monkeypatch, open_=tmp_path / "evil.zip")

    run_menu(qtbot, window, "Import a Closeness &archive")

    assert said == [
        (
            "Couldn't import",
            "This archive holds a path that climbs out of it (“../../evil.sh”).\n\n"
            "Nothing was imported.",
        )
    ]
    assert not empty_household.partners.all()


def test_cancel_stops_an_import_while_the_window_stays_awake(
    *,
    qtbot: QtBot, window: MainWindow, empty_household: Household, source: Household,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    source.transfer.export_to(tmp_path / "us.zip")
    answer(monkeypatch, open_=tmp_path / "us.zip")
    gate = threading.Event()
    write = Transfer.write

    def held(transfer: Transfer, archive: Any, **kwargs: Any) -> Any:
        gate.wait(WAIT_MS / 1000)
        return write(transfer, archive, **kwargs)

    monkeypatch.setattr(Transfer, "write", held)
    actions = window.files.archive
    with qtbot.waitSignal(actions.finished, timeout=WAIT_MS) as ended:
        menu_action(window, "&File", "Import a Closeness &archive").trigger()
        # The import waits on its thread; the window's own loop shows the progress dialog.
        qtbot.waitUntil(
            lambda: (
                actions.progress is not None
                and actions.progress.labelText() == "Importing…"
                and actions.progress.isVisible()
            ),
            timeout=WAIT_MS,
        )
        assert actions.progress is not None
        cancel = actions.progress.findChild(QPushButton)
        assert cancel is not None
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        gate.set()

    assert ended.args == ["Import stopped; nothing was changed."]
    assert content(empty_household).entries == {}
    assert not empty_household.partners.all()
    assert empty_household.entries.page(TimelineFilter()).rows == []


def test_an_export_that_cannot_be_written_says_why(
    *,
    qtbot: QtBot, window: MainWindow, empty_household: Household, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, said: list[tuple[str, str]],
) -> None:  # fmt: skip
    empty_household.partners.setup(["Sam", "Alex"])
    answer(monkeypatch, save=tmp_path / "missing" / "us.zip")

    run_menu(qtbot, window, "Export &everything")

    assert said == [
        (
            "Couldn't export",
            f"Everything couldn't be saved to {tmp_path / 'missing' / 'us.zip'}:"
            " No such file or directory.",
        )
    ]


def test_the_question_before_an_import_shows_names_as_plain_text(
    *,
    qtbot: QtBot,
    window: MainWindow,
    empty_household: Household,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    partners = [partner_json(0, name="<b>Sam</b>"), partner_json(1)]
    (tmp_path / "us.zip").write_bytes(archive_of(document(partners=partners)))
    monkeypatch.setattr(ArchiveTransfer, "ask_open_path", lambda _self: str(tmp_path / "us.zip"))
    asked: list[QMessageBox] = []

    def press_import() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, press_import)
            return
        asked.append(box)
        importing = next(b for b in box.buttons() if b.text() == "Import")
        importing.click()

    QTimer.singleShot(0, press_import)
    message = run_menu(qtbot, window, "Import a Closeness &archive")

    assert asked[0].textFormat() == Qt.TextFormat.PlainText
    assert asked[0].text().startswith("This is <b>Sam</b> and Alex's archive from 26 November 2026")
    assert message == "Welcome back, <b>Sam</b> and Alex. Imported 1 entry."
