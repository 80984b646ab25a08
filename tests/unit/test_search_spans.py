"""Where a search matched (for the highlight) agrees with what the store's search found."""

from __future__ import annotations

import pytest

from closeness_desktop.household import Draft, Household, PartnerInfo
from closeness_desktop.records import EntryKind, TimelineFilter
from closeness_desktop.store.search import match_spans

TEXTS = (
    "Un café crème at the Café Naïf",
    "dinner tonight? Dinosaurs first",
    "I don't know, darling",
    "party 🎉 at eight 🎉",
    "naive, naïve, NAIVE",
    "the_underscore stays apart",
    "straße and strasse",
    "écrit à la main",
    "a ﬁne day, a fine day",
    "cafe\u0301 written with its accent apart",
)


def marked(query: str, text: str) -> list[str]:
    return [text[start:end] for start, end in match_spans(query, text)]


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("cafe", "Un café crème at the Café Naïf", ["café", "Café"]),
        ("na", "Un café crème at the Café Naïf", ["Naïf"]),  # the last word: a prefix
        ("na ", "Un café crème at the Café Naïf", []),  # a space after it: a whole word
        ("dinner ton", "dinner tonight? Dinosaurs first", ["dinner", "tonight"]),
        ("dinner tonight", "our dinner tonight", ["dinner", "tonight"]),
        ("don't", "I don't know", ["don't"]),  # one phrase of two words, as FTS5 reads it
        ("🎉", "party 🎉 at eight 🎉", ["🎉", "🎉"]),
        ("", "anything", []),
        ("zzz", "", []),
    ],
)
def test_match_spans(query: str, text: str, expected: list[str]) -> None:
    assert marked(query, text) == expected


@pytest.mark.parametrize(
    "query",
    [
        "cafe",
        "café",
        "na",
        "naive",
        "dino",
        "dinner tonight",
        "don't",
        "🎉",
        "ecrit",
        "the",
        "fine",
        "written",
        "strasse",
    ],
)
def test_the_highlight_agrees_with_the_search(
    household: Household, sam: PartnerInfo, query: str
) -> None:
    for text in TEXTS:
        household.entries.add(Draft.note(sam.id, text))

    found = {record.body for record in household.entries.page(TimelineFilter(text=query)).rows}

    assert found == {text for text in TEXTS if match_spans(query, text)}


def test_the_count_is_by_kind(household: Household, sam: PartnerInfo) -> None:
    household.entries.add(Draft.note(sam.id, "a naive note"))
    household.entries.add(Draft.note(sam.id, "another naive one"))
    household.entries.add(Draft.checkin(sam.id, 3, text="feeling naive"))
    household.entries.add(Draft.note(sam.id, "nothing here"))

    counts = household.entries.count_found(TimelineFilter(text="naive"))

    assert counts == {EntryKind.NOTE: 2, EntryKind.CHECKIN: 1}
