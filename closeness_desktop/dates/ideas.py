"""Date-night ideas: the built-in list, a gentle surprise picker, and choosing together.

The ideas live in ``resources/ideas.json`` (``{"version": 1, "ideas": [...]}``), each
with a stable ``id`` so that "when did we last do this?" survives edits to the text.

:func:`surprise` picks one idea at random, leaning towards ideas the couple hasn't
done lately and away from anything done in the past month. :class:`TogetherSession`
lets both partners say yes, maybe or no to a stack of ideas and ranks what they agree on.
Randomness comes from a :class:`random.Random` the caller passes in, and "today" is an
argument too, so every result can be reproduced.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

IDEAS_FILE = "ideas.json"
FILE_VERSION = 1
MAX_TITLE_LENGTH = 80
MAX_MINUTES = 7 * 24 * 60
RECENT_DAYS = 30
"""Ideas done within this many days are strongly disfavoured by :func:`surprise`."""


class IdeaGroup(StrEnum):
    """The kind of date an idea is."""

    AT_HOME = "at_home"
    OUTDOORS = "outdoors"
    SOMETHING_NEW = "something_new"
    GROWING_TOGETHER = "growing_together"
    LITTLE_OR_NO_MONEY = "little_or_no_money"


class Budget(StrEnum):
    """Roughly what an idea costs, cheapest first."""

    FREE = "free"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def rank(self) -> int:
        """0 for free up to 3 for high, for comparing budgets."""
        return list(Budget).index(self)


class Setting(StrEnum):
    """Where an idea happens. ``EITHER`` ideas work indoors or out."""

    INDOORS = "indoors"
    OUTDOORS = "outdoors"
    EITHER = "either"


class IdeaFileError(ValueError):
    """The ideas file can't be used; the message says which idea and what is wrong."""


@dataclass(frozen=True, slots=True)
class Idea:
    """One date-night idea."""

    id: str
    title: str
    text: str
    group: IdeaGroup
    budget: Budget
    setting: Setting
    minutes: int


# --- loading --------------------------------------------------------------------------

_Choice = TypeVar("_Choice", IdeaGroup, Budget, Setting)
_ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FIELDS = ("id", "title", "text", "group", "budget", "setting", "minutes")


def load_ideas(source: Path | str) -> tuple[Idea, ...]:
    """Read ideas from a file (a :class:`~pathlib.Path`) or from JSON text (a ``str``).

    Raises :class:`IdeaFileError` naming the first problem found.
    """
    text = _read(source) if isinstance(source, Path) else source
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise IdeaFileError(
            f"The ideas file is not valid JSON (line {error.lineno}, column {error.colno})."
        ) from None
    entries = _entries(document)
    ideas = tuple(_parse_idea(number, entry) for number, entry in enumerate(entries, start=1))
    _check_unique(ideas)
    return ideas


def load_builtin_ideas() -> tuple[Idea, ...]:
    """The ideas that ship with Closeness."""
    try:
        text = (
            resources.files("closeness_desktop.resources").joinpath(IDEAS_FILE).read_text("utf-8")
        )
    except ModuleNotFoundError:  # running from a source checkout
        text = _read(Path(__file__).resolve().parents[2] / "resources" / IDEAS_FILE)
    return load_ideas(text)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise IdeaFileError(f"The ideas file {path} can't be read ({error}).") from error


def _entries(document: object) -> list[object]:
    if not isinstance(document, dict) or not isinstance(document.get("ideas"), list):
        raise IdeaFileError('The ideas file should be an object with a list called "ideas".')
    if document.get("version") != FILE_VERSION:
        raise IdeaFileError(f"The ideas file should say it is version {FILE_VERSION}.")
    entries: list[object] = document["ideas"]
    return entries


