"""Nothing overwritten silently: two households on one file, as two accounts sharing a folder.

Alex's window and Sam's window each hold a :class:`Household` of their own on the same
SQLite file. Every kind of data a person changes is written only at the version it was
read at; a stale write, an undo or a redo over the other's later change is refused with
:class:`ConflictError` carrying the newer version, and the newer version stays.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.dates.ideas import load_builtin_ideas
from closeness_desktop.dates.model import DatePlan
from closeness_desktop.dates.recurrence import find_evening
from closeness_desktop.household import (
    Area,
    Change,
    ConflictError,
    Draft,
    EntryRecord,
    Household,
    PlanRecord,
)
from closeness_desktop.household.settings import StoredSetting
from closeness_desktop.rituals.config import RitualSettings

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'closeness.sqlite3'}"


@pytest.fixture
def alex_home(url: str, clock: FakeClock) -> Iterator[Household]:
    household = Household.open(url, clock)
    household.partners.setup(["Alex", "Sam"])
    yield household
    household.close()


@pytest.fixture
def sam_home(alex_home: Household, url: str, clock: FakeClock) -> Iterator[Household]:
    household = Household.open(url, clock)
    yield household
    household.close()


def dinner(title: str = "Dinner at ours") -> DatePlan:
    start = datetime(2026, 12, 4, 19, 30, tzinfo=BERLIN)
    return DatePlan(
        uid="dinner@test", title=title, start=start, end=start + timedelta(hours=2),
        zone="Europe/Berlin",
    )  # fmt: skip


# -- timeline entries -------------------------------------------------------------------------


def test_a_stale_edit_of_a_note_is_refused_and_carries_the_newer_note(
    alex_home: Household, sam_home: Household
) -> None:
    alex = alex_home.partners.named("Alex").id
    note = alex_home.entries.add(Draft.note(alex, "See you at seven"))
    alex_home.entries.edit(note.id, Draft.note(alex, "See you at eight"), note.version)

    with pytest.raises(ConflictError) as raised:
        sam_home.entries.edit(note.id, Draft.note(alex, "See you at six"), note.version)

    assert isinstance(raised.value.current, EntryRecord)
    assert raised.value.current.body == "See you at eight"
    assert sam_home.entries.get(note.id).body == "See you at eight"


def test_undo_does_not_overwrite_the_partners_later_edit(
    alex_home: Household, sam_home: Household
) -> None:
    sam = sam_home.partners.named("Sam").id
    note = sam_home.entries.add(Draft.note(sam, "Pasta tonight?"))
    edited = sam_home.entries.edit(note.id, Draft.note(sam, "Pizza tonight?"), note.version)
    alex_home.entries.edit(note.id, Draft.note(sam, "Pizza tonight? Yes!"), edited.version)

    with pytest.raises(ConflictError) as raised:
        sam_home.history.undo()

    assert sam_home.entries.get(note.id).body == "Pizza tonight? Yes!"
    assert isinstance(raised.value.current, EntryRecord)
    assert sam_home.history.undo_text() == "edit note"  # still there, to undo knowingly
    assert sam_home.history.undo(force=True) == "edit note"
    assert sam_home.entries.get(note.id).body == "Pasta tonight?"


def test_undoing_an_add_leaves_a_note_the_partner_has_since_edited(
    alex_home: Household, sam_home: Household
) -> None:
    sam = sam_home.partners.named("Sam").id
    note = sam_home.entries.add(Draft.note(sam, "Breakfast in bed on Sunday"))
    alex_home.entries.edit(note.id, Draft.note(sam, "Breakfast in bed, both of us"), 1)

    with pytest.raises(ConflictError):
        sam_home.history.undo()

    assert sam_home.entries.get(note.id).deleted_at is None


def test_redo_does_not_overwrite_the_partners_later_edit(
    alex_home: Household, sam_home: Household
) -> None:
    sam = sam_home.partners.named("Sam").id
    note = sam_home.entries.add(Draft.note(sam, "one"))
    sam_home.entries.edit(note.id, Draft.note(sam, "two"), note.version)
    sam_home.history.undo()
    back = sam_home.entries.get(note.id)
    alex_home.entries.edit(note.id, Draft.note(sam, "three"), back.version)

    with pytest.raises(ConflictError):
        sam_home.history.redo()

    assert sam_home.entries.get(note.id).body == "three"


def test_undo_of_a_trashing_leaves_an_entry_the_partner_restored_and_changed(
    alex_home: Household, sam_home: Household
) -> None:
    sam = sam_home.partners.named("Sam").id
    note = sam_home.entries.add(Draft.note(sam, "Our song"))
    sam_home.entries.delete(note.id)
    alex_home.entries.restore(note.id)
    alex_home.entries.delete(note.id)

    with pytest.raises(ConflictError):
        sam_home.history.undo()


def test_the_same_windows_own_steps_undo_in_a_row(alex_home: Household) -> None:
    alex = alex_home.partners.named("Alex").id
    note = alex_home.entries.add(Draft.note(alex, "one"))
    alex_home.entries.edit(note.id, Draft.note(alex, "two"), note.version)
    alex_home.entries.delete(note.id)

    assert [alex_home.history.undo() for _ in range(3)] == ["delete note", "edit note", "add note"]
    assert [alex_home.history.redo() for _ in range(3)] == ["add note", "edit note", "delete note"]


# -- date-night plans -------------------------------------------------------------------------


def test_a_stale_copy_of_a_plan_does_not_overwrite_the_partners_title(
    alex_home: Household, sam_home: Household
) -> None:
    alex = alex_home.partners.named("Alex").id
    first = alex_home.plans.save(dinner(), alex)
    sams_copy = sam_home.plans.get("dinner@test")
    alex_home.plans.save(dinner("Dinner at Mario's"), alex, first.version)

    with pytest.raises(ConflictError) as raised:
        sam_home.plans.save(
            dataclasses.replace(sams_copy.plan, where="Home"), alex, sams_copy.version
        )

    assert isinstance(raised.value.current, PlanRecord)
    assert raised.value.current.plan.title == "Dinner at Mario's"
    assert sam_home.plans.get("dinner@test").plan.title == "Dinner at Mario's"


def test_undoing_a_plan_change_leaves_the_partners_later_change(
    alex_home: Household, sam_home: Household
) -> None:
    alex = alex_home.partners.named("Alex").id
    first = sam_home.plans.save(dinner(), alex)
    changed = sam_home.plans.save(dinner("Dinner for two"), alex, first.version)
    alex_home.plans.save(dinner("Dinner at Mario's"), alex, changed.version)

    with pytest.raises(ConflictError):
        sam_home.history.undo()

    assert sam_home.plans.get("dinner@test").plan.title == "Dinner at Mario's"


def test_a_plan_cannot_be_planned_twice_as_new(alex_home: Household, sam_home: Household) -> None:
    alex = alex_home.partners.named("Alex").id
    alex_home.plans.save(dinner(), alex)

    with pytest.raises(ConflictError):
        sam_home.plans.save(dinner("Another dinner"), alex)

    assert sam_home.plans.get("dinner@test").plan.title == "Dinner at ours"


def test_remembering_an_evening_is_one_transaction_one_step_one_change(
    alex_home: Household, clock: FakeClock
) -> None:
    alex = alex_home.partners.named("Alex").id
    record = alex_home.plans.save(dinner(), alex)
    clock.set(datetime(2026, 12, 5, 10, tzinfo=BERLIN))
    seen: list[Change] = []
    alex_home.changed.connect(seen.append)

    memory = alex_home.plans.remember(
        "dinner@test", record.plan.start, {alex: "The candles, and the rain outside."}
    )

    assert [change.areas for change in seen] == [frozenset({Area.ENTRIES, Area.PLANS})]
    assert memory.id in seen[0].entry_ids
    assert alex_home.history.undo() == "remember a date night"
    assert alex_home.entries.get(memory.id).deleted_at is not None
    evening = find_evening(alex_home.plans.get("dinner@test").plan, record.plan.start)
    assert evening is not None
    assert evening.state.value == "planned"


def test_remembering_reads_the_plan_afresh(
    alex_home: Household, sam_home: Household, clock: FakeClock
) -> None:
    alex = alex_home.partners.named("Alex").id
    record = alex_home.plans.save(dinner(), alex)
    sam_home.plans.save(dinner("Dinner at Mario's"), alex, record.version)
    clock.set(datetime(2026, 12, 5, 10, tzinfo=BERLIN))

    # The evening is read afresh, so remembering it works on the newer plan.
    memory = alex_home.plans.remember("dinner@test", record.plan.start, {alex: "Lovely."})

    assert memory.title == "Dinner at Mario's"


# -- the idea jar -----------------------------------------------------------------------------


def test_own_ideas_added_on_two_computers_are_both_kept(
    alex_home: Household, sam_home: Household
) -> None:
    alex_home.ideas.all()
    sam_home.ideas.all()

    alex_home.ideas.add_own("Stargazing on the roof")
    sam_home.ideas.add_own("Pancake Sunday")

    titles = {idea.title for idea in alex_home.ideas.all()}
    assert {"Stargazing on the roof", "Pancake Sunday"} <= titles


def test_ideas_done_on_two_computers_are_both_kept(
    alex_home: Household, sam_home: Household
) -> None:
    first, second = load_builtin_ideas()[:2]
    alex_home.ideas.done()
    sam_home.ideas.done()

    alex_home.ideas.mark_done(first.id, date(2026, 11, 20))
    sam_home.ideas.mark_done(second.id, date(2026, 11, 21))

    assert alex_home.ideas.done() == {first.id: date(2026, 11, 20), second.id: date(2026, 11, 21)}


def test_undoing_an_idea_done_leaves_the_partners_later_mark(
    alex_home: Household, sam_home: Household
) -> None:
    idea = load_builtin_ideas()[0]
    alex_home.ideas.mark_done(idea.id, date(2026, 11, 20))
    sam_home.ideas.mark_done(idea.id, date(2026, 11, 27))

    with pytest.raises(ConflictError):
        alex_home.history.undo()

    assert alex_home.ideas.done()[idea.id] == date(2026, 11, 27)


def test_undoing_an_own_idea_takes_it_out_of_the_jar(alex_home: Household) -> None:
    idea = alex_home.ideas.add_own("Picnic at the lake")

    assert alex_home.history.undo() == "add an idea"
    assert idea not in alex_home.ideas.all()
    assert alex_home.history.redo() == "add an idea"
    assert idea in alex_home.ideas.all()


# -- ritual settings --------------------------------------------------------------------------


def test_stale_ritual_settings_are_refused_and_carry_the_newer_ones(
    alex_home: Household, sam_home: Household
) -> None:
    sams_copy = sam_home.rituals.settings()
    alex_home.rituals.save_settings(dataclasses.replace(alex_home.rituals.settings(), daily_cap=1))

    with pytest.raises(ConflictError) as raised:
        sam_home.rituals.save_settings(dataclasses.replace(sams_copy, daily_cap=5))

    assert isinstance(raised.value.current, RitualSettings)
    assert raised.value.current.daily_cap == 1
    assert sam_home.rituals.settings().daily_cap == 1


def test_saved_settings_can_be_saved_again_at_their_new_version(alex_home: Household) -> None:
    saved = alex_home.rituals.save_settings(alex_home.rituals.settings())

    again = alex_home.rituals.save_settings(dataclasses.replace(saved, daily_cap=2))

    assert again.version == saved.version + 1
    assert alex_home.rituals.settings().daily_cap == 2


def test_a_snooze_and_a_pause_on_two_computers_are_both_kept(
    alex_home: Household, sam_home: Household, clock: FakeClock
) -> None:
    now = clock.now()
    alex_home.rituals.settings()
    sam_home.rituals.settings()

    alex_home.rituals.snooze("checkin", now, now + timedelta(minutes=10))
    sam_home.rituals.pause(now + timedelta(hours=1))

    settings = alex_home.rituals.settings()
    assert settings.snoozes == {("checkin", now): now + timedelta(minutes=10)}
    assert settings.paused_until == now + timedelta(hours=1)


# -- what each change says --------------------------------------------------------------------


def test_each_operation_announces_only_the_areas_it_touched(
    alex_home: Household, clock: FakeClock
) -> None:
    alex = alex_home.partners.named("Alex").id
    seen: list[Change] = []
    alex_home.changed.connect(seen.append)
    origin = object()

    alex_home.entries.add(Draft.note(alex, "Hello"), origin=origin)
    alex_home.plans.save(dinner(), alex)
    alex_home.ideas.add_own("Board games")
    alex_home.rituals.pause(clock.now() + timedelta(hours=1))
    alex_home.rituals.save_visit(alex, alex_home.rituals.visit(alex))

    assert [change.areas for change in seen] == [
        frozenset({Area.ENTRIES}),
        frozenset({Area.ENTRIES, Area.PLANS}),
        frozenset({Area.IDEAS}),
        frozenset({Area.RITUALS}),
        frozenset({Area.VISITS}),
    ]
    assert seen[0].origin is origin
    assert seen[1].origin is None


def test_an_undo_refused_halfway_changes_nothing(
    alex_home: Household, sam_home: Household, clock: FakeClock
) -> None:
    """Remembering an evening writes a memory and a plan; if the partner has since changed
    the memory, Undo touches neither, and can still be done knowingly afterwards."""
    alex = alex_home.partners.named("Alex").id
    record = alex_home.plans.save(dinner(), alex)
    clock.set(datetime(2026, 12, 5, 10, tzinfo=BERLIN))
    memory = alex_home.plans.remember("dinner@test", record.plan.start, {alex: "Lovely."})
    done = alex_home.plans.get("dinner@test")
    sam_home.entries.edit(
        memory.id,
        Draft.memory(alex, memory.title, date(2026, 12, 4), BERLIN, text="Lovely, and late."),
        memory.version,
    )

    with pytest.raises(ConflictError):
        alex_home.history.undo()

    assert alex_home.plans.get("dinner@test").version == done.version
    assert alex_home.entries.get(memory.id).deleted_at is None
    assert alex_home.history.undo(force=True) == "remember a date night"
    assert alex_home.entries.get(memory.id).deleted_at is not None


def test_a_stale_setting_is_refused_and_carries_the_newer_value(
    alex_home: Household, sam_home: Household
) -> None:
    sams_copy = sam_home.settings.read("window.theme", "light")
    alex_home.settings.write(
        "window.theme", "dark", alex_home.settings.read("window.theme").version
    )

    with pytest.raises(ConflictError) as raised:
        sam_home.settings.write("window.theme", "sepia", sams_copy.version)

    assert raised.value.current == StoredSetting("dark", 1)
    assert sam_home.settings.read("window.theme").value == "dark"
