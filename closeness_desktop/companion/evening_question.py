"""The check-in ritual's words with a conversation question from the deck: one more line in
the same notification, never a notification of its own."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from closeness_desktop.prompt_deck import PromptFileError
from closeness_desktop.rituals import rules

if TYPE_CHECKING:
    from closeness_desktop.household import Household

log = logging.getLogger(__name__)
#: From this hour on the question is "tonight's" (a check-in can be set for the morning).
EVENING = 17


def ritual_text(household: Household, item: rules.Due) -> str:
    """``item``'s text; a check-in's ends with the deck's question on offer, unless the
    couple turned that off in Settings."""
    if item.kind is not rules.RitualKind.CHECKIN:
        return item.text
    if not household.rituals.settings().checkin_question:  # the couple turned it off
        return item.text
    try:
        question = household.prompts.next_prompt().text
    except PromptFileError as problem:  # a damaged install: the check-in still comes
        log.warning("No question for the check-in: %s", problem)
        return item.text
    hour = item.occurrence.astimezone(household.clock.local_zone()).hour
    when = "Tonight's question" if hour >= EVENING else "A question for today"
    return f"{item.text}\n{when}: {question}"
