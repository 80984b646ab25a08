"""The household's ritual settings, as stored (JSON) and as the rules engine takes them.

Pure: no Qt, no database. ``household.py`` keeps the JSON in the settings table; the
scheduler asks :meth:`RitualSettings.state` for a :class:`rules.RitualState`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta, tzinfo
from typing import Any, TypeVar

from closeness_desktop.rituals import rules

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_CAP = 3
SNOOZE_MINUTES = (10, 60)


@dataclass(frozen=True)
class LeavingTime:
    """On these weekdays (0 = Monday) one of you usually leaves at ``at``."""

    weekdays: frozenset[int]
    at: time

    def __post_init__(self) -> None:
        if not self.weekdays <= rules.EVERY_DAY:
            raise ValueError(f"weekdays must lie in 0..6, got {sorted(self.weekdays)}")
        if self.at.tzinfo is not None:
            raise ValueError(f"a leaving time is a local wall time, got {self.at!r}")


@dataclass(frozen=True)
class RitualSettings:
    rituals: tuple[rules.Ritual, ...] = field(default_factory=rules.default_rituals)
    quiet: rules.QuietHours = field(default_factory=rules.QuietHours)
    daily_cap: int = DEFAULT_CAP
    leaving: tuple[LeavingTime, ...] = ()
    paused_until: datetime | None = None
    snoozes: Mapping[rules.OccurrenceKey, datetime] = field(default_factory=dict)
    #: The check-in's notification also offers the deck's conversation question.
    checkin_question: bool = True
    #: The stored version these settings were read at (0: never stored); a save checks it.
    version: int = field(default=0, compare=False)

    def ritual(self, key: str) -> rules.Ritual | None:
        return next((ritual for ritual in self.rituals if ritual.key == key), None)

    def all_rituals(self) -> tuple[rules.Ritual, ...]:
        """The couple's rituals plus one leaving reminder per leaving time."""
        leaving = tuple(
            rules.leaving_ritual(f"leaving-{number}", each.at, each.weekdays)
            for number, each in enumerate(self.leaving)
        )
        return self.rituals + leaving

    def state(
        self, zone: tzinfo, fired: Sequence[rules.Fired], one_offs: Sequence[rules.OneOff] = ()
    ) -> rules.RitualState:
        return rules.RitualState(
            zone=zone,
            rituals=self.all_rituals(),
            one_offs=one_offs,
            fired=fired,
            quiet=self.quiet,
            snoozes=self.snoozes,
            paused_until=self.paused_until,
            daily_cap=self.daily_cap,
        )

    def snoozed(self, key: str, occurrence: datetime, until: datetime) -> RitualSettings:
        """With the occurrence ``(key, occurrence)`` snoozed until ``until`` (old snoozes go)."""
        snoozes = {k: v for k, v in self.snoozes.items() if v > occurrence - timedelta(days=2)}
        snoozes[(key, occurrence)] = until
        return replace(self, snoozes=snoozes)

    # -- JSON -------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "rituals": [_ritual_json(ritual) for ritual in self.rituals],
            "quiet": {"start": _hhmm(self.quiet.start), "end": _hhmm(self.quiet.end)},
            "daily_cap": self.daily_cap,
            "leaving": [
                {"weekdays": sorted(each.weekdays), "at": _hhmm(each.at)} for each in self.leaving
            ],
            "paused_until": self.paused_until.isoformat() if self.paused_until else None,
            "snoozes": [
                {"key": key, "occurrence": occurrence.isoformat(), "until": until.isoformat()}
                for (key, occurrence), until in self.snoozes.items()
            ],
            "checkin_question": self.checkin_question,
        }

    @classmethod
    def from_json(cls, data: Any) -> RitualSettings:
        """Settings from stored JSON, never raising.

        Each part that cannot be read (and each unreadable ritual, leaving time or snooze)
        falls back to its default and is logged: one bad value must not cost the couple the
        rituals they wrote in their own words, which the next save would overwrite.
        """
        if not data:
            return cls()
        if not isinstance(data, Mapping):
            log.error("ritual settings are not an object (%r); using the defaults", data)
            return cls()
        base = cls()
        paused = data.get("paused_until")
        return cls(
            rituals=_read("rituals", base.rituals, lambda: _rituals_from(data.get("rituals"))),
            quiet=_read("quiet hours", base.quiet, lambda: _quiet_from(data.get("quiet"))),
            daily_cap=_read(
                "daily cap", base.daily_cap, lambda: max(0, int(data.get("daily_cap", DEFAULT_CAP)))
            ),
            leaving=tuple(_items("leaving time", data.get("leaving"), _leaving_from)),
            paused_until=_read("pause", None, lambda: _aware(paused) if paused else None),
            snoozes=dict(_items("snooze", data.get("snoozes"), _snooze_from)),
            checkin_question=_read(
                "check-in question", True, lambda: _flag(data.get("checkin_question", True))
            ),
        )


