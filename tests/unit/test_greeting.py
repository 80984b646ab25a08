"""Who gets greeted on arrival, and with what words (pure: no Qt, no database)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from closeness_desktop.rituals.greeting import (
    NOTE_PREVIEW,
    PartOfDay,
    Visit,
    WaitingNote,
    greeting,
    is_new_arrival,
    part_of_day,
    should_greet,
)

ZONE = ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A local time in Berlin on ``day`` November 2026 (26th: a Thursday)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=ZONE)


# --------------------------------------------------------------------------- part of day


@pytest.mark.parametrize(
    ("moment", "part"),
    [
        (time(0, 0), PartOfDay.EVENING),
        (time(3, 59, 59), PartOfDay.EVENING),
        (time(4, 0), PartOfDay.MORNING),
        (time(11, 59, 59), PartOfDay.MORNING),
        (time(12, 0), PartOfDay.AFTERNOON),
        (time(17, 59, 59), PartOfDay.AFTERNOON),
        (time(18, 0), PartOfDay.EVENING),
        (time(23, 59, 59), PartOfDay.EVENING),
    ],
)
def test_part_of_day_boundaries(moment: time, part: PartOfDay) -> None:
    assert part_of_day(moment) is part


# -------------------------------------------------------------------------- should_greet


def test_first_arrival_ever_is_greeted() -> None:
    assert should_greet(Visit(), at(26, 9), ZONE, waiting=0)


def test_first_arrival_of_the_day_is_greeted_and_later_ones_only_with_something_to_give() -> None:
    morning = at(26, 8)
    visit = Visit(arrived_at=morning, departed_at=at(26, 11), greeted_at=morning)

    assert not should_greet(visit, at(26, 13), ZONE, waiting=0)  # the afternoon, empty-handed
    assert should_greet(visit, at(26, 13), ZONE, waiting=1)  # with a note for them
    assert should_greet(visit, at(27, 8, 30), ZONE, waiting=0)  # the next morning is new


def test_second_arrival_in_the_same_part_of_the_day_is_quiet() -> None:
    visit = Visit(arrived_at=at(26, 8), departed_at=at(26, 9), greeted_at=at(26, 8))

    assert not should_greet(visit, at(26, 11, 30), ZONE, waiting=0)


def test_same_part_of_day_on_another_day_is_greeted() -> None:
    visit = Visit(arrived_at=at(25, 8), departed_at=at(25, 9), greeted_at=at(25, 8))

    assert should_greet(visit, at(26, 8), ZONE, waiting=0)


def test_any_arrival_with_notes_waiting_is_greeted() -> None:
    visit = Visit(arrived_at=at(26, 8), departed_at=at(26, 9), greeted_at=at(26, 8))

    assert should_greet(visit, at(26, 9, 30), ZONE, waiting=1)


@pytest.mark.parametrize("waiting", [0, 3])
def test_lock_and_unlock_within_a_minute_is_not_an_arrival(waiting: int) -> None:
    left = at(26, 9)
    visit = Visit(arrived_at=at(25, 20), departed_at=left, greeted_at=at(25, 20))
    back = left + timedelta(seconds=59)

    assert not is_new_arrival(visit, back)
    # Not even notes make a quick lock and unlock a greeting: the next real arrival brings them.
    assert not should_greet(visit, back, ZONE, waiting=waiting)


def test_a_minute_away_is_a_new_arrival() -> None:
    left = at(26, 9)
    visit = Visit(arrived_at=at(25, 20), departed_at=left, greeted_at=at(25, 20))

    assert is_new_arrival(visit, left + timedelta(minutes=1))
    assert should_greet(visit, left + timedelta(minutes=1), ZONE, waiting=0)


def test_small_hours_belong_to_the_evening_before() -> None:
    late = at(26, 23)
    visit = Visit(arrived_at=late, departed_at=late + timedelta(minutes=30), greeted_at=late)

    assert not should_greet(visit, at(27, 1), ZONE, waiting=0)
    assert not should_greet(visit, at(27, 3, 59), ZONE, waiting=0)
    assert should_greet(visit, at(27, 4), ZONE, waiting=0)  # a new morning


def test_small_hours_after_an_evening_two_days_ago_are_greeted() -> None:
    visit = Visit(arrived_at=at(25, 23), departed_at=at(25, 23, 30), greeted_at=at(25, 23))

    assert should_greet(visit, at(27, 1), ZONE, waiting=0)


def test_the_day_follows_the_local_zone_not_utc() -> None:
    # Greeted at 01:30 UTC; at 02:30 UTC it is still the small hours of the 26th's
    # evening in Berlin (03:30) but the morning of the 26th in Helsinki (04:30): the same
    # instants, different days.
    greeted = datetime.fromisoformat("2026-11-26T01:30:00+00:00")
    now = datetime.fromisoformat("2026-11-26T02:30:00+00:00")
    visit = Visit(
        arrived_at=greeted, departed_at=greeted + timedelta(minutes=10), greeted_at=greeted
    )

    assert not should_greet(visit, now, ZONE, waiting=0)
    assert should_greet(visit, now, ZoneInfo("Europe/Helsinki"), waiting=0)


# ------------------------------------------------------------------------------ the words


def test_good_morning_with_two_notes_from_alex_quoted() -> None:
    notes = [WaitingNote("Alex", "Coffee is in the pot."), WaitingNote("Alex", "Love you.")]

    words = greeting("Sam", at(26, 8), ZONE, Visit(), notes)

    assert words.title == "Good morning, Sam."
    assert words.body == "Alex left you 2 notes:\n“Coffee is in the pot.”\n“Love you.”"


def test_one_note_is_singular() -> None:
    words = greeting("Sam", at(26, 14), ZONE, Visit(), [WaitingNote("Alex", "Back at 6")])

    assert words.title == "Good afternoon, Sam."
    assert words.body == "Alex left you a note:\n“Back at 6”"


def test_a_note_is_shown_on_one_line_and_long_ones_are_shortened() -> None:
    long_text = "word " * 100
    notes = [WaitingNote("Alex", "first line\n\n  second   line"), WaitingNote("Alex", long_text)]

    lines = greeting("Sam", at(26, 19), ZONE, Visit(), notes).body.split("\n")

    assert lines[1] == "“first line second line”"
    preview = lines[2].removeprefix("“").removesuffix("”")
    assert len(preview) == NOTE_PREVIEW
    assert preview.endswith("…")
    assert long_text.startswith(preview.removesuffix("…"))


def test_notes_from_several_authors() -> None:
    notes = [WaitingNote("Alex", "Hi"), WaitingNote("Robin", "Hello there")]

    body = greeting("Sam", at(26, 19), ZONE, Visit(), notes).body

    assert body == "You have 2 notes waiting:\n“Hi”\n“Hello there”"


def test_more_than_three_notes_shows_three_and_points_to_the_timeline() -> None:
    notes = [WaitingNote("Alex", f"note {number}") for number in range(1, 6)]

    lines = greeting("Sam", at(26, 19), ZONE, Visit(), notes).body.split("\n")

    assert lines == [
        "Alex left you 5 notes:",
        "“note 1”",
        "“note 2”",
        "“note 3”",
        "…and 2 more on your timeline.",
    ]


def test_unknown_person_is_asked_who_is_here() -> None:
    words = greeting(None, at(26, 19, 30), ZONE, Visit(), [WaitingNote("Alex", "secret")])

    assert words.title == "Good evening."
    assert "Who's here?" in words.body
    assert "secret" not in words.body  # notes wait until we know whose they are


def test_welcome_back_after_three_hours_away() -> None:
    now = at(26, 19)
    away = Visit(arrived_at=at(26, 8), departed_at=now - timedelta(hours=3), greeted_at=at(26, 8))
    short = Visit(arrived_at=at(26, 8), departed_at=now - timedelta(hours=2, minutes=59))

    assert greeting("Sam", now, ZONE, away).body == "Welcome back. It's good to have you here."
    assert greeting("Sam", now, ZONE, short).body == "It's good to see you."
    assert greeting("Sam", now, ZONE, Visit()).body == "It's good to see you."


def test_the_greeting_uses_the_local_part_of_the_day() -> None:
    # 06:30 UTC is 07:30 in Berlin and 01:30 in New York (the small hours: evening).
    now = datetime.fromisoformat("2026-11-26T06:30:00+00:00")

    assert greeting("Sam", now, ZONE, Visit()).title == "Good morning, Sam."
    assert greeting("Sam", now, ZoneInfo("America/New_York"), Visit()).title == (
        "Good evening, Sam."
    )


def test_a_greeting_names_replies_and_signs_without_their_words() -> None:
    from closeness_desktop.rituals.greeting import NewAnswer, answer_line

    long_title = "Coffee on the balcony tomorrow morning, before work?"
    assert answer_line(NewAnswer("Alex", None, "note", long_title)) == (
        "Alex replied to your note “Coffee on the balcony tomorrow…”."
    )
    assert answer_line(NewAnswer("Alex", "\N{BLACK HEART SUIT}", "memory", "")) == (
        "Alex sent a \N{BLACK HEART SUIT} for your memory."
    )
