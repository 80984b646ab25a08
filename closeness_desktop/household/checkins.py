"""Check-ins read for the mood chart: how both of you have been, over weeks and months.

Writing a check-in is an entry like any other (``household.entries.add``); this room only
reads, so it has no undo steps and announces nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime

from closeness_desktop.household.context import Context
from closeness_desktop.records import EntryKind, EntryRecord
from closeness_desktop.rituals.mood_series import MoodMark, MoodSeries, Span, mark_of, series
from closeness_desktop.rituals.mood_series import utc_range as span_range
from closeness_desktop.store import checkins as store
from closeness_desktop.store import entries as entry_store


class Checkins:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def today(self) -> date:
        """Today on the household's clock, in its local zone."""
        return self._ctx.now().astimezone(self._ctx.clock.local_zone()).date()

    def moods(self, since: datetime, until: datetime) -> list[MoodMark]:
        """Every check-in written in ``[since, until)`` (aware times), oldest first, on the
        local day it was written."""
        zone = self._ctx.clock.local_zone()
        with self._ctx.db.reading() as session:
            rows = store.moods(session, since, until)
        return [
            mark_of(row.author_id, row.occurred_at, row.mood, row.entry_id, zone) for row in rows
        ]

    def series(self, span: Span) -> MoodSeries:
        """The mood chart's points for the last 8 weeks or 12 months, up to today."""
        today = self.today()
        since, until = span_range(span, today, self._ctx.clock.local_zone())
        return series(self.moods(since, until), span, today)

    def behind(self, entry_ids: Iterable[uuid.UUID]) -> list[EntryRecord]:
        """The check-ins behind a point, oldest first; any gone since are left out."""
        with self._ctx.db.reading() as session:
            found = [entry_store.get(session, entry_id) for entry_id in entry_ids]
        kept = [
            record
            for record in found
            if record is not None and record.kind is EntryKind.CHECKIN and record.deleted_at is None
        ]
        return sorted(kept, key=lambda record: record.occurred_at)
