"""What every operation checks before it writes: lengths, years, the shape of an entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from closeness_desktop.records import Draft, EntryKind, ValidationError
from closeness_desktop.rituals.feelings import FEELING_MAX, FEELINGS_MANY, split_feelings
from closeness_desktop.store.models import FEELINGS_MAX, PLACE_MAX, TEXT_MAX, TITLE_MAX

EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
MOODS = range(1, 6)


_KIND_WORD = {
    EntryKind.NOTE: "note",
    EntryKind.MEMORY: "memory",
    EntryKind.PLAN: "date-night plan",
    EntryKind.CHECKIN: "check-in",
    EntryKind.GOODBYE: "goodbye",
    EntryKind.PROMPT: "question",
}


def kind_word(kind: EntryKind) -> str:
    return _KIND_WORD[kind]


def check_length(label: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise ValidationError(
            f"{label} is {len(value):,} characters long; it can hold up to {limit:,}."
        )


def check_year(label: str, when: datetime | None) -> None:
    if when is not None and not EARLIEST_YEAR <= when.year <= LATEST_YEAR:
        raise ValidationError(
            f"{label} must lie between the years {EARLIEST_YEAR} and {LATEST_YEAR}."
        )


def check_feelings(feelings: str) -> None:
    """A check-in's feeling words: a handful, each a word or a few."""
    words = split_feelings(feelings)
    if len(words) > FEELINGS_MANY:
        raise ValidationError(
            f"That's {len(words)} feelings; a check-in holds up to {FEELINGS_MANY}."
            " Keep the ones that say the most."
        )
    longest = max((len(word) for word in words), default=0)
    if longest > FEELING_MAX:
        raise ValidationError(
            f"One feeling is {longest} characters long; a feeling can be up to {FEELING_MAX}."
            " The line below has room for more."
        )


def validate(draft: Draft, now: datetime) -> Draft:
    """``draft`` cleaned up (trimmed text, a time filled in), or :class:`ValidationError`."""
    draft = replace(
        draft,
        title=draft.title.strip(),
        body=draft.body.strip(),
        place=draft.place.strip(),
        feelings=draft.feelings.strip(),
    )
    check_length("The text", draft.body, TEXT_MAX)
    check_length("The title", draft.title, TITLE_MAX)
    check_length("The place", draft.place, PLACE_MAX)
    check_length("The feeling words", draft.feelings, FEELINGS_MAX)
    for label, when in (("The date", draft.occurred_at), ("The end", draft.ends_at)):
        if when is not None and when.tzinfo is None:
            raise ValueError(f"{label} must be an aware datetime")
        check_year(label, when)
    kind = draft.kind
    if kind is EntryKind.NOTE and not draft.body:
        raise ValidationError("A note needs a few words.")
    if kind is EntryKind.MEMORY:
        if not draft.title:
            raise ValidationError("Give the memory a title.")
        if draft.occurred_at is None:
            raise ValidationError("When did it happen? A memory needs its date.")
        if draft.occurred_at > now + timedelta(days=1):
            raise ValidationError("A memory is something that has happened; pick a past date.")
    if kind is EntryKind.PLAN:
        if not draft.title:
            raise ValidationError("Give the date night a title, even a small one.")
        if draft.occurred_at is None:
            raise ValidationError("When is the date night? Pick a day and time.")
        if draft.ends_at is not None and draft.ends_at < draft.occurred_at:
            raise ValidationError("The date night cannot end before it starts.")
    if kind is EntryKind.CHECKIN and draft.mood not in MOODS:
        raise ValidationError("Pick a mood from 1 to 5.")
    if kind is EntryKind.CHECKIN:
        check_feelings(draft.feelings)
    if kind is EntryKind.PROMPT and (not draft.title or draft.body):
        # Its answers live apart (and out of the search index) until both have answered.
        raise ValidationError("A question entry holds its question and no text of its own.")
    if kind is not EntryKind.CHECKIN and draft.mood is not None:
        raise ValidationError("Only a check-in has a mood.")
    if draft.addressee_id is not None and kind is not EntryKind.NOTE:
        raise ValidationError("Only a note is addressed to someone.")
    if draft.addressee_id == draft.author_id:
        raise ValidationError("A note goes to your partner, or to both of you.")
    if draft.occurred_at is None:
        draft = replace(draft, occurred_at=now)
    return draft
