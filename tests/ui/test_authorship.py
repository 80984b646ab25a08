"""Only the author changes their words: the other's note opens to read, Edit and Delete
say why they are off, "From" is a name once written, and nobody here means "say who"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Draft, EntryRecord, Household, PartnerInfo
from closeness_desktop.ui.composer import CLAIMED, Composer
from closeness_desktop.ui.main_window import MainWindow


@pytest.fixture
def alexs_note(household: Household, alex: PartnerInfo, sam: PartnerInfo) -> EntryRecord:
    return household.entries.add(Draft.note(alex.id, "Soup is in the fridge.\nLove you!", sam.id))


@pytest.fixture
def mine(household: Household, sam: PartnerInfo) -> EntryRecord:
    return household.entries.add(Draft.note(sam.id, "Back by six"))


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, household: Household, alexs_note: EntryRecord, mine: EntryRecord
) -> Iterator[MainWindow]:
    """The window on Alex's note and Sam's, Sam at the computer (this account is Sam's)."""
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.attach(household)
    page = window.timeline_page
    qtbot.waitUntil(lambda: page.model is not None and page.model.rowCount() == 2)
    yield window
    window.detach()


class Opened(list[Composer]):
    """Every composer the timeline opened; each answers the next of ``answers`` (else
    Rejected), as a person closing it would."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[int] = []

    def look(self, composer: Composer) -> int:
        self.append(composer)
        return self.answers.pop(0) if self.answers else QDialog.DialogCode.Rejected


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Opened:
    seen = Opened()

    def exec_(composer: Composer) -> int:  # a method: a bound one would not get the composer
        return seen.look(composer)

    monkeypatch.setattr(Composer, "exec", exec_)
    return seen


def select(window: MainWindow, record: EntryRecord) -> None:
    page = window.timeline_page
    assert page.model is not None
    row = page.model.row_of(record.id)
    assert row is not None
    page.timeline.setCurrentIndex(page.model.index(row))


def press_on_timeline(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.timeline_page.timeline.setFocus()
    qtbot.keyClick(window.timeline_page.timeline, key)


def save_buttons(composer: Composer) -> list[QPushButton]:
    save = QDialogButtonBox.StandardButton.Save
    return [box.button(save) for box in composer.findChildren(QDialogButtonBox) if box.button(save)]


def test_the_others_note_opens_to_read_and_cannot_be_changed(
    qtbot: QtBot,
    window: MainWindow,
    household: Household,
    alexs_note: EntryRecord,
    opened: Opened,
) -> None:
    page = window.timeline_page
    select(window, alexs_note)

    assert not page.act_edit.isEnabled()
    assert not page.act_delete.isEnabled()
    assert page.act_edit.toolTip() == "Alex wrote this, so only Alex can change or delete it."
    press_on_timeline(qtbot, window, Qt.Key.Key_Return)

    (view,) = opened
    assert view.windowTitle() == "Alex's note"
    assert view.read_only
    assert view.note_text.isReadOnly()
    assert view.note_text.toPlainText() == "Soup is in the fridge.\nLove you!"
    assert view.note_text.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert save_buttons(view) == []
    assert not view.author.isVisibleTo(view)  # "From" and "To" are names, not choices
    assert not view.addressee.isVisibleTo(view)
    assert view.author_name.text() == "Alex"
    assert view.addressee_name.text() == "Sam"

    press_on_timeline(qtbot, window, Qt.Key.Key_Delete)
    page.edit_selected()  # the Edit menu's entry, were it reached some other way
    page.delete_selected()

    assert len(opened) == 1
    assert household.entries.get(alexs_note.id).deleted_at is None
    assert "only Alex" in window.statusBar().currentMessage()


def test_ones_own_note_opens_in_the_editor_with_from_as_a_name(
    qtbot: QtBot, window: MainWindow, sam: PartnerInfo, mine: EntryRecord, opened: Opened
) -> None:
    select(window, mine)

    assert window.timeline_page.act_edit.isEnabled()
    press_on_timeline(qtbot, window, Qt.Key.Key_Return)

    (editor,) = opened
    assert editor.windowTitle() == "Edit entry"
    assert not editor.read_only
    assert len(save_buttons(editor)) == 1
    assert not editor.author.isVisibleTo(editor)
    assert editor.author_name.isVisibleTo(editor)
    assert editor.author_name.text() == "Sam"
    assert editor.addressee.isVisibleTo(editor)  # whom it is for may still change
    assert editor.by == sam.id


def test_a_new_note_still_chooses_who_writes(household: Household, qtbot: QtBot) -> None:
    composer = Composer(household)
    qtbot.addWidget(composer)

    assert composer.author.isVisibleTo(composer)
    assert isinstance(composer.author, QComboBox)


def test_with_nobody_here_nothing_is_editable_and_the_author_can_say_so(
    window: MainWindow, household: Household, sam: PartnerInfo, mine: EntryRecord, opened: Opened
) -> None:
    window.set_current_partner(None)
    window.partner_chosen.connect(
        lambda partner_id: window.set_current_partner(household.partners.get(partner_id))
    )
    page = window.timeline_page
    select(window, mine)

    assert not page.act_edit.isEnabled()
    assert "Who's here?" in page.act_edit.toolTip()
    opened.answers.append(CLAIMED)
    page.authorship.open_selected()

    view, editor = opened
    assert view.read_only
    assert view.windowTitle() == "Sam's note"
    claim = [b.text() for b in view.findChildren(QPushButton) if b.text().startswith("I'm")]
    assert claim == ["I'm Sam: change it"]
    assert any("Nobody has said who is here" in label.text() for label in view.findChildren(QLabel))
    assert window.current_partner == sam
    assert not editor.read_only
    assert editor.by == sam.id
    assert page.act_edit.isEnabled()
