"""Replies and signs on the timeline's cards, and the read receipt a note gets when its
addressee opens it, driven like a person would: the card's menu, the Reply dialog, the
keys that open a long card."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, EntryRecord, Household, PartnerInfo
from closeness_desktop.records import Sign
from closeness_desktop.ui.card_paint import footer_text
from closeness_desktop.ui.card_responses import signs_text
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.reply_dialog import ReplyDialog
from closeness_desktop.ui.response_actions import NOBODY_HERE
from closeness_desktop.ui.timeline_model import TimelineModel
from tests.ui.window_helpers import menu_action, undo_action
from tests.write_failures import database_file, short_busy_timeout, write_lock_held

WAIT_MS = 20_000
LONG = "\n\n".join(
    f"Paragraph {n}: the evening by the river, and what you said." for n in range(12)
)


@pytest.fixture
def note(household: Household, sam: PartnerInfo, alex: PartnerInfo) -> EntryRecord:
    """Sam's note to Alex (Sam is at this computer)."""
    return household.entries.add(Draft.note(sam.id, "Coffee on the balcony tomorrow?", alex.id))


@pytest.fixture
def window(
    qtbot: QtBot, tmp_path: Path, household: Household, note: EntryRecord
) -> Iterator[MainWindow]:
    window = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(900, 700)
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


def height_of(window: MainWindow, entry: EntryRecord) -> int:
    page = window.timeline_page
    assert page.delegate is not None
    model = model_of(window)
    row = model.row_of(entry.id)
    assert row is not None
    option = QStyleOptionViewItem()
    option.initFrom(page.timeline)
    option.widget = page.timeline
    return page.delegate.sizeHint(option, model.index(row)).height()


def test_a_card_with_a_reply_and_a_heart_shows_them_and_grows(
    qtbot: QtBot, window: MainWindow, household: Household, note: EntryRecord, alex: PartnerInfo
) -> None:
    page = window.timeline_page
    assert page.delegate is not None
    before = height_of(window, note)

    household.responses.react(note.id, Sign.HEART, by=alex.id)
    household.responses.reply(note.id, "Yes, with the blue cups.", by=alex.id)

    qtbot.waitUntil(
        lambda: (
            (found := page.delegate.responses(note.id)) is not None  # type: ignore[union-attr]
            and len(found.replies) == 1
        ),
        timeout=WAIT_MS,
    )
    found = page.delegate.responses(note.id)
    assert found is not None
    assert signs_text(found, page.partner_map()) == "\N{BLACK HEART SUIT} Alex"
    after = height_of(window, note)
    assert after > before + 20  # a line of signs and a reply with its header
    assert not page.timeline.viewport().grab().isNull()  # the foot paints, without a warning

    undo_action(window).trigger()  # the reply goes; the heart stays

    qtbot.waitUntil(
        lambda: not page.delegate.responses(note.id).replies,  # type: ignore[union-attr]
        timeout=WAIT_MS,
    )
    assert before < height_of(window, note) < after


# A popup on the offscreen platform: it cannot raise itself or grab the keyboard there.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")
def test_react_heart_from_the_cards_menu_and_again_takes_it_off(
    qtbot: QtBot,
    window: MainWindow,
    household: Household,
    sam: PartnerInfo,
    alex: PartnerInfo,
) -> None:
    theirs = household.entries.add(Draft.note(alex.id, "Thinking of you", sam.id))
    qtbot.waitUntil(lambda: model_of(window).row_of(theirs.id) is not None, timeout=WAIT_MS)
    page = window.timeline_page
    offered: list[str] = []

    def choose_heart() -> None:  # runs inside the menu's own event loop
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        offered.extend(action.text() for action in menu.actions())
        react = next(a for a in menu.actions() if a.text() == "Re&act")
        submenu = react.menu()
        assert isinstance(submenu, QMenu)
        heart = next(a for a in submenu.actions() if a.text().startswith("\N{BLACK HEART SUIT}"))
        menu.close()
        heart.trigger()

    model = model_of(window)
    row = model.row_of(theirs.id)
    assert row is not None
    centre = page.timeline.visualRect(model.index(row)).center()
    QTimer.singleShot(0, choose_heart)
    page._context_menu(QPoint(centre))

    assert "Re&act" in offered
    assert "&Reply…" in offered
    assert household.responses.of_entries([theirs.id])[theirs.id].sign_of(sam.id) is Sign.HEART
    assert window.statusBar().currentMessage().startswith("Sent a heart.")
    assert undo_action(window).text() == "&Undo send a heart"
    qtbot.waitUntil(page.responses.signs[Sign.HEART].isChecked, timeout=WAIT_MS)

    page.responses.signs[Sign.HEART].trigger()  # the same sign again

    assert household.responses.of_entries([theirs.id]) == {}
    assert window.statusBar().currentMessage().startswith("Sign taken off.")


