"""Several operations as one undo step: taken back and redone together, or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import ConflictError, Draft, Household


@pytest.fixture
def url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'closeness.sqlite3'}"


@pytest.fixture
def alex_home(url: str, clock: FakeClock) -> Iterator[Household]:
    household = Household.open(url, clock)
    household.partners.setup(["Alex", "Sam"])
    yield household
    household.close()


def bodies(household: Household, *ids: object) -> list[str]:
    return [household.entries.get(entry_id).body for entry_id in ids]  # type: ignore[arg-type]


def test_what_one_step_holds_is_undone_and_redone_together(alex_home: Household) -> None:
    alex = alex_home.partners.named("Alex").id
    first = alex_home.entries.add(Draft.note(alex, "Tea at four"))
    second = alex_home.entries.add(Draft.note(alex, "Bring the blanket"))

    with alex_home.history.one_step("change both"):
        alex_home.entries.edit(first.id, Draft.note(alex, "Tea at five"), first.version)
        alex_home.entries.edit(second.id, Draft.note(alex, "Bring two"), second.version)

    assert alex_home.history.undo_text() == "change both"
    assert alex_home.history.undo() == "change both"
    assert bodies(alex_home, first.id, second.id) == ["Tea at four", "Bring the blanket"]
    assert alex_home.history.undo_text() == "add note"
    assert alex_home.history.redo() == "change both"
    assert bodies(alex_home, first.id, second.id) == ["Tea at five", "Bring two"]


def test_a_step_with_one_operation_keeps_its_own_words(alex_home: Household) -> None:
    alex = alex_home.partners.named("Alex").id
    with alex_home.history.one_step("edit memory"):
        alex_home.entries.add(Draft.note(alex, "Only this"))
    assert alex_home.history.undo_text() == "add note"


def test_a_conflict_in_one_part_takes_back_none_of_it(
    alex_home: Household, url: str, clock: FakeClock
) -> None:
    alex = alex_home.partners.named("Alex").id
    first = alex_home.entries.add(Draft.note(alex, "Tea at four"))
    second = alex_home.entries.add(Draft.note(alex, "Bring the blanket"))
    with alex_home.history.one_step("change both"):
        first = alex_home.entries.edit(first.id, Draft.note(alex, "Tea at five"), first.version)
        alex_home.entries.edit(second.id, Draft.note(alex, "Bring two"), second.version)
    sam_home = Household.open(url, clock)
    try:
        # The other window changes the first note; the step undoes the second one first.
        sam_home.entries.edit(first.id, Draft.note(alex, "Tea at six"), first.version)
    finally:
        sam_home.close()

    with pytest.raises(ConflictError):
        alex_home.history.undo()

    assert bodies(alex_home, first.id, second.id) == ["Tea at six", "Bring two"]
    assert alex_home.history.undo_text() == "change both"  # still there, to undo anyway
    alex_home.history.undo(force=True)
    assert bodies(alex_home, first.id, second.id) == ["Tea at four", "Bring the blanket"]
