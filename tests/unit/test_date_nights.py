"""Date-night reminders and the "how was it?" question, as the ritual rules see them."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from closeness_desktop.dates import recurrence
from closeness_desktop.dates.model import DatePlan, PlanState
from closeness_desktop.rituals import date_nights, rules

BERLIN = ZoneInfo("Europe/Berlin")
FRIDAY_7PM = datetime(2026, 11, 27, 19, tzinfo=BERLIN)


def plan(**changes: object) -> DatePlan:
    base = DatePlan(
        uid="p1@test",
        title="Dinner by the river",
        start=FRIDAY_7PM,
        end=FRIDAY_7PM + timedelta(hours=3),
        where="The old mill",
        zone="Europe/Berlin",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_reminders_come_the_day_before_and_an_hour_before_in_local_words() -> None:
    now = datetime(2026, 11, 25, 12, tzinfo=BERLIN)

    items = date_nights.reminders([plan()], now, BERLIN)

    assert [(item.due_at, item.title) for item in items] == [
        (FRIDAY_7PM - timedelta(days=1), "Date night tomorrow"),
        (FRIDAY_7PM - timedelta(hours=1), "Date night in an hour"),
    ]
    assert items[0].text == "Dinner by the river · The old mill, 19:00."
    assert not items[0].counts_toward_cap


def test_a_skipped_evening_of_a_series_has_no_reminder_but_the_next_one_does() -> None:
    series = plan(rrule=recurrence.every_n_weeks(4, 1), exdates=frozenset({FRIDAY_7PM}))
    now = datetime(2026, 11, 27, 12, tzinfo=BERLIN)

    due = sorted(item.due_at for item in date_nights.reminders([series], now, BERLIN))

    assert FRIDAY_7PM - timedelta(hours=1) not in due
    assert FRIDAY_7PM + timedelta(days=7) - timedelta(hours=1) in due


def test_the_day_after_a_date_the_question_comes_at_ten() -> None:
    saturday_noon = datetime(2026, 11, 28, 12, tzinfo=BERLIN)

    (question,) = date_nights.after_date_questions([plan()], saturday_noon, BERLIN)

    assert question.kind is rules.RitualKind.AFTER_DATE
    assert question.due_at == datetime(2026, 11, 28, 10, tzinfo=BERLIN).astimezone(UTC)
    assert date_nights.parse_after_key(question.key) == ("p1@test", FRIDAY_7PM)


def test_no_question_for_a_remembered_or_cancelled_date() -> None:
    saturday_noon = datetime(2026, 11, 28, 12, tzinfo=BERLIN)

    for state in (PlanState.DONE, PlanState.CANCELLED):
        assert date_nights.after_date_questions([plan(state=state)], saturday_noon, BERLIN) == []


def test_the_question_is_asked_once_through_the_rules() -> None:
    before, at_ten = (datetime(2026, 11, 28, h, m, tzinfo=BERLIN) for h, m in ((9, 59), (10, 0)))
    fired: list[rules.Fired] = []

    def due(now: datetime) -> list[rules.Due]:
        items = date_nights.items_for([plan()], now, BERLIN)
        state = rules.RitualState(zone=BERLIN, one_offs=items, fired=fired)
        return rules.due(state, now)

    assert due(before) == []
    (asked,) = due(at_ten)
    fired.append(asked.to_fired(at_ten))
    assert due(at_ten + timedelta(minutes=5)) == []
    assert asked.kind is rules.RitualKind.AFTER_DATE


def test_an_other_key_is_no_question() -> None:
    assert date_nights.parse_after_key("plan:p1@test:2026-11-27T18:00:00+00:00:3600") is None
