"""The check-in page of the composer, driven by keys and clicks like a person would."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Draft, EntryKind, Household, PartnerInfo
from closeness_desktop.ui.composer import Composer
from closeness_desktop.ui.main_window import MainWindow

WAIT_MS = 20_000


def chip(composer: Composer, word: str) -> QPushButton:
    found = composer.checkin.chip(word)
    assert found is not None, word
    return found


def check_in_by_keys(qtbot: QtBot) -> Callable[[Composer], int]:
    """A stand-in for the modal ``Composer.exec``: check in with the keyboard and mouse."""

    def exec_(composer: Composer) -> int:
        composer.show()
        qtbot.waitExposed(composer)
        composer.activateWindow()  # shortcuts (Ctrl+Return) go to the active window
        qtbot.waitUntil(composer.isActiveWindow)
        page = composer.checkin
        assert composer.pages.currentWidget() is page
        first = page.mood_group.button(1)
        assert composer.focusWidget() is first, composer.focusWidget()  # it opens on the mood
        qtbot.keyClick(first, Qt.Key.Key_Space)  # "Heavy"
        for _ in range(3):  # the arrows move the choice, as with radio buttons
            qtbot.keyClick(page.mood_group.checkedButton(), Qt.Key.Key_Right)
        assert page.mood_group.checkedId() == 4
        qtbot.mouseClick(chip(composer, "calm"), Qt.MouseButton.LeftButton)
        qtbot.mouseClick(chip(composer, "grateful"), Qt.MouseButton.LeftButton)
        qtbot.mouseClick(page.own_words, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(page.own_words, "a bit sleepy")
        qtbot.keyClick(page.own_words, Qt.Key.Key_Return)  # a chip, not a save
        assert composer.isVisible()
        assert page.own_words.text() == ""
        assert chip(composer, "a bit sleepy").isChecked()
        qtbot.keyClicks(page.line, "Long day, good evening")
        qtbot.keyClick(page.line, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        return composer.result()

    return exec_


def test_a_checkin_made_with_keys_and_chips_lands_on_the_timeline(
    qtbot: QtBot,
    window: MainWindow,
    household: Household,
    sam: PartnerInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Composer, "exec", check_in_by_keys(qtbot))

    window.compose(EntryKind.CHECKIN)

    model = window.timeline_page.model
    assert model is not None
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.timeline_page.selected_entry() is not None, timeout=WAIT_MS)
    record = window.timeline_page.selected_entry()
    assert record is not None
    assert (record.kind, record.author_id, record.mood) == (EntryKind.CHECKIN, sam.id, 4)
    assert record.feelings == "calm, grateful, a bit sleepy"
    assert record.body == "Long day, good evening"


@pytest.fixture
def open_composer(qtbot: QtBot, household: Household) -> Callable[..., Composer]:
    def make(**options: object) -> Composer:
        composer = Composer(household, EntryKind.CHECKIN, **options)  # type: ignore[arg-type]
        qtbot.addWidget(composer)
        composer.show()
        qtbot.waitExposed(composer)
        return composer

    return make


def test_a_word_too_long_stays_in_the_line_with_a_word_on_why(
    qtbot: QtBot, open_composer: Callable[..., Composer], household: Household
) -> None:
    composer = open_composer()
    words = composer.checkin.own_words
    qtbot.keyClicks(words, "x" * 31)
    qtbot.keyClick(words, Qt.Key.Key_Return)

    assert composer.error.text().startswith("A feeling can be up to 30 characters")
    assert words.text() == "x" * 31
    assert composer.isVisible()
    assert household.entries.count() == 0


def test_a_comma_makes_a_chip_and_a_shipped_word_is_not_doubled(
    qtbot: QtBot, open_composer: Callable[..., Composer]
) -> None:
    composer = open_composer()
    words = composer.checkin.own_words
    qtbot.keyClicks(words, "Calm,")  # the shipped chip, whatever the case
    qtbot.keyClicks(words, "held,")

    assert chip(composer, "calm").isChecked()
    assert chip(composer, "held").isChecked()
    assert composer.checkin.feelings() == ["calm", "held"]
    qtbot.mouseClick(chip(composer, "calm"), Qt.MouseButton.LeftButton)  # off again
    assert composer.checkin.feelings() == ["held"]
    assert composer.is_dirty()


def test_a_checkin_opens_again_with_its_chips_and_reads_for_the_other(
    qtbot: QtBot,
    open_composer: Callable[..., Composer],
    household: Household,
    sam: PartnerInfo,
    alex: PartnerInfo,
) -> None:
    record = household.entries.add(Draft.checkin(sam.id, 2, ["tired", "held close"], "Hug?"))

    editing = open_composer(editing=record, by=sam.id)
    assert editing.mood_group.checkedId() == 2
    assert chip(editing, "tired").isChecked()
    assert chip(editing, "held close").isChecked()
    assert editing.checkin_text.text() == "Hug?"
    assert not editing.is_dirty()

    reading = open_composer(editing=record, by=alex.id, read_only=True)
    shown = [
        button.text() for button in reading.checkin.findChildren(QPushButton) if button.isVisible()
    ]
    assert shown == ["Low", "tired", "held close"]  # only what Sam chose, nothing to click
    assert not reading.checkin.own_words.isVisible()
    assert reading.checkin_text.isReadOnly()


def test_a_number_key_picks_a_mood_and_enter_on_an_empty_line_saves(
    qtbot: QtBot, open_composer: Callable[..., Composer], household: Household
) -> None:
    composer = open_composer()
    composer.activateWindow()
    qtbot.waitUntil(composer.isActiveWindow)
    low = composer.mood_group.button(2)
    qtbot.keyClick(low, Qt.Key.Key_5)
    assert composer.mood_group.checkedId() == 5
    assert composer.mood_group.button(5).hasFocus()
    assert composer.mood_group.button(5).accessibleName() == "Wonderful, 5 of 5"

    with qtbot.waitSignal(composer.accepted, timeout=WAIT_MS):
        qtbot.keyClick(composer.checkin.own_words, Qt.Key.Key_Return)  # nothing typed: Save

    assert composer.saved is not None
    assert (composer.saved.mood, composer.saved.feelings) == (5, "")
    assert household.entries.count() == 1
