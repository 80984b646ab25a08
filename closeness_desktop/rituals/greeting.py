"""Who gets greeted on arrival, and with what words. Pure: times and names in, text out.

The seed of the whole app: "Always greet your partner with warmth." A greeting comes with
the first arrival of the day and with every arrival that has notes (or replies) waiting;
other arrivals stay quiet. A lock and unlock (or a short sleep) within a minute is not an
arrival at all.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

#: A return sooner than this after leaving is the same visit, not a new arrival.
SAME_VISIT = timedelta(minutes=1)
#: Gone at least this long: the greeting says "welcome back".
WELCOME_BACK_AFTER = timedelta(hours=3)
#: How much of each waiting note the greeting shows; the timeline has the rest.
NOTE_PREVIEW = 140
#: How much of an entry a reply's line names ("your note “Coffee on the…”").
ABOUT_PREVIEW = 32


class PartOfDay(enum.StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


class Reason(enum.StrEnum):
    """Why presence changed."""

    START = "start"
    UNLOCK = "unlock"
    WAKE = "wake"
    CHOSEN = "chosen"  # somebody answered "who's here?"
    LOCK = "lock"
    SLEEP = "sleep"
    QUIT = "quit"
    HEADING_OUT = "heading out"


def part_of_day(moment: time) -> PartOfDay:
    if time(4) <= moment < time(12):
        return PartOfDay.MORNING
    if time(12) <= moment < time(18):
        return PartOfDay.AFTERNOON
    return PartOfDay.EVENING


def _day_part(moment: datetime, zone: tzinfo) -> tuple[date, PartOfDay]:
    local = moment.astimezone(zone)
    # The small hours belong to the evening before.
    day = local.date() if local.time() >= time(4) else local.date() - timedelta(days=1)
    return day, part_of_day(local.time())


@dataclass(frozen=True)
class Visit:
    """What is remembered of a partner's last time at the computer."""

    arrived_at: datetime | None = None
    departed_at: datetime | None = None
    greeted_at: datetime | None = None


@dataclass(frozen=True)
class WaitingNote:
    author: str
    text: str


@dataclass(frozen=True)
class NewAnswer:
    """A reply or a sign the other partner sent on one of the greeted partner's entries."""

    author: str
    #: the sign's glyph ("♥"); None: a reply
    sign: str | None
    #: what the entry is ("note", "memory")
    kind: str
    #: the entry's words, as the greeting names it
    about: str


@dataclass(frozen=True)
class Greeting:
    title: str
    body: str


def is_new_arrival(visit: Visit, now: datetime) -> bool:
    """False when the partner left less than a minute ago (a quick lock and unlock)."""
    return visit.departed_at is None or now - visit.departed_at >= SAME_VISIT


def should_greet(visit: Visit, now: datetime, zone: tzinfo, waiting: int) -> bool:
    """Greet with something waiting (notes, replies), or on the first arrival of the day.

    Once a day, not once in each part of it: a month of ordinary days showed three
    greetings a day with nothing in them beside the rituals (companion/gentle.py)."""
    if not is_new_arrival(visit, now):
        return False
    if waiting:
        return True
    greeted = visit.greeted_at
    return greeted is None or _day_part(greeted, zone)[0] != _day_part(now, zone)[0]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= NOTE_PREVIEW else flat[: NOTE_PREVIEW - 1] + "…"


def answer_line(answer: NewAnswer) -> str:
    """A line of the greeting: Alex replied to your note “Coffee…”."""
    flat = " ".join(answer.about.split())
    about = flat if len(flat) <= ABOUT_PREVIEW else flat[: ABOUT_PREVIEW - 1].rstrip() + "…"
    what = f"your {answer.kind} “{about}”" if about else f"your {answer.kind}"
    if answer.sign is None:
        return f"{answer.author} replied to {what}."
    return f"{answer.author} sent a {answer.sign} for {what}."


def _answer_lines(answers: Sequence[NewAnswer]) -> list[str]:
    lines = [answer_line(answer) for answer in answers[:3]]
    if len(answers) > 3:
        lines.append(f"…and {len(answers) - 3} more on your timeline.")
    return lines


def greeting(
    name: str | None,
    now: datetime,
    zone: tzinfo,
    visit: Visit,
    waiting: Sequence[WaitingNote] = (),
    *,
    answers: Sequence[NewAnswer] = (),
) -> Greeting:
    """The words of an arrival greeting for ``name`` (None: we don't know who is here);
    ``answers``: replies and signs on their entries since they were last told."""
    part = part_of_day(now.astimezone(zone).time())
    hello = f"Good {part.value}"
    if name is None:
        return Greeting(f"{hello}.", "Who's here? Choose your name so your notes can find you.")
    title = f"{hello}, {name}."
    if answers and not waiting:
        return Greeting(title, "\n".join(_answer_lines(answers)))
    if waiting:
        authors = sorted({note.author for note in waiting})
        if len(authors) == 1:
            count = "a note" if len(waiting) == 1 else f"{len(waiting)} notes"
            lead = f"{authors[0]} left you {count}"
        else:
            lead = f"You have {_plural(len(waiting), 'note')} waiting"
        lines = [f"{lead}:"] + [f"“{_preview(note.text)}”" for note in waiting[:3]]
        if len(waiting) > 3:
            lines.append(f"…and {len(waiting) - 3} more on your timeline.")
        return Greeting(title, "\n".join(lines + _answer_lines(answers)))
    away = visit.departed_at is not None and now - visit.departed_at >= WELCOME_BACK_AFTER
    return Greeting(
        title, "Welcome back. It's good to have you here." if away else "It's good to see you."
    )
