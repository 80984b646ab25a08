"""The time zones a calendar file describes itself, worked out with bounded work.

icalendar gives every ``VTIMEZONE`` whose ``TZID`` is not a zone it knows to its time-zone
provider. Its default one builds a dateutil ``tzical``, which walks each observance's rule
from its ``DTSTART`` again on every look-up: a 489-byte file with a zone changing its
clocks hourly from year 1 took 35 s to read, and far longer from the window (issue 8).
It also keeps every such zone in one cache for the whole process, so a second file's
"Customized Time Zone" was read with the first file's rules.

:func:`file_zones` puts a provider of our own in place for the time one file is parsed
(icalendar's documented way to choose a provider), with a fresh cache each time:
:class:`FileZone` works out its changes once, on first use, for the years the file's
events need (:mod:`.zone_rules`), within the file's budget, and answers each look-up by
bisection. A zone it can't work out makes the events that use it skipped, with the
reason (:class:`ZoneUnreadable`); the other events still import.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from icalendar import Component, Timezone
from icalendar.timezone import tzp
from icalendar.timezone.zoneinfo import ZONEINFO

from closeness_desktop.dates.ical.limits import MAX_TZID_LENGTH, ReadWork
from closeness_desktop.dates.ical.preview import READ_ERRORS
from closeness_desktop.dates.ical.properties import Skip, without_controls
from closeness_desktop.dates.ical.zone_rules import (
    DAMAGED,
    Observance,
    Steps,
    ZoneRefused,
    onsets,
)
from closeness_desktop.dates.model.plan import MAX_YEAR, MIN_YEAR

_ZERO = timedelta(0)
#: icalendar's provider is one for the whole process: one file is parsed at a time.
_PARSING = threading.Lock()


class ZoneUnreadable(Skip):
    """Raised by a look-up in a zone that can't be worked out: the event is skipped."""


@dataclass
class ZoneWindow:
    """What the zones of one file may cost, and the years its events need."""

    steps: Steps
    years: range = field(default_factory=lambda: range(MIN_YEAR, MAX_YEAR + 1))


@contextmanager
def file_zones(work: ReadWork) -> Iterator[ZoneWindow]:
    """While parsing one file: its ``VTIMEZONE`` parts become :class:`FileZone` objects
    sharing one budget, and a zone name too long for any real one is not looked up."""
    window = ZoneWindow(Steps(work))
    with _PARSING:
        tzp.use(_Provider(window))
        try:
            yield window
        finally:
            tzp.use_default()  # and with it, forget this file's zones


class _Provider(ZONEINFO):
    def __init__(self, window: ZoneWindow) -> None:
        self._window = window

    def timezone(self, name: str) -> tzinfo | None:
        if len(name) > MAX_TZID_LENGTH:
            return None  # the event says so (``properties.check_lengths``)
        try:
            found: tzinfo | None = super().timezone(name)
        except OSError:  # a name the file system refuses ("File name too long")
            return None
        return found

    # icalendar's own providers take the component, whatever its abstract base says.
    def create_timezone(self, tz: Timezone) -> tzinfo:  # type: ignore[override]
        return FileZone(tz, self._window)


@dataclass(frozen=True)
class _Change:
    """One change of the clocks: when (in UTC, and on the clock before it), and to what."""

    utc: datetime
    wall: datetime
    offset_from: timedelta
    offset: timedelta
    dst: timedelta


class _Table:
    """A zone's changes in time order, for bisection by UTC time and by wall time; before
    the first change, the offset it changes from."""

    def __init__(self, changes: list[_Change]) -> None:
        self.by_utc = sorted(changes, key=lambda change: change.utc)
        self.utcs = [change.utc for change in self.by_utc]
        self.by_wall = sorted(changes, key=lambda change: change.wall)
        self.walls = [change.wall for change in self.by_wall]
        first = self.by_utc[0]
        self.before = (first.offset_from, _ZERO)

    def at_wall(self, wall: datetime) -> tuple[timedelta, timedelta]:
        """The offset and the daylight-saving part of it at a wall time."""
        index = bisect.bisect_right(self.walls, wall) - 1
        return (self.by_wall[index].offset, self.by_wall[index].dst) if index >= 0 else self.before

    def at_utc(self, utc: datetime) -> timedelta:
        index = bisect.bisect_right(self.utcs, utc) - 1
        return self.by_utc[index].offset if index >= 0 else self.before[0]


