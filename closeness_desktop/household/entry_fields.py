"""What the entries room says and writes for an entry: its messages in words, the areas a
change of it touches, and a draft as the row's fields."""

from __future__ import annotations

from typing import Any

from closeness_desktop.household.validation import kind_word
from closeness_desktop.records import Area, Draft, EntryKind, EntryRecord

GONE = "That entry is no longer there."
#: An entry is its author's words: "From" never changes after writing.
KEEPS_AUTHOR = "An entry keeps its author; write a new one instead."


def only_author(name: str) -> str:
    return f"Only {name} can change {name}'s words."


def areas_of(kind: EntryKind) -> frozenset[Area]:
    """What a change to an entry of ``kind`` touches: a plan is on the timeline and the planner."""
    if kind is EntryKind.PLAN:
        return frozenset({Area.ENTRIES, Area.PLANS})
    return frozenset({Area.ENTRIES})


def changed_elsewhere(record: EntryRecord) -> str:
    return (
        f"This {kind_word(record.kind)} was changed elsewhere while you were editing it;"
        " nothing was overwritten."
    )


def changed_before_marking(record: EntryRecord) -> str:
    return (
        f"This {kind_word(record.kind)} was changed elsewhere since the timeline showed it;"
        " it was not marked, and nothing was overwritten."
    )


def changed_since(record: EntryRecord) -> str:
    return (
        f"This {kind_word(record.kind)} has been changed since, on this computer or another;"
        " going back now would overwrite that change."
    )


def fields_of(draft: Draft) -> dict[str, Any]:
    return {
        "kind": draft.kind.value,
        "author_id": draft.author_id,
        "addressee_id": draft.addressee_id,
        "title": draft.title,
        "body": draft.body,
        "place": draft.place,
        "occurred_at": draft.occurred_at,
        "ends_at": draft.ends_at,
        "all_day": draft.all_day,
        "mood": draft.mood,
        "feelings": draft.feelings,
    }
