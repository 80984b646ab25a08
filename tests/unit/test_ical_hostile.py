"""Hostile calendars (issue 8): bounded work, numbers and text a plan can keep, and the
file's own time zones read right, without icalendar's unbounded expansion."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Timezone
from icalendar.timezone.zoneinfo import ZONEINFO
from sqlalchemy import Numeric, String

from bench.ics_import import OUTLOOK_ZONE, calendar, many_events
from closeness_desktop.calendar_files import export_calendar, read_calendar
from closeness_desktop.dates.ical import CalendarFileError, ImportPreview, limits, parse_calendar
from closeness_desktop.dates.ical.file_zones import FileZone, ZoneWindow, file_zones
from closeness_desktop.dates.ical.limits import MAX_ZONE_STEPS, ReadWork
from closeness_desktop.dates.ical.zone_rules import Steps
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.store import models
from tests.unit.cli_runner import Run

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "ics" / "hostile"
ICS = HOSTILE.parent


def parse(data: bytes, work: ReadWork | None = None) -> ImportPreview:
    return parse_calendar(data, zone_fallback="Europe/Berlin", work=work)


def event(*lines: str, uid: str = "e1", start: str = "DTSTART:20250502T170000Z") -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20250401T000000Z", start, *lines, "END:VEVENT"]


#: 1,008 times, one a day from January 2025.
MANY_DATES = ",".join(
    f"{day:%Y%m%d}T170000Z"
    for day in (datetime(2025, 1, 1) + timedelta(days=n) for n in range(1008))
)


def only_skip(preview: ImportPreview) -> str:
    assert preview.plans == ()
    (skipped,) = preview.skipped
    return skipped.reason


# --- each hostile file ----------------------------------------------------------------


def test_every_hostile_file_is_described_in_the_readme() -> None:
    readme = (HOSTILE / "README.md").read_text()
    for path in HOSTILE.glob("*.ics"):
        assert f"`{path.name}`" in readme


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("hourly_zone_from_year_1.ics", "“Hourly” changes its clocks by a rule no real"),
        ("yearly_zone_every_day_from_year_1.ics", "far more often than any real time zone"),
        ("budget_1e999999.ics", "Its budget is more than 99,999,999.99"),
        ("budget_10_digits.ics", "Its budget is more than 99,999,999.99"),
        ("tzid_10000_characters.ics", "time zone name (TZID) is 10,000 characters long"),
        ("summary_5000_characters.ics", "Its title is 4,987 characters long"),
        ("uid_300_characters.ics", "Its identifier (UID) is 300 characters long"),
    ],
)
def test_a_hostile_event_is_skipped_with_its_reason_and_bounded_work(
    name: str, reason: str
) -> None:
    work = ReadWork()
    assert reason in only_skip(parse((HOSTILE / name).read_bytes(), work))
    # Reading the zone that changed hourly from year 1 took 35-80 s: millions of steps.
    assert work.zone_steps <= MAX_ZONE_STEPS + 1


def test_escape_sequences_never_reach_a_plan() -> None:
    (plan,) = parse((HOSTILE / "escapes_in_summary.ics").read_bytes()).plans
    for text in (plan.title, plan.where):
        assert not any(ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F for char in text)
    assert plan.title.startswith("Picnic")
    assert plan.where == "Park[8m hidden"


def test_text_keeps_its_line_breaks_and_tabs_but_no_other_controls() -> None:
    (plan,) = parse(calendar(*event("SUMMARY:Tea", "DESCRIPTION:one\\ntwo\tthree\x07\x1b"))).plans
    assert plan.notes == "one\ntwo\tthree"


# --- numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [("99999999.99", Decimal("99999999.99")), ("12.345", Decimal("12.34")), ("40", Decimal(40))],
)
def test_a_budget_the_column_holds_is_kept_to_the_cent(text: str, kept: Decimal) -> None:
    (plan,) = parse(calendar(*event("SUMMARY:Dinner", f"X-CLOSENESS-BUDGET:{text}"))).plans
    assert plan.budget == kept


@pytest.mark.parametrize("text", ["100000000", "-1e10", "1" * 40, "9" * 32])
def test_a_budget_beyond_the_column_is_skipped(text: str) -> None:
    reason = only_skip(parse(calendar(*event("SUMMARY:Dinner", f"X-CLOSENESS-BUDGET:{text}"))))
    assert "budget" in reason


def test_the_limits_agree_with_the_columns() -> None:
    budget = models.DatePlanRow.__table__.c.budget.type
    uid = models.DatePlanRow.__table__.c.uid.type
    assert isinstance(budget, Numeric)
    assert isinstance(uid, String)
    assert (budget.precision, budget.scale) == (10, 2)
    assert Decimal("9" * 8 + ".99") == limits.MAX_BUDGET
    assert uid.length == limits.MAX_UID_LENGTH
    assert limits.MAX_PLACE_LENGTH == models.PLACE_MAX
    assert limits.MAX_NOTES_LENGTH == models.TEXT_MAX


# --- text lengths and counts ----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("LOCATION:" + "p" * 201, "Its place (LOCATION) is 201 characters long"),
        ("DESCRIPTION:" + "d" * 20_001, "Its description is 20,001 characters long"),
        ("X-CLOSENESS-BRING:" + "b" * 20_001, "what to bring is 20,001 characters long"),
        ("RRULE:FREQ=DAILY\r\nEXDATE:" + MANY_DATES, "skips more than 1,000 of its dates"),
    ],
)  # fmt: skip
def test_text_and_lists_longer_than_a_plan_keeps_are_skipped(line: str, words: str) -> None:
    assert words in only_skip(parse(calendar(*event("SUMMARY:Dinner", line))))


def test_long_titles_within_the_limit_are_still_tidied() -> None:
    (plan,) = parse(calendar(*event("SUMMARY:" + "word " * 150))).plans
    assert len(plan.title) == 200


def test_more_parts_than_the_limit_are_refused_before_parsing() -> None:
    lines = ["BEGIN:VTODO", "UID:t", "END:VTODO"] * (limits.MAX_PARTS + 1)
    with pytest.raises(CalendarFileError, match=r"more than 50,000 events and other parts"):
        parse(calendar(*lines))


def test_a_zone_from_1601_costs_a_few_steps_however_many_events_use_it() -> None:
    work = ReadWork()
    preview = parse(many_events(3_000, zone=OUTLOOK_ZONE), work)
    assert len(preview.plans) == 3_000
    assert {plan.zone for plan in preview.plans} == {"Europe/Berlin"}
    summer = next(plan for plan in preview.plans if plan.start.month == 7)
    assert summer.start.utcoffset() == timedelta(hours=2)
    # Two observances from 1601 to 2026, each year walked, would be 850 steps and more.
    assert work.zone_steps < 50
    assert work.zones_worked_out == 1


# --- the file's own time zones --------------------------------------------------------


def _zone_parts(data: bytes) -> list[Timezone]:
    with file_zones(ReadWork()):
        parts = Calendar.from_ical(data).walk("VTIMEZONE")
    return [part for part in parts if isinstance(part, Timezone)]


def _same_offsets(data: bytes, reference: tzinfo | None, since: int) -> None:
    """Many hours from ``since`` to 2030, both ways, as ``reference`` has them (by
    default icalendar's own provider: dateutil's tzical, used so far); the two may
    differ only in an hour the clocks skip."""
    (part,) = _zone_parts(data)
    reference = reference or ZONEINFO().create_timezone(part)
    ours = FileZone(part, _window())
    instants = [moment for moment in _instants() if moment.year >= since]
    for moment in instants:
        naive = moment.replace(tzinfo=None)
        assert naive.replace(tzinfo=ours).astimezone(UTC) == naive.replace(
            tzinfo=reference
        ).astimezone(UTC) or _in_a_gap(naive, reference)
        assert moment.astimezone(ours).replace(tzinfo=None) == moment.astimezone(reference).replace(
            tzinfo=None
        )
    assert len(instants) > 30_000


@pytest.mark.parametrize("name", ["america_new_york.ics", "pacific_fiji.ics"])
def test_a_file_zone_gives_the_offsets_dateutil_gives(name: str) -> None:
    _same_offsets((ICS / name).read_bytes(), None, 1970)


def test_outlooks_zone_from_1601_gives_the_offsets_of_the_zone_database() -> None:
    # dateutil walks this one from 1601 on every look-up: the zone database is quicker.
    _same_offsets(calendar(*OUTLOOK_ZONE), ZoneInfo("Europe/Berlin"), 1997)


def _instants() -> list[datetime]:
    """Every 29th hour of 1970-2030 (so every hour of the day comes round), and every
    hour of 2024-2026, changes of the clocks included."""
    start = datetime(1970, 1, 1, tzinfo=UTC)
    sparse = [start + timedelta(hours=29 * n) for n in range(61 * 8760 // 29)]
    recent = datetime(2024, 1, 1, tzinfo=UTC)
    return sparse + [recent + timedelta(hours=n) for n in range(3 * 8760)]


def _window() -> ZoneWindow:
    return ZoneWindow(Steps(ReadWork()), range(1969, 2032))


def _in_a_gap(wall: datetime, zone: tzinfo) -> bool:
    """A wall time the clocks skip (spring forward): either answer is a guess."""
    there = wall.replace(tzinfo=zone)
    return there.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall


def test_each_file_has_its_own_customized_time_zone() -> None:
    """Outlook calls many zones "Customized Time Zone"; icalendar kept the first one it
    saw for the whole process, so a second file's times came out an hour off."""

    def custom(offset: str) -> bytes:
        zone = [
            "BEGIN:VTIMEZONE", "TZID:Customized Time Zone",
            "BEGIN:STANDARD", "DTSTART:16010101T000000",
            f"TZOFFSETFROM:{offset}", f"TZOFFSETTO:{offset}", "END:STANDARD",
            "END:VTIMEZONE",
        ]  # fmt: skip
        start = "DTSTART;TZID=Customized Time Zone:20250502T190000"
        return calendar(*zone, *event("SUMMARY:Dinner", start=start))

    (first,) = parse(custom("+0300")).plans
    (second,) = parse(custom("-0500")).plans
    assert first.start.astimezone(UTC).hour == 16
    assert second.start.astimezone(UTC).hour == 0


