"""The question dialog: answering, the hidden first answer, both answers, and opening a
prompt's card on the timeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.records import SaveError
from closeness_desktop.ui.card_layout import PROMPT_CARD_LINE, card_body, card_title
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.prompt_dialog import PromptDialog
from tests.ui.window_helpers import menu_action

SAM_SAYS = "Your laugh when the kettle whistles."
ALEX_SAYS = "Sunday pancakes, always."


def dialog(
    qtbot: QtBot, household: Household, viewer: PartnerInfo, **kwargs: object
) -> PromptDialog:
    shown = PromptDialog(household, viewer.id, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(shown)
    return shown


def seen_by(opened: list[PromptDialog]) -> Callable[[PromptDialog], int]:
    """A stand-in for ``exec``: note the dialog, and close it as a person would."""

    def look(shown: PromptDialog) -> int:
        opened.append(shown)
        return 0

    return look


def test_answering_the_decks_question_writes_the_entry_and_keeps_it_to_yourself(
    qtbot: QtBot, household: Household, sam: PartnerInfo
) -> None:
    asked = household.prompts.next_prompt()
    shown = dialog(qtbot, household, sam)
    assert shown.question.text() == asked.text
    assert shown.another.isVisibleTo(shown)

    shown.answer.setPlainText(SAM_SAYS)
    shown.save()

    assert shown.saved
    assert shown.entry_id is not None
    assert household.entries.get(shown.entry_id).title == asked.text
    assert "Alex will read it once they have answered too" in shown.status.text()
    assert not shown.another.isVisibleTo(shown)
    assert household.prompts.next_prompt() != asked


def test_another_question_skips_to_the_next(
    qtbot: QtBot, household: Household, sam: PartnerInfo
) -> None:
    first = household.prompts.next_prompt()
    shown = dialog(qtbot, household, sam)
    shown.another.click()
    assert shown.question.text() != first.text
    assert shown.question.text() == household.prompts.next_prompt().text


def test_the_other_sees_that_they_answered_and_after_both_both_answers(
    qtbot: QtBot, household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    prompt = household.prompts.next_prompt()
    entry_id = household.prompts.answer(prompt.key, SAM_SAYS, sam.id)  # a Thursday
    clock.advance(timedelta(days=2))

    alexs = dialog(qtbot, household, alex, entry_id=entry_id)
    assert alexs.status.text() == "Sam answered on Thursday. Write yours to read theirs."
    assert not alexs.theirs.isVisibleTo(alexs)
    assert SAM_SAYS not in alexs.theirs.text()
    assert alexs.answer.toPlainText() == ""

    alexs.answer.setPlainText(ALEX_SAYS)
    alexs.save()
    assert alexs.theirs.isVisibleTo(alexs)
    assert alexs.theirs.text() == SAM_SAYS
    assert alexs.theirs_label.text() == "Sam's answer"
    assert not alexs.status.isVisibleTo(alexs)

    sams = dialog(qtbot, household, sam, entry_id=entry_id)
    assert sams.answer.toPlainText() == SAM_SAYS
    assert sams.theirs.text() == ALEX_SAYS
    assert sams.save_button.text() == "Save changes"


def test_a_failed_save_keeps_the_answer_and_says_why(
    qtbot: QtBot, household: Household, sam: PartnerInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = dialog(qtbot, household, sam)
    shown.answer.setPlainText(SAM_SAYS)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise SaveError("the disk is full")

    monkeypatch.setattr(household.prompts, "answer", refuse)
    shown.save()
    assert not shown.saved
    assert shown.answer.toPlainText() == SAM_SAYS
    assert shown.error.text().startswith("Your answer was not saved: the disk is full.")
    assert household.entries.count() == 0


def test_a_prompt_card_shows_the_question_and_never_the_answers(
    household: Household, sam: PartnerInfo
) -> None:
    prompt = household.prompts.next_prompt()
    entry = household.entries.get(household.prompts.answer(prompt.key, SAM_SAYS, sam.id))
    assert card_title(entry) == prompt.text
    assert card_body(entry) == PROMPT_CARD_LINE


def test_opening_a_prompt_card_opens_the_question_not_the_composer(
    qtbot: QtBot,
    window: MainWindow,
    household: Household,
    alex: PartnerInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prompt = household.prompts.next_prompt()
    entry_id = household.prompts.answer(prompt.key, ALEX_SAYS, alex.id)
    page = window.timeline_page
    qtbot.waitUntil(lambda: page.model is not None and page.model.row_of(entry_id) is not None)
    opened: list[PromptDialog] = []

    def look(shown: PromptDialog) -> int:
        opened.append(shown)
        return 0

    monkeypatch.setattr(PromptDialog, "exec", look)
    assert page.model is not None
    row = page.model.row_of(entry_id)
    assert row is not None
    page.timeline.setCurrentIndex(page.model.index(row))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.timeline.setFocus()
    qtbot.keyClick(page.timeline, Qt.Key.Key_Return)  # Sam is here (this account)
    page.edit_selected()  # the Edit menu's way in: the same dialog

    assert [each.entry_id for each in opened] == [entry_id, entry_id]
    assert opened[0].viewer == household.partners.named("Sam").id
    assert "Alex answered today" in opened[0].status.text()


def test_the_menu_brings_the_question_the_other_answered_first(
    window: MainWindow, household: Household, alex: PartnerInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    prompt = household.prompts.next_prompt()
    entry_id = household.prompts.answer(prompt.key, ALEX_SAYS, alex.id)
    opened: list[PromptDialog] = []
    monkeypatch.setattr(PromptDialog, "exec", seen_by(opened))

    menu_action(window, "&Together", "A &question").trigger()

    (shown,) = opened
    assert shown.entry_id == entry_id
    assert shown.question.text() == prompt.text
    assert shown.status.text() == "Alex answered today. Write yours to read theirs."


def test_with_nothing_waiting_the_menu_brings_the_decks_question(
    window: MainWindow, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[PromptDialog] = []
    monkeypatch.setattr(PromptDialog, "exec", seen_by(opened))
    menu_action(window, "&Together", "A &question").trigger()
    (shown,) = opened
    assert shown.entry_id is None
    assert shown.question.text() == household.prompts.next_prompt().text
