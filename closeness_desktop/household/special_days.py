"""Anniversaries, birthdays and the couple's own days; and the memories "On this day"."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

from closeness_desktop import special_days as rules
from closeness_desktop.household.context import Context
from closeness_desktop.household.history import LeftAt, UndoStep
from closeness_desktop.household.partners import Partners
from closeness_desktop.household.validation import check_length
from closeness_desktop.records import Area, ConflictError, EntryRecord, NotFoundError
from closeness_desktop.special_days import DayKind, SpecialDay, Upcoming
from closeness_desktop.store import special_days as store
from closeness_desktop.store.database import Session
from closeness_desktop.store.models import TITLE_MAX

DAY_AREAS = frozenset({Area.SPECIAL_DAYS})
#: How many memories "On this day" brings back at most.
ON_THIS_DAY_LIMIT = 20
CHANGED_SINCE = "This day has been changed since; going back would overwrite it."
EDITED_SINCE = "This day has been changed since you opened it."
GONE = "That special day is no longer there."


class SpecialDays:
    def __init__(self, context: Context, partners: Partners) -> None:
        self._ctx = context
        self._partners = partners

    # -- reading ----------------------------------------------------------------------

    def today(self) -> date:
        """The household's local date now."""
        return self._ctx.now().astimezone(self._ctx.clock.local_zone()).date()

    def all(self) -> list[SpecialDay]:
        """Every special day, in calendar order."""
        with self._ctx.db.reading() as session:
            return rules.sorted_days(store.all_days(session))

    def get(self, day_id: uuid.UUID) -> SpecialDay:
        with self._ctx.db.reading() as session:
            found = store.get(session, day_id)
        if found is None or found[1]:
            raise NotFoundError(GONE)
        return found[0]

    def upcoming(self, limit: int | None = 3, *, today: date | None = None) -> list[Upcoming]:
        """The days still to come, today's first; past "once" days give no countdown."""
        return rules.upcoming(self.all(), today or self.today(), limit)

    def on_the_day(self, today: date | None = None) -> list[SpecialDay]:
        """The special days that fall on ``today`` (the household's local date)."""
        today = today or self.today()
        return [day for day in self.all() if rules.is_today(day, today)]

    def on_this_day(
        self, today: date | None = None, limit: int = ON_THIS_DAY_LIMIT
    ) -> list[EntryRecord]:
        """Memories from this month and day in earlier years, newest first (29 February:
        see :func:`closeness_desktop.special_days.on_this_day_dates`)."""
        zone = self._ctx.clock.local_zone()
        today = today or self.today()
        with self._ctx.db.reading() as session:
            first = store.first_memory_at(session)
            if first is None:
                return []
            # A day before the oldest memory's UTC date: its local date may be a day earlier.
            earliest = (first - timedelta(days=1)).year
            spans = []
            for day in rules.on_this_day_dates(today, earliest):
                start = datetime.combine(day, datetime.min.time(), zone)
                end = datetime.combine(day + timedelta(days=1), datetime.min.time(), zone)
                spans.append((start, end))
            return store.memories_between(session, spans, limit)

    # -- changing ---------------------------------------------------------------------

    def _checked(
        self,
        kind: DayKind | str,
        title: str,
        on_date: date,
        *,
        yearly: bool,
        partner_id: uuid.UUID | None,
        day_id: uuid.UUID,
        version: int = 1,
    ) -> SpecialDay:
        kind, title = rules.check(
            kind,
            title,
            on_date,
            yearly=yearly,
            has_partner=partner_id is not None,
            today=self.today(),
        )
        check_length("The name of the day", title, TITLE_MAX)
        if partner_id is not None:
            self._partners.check_member(partner_id, "That partner is not part of this household.")
        return SpecialDay(day_id, kind, title, on_date, yearly, partner_id, version)

    def add(
        self,
        kind: DayKind | str,
        title: str,
        on_date: date,
        *,
        yearly: bool = True,
        partner_id: uuid.UUID | None = None,
        origin: object = None,
    ) -> SpecialDay:
        """Keep a new special day; Undo takes it away again."""
        day = self._checked(
            kind, title, on_date, yearly=yearly, partner_id=partner_id, day_id=uuid.uuid4()
        )
        with self._ctx.db.writing() as session:
            store.add(session, day, self._ctx.now())
        left = self._ctx.history.wrote(("special_day", day.id), 1)
        self._push("add a special day", day.id, left, undo={"deleted_at": True}, redo={})
        self._ctx.announce(DAY_AREAS, origin)
        return day

    def edit(
        self,
        day_id: uuid.UUID,
        version_read: int,
        *,
        kind: DayKind | str,
        title: str,
        on_date: date,
        yearly: bool = True,
        partner_id: uuid.UUID | None = None,
        origin: object = None,
    ) -> SpecialDay:
        """Change a day, if nobody changed it since it was read at ``version_read``."""
        wanted = self._checked(
            kind,
            title,
            on_date,
            yearly=yearly,
            partner_id=partner_id,
            day_id=day_id,
            version=version_read,
        )
        fields = store.fields_of(wanted)
        with self._ctx.db.writing() as session:
            before = self._unchanged(
                session, day_id, version_read, force=False, problem=EDITED_SINCE
            )
            version = store.write(session, day_id, fields, version_read, self._ctx.now())
        assert version is not None  # read in this transaction
        left = self._ctx.history.wrote(("special_day", day_id), version)
        self._push("change a special day", day_id, left, store.fields_of(before), fields)
        self._ctx.announce(DAY_AREAS, origin)
        return replace(wanted, version=version)

    def delete(self, day_id: uuid.UUID, version_read: int, *, origin: object = None) -> None:
        """Take a day off the list; Undo brings it back."""
        with self._ctx.db.writing() as session:
            self._unchanged(session, day_id, version_read, force=False, problem=EDITED_SINCE)
            now = self._ctx.now()
            version = store.write(session, day_id, {"deleted_at": now}, version_read, now)
        assert version is not None  # read in this transaction
        left = self._ctx.history.wrote(("special_day", day_id), version)
        self._push("remove a special day", day_id, left, undo={}, redo={"deleted_at": True})
        self._ctx.announce(DAY_AREAS, origin)

    # -- undo -------------------------------------------------------------------------

    @staticmethod
    def _unchanged(
        session: Session,
        day_id: uuid.UUID,
        expected: int,
        *,
        force: bool,
        live: bool = True,
        problem: str = CHANGED_SINCE,
    ) -> SpecialDay:
        """The row as it is now, if still at ``expected`` (or ``force``); ``live``: it must
        not be deleted (an undo step may find it deleted on purpose)."""
        found = store.get(session, day_id)
        if found is None or (live and found[1]):
            raise NotFoundError(GONE)
        day = found[0]
        if day.version != expected and not force:
            raise ConflictError(problem, day)
        return day

    def _push(
        self,
        description: str,
        day_id: uuid.UUID,
        left: LeftAt,
        undo: dict[str, object],
        redo: dict[str, object],
    ) -> None:
        """One undo step that writes ``undo`` (or ``redo``) over the row it left behind.
        ``deleted_at: True`` stands for "now"; a step without it brings the row back."""

        def apply(fields: dict[str, object]) -> Callable[[bool], None]:
            def run(force: bool) -> None:
                with self._ctx.db.writing() as session:
                    current = self._unchanged(
                        session, day_id, left.version, force=force, live=False
                    )
                    now = self._ctx.now()
                    values = {**fields, "deleted_at": now if fields.get("deleted_at") else None}
                    version = store.write(session, day_id, values, current.version, now)
                assert version is not None  # read in this transaction
                left.version = version

            return run

        self._ctx.history.push(UndoStep(description, DAY_AREAS, apply(undo), apply(redo)))
