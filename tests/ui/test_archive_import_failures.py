"""File > Import a Closeness archive… when a batch is refused: the window says why in
words, and the batches already written were taken back (issue 8)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Household, batched_writes
from closeness_desktop.household import transfer as transfer_module
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.transfer_dialogs import ArchiveTransfer
from tests.ui.window_helpers import menu_action, undo_action
from tests.unit.transfer_archives import archive_of, document, note_json
from tests.write_failures import LONG_NOTE, disk_full

WAIT_MS = 20_000


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, empty_household: Household) -> Iterator[MainWindow]:
    found = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(found)
    found.show()
    qtbot.waitExposed(found)
    found.attach(empty_household)
    yield found
    found.files.archive.stop()
    found.detach()


def test_a_full_disk_part_way_is_said_in_words_and_nothing_stays(
    qtbot: QtBot,
    window: MainWindow,
    empty_household: Household,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(transfer_module, "BATCH", 2)
    monkeypatch.setattr(batched_writes, "PAUSE", 0.0)
    path = tmp_path / "long.zip"
    path.write_bytes(archive_of(document(entries=[note_json(body=LONG_NOTE) for _ in range(6)])))
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(ArchiveTransfer, "ask_open_path", lambda _self: str(path))
    monkeypatch.setattr(ArchiveTransfer, "confirm", lambda _self, _archive: True)
    monkeypatch.setattr(ArchiveTransfer, "warn", lambda _self, *words: said.append(words))

    with (
        disk_full(empty_household),
        qtbot.waitSignal(window.files.archive.finished, timeout=WAIT_MS) as ended,
    ):
        menu_action(window, "&File", "Import a Closeness &archive").trigger()

    text = "The archive couldn't be saved: the disk is full.\n\nNothing was imported."
    assert said == [("Couldn't import", text)]
    assert ended.args == [text]
    assert empty_household.entries.count() == 0
    assert not empty_household.partners.all()
    assert not undo_action(window).isEnabled()
