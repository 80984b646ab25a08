"""The timeline's "Keep for Our year", driven like a person would: the context menu, the
keys, the card's mark and its words, Undo, and refusals told in words (a note changed in
another window, a database that is busy)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, EntryRecord, Household, PartnerInfo
from closeness_desktop.ui.keep_action import ALWAYS_IN, SHORTCUT
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.timeline_model import TimelineModel
from tests.ui.window_helpers import menu_action, undo_action
from tests.write_failures import database_file, short_busy_timeout, write_lock_held

WAIT_MS = 20_000
BUSY = "the household is busy (another window or account is writing)"


@pytest.fixture
def note(household: Household, sam: PartnerInfo, alex: PartnerInfo) -> EntryRecord:
    return household.entries.add(Draft.note(sam.id, "You make Mondays bearable.", alex.id))


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, household: Household, note: EntryRecord
) -> Iterator[MainWindow]:
    window = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.attach(household)
    page = window.timeline_page
    qtbot.waitUntil(lambda: page.model is not None and page.model.row_of(note.id) is not None)
    yield window
    window.detach()


def model_of(window: MainWindow) -> TimelineModel:
    assert window.timeline_page.model is not None
    return window.timeline_page.model


def select(window: MainWindow, entry: EntryRecord) -> None:
    model = model_of(window)
    row = model.row_of(entry.id)
    assert row is not None
    window.timeline_page.timeline.setCurrentIndex(model.index(row))


def shown(window: MainWindow, entry: EntryRecord) -> EntryRecord:
    model = model_of(window)
    row = model.row_of(entry.id)
    assert row is not None
    return model.record(row)


def test_keeping_a_note_marks_its_card_and_undo_takes_the_mark_off(
    qtbot: QtBot, window: MainWindow, household: Household, note: EntryRecord
) -> None:
    keep = window.timeline_page.keep.action
    select(window, note)
    assert keep.isEnabled()
    assert not keep.isChecked()

    keep.trigger()

    qtbot.waitUntil(lambda: shown(window, note).kept, timeout=WAIT_MS)
    assert household.entries.get(note.id).kept
    assert keep.isChecked()
    assert window.statusBar().currentMessage().startswith("Kept for Our year.")
    row = model_of(window).row_of(note.id)
    assert row is not None
    words = model_of(window).index(row).data(Qt.ItemDataRole.AccessibleTextRole)
    assert words.endswith("(kept for Our year)")
    assert undo_action(window).text() == "&Undo keep this note for Our year"

    undo_action(window).trigger()

    qtbot.waitUntil(lambda: not shown(window, note).kept, timeout=WAIT_MS)
    assert not keep.isChecked()
    assert not household.entries.get(note.id).kept


# A popup on the offscreen platform: it cannot raise itself or grab the keyboard there.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")
def test_the_context_menu_offers_it_beside_edit_and_delete(
    qtbot: QtBot, window: MainWindow, note: EntryRecord
) -> None:
    page = window.timeline_page
    offered: list[tuple[str, bool, bool]] = []

    def look() -> None:  # runs inside the menu's own event loop, then closes it
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        offered.extend((a.text(), a.isEnabled(), a.isChecked()) for a in menu.actions())
        menu.close()

    model = model_of(window)
    row = model.row_of(note.id)
    assert row is not None
    centre = page.timeline.visualRect(model.index(row)).center()
    QTimer.singleShot(0, look)

    page._context_menu(QPoint(centre))

    assert [text for text, _, _ in offered] == [
        "&Open entry",
        "&Edit entry…",
        "&Keep for Our year",
        "Re&act",
        "&Reply…",
        "&Change my reply…",
        "Take &back my reply",
        "&Delete entry",
    ]
    assert offered[2][1:] == (True, False)  # a note not kept yet, ready to be


def test_memories_and_date_nights_are_always_in_and_check_ins_never(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    memory = household.entries.add(
        Draft.memory(sam.id, "First snow", clock.now().date(), clock.local_zone())
    )
    checkin = household.entries.add(Draft.checkin(sam.id, 4, ["calm"]))
    keep = window.timeline_page.keep.action
    qtbot.waitUntil(lambda: model_of(window).row_of(checkin.id) is not None, timeout=WAIT_MS)

    select(window, memory)
    assert (keep.isEnabled(), keep.isChecked(), keep.statusTip()) == (False, True, ALWAYS_IN)
    select(window, checkin)
    assert (keep.isEnabled(), keep.isChecked()) == (False, False)


def test_the_keys_mark_the_note_on_the_focused_timeline(
    qtbot: QtBot, window: MainWindow, household: Household, note: EntryRecord
) -> None:
    page = window.timeline_page
    assert page.keep.action.shortcut() == QKeySequence(SHORTCUT)
    select(window, note)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.timeline.setFocus()

    qtbot.keyClick(
        page.timeline,
        Qt.Key.Key_K,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )

    qtbot.waitUntil(lambda: household.entries.get(note.id).kept, timeout=WAIT_MS)


# -- refusals ----------------------------------------------------------------------------------


@pytest.fixture
def elsewhere(data_dir: Path, clock: FakeClock) -> Iterator[Household]:
    """The same household opened a second time: the other partner's window."""
    other = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    yield other
    other.close()


def test_a_note_changed_in_another_window_is_not_marked_and_says_why(
    qtbot: QtBot, window: MainWindow, elsewhere: Household, note: EntryRecord, sam: PartnerInfo
) -> None:
    elsewhere.entries.edit(note.id, Draft.note(sam.id, "Tuesdays too."), note.version)
    select(window, note)

    window.timeline_page.keep.action.trigger()

    message = window.statusBar().currentMessage()
    assert "changed elsewhere since the timeline showed it; it was not marked" in message
    qtbot.waitUntil(lambda: shown(window, note).body == "Tuesdays too.", timeout=WAIT_MS)
    assert not elsewhere.entries.get(note.id).kept


def test_a_busy_database_is_told_in_words_and_try_again_marks_the_note(
    qtbot: QtBot,
    window: MainWindow,
    household: Household,
    note: EntryRecord,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trouble = ExitStack()
    trouble.enter_context(short_busy_timeout(household))
    trouble.enter_context(write_lock_held(database_file(household)))
    asked: list[str] = []
    answers = ["Cancel", "Try Again"]

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        choice = answers.pop(0)
        if choice == "Try Again":
            trouble.close()  # the other window is done writing
            (again,) = [b for b in box.buttons() if b.text() == choice]
            again.click()
        else:
            box.button(QMessageBox.StandardButton.Cancel).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    select(window, note)
    keep = window.timeline_page.keep.action
    keep.trigger()

    assert asked == [f"This note was not marked: {BUSY}."]
    assert window.statusBar().currentMessage() == "This note was not marked."
    assert not keep.isChecked()
    assert not household.entries.get(note.id).kept

    keep.trigger()

    trouble.close()  # closed by Try Again already; here too if it never came
    assert asked[1] == f"This note was not marked: {BUSY}."
    qtbot.waitUntil(lambda: shown(window, note).kept, timeout=WAIT_MS)
    assert household.entries.get(note.id).kept


def test_the_edit_menu_offers_it_too(qtbot: QtBot, window: MainWindow, note: EntryRecord) -> None:
    select(window, note)

    menu_action(window, "&Edit", "&Keep for Our year").trigger()

    qtbot.waitUntil(lambda: model_of(window).record(model_of(window).row_of(note.id) or 0).kept)