def test_an_unused_hostile_zone_costs_nothing() -> None:
    hourly = (HOSTILE / "hourly_zone_from_year_1.ics").read_text()
    zone = hourly[hourly.index("BEGIN:VTIMEZONE") : hourly.index("BEGIN:VEVENT")]
    work = ReadWork()
    data = calendar(*zone.splitlines(), *event("SUMMARY:Fine"))
    assert [plan.title for plan in parse(data, work).plans] == ["Fine"]
    assert work.zones_worked_out == 0


def test_a_zone_name_too_long_for_the_file_system_is_not_looked_up() -> None:
    data = calendar(*event("SUMMARY:Dinner", start=f"DTSTART;TZID={'Z' * 300}:20250502T190000"))
    assert "(TZID) is 300 characters long" in only_skip(parse(data))


def test_the_zone_of_a_plan_still_comes_from_a_known_name() -> None:
    data = calendar(*event("SUMMARY:Dinner", start="DTSTART;TZID=America/Chicago:20250502T190000"))
    (plan,) = parse(data).plans
    assert plan.zone == "America/Chicago"
    assert plan.start == datetime(2025, 5, 2, 19, tzinfo=ZoneInfo("America/Chicago"))


# --- through the household and the command line ----------------------------------------


def test_the_largest_budget_survives_the_household_and_an_export(
    household: Household, sam: PartnerInfo
) -> None:
    data = calendar(*event("SUMMARY:Dinner", "X-CLOSENESS-BUDGET:99999999.99"))
    household.plans.import_calendar(read_calendar(household, data), sam.id)
    exported, count = export_calendar(household)
    (plan,) = read_calendar(household, exported).updated_plans
    assert (count, plan.budget) == (1, Decimal("99999999.99"))


