"""Conversation prompts: the deck, offered in an order that never repeats until it is through.

The questions live in ``resources/prompts.json`` (``{"version": 1, "prompts": [...]}``),
each with a stable ``key``, a ``theme`` and its ``text``. The deck is a shuffled order of
the keys and a position in it; the household keeps it in its settings as a small JSON
value (:meth:`Deck.to_json`), so both computers offer the same question. The question at
the position is the one on offer until it is answered (:func:`used`) or skipped
(:func:`skip`, which puts it at the back). When every question has had its turn, a new
shuffle begins, never with the question that ended the last one.
"""

from __future__ import annotations

import enum
import functools
import json
import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PROMPTS_FILE = "prompts.json"
FILE_VERSION = 1
DECK_VERSION = 1
#: The settings key the household keeps the deck under.
SETTING_KEY = "prompts.deck"
MAX_TEXT_LENGTH = 200


class Theme(enum.StrEnum):
    COMMUNICATION = "communication"
    VULNERABILITY = "vulnerability"
    EMPATHY = "empathy"
    GROWING_TOGETHER = "growing_together"
    FUN = "fun"


class PromptFileError(ValueError):
    """The prompts file is missing, unreadable or malformed; the message says where."""


@dataclass(frozen=True, slots=True)
class Prompt:
    key: str
    theme: Theme
    text: str


def load_prompts(text: str) -> tuple[Prompt, ...]:
    """The prompts in ``text`` (the file's JSON), or :class:`PromptFileError`."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise PromptFileError(
            f"The prompts file is not valid JSON (line {error.lineno}, column {error.colno})."
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get("prompts"), list):
        raise PromptFileError('The prompts file should be an object with a list called "prompts".')
    if document.get("version") != FILE_VERSION:
        raise PromptFileError(f"The prompts file should say it is version {FILE_VERSION}.")
    prompts = tuple(_parse(number, entry) for number, entry in enumerate(document["prompts"], 1))
    for label, values in (("key", [p.key for p in prompts]), ("text", [p.text for p in prompts])):
        seen: set[str] = set()
        for value in values:
            if value.casefold() in seen:
                raise PromptFileError(f'Two prompts share the {label} "{value}".')
            seen.add(value.casefold())
    if not prompts:
        raise PromptFileError("The prompts file holds no prompts.")
    return prompts


def _parse(number: int, entry: object) -> Prompt:
    if not isinstance(entry, dict):
        raise PromptFileError(f"Prompt {number} should be an object with key, theme and text.")
    key, theme, text = (entry.get(name) for name in ("key", "theme", "text"))
    if not isinstance(key, str) or not key or len(key) > 64:
        raise PromptFileError(f"Prompt {number} needs a key of 1 to 64 characters.")
    if theme not in set(Theme):
        raise PromptFileError(f'Prompt {number} ("{key}") has an unknown theme {theme!r}.')
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT_LENGTH:
        raise PromptFileError(
            f'Prompt {number} ("{key}") needs a question of 1 to {MAX_TEXT_LENGTH} characters.'
        )
    return Prompt(key, Theme(theme), text.strip())


@functools.cache
def builtin_prompts() -> tuple[Prompt, ...]:
    """The prompts that ship with Closeness (read once)."""
    try:
        text = (
            resources.files("closeness_desktop.resources").joinpath(PROMPTS_FILE).read_text("utf-8")
        )
    except ModuleNotFoundError:  # running from a source checkout
        path = Path(__file__).resolve().parents[1] / "resources" / PROMPTS_FILE
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise PromptFileError(f"The prompts file {path} can't be read ({error}).") from error
    return load_prompts(text)


def prompt_named(key: str) -> Prompt | None:
    return next((prompt for prompt in builtin_prompts() if prompt.key == key), None)


@dataclass(frozen=True)
class Deck:
    """A shuffled order of prompt keys and how far the couple has come through it."""

    order: tuple[str, ...]
    position: int
    seed: int
    #: How many shuffles came before this one (each shuffle's order comes from seed and round).
    round: int = 0

    @property
    def current(self) -> str:
        return self.order[self.position]

    @property
    def left(self) -> tuple[str, ...]:
        """The keys still to come in this shuffle, the current one first."""
        return self.order[self.position :]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": DECK_VERSION,
            "order": list(self.order),
            "position": self.position,
            "seed": self.seed,
            "round": self.round,
        }


def shuffled(keys: Sequence[str], seed: int, round_: int = 0, *, after: str | None = None) -> Deck:
    """A new shuffle of ``keys``; it never starts with ``after`` (the question just asked)."""
    order = sorted(keys)
    random.Random(f"closeness-prompts:{seed}:{round_}").shuffle(order)
    if after is not None and len(order) > 1 and order[0] == after:
        order[0], order[1] = order[1], order[0]
    return Deck(tuple(order), 0, seed, round_)


def used(deck: Deck, key: str) -> Deck:
    """The deck once ``key`` has been asked (answered): it does not come again this shuffle.
    When that was the last one, the next shuffle begins."""
    if key not in deck.left:
        return deck
    left = [each for each in deck.left if each != key]
    if not left:
        return shuffled(deck.order, deck.seed, deck.round + 1, after=key)
    # Keys before the position are done; keep them so the shuffle stays whole.
    done = tuple(each for each in deck.order[: deck.position] if each != key)
    return Deck((*done, key, *left), len(done) + 1, deck.seed, deck.round)


def returned(deck: Deck, key: str) -> Deck:
    """The deck once an answer to ``key`` was taken back: it is the question on offer again
    (undoing :func:`used`)."""
    if key not in deck.order:
        return deck
    done = tuple(each for each in deck.order[: deck.position] if each != key)
    left = tuple(each for each in deck.left if each != key)
    return Deck((*done, key, *left), len(done), deck.seed, deck.round)


def skip(deck: Deck) -> Deck:
    """Put the current question at the back of this shuffle; the next one comes forward."""
    left = deck.left
    if len(left) < 2:
        return deck
    order = (*deck.order[: deck.position], *left[1:], left[0])
    return Deck(order, deck.position, deck.seed, deck.round)


def from_json(value: object, keys: Sequence[str], seed: int) -> Deck:
    """The deck kept in settings, fitted to the ``keys`` shipped now (new ones join the rest
    of this shuffle, withdrawn ones leave it); a new shuffle from ``seed`` when there is none
    or it cannot be read."""
    if value is None:
        return shuffled(keys, seed)
    try:
        deck = _read(value)
    except (KeyError, TypeError, ValueError) as error:
        # Logged without the value: it is only keys, but a log keeps to what it needs.
        log.warning("The prompt deck in settings could not be read (%s); shuffling anew.", error)
        return shuffled(keys, seed)
    known = set(keys)
    done = tuple(key for key in deck.order[: deck.position] if key in known)
    left = [key for key in deck.left if key in known]
    placed = set(done) | set(left)
    left += sorted(key for key in keys if key not in placed)
    if not left:
        return shuffled(keys, deck.seed, deck.round + 1, after=done[-1] if done else None)
    return Deck((*done, *left), len(done), deck.seed, deck.round)


def _read(value: object) -> Deck:
    if not isinstance(value, dict) or value.get("version") != DECK_VERSION:
        raise ValueError("not a deck of this version")
    order = value["order"]
    if not isinstance(order, list) or not all(isinstance(key, str) for key in order):
        raise TypeError("order is not a list of keys")
    position, seed, round_ = (int(value[name]) for name in ("position", "seed", "round"))
    if not 0 <= position <= len(order):
        raise ValueError("position outside the order")
    return Deck(tuple(order), position, seed, round_)
