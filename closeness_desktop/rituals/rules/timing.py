"""Which rituals are due now, and when to look again: the rules of the package docstring."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from closeness_desktop.rituals.rules.state import (
    Due,
    OccurrenceKey,
    OneOff,
    Ritual,
    RitualKind,
    RitualState,
)
from closeness_desktop.rituals.rules.wall_time import (
    DAY,
    day_start,
    local_date,
    occurrence_at,
    require_aware,
)

# next_check looks this far past the last dated thing in the state; after that every
# week repeats the one before.
_LOOKAHEAD = timedelta(days=7)


@dataclass(frozen=True)
class _Item:
    """One occurrence of a ritual or one-off and the window in which it may fire."""

    source: Ritual | OneOff
    occurrence: datetime
    start: datetime  # the occurrence, or the end of its snooze
    end: datetime  # exclusive
    snoozed: bool

    @property
    def key(self) -> OccurrenceKey:
        return (self.source.key, self.occurrence)

    def is_spent(self, state: RitualState) -> bool:
        """Whether the log shows it fired (since its snooze ended, if snoozed)."""
        last = state._last_fired.get(self.key)
        return last is not None and (not self.snoozed or last >= self.start)

    @property
    def kept_quiet(self) -> bool:
        """Whether quiet hours hold it back: everything but a date's own reminder, which
        the couple set for a time they chose (a late date gets its hour-before nudge)."""
        return self.source.kind is not RitualKind.DATE_REMINDER

    def is_held(self, state: RitualState, when: datetime) -> bool:
        """Whether a pause holds it back at ``when``; date reminders are never paused."""
        return isinstance(self.source, Ritual) and state._is_paused(when)

    def to_due(self, counts_toward_cap: bool) -> Due:
        source = self.source
        return Due(
            source.key, source.kind, self.occurrence, source.title, source.text, counts_toward_cap
        )


def _items_on(state: RitualState, day: date) -> list[_Item]:
    """Every occurrence on the local ``day``, each with its window."""
    day_end = day_start(day + DAY, state.zone)
    items = []
    for source in state._sources:
        occurrence = source.occurrence_on(day, state.zone)
        if occurrence is None:
            continue
        snooze_end = state._snooze_ends.get((source.key, occurrence))
        start = occurrence if snooze_end is None else snooze_end
        grace = state.grace if source.grace is None else source.grace
        end = min(start + grace, day_end)
        items.append(_Item(source, occurrence, start, end, snoozed=snooze_end is not None))
    return items


def due(state: RitualState, now: datetime) -> list[Due]:
    """What should fire at ``now`` (aware), earliest first.

    At most one item per ritual; see :mod:`closeness_desktop.rituals.rules` for the
    rules. The caller fires each item and logs it with :meth:`Due.to_fired`.
    """
    require_aware("now", now)
    quiet = state.quiet.until(now, state.zone) is not None
    today = local_date(now, state.zone)
    candidates = sorted(
        (
            item
            for item in _items_on(state, today)
            if item.start <= now < item.end
            and not item.is_spent(state)
            and not item.is_held(state, now)
            and not (quiet and item.kept_quiet)
        ),
        key=lambda item: (item.start, item.source.key),
    )
    room = state.daily_cap - state._counted_on(today)
    result = []
    for item in candidates:
        counts = item.source.counts_toward_cap and item.key not in state._counted
        if counts:
            if room <= 0:
                continue
            room -= 1
        result.append(item.to_due(counts))
    return result


def next_check(state: RitualState, now: datetime) -> datetime | None:
    """The earliest instant after ``now`` at which :func:`due` returns something new.

    "New" means not returned at ``now``, so an item that is due but not yet logged does
    not make this return at once. Nothing new becomes due before that instant, so the
    scheduler may sleep until then; it still has to wake on clock and state changes,
    which no rule can foresee. ``None`` means nothing becomes due within a week after
    everything dated in the state: in practice never, until the state changes.
    """
    require_aware("now", now)
    current = {(item.key, item.occurrence) for item in due(state, now)}
    for instant in _boundaries(state, now):
        if any((item.key, item.occurrence) not in current for item in due(state, instant)):
            return instant
    return None


def _boundaries(state: RitualState, now: datetime) -> Iterator[datetime]:
    """Every instant after ``now`` at which :func:`due` may change, earliest first.

    :func:`due` depends on the time only through the local day, the windows of that
    day's items, quiet hours and the pause; these are where each of them changes. The
    instants come one day at a time, so :func:`next_check` stops at the first that brings
    something new and looks no further, however far the horizon.

    The horizon is a week past the last thing dated in the state (:func:`_last_day`). A
    fired entry can only hold an occurrence back, never make one due, so it moves the
    horizon only once the scan reaches its day: a ritual logged in the year 2100 (a clock
    set ahead for a moment) costs nothing today. Days wholly inside a pause, with no
    one-off on them, have nothing that can become due, and are skipped.
    """
    zone = state.zone
    last = _last_day(state, now)
    held_days = _held_days(state, now)
    one_off_days = {local_date(one_off.due_at, zone) for one_off in state.one_offs}
    day = local_date(now, zone)
    while day <= last:
        start, end = day_start(day, zone), day_start(day + DAY, zone)
        paused_all_day = state.paused_until is not None and end <= state.paused_until
        if paused_all_day and day not in one_off_days:
            # Only a one-off can be due on a day the pause covers: go to the next day with
            # one, or to the pause's last day, whichever comes first.
            assert state.paused_until is not None
            later = [one_off_day for one_off_day in one_off_days if one_off_day > day]
            day = min([local_date(state.paused_until, zone), *later])
            continue
        instants = {start, occurrence_at(day, state.quiet.end, zone)}
        if state.paused_until is not None:
            instants.add(state.paused_until)
        for item in _items_on(state, day):
            instants.update((item.start, item.end))
        # An item's window matters on its own day only; the day's start covers the rest.
        yield from sorted(moment for moment in instants if start <= moment < end and moment > now)
        if day in held_days:
            last = max(last, day + _LOOKAHEAD)
        day += DAY


def _last_day(state: RitualState, now: datetime) -> date:
    """The last local day :func:`next_check` looks at, unless the scan meets a fired
    entry's day: a week past anything that can make something due."""
    dated = [
        now,
        *(one_off.due_at for one_off in state.one_offs),
        *state.snoozes.values(),
    ]
    if state.paused_until is not None:
        dated.append(state.paused_until)
    return max(local_date(instant, state.zone) for instant in dated) + _LOOKAHEAD


def _held_days(state: RitualState, now: datetime) -> set[date]:
    """Local days from today on that the log changes: an occurrence spent, a day's cap used."""
    today = local_date(now, state.zone)
    days = set()
    for entry in state.fired:
        for instant in (entry.occurrence, entry.fired_at):
            day = local_date(instant, state.zone)
            if day >= today:
                days.add(day)
    return days
