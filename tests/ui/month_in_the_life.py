"""A month of an ordinary household, through the real companion and scheduler on a fake
clock: what reaches the notification daemon each day (the test in
``test_month_in_the_life.py``; the table is in docs/a-month-of-notifications.md).

The days: Sam (this computer account, default settings) unlocks the screen at 07:30,
12:30 and 18:00 and locks it when away, and at 23:00 for the night; Alex leaves two notes
a day (10:05 and 15:40), there is a date night every Friday at 19:30, and a few memories
from earlier years lie on this month's dates. Each step goes to the next scripted moment
or the scheduler's next due time, whichever comes first, as the real timer would.
"""

from __future__ import annotations

import getpass
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from closeness_desktop.clock import FakeClock
from closeness_desktop.companion.companion import Companion
from closeness_desktop.companion.notifications.chain import NotifierChain
from closeness_desktop.companion.notifications.message import Notification
from closeness_desktop.dates.model import DatePlan
from closeness_desktop.household import Draft, Household
from tests.ui.test_companion import DrivenPresence, RecordingNotifier

ARRIVALS = (time(7, 30), time(12, 30), time(18, 0))
AWAY_AFTER = timedelta(hours=2)  # the screen locks two hours after each arrival
NIGHT = time(23, 0)
NOTES = (time(10, 5), time(15, 40))
KIND_WORDS = {
    "plan": "date reminder",
    "after": "how was it?",
    "onthisday": "on this day",
    "plan_date": "plan a date",
    "morning_greeting": "good morning",
}


@dataclass(frozen=True)
class Sent:
    at: datetime
    tag: str
    title: str

    @property
    def kind(self) -> str:
        """What it was, in a word or two (a ritual's key without its occurrence)."""
        if not self.tag.startswith("ritual|"):
            return self.tag.split("|")[0]
        key = self.tag.split("|")[1].split(":")[0]
        return KIND_WORDS.get(key, key)


@dataclass
class Month:
    household: Household
    first: date
    days: int
    sent: list[Sent] = field(default_factory=list)

    @property
    def clock(self) -> FakeClock:
        clock = self.household.clock
        assert isinstance(clock, FakeClock)
        return clock

    def moment(self, day: date, at: time) -> datetime:
        return datetime.combine(day, at, self.clock.local_zone())

    def script(self) -> Iterator[tuple[datetime, str]]:
        """The household's own doings, in time order: ("arrive" | "leave" | "note")."""
        events: list[tuple[datetime, str]] = []
        for offset in range(self.days):
            day = self.first + timedelta(days=offset)
            for arrival in ARRIVALS:
                start = self.moment(day, arrival)
                events += [(start, "arrive"), (start + AWAY_AFTER, "leave")]
            events += [(self.moment(day, note), "note") for note in NOTES]
            events.append((self.moment(day, NIGHT), "leave"))
        return iter(sorted(events))


def run_month(household: Household, first: date, days: int) -> Month:
    """Live ``days`` days from ``first`` (the clock is set to its midnight) and return what
    was sent."""
    month = Month(household, first, days)
    clock = month.clock
    clock.set(month.moment(first, ARRIVALS[0]))  # the app starts at the first login
    sam = household.partners.named("Sam")
    alex = household.partners.named("Alex")
    backend = RecordingNotifier()
    original: Callable[[Notification], None] = backend.send

    def send(notification: Notification) -> None:
        month.sent.append(Sent(clock.now(), notification.tag, notification.title))
        original(notification)

    backend.send = send  # type: ignore[method-assign]
    presence = DrivenPresence()
    companion = Companion(household, NotifierChain([backend]), presence, getpass.getuser())
    companion.start()
    scheduler = companion.scheduler
    end = month.moment(first + timedelta(days=days), time(0, 0))
    notes = 0
    try:
        for when, doing in month.script():
            if when <= clock.now():
                continue  # the first arrival was the app's start
            while scheduler.next_due is not None and scheduler.next_due < when:
                clock.set(scheduler.next_due + timedelta(milliseconds=1))
                scheduler.recheck()
            clock.set(when)
            if doing == "arrive":
                presence.screen_locked(False)
            elif doing == "leave":
                presence.screen_locked(True)
            else:
                notes += 1
                household.entries.add(Draft.note(alex.id, f"Thinking of you ({notes})", sam.id))
            scheduler.recheck()
        clock.set(end)
        scheduler.recheck()
    finally:
        companion.stop()
    return month


def weekly_date_nights(household: Household, first: date, days: int) -> None:
    """A date night every Friday at 19:30, planned by Sam the Sunday before."""
    sam = household.partners.named("Sam")
    zone = household.clock.local_zone()
    friday = first + timedelta(days=(4 - first.weekday()) % 7)
    while friday < first + timedelta(days=days):
        start = datetime.combine(friday, time(19, 30), zone)
        household.plans.save(
            DatePlan(
                uid=f"friday-{friday.isoformat()}@month",
                title="Dinner out",
                start=start,
                end=start + timedelta(hours=2, minutes=30),
                where="The corner bistro",
                zone=str(zone),
            ),
            sam.id,
        )
        friday += timedelta(days=7)


def memories_from_earlier_years(household: Household, first: date, days: int) -> None:
    """A memory on a few of this month's dates, one to five years back."""
    alex = household.partners.named("Alex")
    zone = household.clock.local_zone()
    for offset, years in ((2, 1), (9, 3), (16, 5), (23, 2)):
        day = first + timedelta(days=offset)
        household.entries.add(
            Draft.memory(
                alex.id, "The lake", day.replace(year=day.year - years), zone, text="Cold, happy."
            )
        )


def table(month: Month) -> str:
    """One row a day: the count of each kind sent, and the total."""
    kinds = sorted({sent.kind for sent in month.sent})
    lines = ["| day | " + " | ".join(kinds) + " | all |", "|---" * (len(kinds) + 2) + "|"]
    for offset in range(month.days):
        day = month.first + timedelta(days=offset)
        counts = Counter(
            sent.kind
            for sent in month.sent
            if sent.at.astimezone(month.clock.local_zone()).date() == day
        )
        cells = [str(counts.get(kind, 0) or "") for kind in kinds]
        lines.append(f"| {day:%a %d %b} | " + " | ".join(cells) + f" | {sum(counts.values())} |")
    return "\n".join(lines)
