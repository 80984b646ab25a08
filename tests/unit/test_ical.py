"""iCalendar export and import: round trips, files from other programs, bad and hostile files."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closeness_desktop.dates.ical import (
    MAX_FILE_BYTES,
    CalendarFileError,
    ImportPreview,
    export_plans,
    parse_calendar,
)
from closeness_desktop.dates.model import (
    DatePlan,
    OccurrenceOverride,
    PlanError,
    PlanState,
    Weekday,
    validate_plan,
)
from closeness_desktop.dates.recurrence import (
    every_n_weeks,
    monthly_nth_weekday,
    next_occurrence,
    occurrences,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "ics"
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2025, 4, 1, 8, 30, tzinfo=UTC)
PRODID = "-//Closeness//Date nights//EN"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def parse(data: bytes, **options: object) -> ImportPreview:
    return parse_calendar(data, zone_fallback="Europe/Berlin", **options)  # type: ignore[arg-type]


def ics(*lines: str) -> bytes:
    """A calendar around ``lines``, with CRLF line ends."""
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", *lines, "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode()


def event(*lines: str, uid: str = "evt-1", start: str = "DTSTART:20250502T170000Z") -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20250401T000000Z", start, *lines, "END:VEVENT"]


# --- round trip -----------------------------------------------------------------------

FRIDAY = datetime(2025, 5, 2, 19, tzinfo=BERLIN)


def dinner() -> DatePlan:
    """Every other Friday, with a skipped date and a moved one."""
    moved_from = FRIDAY + timedelta(weeks=4)
    moved_to = moved_from + timedelta(days=1, hours=1)
    return DatePlan(
        uid="dinner-7f3a@closeness",
        title="Dinner at Luigi's",
        start=FRIDAY,
        end=FRIDAY + timedelta(hours=3),
        where="Luigi's, Main Street; table by the window",
        bring="A scarf\nand, the camera",
        budget=Decimal("45.50"),
        notes="Ask about the tiramisu \\ the one with figs.",
        planned_by="Sam",
        rrule=every_n_weeks(Weekday.FRIDAY, 2),
        exdates=frozenset({FRIDAY + timedelta(weeks=2)}),
        overrides={
            moved_from: OccurrenceOverride(
                moved_to, moved_to + timedelta(hours=2), "At home", PlanState.DONE
            )
        },
        zone="Europe/Berlin",
    )


def picnic() -> DatePlan:
    """An all-day plan, yearly until 2030, cancelled, with no reminders."""
    day = datetime(2025, 6, 1, tzinfo=BERLIN)
    return DatePlan(
        uid="picnic-01@closeness",
        title="Picnic by the lake",
        start=day,
        end=day + timedelta(days=1),
        all_day=True,
        rrule="FREQ=YEARLY;UNTIL=20300601",
        reminders=(),
        state=PlanState.CANCELLED,
        zone="Europe/Berlin",
    )


def concert() -> DatePlan:
    """A one-off in New York, done, with a single custom reminder."""
    start = datetime(2025, 11, 2, 1, 30, tzinfo=ZoneInfo("America/New_York"))
    return DatePlan(
        uid="concert@closeness",
        title="Late concert",
        start=start,
        state=PlanState.DONE,
        reminders=(timedelta(minutes=90),),
        zone="America/New_York",
    )


def monthly_walk() -> DatePlan:
    start = datetime(2025, 5, 3, 10, tzinfo=BERLIN)
    return DatePlan(
        uid="walk@closeness",
        title="Saturday walk",
        start=start,
        end=start + timedelta(hours=2),
        rrule=monthly_nth_weekday(1, Weekday.SATURDAY),
        zone="Europe/Berlin",
    )


ALL_PLANS = (dinner, picnic, concert, monthly_walk)


def test_export_then_import_gives_the_same_plans() -> None:
    plans = [make() for make in ALL_PLANS]
    preview = parse_calendar(
        export_plans(plans, now=NOW, prodid=PRODID), zone_fallback="Asia/Tokyo"
    )
    assert preview.new_plans == tuple(plans)
    assert preview.updated_plans == ()
    assert preview.skipped == ()


def test_round_trip_keeps_what_the_dates_look_like() -> None:
    (back,) = parse(export_plans([dinner()], now=NOW, prodid=PRODID)).plans
    window = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
    assert occurrences(back, *window) == occurrences(dinner(), *window)


def test_export_is_stable() -> None:
    plans = [make() for make in ALL_PLANS]
    assert export_plans(plans, now=NOW, prodid=PRODID) == export_plans(
        plans, now=NOW, prodid=PRODID
    )


def test_export_writes_what_other_calendars_expect() -> None:
    data = export_plans([dinner(), picnic()], now=NOW, prodid=PRODID)
    calendar: Any = icalendar.Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == PRODID
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    master, moved, day = calendar.events
    assert master["DTSTAMP"].dt == NOW
    assert master["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert master["RRULE"].to_ical() == b"FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"
    assert [alarm["TRIGGER"].to_ical() for alarm in master.subcomponents] == [b"-P1D", b"-PT1H"]
    assert {str(alarm["ACTION"]) for alarm in master.subcomponents} == {"DISPLAY"}
    assert str(master["STATUS"]) == "CONFIRMED"
    assert moved["UID"] == master["UID"]
    assert moved["RECURRENCE-ID"].dt == FRIDAY + timedelta(weeks=4)
    assert str(moved["X-CLOSENESS-STATE"]) == "done"
    assert day["DTSTART"].dt == date(2025, 6, 1)
    assert day["DTSTART"].params["VALUE"] == "DATE"
    assert str(day["STATUS"]) == "CANCELLED"
    assert b"X-CLOSENESS-BUDGET:45.50" in data


def test_importing_again_updates_instead_of_adding() -> None:
    data = export_plans([dinner(), picnic()], now=NOW, prodid=PRODID)
    preview = parse(data, existing_uids={"dinner-7f3a@closeness"})
    assert [plan.uid for plan in preview.new_plans] == ["picnic-01@closeness"]
    assert [plan.uid for plan in preview.updated_plans] == ["dinner-7f3a@closeness"]
    assert len(preview.plans) == 2


def test_plans_from_another_program_survive_our_own_round_trip() -> None:
    for name in ("alarm_google_future.ics", "alarm_thunderbird_future.ics", "example.ics"):
        plans = parse(read(name)).plans
        again = parse(
            export_plans(plans, now=NOW, prodid=PRODID), existing_uids={p.uid for p in plans}
        )
        assert again.updated_plans == plans, name


def test_export_refuses_invalid_plans_and_shared_uids() -> None:
    with pytest.raises(PlanError):
        export_plans([DatePlan(uid="x", title="", start=NOW, zone="UTC")], now=NOW, prodid=PRODID)
    with pytest.raises(ValueError, match="share a UID"):
        export_plans([dinner(), dinner()], now=NOW, prodid=PRODID)
    with pytest.raises(ValueError, match="aware"):
        export_plans([], now=datetime(2025, 1, 1), prodid=PRODID)


# --- files from other programs --------------------------------------------------------


def test_the_test_files_travel_with_their_licence() -> None:
    assert "Plone Foundation" in (DATA / "LICENSE-icalendar.rst").read_text(encoding="utf-8")


def test_google_calendar_event_with_alarms() -> None:
    (plan,) = parse(read("alarm_google_future.ics")).new_plans
    assert plan.uid == "79fs7pkqvht9m5igs0vjv1sfra@google.com"
    assert plan.title == "event with alarms"
    assert plan.start == datetime(2024, 10, 4, 18, 15, tzinfo=UTC)
    assert plan.end == datetime(2024, 10, 4, 19, tzinfo=UTC)
    assert plan.zone == "UTC"
    # Four alarms, two of them at the same time: three distinct leads, longest first.
    assert plan.reminders == (timedelta(minutes=15), timedelta(minutes=14), timedelta(minutes=10))


def test_thunderbird_event_keeps_its_zone() -> None:
    (plan,) = parse(read("alarm_thunderbird_future.ics")).new_plans
    assert plan.zone == "Europe/London"
    assert plan.start == datetime(2024, 10, 23, 15, tzinfo=ZoneInfo("Europe/London"))
    assert plan.end == plan.start + timedelta(hours=1)
    assert plan.reminders == (timedelta(minutes=45), timedelta(minutes=15))


def test_etar_event_with_an_end_in_utc() -> None:
    (plan,) = parse(read("alarm_etar_future.ics")).new_plans
    assert plan.zone == "Europe/London"
    assert plan.end is not None
    assert plan.end - plan.start == timedelta(hours=1)
    assert plan.reminders == (timedelta(minutes=30), timedelta(minutes=25), timedelta(minutes=5))


def test_a_custom_zone_name_is_matched_to_the_real_zone() -> None:
    (plan,) = parse(read("america_new_york.ics")).new_plans
    assert plan.zone == "America/New_York"
    assert plan.start == datetime(2014, 8, 29, 8, tzinfo=ZoneInfo("America/New_York"))
    assert plan.start.tzinfo == ZoneInfo("America/New_York")


def test_all_day_holidays() -> None:
    plans = parse(read("example.ics")).new_plans
    assert [plan.title for plan in plans] == [
        "New Year's Day",
        "Orthodox Christmas",
        "International Women's Day",
    ]
    new_year = plans[0]
    assert new_year.all_day
    assert new_year.start == datetime(2022, 1, 1, tzinfo=BERLIN)
    assert new_year.end is None  # DTEND equal to DTSTART: just the day itself
    assert plans[1].where == "Russia"
    assert new_year.notes == "Happy New Year!"


def test_a_repeating_event() -> None:
    (plan,) = parse(read("issue_1081_event_with_rrule.ics")).new_plans
    assert plan.rrule == "FREQ=DAILY;COUNT=10"
    window = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 2, 1, tzinfo=UTC))
    assert len(occurrences(plan, *window)) == 10


@pytest.mark.parametrize("name", ["bom_calendar.ics", "calendar_with_unicode.ics"])
def test_calendars_without_events_add_nothing(name: str) -> None:
    assert parse(read(name)) == ImportPreview()


# --- broken files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "broken_ical.ics",
            'The event "An Event with too many semicolons" can\'t be read: '
            "its start time (DTSTART) is damaged.",
        ),
        (
            "small_bad_calendar.ics",
            "This calendar file is cut off: the calendar that begins on line 1 never ends "
            "(END:VCALENDAR is missing).",
        ),
    ],
)
def test_broken_files_give_a_clear_message(name: str, message: str) -> None:
    with pytest.raises(CalendarFileError) as raised:
        parse(read(name))
    assert str(raised.value) == message


def test_one_broken_event_stops_the_whole_import() -> None:
    good = event("SUMMARY:Fine", uid="good")
    bad = event("SUMMARY:Broken", uid="bad", start="DTSTART:2025-05-02")
    with pytest.raises(CalendarFileError, match='"Broken"'):
        parse(ics(*good, *bad))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "doesn't look like a calendar file"),
        (b"Dear Sam,\r\nsee you on Friday.\r\n", "doesn't look like a calendar file"),
        (b"BEGIN:VEVENT\r\nEND:VEVENT\r\n", "doesn't look like a calendar file"),
        (b"BEGIN:VCALENDAR\r\nEND:VEVENT\r\n", "line 2 ends a VEVENT, but the calendar"),
        (ics("END:VEVENT"), "ends a VEVENT, but the calendar from line 1"),
        (ics(*["BEGIN:X-BOX"] * 9, *["END:X-BOX"] * 9), "nested far deeper"),
        (b"BEGIN:VCALENDAR\x00\x01\x02END:VCALENDAR", "calendar text we can read"),
        (ics("BEGIN:VEVENT", "DTSTART:20250101", "END:VEVENT") + b"SUMMARY:x\r\n", "outside"),
        (ics(*event("SUMMARY:No start", start="")), "has no start time (DTSTART)"),
        (ics(*event("DTEND:20250502T160000Z")), "ends before it starts"),
        (ics(*event("DTEND;VALUE=DATE:20250503")), "different kinds"),
        (ics(*event("DTEND:20250502T180000Z", "DURATION:PT1H")), "both an end time and a length"),
        (ics(*event("X-CLOSENESS-BUDGET:lots")), "budget"),
        (ics(*event("X-CLOSENESS-STATE:maybe")), "Closeness state"),
        (ics(*event("RRULE:FREQ=SOMETIMES")), "its repeat rule (RRULE) is damaged"),
        (ics(*event("BEGIN:VALARM", "TRIGGER:soon", "END:VALARM")), "can't be read"),
    ],
)
def test_bad_input_is_refused_with_a_sentence(data: bytes, message: str) -> None:
    with pytest.raises(CalendarFileError, match=re.escape(message)):
        parse(data)


def test_a_file_over_the_size_limit_is_refused() -> None:
    padding = b"X-PADDING:" + b"x" * 70 + b"\r\n"
    huge = ics() + padding * (MAX_FILE_BYTES // len(padding) + 1)
    with pytest.raises(CalendarFileError, match="larger than 10 MB"):
        parse(huge)


def test_the_fallback_zone_must_be_real() -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        parse_calendar(read("example.ics"), zone_fallback="Nowhere/Special")


# --- what other programs write: zones, encodings, repeats -----------------------------

BERLIN_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Berlin",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def test_google_style_series_with_a_skipped_and_a_moved_date() -> None:
    data = ics(
        *BERLIN_VTIMEZONE,
        *event(
            "SUMMARY:Date night",
            "DTEND;TZID=Europe/Berlin:20250502T220000",
            "RRULE:FREQ=WEEKLY;WKST=SU;INTERVAL=2;BYDAY=FR",
            "EXDATE;TZID=Europe/Berlin:20250516T190000",
            uid="series@google.com",
            start="DTSTART;TZID=Europe/Berlin:20250502T190000",
        ),
        *event(
            "SUMMARY:Date night",
            "DTEND;TZID=Europe/Berlin:20250531T230000",
            "RECURRENCE-ID;TZID=Europe/Berlin:20250530T190000",
            "LOCATION:The new place",
            "STATUS:CONFIRMED",
            uid="series@google.com",
            start="DTSTART;TZID=Europe/Berlin:20250531T200000",
        ),
    )
    (plan,) = parse(data).new_plans
    assert plan.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;WKST=SU"
    assert plan.exdates == {datetime(2025, 5, 16, 19, tzinfo=BERLIN)}
    window = (FRIDAY, FRIDAY + timedelta(weeks=6))
    found = occurrences(plan, *window)
    assert [o.start for o in found] == [FRIDAY, datetime(2025, 5, 31, 20, tzinfo=BERLIN)]
    assert found[1].where == "The new place"
    assert found[1].recurrence_id == datetime(2025, 5, 30, 19, tzinfo=BERLIN)


def test_outlook_style_windows_zone_and_windows_1252_text() -> None:
    data = ics(
        *event(
            "SUMMARY:Caf\u00e9 au lait",
            "DTEND;TZID=W. Europe Standard Time:20250502T210000",
            start="DTSTART;TZID=W. Europe Standard Time:20250502T190000",
        )
    )
    (plan,) = parse(data.decode().encode("cp1252")).new_plans
    assert plan.title == "Caf\u00e9 au lait"
    assert plan.zone == "Europe/Berlin"
    assert plan.start == FRIDAY


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_byte_order_marks_are_understood(encoding: str) -> None:
    data = ics(*event("SUMMARY:Sch\u00f6n")).decode().encode(encoding)
    (plan,) = parse(data).new_plans
    assert plan.title == "Sch\u00f6n"


def test_floating_times_use_the_fallback_zone() -> None:
    (plan,) = parse(ics(*event(start="DTSTART:20250502T190000"))).new_plans
    assert plan.zone == "Europe/Berlin"
    assert plan.start == FRIDAY


def test_a_length_instead_of_an_end_and_alarms_of_every_kind() -> None:
    data = ics(
        *event(
            "DURATION:PT2H30M",
            "BEGIN:VALARM",
            "ACTION:AUDIO",
            "TRIGGER;RELATED=END:-PT3H",
            "END:VALARM",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER;VALUE=DATE-TIME:20250501T170000Z",
            "DESCRIPTION:Tomorrow",
            "END:VALARM",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:PT10M",
            "DESCRIPTION:After the start: ignored",
            "END:VALARM",
        )
    )
    (plan,) = parse(data).new_plans
    assert plan.end == plan.start + timedelta(hours=2, minutes=30)
    assert plan.reminders == (timedelta(days=1), timedelta(minutes=30))


def test_the_same_event_twice_keeps_the_newer_one() -> None:
    older = event("SUMMARY:Old title", "SEQUENCE:2", uid="twice")
    newer = event("SUMMARY:New title", "SEQUENCE:3", uid="twice")
    (plan,) = parse(ics(*newer, *older)).new_plans
    assert plan.title == "New title"


def test_an_event_without_uid_gets_a_stable_one() -> None:
    lines = ["BEGIN:VEVENT", "SUMMARY:No UID", "DTSTART:20250502T170000Z", "END:VEVENT"]
    first = parse(ics(*lines)).new_plans[0].uid
    assert first == parse(ics(*lines)).new_plans[0].uid
    assert first.endswith("@closeness.import")


def test_long_and_missing_titles_are_tidied() -> None:
    long_title = event("SUMMARY:" + "word " * 60, uid="long")
    no_title = event(uid="none")
    long_plan, untitled = parse(ics(*long_title, *no_title)).new_plans
    assert len(long_plan.title) == 200
    assert long_plan.title.endswith("\u2026")
    assert untitled.title == "Untitled date"


def test_a_huge_count_imports_quickly_and_expands_lazily() -> None:
    (plan,) = parse(ics(*event("RRULE:FREQ=DAILY;COUNT=1000000000"))).new_plans
    found = next_occurrence(plan, datetime(2031, 1, 1, tzinfo=UTC))
    assert found is not None
    assert found.start.date() == date(2031, 1, 1)


@pytest.mark.parametrize(
    ("lines", "kind", "reason"),
    [
        (["BEGIN:VTODO", "UID:t", "SUMMARY:Buy candles", "END:VTODO"], "to-do", "only events"),
        (["BEGIN:VJOURNAL", "UID:j", "END:VJOURNAL"], "journal entry", "only events"),
        (event("SUMMARY:Hourly", "RRULE:FREQ=HOURLY"), "event", "daily, weekly, monthly"),
        (event("SUMMARY:Extra", "RDATE:20250601T170000Z"), "event", "RDATE"),
        (event("SUMMARY:Old", start="DTSTART;VALUE=DATE:16040101"), "event", "1900 to 2200"),
        (
            event("SUMMARY:Orphan", "RECURRENCE-ID:20250509T170000Z"),
            "event",
            "isn't in this file",
        ),
    ],
)
def test_things_a_plan_cannot_hold_are_skipped_with_a_reason(
    lines: list[str], kind: str, reason: str
) -> None:
    keeper = event("SUMMARY:Keeper", uid="keeper")
    preview = parse(ics(*lines, *keeper))
    assert [plan.title for plan in preview.plans] == ["Keeper"]
    (skipped,) = preview.skipped
    assert skipped.kind == kind
    assert reason in skipped.reason


def test_changing_all_later_dates_at_once_is_skipped() -> None:
    data = ics(
        *event("SUMMARY:Series", "RRULE:FREQ=WEEKLY", uid="s"),
        *event(
            "SUMMARY:Series",
            "RECURRENCE-ID;RANGE=THISANDFUTURE:20250509T170000Z",
            uid="s",
            start="DTSTART:20250509T180000Z",
        ),
    )
    preview = parse(data)
    assert preview.plans == ()
    assert "later dates" in preview.skipped[0].reason


# --- hostile input --------------------------------------------------------------------

GOOD_FILES = [
    read(name)
    for name in (
        "alarm_google_future.ics",
        "america_new_york.ics",
        "example.ics",
        "issue_1081_event_with_rrule.ics",
    )
]


def accept_or_refuse(data: bytes) -> None:
    """The whole contract: a usable preview, or CalendarFileError; nothing else."""
    try:
        preview = parse(data)
    except CalendarFileError as error:
        message = str(error)
    else:
        for plan in preview.plans:
            validate_plan(plan)
            next_occurrence(plan, NOW)
        return
    assert message.endswith(".")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600))
def test_random_bytes_never_crash_the_import(data: bytes) -> None:
    accept_or_refuse(b"BEGIN:VCALENDAR\r\n" + data if data[:1] == b"B" else data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    original=st.sampled_from(GOOD_FILES),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["delete", "insert", "replace", "duplicate"]),
            st.integers(min_value=0, max_value=1_000_000),
            st.binary(min_size=1, max_size=12),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_damaged_copies_of_real_files_never_crash_the_import(
    original: bytes, edits: list[tuple[str, int, bytes]]
) -> None:
    data = bytearray(original)
    for operation, position, chunk in edits:
        at = position % (len(data) + 1)
        if operation == "delete":
            del data[at : at + len(chunk) * 4]
        elif operation == "insert":
            data[at:at] = chunk
        elif operation == "replace":
            data[at : at + len(chunk)] = chunk
        else:
            line_end = data.find(b"\n", at)
            line_start = data.rfind(b"\n", 0, at) + 1
            data[line_start:line_start] = data[line_start : line_end + 1]
    accept_or_refuse(bytes(data))


START_LINES = [
    "DTSTART:20250101T100000Z",
    "DTSTART;VALUE=DATE:20250101",
    "DTSTART:99991231T235959Z",
    "DTSTART:00010101T000000",
    "DTSTART;TZID=Nowhere/Zone:20250101T100000",
    "DTSTART;TZID=Europe/Berlin:20250330T023000",
    "DTSTART;TZID=Europe/Berlin:20251026T023000",
    "DTSTART;VALUE=PERIOD:20250101T100000Z/PT1H",
]
PROPERTY_LINES = [
    *START_LINES,
    "DTEND:20250101T120000Z",
    "DTEND;VALUE=DATE:20250103",
    "DTEND:21991231T235959Z",
    "DURATION:PT1H",
    "DURATION:-PT1H",
    "DURATION:P99999999D",
    "RRULE:FREQ=DAILY;COUNT=1000000000",
    "RRULE:FREQ=SECONDLY",
    "RRULE:FREQ=MONTHLY;BYMONTHDAY=31",
    "RRULE:FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=30",
    "RRULE:FREQ=YEARLY;UNTIL=99991231",
    "RRULE:FREQ=WEEKLY;UNTIL=20250101T000000",
    "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",
    "RRULE:FREQ=DAILY;INTERVAL=1000",
    "RRULE:FREQ=WEEKLY;COUNT=5;UNTIL=20260101",
    "EXDATE:20250102T100000Z",
    "EXDATE;VALUE=DATE:20250102",
    "RECURRENCE-ID:20250102T100000Z",
    "RECURRENCE-ID;VALUE=DATE:20250102",
    "RDATE:20250105T100000Z",
    "SEQUENCE:99999999999999999999",
    "STATUS:CANCELLED",
    "X-CLOSENESS-STATE:done",
    "X-CLOSENESS-BUDGET:1E+999999",
    "X-CLOSENESS-BUDGET:-5",
    "X-CLOSENESS-ZONE:Europe/Paris",
    "X-CLOSENESS-ZONE:../../etc/passwd",
    "SUMMARY:\u00e4\u00f6\u00fc \u20ac",
    "SUMMARY:",
    "UID:",
    "LOCATION:a\\, b\\; c\\n",
    *(
        f"BEGIN:VALARM\r\nACTION:DISPLAY\r\n{trigger}\r\nEND:VALARM"
        for trigger in (
            "TRIGGER:-PT15M",
            "TRIGGER;RELATED=END:PT5M",
            "TRIGGER;VALUE=DATE-TIME:20250101T090000Z",
            "TRIGGER:-P99999999D",
            "TRIGGER:-P1W",
        )
    ),
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    events=st.lists(
        st.tuples(
            st.one_of(st.none(), st.sampled_from(START_LINES)),
            st.lists(st.sampled_from(PROPERTY_LINES), max_size=6),
        ),
        min_size=1,
        max_size=4,
    ),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_odd_but_parseable_events_never_crash_the_import(
    events: list[tuple[str | None, list[str]]], seed: int
) -> None:
    lines: list[str] = []
    for number, (start, properties) in enumerate(events):
        shuffled = [start, *properties] if start else list(properties)
        random.Random(seed + number).shuffle(shuffled)
        lines += ["BEGIN:VEVENT", f"UID:fuzz-{number % 2}", *shuffled, "END:VEVENT"]
    accept_or_refuse(ics(*lines))


def test_the_core_imports_neither_qt_nor_sqlalchemy() -> None:
    root = Path(__file__).resolve().parents[2]
    probe = (
        "import sys, closeness_desktop.dates.ical, closeness_desktop.dates.ideas\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy')]\n"
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert result.stdout.strip() == ""


def test_an_event_with_two_start_times_imports_with_the_first() -> None:
    """tzurl's Fiji sample repeats DTSTART; calendar programs take the first, and so do we."""
    preview = parse(read("pacific_fiji.ics"))
    (plan,) = preview.plans
    assert plan.title == "an event with a custom tz name"
    assert (plan.start.hour, plan.start.minute) == (8, 0)