def test_reply_saves_and_keeps_the_words_when_the_household_is_busy(
    qtbot: QtBot, window: MainWindow, household: Household, note: EntryRecord, alex: PartnerInfo
) -> None:
    dialog = ReplyDialog(household, note, alex.id, window)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("Only if there are croissants.")
    with short_busy_timeout(household), write_lock_held(database_file(household)):
        dialog.save()  # another account is writing, past the wait
    assert dialog.error.text().startswith("This reply was not saved:")
    assert dialog.text.toPlainText() == "Only if there are croissants."
    assert dialog.result() == 0
    assert household.responses.of_entries([note.id]) == {}

    dialog.save()

    assert dialog.saved is not None
    replies = household.responses.of_entries([note.id])[note.id].replies
    assert [(r.author_id, r.body) for r in replies] == [(alex.id, "Only if there are croissants.")]


def test_reply_from_the_menu_opens_the_dialog_and_sends(
    qtbot: QtBot, window: MainWindow, household: Household, note: EntryRecord, sam: PartnerInfo
) -> None:
    page = window.timeline_page
    select(window, note)
    assert page.responses.act_reply.isEnabled()
    assert page.responses.act_reply.shortcut().toString() == "Ctrl+R"
    assert menu_action(window, "&Edit", "&Reply…") is page.responses.act_reply

    def write() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReplyDialog)
        dialog.text.setPlainText("And a little walk after.")
        dialog.save()

    QTimer.singleShot(0, write)
    page.responses.act_reply.trigger()

    replies = household.responses.of_entries([note.id])[note.id].replies
    assert [(r.author_id, r.body) for r in replies] == [(sam.id, "And a little walk after.")]
    assert window.statusBar().currentMessage().startswith("Reply sent.")


def test_opening_the_others_long_note_marks_it_read_and_the_authors_card_says_so(
    qtbot: QtBot, window: MainWindow, household: Household, clock: FakeClock
) -> None:
    sam, alex = household.partners.named("Sam"), household.partners.named("Alex")
    theirs = household.entries.add(Draft.note(alex.id, LONG, sam.id))
    mine = household.entries.add(Draft.note(sam.id, LONG, alex.id))
    qtbot.waitUntil(lambda: model_of(window).row_of(mine.id) is not None, timeout=WAIT_MS)
    page = window.timeline_page

    select(window, mine)
    assert page.timeline.toggle_current()  # Sam opens his own: no receipt
    assert household.entries.get(mine.id).read_at is None
    select(window, theirs)
    assert page.timeline.toggle_current()  # "Read more" on Alex's note to Sam

    assert household.entries.get(theirs.id).read_at == clock.now()
    assert household.entries.get(theirs.id).version == theirs.version
    qtbot.waitUntil(lambda: shown(window, theirs).read_at is not None, timeout=WAIT_MS)
    words = footer_text(shown(window, theirs), page.partner_map(), clock.now(), clock.local_zone())
    assert words.startswith("Read by Sam today")
    assert "Waiting" not in footer_text(
        shown(window, theirs), page.partner_map(), clock.now(), clock.local_zone()
    )


