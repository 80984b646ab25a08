"""Full-text search behind one function, :func:`matches`.

On SQLite an FTS5 index (made by migration 0001 and kept in step by triggers) answers word
searches; accents fold ("cafe" finds "café") and the last word matches as a prefix, so
results follow the typing. Emoji and other symbols are not words to FTS5's tokenizer, so
they are matched as literal text. Other databases fall back to case-insensitive LIKE.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, or_, select, text, true
from sqlalchemy.orm import Session

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


def _fold(word: str) -> str:
    """A word as the index keeps it: accents dropped ("remove_diacritics 2"), case folded."""
    if word.isascii():
        return word.lower()  # most words: nothing to take apart
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


_RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    return "".join(part for part in decomposed if not unicodedata.combining(part)).lower()


def _folded_text(text: str) -> tuple[str, list[int] | None]:
    """``text`` folded like the index folds it, with where each folded character came from
    (None when every character folds to one: offsets are the same, as in most notes)."""
    if text.isascii():
        return text.lower(), None
    pieces: list[str] = []
    for run in _RUNS.finditer(text):
        chunk = run.group()
        pieces.extend([chunk.lower()] if chunk.isascii() else map(_fold_char, chunk))
    folded = "".join(pieces)
    if all(len(_fold_char(char)) == 1 for char in text if not char.isascii()):
        return folded, None
    origin: list[int] = []  # an accent alone, a ligature: offsets move
    for index, char in enumerate(text):
        origin.extend([index] * len(char if char.isascii() else _fold_char(char)))
    origin.append(len(text))
    return folded, origin


_EDGE = r"[^\W_]"  # a word character as FTS5's unicode61 tokenizer sees one


@functools.lru_cache(maxsize=64)
def _pattern(query: str) -> re.Pattern[str] | None:
    """One expression for every phrase of ``query``: its words in a row, whole words,
    the last word of the last phrase a prefix (as :meth:`Terms.fts_query` asks FTS5)."""
    terms = parse(query)
    choices = []
    for number, phrase in enumerate(terms.phrases):
        words = r"[\W_]+".join(re.escape(_fold(word)) for word in phrase)
        prefix = terms.prefix_last and number == len(terms.phrases) - 1
        end = f"{_EDGE}*" if prefix else f"(?!{_EDGE})"
        choices.append(f"(?<!{_EDGE}){words}{end}")
    return re.compile("|".join(choices)) if choices else None


def match_spans(query: str, text: str) -> list[tuple[int, int]]:
    """Where in ``text`` the search box's ``query`` matched, as (start, end) offsets in
    order: each phrase's words in a row, and each symbol run as literal text."""
    terms = parse(query)
    if terms.empty or not text:
        return []
    spans: list[tuple[int, int]] = []
    pattern = _pattern(query)
    if pattern is not None:
        folded, origin = _folded_text(text)
        for found in pattern.finditer(folded):
            start, end = found.span()
            if origin is not None:
                start, end = origin[start], origin[end - 1] + 1
            spans.append((start, end))
    for literal in terms.literals:
        start = text.find(literal)
        while start >= 0:
            spans.append((start, start + len(literal)))
            start = text.find(literal, start + len(literal))
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def folded_texts(texts: tuple[str, ...]) -> tuple[str, ...]:
    """``texts`` folded as the index folds words (accents dropped, case folded), once, for
    :func:`text_matches` to search many times."""
    return tuple(_folded_text(text)[0] for text in texts)


def forget_deleted(session: Session) -> None:
    """Merge the index's segments, so that words taken out of it (an entry made private,
    or gone for good) leave the file: FTS5 keeps a removed row's words in its older
    segments, and in the delete marker itself, until they merge; ``secure_delete`` then
    zeroes the pages freed."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES('optimize')"))


def text_matches(query: str, texts: tuple[str, ...], folded: tuple[str, ...]) -> bool:
    """Whether an entry with these ``texts`` (title, body, place, feelings; ``folded`` by
    :func:`folded_texts`) is found by the search box's ``query``, as the index finds one:
    every phrase (its words in a row, the last word a prefix) and every symbol run
    somewhere in one of them. For entries that are not in the index: the private ones,
    searched in memory."""
    terms = parse(query)
    if terms.empty:
        return True
    for number, phrase in enumerate(terms.phrases):
        pattern = _phrase_pattern(phrase, terms.prefix_last and number == len(terms.phrases) - 1)
        if not any(pattern.search(text) for text in folded):
            return False
    return all(any(literal in text for text in texts) for literal in terms.literals)


@functools.lru_cache(maxsize=256)
def _phrase_pattern(phrase: tuple[str, ...], prefix: bool) -> re.Pattern[str]:
    words = r"[\W_]+".join(re.escape(_fold(word)) for word in phrase)
    end = f"{_EDGE}*" if prefix else f"(?!{_EDGE})"
    return re.compile(f"(?<!{_EDGE}){words}{end}")