class FileZone(tzinfo):
    """A ``VTIMEZONE`` of the file, worked out on first use."""

    def __init__(self, component: Timezone, window: ZoneWindow) -> None:
        self.tzid = str(component.get("TZID", ""))
        self._window = window
        self._table: _Table | None = None
        self._refused: str | None = None
        try:
            self._observances = [
                _observance(part)
                for part in component.subcomponents
                if part.name in ("STANDARD", "DAYLIGHT")
            ]
        except READ_ERRORS:
            self._observances = []
            self._refused = DAMAGED
        if not self._observances:
            self._refused = self._refused or DAMAGED

    def _work_out(self) -> _Table:
        if self._table is not None:
            return self._table
        if self._refused is None:
            try:
                self._table = self._tabulate()
            except ZoneRefused as refused:
                self._refused = refused.reason
        if self._table is None:
            name = " ".join(without_controls(self.tzid).split())
            name = name if len(name) <= 60 else name[:59] + "…"
            raise ZoneUnreadable(f"Its time zone “{name}” {self._refused}.")
        return self._table

    def _tabulate(self) -> _Table:
        self._window.steps.work.zones_worked_out += 1
        changes: list[_Change] = []
        for each in self._observances:
            dst = each.offset_to - each.offset_from if each.is_dst else _ZERO
            for wall in onsets(each, self._window.years, self._window.steps):
                utc = wall - each.offset_from
                changes.append(_Change(utc, wall, each.offset_from, each.offset_to, dst))
        return _Table(changes)

    # -- tzinfo ---------------------------------------------------------------------

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        if dt is None:
            return None
        return self._work_out().at_wall(dt.replace(tzinfo=None))[0]

    def dst(self, dt: datetime | None) -> timedelta | None:
        if dt is None:
            return None
        return self._work_out().at_wall(dt.replace(tzinfo=None))[1]

    def tzname(self, dt: datetime | None) -> str | None:
        # The zone's own id, worked out or not: icalendar asks while parsing, to name the
        # zone of a time, before the years the file needs are known.
        return self.tzid

    def fromutc(self, dt: datetime) -> datetime:
        utc = dt.replace(tzinfo=None)
        return (utc + self._work_out().at_utc(utc)).replace(tzinfo=self)

    def __repr__(self) -> str:
        return f"FileZone({self.tzid[:60]!r})"


def _observance(part: Component) -> Observance:
    start = _wall_time(getattr(part["DTSTART"], "dt", None))
    offset_to = _offset(part["TZOFFSETTO"])
    offset_from = _offset(part["TZOFFSETFROM"]) if "TZOFFSETFROM" in part else offset_to
    rule = part.get("RRULE")
    if rule is not None and not isinstance(rule, Mapping):
        raise ValueError("an observance with several rules")
    listed = tuple(_listed(part.get("RDATE")))
    return Observance(start, offset_from, offset_to, part.name == "DAYLIGHT", rule, listed)


def _offset(value: object) -> timedelta:
    offset = getattr(value, "td", None)
    if not isinstance(offset, timedelta):
        raise ValueError("not an offset")
    return offset


def _listed(value: object) -> Iterator[datetime]:
    """The times an ``RDATE`` lists (one line or several; a period by its start)."""
    lines = value if isinstance(value, list) else [] if value is None else [value]
    for line in lines:
        for item in getattr(line, "dts", None) or []:
            moment = getattr(item, "dt", None)
            yield _wall_time(moment[0] if isinstance(moment, tuple) else moment)


def _wall_time(value: object) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time())
    raise ValueError("not a date")
