"""The main window and its dialogs, driven like a person would, on real widgets offscreen."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Draft, Household, PartnerInfo
from closeness_desktop.store.models import EntryKind
from closeness_desktop.store.timeline import TimelineFilter
from closeness_desktop.ui.composer import Composer
from closeness_desktop.ui.dialogs import TrashDialog
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.timeline_model import TimelineModel
from closeness_desktop.ui.welcome import WelcomeDialog

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
        qtbot.waitUntil(lambda: window.stack.currentWidget() is not window.loading_page)
        return window

    yield open_
    for window in windows:
        window.detach()


@pytest.fixture
def window(open_window: Callable[[], MainWindow]) -> MainWindow:
    return open_window()


def model_of(window: MainWindow) -> TimelineModel:
    assert window.model is not None
    return window.model


def bodies(window: MainWindow) -> list[str]:
    model = model_of(window)
    return [model.record(row).body for row in range(model.rowCount())]


def settled(window: MainWindow) -> bool:
    """The search has been applied and its answer has arrived."""
    model = model_of(window)
    return (
        not window._search_timer.isActive()
        and model.filter.text == window.search.text()
        and not model.loading
    )


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
    assert window.stack.currentWidget() is window.empty_page
    assert window.empty_page.title.text() == "Your story starts here"
    assert window.act_note.isEnabled()
    assert not window.act_undo.isEnabled()


def test_actions_wait_for_a_household(qtbot: QtBot, settings: QSettings) -> None:
    window = MainWindow(settings)
    qtbot.addWidget(window)

    assert not window.act_note.isEnabled()
    assert not window.search.isEnabled()
    assert window.stack.currentWidget() is window.loading_page


def test_a_note_written_in_the_composer_appears_on_top(
    qtbot: QtBot, window: MainWindow, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    sam, alex = household.partners()
    household.add(Draft.note(alex.id, "an older note"))
    qtbot.waitUntil(lambda: bodies(window) == ["an older note"], timeout=WAIT_MS)
    monkeypatch.setattr(Composer, "exec", fill_note("Thank you for the coffee ☕"))

    window.act_note.trigger()

    qtbot.waitUntil(lambda: model_of(window).rowCount() == 2, timeout=WAIT_MS)
    assert bodies(window) == ["Thank you for the coffee ☕", "an older note"]
    assert window.stack.currentWidget() is window.timeline
    selected = window.selected_entry()
    assert selected is not None
    assert selected.body == "Thank you for the coffee ☕"
    assert selected.author_id == sam.id  # the partner who uses this account
    assert selected.addressee_id == alex.id
    assert window.statusBar().currentMessage().startswith("Saved.")
    assert window.act_undo.isEnabled()
    assert window.act_undo.text() == "&Undo add note"


def test_the_composer_writes_as_the_partner_linked_to_this_account(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sam, alex = household.partners()
    household.link_account(alex.id, getpass.getuser())
    window = open_window()
    monkeypatch.setattr(Composer, "exec", fill_note("From Alex"))

    window.act_note.trigger()

    qtbot.waitUntil(lambda: model_of(window).rowCount() == 1, timeout=WAIT_MS)
    written = model_of(window).record(0)
    assert (written.author_id, written.addressee_id) == (alex.id, sam.id)


def test_a_cancelled_composer_stores_nothing(
    window: MainWindow, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Composer, "exec", lambda composer: QDialog.DialogCode.Rejected)

    window.act_memory.trigger()

    assert household.count() == 0
    assert window.stack.currentWidget() is window.empty_page


def test_search_shows_only_matching_rows(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
) -> None:
    for text in ("coffee in bed", "a walk by the lake", "café crème on Sunday"):
        household.add(Draft.note(sam.id, text))
    window = open_window()
    assert len(bodies(window)) == 3

    qtbot.keyClicks(window.search, "cafe")
    qtbot.waitUntil(lambda: settled(window), timeout=WAIT_MS)

    assert bodies(window) == ["café crème on Sunday"]

    window.search.clear()
    qtbot.keyClicks(window.search, "co")
    qtbot.waitUntil(lambda: settled(window), timeout=WAIT_MS)

    assert bodies(window) == ["coffee in bed"]


def test_a_search_without_results_says_so_and_can_be_cleared(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
) -> None:
    household.add(Draft.note(sam.id, "hello"))
    window = open_window()

    qtbot.keyClicks(window.search, "zebra")
    qtbot.waitUntil(lambda: settled(window), timeout=WAIT_MS)

    assert window.stack.currentWidget() is window.no_results_page
    assert window.no_results_page.text.text() == "Nothing matches “zebra” here yet."

    window.clear_filters()
    qtbot.waitUntil(lambda: settled(window) and bodies(window) == ["hello"], timeout=WAIT_MS)
    assert window.stack.currentWidget() is window.timeline


def test_the_kind_filter_narrows_the_timeline(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
) -> None:
    household.add(Draft.note(sam.id, "a note"))
    household.add(Draft.checkin(sam.id, 4, text="a check-in"))
    window = open_window()

    window.kind_filter.setCurrentIndex(window.kind_filter.findText("Check-ins"))
    qtbot.waitUntil(lambda: bodies(window) == ["a check-in"], timeout=WAIT_MS)

    assert model_of(window).filter.kinds == frozenset({EntryKind.CHECKIN})


def test_the_partner_filter_survives_a_partners_change(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
    alex: PartnerInfo,
) -> None:
    household.add(Draft.note(sam.id, "by Sam"))
    household.add(Draft.note(alex.id, "by Alex"))
    window = open_window()
    window.partner_filter.setCurrentIndex(window.partner_filter.findText("By Alex"))
    qtbot.waitUntil(lambda: bodies(window) == ["by Alex"], timeout=WAIT_MS)

    household.link_account(alex.id, "alex-login")
    qtbot.waitUntil(lambda: not model_of(window).loading, timeout=WAIT_MS)

    assert window.partner_filter.currentText() == "By Alex"
    assert bodies(window) == ["by Alex"]


def test_delete_then_undo_brings_the_entry_back(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
) -> None:
    household.add(Draft.note(sam.id, "keep this"))
    gone = household.add(Draft.note(sam.id, "delete this"))
    window = open_window()
    model = model_of(window)
    window.timeline.setCurrentIndex(model.index(model.row_of(gone.id)))
    assert window.selected_entry() == gone

    window.act_delete.trigger()

    qtbot.waitUntil(lambda: bodies(window) == ["keep this"], timeout=WAIT_MS)
    assert household.entry(gone.id).deleted_at is not None
    assert window.statusBar().currentMessage().startswith("Moved to the trash.")
    assert window.act_undo.text() == "&Undo delete note"
    assert window.act_undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)

    window.act_undo.trigger()

    qtbot.waitUntil(lambda: bodies(window) == ["delete this", "keep this"], timeout=WAIT_MS)
    assert household.entry(gone.id).deleted_at is None
    assert window.statusBar().currentMessage() == "Undone: delete note."
    assert window.act_redo.text() == "&Redo delete note"


def test_write_find_delete_and_undo_a_note(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    alex: PartnerInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    household.add(Draft.note(alex.id, "see you at the station"))
    window = open_window()
    monkeypatch.setattr(Composer, "exec", fill_note("Coffee is on me tomorrow 🎉"))
    window.act_note.trigger()
    qtbot.waitUntil(lambda: len(bodies(window)) == 2, timeout=WAIT_MS)
    assert bodies(window)[0] == "Coffee is on me tomorrow 🎉"

    qtbot.keyClicks(window.search, "coff")
    qtbot.waitUntil(lambda: settled(window), timeout=WAIT_MS)
    assert bodies(window) == ["Coffee is on me tomorrow 🎉"]

    window.timeline.setCurrentIndex(model_of(window).index(0))
    window.act_delete.trigger()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.no_results_page, timeout=WAIT_MS)
    assert bodies(window) == []

    window.act_undo.trigger()
    qtbot.waitUntil(lambda: bodies(window) == ["Coffee is on me tomorrow 🎉"], timeout=WAIT_MS)
    assert window.stack.currentWidget() is window.timeline
    assert household.count() == 2


def test_delete_without_a_selection_does_nothing(
    open_window: Callable[[], MainWindow], household: Household, sam: PartnerInfo
) -> None:
    household.add(Draft.note(sam.id, "still here"))
    window = open_window()
    window.timeline.clearSelection()

    window.act_delete.trigger()

    assert household.count() == 1


def test_the_window_remembers_its_size(
    qtbot: QtBot, settings: QSettings, window: MainWindow
) -> None:
    window.resize(700, 500)
    qtbot.waitUntil(lambda: window.size() == QSize(700, 500))

    window.close()

    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.size() == QSize(700, 500)


def test_a_first_window_gets_a_default_size(qtbot: QtBot, settings: QSettings) -> None:
    window = MainWindow(settings)
    qtbot.addWidget(window)

    assert window.size() == QSize(900, 720)


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
    assert household.count() == 0


def test_a_checkin_needs_a_mood(
    qtbot: QtBot, composer_for: Callable[..., Composer], household: Household
) -> None:
    composer = composer_for(EntryKind.CHECKIN)
    composer.feelings.setText("tired, hopeful")

    composer.save()

    assert composer.error.isVisible()
    assert composer.error.text() == "Pick a mood from 1 to 5."
    assert household.count() == 0

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
    record = household.add(Draft.note(sam.id, "Frist"))
    composer = composer_for(EntryKind.NOTE, editing=record)
    assert composer.note_text.toPlainText() == "Frist"
    assert not composer.is_dirty()
    composer.note_text.setPlainText("First")

    with qtbot.waitSignal(composer.accepted, timeout=WAIT_MS):
        composer.save()

    assert household.entry(record.id).body == "First"
    assert household.entry(record.id).version == record.version + 1


def test_editing_keeps_the_author_and_addressee(
    qtbot: QtBot,
    composer_for: Callable[..., Composer],
    household: Household,
    sam: PartnerInfo,
    alex: PartnerInfo,
) -> None:
    record = household.add(Draft.note(alex.id, "For you", to=sam.id))
    composer = composer_for(EntryKind.NOTE, editing=record)
    assert composer.author.currentText() == "Alex"
    assert composer.addressee.currentText() == "Sam"
    composer.note_text.setPlainText("For you, always")

    with qtbot.waitSignal(composer.accepted, timeout=WAIT_MS):
        composer.save()

    edited = household.entry(record.id)
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

    assert [partner.name for partner in empty_household.partners()] == ["Sam", "Alex"]
    assert empty_household.partner_for_account("alex-login") == empty_household.partner_named(
        "Alex"
    )
    assert empty_household.partner_named("Sam").os_account is None


def test_welcome_for_a_shared_account_links_nobody(
    qtbot: QtBot, welcome: WelcomeDialog, empty_household: Household
) -> None:
    qtbot.keyClicks(welcome.names[0], "Sam")
    qtbot.keyClicks(welcome.names[1], "Alex")
    assert welcome.who_buttons[2].isChecked()

    with qtbot.waitSignal(welcome.accepted, timeout=WAIT_MS):
        welcome.create_household()

    assert empty_household.partner_for_account("alex-login") is None


def test_welcome_shows_an_error_for_the_same_names(
    qtbot: QtBot, welcome: WelcomeDialog, empty_household: Household
) -> None:
    qtbot.keyClicks(welcome.names[0], "Sam")
    qtbot.keyClicks(welcome.names[1], "sam")

    welcome.create_household()

    assert welcome.error.isVisible()
    assert "The two names are the same" in welcome.error.text()
    assert welcome.isVisible()
    assert not empty_household.is_set_up()


def test_welcome_shows_an_error_for_a_missing_name(
    qtbot: QtBot, welcome: WelcomeDialog, empty_household: Household
) -> None:
    qtbot.keyClicks(welcome.names[0], "Sam")

    welcome.create_household()

    assert welcome.error.text() == "Each partner needs a name."
    assert not empty_household.is_set_up()


# -- the trash --------------------------------------------------------------------------------


def test_the_trash_lists_a_deleted_entry_and_restores_it(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
) -> None:
    household.add(Draft.note(sam.id, "staying"))
    gone = household.add(Draft.note(sam.id, "in the trash"))
    household.delete(gone.id)
    window = open_window()
    assert bodies(window) == ["staying"]
    trash = TrashDialog(household, window.delegate, window)
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
        assert household.entry(gone.id).deleted_at is None
        qtbot.waitUntil(lambda: bodies(window) == ["in the trash", "staying"], timeout=WAIT_MS)
    finally:
        trash.accept()


def test_an_empty_trash_says_so(qtbot: QtBot, window: MainWindow, household: Household) -> None:
    trash = TrashDialog(household, window.delegate, window)
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
