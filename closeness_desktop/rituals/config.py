"""The household's ritual settings, as stored (JSON) and as the rules engine takes them.

Pure: no Qt, no database. ``household.py`` keeps the JSON in the settings table; the
scheduler asks :meth:`RitualSettings.state` for a :class:`rules.RitualState`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

from closeness_desktop.rituals import rules

log = logging.getLogger(__name__)

DEFAULT_CAP = 3
SNOOZE_MINUTES = (10, 60)
#: Date-night reminders: the day before and an hour before.
PLAN_REMINDER_LEADS = (timedelta(days=1), timedelta(hours=1))


@dataclass(frozen=True)
class LeavingTime:
    """On these weekdays (0 = Monday) one of you usually leaves at ``at``."""

    weekdays: frozenset[int]
    at: time


@dataclass(frozen=True)
class RitualSettings:
    rituals: tuple[rules.Ritual, ...] = field(default_factory=rules.default_rituals)
    quiet: rules.QuietHours = field(default_factory=rules.QuietHours)
    daily_cap: int = DEFAULT_CAP
    leaving: tuple[LeavingTime, ...] = ()
    paused_until: datetime | None = None
    snoozes: Mapping[rules.OccurrenceKey, datetime] = field(default_factory=dict)

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

    def snoozed(self, due: rules.Due, until: datetime) -> RitualSettings:
        snoozes = {k: v for k, v in self.snoozes.items() if v > due.occurrence - timedelta(days=2)}
        snoozes[(due.key, due.occurrence)] = until
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
        }

    @classmethod
    def from_json(cls, data: Any) -> RitualSettings:
        """Settings from stored JSON; anything unreadable falls back to the defaults, logged."""
        if not data:
            return cls()
        try:
            defaults = {ritual.key: ritual for ritual in rules.default_rituals()}
            stored = [_ritual_from(item, defaults) for item in data.get("rituals", [])]
            known = {ritual.key for ritual in stored}
            # A ritual added in a later version appears, with its defaults.
            stored += [ritual for key, ritual in defaults.items() if key not in known]
            quiet = data.get("quiet") or {}
            paused = data.get("paused_until")
            return cls(
                rituals=tuple(stored),
                quiet=rules.QuietHours(
                    _time(quiet.get("start", "22:00")), _time(quiet.get("end", "07:30"))
                ),
                daily_cap=max(0, int(data.get("daily_cap", DEFAULT_CAP))),
                leaving=tuple(
                    LeavingTime(frozenset(int(d) for d in item["weekdays"]), _time(item["at"]))
                    for item in data.get("leaving", [])
                ),
                paused_until=datetime.fromisoformat(paused) if paused else None,
                snoozes={
                    (
                        item["key"],
                        datetime.fromisoformat(item["occurrence"]),
                    ): datetime.fromisoformat(item["until"])
                    for item in data.get("snoozes", [])
                },
            )
        except (AttributeError, KeyError, TypeError, ValueError):
            log.exception("ritual settings could not be read; using the defaults")
            return cls()


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


@dataclass(frozen=True)
class PlannedDate:
    """What a reminder needs to know of a date-night plan."""

    key: str
    title: str
    starts_at: datetime
    where: str = ""


def plan_reminders(
    plans: Iterable[PlannedDate], zone: tzinfo, leads: Sequence[timedelta] = PLAN_REMINDER_LEADS
) -> list[rules.OneOff]:
    """The day-before and hour-before reminders of each planned date night."""
    reminders = []
    for plan in plans:
        where = f" at {plan.where}" if plan.where else ""
        for lead in leads:
            soon = "tomorrow" if lead >= timedelta(days=1) else "in an hour"
            local = plan.starts_at.astimezone(zone)
            reminders.append(
                rules.OneOff(
                    key=f"plan:{plan.key}:{int(lead.total_seconds())}",
                    due_at=plan.starts_at - lead,
                    title=f"Date night {soon}",
                    text=f"{plan.title}{where}, {local:%H:%M}. Looking forward to it.",
                )
            )
    return reminders
