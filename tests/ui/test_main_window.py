"""The main window and its dialogs, driven like a person would, on real widgets offscreen."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import (
    Draft,
    EntryKind,
    Household,
    PartnerInfo,
    TimelineFilter,
)
from closeness_desktop.ui.composer import Composer
from closeness_desktop.ui.dialogs import TrashDialog
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.timeline_delegate import TimelineDelegate
from closeness_desktop.ui.timeline_model import TimelineModel
from closeness_desktop.ui.welcome import WelcomeDialog
from tests.ui.window_helpers import menu_action, redo_action, undo_action

WAIT_MS = 20_000


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_window(
    qtbot: QtBot, settings: QSettings, household: Household
) -> Iterator[Callable[[], MainWindow]]:
    """Show a window on the household once the test has put its entries in."""
    windows: list[MainWindow] = []

    def open_() -> MainWindow:
        window = MainWindow(settings)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        window.attach(household)
        qtbot.waitUntil(
            lambda: (
                window.timeline_page.stack.currentWidget() is not window.timeline_page.loading_page
            )
        )
        return window

    yield open_
    for window in windows:
        window.detach()


@pytest.fixture
def window(open_window: Callable[[], MainWindow]) -> MainWindow:
    return open_window()


def model_of(window: MainWindow) -> TimelineModel:
    assert window.timeline_page.model is not None
    return window.timeline_page.model


def delegate_of(window: MainWindow) -> TimelineDelegate:
    assert window.timeline_page.delegate is not None
    return window.timeline_page.delegate


def bodies(window: MainWindow) -> list[str]:
    model = model_of(window)
    return [model.record(row).body for row in range(model.rowCount())]


def settled(window: MainWindow) -> bool:
    """The search has been applied and its answer has arrived."""
    return window.timeline_page.settled()


def fill_note(text: str) -> Callable[[Composer], int]:
    """A stand-in for the modal ``Composer.exec``: type the note and press Save."""

    def exec_(composer: Composer) -> int:
        composer.note_text.setPlainText(text)
        composer.save()
        return composer.result()

    return exec_


# -- the window -----------------------------------------------------------------------------


def test_the_window_is_called_closeness(window: MainWindow) -> None:
    assert window.windowTitle() == "Closeness"


def test_a_new_household_shows_the_empty_state(window: MainWindow) -> None:
    assert window.timeline_page.stack.currentWidget() is window.timeline_page.empty_page
    assert window.timeline_page.empty_page.title.text() == "Your story starts here"
    assert menu_action(window, "&File", "Write a &note").isEnabled()
    assert not undo_action(window).isEnabled()


def test_actions_wait_for_a_household(qtbot: QtBot, settings: QSettings) -> None:
    window = MainWindow(settings)
    qtbot.addWidget(window)

    assert not menu_action(window, "&File", "Write a &note").isEnabled()
    assert not window.timeline_page.search.isEnabled()
    assert window.timeline_page.stack.currentWidget() is window.timeline_page.loading_page


def test_a_note_written_in_the_composer_appears_on_top(
    qtbot: QtBot, window: MainWindow, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    sam, alex = household.partners.all()
    household.entries.add(Draft.note(alex.id, "an older note"))
    qtbot.waitUntil(lambda: bodies(window) == ["an older note"], timeout=WAIT_MS)
    monkeypatch.setattr(Composer, "exec", fill_note("Thank you for the coffee ☕"))

    menu_action(window, "&File", "Write a &note").trigger()

    qtbot.waitUntil(lambda: model_of(window).rowCount() == 2, timeout=WAIT_MS)
    assert bodies(window) == ["Thank you for the coffee ☕", "an older note"]
    assert window.timeline_page.stack.currentWidget() is window.timeline_page.timeline
    selected = window.timeline_page.selected_entry()
    assert selected is not None
    assert selected.body == "Thank you for the coffee ☕"
    assert selected.author_id == sam.id  # the partner who uses this account
    assert selected.addressee_id == alex.id
    assert window.statusBar().currentMessage() == "Saved. Undo with Ctrl+Z."
    assert undo_action(window).isEnabled()
    assert undo_action(window).text() == "&Undo add note"


def test_the_composer_writes_as_the_partner_linked_to_this_account(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sam, alex = household.partners.all()
    household.partners.link_account(alex.id, getpass.getuser())
    window = open_window()
    monkeypatch.setattr(Composer, "exec", fill_note("From Alex"))

    menu_action(window, "&File", "Write a &note").trigger()

    qtbot.waitUntil(lambda: model_of(window).rowCount() == 1, timeout=WAIT_MS)
    written = model_of(window).record(0)
    assert (written.author_id, written.addressee_id) == (alex.id, sam.id)


def test_a_cancelled_composer_stores_nothing(
    window: MainWindow, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Composer, "exec", lambda composer: QDialog.DialogCode.Rejected)

    menu_action(window, "&File", "Add a &memory").trigger()

    assert household.entries.count() == 0
    assert window.timeline_page.stack.currentWidget() is window.timeline_page.empty_page


def test_search_shows_only_matching_rows(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
) -> None:
    for text in ("coffee in bed", "a walk by the lake", "café crème on Sunday"):
        household.entries.add(Draft.note(sam.id, text))
    window = open_window()
    assert len(bodies(window)) == 3

    qtbot.keyClicks(window.timeline_page.search, "cafe")
    qtbot.waitUntil(lambda: settled(window), timeout=WAIT_MS)

    assert bodies(window) == ["café crème on Sunday"]

    window.timeline_page.search.clear()
    qtbot.keyClicks(window.timeline_page.search, "co")
    qtbot.waitUntil(lambda: settled(window), timeout=WAIT_MS)

    assert bodies(window) == ["coffee in bed"]


def test_a_search_without_results_says_so_and_can_be_cleared(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
) -> None:
    household.entries.add(Draft.note(sam.id, "hello"))
    window = open_window()

    qtbot.keyClicks(window.timeline_page.search, "zebra")
    qtbot.waitUntil(lambda: settled(window), timeout=WAIT_MS)

    assert window.timeline_page.stack.currentWidget() is window.timeline_page.no_results_page
    assert window.timeline_page.no_results_page.text.text() == "Nothing matches “zebra” here yet."

    window.timeline_page.clear_filters()
    qtbot.waitUntil(lambda: settled(window) and bodies(window) == ["hello"], timeout=WAIT_MS)
    assert window.timeline_page.stack.currentWidget() is window.timeline_page.timeline


def test_the_kind_filter_narrows_the_timeline(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
) -> None:
    household.entries.add(Draft.note(sam.id, "a note"))
    household.entries.add(Draft.checkin(sam.id, 4, text="a check-in"))
    window = open_window()

    window.timeline_page.kind_filter.setCurrentIndex(
        window.timeline_page.kind_filter.findText("Check-ins")
    )
    qtbot.waitUntil(lambda: bodies(window) == ["a check-in"], timeout=WAIT_MS)

    assert model_of(window).filter.kinds == frozenset({EntryKind.CHECKIN})


def test_the_partner_filter_survives_a_partners_change(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
    alex: PartnerInfo,
) -> None:
    household.entries.add(Draft.note(sam.id, "by Sam"))
    household.entries.add(Draft.note(alex.id, "by Alex"))
    window = open_window()
    window.timeline_page.partner_filter.setCurrentIndex(
        window.timeline_page.partner_filter.findText("By Alex")
    )
    qtbot.waitUntil(lambda: bodies(window) == ["by Alex"], timeout=WAIT_MS)

    household.partners.link_account(alex.id, "alex-login")
    qtbot.waitUntil(lambda: not model_of(window).loading, timeout=WAIT_MS)

    assert window.timeline_page.partner_filter.currentText() == "By Alex"
    assert bodies(window) == ["by Alex"]


def test_delete_then_undo_brings_the_entry_back(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
) -> None:
    household.entries.add(Draft.note(sam.id, "keep this"))
    gone = household.entries.add(Draft.note(sam.id, "delete this"))
    window = open_window()
    model = model_of(window)
    row = model.row_of(gone.id)
    assert row is not None
    window.timeline_page.timeline.setCurrentIndex(model.index(row))
    assert window.timeline_page.selected_entry() == gone

    menu_action(window, "&Edit", "&Delete entry").trigger()

    qtbot.waitUntil(lambda: bodies(window) == ["keep this"], timeout=WAIT_MS)
    assert household.entries.get(gone.id).deleted_at is not None
    assert window.statusBar().currentMessage().startswith("Moved to the trash.")
    assert undo_action(window).text() == "&Undo delete note"
    assert undo_action(window).shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)

    undo_action(window).trigger()

    qtbot.waitUntil(lambda: bodies(window) == ["delete this", "keep this"], timeout=WAIT_MS)
    assert household.entries.get(gone.id).deleted_at is None
    assert window.statusBar().currentMessage() == "Undone: delete note."
    assert redo_action(window).text() == "&Redo delete note"


# -- undo over a change made elsewhere --------------------------------------------------------


@pytest.fixture
def elsewhere(data_dir: Path, clock: FakeClock) -> Iterator[Household]:
    """The same household opened a second time: the other partner's account or computer."""
    other = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    yield other
    other.close()


