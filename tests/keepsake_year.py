"""A year of Sam and Alex, written through the household as they would write it: the
keepsake tests and the screenshot in docs/ print it."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from closeness_desktop import agenda
from closeness_desktop.clock import FakeClock, zone_name
from closeness_desktop.dates.model import DatePlan, PlanState
from closeness_desktop.dates.recurrence import find_evening
from closeness_desktop.household import Draft, EntryRecord, Household, TimelineFilter

YEAR = 2026
#: A 20,000-character note of one "word": it must wrap inside the page, not run off it.
LONG_WORD = "♥" + "x" * 19_998 + "♥"
HOSTILE = (
    '<script>alert("hi")</script><b>not bold</b> & &amp; </p></body><h1>no</h1>',
    "שלום אהובה שלי, مرحبا حبيبي",  # Hebrew and Arabic: right to left
    "Sunday pancakes 🥞❤️👩‍❤️‍👨 and a \u202eflipped\u202c word",  # emoji, a ZWJ, a bidi override
    "a NUL \x00, a bell \x07, an escape \x1b[31mred\x1b[0m and a line\u2028separator",
)

#: (month, day, author, text)
NOTES = (
    (1, 3, "Alex", "Good morning, you. The coffee is on me today."),
    (2, 15, "Sam", "Thank you for last night. I keep smiling."),
    (7, 9, "Alex", "I left you the last peach. That is love."),
    (10, 31, "Sam", "Save me a pumpkin seed or two."),
    (12, 31, "Alex", "Here's to us, and to the next one."),
)
#: (month, day, author, title, text, place)
MEMORIES = (
    (
        1, 18, "Sam", "First snow on the balcony",
        "We stood outside in our socks until our toes went numb, laughing.\n"
        "You said it looked like the city was holding its breath.",
        "home",
    ),
    (
        4, 11, "Alex", "The long walk to the lake",
        "Twelve kilometres, one blister, the best sandwiches of our lives.", "Schlachtensee",
    ),
    (
        8, 23, "Sam", "Our tenth anniversary",
        "Ten years since the bus stop in the rain. You still hold my hand the same way.",
        "Café Einstein",
    ),
)  # fmt: skip
#: (month, day, planner, title, where, notes)
DATE_NIGHTS = (
    (2, 14, "Alex", "Dinner at Lucia's", "Trattoria Lucia", "Book the table by the window."),
    (6, 21, "Sam", "Midsummer picnic", "Tempelhofer Feld", "Blanket, strawberries, a speaker."),
    (12, 19, "Alex", "Christmas market and mulled wine", "Gendarmenmarkt", "Gloves this time!"),
)
#: Written in the year or next to it, and left out of its keepsake.
LEFT_OUT = (
    "Last note of last year.",
    "First note of next year.",
    "Forgotten note in the trash.",
    "Concert we never went to",
    "A good week.",  # a check-in
    "Off to the office",  # a goodbye
    "A note we did not keep for the book.",  # written in the year, never marked kept
)
#: A date night on the first Sunday of each month since November of the year before
#: (planner, title, where, notes): see :func:`repeating_date_night`.
PANCAKES = ("Sam", "Pancake breakfast", "Café Frieda", "Bring the good maple syrup.")


def _at(clock: FakeClock, day: date, hour: int, minute: int = 0) -> datetime:
    moment = datetime.combine(day, time(hour, minute), clock.local_zone())
    clock.set(moment)
    return moment


def note(
    household: Household, clock: FakeClock, day: date, text: str, *, by: str, kept: bool = True
) -> EntryRecord:
    """A love note from ``by`` to the other, written on ``day`` at 07:40 and, unless
    ``kept`` is false, marked for Our year."""
    author = household.partners.named(by)
    to = household.partners.other(author.id)
    _at(clock, day, 7, 40)
    written = household.entries.add(Draft.note(author.id, text, to.id))
    return household.entries.keep(written.id, True, written.version) if kept else written


def _memory(household: Household, clock: FakeClock, day: date, values: tuple[str, ...]) -> None:
    by, title, text, place = values
    _at(clock, day + timedelta(days=1), 21)
    author = household.partners.named(by)
    household.entries.add(
        Draft.memory(author.id, title, day, clock.local_zone(), text=text, place=place)
    )


def _date_night(
    household: Household,
    clock: FakeClock,
    day: date,
    values: tuple[str, ...],
    state: PlanState = PlanState.PLANNED,
) -> None:
    by, title, where, notes = values
    start = _at(clock, day, 19, 30)
    clock.set(start - timedelta(days=6))  # planned the week before
    plan = DatePlan(
        uid=f"{uuid.uuid4()}@closeness",
        title=title,
        start=start,
        end=start + timedelta(hours=3),
        where=where,
        notes=notes,
        state=state,
        zone=zone_name(clock.local_zone()),
    )
    household.plans.save(plan, household.partners.named(by).id)


def seed_year(household: Household, clock: FakeClock, year: int = YEAR) -> None:
    """Every kind of entry across ``year``, and what its keepsake leaves out (:data:`LEFT_OUT`):
    the years around it, a note in the trash, a cancelled date night, a check-in, a goodbye."""
    note(household, clock, date(year, 5, 2), LEFT_OUT[2], by="Alex")
    household.entries.delete(household.entries.page(TimelineFilter(), limit=1).rows[0].id)
    note(household, clock, date(year - 1, 12, 31), LEFT_OUT[0], by="Sam")
    note(household, clock, date(year + 1, 1, 1), LEFT_OUT[1], by="Alex")
    cancelled = ("Sam", LEFT_OUT[3], "Philharmonie", "")
    _date_night(household, clock, date(year, 3, 6), cancelled, PlanState.CANCELLED)
    _at(clock, date(year, 4, 20), 20)
    sam = household.partners.named("Sam")
    household.entries.add(Draft.checkin(sam.id, 4, ["calm", "grateful"], LEFT_OUT[4]))
    household.entries.add(Draft.goodbye(sam.id, LEFT_OUT[5] + ", back by six."))
    note(household, clock, date(year, 6, 1), LEFT_OUT[6], by="Sam", kept=False)
    for month, day, by, text in NOTES:
        note(household, clock, date(year, month, day), text, by=by)
    for month, day, *memory in MEMORIES:
        _memory(household, clock, date(year, month, day), tuple(memory))
    for month, day, *plan in DATE_NIGHTS:
        _date_night(household, clock, date(year, month, day), tuple(plan))
    clock.set(datetime(year + 1, 1, 2, 12, tzinfo=UTC))


def kept_words() -> list[str]:
    """Words of :func:`seed_year` the keepsake must hold."""
    return [
        *(text for *_, text in NOTES),
        *(title for *_, title, _text, _place in MEMORIES),
        *(place for *_, place in MEMORIES),
        *(title for *_, title, _where, _notes in DATE_NIGHTS),
        *(notes for *_, notes in DATE_NIGHTS),
    ]


def repeating_date_night(household: Household, clock: FakeClock, year: int = YEAR) -> DatePlan:
    """:data:`PANCAKES` on the first Sunday of each month at 10:00, from November of the
    year before: in ``year``, March's skipped, May's cancelled and July's moved to the
    Saturday before, so ten evenings are the year's (see :func:`pancake_days`)."""
    by, title, where, notes = PANCAKES
    november = date(year - 1, 11, 1)
    sunday = november + timedelta(days=(6 - november.weekday()) % 7)
    first = datetime.combine(sunday, time(10), clock.local_zone())
    clock.set(first - timedelta(days=3))
    plan = DatePlan(
        uid=f"{uuid.uuid4()}@closeness", title=title, start=first,
        end=first + timedelta(hours=2), where=where, notes=notes,
        rrule="FREQ=MONTHLY;BYDAY=1SU", zone=zone_name(clock.local_zone()),
    )  # fmt: skip
    zone = clock.local_zone()
    plan = agenda.skip_evening(plan, datetime.combine(date(year, 3, 1), time(10), zone))
    may = find_evening(plan, datetime.combine(date(year, 5, 3), time(10), zone))
    july = find_evening(plan, datetime.combine(date(year, 7, 5), time(10), zone))
    assert may is not None
    assert july is not None
    plan = agenda.set_evening_state(plan, agenda.Evening(plan, may), PlanState.CANCELLED)
    moved = datetime.combine(date(year, 7, 4), time(10), zone)
    plan = agenda.move_evening(plan, agenda.Evening(plan, july), moved, "the lake")
    saved = household.plans.save(plan, household.partners.named(by).id).plan
    clock.set(datetime(year + 1, 1, 2, 12, tzinfo=UTC))
    return saved


def pancake_days() -> list[date]:
    """The days :func:`repeating_date_night` has in :data:`YEAR` (2026), in order."""
    months_days = ((1, 4), (2, 1), (4, 5), (6, 7), (7, 4), (8, 2), (9, 6), (10, 4), (11, 1))
    return [date(YEAR, month, day) for month, day in (*months_days, (12, 6))]
