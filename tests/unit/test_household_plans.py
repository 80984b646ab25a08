"""Date-night plans in the household: saving, undo, calendar import, remembering a date."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.dates import recurrence
from closeness_desktop.dates.ical import ImportPreview
from closeness_desktop.dates.model import DatePlan, PlanState
from closeness_desktop.household import Draft, Household, PartnerInfo, ValidationError
from closeness_desktop.store.models import EntryKind
from closeness_desktop.store.timeline import TimelineFilter

BERLIN = ZoneInfo("Europe/Berlin")


def fridays(uid: str = "fridays@test") -> DatePlan:
    return DatePlan(
        uid=uid,
        title="Dinner by the river",
        start=datetime(2026, 11, 27, 19, tzinfo=BERLIN),
        end=datetime(2026, 11, 27, 22, tzinfo=BERLIN),
        where="The old mill",
        rrule=recurrence.every_n_weeks(4, 2),
        zone="Europe/Berlin",
    )


def test_a_saved_plan_is_on_the_timeline_and_comes_back_whole(
    household: Household, alex: PartnerInfo
) -> None:
    saved = household.plans.save(fridays(), alex.id)

    assert saved.plan == dataclasses.replace(fridays(), planned_by="Alex")
    assert saved.entry.kind is EntryKind.PLAN
    assert saved.entry.author_id == alex.id
    rows = household.entries.page(TimelineFilter(kinds=frozenset({EntryKind.PLAN}))).rows
    assert [row.title for row in rows] == ["Dinner by the river"]


def test_saving_again_updates_by_uid_and_undo_restores(
    household: Household, alex: PartnerInfo
) -> None:
    first = household.plans.save(fridays(), alex.id)
    household.plans.save(dataclasses.replace(fridays(), where="Home"), alex.id, first.version)

    assert len(household.plans.all()) == 1
    assert household.plans.get("fridays@test").plan.where == "Home"
    assert household.history.undo() == "change a date night"
    assert household.plans.get("fridays@test").plan.where == "The old mill"
    assert household.history.undo() == "plan a date night"
    assert household.plans.all() == []


def test_an_invalid_plan_is_refused_with_a_sentence(
    household: Household, alex: PartnerInfo
) -> None:
    bad = dataclasses.replace(fridays(), end=datetime(2026, 11, 27, 18, tzinfo=BERLIN))

    with pytest.raises(ValidationError):
        household.plans.save(bad, alex.id)
    assert household.plans.all() == []


def test_a_quick_plan_from_the_composer_is_a_plan_too(
    household: Household, sam: PartnerInfo
) -> None:
    household.entries.add(
        Draft.plan(sam.id, "Picnic", datetime(2026, 12, 5, 13, tzinfo=BERLIN), "Park")
    )

    (record,) = household.plans.all()
    assert record.plan.title == "Picnic"
    assert record.plan.where == "Park"
    assert record.plan.zone == "Europe/Berlin"
    assert record.plan.reminders == (timedelta(days=1), timedelta(hours=1))


def test_an_import_is_all_or_nothing(household: Household, sam: PartnerInfo) -> None:
    good = fridays("good@test")
    broken = dataclasses.replace(fridays("broken@test"), title="")

    with pytest.raises(ValidationError):
        household.plans.import_calendar(ImportPreview(new_plans=(good, broken)), sam.id)
    assert household.plans.all() == []

    assert household.plans.import_calendar(ImportPreview(new_plans=(good,)), sam.id) == 1
    assert household.history.undo() == "import 1 date nights"
    assert household.plans.all() == []


def test_remembering_a_date_makes_a_memory_and_marks_only_that_evening_done(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    household.plans.save(fridays(), alex.id)
    first, second = recurrence.occurrences(
        household.plans.get("fridays@test").plan, clock.now(), clock.now() + timedelta(days=20)
    )
    clock.advance(timedelta(days=1, hours=5))

    memory = household.plans.remember(
        "fridays@test", first.original_start, {sam.id: "Lovely", alex.id: "The river at dusk"}
    )

    assert memory.kind is EntryKind.MEMORY
    assert memory.title == "Dinner by the river"
    assert memory.body == "Sam: Lovely\nAlex: The river at dusk"
    assert memory.place == "The old mill"
    states = [
        o.state
        for o in recurrence.occurrences(
            household.plans.get("fridays@test").plan, first.start, second.start + timedelta(hours=1)
        )
    ]
    assert states == [PlanState.DONE, PlanState.PLANNED]
    assert household.history.undo() == "remember a date night"
    assert household.entries.get(memory.id).deleted_at is not None
    evening = recurrence.find_evening(
        household.plans.get("fridays@test").plan, first.original_start
    )
    assert evening is not None
    assert evening.state is PlanState.PLANNED


def test_plans_can_be_read_for_a_window_of_time(household: Household, sam: PartnerInfo) -> None:
    """The tray reads only the plans that can matter now, not every plan of ten years."""
    old_series = dataclasses.replace(
        fridays("series@test"), start=fridays().start.replace(year=2020)
    )
    long_ago = dataclasses.replace(
        fridays("past@test"), rrule=None, start=fridays().start.replace(year=2021)
    )
    soon = dataclasses.replace(fridays("soon@test"), rrule=None)
    for plan in (old_series, long_ago, soon):
        household.plans.save(dataclasses.replace(plan, end=None), sam.id)

    found = household.plans.all(
        starting_before=datetime(2026, 12, 5, tzinfo=BERLIN),
        ending_after=datetime(2026, 11, 20, tzinfo=BERLIN),
    )

    assert {record.plan.uid for record in found} == {"series@test", "soon@test"}
    assert len(household.plans.all()) == 3