#: What reading a malformed part of the stored JSON may raise.
_UNREADABLE = (AttributeError, KeyError, TypeError, ValueError, OverflowError)


def _read(what: str, default: T, parse: Callable[[], T]) -> T:
    try:
        return parse()
    except _UNREADABLE:
        log.exception("ritual settings: the %s could not be read; using the default", what)
        return default


def _items(what: str, raw: Any, parse: Callable[[Any], T]) -> list[T]:
    """Each readable item of the stored list ``raw``; unreadable ones are logged and left out."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        log.error("ritual settings: expected a list of %ss, got %r", what, raw)
        return []
    found = []
    for item in raw:
        try:
            found.append(parse(item))
        except _UNREADABLE:
            log.exception("ritual settings: leaving out an unreadable %s: %r", what, item)
    return found


def _aware(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected a time with its UTC offset, got {text!r}")
    return moment


def _quiet_from(data: Any) -> rules.QuietHours:
    quiet = data or {}
    return rules.QuietHours(_time(quiet.get("start", "22:00")), _time(quiet.get("end", "07:30")))


def _rituals_from(data: Any) -> tuple[rules.Ritual, ...]:
    defaults = {ritual.key: ritual for ritual in rules.default_rituals()}
    stored: dict[str, rules.Ritual] = {}
    for ritual in _items("ritual", data, lambda item: _ritual_from(item, defaults)):
        stored.setdefault(ritual.key, ritual)  # keys are unique: the first one wins
    # A ritual added in a later version appears, with its defaults.
    missing = [ritual for key, ritual in defaults.items() if key not in stored]
    return (*stored.values(), *missing)


def _leaving_from(item: Mapping[str, Any]) -> LeavingTime:
    return LeavingTime(frozenset(int(d) for d in item["weekdays"]), _time(item["at"]))


def _snooze_from(item: Mapping[str, Any]) -> tuple[rules.OccurrenceKey, datetime]:
    return (str(item["key"]), _aware(item["occurrence"])), _aware(item["until"])


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {type(value).__name__}")
    return value


def _hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")


def _time(text: str) -> time:
    return time.fromisoformat(text)


def _ritual_json(ritual: rules.Ritual) -> dict[str, Any]:
    return {
        "key": ritual.key,
        "kind": ritual.kind.value,
        "enabled": ritual.enabled,
        "at": _hhmm(ritual.at),
        "weekdays": sorted(ritual.weekdays),
        "title": ritual.title,
        "text": ritual.text,
    }


def _ritual_from(item: Mapping[str, Any], defaults: Mapping[str, rules.Ritual]) -> rules.Ritual:
    base = defaults.get(item["key"])
    kind = rules.RitualKind(item["kind"])
    return rules.Ritual(
        key=str(item["key"]),
        kind=kind,
        at=_time(item["at"]),
        title=str(item.get("title") or (base.title if base else kind.value)),
        text=str(item.get("text") or (base.text if base else "")),
        weekdays=frozenset(int(day) for day in item.get("weekdays", range(7))),
        enabled=bool(item.get("enabled", True)),
        counts_toward_cap=base.counts_toward_cap if base else True,
    )
