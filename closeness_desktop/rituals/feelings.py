"""The feeling words a check-in offers, shipped in ``resources/feelings.json``.

Grouped gently (at ease, warm, bright, running low, carrying something, needing care) so
the check-in page can lay them out in rows; no group is better than another, and a
person's own words sit beside them as equals.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

FEELINGS_FILE = "feelings.json"
FILE_VERSION = 1
#: One feeling word (or a few words: "cared for") at most this long; the column holds 300.
FEELING_MAX = 30
#: At most this many feelings on one check-in: a handful is a feeling, fifty is a list.
FEELINGS_MANY = 10


class FeelingsFileError(ValueError):
    """The shipped feelings file is damaged (a packaging fault, said plainly)."""


@dataclass(frozen=True)
class FeelingGroup:
    name: str
    words: tuple[str, ...]


def parse_feelings(text: str) -> tuple[FeelingGroup, ...]:
    """The groups in a feelings file's ``text``, or :class:`FeelingsFileError`."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise FeelingsFileError(
            f"The feelings file is not valid JSON (line {error.lineno}, column {error.colno})."
        ) from None
    if not isinstance(document, dict) or document.get("version") != FILE_VERSION:
        raise FeelingsFileError(f"The feelings file should be version {FILE_VERSION}.")
    groups = document.get("groups")
    if not isinstance(groups, list) or not groups:
        raise FeelingsFileError('The feelings file should have a list called "groups".')
    parsed = tuple(_group(number, group) for number, group in enumerate(groups, start=1))
    words = [word for group in parsed for word in group.words]
    if len(set(words)) != len(words):
        raise FeelingsFileError("A feeling word appears twice in the feelings file.")
    return parsed


def _group(number: int, group: object) -> FeelingGroup:
    if not isinstance(group, dict):
        raise FeelingsFileError(f"Group {number} of the feelings file is not an object.")
    name, words = group.get("name"), group.get("words")
    if not isinstance(name, str) or not isinstance(words, list) or not words:
        raise FeelingsFileError(f"Group {number} of the feelings file needs a name and words.")
    for word in words:
        if not isinstance(word, str) or not word.strip() or len(word) > FEELING_MAX or "," in word:
            raise FeelingsFileError(f"Group {number} of the feelings file has an odd word.")
    return FeelingGroup(name, tuple(words))


@cache
def shipped_feelings() -> tuple[FeelingGroup, ...]:
    """The feeling words that ship with Closeness (read once per process)."""
    try:
        text = (
            resources.files("closeness_desktop.resources")
            .joinpath(FEELINGS_FILE)
            .read_text("utf-8")
        )
    except ModuleNotFoundError:  # running from a source checkout
        source = Path(__file__).resolve().parents[2] / "resources" / FEELINGS_FILE
        text = source.read_text(encoding="utf-8")
    return parse_feelings(text)


def split_feelings(text: str) -> list[str]:
    """``"calm, a bit tired,, "`` as ``["calm", "a bit tired"]``: how entries store them."""
    return [word.strip() for word in text.split(",") if word.strip()]