def test_undo_over_the_partners_later_change_asks_and_no_keeps_everything(
    qtbot: QtBot,
    window: MainWindow,
    household: Household,
    elsewhere: Household,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sam, alex = household.partners.all()
    monkeypatch.setattr(Composer, "exec", fill_note("Dinner at eight?"))
    menu_action(window, "&File", "Write a &note").trigger()
    qtbot.waitUntil(lambda: bodies(window) == ["Dinner at eight?"], timeout=WAIT_MS)
    written = model_of(window).record(0)
    elsewhere.entries.edit(
        written.id, Draft.note(sam.id, "Dinner at nine, love", to=alex.id), written.version
    )
    asked: list[tuple[str, str]] = []

    def say_no(_parent: object, title: str, text: str, *_args: object) -> object:
        asked.append((title, text))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", say_no)

    undo_action(window).trigger()

    ((title, text),) = asked
    assert title == "Undo anyway?"
    assert text.startswith("This note has been changed since, on this computer or another")
    assert "It now reads: “Dinner at nine, love”." in text
    assert text.endswith("Undo anyway?")
    kept = household.entries.get(written.id)
    assert (kept.body, kept.deleted_at) == ("Dinner at nine, love", None)
    assert undo_action(window).isEnabled()
    assert undo_action(window).text() == "&Undo add note"  # the step is still there
    assert window.statusBar().currentMessage() == "Nothing was undone; the newer change stays."


def test_undo_anyway_goes_ahead_when_the_answer_is_yes(
    qtbot: QtBot,
    window: MainWindow,
    household: Household,
    elsewhere: Household,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sam = household.partners.named("Sam")
    record = household.entries.add(Draft.note(sam.id, "first words"))
    household.entries.edit(record.id, Draft.note(sam.id, "second words"), record.version)
    qtbot.waitUntil(lambda: bodies(window) == ["second words"], timeout=WAIT_MS)
    current = elsewhere.entries.get(record.id)
    elsewhere.entries.edit(record.id, Draft.note(sam.id, "their words"), current.version)
    asked: list[str] = []

    def say_yes(_parent: object, title: str, *_args: object) -> object:
        asked.append(title)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", say_yes)

    undo_action(window).trigger()

    assert asked == ["Undo anyway?"]
    assert household.entries.get(record.id).body == "first words"
    assert window.statusBar().currentMessage() == "Undone: edit note."
    assert redo_action(window).text() == "&Redo edit note"

    current = elsewhere.entries.get(record.id)
    elsewhere.entries.edit(record.id, Draft.note(sam.id, "theirs again"), current.version)

    redo_action(window).trigger()

    assert asked == ["Undo anyway?", "Redo anyway?"]
    assert household.entries.get(record.id).body == "second words"
    assert window.statusBar().currentMessage() == "Redone: edit note."


def test_the_keys_work_on_the_focused_timeline(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    household.entries.add(Draft.note(sam.id, "keep this"))
    gone = household.entries.add(Draft.note(sam.id, "delete this"))
    window = open_window()
    page = window.timeline_page
    opened: list[str] = []

    def look(composer: Composer) -> int:
        opened.append(composer.note_text.toPlainText())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(Composer, "exec", look)
    row = model_of(window).row_of(gone.id)
    assert row is not None
    page.timeline.setCurrentIndex(model_of(window).index(row))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.timeline.setFocus()

    qtbot.keyClick(page.timeline, Qt.Key.Key_Return)
    assert opened == ["delete this"]  # Return edits the chosen entry

    qtbot.keyClick(page.timeline, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bodies(window) == ["keep this"], timeout=WAIT_MS)

    qtbot.keyClick(page.timeline, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bodies(window) == ["delete this", "keep this"], timeout=WAIT_MS)


def test_write_find_delete_and_undo_a_note(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    alex: PartnerInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    household.entries.add(Draft.note(alex.id, "see you at the station"))
    window = open_window()
    monkeypatch.setattr(Composer, "exec", fill_note("Coffee is on me tomorrow 🎉"))
    menu_action(window, "&File", "Write a &note").trigger()
    qtbot.waitUntil(lambda: len(bodies(window)) == 2, timeout=WAIT_MS)
    assert bodies(window)[0] == "Coffee is on me tomorrow 🎉"

    qtbot.keyClicks(window.timeline_page.search, "coff")
    qtbot.waitUntil(lambda: settled(window), timeout=WAIT_MS)
    assert bodies(window) == ["Coffee is on me tomorrow 🎉"]

    window.timeline_page.timeline.setCurrentIndex(model_of(window).index(0))
    menu_action(window, "&Edit", "&Delete entry").trigger()
    qtbot.waitUntil(
        lambda: window.timeline_page.stack.currentWidget() is window.timeline_page.no_results_page,
        timeout=WAIT_MS,
    )
    assert bodies(window) == []

    undo_action(window).trigger()
    qtbot.waitUntil(lambda: bodies(window) == ["Coffee is on me tomorrow 🎉"], timeout=WAIT_MS)
    assert window.timeline_page.stack.currentWidget() is window.timeline_page.timeline
    assert household.entries.count() == 2


def test_delete_without_a_selection_does_nothing(
    open_window: Callable[[], MainWindow], household: Household, sam: PartnerInfo
) -> None:
    household.entries.add(Draft.note(sam.id, "still here"))
    window = open_window()
    window.timeline_page.timeline.clearSelection()

    menu_action(window, "&Edit", "&Delete entry").trigger()

    assert household.entries.count() == 1


def test_the_window_remembers_its_size(
    qtbot: QtBot, settings: QSettings, window: MainWindow
) -> None:
    window.resize(700, 500)
    qtbot.waitUntil(lambda: window.size() == QSize(700, 500))

    window.close()

    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.size() == QSize(700, 500)


# -- the composer ---------------------------------------------------------------------------


@pytest.fixture
def composer_for(qtbot: QtBot, household: Household) -> Callable[..., Composer]:
    def make(kind: EntryKind = EntryKind.NOTE, **options: object) -> Composer:
        composer = Composer(household, kind, **options)  # type: ignore[arg-type]
        qtbot.addWidget(composer)
        composer.show()
        qtbot.waitExposed(composer)
        return composer

    return make


def test_an_empty_note_shows_an_error_and_keeps_the_dialog_open(
    composer_for: Callable[..., Composer], household: Household
) -> None:
    composer = composer_for()

    composer.save()

    assert composer.error.isVisible()
    assert composer.error.text() == "A note needs a few words."
    assert composer.isVisible()
    assert composer.result() != QDialog.DialogCode.Accepted
    assert composer.saved is None
    assert household.entries.count() == 0


def test_a_checkin_needs_a_mood(
    qtbot: QtBot, composer_for: Callable[..., Composer], household: Household
) -> None:
    composer = composer_for(EntryKind.CHECKIN)
    composer.feelings.setText("tired, hopeful")

    composer.save()

    assert composer.error.isVisible()
    assert composer.error.text() == "Pick a mood from 1 to 5."
    assert household.entries.count() == 0

    with qtbot.waitSignal(composer.accepted, timeout=WAIT_MS):
        qtbot.mouseClick(composer.mood_group.button(4), Qt.MouseButton.LeftButton)
        composer.save()

    assert composer.saved is not None
    assert composer.saved.mood == 4
    assert composer.saved.feelings == "tired, hopeful"


def test_a_note_for_both_of_us_from_the_chosen_author(
    qtbot: QtBot, composer_for: Callable[..., Composer], alex: PartnerInfo
) -> None:
    composer = composer_for(author=alex.id)
    composer.note_text.setPlainText("Movie night?")
    composer.addressee.setCurrentIndex(composer.addressee.findText("Both of us"))

    with qtbot.waitSignal(composer.accepted, timeout=WAIT_MS):
        composer.save()

    assert composer.saved is not None
    assert composer.saved.author_id == alex.id
    assert composer.saved.addressee_id is None


def test_editing_an_entry_saves_a_new_version(
    qtbot: QtBot, composer_for: Callable[..., Composer], household: Household, sam: PartnerInfo
) -> None:
    record = household.entries.add(Draft.note(sam.id, "Frist"))
    composer = composer_for(EntryKind.NOTE, editing=record)
    assert composer.note_text.toPlainText() == "Frist"
    assert not composer.is_dirty()
    composer.note_text.setPlainText("First")

    with qtbot.waitSignal(composer.accepted, timeout=WAIT_MS):
        composer.save()

    assert household.entries.get(record.id).body == "First"
    assert household.entries.get(record.id).version == record.version + 1


def test_editing_keeps_the_author_and_addressee(
    qtbot: QtBot,
    composer_for: Callable[..., Composer],
    household: Household,
    sam: PartnerInfo,
    alex: PartnerInfo,
) -> None:
    record = household.entries.add(Draft.note(alex.id, "For you", to=sam.id))
    composer = composer_for(EntryKind.NOTE, editing=record)
    assert composer.author.currentText() == "Alex"
    assert composer.addressee.currentText() == "Sam"
    composer.note_text.setPlainText("For you, always")

    with qtbot.waitSignal(composer.accepted, timeout=WAIT_MS):
        composer.save()

    edited = household.entries.get(record.id)
    assert (edited.author_id, edited.addressee_id) == (alex.id, sam.id)


def test_a_changed_author_keeps_the_chosen_addressee_if_possible(
    composer_for: Callable[..., Composer], sam: PartnerInfo, alex: PartnerInfo
) -> None:
    composer = composer_for(author=sam.id)
    composer.addressee.setCurrentIndex(composer.addressee.findText("Both of us"))

    composer.author.setCurrentIndex(composer.author.findText("Alex"))

    assert composer.addressee.currentText() == "Both of us"
    assert [composer.addressee.itemText(row) for row in range(composer.addressee.count())] == [
        "Sam",
        "Both of us",
    ]


def test_closing_a_composer_with_text_asks_first(
    composer_for: Callable[..., Composer], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked: list[str] = []

    def question(_parent: object, title: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(title)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    composer = composer_for()
    composer.note_text.setPlainText("half a thought")

    composer.reject()

    assert asked == ["Discard this?"]
    assert composer.isVisible()

    composer.reject()

    assert asked == ["Discard this?", "Discard this?"]
    assert not composer.isVisible()
    assert composer.result() == QDialog.DialogCode.Rejected


def test_closing_an_empty_composer_does_not_ask(
    composer_for: Callable[..., Composer], monkeypatch: pytest.MonkeyPatch
) -> None:
    def question(*_args: object) -> QMessageBox.StandardButton:
        raise AssertionError("nothing to lose, nothing to ask")

    monkeypatch.setattr(QMessageBox, "question", question)
    composer = composer_for()
    composer.note_text.setPlainText("   ")

    composer.reject()

    assert not composer.isVisible()


# -- the welcome dialog -----------------------------------------------------------------------


@pytest.fixture
def welcome(qtbot: QtBot, empty_household: Household) -> WelcomeDialog:
    dialog = WelcomeDialog(empty_household, "alex-login")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_welcome_creates_the_household_linked_as_chosen(
    qtbot: QtBot, welcome: WelcomeDialog, empty_household: Household
) -> None:
    qtbot.keyClicks(welcome.names[0], "Sam")
    qtbot.keyClicks(welcome.names[1], "Alex")
    assert welcome.who_buttons[1].text() == "Alex"
    qtbot.mouseClick(welcome.who_buttons[1], Qt.MouseButton.LeftButton)

    with qtbot.waitSignal(welcome.accepted, timeout=WAIT_MS):
        welcome.create_household()

    assert [partner.name for partner in empty_household.partners.all()] == ["Sam", "Alex"]
    assert empty_household.partners.for_account("alex-login") == empty_household.partners.named(
        "Alex"
    )
    assert empty_household.partners.named("Sam").os_account is None


def test_welcome_for_a_shared_account_links_nobody(
    qtbot: QtBot, welcome: WelcomeDialog, empty_household: Household
) -> None:
    qtbot.keyClicks(welcome.names[0], "Sam")
    qtbot.keyClicks(welcome.names[1], "Alex")
    assert welcome.who_buttons[2].isChecked()

    with qtbot.waitSignal(welcome.accepted, timeout=WAIT_MS):
        welcome.create_household()

    assert empty_household.partners.for_account("alex-login") is None


def test_welcome_shows_an_error_for_the_same_names(
    qtbot: QtBot, welcome: WelcomeDialog, empty_household: Household
) -> None:
    qtbot.keyClicks(welcome.names[0], "Sam")
    qtbot.keyClicks(welcome.names[1], "sam")

    welcome.create_household()

    assert welcome.error.isVisible()
    assert "The two names are the same" in welcome.error.text()
    assert welcome.isVisible()
    assert not empty_household.partners.is_set_up()


def test_welcome_shows_an_error_for_a_missing_name(
    qtbot: QtBot, welcome: WelcomeDialog, empty_household: Household
) -> None:
    qtbot.keyClicks(welcome.names[0], "Sam")

    welcome.create_household()

    assert welcome.error.text() == "Each partner needs a name."
    assert not empty_household.partners.is_set_up()


# -- the trash --------------------------------------------------------------------------------


def test_the_trash_lists_a_deleted_entry_and_restores_it(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
) -> None:
    household.entries.add(Draft.note(sam.id, "staying"))
    gone = household.entries.add(Draft.note(sam.id, "in the trash"))
    household.entries.delete(gone.id)
    window = open_window()
    assert bodies(window) == ["staying"]
    trash = TrashDialog(household, delegate_of(window), window)
    qtbot.addWidget(trash)
    try:
        trash.show()
        qtbot.waitUntil(lambda: trash.model.rowCount() == 1, timeout=WAIT_MS)
        assert trash.model.record(0).id == gone.id
        assert trash.restore_button.isEnabled()
        trash.view.setCurrentIndex(trash.model.index(0))

        qtbot.mouseClick(trash.restore_button, Qt.MouseButton.LeftButton)

        qtbot.waitUntil(
            lambda: trash.model.rowCount() == 0 and not trash.model.loading, timeout=WAIT_MS
        )
        assert trash.empty.isVisible()
        assert not trash.restore_button.isEnabled()
        assert household.entries.get(gone.id).deleted_at is None
        qtbot.waitUntil(lambda: bodies(window) == ["in the trash", "staying"], timeout=WAIT_MS)
    finally:
        trash.accept()


def test_an_empty_trash_says_so(qtbot: QtBot, window: MainWindow, household: Household) -> None:
    trash = TrashDialog(household, delegate_of(window), window)
    qtbot.addWidget(trash)
    try:
        trash.show()
        qtbot.waitUntil(lambda: not trash.model.loading, timeout=WAIT_MS)

        assert trash.empty.isVisible()
        assert trash.model.filter == TimelineFilter(trash=True)
    finally:
        trash.accept()


def test_the_signed_in_partner_writes_by_default(window: MainWindow, sam: PartnerInfo) -> None:
    assert sam.os_account == getpass.getuser()
    assert window.current_partner == sam
