"""The only place that reads the wall clock.

Everything that needs "now" takes a :class:`Clock`; tests pass a :class:`FakeClock`.
Times are aware datetimes in UTC; :meth:`Clock.local` converts for display.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, aware, in UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards (it may stop during sleep)."""
        ...

    def local_zone(self) -> tzinfo:
        """The time zone the household sees times in."""
        ...


def _system_zone() -> tzinfo:
    """The system's zone, as an IANA zone (which knows its daylight-saving rules) if the
    system names one; else the current fixed offset."""
    import os
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.path.realpath("/etc/localtime")
        except OSError:
            target = ""
        name = target.partition("/zoneinfo/")[2]
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            name = ""  # an unknown name: fall back to the offset in force now
    zone = datetime.now(UTC).astimezone().tzinfo
    assert zone is not None
    return zone


def zone_name(zone: tzinfo) -> str:
    """The IANA name of ``zone``, or "UTC" for a zone without one."""
    key = getattr(zone, "key", None)
    return key if isinstance(key, str) else "UTC"


class SystemClock:
    """The real clock."""

    #: How long the system's zone is trusted before it is looked up again (a laptop can
    #: travel; looking it up costs a file lookup, too much for every row painted).
    ZONE_TTL_S = 60.0

    def __init__(self) -> None:
        self._zone: tzinfo | None = None
        self._zone_checked = 0.0

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    def local_zone(self) -> tzinfo:
        # Looked up again now and then: the zone can change while the app runs (travel).
        now = time.monotonic()
        if self._zone is None or now - self._zone_checked > self.ZONE_TTL_S:
            self._zone, self._zone_checked = _system_zone(), now
        return self._zone


class FakeClock:
    """A clock that only moves when told to; for tests and benchmarks."""

    def __init__(self, start: datetime, zone: tzinfo | None = None) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware start time")
        self._now = start.astimezone(UTC)
        self._mono = 1000.0
        self._zone: tzinfo = zone or UTC

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def local_zone(self) -> tzinfo:
        return self._zone

    def advance(self, delta: timedelta, *, asleep: bool = False) -> None:
        """Move the wall clock; the monotonic clock stands still while ``asleep``."""
        self._now += delta
        if not asleep:
            self._mono += delta.total_seconds()

    def set(self, when: datetime) -> None:
        """Set the wall clock (forwards or backwards), as a user or NTP would."""
        if when.tzinfo is None:
            raise ValueError("FakeClock.set needs an aware time")
        self._now = when.astimezone(UTC)


class FileClock(SystemClock):
    """The system clock, unless a file holds an ISO time to use instead.

    For end-to-end tests of the running app (``CLOSENESS_FAKE_TIME_FILE``): the test writes
    a new time to the file and asks the app to look again, instead of sleeping.
    """

    def __init__(self, path: str) -> None:
        super().__init__()
        self._path = path

    def now(self) -> datetime:
        try:
            with open(self._path, encoding="utf-8") as handle:
                text = handle.read().strip()
        except FileNotFoundError:
            return super().now()
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            raise ValueError(f"{self._path} must hold an aware ISO time, not {text!r}")
        return moment.astimezone(UTC)


FAKE_TIME_ENV = "CLOSENESS_FAKE_TIME_FILE"


def from_environment(environ: dict[str, str] | None = None) -> Clock:
    """The system clock, or a :class:`FileClock` when the tests ask for one."""
    import os

    path = (environ if environ is not None else dict(os.environ)).get(FAKE_TIME_ENV)
    return FileClock(path) if path else SystemClock()
