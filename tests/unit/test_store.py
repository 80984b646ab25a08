"""The store: keyset pages, filters, full-text search and opening database files."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, inspect, select, text
from sqlalchemy.orm import Session

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, Household, PartnerInfo
from closeness_desktop.store import search, timeline
from closeness_desktop.store.engine import StoreError, ensure_schema, open_engine
from closeness_desktop.store.models import Entry, EntryKind
from closeness_desktop.store.timeline import Cursor, EntryRecord, TimelineFilter

ZONE = ZoneInfo("Europe/Berlin")


def bulk_notes(
    household: Household, author: uuid.UUID, moments: list[datetime], body: str = "note"
) -> None:
    """Insert many notes in one statement (household.add would take a transaction each)."""
    now = household.clock.now()
    rows: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "kind": EntryKind.NOTE.value,
            "author_id": author,
            "body": f"{body} {number}",
            "occurred_at": moment,
            "created_at": now,
            "updated_at": now,
        }
        for number, moment in enumerate(moments)
    ]
    with Session(household.database.engine) as session, session.begin():
        session.execute(insert(Entry), rows)


def walk(household: Household, flt: TimelineFilter, limit: int) -> list[EntryRecord]:
    """Every row of the timeline, page after page."""
    rows: list[EntryRecord] = []
    cursor: Cursor | None = None
    while True:
        page = household.entries.page(flt, cursor, limit)
        assert len(page.rows) <= limit
        rows.extend(page.rows)
        if page.next_cursor is None:
            return rows
        assert len(page.rows) == limit
        cursor = page.next_cursor


def found(household: Household, query: str) -> set[str]:
    rows = household.entries.page(TimelineFilter(text=query), limit=1000).rows
    return {row.body or row.title for row in rows}


# -- keyset pages ---------------------------------------------------------------------------


def test_walking_all_pages_yields_every_entry_once_newest_first(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    same_instant = clock.now() - timedelta(days=3)
    bulk_notes(household, sam.id, [same_instant] * 1000, "tied")
    spread = [same_instant + timedelta(hours=hours) for hours in range(-40, 40, 2)]
    bulk_notes(household, alex.id, spread, "spread")

    rows = walk(household, TimelineFilter(), limit=97)

    assert len(rows) == 1040
    assert len({row.id for row in rows}) == 1040
    keys = [(row.occurred_at, row.seq) for row in rows]
    assert keys == sorted(keys, reverse=True)
    assert household.entries.count() == 1040


def test_a_page_of_exactly_the_remaining_rows_has_no_next_cursor(
    household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    bulk_notes(household, sam.id, [clock.now()] * 10)

    first = household.entries.page(TimelineFilter(), None, 5)
    second = household.entries.page(TimelineFilter(), first.next_cursor, 5)

    assert first.next_cursor is not None
    assert len(second.rows) == 5
    assert second.next_cursor is None


def test_an_empty_timeline_is_one_empty_page(household: Household) -> None:
    page = household.entries.page(TimelineFilter())

    assert list(page.rows) == []
    assert page.next_cursor is None


def test_filters_by_kind_author_and_trash(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    note = household.entries.add(Draft.note(sam.id, "note by Sam"))
    memory = household.entries.add(Draft.memory(alex.id, "memory by Alex", date(2025, 5, 1), ZONE))
    checkin = household.entries.add(Draft.checkin(sam.id, 3))
    gone = household.entries.add(Draft.note(alex.id, "deleted by Alex"))
    household.entries.delete(gone.id)

    def ids(flt: TimelineFilter) -> set[uuid.UUID]:
        return {row.id for row in walk(household, flt, 2)}

    assert ids(TimelineFilter()) == {note.id, memory.id, checkin.id}
    assert ids(TimelineFilter(kinds=frozenset({EntryKind.NOTE}))) == {note.id}
    assert ids(TimelineFilter(kinds=frozenset({EntryKind.NOTE, EntryKind.CHECKIN}))) == {
        note.id,
        checkin.id,
    }
    assert ids(TimelineFilter(author_id=sam.id)) == {note.id, checkin.id}
    assert ids(TimelineFilter(author_id=alex.id)) == {memory.id}
    assert ids(TimelineFilter(trash=True)) == {gone.id}
    assert ids(TimelineFilter(trash=True, author_id=sam.id)) == set()


def test_count_between_counts_rows_after_the_cursor_back_to_a_time(
    household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    days = [clock.now() - timedelta(days=day) for day in range(30)]
    bulk_notes(household, sam.id, days)
    everything = TimelineFilter()
    ten_days_ago = clock.now() - timedelta(days=10)

    def count(after: Cursor | None, when: datetime) -> int:
        with Session(household.database.engine) as session:
            return timeline.count_between(session, everything, after, when)

    assert count(None, ten_days_ago) == 11
    first = household.entries.page(everything, None, 4)
    assert count(first.next_cursor, ten_days_ago) == 7
    assert count(None, clock.now() + timedelta(days=1)) == 0
    assert count(None, clock.now() - timedelta(days=365)) == 30


def test_newer_pages_walk_back_up_to_the_newest_without_gaps(
    household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    moment = clock.now() - timedelta(days=3)
    bulk_notes(household, sam.id, [moment] * 250)  # one timestamp: the tie-break must hold
    everything = TimelineFilter()
    newest_first = [row.id for row in household.entries.page(everything, None, 1000).rows]
    oldest = household.entries.page(everything, None, 1000).rows[-1]

    seen = [oldest.id]
    cursor: Cursor | None = Cursor(oldest.occurred_at, oldest.seq)
    while cursor is not None:
        page = household.entries.page_newer(everything, cursor, 40)
        seen[:0] = [row.id for row in page.rows]
        cursor = page.next_cursor

    assert seen == newest_first


# -- search -----------------------------------------------------------------------------------


@pytest.fixture
def searchable(household: Household, sam: PartnerInfo, alex: PartnerInfo) -> Household:
    for text_ in (
        "Un café au lait, je t'aime",
        "coffee at the cafe",
        'Don\'t forget the "quoted" words',
        "Party time 🎉 tonight",
        "I ❤️ you",
        "plan a and b, or else",
        "NEAR the lake",
        "Key: value * star - dash",
    ):
        household.entries.add(Draft.note(sam.id, text_))
    household.entries.add(
        Draft.memory(alex.id, "Lisbon trip", date(2025, 4, 2), ZONE, place="Alfama")
    )
    household.entries.add(Draft.checkin(alex.id, 4, ["grateful"]))
    return household


def test_search_folds_accents_both_ways(searchable: Household) -> None:
    both = {"Un café au lait, je t'aime", "coffee at the cafe"}

    assert found(searchable, "cafe") == both
    assert found(searchable, "CAFÉ") == both
    assert found(searchable, "café") == both


def test_search_matches_the_last_word_as_a_prefix_while_typing(searchable: Household) -> None:
    assert found(searchable, "cof") == {"coffee at the cafe"}
    assert found(searchable, "coffee ") == {"coffee at the cafe"}
    assert found(searchable, "cof ") == set()


def test_search_finds_emoji_on_their_own(searchable: Household) -> None:
    assert found(searchable, "🎉") == {"Party time 🎉 tonight"}
    assert found(searchable, "❤️") == {"I ❤️ you"}
    assert found(searchable, "❤") == {"I ❤️ you"}
    assert found(searchable, "party 🎉") == {"Party time 🎉 tonight"}
    assert found(searchable, "coffee 🎉") == set()


def test_search_joins_several_words_with_and(searchable: Household) -> None:
    assert found(searchable, "coffee cafe") == {"coffee at the cafe"}
    assert found(searchable, "coffee lake") == set()


def test_search_looks_at_titles_places_and_feelings(searchable: Household) -> None:
    assert found(searchable, "lisbon") == {"Lisbon trip"}
    assert found(searchable, "alfama") == {"Lisbon trip"}
    assert found(searchable, "grateful") == {""}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("t'aime", {"Un café au lait, je t'aime"}),
        ("don't", {'Don\'t forget the "quoted" words'}),
        ('"quoted"', {'Don\'t forget the "quoted" words'}),
        ('"quoted', {'Don\'t forget the "quoted" words'}),
        ("a AND b OR", {"plan a and b, or else"}),
        ("NEAR(", {"NEAR the lake"}),
        ("key:", {"Key: value * star - dash"}),
        ("star*", {"Key: value * star - dash"}),
        ("-dash", {"Key: value * star - dash"}),
    ],
)
def test_search_treats_punctuation_as_plain_text(
    searchable: Household, query: str, expected: set[str]
) -> None:
    assert found(searchable, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "*",
        "-",
        ":",
        "(",
        ")",
        '"',
        '""',
        "^",
        "+",
        "{}",
        "AND",
        "OR",
        "NOT",
        "a OR",
        "NEAR/3",
        "NEAR(lake, 2)",
    ],
)
def test_fts5_syntax_in_the_search_box_never_raises(searchable: Household, query: str) -> None:
    rows = searchable.entries.page(TimelineFilter(text=query), limit=1000).rows

    assert len(rows) <= searchable.entries.count()


def test_search_leaves_out_deleted_entries(household: Household, sam: PartnerInfo) -> None:
    record = household.entries.add(Draft.note(sam.id, "secret picnic"))
    household.entries.delete(record.id)

    assert found(household, "picnic") == set()
    assert {
        row.id for row in household.entries.page(TimelineFilter("picnic", trash=True)).rows
    } == {record.id}


def test_search_follows_edits(household: Household, sam: PartnerInfo) -> None:
    record = household.entries.add(Draft.note(sam.id, "meet at the bakery"))

    household.entries.edit(record.id, Draft.note(sam.id, "meet at the library"), record.version)

    assert found(household, "bakery") == set()
    assert found(household, "library") == {"meet at the library"}


def test_search_follows_undo_of_an_edit(household: Household, sam: PartnerInfo) -> None:
    record = household.entries.add(Draft.note(sam.id, "sunrise walk"))
    household.entries.edit(record.id, Draft.note(sam.id, "sunset walk"), record.version)

    household.history.undo()

    assert found(household, "sunrise") == {"sunrise walk"}
    assert found(household, "sunset") == set()


def test_parse_splits_words_and_symbols() -> None:
    terms = search.parse("Café 🎉! don't")

    assert terms.phrases == (("café",), ("don", "t"))
    assert terms.literals == ("🎉",)
    assert terms.prefix_last
    assert terms.fts_query() == '"café" AND "don t"*'
    assert search.parse("   ").empty
    assert not search.parse("word ").prefix_last


def _like_matches(household: Household, query: str) -> list[str]:
    """Run the non-SQLite (LIKE) search; it is plain SQL, so SQLite can answer it too."""
    with Session(household.database.engine) as session:
        bodies = session.scalars(
            select(Entry.body).where(
                Entry.deleted_at.is_(None), search.matches(query, "postgresql")
            )
        )
        return list(bodies)


def test_the_like_fallback_finds_words_and_emoji(searchable: Household) -> None:
    assert _like_matches(searchable, "coffee") == ["coffee at the cafe"]
    assert _like_matches(searchable, "COFFEE") == ["coffee at the cafe"]
    assert _like_matches(searchable, "cof") == ["coffee at the cafe"]
    assert _like_matches(searchable, "coffee cafe") == ["coffee at the cafe"]
    assert _like_matches(searchable, "coffee lake") == []
    assert _like_matches(searchable, "🎉") == ["Party time 🎉 tonight"]
    assert _like_matches(searchable, "❤️") == ["I ❤️ you"]
    assert _like_matches(searchable, "100%") == []
    assert _like_matches(searchable, "fame") == []  # "Alfama" is a place, not a body
    assert _like_matches(searchable, "alfama") == [""]
    assert len(_like_matches(searchable, "")) == searchable.entries.count()


# -- opening databases --------------------------------------------------------------------------


def test_a_new_file_is_created_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "closeness.sqlite3"

    engine = open_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    finally:
        engine.dispose()

    assert path.exists()
    assert mode == "wal"


def test_an_in_memory_database_opens(tmp_path: Path) -> None:
    engine = open_engine("sqlite://")
    try:
        assert ensure_schema(engine)
        assert "entries" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    path = folder / "letter.txt"
    path.write_bytes(b"Dear Alex,\nthis is not a database.\n" * 100)
    before = path.read_bytes()

    with pytest.raises(StoreError, match="is damaged: its first bytes are not those of a database"):
        open_engine(f"sqlite:///{path}")

    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["letter.txt"]


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_engine(f"sqlite:///{tmp_path}")


def test_a_folder_that_cannot_be_made_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")

    with pytest.raises(StoreError, match="Cannot create the folder"):
        open_engine(f"sqlite:///{blocker / 'sub' / 'closeness.sqlite3'}")


@pytest.mark.parametrize("url", ["not a url", "://nothing", ""])
def test_a_bad_url_is_refused(url: str) -> None:
    with pytest.raises(StoreError, match="is not a database address"):
        open_engine(url)


def test_an_unknown_driver_is_refused() -> None:
    with pytest.raises(StoreError, match="cannot talk to “nosuchdb” databases"):
        open_engine("nosuchdb://x")


def test_an_unknown_driver_of_a_known_database_is_refused() -> None:
    with pytest.raises(StoreError, match="postgresql"):
        open_engine("postgresql+nosuchdriver://user@localhost/x")


def test_another_programs_sqlite_file_is_refused_and_left_untouched(
    tmp_path: Path, clock: FakeClock
) -> None:
    folder = tmp_path / "other"
    folder.mkdir()
    path = folder / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE foo (x INTEGER)")
        connection.execute("INSERT INTO foo VALUES (42)")
    connection.close()
    before = path.read_bytes()

    with pytest.raises(StoreError, match="belongs to another program"):
        Household.open(f"sqlite:///{path}", clock)

    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["other.sqlite3"]


def test_an_existing_household_opens_without_migrating(
    data_dir: Path, household: Household
) -> None:
    engine = open_engine(f"sqlite:///{data_dir / 'closeness.sqlite3'}")
    try:
        assert not ensure_schema(engine)
        with engine.connect() as connection:
            names = connection.execute(text("SELECT name FROM partners ORDER BY position"))
            assert [row[0] for row in names] == ["Sam", "Alex"]
    finally:
        engine.dispose()
