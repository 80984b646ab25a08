"""Date-night plans: plan, change, import a calendar, remember an evening as a memory (the
evenings that wait for it are read in :mod:`.plan_evenings`).

A plan is a timeline entry plus the planner's details; the entry's version is the plan's,
so a stale copy of a plan is refused like a stale note.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from closeness_desktop.dates.model import DatePlan, PlanError, PlanState, validate_plan
from closeness_desktop.dates.recurrence import find_evening, mark_evening
from closeness_desktop.household import batched_writes
from closeness_desktop.household.context import Context
from closeness_desktop.household.entries import Entries
from closeness_desktop.household.entry_fields import fields_of
from closeness_desktop.household.history import Apply, LeftAt, UndoStep
from closeness_desktop.household.ideas import Ideas
from closeness_desktop.household.partners import Partners
from closeness_desktop.household.plan_evenings import PlanEvenings, Waiting
from closeness_desktop.household.validation import validate
from closeness_desktop.records import (
    Area,
    ConflictError,
    Draft,
    EntryRecord,
    NotFoundError,
    ValidationError,
)
from closeness_desktop.store import entries as entry_store
from closeness_desktop.store import plans as store

if TYPE_CHECKING:
    from closeness_desktop.dates.ical import ImportPreview
    from closeness_desktop.store.database import Session

PLAN_AREAS = frozenset({Area.ENTRIES, Area.PLANS})
PLAN_NOUNS = ("date night", "date nights")
GONE = "That date-night plan is no longer there."
CHANGED_ELSEWHERE = (
    "This date night was changed elsewhere while you had it open; nothing was overwritten."
)
CHANGED_SINCE = (
    "This date night has been changed since, on this computer or another; going back now"
    " would overwrite that change."
)


@dataclass(frozen=True)
class PlanRecord:
    """A date-night plan and the timeline entry that shows it."""

    entry: EntryRecord
    plan: DatePlan

    @property
    def version(self) -> int:
        return self.entry.version


@dataclass
class _Written:
    """A plan an undo step wrote: what it was before, and the version it was left at."""

    entry_id: uuid.UUID
    before: DatePlan | None  # None: the step created it
    planner_before: uuid.UUID
    after: DatePlan
    planner_after: uuid.UUID
    left: LeftAt


class Plans:
    def __init__(
        self, context: Context, partners: Partners, entries: Entries, ideas: Ideas
    ) -> None:
        self._ctx = context
        self._partners = partners
        self._entries = entries
        self._ideas = ideas
        self._evenings = PlanEvenings(context, partners)

    # -- reading ----------------------------------------------------------------------

    def all(
        self, *, starting_before: datetime | None = None, ending_after: datetime | None = None
    ) -> list[PlanRecord]:
        """Plans not in the trash, by start; with the bounds, only those that can have a
        date in ``[ending_after, starting_before)``."""
        names = self._partners.names()
        with self._ctx.db.reading() as session:
            found = store.plans_between(
                session, names, starting_before=starting_before, ending_after=ending_after
            )
        return [PlanRecord(entry, plan) for entry, plan in found]

    def get(self, uid: str) -> PlanRecord:
        with self._ctx.db.reading() as session:
            found = self._find(session, uid)
        if found is None or found.entry.deleted_at is not None:
            raise NotFoundError(GONE)
        return found

    def uids(self) -> set[str]:
        with self._ctx.db.reading() as session:
            return store.uids(session)

    def waiting(self) -> list[Waiting]:
        """The evenings of the last month that are over and not yet told, newest first."""
        return self._evenings.waiting()

    def not_now_said(self) -> set[tuple[str, datetime]]:
        return self._evenings.not_now_said()

    def not_now(self, uid: str, original_start: datetime, *, origin: object = None) -> None:
        """ "Not now" to one evening's "How was it?" on the timeline (the planner keeps it)."""
        self._evenings.not_now(uid, original_start, origin=origin)

    def _find(self, session: Session, uid: str) -> PlanRecord | None:
        found = store.plan_by_uid(session, uid, self._partners.names())
        return None if found is None else PlanRecord(*found)

    # -- planning ---------------------------------------------------------------------

    def save(
        self,
        plan: DatePlan,
        planner_id: uuid.UUID,
        expected_version: int | None = None,
        *,
        idea_id: str | None = None,
        origin: object = None,
    ) -> PlanRecord:
        """Plan a new date night (``expected_version`` None) or change the one read at
        ``expected_version``; :class:`ConflictError`, carrying the newer plan, if it moved on.
        ``idea_id`` marks the jar's idea done on the plan's day, in the same step."""
        _check(plan)
        self._partners.check_member(planner_id, "Who planned it? Pick one of the two of you.")
        now = self._ctx.now()
        with self._ctx.db.writing() as session:
            found = self._find(session, plan.uid)
            if expected_version is None and found is not None and found.entry.deleted_at is None:
                raise ConflictError("That date night is already planned.", found)
            if expected_version is not None:
                if found is None or found.entry.deleted_at is not None:
                    raise NotFoundError(GONE)
                if found.version != expected_version:
                    raise ConflictError(CHANGED_ELSEWHERE, found)
            written = self._write(session, plan, planner_id, found, now)
            undo_idea, redo_idea = (
                self._ideas.mark_done_in(session, idea_id, _day_of(plan))
                if idea_id is not None
                else (None, None)
            )
            saved = self._find(session, plan.uid)
        assert saved is not None
        description = "plan a date night" if written.before is None else "change a date night"

        def undo(force: bool) -> None:
            with self._ctx.db.writing() as session:
                self._take_back(session, [written], force)
                if undo_idea is not None:
                    undo_idea(session, force)

        def redo(force: bool) -> None:
            with self._ctx.db.writing() as session:
                self._put_back(session, [written], force)
                if redo_idea is not None:
                    redo_idea(session, force)

        areas = PLAN_AREAS | ({Area.IDEAS} if idea_id is not None else set())
        self._push(description, areas, undo, redo, [written])
        self._ctx.announce(areas, origin, {written.entry_id})
        return saved

    def import_calendar(
        self,
        preview: ImportPreview,
        planner_id: uuid.UUID,
        *,
        origin: object = None,
        progress: batched_writes.Progress | None = None,
    ) -> int:
        """Save every plan of an import preview (all or nothing); how many.

        Plans the household already has (by uid) are brought up to date: importing is a
        person's explicit choice to take the file's version. The plans are written in
        batches (:mod:`.batched_writes`), so other writers are never kept waiting long;
        ``progress(done, total)`` hears of each batch, and returning False takes the
        import back and raises ``ImportCancelled``. A finished import is one undo step;
        one taken back leaves none (one for what stayed, if taking back failed too)."""
        for plan in preview.plans:
            try:
                validate_plan(plan)
            except PlanError as problem:
                raise ValidationError(f"“{plan.title}”: {problem}") from None
        self._partners.check_member(planner_id, "Who planned it? Pick one of the two of you.")
        now = self._ctx.now()
        names = self._partners.names()  # once: per plan, it was a third of the time

        def write(session: Session, batch: Sequence[DatePlan]) -> list[_Written]:
            found = (store.plan_by_uid(session, plan.uid, names) for plan in batch)
            return [
                self._write(session, plan, planner_id, None if at is None else PlanRecord(*at), now)
                for plan, at in zip(batch, found, strict=True)
            ]

        def take_back(session: Session, batch: Sequence[_Written]) -> None:
            self._take_back(session, batch, False)

        def push(written: list[_Written]) -> None:
            def rewrite(back: bool, force: bool) -> None:
                go = self._take_back if back else self._put_back
                batched_writes.rewrite_all(
                    self._ctx.db,
                    written,
                    lambda session, batch: self._guard(session, batch, force),
                    lambda session, batch: go(session, batch, force),
                )

            undo = functools.partial(rewrite, True)
            redo = functools.partial(rewrite, False)
            self._push(f"import {len(written)} date nights", PLAN_AREAS, undo, redo, written)
            self._ctx.announce(PLAN_AREAS, origin, {each.entry_id for each in written})

        try:
            written = batched_writes.write_all(
                self._ctx.db, preview.plans, write, take_back, progress, nouns=PLAN_NOUNS
            )
        except batched_writes.ImportIncomplete as stopped:
            push([each for each in stopped.kept if isinstance(each, _Written)])
            raise
        push(written)
        return len(written)

    def remember(
        self,
        uid: str,
        original_start: datetime,
        lines: Mapping[uuid.UUID, str],
        *,
        origin: object = None,
    ) -> EntryRecord:
        """After a date night: turn a line from each of you into a memory on the timeline
        and mark that evening done, in one transaction and one undo step."""
        record = self.get(uid)
        plan = record.plan
        evening = find_evening(plan, original_start)
        if evening is None:
            raise NotFoundError("That evening is no longer part of the plan.")
        names = self._partners.names()
        said = [(pid, line.strip()) for pid, line in lines.items() if line.strip()]
        body = "\n".join(f"{names.get(pid, '')}: {line}" for pid, line in said)
        author = said[0][0] if said else record.entry.author_id
        zone = plan.tzinfo
        memory = validate(
            Draft.memory(
                author, plan.title, evening.start.astimezone(zone).date(), zone,
                text=body, place=evening.where,
            ),
            self._ctx.now(),
        )  # fmt: skip
        done = mark_evening(plan, original_start, PlanState.DONE)
        memory_id = uuid.uuid4()
        now = self._ctx.now()
        with self._ctx.db.writing() as session:
            current = self._find(session, uid)
            if current is None or current.version != record.version:
                raise ConflictError(CHANGED_ELSEWHERE, current)
            entry_store.add(session, memory_id, fields_of(memory), now)
            written = self._write(session, done, record.entry.author_id, current, now)
            added = entry_store.get(session, memory_id)
        assert added is not None
        memory_at = self._ctx.history.wrote(("entry", memory_id), added.version)

        def move_memory(session: Session, *, to_trash: bool, force: bool) -> None:
            fields = self._entries.trash_fields(to_trash)
            memory_at.version = self._entries.write_in(
                session, memory_id, fields, memory_at.version, force
            )

        def undo(force: bool) -> None:
            with self._ctx.db.writing() as session:
                move_memory(session, to_trash=True, force=force)
                self._take_back(session, [written], force)

        def redo(force: bool) -> None:
            with self._ctx.db.writing() as session:
                move_memory(session, to_trash=False, force=force)
                self._put_back(session, [written], force)

        self._ctx.history.push(
            UndoStep(
                "remember a date night", PLAN_AREAS, undo, redo,
                frozenset({memory_id, written.entry_id}),
            )
        )  # fmt: skip
        self._ctx.announce(PLAN_AREAS, origin, {memory_id, written.entry_id})
        return added

    # -- writing, and going back ------------------------------------------------------

    def _write(
        self,
        session: Session,
        plan: DatePlan,
        planner_id: uuid.UUID,
        found: PlanRecord | None,
        now: datetime,
    ) -> _Written:
        """Write ``plan`` over ``found`` (as it was read in this transaction) or as new."""
        if found is None:
            entry_id = store.insert_plan(session, plan, planner_id, now)
            left = self._ctx.history.wrote(("entry", entry_id), 1)
            return _Written(entry_id, None, planner_id, plan, planner_id, left)
        version = store.write_plan(
            session, found.entry.id, plan, planner_id, expected_version=found.version, now=now
        )
        if version is None:
            raise ConflictError(CHANGED_ELSEWHERE, found)
        before = None if found.entry.deleted_at is not None else found.plan
        left = self._ctx.history.wrote(("entry", found.entry.id), version)
        return _Written(found.entry.id, before, found.entry.author_id, plan, planner_id, left)

    def _guard(self, session: Session, written: Sequence[_Written], force: bool) -> None:
        """:class:`ConflictError` if any plan moved on since the step left it."""
        for each in written:
            current = entry_store.get(session, each.entry_id)
            if current is None:
                raise NotFoundError(GONE)
            if current.version != each.left.version:
                if not force:
                    raise ConflictError(CHANGED_SINCE, self._find(session, each.after.uid))
                each.left.version = current.version

    def _take_back(self, session: Session, written: Sequence[_Written], force: bool) -> None:
        self._rewrite(session, written, force, back=True)

    def _put_back(self, session: Session, written: Sequence[_Written], force: bool) -> None:
        self._rewrite(session, written, force, back=False)

    def _rewrite(
        self, session: Session, written: Sequence[_Written], force: bool, *, back: bool
    ) -> None:
        """Write each plan as it was before the step (``back``) or after it."""
        self._guard(session, written, force)
        now = self._ctx.now()
        for each in written:
            plan, planner = (
                (each.before, each.planner_before) if back else (each.after, each.planner_after)
            )
            if plan is None:  # the step created it: going back is to the trash
                fields = self._entries.trash_fields(True)
                version = entry_store.write(session, each.entry_id, fields, each.left.version, now)
            else:
                version = store.write_plan(
                    session,
                    each.entry_id,
                    plan,
                    planner,
                    expected_version=each.left.version,
                    now=now,
                )
            assert version is not None  # guarded above, in this transaction
            each.left.version = version

    def _push(
        self,
        description: str,
        areas: frozenset[Area] | set[Area],
        undo: Apply,
        redo: Apply,
        written: Sequence[_Written],
    ) -> None:
        self._ctx.history.push(
            UndoStep(
                description,
                frozenset(areas),
                undo,
                redo,
                frozenset(each.entry_id for each in written),
            )
        )


def _check(plan: DatePlan) -> None:
    try:
        validate_plan(plan)
    except PlanError as problem:
        raise ValidationError(str(problem)) from None


def _day_of(plan: DatePlan) -> date:
    return plan.start.astimezone(plan.tzinfo).date()
