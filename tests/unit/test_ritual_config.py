"""Ritual settings: stored as JSON, read back whatever the JSON holds, handed to the rules."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from closeness_desktop.dates.model import DatePlan
from closeness_desktop.rituals import date_nights, rules
from closeness_desktop.rituals.config import DEFAULT_CAP, LeavingTime, RitualSettings

ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 26, 18, 30, tzinfo=UTC)  # Thursday 19:30 in Berlin


def round_trip(value: RitualSettings) -> RitualSettings:
    """Through the JSON text the database keeps."""
    return RitualSettings.from_json(json.loads(json.dumps(value.to_json())))


def edited() -> RitualSettings:
    """Settings with every part changed from the defaults."""
    base = RitualSettings()
    changes: dict[str, dict[str, Any]] = {
        "dinner": {
            "at": time(18, 45),
            "text": "Table for two, screens off.",
            "weekdays": frozenset({0}),
        },
        "checkin": {"enabled": False},
    }
    rituals = tuple(replace(ritual, **changes.get(ritual.key, {})) for ritual in base.rituals)
    occurrence = datetime(2026, 11, 26, 18, 0, tzinfo=UTC)
    return RitualSettings(
        rituals=rituals,
        quiet=rules.QuietHours(time(23), time(6, 45)),
        daily_cap=5,
        leaving=(
            LeavingTime(frozenset({0, 1, 2, 3, 4}), time(8, 15)),
            LeavingTime(frozenset({5}), time(10)),
        ),
        paused_until=datetime(2026, 11, 27, 6, 30, tzinfo=UTC),
        snoozes={("dinner", occurrence): occurrence + timedelta(minutes=10)},
        checkin_question=False,
    )


# ------------------------------------------------------------------------------ round trip


def test_defaults_survive_a_round_trip() -> None:
    assert round_trip(RitualSettings()) == RitualSettings()


def test_every_edit_survives_a_round_trip() -> None:
    value = edited()

    back = round_trip(value)

    assert back == value
    dinner = back.ritual("dinner")
    assert dinner is not None
    assert (dinner.at, dinner.text, dinner.weekdays) == (
        time(18, 45),
        "Table for two, screens off.",
        frozenset({0}),
    )
    checkin = back.ritual("checkin")
    assert checkin is not None
    assert not checkin.enabled
    assert back.quiet == rules.QuietHours(time(23), time(6, 45))
    assert back.daily_cap == 5
    assert back.leaving[0] == LeavingTime(frozenset(range(5)), time(8, 15))
    assert back.paused_until == datetime(2026, 11, 27, 6, 30, tzinfo=UTC)
    assert list(back.snoozes.values()) == [datetime(2026, 11, 26, 18, 10, tzinfo=UTC)]


def test_the_stored_json_is_plain_and_readable() -> None:
    stored = edited().to_json()

    assert stored["version"] == 1
    assert stored["quiet"] == {"start": "23:00", "end": "06:45"}
    assert stored["leaving"][0] == {"weekdays": [0, 1, 2, 3, 4], "at": "08:15"}
    assert stored["paused_until"] == "2026-11-27T06:30:00+00:00"
    assert stored["snoozes"] == [
        {
            "key": "dinner",
            "occurrence": "2026-11-26T18:00:00+00:00",
            "until": "2026-11-26T18:10:00+00:00",
        }
    ]


def test_the_couples_words_survive_a_round_trip_with_quotes_and_emoji() -> None:
    base = RitualSettings()
    words = 'Tea & "talk" 🫖 — just us'
    value = replace(
        base, rituals=tuple(replace(ritual, title=words, text=words) for ritual in base.rituals)
    )

    assert round_trip(value) == value


def test_snoozing_keeps_recent_snoozes_and_drops_old_ones() -> None:
    ritual = rules.Due("dinner", rules.RitualKind.DINNER, NOW, "Dinner", "", True)
    old = NOW - timedelta(days=3)
    value = RitualSettings(snoozes={("checkin", old): old + timedelta(minutes=10)})

    snoozed = value.snoozed(ritual.key, ritual.occurrence, NOW + timedelta(minutes=10))

    assert snoozed.snoozes == {("dinner", NOW): NOW + timedelta(minutes=10)}
    again = snoozed.snoozed(ritual.key, ritual.occurrence, NOW + timedelta(hours=1))
    assert again.snoozes == {("dinner", NOW): NOW + timedelta(hours=1)}


# ------------------------------------------------------------------ reading what is there


@pytest.mark.parametrize("data", [None, {}, [], ""])
def test_nothing_stored_means_the_defaults(data: Any, caplog: pytest.LogCaptureFixture) -> None:
    assert RitualSettings.from_json(data) == RitualSettings()
    assert not caplog.records


@pytest.mark.parametrize(
    "data",
    [
        "garbage",
        42,
        ["a", "list"],
        {"rituals": "not a list"},
        {"rituals": [{"key": "dinner"}]},
        {"rituals": [{"key": "dinner", "kind": "no such kind", "at": "19:00"}]},
        {"rituals": [{"key": "dinner", "kind": "dinner", "at": "25:00"}]},
        {"rituals": [{"key": "dinner", "kind": "dinner", "at": "19:00", "weekdays": [7]}]},
        {"quiet": {"start": "soon"}},
        {"quiet": ["22:00", "07:00"]},
        {"daily_cap": "many"},
        {"daily_cap": float("inf")},
        {"leaving": [{"weekdays": [9], "at": "08:00"}]},
        {"leaving": [{"at": "08:00"}]},
        {"leaving": {"weekdays": [0]}},
        {"paused_until": "tomorrow"},
        {"paused_until": "2026-11-27T07:30:00"},  # no UTC offset: which 07:30?
        {"snoozes": [{"key": "dinner"}]},
        {"snoozes": [{"key": "dinner", "occurrence": "2026-11-26T18:00:00", "until": "x"}]},
        {"snoozes": "x"},
    ],
)
def test_garbage_falls_back_to_the_defaults_and_is_logged(
    data: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="closeness_desktop.rituals.config"):
        value = RitualSettings.from_json(data)

    assert value == RitualSettings()
    assert caplog.records, "falling back must leave a trace in the log"
    assert all(record.name == "closeness_desktop.rituals.config" for record in caplog.records)
    # What comes back is usable: the scheduler can build its state from it.
    rules.due(value.state(ZONE, []), NOW)


def test_one_bad_part_keeps_the_rest(caplog: pytest.LogCaptureFixture) -> None:
    stored = edited().to_json()
    stored["snoozes"].append({"key": "checkin", "occurrence": "yesterday", "until": None})
    stored["daily_cap"] = "lots"
    stored["rituals"].append({"key": "anniversary", "kind": "from a later version", "at": "9"})

    value = RitualSettings.from_json(stored)

    expected = edited()
    assert value == replace(expected, daily_cap=DEFAULT_CAP)
    assert value.ritual("anniversary") is None
    assert len(caplog.records) == 3


def test_partial_data_fills_in_the_defaults(caplog: pytest.LogCaptureFixture) -> None:
    value = RitualSettings.from_json({"daily_cap": 1, "quiet": {"start": "21:30"}})

    assert value == RitualSettings(daily_cap=1, quiet=rules.QuietHours(time(21, 30), time(7, 30)))
    assert not caplog.records


def test_a_ritual_without_title_or_text_gets_the_default_words() -> None:
    value = RitualSettings.from_json(
        {"rituals": [{"key": "dinner", "kind": "dinner", "at": "18:00", "title": "", "text": ""}]}
    )

    dinner = value.ritual("dinner")
    default = RitualSettings().ritual("dinner")
    assert dinner is not None
    assert default is not None
    assert dinner.at == time(18)
    assert (dinner.title, dinner.text) == (default.title, default.text)


def test_a_ritual_added_in_a_later_version_appears() -> None:
    # What an earlier version stored: every ritual but the Sunday "plan a date night".
    stored = RitualSettings().to_json()
    stored["rituals"] = [item for item in stored["rituals"] if item["key"] != "plan_date"]
    stored["rituals"][0]["text"] = "Our own words"

    value = RitualSettings.from_json(stored)

    assert value.rituals[0].text == "Our own words"
    added = value.ritual("plan_date")
    assert added == RitualSettings().ritual("plan_date")
    assert [r.key for r in value.rituals] == ["morning_greeting", "dinner", "checkin", "plan_date"]


def test_a_ritual_stored_twice_is_read_once(caplog: pytest.LogCaptureFixture) -> None:
    stored = RitualSettings().to_json()
    twin = dict(stored["rituals"][1], text="the second copy")
    stored["rituals"].append(twin)

    value = RitualSettings.from_json(stored)

    assert [r.key for r in value.rituals].count("dinner") == 1
    value.state(ZONE, [])  # keys must be unique for the rules


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = st.sampled_from(
    ["rituals", "quiet", "daily_cap", "leaving", "paused_until", "snoozes", "checkin_question"]
)


@settings(max_examples=150, deadline=None)
@given(data=JSON)
def test_from_json_never_raises_on_any_json(data: Any) -> None:
    value = RitualSettings.from_json(data)
    rules.due(value.state(ZONE, []), NOW)


@settings(max_examples=150, deadline=None)
@given(field=FIELDS, junk=JSON, inner=st.integers(0, 3))
def test_from_json_never_raises_when_one_part_is_damaged(field: str, junk: Any, inner: int) -> None:
    stored = edited().to_json()
    part = stored[field]
    if isinstance(part, list) and part:
        item = part[inner % len(part)]
        item[sorted(item)[inner % len(item)]] = junk  # one value inside one item
    else:
        stored[field] = junk

    value = RitualSettings.from_json(stored)
    state = value.state(ZONE, [])
    rules.due(state, NOW)
    rules.next_check(state, NOW)


# -------------------------------------------------------------------------------- state


def test_state_holds_the_rituals_and_one_leaving_reminder_per_leaving_time() -> None:
    value = edited()
    one_off = rules.OneOff(key="plan:x:3600", due_at=NOW, title="Date night", text="")
    fired = [rules.Fired("dinner", NOW, NOW, True)]

    state = value.state(ZONE, fired, [one_off])

    keys = [ritual.key for ritual in state.rituals]
    assert keys[: len(value.rituals)] == [ritual.key for ritual in value.rituals]
    leaving = [ritual for ritual in state.rituals if ritual.kind is rules.RitualKind.LEAVING]
    assert [ritual.key for ritual in leaving] == ["leaving-0", "leaving-1"]
    assert leaving[0].at == time(8, 5)  # ten minutes before leaving at 08:15
    assert leaving[0].weekdays == frozenset(range(5))
    assert leaving[1].at == time(9, 50)
    assert state.one_offs == [one_off]
    assert state.fired == fired
    assert state.zone is ZONE
    assert state.quiet == value.quiet
    assert state.daily_cap == 5
    assert state.paused_until == value.paused_until
    assert state.snoozes == value.snoozes


def test_a_leaving_reminder_is_due_ten_minutes_before_leaving() -> None:
    value = RitualSettings(leaving=(LeavingTime(frozenset({4}), time(8, 15)),))
    friday = datetime(2026, 11, 27, 8, 5, tzinfo=ZONE)

    due = rules.due(value.state(ZONE, []), friday)

    (leaving,) = [item for item in due if item.kind is rules.RitualKind.LEAVING]
    assert leaving.key == "leaving-0"
    assert leaving.text == "Heading out soon? Part on good terms."


def test_a_leaving_time_checks_its_weekdays() -> None:
    with pytest.raises(ValueError, match="weekdays"):
        LeavingTime(frozenset({7}), time(8))


# ------------------------------------------------------------------------- date reminders


def plan(starts: datetime, **fields: Any) -> DatePlan:
    return DatePlan(
        uid="p1", title="Dinner at Luigi's", start=starts, zone="Europe/Berlin", **fields
    )


def test_date_reminders_the_day_before_and_an_hour_before_in_local_time() -> None:
    starts = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)  # Friday 20:00 in Berlin

    day_before, hour_before = date_nights.reminders([plan(starts, where="Via Roma 3")], NOW, ZONE)

    assert day_before.due_at == starts - timedelta(days=1)
    assert day_before.title == "Date night tomorrow"
    assert day_before.text.startswith("Dinner at Luigi's · Via Roma 3, 20:00.")
    assert day_before.kind is rules.RitualKind.DATE_REMINDER
    assert not day_before.counts_toward_cap
    assert hour_before.due_at == starts - timedelta(hours=1)
    assert hour_before.title == "Date night in an hour"
    assert hour_before.text.startswith("Dinner at Luigi's · Via Roma 3, 20:00.")
    assert day_before.key != hour_before.key


def test_date_reminder_text_follows_the_zone_it_is_shown_in() -> None:
    starts = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)
    new_york = ZoneInfo("America/New_York")

    texts = {r.text for r in date_nights.reminders([plan(starts)], NOW, new_york)}

    assert all(text.startswith("Dinner at Luigi's, 14:00.") for text in texts)


def test_date_reminders_fire_through_the_rules_even_while_paused() -> None:
    starts = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)
    reminders = date_nights.reminders([plan(starts)], NOW, ZONE)
    paused = RitualSettings(paused_until=starts + timedelta(days=1))
    state = paused.state(ZONE, [], reminders)

    def due_at(moment: datetime) -> list[str]:
        return [item.title for item in rules.due(state, moment)]

    assert due_at(starts - timedelta(days=1)) == ["Date night tomorrow"]
    assert due_at(starts - timedelta(hours=1)) == ["Date night in an hour"]
    assert due_at(starts - timedelta(hours=2)) == []
