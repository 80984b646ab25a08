"""Full-text search behind one function, :func:`matches`.

On SQLite an FTS5 index (made by migration 0001 and kept in step by triggers) answers word
searches; accents fold ("cafe" finds "café") and the last word matches as a prefix, so
results follow the typing. Emoji and other symbols are not words to FTS5's tokenizer, so
they are matched as literal text. Other databases fall back to case-insensitive LIKE.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select, text, true

from closeness_desktop.store.models import Entry

FTS_TABLE = "entry_search"
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Terms:
    """A search box's text, split into word phrases and literal symbol runs."""

    phrases: tuple[tuple[str, ...], ...]
    literals: tuple[str, ...]
    prefix_last: bool

    @property
    def empty(self) -> bool:
        return not self.phrases and not self.literals

    def fts_query(self) -> str:
        """An FTS5 MATCH expression: every phrase quoted, so punctuation cannot break it."""
        parts = []
        for index, words in enumerate(self.phrases):
            phrase = '"' + " ".join(word.replace('"', '""') for word in words) + '"'
            if self.prefix_last and index == len(self.phrases) - 1:
                phrase += "*"
            parts.append(phrase)
        return " AND ".join(parts)


def _is_symbol(char: str) -> bool:
    category = unicodedata.category(char)
    # So/Sk/Sm/Sc are symbols (emoji among them); Mn/Cf keep emoji sequences together
    # (variation selectors, skin tones, zero-width joiners).
    return category[0] == "S" or (category in ("Mn", "Cf", "Me") and not char.isalnum())


def parse(query: str) -> Terms:
    phrases: list[tuple[str, ...]] = []
    literals: list[str] = []
    for chunk in query.split():
        words = tuple(word.casefold() for word in _WORD.findall(chunk))
        if words:
            phrases.append(words)
        run = ""
        for char in chunk:
            if _is_symbol(char):
                run += char
            elif run:
                literals.append(run)
                run = ""
        if run:
            literals.append(run)
    prefix_last = bool(query) and not query[-1].isspace()
    return Terms(tuple(phrases), tuple(dict.fromkeys(literals)), prefix_last)


_TEXT_COLUMNS = (Entry.title, Entry.body, Entry.place, Entry.feelings)


def _contains_anywhere(fragment: str) -> ColumnElement[bool]:
    return or_(*(column.icontains(fragment, autoescape=True) for column in _TEXT_COLUMNS))


def matches(query: str, dialect: str) -> ColumnElement[bool]:
    """A WHERE clause on :class:`Entry` for the search box's ``query``."""
    terms = parse(query)
    if terms.empty:
        return true()
    clauses: list[ColumnElement[bool]] = []
    if terms.phrases:
        if dialect == "sqlite":
            hits = select(text("rowid")).select_from(text(FTS_TABLE))
            hits = hits.where(text(f"{FTS_TABLE} MATCH :fts_query"))
            # "seq + 0" keeps SQLite walking the timeline index newest first and stopping
            # after a page, instead of fetching and sorting every match of a common word.
            clauses.append((Entry.seq + 0).in_(hits.params(fts_query=terms.fts_query())))
        else:
            clauses.extend(_contains_anywhere(word) for words in terms.phrases for word in words)
    contains = _contains_symbols if dialect == "sqlite" else _contains_anywhere
    clauses.extend(contains(literal) for literal in terms.literals)
    return and_(*clauses)


def _contains_symbols(fragment: str) -> ColumnElement[bool]:
    # Symbols have no case, so a plain instr() does, at a fraction of LIKE's cost.
    return or_(*(func.instr(column, fragment) > 0 for column in _TEXT_COLUMNS))
