"""Together mode's results: one rose (default) button, and Enter plans the chosen match."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from closeness_desktop.dates.ideas import Idea, Vote, load_builtin_ideas
from closeness_desktop.household import Household
from closeness_desktop.ui.together import TogetherDialog


@pytest.fixture
def dialog(qtbot: QtBot, household: Household) -> TogetherDialog:
    ideas = load_builtin_ideas()[:4]
    sam, alex = household.partners.all()
    dialog = TogetherDialog((sam, alex), lambda: ideas)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def play(dialog: TogetherDialog, votes: list[Vote]) -> None:
    """Each idea in turn: Sam's vote, then Alex's (the same)."""
    for vote in votes:
        dialog.answer(vote)
        dialog.answer(vote)


def rose(dialog: TogetherDialog) -> list[str]:
    """The visible buttons drawn in the accent colour: the default one, or one marked."""
    return [
        button.text()
        for button in dialog.results.findChildren(QPushButton)
        if button.isVisible() and (button.isDefault() or button.property("accent"))
    ]


def test_enter_plans_the_chosen_match_and_one_button_is_rose(
    qtbot: QtBot, dialog: TogetherDialog
) -> None:
    play(dialog, [Vote.NO, Vote.YES, Vote.MAYBE, Vote.NO])
    planned: list[Idea | None] = []
    dialog.plan_requested.connect(planned.append)
    assert dialog.pages.currentWidget() is dialog.results
    dialog.results.matches.setFocus()

    assert rose(dialog) == ["Plan this one"]
    qtbot.keyClick(dialog.results.matches, Qt.Key.Key_Down)  # the next match: the maybes
    chosen = dialog.results.selected()
    qtbot.keyClick(dialog.results.matches, Qt.Key.Key_Return)

    assert chosen == dialog.session.ideas[2]
    assert planned == [chosen]
    assert not dialog.isVisible()


def test_after_no_match_enter_tries_another_round(qtbot: QtBot, dialog: TogetherDialog) -> None:
    play(dialog, [Vote.NO] * 4)
    first = dialog.session

    assert rose(dialog) == ["Try another round"]
    qtbot.keyClick(dialog, Qt.Key.Key_Return)

    assert dialog.session is not first
    assert dialog.pages.currentWidget() is dialog.voting