def test_react_and_reply_wait_for_someone_to_say_who_is_here(
    window: MainWindow, note: EntryRecord, sam: PartnerInfo
) -> None:
    responses = window.timeline_page.responses
    window.set_current_partner(None)
    select(window, note)
    assert not responses.act_reply.isEnabled()
    assert responses.act_reply.toolTip() == NOBODY_HERE

    window.set_current_partner(sam)

    assert responses.act_reply.isEnabled()
    assert responses.react_menu.menuAction().isEnabled()


def test_opening_the_others_note_to_read_it_is_reading_it(
    window: MainWindow, household: Household, sam: PartnerInfo, alex: PartnerInfo, qtbot: QtBot
) -> None:
    theirs = household.entries.add(Draft.note(alex.id, "Back by six", sam.id))
    qtbot.waitUntil(lambda: model_of(window).row_of(theirs.id) is not None, timeout=WAIT_MS)
    select(window, theirs)
    closed: list[str] = []

    def close_the_view() -> None:
        view = QApplication.activeModalWidget()
        assert isinstance(view, QDialog)
        closed.append(view.windowTitle())
        view.done(0)

    QTimer.singleShot(0, close_the_view)
    window.timeline_page.authorship.act_open.trigger()  # Return: Alex's words, to read

    assert closed
    assert household.entries.get(theirs.id).read_at == household.clock.now()


def test_take_back_my_reply_and_undo_brings_it_back(
    qtbot: QtBot, window: MainWindow, household: Household, note: EntryRecord, sam: PartnerInfo
) -> None:
    household.responses.reply(note.id, "Mine, Sam's", by=sam.id)
    household.responses.reply(note.id, "Alex's own", by=household.partners.named("Alex").id)
    page = window.timeline_page
    window.set_current_partner(sam)
    qtbot.waitUntil(
        lambda: page.responses.loaded is not None and bool(page.responses.loaded.get(note.id)),
        timeout=WAIT_MS,
    )
    select(window, note)
    assert page.responses.act_take_back.isEnabled()

    page.responses.act_take_back.trigger()

    left = household.responses.of_entries([note.id])[note.id].replies
    assert [reply.body for reply in left] == ["Alex's own"]  # only the one here takes back
    assert window.statusBar().currentMessage().startswith("Reply taken back.")
    undo_action(window).trigger()
    back = household.responses.of_entries([note.id])[note.id].replies
    assert sorted(reply.body for reply in back) == ["Alex's own", "Mine, Sam's"]


def test_nothing_to_take_back_without_a_reply_of_ones_own(
    window: MainWindow, household: Household, note: EntryRecord, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    household.responses.reply(note.id, "Alex's own", by=alex.id)
    window.set_current_partner(sam)
    select(window, note)
    assert not window.timeline_page.responses.act_take_back.isEnabled()


def test_change_my_reply_keeps_its_place_and_undo_puts_the_words_back(
    qtbot: QtBot, window: MainWindow, household: Household, note: EntryRecord, sam: PartnerInfo
) -> None:
    household.responses.reply(note.id, "See you at eight", by=sam.id)
    page = window.timeline_page
    window.set_current_partner(sam)
    qtbot.waitUntil(
        lambda: page.responses.loaded is not None and bool(page.responses.loaded.get(note.id)),
        timeout=WAIT_MS,
    )
    select(window, note)
    assert page.responses.act_change.isEnabled()

    def write() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReplyDialog)
        assert dialog.text.toPlainText() == "See you at eight"
        dialog.text.setPlainText("See you at half past eight")
        dialog.save()

    QTimer.singleShot(0, write)
    page.responses.act_change.trigger()

    [reply] = household.responses.of_entries([note.id])[note.id].replies
    assert reply.body == "See you at half past eight"
    assert window.statusBar().currentMessage().startswith("Reply changed.")
    undo_action(window).trigger()
    [reply] = household.responses.of_entries([note.id])[note.id].replies
    assert reply.body == "See you at eight"
