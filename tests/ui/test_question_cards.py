"""A question's card shows its answers as the partner who is here may see them: their
own, and the other's only once they have answered too."""

from __future__ import annotations

import uuid

from pytestqt.qtbot import QtBot

from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.timeline_responses import HIDDEN_ANSWER

KEY = "communication-02"
ALEX_SAYS = "Talking straight away. A hug before the words helps."
SAM_SAYS = "A little quiet first, then a walk."


def lines(window: MainWindow, entry_id: uuid.UUID) -> list[str]:
    delegate = window.timeline_page.delegate
    assert delegate is not None
    found = delegate.responses(entry_id)
    return [reply.body for reply in found.replies] if found is not None else []


def test_the_card_hides_the_others_answer_until_the_one_here_has_answered(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    entry_id = household.prompts.answer(KEY, ALEX_SAYS, alex.id)
    window.set_current_partner(sam)
    qtbot.waitUntil(lambda: bool(lines(window, entry_id)))
    assert lines(window, entry_id) == [HIDDEN_ANSWER]

    household.prompts.answer(KEY, SAM_SAYS, sam.id, entry_id=entry_id)
    qtbot.waitUntil(lambda: len(lines(window, entry_id)) == 2)
    assert lines(window, entry_id) == [SAM_SAYS, ALEX_SAYS]


def test_another_partner_sitting_down_sees_only_what_they_may(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    entry_id = household.prompts.answer(KEY, SAM_SAYS, sam.id)
    window.set_current_partner(sam)
    qtbot.waitUntil(lambda: lines(window, entry_id) == [SAM_SAYS])

    window.set_current_partner(alex)  # Alex has not answered: Sam's words stay hidden

    assert lines(window, entry_id) == [HIDDEN_ANSWER]
    window.set_current_partner(None)
    assert lines(window, entry_id) == []
