"""The evenings that wait for "How was it?": dates that are over and still planned (so not
yet told, marked done, skipped or cancelled) from the last month, and the "Not now" a
couple said to some of them on the timeline.

Telling how it was is :meth:`.plans.Plans.remember`; this room only reads and remembers
"Not now". "Not now" hides an evening from the timeline's cards (and its notification)
but never from the planner, where every evening stays answerable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from closeness_desktop.agenda import Evening
from closeness_desktop.dates import recurrence
from closeness_desktop.dates.model import DatePlan, PlanState
from closeness_desktop.household.context import Context
from closeness_desktop.household.partners import Partners
from closeness_desktop.records import Area, ConflictError
from closeness_desktop.store import plans as store

#: How far back an evening still asks. A month holds a missed fortnight or a holiday away;
#: older than that the question turns into a debt, and the house keeps no guilt. It also
#: bounds the read: the series plus a month of one-offs, whatever the years behind.
ASK_FOR = timedelta(days=30)
NOT_NOW_CHANGED = "“Not now” was said elsewhere at the same moment; nothing was overwritten."


@dataclass(frozen=True, slots=True)
class Waiting:
    """One evening that waits to be told; ``not_now``: the couple said "Not now" to it."""

    evening: Evening
    not_now: bool

    @property
    def key(self) -> tuple[str, datetime]:
        return self.evening.plan.uid, self.evening.original_start.astimezone(UTC)


def waiting_among(
    plans: Iterable[DatePlan], now: datetime, not_now: set[tuple[str, datetime]]
) -> list[Waiting]:
    """The evenings of ``plans`` over by ``now`` (within :data:`ASK_FOR`) and still
    planned, the most recent first."""
    found = []
    for plan in plans:
        for occurrence in recurrence.occurrences(plan, now - ASK_FOR, now):
            evening = Evening(plan, occurrence)
            if occurrence.state is PlanState.PLANNED and evening.is_over(now):
                key = (plan.uid, evening.original_start.astimezone(UTC))
                found.append(Waiting(evening, key in not_now))
    found.sort(key=lambda waiting: (waiting.evening.start, waiting.evening.plan.uid), reverse=True)
    return found


class PlanEvenings:
    def __init__(self, context: Context, partners: Partners) -> None:
        self._ctx = context
        self._partners = partners

    def waiting(self) -> list[Waiting]:
        """Every evening of the last month that is over and not yet told, the most recent
        first, with whether "Not now" was said to it."""
        now = self._ctx.now()
        names = self._partners.names()
        with self._ctx.db.reading() as session:
            found = store.plans_between(
                session, names, starting_before=now, ending_after=now - ASK_FOR
            )
            not_now, _version = store.read_not_now(session)
        return waiting_among((plan for _entry, plan in found), now, not_now)

    def not_now_said(self) -> set[tuple[str, datetime]]:
        """(plan uid, original start in UTC) of the evenings told "Not now"."""
        with self._ctx.db.reading() as session:
            return store.read_not_now(session)[0]

    def not_now(self, uid: str, original_start: datetime, *, origin: object = None) -> None:
        """Say "Not now" to one evening's question (kept until it is older than a month)."""
        now = self._ctx.now()
        with self._ctx.db.writing() as session:
            said, version = store.read_not_now(session)
            # What is older than the question itself goes: the list stays a month long.
            kept = {(each, moment) for each, moment in said if moment >= now - 2 * ASK_FOR}
            kept.add((uid, original_start.astimezone(UTC)))
            if store.write_not_now(session, kept, version, now) is None:
                raise ConflictError(NOT_NOW_CHANGED)
        self._ctx.announce({Area.PLANS}, origin)
