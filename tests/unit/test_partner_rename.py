"""Partners change their name and colour after set-up: checked like set-up, written only at
the version read, one undo step, one PARTNERS change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import (
    Area,
    Change,
    ConflictError,
    Household,
    PartnerInfo,
    ValidationError,
)


def test_a_rename_keeps_the_new_name_and_colour_and_moves_the_version(
    household: Household, alex: PartnerInfo
) -> None:
    renamed = household.partners.update(alex.id, "  Lex ", "#3366aa", alex.version)

    assert (renamed.name, renamed.colour) == ("Lex", "#3366AA")
    assert renamed.version == alex.version + 1
    assert household.partners.get(alex.id) == renamed
    assert household.partners.named("lex").id == alex.id


def test_a_rename_announces_one_partners_change_with_its_origin(
    household: Household, alex: PartnerInfo
) -> None:
    seen: list[Change] = []
    household.changed.connect(seen.append)
    origin = object()

    household.partners.update(alex.id, "Lex", alex.colour, alex.version, origin=origin)

    assert [(change.areas, change.origin) for change in seen] == [
        (frozenset({Area.PARTNERS}), origin)
    ]


@pytest.mark.parametrize(
    ("name", "colour", "says"),
    [
        ("   ", "#3F7F8C", "needs a name"),
        ("x" * 41, "#3F7F8C", "up to 40"),
        ("sam", "#3F7F8C", "Sam is already called that"),
        ("Lex", "teal", "is not a colour like"),
        ("Lex", "#12345", "is not a colour like"),
    ],
)
def test_a_rename_is_checked_like_the_set_up_and_changes_nothing_when_refused(
    household: Household, alex: PartnerInfo, name: str, colour: str, says: str
) -> None:
    with pytest.raises(ValidationError, match=says):
        household.partners.update(alex.id, name, colour, alex.version)

    assert household.partners.get(alex.id) == alex
    assert household.history.undo_text() is None


def test_a_partner_may_keep_their_name_and_change_only_the_colour(
    household: Household, alex: PartnerInfo
) -> None:
    recoloured = household.partners.update(alex.id, "Alex", "#8C6BB1", alex.version)

    assert (recoloured.name, recoloured.colour) == ("Alex", "#8C6BB1")


def test_undo_gives_back_the_old_name_and_redo_the_new(
    household: Household, alex: PartnerInfo
) -> None:
    household.partners.update(alex.id, "Lex", "#8C6BB1", alex.version)

    assert household.history.undo_text() == "change a name or colour"
    household.history.undo()
    back = household.partners.get(alex.id)
    assert (back.name, back.colour) == ("Alex", alex.colour)

    household.history.redo()
    again = household.partners.get(alex.id)
    assert (again.name, again.colour) == ("Lex", "#8C6BB1")


@pytest.fixture
def sam_home(household: Household, data_dir: Path, clock: FakeClock) -> Iterator[Household]:
    """The same household file, opened by the other account."""
    other = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    yield other
    other.close()


def test_a_rename_from_a_stale_read_is_refused_and_carries_the_newer_partner(
    household: Household, sam_home: Household, alex: PartnerInfo
) -> None:
    sam_home.partners.update(alex.id, "Lex", alex.colour, alex.version)

    with pytest.raises(ConflictError) as refused:
        household.partners.update(alex.id, "Al", alex.colour, alex.version)

    assert isinstance(refused.value.current, PartnerInfo)
    assert refused.value.current.name == "Lex"
    assert household.partners.get(alex.id).name == "Lex"


def test_undo_over_the_others_later_rename_asks_first(
    household: Household, sam_home: Household, alex: PartnerInfo
) -> None:
    mine = household.partners.update(alex.id, "Lex", alex.colour, alex.version)
    sam_home.partners.update(alex.id, "Alexandra", alex.colour, mine.version)

    with pytest.raises(ConflictError, match="changed since"):
        household.history.undo()
    assert household.partners.get(alex.id).name == "Alexandra"

    household.history.undo(force=True)
    assert household.partners.get(alex.id).name == "Alex"


def test_undo_meeting_a_name_taken_since_is_refused_even_when_forced(
    household: Household, sam_home: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    household.partners.update(alex.id, "Lex", alex.colour, alex.version)
    sam_home.partners.update(sam.id, "Alex", sam.colour, sam.version)

    with pytest.raises(ConflictError, match="Alex is called that now"):
        household.history.undo(force=True)

    assert {p.name for p in household.partners.all()} == {"Lex", "Alex"}
