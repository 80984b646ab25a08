"""The rituals' settings (read and saved at a version), snoozes and pauses, the log of
what fired, and each partner's visits (the companion's memory of arrivals)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from closeness_desktop.household.context import Context
from closeness_desktop.records import Area, ConflictError
from closeness_desktop.rituals import rules
from closeness_desktop.rituals.config import RitualSettings
from closeness_desktop.rituals.greeting import Visit
from closeness_desktop.store import ritual_log
from closeness_desktop.store import settings as store

log = logging.getLogger(__name__)

RITUALS_KEY = "rituals"
RITUAL_AREAS = frozenset({Area.RITUALS})
CHANGED_ELSEWHERE = (
    "The reminders were changed elsewhere while you had Settings open; nothing was"
    " overwritten. Open Settings again to see them."
)


class Rituals:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    # -- settings ---------------------------------------------------------------------

    def settings(self) -> RitualSettings:
        with self._ctx.db.reading() as session:
            value, version = store.read(session, RITUALS_KEY)
        return replace(RitualSettings.from_json(value), version=version)

    def save_settings(self, settings: RitualSettings, *, origin: object = None) -> RitualSettings:
        """Save settings read at ``settings.version``; :class:`ConflictError` (carrying the
        newer settings) if they were changed since."""
        with self._ctx.db.writing() as session:
            version = store.write(
                session, RITUALS_KEY, settings.to_json(), settings.version, self._ctx.now()
            )
            if version is None:
                value, current = store.read(session, RITUALS_KEY)
                newer = replace(RitualSettings.from_json(value), version=current)
                raise ConflictError(CHANGED_ELSEWHERE, newer)
        self._ctx.announce(RITUAL_AREAS, origin)
        return replace(settings, version=version)

    def _change(self, how: Callable[[RitualSettings], RitualSettings], origin: object) -> None:
        """Read, change and write the settings in one transaction: a snooze or a pause on
        one computer never undoes a change made on another."""
        with self._ctx.db.writing() as session:
            value, version = store.read(session, RITUALS_KEY)
            changed = how(RitualSettings.from_json(value))
            written = store.write(session, RITUALS_KEY, changed.to_json(), version, self._ctx.now())
        assert written is not None  # read in this transaction
        self._ctx.announce(RITUAL_AREAS, origin)

    def snooze(
        self, key: str, occurrence: datetime, until: datetime, *, origin: object = None
    ) -> None:
        self._change(lambda settings: settings.snoozed(key, occurrence, until), origin)

    def pause(self, until: datetime | None, *, origin: object = None) -> None:
        """Hold ritual reminders until ``until`` (None: resume now)."""
        self._change(lambda settings: replace(settings, paused_until=until), origin)

    # -- what fired -------------------------------------------------------------------

    def fired_since(self, since: datetime) -> list[rules.Fired]:
        """The ritual log from ``since`` on (it must reach back as far as a clock may jump)."""
        with self._ctx.db.reading() as session:
            return ritual_log.fired_since(session, since)

    def record_fired(self, fired: rules.Fired) -> None:
        # Announces nothing: the scheduler that fired it already knows.
        with self._ctx.db.writing() as session:
            ritual_log.record(session, fired)

    # -- visits -----------------------------------------------------------------------

    def visit(self, partner_id: uuid.UUID) -> Visit:
        with self._ctx.db.reading() as session:
            value, _version = store.read(session, _VisitJson.key(partner_id))
        return _VisitJson.from_json(value)

    def save_visit(self, partner_id: uuid.UUID, visit: Visit) -> None:
        """Remember ``visit``: a record of moments, where the latest word is the true one."""
        key = _VisitJson.key(partner_id)
        with self._ctx.db.writing() as session:
            _value, version = store.read(session, key)
            store.write(session, key, _VisitJson.to_json(visit), version, self._ctx.now())
        self._ctx.announce({Area.VISITS})


class _VisitJson:
    """How visits are kept in the settings table: one JSON object per partner."""

    FIELDS = ("arrived_at", "departed_at", "greeted_at")

    @staticmethod
    def key(partner_id: uuid.UUID) -> str:
        return f"visit:{partner_id}"

    @staticmethod
    def to_json(visit: Visit) -> dict[str, str | None]:
        return {
            name: (value.isoformat() if value else None)
            for name, value in (
                ("arrived_at", visit.arrived_at),
                ("departed_at", visit.departed_at),
                ("greeted_at", visit.greeted_at),
            )
        }

    @staticmethod
    def from_json(data: Any) -> Visit:
        """A visit as stored; anything unreadable counts as never seen (and is logged)."""
        if not isinstance(data, dict):
            return Visit()
        try:
            values = {name: _stored_moment(data.get(name)) for name in _VisitJson.FIELDS}
        except (TypeError, ValueError):
            log.warning("an unreadable visit was stored: %r; starting afresh", data)
            return Visit()
        return Visit(**values)


def _stored_moment(value: Any) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"{value!r} has no UTC offset")
    return moment
