"""Answering conversation prompts: the hidden first answer, the deck, undo."""

from __future__ import annotations

from datetime import timedelta

import pytest

from closeness_desktop import prompt_deck
from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.records import (
    Area,
    Change,
    ConflictError,
    EntryKind,
    TimelineFilter,
    ValidationError,
)

SAM_SAYS = "When you hum while cooking, the whole flat feels warmer."
ALEX_SAYS = "Our walks by the canal on Sunday mornings."


def test_the_first_answer_writes_the_entry_and_stays_hidden_from_the_other(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    prompt = household.prompts.next_prompt()
    entry_id = household.prompts.answer(prompt.key, SAM_SAYS, sam.id)

    entry = household.entries.get(entry_id)
    assert entry.kind is EntryKind.PROMPT
    assert entry.title == prompt.text
    assert entry.author_id == sam.id
    assert entry.body == ""

    own = household.prompts.answers(entry_id, sam.id)
    assert own.mine is not None
    assert own.mine.body == SAM_SAYS
    assert own.theirs is None

    other = household.prompts.answers(entry_id, alex.id)
    assert other.mine is None
    assert other.theirs is not None
    assert other.theirs.body is None  # hidden: Alex has not answered yet
    assert other.theirs.partner_id == sam.id
    assert other.question == prompt.text


def test_both_answers_show_once_both_have_answered(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    prompt = household.prompts.next_prompt()
    entry_id = household.prompts.answer(prompt.key, SAM_SAYS, sam.id)
    clock.advance(timedelta(hours=20))
    # Alex answers the same question (from the deck or the card): it joins Sam's entry.
    assert household.prompts.answer(prompt.key, ALEX_SAYS, alex.id) == entry_id

    for viewer, mine, theirs in ((sam, SAM_SAYS, ALEX_SAYS), (alex, ALEX_SAYS, SAM_SAYS)):
        seen = household.prompts.answers(entry_id, viewer.id)
        assert seen.both
        assert seen.mine is not None
        assert seen.theirs is not None
        assert (seen.mine.body, seen.theirs.body) == (mine, theirs)
    assert household.entries.count() == 1


def test_answers_never_reach_the_entry_or_the_search(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    prompt = household.prompts.next_prompt()
    entry_id = household.prompts.answer(prompt.key, SAM_SAYS, sam.id)
    household.prompts.answer(prompt.key, ALEX_SAYS, alex.id, entry_id=entry_id)
    assert household.entries.get(entry_id).body == ""
    for word in ("hum", "canal", "warmer"):
        assert household.entries.page(TimelineFilter(text=word)).rows == []
    question_word = max(prompt.text.rstrip("?").split(), key=len)
    found = household.entries.page(TimelineFilter(text=question_word)).rows
    assert [row.id for row in found] == [entry_id]


def test_answering_moves_the_deck_on_and_skip_puts_a_question_at_the_back(
    household: Household, sam: PartnerInfo
) -> None:
    first = household.prompts.next_prompt()
    assert household.prompts.next_prompt() == first  # a read does not move it
    second = household.prompts.skip()
    assert second != first
    assert household.prompts.next_prompt() == second
    household.prompts.answer(second.key, SAM_SAYS, sam.id)
    asked = {second.key}
    total = len(prompt_deck.builtin_prompts())
    # The rest of the deck, then the skipped one last: nothing twice before the end.
    for _ in range(total - 2):
        prompt = household.prompts.next_prompt()
        assert prompt.key not in asked
        asked.add(prompt.key)
        household.prompts.answer(prompt.key, "Yes.", sam.id)
    assert household.prompts.next_prompt() == first


def test_undoing_the_first_answer_puts_its_question_back_on_offer(
    household: Household, sam: PartnerInfo
) -> None:
    first = household.prompts.next_prompt()
    household.prompts.answer(first.key, SAM_SAYS, sam.id)
    following = household.prompts.next_prompt()
    assert following != first

    household.history.undo()
    assert household.prompts.next_prompt() == first  # asked again, not lost to the deck

    household.history.redo()
    assert household.prompts.next_prompt() == following


def test_one_change_per_answer_and_undo_takes_it_back(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    changes: list[Change] = []
    household.changed.connect(changes.append)
    prompt = household.prompts.next_prompt()
    entry_id = household.prompts.answer(prompt.key, SAM_SAYS, sam.id)
    household.prompts.answer(prompt.key, ALEX_SAYS, alex.id)
    assert [c.areas for c in changes] == [frozenset({Area.PROMPTS, Area.ENTRIES})] * 2
    assert all(c.entry_ids == {entry_id} for c in changes)

    assert household.history.undo() == "answer a question"
    assert household.prompts.answers(entry_id, sam.id).theirs is None
    assert household.history.undo() == "answer a question"
    assert household.entries.get(entry_id).deleted_at is not None
    household.history.redo()
    assert household.entries.get(entry_id).deleted_at is None
    assert household.prompts.answers(entry_id, alex.id).theirs is not None
    # Alex answers again after the undo: the row comes back with the new words.
    household.prompts.answer(prompt.key, "The canal, still.", alex.id)
    theirs = household.prompts.answers(entry_id, sam.id).theirs
    assert theirs is not None
    assert theirs.body == "The canal, still."


def test_editing_an_answer_checks_its_version_and_undoes(
    household: Household, sam: PartnerInfo
) -> None:
    prompt = household.prompts.next_prompt()
    entry_id = household.prompts.answer(prompt.key, SAM_SAYS, sam.id)
    mine = household.prompts.answers(entry_id, sam.id).mine
    assert mine is not None
    household.prompts.edit_answer(entry_id, "Your humming, always.", sam.id, mine.version)
    with pytest.raises(ConflictError):
        household.prompts.edit_answer(entry_id, "Stale words.", sam.id, mine.version)
    assert household.history.undo() == "change your answer"
    again = household.prompts.answers(entry_id, sam.id).mine
    assert again is not None
    assert again.body == SAM_SAYS


def test_an_empty_answer_or_a_second_one_is_refused_in_words(
    household: Household, sam: PartnerInfo
) -> None:
    prompt = household.prompts.next_prompt()
    with pytest.raises(ValidationError, match="a few words"):
        household.prompts.answer(prompt.key, "   ", sam.id)
    entry_id = household.prompts.answer(prompt.key, SAM_SAYS, sam.id)
    with pytest.raises(ValidationError, match="change your answer"):
        household.prompts.answer(prompt.key, "Again", sam.id, entry_id=entry_id)


def test_a_question_in_the_trash_can_be_emptied_for_good(
    household: Household, sam: PartnerInfo
) -> None:
    prompt = household.prompts.next_prompt()
    entry_id = household.prompts.answer(prompt.key, SAM_SAYS, sam.id)
    household.entries.delete(entry_id)
    assert household.entries.delete_forever(None) == 1


def test_undoing_the_first_answer_keeps_the_question_when_the_other_answered_too(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    prompt = household.prompts.next_prompt()
    entry_id = household.prompts.answer(prompt.key, SAM_SAYS, sam.id)
    # Alex answers on the other computer: another household on the same file, another history.
    other = Household(household.database, household.clock)
    other.prompts.answer(prompt.key, ALEX_SAYS, alex.id)

    assert household.history.undo() == "answer a question"
    assert household.entries.get(entry_id).deleted_at is None
    seen = household.prompts.answers(entry_id, alex.id)
    assert seen.mine is not None
    assert seen.theirs is None
    household.history.redo()
    assert household.prompts.answers(entry_id, alex.id).both


def test_the_question_the_other_answered_waits_for_you(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    assert household.prompts.waiting_for(alex.id) is None
    prompt = household.prompts.next_prompt()
    entry_id = household.prompts.answer(prompt.key, SAM_SAYS, sam.id)
    assert household.prompts.waiting_for(alex.id) == entry_id
    assert household.prompts.waiting_for(sam.id) is None
    household.prompts.answer(prompt.key, ALEX_SAYS, alex.id)
    assert household.prompts.waiting_for(alex.id) is None
