"""Special days on a real SQLite household: add, edit, remove, undo, validation, and the
memories "On this day" brings back (local midnights and 29 February included)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from pathlib import Path

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import (
    Area,
    Change,
    ConflictError,
    Draft,
    EntryKind,
    Household,
    NotFoundError,
    PartnerInfo,
    ValidationError,
)
from closeness_desktop.special_days import DayKind
from tests.conftest import ZONE


def changes_of(household: Household) -> list[Change]:
    seen: list[Change] = []
    household.changed.connect(seen.append)
    return seen


def test_add_announces_one_change_and_undo_takes_it_away(household: Household) -> None:
    seen = changes_of(household)
    added = household.special_days.add("anniversary", "Our anniversary", date(2021, 12, 8))
    assert [change.areas for change in seen] == [frozenset({Area.SPECIAL_DAYS})]
    assert household.special_days.all() == [added]
    assert household.history.undo_text() == "add a special day"
    household.history.undo()
    assert household.special_days.all() == []
    household.history.redo()
    assert [each.title for each in household.special_days.all()] == ["Our anniversary"]


def test_a_birthday_belongs_to_a_partner(household: Household, sam: PartnerInfo) -> None:
    with pytest.raises(ValidationError, match="whose birthday"):
        household.special_days.add("birthday", "Birthday", date(1994, 11, 27))
    with pytest.raises(ValidationError, match="not part of this household"):
        household.special_days.add(
            "birthday", "Birthday", date(1994, 11, 27), partner_id=uuid.uuid4()
        )
    birthday = household.special_days.add(
        DayKind.BIRTHDAY, "Birthday", date(1994, 11, 27), partner_id=sam.id
    )
    assert birthday.partner_id == sam.id
    (coming,) = household.special_days.upcoming()
    assert (coming.on, coming.days_until) == (date(2026, 11, 27), 1)


def test_validation_in_words(household: Household) -> None:
    with pytest.raises(ValidationError, match="Give the day a name"):
        household.special_days.add("own", " ", date(2020, 1, 1))
    with pytest.raises(ValidationError, match="still to come"):
        household.special_days.add("anniversary", "Ours", date(2027, 1, 1))
    with pytest.raises(ValidationError, match="up to 200"):
        household.special_days.add("own", "x" * 201, date(2020, 1, 1))
    # A day ahead once is a countdown; a day past once is a memory of it, with none.
    ahead = household.special_days.add("own", "Lisbon", date(2027, 1, 1), yearly=False)
    past = household.special_days.add("own", "Wedding", date(2019, 1, 1), yearly=False)
    assert [item.day for item in household.special_days.upcoming()] == [ahead]
    assert past in household.special_days.all()


def test_edit_checks_the_version_and_undo_goes_back(household: Household) -> None:
    day = household.special_days.add("own", "Moving in", date(2023, 12, 8))
    changed = household.special_days.edit(
        day.id, day.version, kind="own", title="The day we moved in", on_date=date(2023, 12, 9)
    )
    assert changed.version == 2
    assert household.special_days.get(day.id).on_date == date(2023, 12, 9)
    with pytest.raises(ConflictError):
        household.special_days.edit(
            day.id, day.version, kind="own", title="Stale", on_date=date(2023, 12, 8)
        )
    household.history.undo()
    back = household.special_days.get(day.id)
    assert (back.title, back.on_date) == ("Moving in", date(2023, 12, 8))


def test_undo_over_the_other_accounts_change_asks_first(
    household: Household, data_dir: Path, clock: FakeClock
) -> None:
    day = household.special_days.add("own", "Moving in", date(2023, 12, 8))
    other = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    try:
        other.special_days.edit(
            day.id, day.version, kind="own", title="Moved in", on_date=date(2023, 12, 8)
        )
    finally:
        other.close()
    with pytest.raises(ConflictError):
        household.history.undo()
    household.history.undo(force=True)
    assert household.special_days.all() == []


def test_delete_is_soft_and_undone(household: Household) -> None:
    day = household.special_days.add("own", "First date", date(2020, 6, 1))
    seen = changes_of(household)
    household.special_days.delete(day.id, day.version)
    assert household.special_days.all() == []
    with pytest.raises(NotFoundError):
        household.special_days.get(day.id)
    assert household.history.undo_text() == "remove a special day"
    household.history.undo()
    assert [each.id for each in household.special_days.all()] == [day.id]
    assert len(seen) == 2


def test_on_the_day(household: Household, clock: FakeClock) -> None:
    household.special_days.add("own", "The day we moved in", date(2023, 11, 26))
    household.special_days.add("own", "Another day", date(2023, 11, 27))
    assert [day.title for day in household.special_days.on_the_day()] == ["The day we moved in"]


def memory(household: Household, author: PartnerInfo, title: str, when: datetime) -> None:
    household.entries.add(
        Draft(EntryKind.MEMORY, author.id, title=title, occurred_at=when, all_day=True)
    )


def local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, ZONE)


def test_on_this_day_finds_earlier_years_by_local_date(
    household: Household, sam: PartnerInfo
) -> None:
    # Today is 26 November 2026 in Berlin (UTC+1): local midnight is 23:00 UTC the day before.
    memory(household, sam, "Just after midnight", local(date(2025, 11, 26), time(0, 0)))
    memory(household, sam, "Just before midnight", local(date(2023, 11, 26), time(23, 59)))
    memory(household, sam, "The evening before", local(date(2025, 11, 25), time(23, 59)))
    memory(household, sam, "The morning after", local(date(2024, 11, 27), time(0, 0)))
    memory(household, sam, "Today itself", local(date(2026, 11, 26), time(9)))
    household.entries.add(Draft.note(sam.id, "A note, not a memory"))
    gone = household.entries.add(
        Draft(
            EntryKind.MEMORY,
            sam.id,
            title="Deleted",
            occurred_at=local(date(2024, 11, 26), time(12)),
        )
    )
    household.entries.delete(gone.id)
    found = household.special_days.on_this_day()
    assert [entry.title for entry in found] == ["Just after midnight", "Just before midnight"]


def test_on_this_day_newest_first_and_limited(household: Household, sam: PartnerInfo) -> None:
    for year in range(2000, 2026):
        memory(household, sam, f"In {year}", local(date(year, 11, 26), time(12)))
    found = household.special_days.on_this_day(limit=5)
    assert [entry.title for entry in found] == [f"In {year}" for year in range(2025, 2020, -1)]


def test_on_this_day_across_leap_years(
    household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    memory(household, sam, "Leap day", local(date(2024, 2, 29), time(0, 5)))
    memory(household, sam, "An ordinary 28th", local(date(2023, 2, 28), time(20)))
    memory(household, sam, "A leap-year 28th", local(date(2024, 2, 28), time(20)))
    days = household.special_days
    # 28 February 2027 has no 29th after it: the leap day comes along.
    assert [e.title for e in days.on_this_day(date(2027, 2, 28))] == [
        "Leap day",
        "A leap-year 28th",
        "An ordinary 28th",
    ]
    # 28 February 2028: the 29th has its own day tomorrow.
    assert "Leap day" not in [e.title for e in days.on_this_day(date(2028, 2, 28))]
    assert [e.title for e in days.on_this_day(date(2028, 2, 29))] == ["Leap day"]
    clock.set(local(date(2027, 3, 1), time(10)))
    assert days.on_this_day() == []


def test_on_this_day_without_memories(household: Household) -> None:
    assert household.special_days.on_this_day() == []


def test_on_this_day_follows_the_households_zone(
    household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    # 00:30 in Berlin on the 26th is still the 25th in UTC: the local date counts.
    memory(household, sam, "Early", local(date(2025, 11, 26), time(0, 30)))
    assert [e.title for e in household.special_days.on_this_day(date(2026, 11, 26))] == ["Early"]
    assert household.special_days.on_this_day(date(2026, 11, 25)) == []