def _parse_idea(number: int, entry: object) -> Idea:
    if not isinstance(entry, dict):
        raise IdeaFileError(f"Idea {number} should be an object with {', '.join(_FIELDS)}.")
    name = (
        f'Idea {number} ("{entry["id"]}")' if isinstance(entry.get("id"), str) else f"Idea {number}"
    )
    missing = [key for key in _FIELDS if key not in entry]
    if missing:
        raise IdeaFileError(f"{name} is missing {', '.join(missing)}.")
    extra = sorted(set(entry) - set(_FIELDS))
    if extra:
        raise IdeaFileError(f"{name} has a field we don't know: {extra[0]}.")
    return Idea(
        id=_slug(name, entry["id"]),
        title=_text(name, "title", entry["title"], MAX_TITLE_LENGTH),
        text=_text(name, "text", entry["text"], None),
        group=_choice(name, "group", entry["group"], IdeaGroup),
        budget=_choice(name, "budget", entry["budget"], Budget),
        setting=_choice(name, "setting", entry["setting"], Setting),
        minutes=_minutes(name, entry["minutes"]),
    )


def _slug(name: str, value: object) -> str:
    if not isinstance(value, str) or not _ID_PATTERN.fullmatch(value):
        raise IdeaFileError(f"{name} needs an id of lowercase letters, digits and dashes.")
    return value


