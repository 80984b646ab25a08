"""A year of Sam and Alex, written through the household as they would write it: the
keepsake tests and the screenshot in docs/ print it."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from closeness_desktop.clock import FakeClock, zone_name
from closeness_desktop.dates.model import DatePlan, PlanState
from closeness_desktop.household import Draft, Household, TimelineFilter

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
)


def _at(clock: FakeClock, day: date, hour: int, minute: int = 0) -> datetime:
    moment = datetime.combine(day, time(hour, minute), clock.local_zone())
    clock.set(moment)
    return moment


def note(household: Household, clock: FakeClock, day: date, text: str, *, by: str) -> None:
    """A love note from ``by`` to the other, written on ``day`` at 07:40."""
    author = household.partners.named(by)
    to = household.partners.other(author.id)
    _at(clock, day, 7, 40)
    household.entries.add(Draft.note(author.id, text, to.id))


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
