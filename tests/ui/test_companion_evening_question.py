"""The evening check-in carries the deck's question in its own notification: no more
notifications than before, and the question is the one the window offers."""

from __future__ import annotations

from dataclasses import replace

from closeness_desktop.household import PartnerInfo
from tests.ui.test_companion import Setup, s  # noqa: F401  (s: the companion's fixture)


def test_the_check_in_carries_tonights_question(s: Setup) -> None:  # noqa: F811
    s.companion.start()
    s.backend.take()
    s.at(26, 20, 31)
    s.companion.recheck()

    (checkin,) = s.rituals()
    question = s.household.prompts.next_prompt().text
    assert checkin.body == (
        "How are you feeling today? Ask each other, and take the time to listen.\n"
        f"Tonight's question: {question}"
    )
    assert s.backend.take() == []


def test_once_answered_the_next_check_in_brings_the_next_question(
    s: Setup,  # noqa: F811
    sam: PartnerInfo,
) -> None:
    s.companion.start()
    s.backend.take()
    s.at(26, 20, 31)
    s.companion.recheck()
    (first,) = s.rituals()
    answered = s.household.prompts.next_prompt()
    s.household.prompts.answer(answered.key, "Our walk by the river.", sam.id)
    s.at(27, 20, 31)
    s.companion.recheck()
    sent = s.rituals()  # the day's dinner nudge too: the other waits ten minutes
    s.advance(minutes=10)
    s.companion.recheck()

    (second,) = [each for each in sent + s.rituals() if each.title == "Check-in"]
    assert answered.text in first.body
    assert answered.text not in second.body
    assert s.household.prompts.next_prompt().text in second.body


def test_turned_off_the_check_in_comes_in_its_own_words_alone(s: Setup) -> None:  # noqa: F811
    settings = s.household.rituals.settings()
    s.household.rituals.save_settings(replace(settings, checkin_question=False))
    s.companion.start()
    s.backend.take()
    s.at(26, 20, 31)
    s.companion.recheck()

    (checkin,) = s.rituals()
    assert checkin.body == (
        "How are you feeling today? Ask each other, and take the time to listen."
    )