def _text(name: str, key: str, value: object, limit: int | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise IdeaFileError(f"{name} needs some {key}.")
    if limit is not None and len(value) > limit:
        raise IdeaFileError(f"{name} has a {key} longer than {limit} characters.")
    return value.strip()


def _choice(name: str, key: str, value: object, kind: type[_Choice]) -> _Choice:
    allowed = [member.value for member in kind]
    if value not in allowed:
        raise IdeaFileError(
            f'{name} has the {key} "{value}", which is not one of {", ".join(allowed)}.'
        )
    return kind(value)


def _minutes(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MINUTES:
        raise IdeaFileError(f"{name} needs minutes as a whole number from 1 to {MAX_MINUTES}.")
    return value


def _check_unique(ideas: Sequence[Idea]) -> None:
    seen: set[str] = set()
    for idea in ideas:
        if idea.id in seen:
            raise IdeaFileError(f'Two ideas share the id "{idea.id}"; each needs its own.')
        seen.add(idea.id)


# --- the surprise picker --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IdeaFilters:
    """What the couple is in the mood for. ``None`` means "we don't mind"."""

    max_budget: Budget | None = None
    setting: Setting | None = None
    max_minutes: int | None = None
    group: IdeaGroup | None = None

    def allows(self, idea: Idea) -> bool:
        """True when ``idea`` fits every filter that is set.

        Asking for indoors (or outdoors) also allows ideas that work either way;
        asking for ``EITHER`` allows everything.
        """
        return (
            (self.max_budget is None or idea.budget.rank <= self.max_budget.rank)
            and (
                self.setting in (None, Setting.EITHER)
                or idea.setting in (self.setting, Setting.EITHER)
            )
            and (self.max_minutes is None or idea.minutes <= self.max_minutes)
            and (self.group is None or idea.group is self.group)
        )


def recency_weight(last_done: date | None, today: date) -> float:
    """How keen :func:`surprise` is on an idea last done on ``last_done``.

    Never done: 1. Done within :data:`RECENT_DAYS` days (or "in the future", after a
    clock mix-up): 0.02. In between, the weight grows from 0.25 just after a month to
    0.9 after a year, so a fresh idea always wins over an old favourite.
    """
    if last_done is None:
        return 1.0
    days = (today - last_done).days
    if days < RECENT_DAYS:
        return 0.02
    progress = min(1.0, (days - RECENT_DAYS) / (365 - RECENT_DAYS))
    return 0.25 + 0.65 * progress


def surprise(
    ideas: Iterable[Idea],
    *,
    filters: IdeaFilters | None = None,
    recently_done: Mapping[str, date],
    today: date,
    rng: random.Random,
) -> Idea | None:
    """A random idea that fits ``filters``, favouring ones not done lately.

    ``recently_done`` maps idea ids to the day each was last done. The same ideas,
    history, day and seeded ``rng`` always give the same idea. ``None`` when nothing fits.
    """
    wanted = filters or IdeaFilters()
    candidates = sorted((idea for idea in ideas if wanted.allows(idea)), key=lambda i: i.id)
    if not candidates:
        return None
    weights = [recency_weight(recently_done.get(idea.id), today) for idea in candidates]
    return rng.choices(candidates, weights=weights, k=1)[0]


# --- choosing together ----------------------------------------------------------------


class Vote(StrEnum):
    """One partner's answer to an idea."""

    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


@dataclass(frozen=True, slots=True)
class Match:
    """An idea neither partner said no to, with both answers (in partner order)."""

    idea: Idea
    votes: tuple[Vote, Vote]

    @property
    def tier(self) -> int:
        """0 when both said yes, 1 for a yes and a maybe, 2 when both said maybe."""
        return 2 - self.votes.count(Vote.YES)


@dataclass(frozen=True, slots=True)
class TogetherSession:
    """Two partners take turns answering yes, maybe or no to the same ideas.

    The session is a value: :meth:`vote` returns a new session. The usual rhythm is
    that the first partner answers an idea, then the second answers the same one, then
    on to the next idea; :attr:`whose_turn` and :meth:`next_idea` follow that rhythm,
    but either partner may answer (or change an answer) at any time.
    """

    ideas: tuple[Idea, ...]
    partners: tuple[str, str]
    votes: Mapping[tuple[str, str], Vote] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )

    def __post_init__(self) -> None:
        first, second = self.partners
        if not first.strip() or not second.strip() or first == second:
            raise ValueError("a session needs two partners with different names")
        if len({idea.id for idea in self.ideas}) != len(self.ideas):
            raise ValueError("each idea may appear only once in a session")
        object.__setattr__(self, "votes", MappingProxyType(dict(self.votes)))

    @classmethod
    def start(cls, ideas: Iterable[Idea], partners: tuple[str, str]) -> TogetherSession:
        """A fresh session over ``ideas``, in the order given."""
        return cls(ideas=tuple(ideas), partners=partners)

    def vote(self, partner: str, idea_id: str, vote: Vote) -> TogetherSession:
        """The session after ``partner`` answers ``vote`` to the idea ``idea_id``."""
        if partner not in self.partners:
            raise ValueError(f"{partner!r} is not part of this session")
        if idea_id not in self._positions:
            raise ValueError(f"{idea_id!r} is not one of this session's ideas")
        votes = dict(self.votes)
        votes[(partner, idea_id)] = Vote(vote)
        return TogetherSession(ideas=self.ideas, partners=self.partners, votes=votes)

    def vote_of(self, partner: str, idea_id: str) -> Vote | None:
        """What ``partner`` answered to ``idea_id``, if anything yet."""
        return self.votes.get((partner, idea_id))

    def next_idea(self, partner: str) -> Idea | None:
        """The first idea ``partner`` hasn't answered yet."""
        return next((i for i in self.ideas if (partner, i.id) not in self.votes), None)

    @property
    def whose_turn(self) -> str | None:
        """The partner who has answered fewer ideas (the first partner on a tie);
        ``None`` once both have answered everything."""
        if self.finished:
            return None
        first, second = self.partners
        return second if self._answered(second) < self._answered(first) else first

    @property
    def finished(self) -> bool:
        """True when both partners have answered every idea."""
        return len(self.votes) == 2 * len(self.ideas)

    def matches(self) -> list[Match]:
        """Ideas both partners answered without a no, best agreement first.

        Both yes, then a yes and a maybe, then both maybe; within each, the order the
        ideas were shown in. An idea only one partner has answered is not a match yet.
        """
        found: list[Match] = []
        positions = self._positions
        first, second = self.partners
        for idea in self.ideas:
            answers = (self.votes.get((first, idea.id)), self.votes.get((second, idea.id)))
            if answers[0] is None or answers[1] is None or Vote.NO in answers:
                continue
            found.append(Match(idea, (answers[0], answers[1])))
        found.sort(key=lambda match: (match.tier, positions[match.idea.id]))
        return found

    @property
    def _positions(self) -> dict[str, int]:
        return {idea.id: position for position, idea in enumerate(self.ideas)}

    def _answered(self, partner: str) -> int:
        return sum(1 for who, _ in self.votes if who == partner)
