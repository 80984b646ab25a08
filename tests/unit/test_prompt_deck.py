"""The conversation prompts: what ships, and the deck's order."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from closeness_desktop import prompt_deck
from closeness_desktop.prompt_deck import Deck, PromptFileError, Theme

KEYS = [f"k{n:02d}" for n in range(10)]


def test_at_least_120_prompts_and_20_in_every_theme() -> None:
    prompts = prompt_deck.builtin_prompts()
    assert len(prompts) >= 120
    themes = Counter(prompt.theme for prompt in prompts)
    assert set(themes) == set(Theme)
    assert min(themes.values()) >= 20, themes


def test_keys_and_texts_are_unique_and_the_texts_read_as_questions() -> None:
    prompts = prompt_deck.builtin_prompts()
    assert len({p.key for p in prompts}) == len(prompts)
    # Near-repeats too: the same words with other punctuation or case.
    simple = {re.sub(r"\W+", " ", p.text.casefold()).strip() for p in prompts}
    assert len(simple) == len(prompts)
    for prompt in prompts:
        assert prompt.key.startswith(prompt.theme.value.split("_")[0]), prompt.key
        assert "?" in prompt.text, prompt.key
        assert prompt.text == prompt.text.strip()
        assert "  " not in prompt.text


def _through(deck: Deck) -> tuple[list[str], Deck]:
    asked = []
    for _ in range(len(deck.left)):
        asked.append(deck.current)
        deck = prompt_deck.used(deck, deck.current)
    return asked, deck


def test_no_question_comes_twice_until_the_deck_is_through() -> None:
    deck = prompt_deck.shuffled(KEYS, seed=7)
    asked, deck = _through(deck)
    assert sorted(asked) == KEYS
    assert deck.round == 1
    assert deck.position == 0


@pytest.mark.parametrize("seed", range(40))
def test_a_new_shuffle_never_starts_with_the_last_question(seed: int) -> None:
    deck = prompt_deck.shuffled(KEYS, seed=seed)
    for _ in range(3):
        asked, deck = _through(deck)
        assert deck.current != asked[-1]
        assert sorted(deck.order) == KEYS


def test_the_order_is_seeded_and_shuffled() -> None:
    assert prompt_deck.shuffled(KEYS, 1).order == prompt_deck.shuffled(KEYS, 1).order
    orders = {prompt_deck.shuffled(KEYS, seed).order for seed in range(10)}
    assert len(orders) > 1
    assert all(sorted(order) == KEYS for order in orders)


def test_a_skipped_question_goes_to_the_back_and_still_comes_once() -> None:
    deck = prompt_deck.shuffled(KEYS, seed=3)
    first, second = deck.order[0], deck.order[1]
    deck = prompt_deck.skip(deck)
    assert deck.current == second
    assert deck.left[-1] == first
    asked, _ = _through(deck)
    assert asked[-1] == first
    assert sorted(asked) == KEYS


def test_answering_a_question_out_of_turn_takes_it_out_of_this_shuffle() -> None:
    deck = prompt_deck.shuffled(KEYS, seed=5)
    later = deck.order[4]
    deck = prompt_deck.used(deck, later)
    assert deck.current == prompt_deck.shuffled(KEYS, seed=5).order[0]
    asked, _ = _through(deck)
    assert later not in asked
    assert len(asked) == len(KEYS) - 1


def test_a_question_whose_answer_was_taken_back_is_on_offer_again() -> None:
    deck = prompt_deck.shuffled(KEYS, seed=5)
    first = deck.current
    after = prompt_deck.used(prompt_deck.used(deck, first), deck.order[1])
    back = prompt_deck.returned(after, first)
    assert back.current == first
    asked, _ = _through(back)
    assert sorted(asked) == sorted(set(KEYS) - {deck.order[1]})  # nothing lost, none twice


def test_the_deck_survives_its_json_and_fits_the_shipped_keys() -> None:
    deck = prompt_deck.used(
        prompt_deck.shuffled(KEYS, seed=2), prompt_deck.shuffled(KEYS, 2).current
    )
    again = prompt_deck.from_json(deck.to_json(), KEYS, seed=99)
    assert again == deck
    withdrawn = again.current
    fitted = prompt_deck.from_json(
        deck.to_json(), [*[k for k in KEYS if k != withdrawn], "new"], 99
    )
    assert withdrawn not in fitted.order
    assert "new" in fitted.left


@pytest.mark.parametrize("value", [None, "nonsense", {"version": 1}, {"version": 1, "order": [1]}])
def test_a_missing_or_unreadable_deck_starts_a_new_shuffle(value: object) -> None:
    deck = prompt_deck.from_json(value, KEYS, seed=4)
    assert deck == prompt_deck.shuffled(KEYS, 4)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{", "not valid JSON"),
        ('{"version": 1, "prompts": []}', "no prompts"),
        ('{"version": 1, "prompts": [{"key": "a", "theme": "odd", "text": "Hi?"}]}', "theme"),
        (
            '{"version": 1, "prompts": [{"key": "a", "theme": "fun", "text": "Hi?"},'
            ' {"key": "a", "theme": "fun", "text": "Ho?"}]}',
            "share the key",
        ),
    ],
)
def test_a_broken_prompts_file_says_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(PromptFileError, match=words):
        prompt_deck.load_prompts(text)
