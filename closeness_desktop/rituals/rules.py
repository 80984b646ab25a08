"""Which rituals are due, and when to look again: a pure rule engine.

Nothing here reads the clock or touches Qt or the database. The scheduler builds a
:class:`RitualState` from the settings and the log of what already fired, fires what
:func:`due` returns for "now", records each item with :meth:`Due.to_fired`, and sleeps
until :func:`next_check`.

The rules
=========

Occurrences
    A ritual occurs on each of its weekdays at its local wall time; see
    :func:`occurrence_at` for daylight-saving changes. An occurrence is identified by
    ``(key, occurrence)``, its scheduled instant in UTC, and the log is keyed the same
    way: nothing fires twice, not after a restart and not when the clock is set back.
Window
    An occurrence may fire from its instant until ``grace`` later (the item's own grace,
    else the state's), and only on its own local day. Anything older is skipped
    without a notification, on purpose: after a night or three days asleep the laptop
    offers at most today's occurrence of each ritual, never a backlog of stale greetings.
Quiet hours
    Nothing is due inside quiet hours. An occurrence that falls in them is held and
    fires when they end if its window is still open: quiet hours hold an item back but
    never stretch its grace. With the default 22:00-07:30 and a grace of 2 h a 07:00
    greeting fires at 07:30; a ritual set for 03:00 never fires (settings can warn with
    :meth:`QuietHours.contains`). A date's own reminders are not held: the couple chose
    that evening, and a late date still gets its hour-before nudge.
Pause
    While paused, no ritual is due; an occurrence whose window is still open when the
    pause ends fires then. Date reminders are not paused: the couple made that
    appointment themselves, and a pause is a rest from the nudges, not from each other.
Daily cap
    At most ``daily_cap`` counting items fire per local day, counted from the log by the
    day they fired; an occurrence counts once, however often it is snoozed. Items over
    the cap are dropped for the day, never delivered later. Items that do not count
    (date reminders by default) are never blocked.
Snooze
    A snoozed occurrence is not due before its snooze ends; then it is due again, with a
    fresh window of ``grace`` from the snooze's end (so past its original grace), still
    only on the occurrence's own day. Its re-fire is logged as another :class:`Fired`
    with the same ``(key, occurrence)``. A snooze is spent once the log holds a firing of
    that occurrence at or after the snooze's end, so the caller never has to delete it;
    snoozing again replaces the entry with a later end and arms it afresh.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import cached_property
from typing import TypeAlias

DAY = timedelta(days=1)
# Weekdays count from Monday = 0, as date.weekday() does.
EVERY_DAY = frozenset(range(7))
WORKDAYS = frozenset(range(5))
SUNDAY = 6
DEFAULT_GRACE = timedelta(hours=2)
DEFAULT_LEAVING_LEAD = timedelta(minutes=10)
# next_check looks this far past the last dated thing in the state; after that every
# week repeats the one before.
_LOOKAHEAD = timedelta(days=7)

OccurrenceKey: TypeAlias = tuple[str, datetime]
"""``(key, occurrence)``: one occurrence of one ritual or one-off, as the log keys it."""


class RitualKind(StrEnum):
    """What a reminder is for."""

    MORNING_GREETING = "morning_greeting"
    CHECKIN = "checkin"
    DINNER = "dinner"
    PLAN_DATE = "plan_date"
    LEAVING = "leaving"
    DATE_REMINDER = "date_reminder"
    AFTER_DATE = "after_date"  # "how was your date night?", the day after


def _require_aware(what: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime, got {value!r}")


def _require_wall_time(what: str, value: time) -> None:
    if value.tzinfo is not None:
        raise ValueError(f"{what} must be a local wall time without tzinfo, got {value!r}")


def _local_date(instant: datetime, zone: tzinfo) -> date:
    return instant.astimezone(zone).date()


def occurrence_at(day: date, at: time, zone: tzinfo) -> datetime:
    """The instant, in UTC, at which the local wall time ``at`` happens on ``day``.

    Daylight-saving changes: a wall time skipped by the spring-forward gap is shifted
    forward by the length of the gap (02:30 becomes 03:30 in Berlin or New York); a wall
    time that happens twice in the autumn means its first happening (``fold=0``, still
    summer time). ``at`` must be naive; its own ``fold`` is ignored.
    """
    _require_wall_time("at", at)
    return datetime.combine(day, at.replace(fold=0), tzinfo=zone).astimezone(UTC)


def _day_start(day: date, zone: tzinfo) -> datetime:
    return occurrence_at(day, time(0), zone)


@dataclass(frozen=True, kw_only=True)
class Ritual:
    """A repeating ritual, in the couple's own words.

    ``at`` is a local wall time; ``weekdays`` uses 0 for Monday. ``grace`` is how late an
    occurrence may still fire (``None``: the state's grace).
    """

    key: str
    kind: RitualKind
    at: time
    title: str
    text: str
    weekdays: frozenset[int] = EVERY_DAY
    enabled: bool = True
    counts_toward_cap: bool = True
    grace: timedelta | None = None

    def __post_init__(self) -> None:
        _require_wall_time("Ritual.at", self.at)
        if not self.weekdays <= EVERY_DAY:
            raise ValueError(f"weekdays must lie in 0..6, got {sorted(self.weekdays)}")

    def occurrence_on(self, day: date, zone: tzinfo) -> datetime | None:
        """The instant this ritual occurs on ``day``, or ``None`` if it does not."""
        if not self.enabled or day.weekday() not in self.weekdays:
            return None
        return occurrence_at(day, self.at, zone)


@dataclass(frozen=True, kw_only=True)
class OneOff:
    """A single reminder, such as a planned date night's.

    Not paused by a pause and, by default, neither counted toward nor blocked by the
    daily cap. ``grace`` as for :class:`Ritual`.
    """

    key: str
    due_at: datetime
    title: str
    text: str
    kind: RitualKind = RitualKind.DATE_REMINDER
    counts_toward_cap: bool = False
    grace: timedelta | None = None

    def __post_init__(self) -> None:
        _require_aware("OneOff.due_at", self.due_at)

    def occurrence_on(self, day: date, zone: tzinfo) -> datetime | None:
        """``due_at`` in UTC if it falls on the local ``day``, else ``None``."""
        if _local_date(self.due_at, zone) != day:
            return None
        return self.due_at.astimezone(UTC)


@dataclass(frozen=True)
class Fired:
    """One entry of the log: ``occurrence`` (its scheduled instant) fired at ``fired_at``.

    ``counted`` tells whether it counted toward that day's cap. A snoozed occurrence
    that fires again is logged once more, with the same ``key`` and ``occurrence``.
    """

    key: str
    occurrence: datetime
    fired_at: datetime
    counted: bool

    def __post_init__(self) -> None:
        _require_aware("Fired.occurrence", self.occurrence)
        _require_aware("Fired.fired_at", self.fired_at)


@dataclass(frozen=True)
class Due:
    """Something to show now. ``occurrence`` is in UTC.

    ``counts_toward_cap`` is whether firing it counts toward today's cap: false for items
    that never count and for a snoozed occurrence that was already counted.
    """

    key: str
    kind: RitualKind
    occurrence: datetime
    title: str
    text: str
    counts_toward_cap: bool

    def to_fired(self, fired_at: datetime) -> Fired:
        """The log entry that records firing this item at ``fired_at``."""
        return Fired(self.key, self.occurrence, fired_at, self.counts_toward_cap)


@dataclass(frozen=True)
class QuietHours:
    """A daily stretch without notifications, from ``start`` to ``end`` (local wall times).

    It crosses midnight when ``start`` is later than ``end``; ``start == end`` means no
    quiet hours at all. Boundaries on a daylight-saving change follow
    :func:`occurrence_at`.
    """

    start: time = time(22)
    end: time = time(7, 30)

    def __post_init__(self) -> None:
        _require_wall_time("QuietHours.start", self.start)
        _require_wall_time("QuietHours.end", self.end)

    @property
    def crosses_midnight(self) -> bool:
        return self.start > self.end

    def contains(self, local_time: time) -> bool:
        """Whether the wall time ``local_time`` lies in quiet hours (``end`` excluded)."""
        if self.crosses_midnight:
            return local_time >= self.start or local_time < self.end
        return self.start <= local_time < self.end

    def until(self, when: datetime, zone: tzinfo) -> datetime | None:
        """If quiet hours are on at the instant ``when``, the instant they end; else ``None``."""
        day = _local_date(when, zone)
        for first_day in (day - DAY, day):
            start = occurrence_at(first_day, self.start, zone)
            end_day = first_day + DAY if self.crosses_midnight else first_day
            end = occurrence_at(end_day, self.end, zone)
            if start <= when < end:
                return end
        return None


@dataclass(frozen=True, kw_only=True)
class RitualState:
    """Everything :func:`due` and :func:`next_check` look at, besides "now".

    Only what ``fired`` holds is known not to fire again, so the log passed in must reach
    back as far as the clock may be set back; a few days is plenty. ``snoozes`` maps an
    occurrence to the end of its latest snooze. Keys are unique across rituals and
    one-offs.
    """

    zone: tzinfo
    rituals: Sequence[Ritual] = ()
    one_offs: Sequence[OneOff] = ()
    fired: Sequence[Fired] = ()
    quiet: QuietHours = QuietHours()
    snoozes: Mapping[OccurrenceKey, datetime] = field(default_factory=dict)
    paused_until: datetime | None = None
    daily_cap: int = 3
    grace: timedelta = DEFAULT_GRACE

    def __post_init__(self) -> None:
        keys = [source.key for source in self._sources]
        if len(set(keys)) != len(keys):
            raise ValueError(f"ritual and one-off keys must be unique, got {keys}")
        if self.paused_until is not None:
            _require_aware("paused_until", self.paused_until)
        for (_, occurrence), until in self.snoozes.items():
            _require_aware("snoozed occurrence", occurrence)
            _require_aware("snooze end", until)

    @property
    def _sources(self) -> list[Ritual | OneOff]:
        return [*self.rituals, *self.one_offs]

    @cached_property
    def _last_fired(self) -> dict[OccurrenceKey, datetime]:
        """When each logged occurrence last fired."""
        last: dict[OccurrenceKey, datetime] = {}
        for entry in self.fired:
            key = (entry.key, entry.occurrence.astimezone(UTC))
            last[key] = max(entry.fired_at, last.get(key, entry.fired_at))
        return last

    @cached_property
    def _counted(self) -> dict[OccurrenceKey, date]:
        """The local day on which each counted occurrence counted."""
        return {
            (entry.key, entry.occurrence.astimezone(UTC)): _local_date(entry.fired_at, self.zone)
            for entry in self.fired
            if entry.counted
        }

    @cached_property
    def _snooze_ends(self) -> dict[OccurrenceKey, datetime]:
        return {
            (key, occurrence.astimezone(UTC)): until.astimezone(UTC)
            for (key, occurrence), until in self.snoozes.items()
        }

    def _counted_on(self, day: date) -> int:
        return sum(1 for counted_day in self._counted.values() if counted_day == day)

    def _is_paused(self, when: datetime) -> bool:
        return self.paused_until is not None and when < self.paused_until


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
    day_end = _day_start(day + DAY, state.zone)
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

    At most one item per ritual; see the module docstring for the rules. The caller
    fires each item and logs it with :meth:`Due.to_fired`.
    """
    _require_aware("now", now)
    quiet = state.quiet.until(now, state.zone) is not None
    today = _local_date(now, state.zone)
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
    _require_aware("now", now)
    current = {(item.key, item.occurrence) for item in due(state, now)}
    for instant in _boundaries(state, now):
        if any((item.key, item.occurrence) not in current for item in due(state, instant)):
            return instant
    return None


def _boundaries(state: RitualState, now: datetime) -> list[datetime]:
    """Every instant after ``now``, up to the lookahead, at which :func:`due` may change.

    :func:`due` depends on the time only through the local day, the windows of that
    day's items, quiet hours and the pause; these are where each of them changes.
    """
    instants = set() if state.paused_until is None else {state.paused_until}
    for day in _days(_local_date(now, state.zone), _last_day(state, now)):
        instants.add(_day_start(day, state.zone))
        instants.add(occurrence_at(day, state.quiet.end, state.zone))
        for item in _items_on(state, day):
            instants.update((item.start, item.end))
    return sorted(instant for instant in instants if instant > now)


def _last_day(state: RitualState, now: datetime) -> date:
    """The last local day :func:`next_check` looks at: a week past anything dated."""
    dated = [
        now,
        *(one_off.due_at for one_off in state.one_offs),
        *state.snoozes.values(),
        *(entry.fired_at for entry in state.fired),
    ]
    if state.paused_until is not None:
        dated.append(state.paused_until)
    return max(_local_date(instant, state.zone) for instant in dated) + _LOOKAHEAD


def _days(first: date, last: date) -> Iterator[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def pause_until_tomorrow(now: datetime, zone: tzinfo, quiet: QuietHours) -> datetime:
    """When a "pause until tomorrow" started at ``now`` ends by itself: the next morning.

    That is the next end of quiet hours after ``now``: tomorrow's during the day, this
    morning's when paused after midnight.
    """
    _require_aware("now", now)
    today = _local_date(now, zone)
    this_morning = occurrence_at(today, quiet.end, zone)
    return this_morning if this_morning > now else occurrence_at(today + DAY, quiet.end, zone)


def snooze_until(now: datetime, minutes: int) -> datetime:
    """The end, in UTC, of a snooze of ``minutes`` (positive) started at ``now``."""
    _require_aware("now", now)
    if minutes <= 0:
        raise ValueError(f"a snooze lasts a positive number of minutes, got {minutes}")
    return now.astimezone(UTC) + timedelta(minutes=minutes)


def leaving_ritual(
    key: str,
    leave_at: time,
    weekdays: Iterable[int] = WORKDAYS,
    lead: timedelta = DEFAULT_LEAVING_LEAD,
) -> Ritual:
    """A "heading out soon?" reminder ``lead`` before leaving at ``leave_at`` on ``weekdays``.

    Its grace is the lead: a reminder arriving after one has left is only noise. A lead
    that reaches back past midnight moves the reminder to the evening before.
    """
    _require_wall_time("leave_at", leave_at)
    if not timedelta(0) < lead < DAY:
        raise ValueError(f"lead must be positive and under a day, got {lead}")
    since_midnight = timedelta(
        hours=leave_at.hour, minutes=leave_at.minute, seconds=leave_at.second
    )
    days_back, remind = divmod(since_midnight - lead, DAY)
    seconds = remind.seconds
    return Ritual(
        key=key,
        kind=RitualKind.LEAVING,
        at=time(seconds // 3600, seconds // 60 % 60, seconds % 60),
        weekdays=frozenset((weekday + days_back) % 7 for weekday in weekdays),
        title="Heading out",
        text="Heading out soon? Part on good terms.",
        grace=lead,
        # A goodbye belongs with the greetings: it never takes a ritual's place in the cap.
        counts_toward_cap=False,
    )


def default_rituals() -> tuple[Ritual, ...]:
    """The rituals a new household starts with; each can be reworded, moved or turned off."""
    return (
        _default(
            RitualKind.MORNING_GREETING,
            time(8),
            "Good morning",
            "Start the day with a warm hello: a hug, a kiss, a kind word or a little note.",
            # A greeting, like the arrival greetings: it leaves the cap to the rituals.
            counts_toward_cap=False,
        ),
        _default(
            RitualKind.DINNER,
            time(19),
            "Dinner together",
            "Dinner time: phones away, just the two of you.",
        ),
        _default(
            RitualKind.CHECKIN,
            time(20, 30),
            "Check-in",
            "How are you feeling today? Ask each other, and take the time to listen.",
        ),
        _default(
            RitualKind.PLAN_DATE,
            time(18),
            "Plan your next date night",
            "Pick an evening for just the two of you and keep it like any appointment.",
            weekdays=frozenset({SUNDAY}),
        ),
    )


def _default(
    kind: RitualKind,
    at: time,
    title: str,
    text: str,
    weekdays: frozenset[int] = EVERY_DAY,
    *,
    counts_toward_cap: bool = True,
) -> Ritual:
    return Ritual(
        key=kind.value,
        kind=kind,
        at=at,
        title=title,
        text=text,
        weekdays=weekdays,
        counts_toward_cap=counts_toward_cap,
    )