def test_a_hostile_title_prints_nothing_a_terminal_would_obey(run: Run, tmp_path: Path) -> None:
    folder = str(tmp_path / "ours")
    code, _, err = run(
        "setup", "--data-dir", folder, "--partner", "Sam", "--partner", "Alex",
        "--this-account", "Sam",
    )  # fmt: skip
    assert (code, err) == (0, "")
    hostile = str(HOSTILE / "escapes_in_summary.ics")
    preview = run("ics", "import", "--data-dir", folder, hostile)
    imported = run("ics", "import", "--data-dir", folder, hostile, "--yes", "--as", "Sam")
    listed = run("list", "--data-dir", folder)
    for code, out, err in (preview, imported, listed):
        assert code == 0, err
        assert "\x1b" not in out + err
        assert "\x9b" not in out + err
    assert "Picnic" in preview[1]
    assert "Picnic" in listed[1]


# --- any zone rule at all ---------------------------------------------------------------

_RULE_PARTS = st.sampled_from(
    [
        "FREQ=YEARLY", "FREQ=MONTHLY", "FREQ=HOURLY", "FREQ=SECONDLY", "INTERVAL=0",
        "INTERVAL=3", "COUNT=5", "COUNT=99999999", "UNTIL=20300101T000000Z", "UNTIL=19000101",
        "BYMONTH=2", "BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12", "BYMONTH=13", "BYDAY=-1SU",
        "BYDAY=5FR", "BYDAY=SU", "BYDAY=MO,TU,WE,TH,FR,SA,SU", "BYDAY=9XX",
        "BYMONTHDAY=30", "BYMONTHDAY=-1", "BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
        "BYHOUR=1,2,3", "BYSETPOS=-1", "WKST=SU",
    ]
)  # fmt: skip


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rules=st.lists(st.lists(_RULE_PARTS, min_size=1, max_size=5), min_size=1, max_size=3),
    year=st.sampled_from(["0001", "1601", "1970", "2024", "2199"]),
)
def test_any_zone_rule_is_read_within_the_budget_or_refused_in_words(
    rules: list[list[str]], year: str
) -> None:
    lines = ["BEGIN:VTIMEZONE", "TZID:Anything"]
    for number, parts in enumerate(rules):
        kind = "DAYLIGHT" if number % 2 else "STANDARD"
        lines += [
            f"BEGIN:{kind}", f"DTSTART:{year}0301T020000", "RRULE:" + ";".join(parts),
            "TZOFFSETFROM:+0100", f"TZOFFSETTO:+0{number + 1}00", f"END:{kind}",
        ]  # fmt: skip
    lines += ["END:VTIMEZONE"]
    start = "DTSTART;TZID=Anything:20250502T190000"
    work = ReadWork()
    try:
        preview = parse(calendar(*lines, *event("SUMMARY:Dinner", start=start)), work)
    except CalendarFileError as error:
        said = [str(error)]
    else:
        said = [skipped.reason for skipped in preview.skipped]
    assert all(words.endswith(".") for words in said)
    assert work.zone_steps <= MAX_ZONE_STEPS + 1
