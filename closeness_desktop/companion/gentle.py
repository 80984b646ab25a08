"""Keeping the companion gentle: how many notifications a day, and how close together.

A month of an ordinary household (tests/ui/test_month_in_the_life.py) showed five or six
a day with the default settings: a greeting at every new part of the day, the dinner
nudge an hour after the evening greeting, "plan a date" in the same minute as Sunday's
greeting. So, on top of the rituals' own daily cap:

* a greeting with nothing to hand over comes once a day (:mod:`rituals.greeting`);
* a greeting carries the rituals without a button of their own that are due (or still
  within their grace) or come within :data:`FOLD_AHEAD` ("Dinner together at 19:00"),
  which then do not come again;
* no notification comes within :data:`SPACING` of the one before: a ritual due then
  waits (it is snoozed) until the spacing has passed;
* at most :data:`MOST_A_DAY` notifications a day in all: past that, the rituals that
  count toward the cap wait for tomorrow. Greetings still come: they carry the other's
  words, which are never held back.

What was sent is remembered while the app runs; after a restart the count starts again
from the rituals' own log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from closeness_desktop.household import Household
from closeness_desktop.rituals import rules
from closeness_desktop.rituals.greeting import Greeting, part_of_day
from closeness_desktop.rituals.rules.state import DEFAULT_GRACE

log = logging.getLogger(__name__)

MOST_A_DAY = 4
SPACING = timedelta(minutes=10)
FOLD_AHEAD = timedelta(minutes=90)


@dataclass(frozen=True)
class Hold:
    """A ritual that must wait: until ``until`` (None: until tomorrow)."""

    until: datetime | None


class Gentle:
    """What the companion has sent today, and what that allows (see the module)."""

    def __init__(self, household: Household, actionable: frozenset[rules.RitualKind]) -> None:
        self._household = household
        self._actionable = actionable
        self._sent: list[datetime] = []

    def sent(self, at: datetime) -> None:
        self._sent.append(at)

    def _today(self, now: datetime, zone: tzinfo) -> list[datetime]:
        day = now.astimezone(zone).date()
        return [at for at in self._sent if at.astimezone(zone).date() == day]

    def hold(self, item: rules.Due, now: datetime, zone: tzinfo) -> Hold | None:
        """Whether ``item``, due now, must wait instead of being shown."""
        today = self._today(now, zone)
        if item.counts_toward_cap and len(today) >= MOST_A_DAY:
            return Hold(None)
        last = max(today, default=None)
        if last is not None and now - last < SPACING:
            return Hold(last + SPACING)
        return None

    def fold(self, words: Greeting, now: datetime, zone: tzinfo) -> Greeting:
        """``words`` with a line for each ritual without a button of its own that is due
        now or within :data:`FOLD_AHEAD`; those are logged as fired, not to come again."""
        settings = self._household.rituals.settings()
        if settings.paused_until is not None and settings.paused_until > now:
            return words  # paused: the greeting mentions no ritual either
        since = now - timedelta(days=1)
        fired = {(f.key, f.occurrence) for f in self._household.rituals.fired_since(since)}
        day = now.astimezone(zone).date()
        lines = []
        for ritual in settings.rituals:
            occurrence = ritual.occurrence_on(day, zone)
            if (
                occurrence is None
                or ritual.kind in self._actionable
                or ritual.kind is rules.RitualKind.MORNING_GREETING
                or not now - (ritual.grace or DEFAULT_GRACE) < occurrence <= now + FOLD_AHEAD
                or (ritual.key, occurrence) in fired
            ):
                continue
            self._household.rituals.record_fired(
                rules.Fired(ritual.key, occurrence, now, ritual.counts_toward_cap)
            )
            log.info("ritual %s told with the greeting", ritual.key)
            at = occurrence.astimezone(zone)
            lines.append(f"{ritual.title} at {at:%H:%M}: {ritual.text}")
        if not lines:
            return words
        return Greeting(words.title, "\n\n".join([words.body, *lines]).strip())


def greeted_this_part_of_day(greeted: datetime | None, now: datetime, zone: tzinfo) -> bool:
    """Whether ``greeted`` (a greeting's time) lies in the same part of today as ``now``:
    the morning greeting ritual then adds nothing to the arrival's greeting."""
    if greeted is None:
        return False
    local, here = greeted.astimezone(zone), now.astimezone(zone)
    return local.date() == here.date() and part_of_day(local.time()) == part_of_day(here.time())
