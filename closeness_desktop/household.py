"""The household: the one place that changes data.

Screens and the command line call these methods; each change goes to the store, is pushed
on the undo stack and announced through :attr:`Household.changed` with the kinds of data
it touched, so each view refreshes only what concerns it. Nothing here imports Qt.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, Select, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from closeness_desktop.clock import Clock, zone_name
from closeness_desktop.dates import ideas as idea_jar
from closeness_desktop.dates.model import DatePlan, PlanError, PlanState, validate_plan
from closeness_desktop.dates.recurrence import find_evening, mark_evening
from closeness_desktop.events import Event
from closeness_desktop.records import (
    DEFAULT_COLOURS,
    Change,
    ConflictError,
    Cursor,
    Draft,
    EntryKind,
    EntryRecord,
    NotFoundError,
    Page,
    PartnerInfo,
    TimelineFilter,
    ValidationError,
    draft_of,
)
from closeness_desktop.rituals import rules
from closeness_desktop.rituals.config import RitualSettings
from closeness_desktop.rituals.greeting import Visit
from closeness_desktop.store import plans as plan_store
from closeness_desktop.store import timeline
from closeness_desktop.store.engine import ensure_schema, open_engine
from closeness_desktop.store.models import (
    FEELINGS_MAX,
    NAME_MAX,
    PLACE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    DatePlanRow,
    Entry,
    Partner,
    RitualLogEntry,
    Setting,
)

if TYPE_CHECKING:
    from closeness_desktop.dates.ical import ImportPreview

log = logging.getLogger(__name__)

RITUALS_KEY = "rituals"
OWN_IDEAS_KEY = "ideas.own"
IDEAS_DONE_KEY = "ideas.done"
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
MOODS = range(1, 6)
CHANGED_ELSEWHERE = (
    "This entry was changed elsewhere while you edited it; reopen it to see the change."
)
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class PlanRecord:
    """A date-night plan and the timeline entry that shows it."""

    entry: EntryRecord
    plan: DatePlan


@dataclass(frozen=True)
class UndoStep:
    description: str
    undo: Callable[[], None]
    redo: Callable[[], None]


_KIND_WORD = {
    EntryKind.NOTE: "note",
    EntryKind.MEMORY: "memory",
    EntryKind.PLAN: "date-night plan",
    EntryKind.CHECKIN: "check-in",
    EntryKind.GOODBYE: "goodbye",
}


def kind_word(kind: EntryKind) -> str:
    return _KIND_WORD[kind]


def _check_length(label: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise ValidationError(
            f"{label} is {len(value):,} characters long; it can hold up to {limit:,}."
        )


def _load_own_ideas(items: Sequence[Any]) -> tuple[idea_jar.Idea, ...]:
    """The couple's own ideas, stored as the list an ideas file holds."""
    document = {"version": idea_jar.FILE_VERSION, "ideas": list(items)}
    return idea_jar.load_ideas(json.dumps(document))


def _check_year(label: str, when: datetime | None) -> None:
    if when is not None and not EARLIEST_YEAR <= when.year <= LATEST_YEAR:
        raise ValidationError(
            f"{label} must lie between the years {EARLIEST_YEAR} and {LATEST_YEAR}."
        )


def validate(draft: Draft, now: datetime) -> Draft:
    """``draft`` cleaned up (trimmed text, a time filled in), or :class:`ValidationError`."""
    draft = replace(
        draft,
        title=draft.title.strip(),
        body=draft.body.strip(),
        place=draft.place.strip(),
        feelings=draft.feelings.strip(),
    )
    _check_length("The text", draft.body, TEXT_MAX)
    _check_length("The title", draft.title, TITLE_MAX)
    _check_length("The place", draft.place, PLACE_MAX)
    _check_length("The feeling words", draft.feelings, FEELINGS_MAX)
    for label, when in (("The date", draft.occurred_at), ("The end", draft.ends_at)):
        if when is not None and when.tzinfo is None:
            raise ValueError(f"{label} must be an aware datetime")
        _check_year(label, when)
    kind = draft.kind
    if kind is EntryKind.NOTE and not draft.body:
        raise ValidationError("A note needs a few words.")
    if kind is EntryKind.MEMORY:
        if not draft.title:
            raise ValidationError("Give the memory a title.")
        if draft.occurred_at is None:
            raise ValidationError("When did it happen? A memory needs its date.")
        if draft.occurred_at > now + timedelta(days=1):
            raise ValidationError("A memory is something that has happened; pick a past date.")
    if kind is EntryKind.PLAN:
        if not draft.title:
            raise ValidationError("Give the date night a title, even a small one.")
        if draft.occurred_at is None:
            raise ValidationError("When is the date night? Pick a day and time.")
        if draft.ends_at is not None and draft.ends_at < draft.occurred_at:
            raise ValidationError("The date night cannot end before it starts.")
    if kind is EntryKind.CHECKIN and draft.mood not in MOODS:
        raise ValidationError("Pick a mood from 1 to 5.")
    if kind is not EntryKind.CHECKIN and draft.mood is not None:
        raise ValidationError("Only a check-in has a mood.")
    if draft.addressee_id is not None and kind is not EntryKind.NOTE:
        raise ValidationError("Only a note is addressed to someone.")
    if draft.addressee_id == draft.author_id:
        raise ValidationError("A note goes to your partner, or to both of you.")
    if draft.occurred_at is None:
        draft = replace(draft, occurred_at=now)
    return draft


def _partner_info(partner: Partner) -> PartnerInfo:
    return PartnerInfo(
        partner.id, partner.name, partner.colour, partner.os_account, partner.position
    )


class Household:
    """A household's data and every change to it."""

    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.changed: Event[frozenset[Change]] = Event()
        self._undo: list[UndoStep] = []
        self._redo: list[UndoStep] = []

    @classmethod
    def open(cls, url: str, clock: Clock) -> Household:
        """Open (and if needed create or upgrade) the database at ``url``."""
        engine = open_engine(url)
        try:
            ensure_schema(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, clock)

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        return self._sessions()

    def _announce(self, *changes: Change) -> None:
        self.changed.emit(frozenset(changes))

    # -- partners ---------------------------------------------------------------------

    def partners(self) -> list[PartnerInfo]:
        with self.session() as session:
            found = session.scalars(select(Partner).order_by(Partner.position)).all()
            return [_partner_info(partner) for partner in found]

    def is_set_up(self) -> bool:
        return len(self.partners()) == 2

    def partner(self, partner_id: uuid.UUID) -> PartnerInfo:
        for partner in self.partners():
            if partner.id == partner_id:
                return partner
        raise NotFoundError("That partner is not part of this household.")

    def partner_named(self, name: str) -> PartnerInfo:
        partners = self.partners()
        for partner in partners:
            if partner.name.casefold() == name.strip().casefold():
                return partner
        if not partners:
            raise NotFoundError("No household yet: run “closeness setup” or open the app.")
        known = " and ".join(partner.name for partner in partners)
        raise NotFoundError(f"No partner called “{name}”; this household is {known}.")

    def other(self, partner_id: uuid.UUID) -> PartnerInfo:
        for partner in self.partners():
            if partner.id != partner_id:
                return partner
        raise NotFoundError("The household has no second partner.")

    def partner_for_account(self, account: str) -> PartnerInfo | None:
        for partner in self.partners():
            if partner.os_account == account:
                return partner
        return None

    def setup(
        self,
        names: Sequence[str],
        colours: Sequence[str | None] = (None, None),
        *,
        this_account: str | None = None,
        os_account: str = "",
    ) -> list[PartnerInfo]:
        """Create the household's two partners; ``this_account`` names who uses ``os_account``."""
        if self.partners():
            known = " and ".join(partner.name for partner in self.partners())
            raise ValidationError(f"This household is already set up ({known}).")
        cleaned = [name.strip() for name in names]
        if len(cleaned) != 2:
            raise ValidationError("A household is two partners: give two names.")
        for name in cleaned:
            if not name:
                raise ValidationError("Each partner needs a name.")
            _check_length(f"The name “{name[:20]}…”", name, NAME_MAX)
        if cleaned[0].casefold() == cleaned[1].casefold():
            raise ValidationError("The two names are the same; how should we tell you apart?")
        chosen = [
            colour or default for colour, default in zip(colours, DEFAULT_COLOURS, strict=True)
        ]
        for colour in chosen:
            if not _COLOUR.match(colour):
                raise ValidationError(f"“{colour}” is not a colour like #C8566B.")
        if this_account is not None and this_account.strip().casefold() not in {
            name.casefold() for name in cleaned
        }:
            raise ValidationError(f"“{this_account}” is not one of the two names.")
        now = self.clock.now()
        with self.session() as session, session.begin():
            for position, (name, colour) in enumerate(zip(cleaned, chosen, strict=True)):
                linked = (
                    this_account is not None and name.casefold() == this_account.strip().casefold()
                )
                session.add(
                    Partner(
                        name=name,
                        colour=colour.upper(),
                        os_account=os_account if linked else None,
                        position=position,
                        created_at=now,
                        updated_at=now,
                    )
                )
        self._announce(Change.PARTNERS)
        return self.partners()

    def link_account(self, partner_id: uuid.UUID | None, os_account: str) -> None:
        """Make ``partner_id`` the one who uses ``os_account`` (None: nobody in particular)."""
        now = self.clock.now()
        with self.session() as session, session.begin():
            for partner in session.scalars(select(Partner)):
                wanted = partner.id == partner_id
                if wanted and partner.os_account != os_account:
                    partner.os_account, partner.updated_at = os_account, now
                elif not wanted and partner.os_account == os_account:
                    partner.os_account, partner.updated_at = None, now
        self._announce(Change.PARTNERS)

    # -- entries ----------------------------------------------------------------------

    def _check_people(self, draft: Draft) -> None:
        ids = {partner.id for partner in self.partners()}
        if draft.author_id not in ids:
            raise ValidationError("Who is writing? Pick one of the two of you.")
        if draft.addressee_id is not None and draft.addressee_id not in ids:
            raise ValidationError("A note goes to your partner, or to both of you.")

    def add(self, draft: Draft) -> EntryRecord:
        """Store a new entry; Undo removes it again."""
        draft = validate(draft, self.clock.now())
        self._check_people(draft)
        now = self.clock.now()
        entry_id = uuid.uuid4()
        with self.session() as session, session.begin():
            session.add(Entry(id=entry_id, created_at=now, updated_at=now, **_fields(draft)))
            if draft.kind is EntryKind.PLAN:
                session.flush()
                session.add(self._default_plan_row(entry_id))
        record = self.entry(entry_id)
        word = kind_word(draft.kind)
        self._push(
            UndoStep(
                f"add {word}",
                lambda: self._set_deleted(entry_id, True),
                lambda: self._set_deleted(entry_id, False),
            )
        )
        self._announce(Change.ENTRIES)
        return record

    def update(self, entry_id: uuid.UUID, draft: Draft, expected_version: int) -> EntryRecord:
        """Change an entry read at ``expected_version``; :class:`ConflictError` if it moved on."""
        draft = validate(draft, self.clock.now())
        self._check_people(draft)
        before = self.entry(entry_id)
        if before.version != expected_version:
            raise ConflictError(CHANGED_ELSEWHERE)
        if before.kind is not draft.kind:
            raise ValidationError("An entry keeps its kind; write a new one instead.")
        old_fields = _fields(draft_of(before))
        new_fields = _fields(draft)
        self._write(entry_id, new_fields, expected_version)
        self._push(
            UndoStep(
                f"edit {kind_word(draft.kind)}",
                lambda: self._write(entry_id, old_fields),
                lambda: self._write(entry_id, new_fields),
            )
        )
        self._announce(Change.ENTRIES)
        return self.entry(entry_id)

    def delete(self, entry_id: uuid.UUID) -> None:
        """Move an entry to the trash; Undo (or the trash) brings it back."""
        record = self.entry(entry_id)
        if record.deleted_at is not None:
            return
        self._set_deleted(entry_id, True)
        self._push(
            UndoStep(
                f"delete {kind_word(record.kind)}",
                lambda: self._set_deleted(entry_id, False),
                lambda: self._set_deleted(entry_id, True),
            )
        )
        self._announce(Change.ENTRIES)

    def restore(self, entry_id: uuid.UUID) -> None:
        """Bring an entry back from the trash."""
        record = self.entry(entry_id)
        if record.deleted_at is None:
            return
        self._set_deleted(entry_id, False)
        self._push(
            UndoStep(
                f"restore {kind_word(record.kind)}",
                lambda: self._set_deleted(entry_id, True),
                lambda: self._set_deleted(entry_id, False),
            )
        )
        self._announce(Change.ENTRIES)

    def entry(self, entry_id: uuid.UUID) -> EntryRecord:
        with self.session() as session:
            row = (
                session.execute(select(*Entry.__table__.c).where(Entry.id == entry_id))
                .mappings()
                .first()
            )
        if row is None:
            raise NotFoundError("That entry is no longer there.")
        return EntryRecord.from_mapping(row)

    def _write(
        self, entry_id: uuid.UUID, fields: dict[str, Any], version: int | None = None
    ) -> None:
        now = self.clock.now()
        with self.session() as session, session.begin():
            statement = update(Entry).where(Entry.id == entry_id)
            if version is not None:
                statement = statement.where(Entry.version == version)
            result = session.execute(
                statement.values(
                    **fields, updated_at=now, version=Entry.version + 1
                ).execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise ConflictError(CHANGED_ELSEWHERE)

    def _set_deleted(self, entry_id: uuid.UUID, deleted: bool) -> None:
        self._write(entry_id, {"deleted_at": self.clock.now() if deleted else None})

    # -- undo -------------------------------------------------------------------------

    def _push(self, step: UndoStep) -> None:
        self._undo.append(step)
        self._redo.clear()

    def undo_text(self) -> str | None:
        return self._undo[-1].description if self._undo else None

    def redo_text(self) -> str | None:
        return self._redo[-1].description if self._redo else None

    def undo(self) -> str | None:
        """Take back the last change; its description, or None if there was nothing."""
        if not self._undo:
            return None
        step = self._undo.pop()
        try:
            step.undo()
        except NotFoundError:
            self._redo.clear()
            raise
        self._redo.append(step)
        self._announce(Change.ENTRIES)
        return step.description

    def redo(self) -> str | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        step.redo()
        self._undo.append(step)
        self._announce(Change.ENTRIES)
        return step.description

    # -- reading ----------------------------------------------------------------------

    def page(self, flt: TimelineFilter, after: Cursor | None = None, limit: int = 100) -> Page:
        with self.session() as session:
            return timeline.fetch_page(session, flt, after, limit)

    def page_newer(self, flt: TimelineFilter, before: Cursor, limit: int = 100) -> Page:
        """The page just newer than ``before`` (scrolling back up after a jump)."""
        with self.session() as session:
            return timeline.fetch_newer(session, flt, before, limit)

    def count(self) -> int:
        with self.session() as session:
            query = select(func.count()).select_from(Entry).where(Entry.deleted_at.is_(None))
            return int(session.execute(query).scalar_one())

    def waiting_notes(self, partner_id: uuid.UUID) -> list[EntryRecord]:
        """Notes and goodbyes for ``partner_id`` that have not reached them yet, oldest first."""
        with self.session() as session:
            rows = session.execute(
                select(*Entry.__table__.c)
                .where(
                    Entry.kind.in_([EntryKind.NOTE.value, EntryKind.GOODBYE.value]),
                    Entry.deleted_at.is_(None),
                    Entry.delivered_at.is_(None),
                    Entry.author_id != partner_id,
                    or_(Entry.addressee_id == partner_id, Entry.addressee_id.is_(None)),
                )
                .order_by(Entry.occurred_at, Entry.seq)
            ).mappings()
            return [EntryRecord.from_mapping(row) for row in rows]

    def mark_delivered(self, entry_ids: Iterable[uuid.UUID]) -> None:
        ids = list(entry_ids)
        if not ids:
            return
        with self.session() as session, session.begin():
            session.execute(
                update(Entry)
                .where(Entry.id.in_(ids), Entry.delivered_at.is_(None))
                # Not a new version: delivery never conflicts with the author's own edit.
                .values(delivered_at=self.clock.now())
                .execution_options(synchronize_session=False)
            )
        self._announce(Change.ENTRIES)

    def _default_plan_row(self, entry_id: uuid.UUID) -> DatePlanRow:
        return DatePlanRow(
            entry_id=entry_id,
            uid=f"{entry_id.hex}@closeness",
            bring="",
            state="planned",
            exdates=[],
            overrides={},
            reminders=[86_400, 3_600],
            zone=zone_name(self.clock.local_zone()),
        )

    def plans(
        self, *, starting_before: datetime | None = None, ending_after: datetime | None = None
    ) -> list[PlanRecord]:
        """Date-night plans not in the trash, by start; with the bounds, only those that can
        have a date in ``[ending_after, starting_before)`` (every repeating plan that began
        before the end, and the one-offs inside)."""
        query = self._plans_query()
        if starting_before is not None:
            query = query.where(Entry.occurred_at < starting_before)
        if ending_after is None:
            return self._plan_records(query)
        # Two narrow reads rather than one OR: the series (few), and the one-offs through
        # the (kind, occurred_at) index range, so the cost follows the window, not the years.
        series = self._plan_records(query.where(DatePlanRow.rrule.is_not(None)))
        one_offs = self._plan_records(
            query.where(DatePlanRow.rrule.is_(None), Entry.occurred_at >= ending_after)
        )
        return sorted(series + one_offs, key=lambda r: (r.entry.occurred_at, r.entry.seq))

    def plan(self, uid: str) -> PlanRecord:
        found = self._plan_records(self._plans_query().where(DatePlanRow.uid == uid))
        if not found:
            raise NotFoundError("That date-night plan is no longer there.")
        return found[0]

    @staticmethod
    def _plans_query() -> Select[Any]:
        return (
            select(*Entry.__table__.c, *plan_store.DETAIL_COLUMNS)
            .join(DatePlanRow, DatePlanRow.entry_id == Entry.id)
            .where(Entry.kind == EntryKind.PLAN.value, Entry.deleted_at.is_(None))
            .order_by(Entry.occurred_at, Entry.seq)
        )

    def _plan_records(self, query: Select[Any]) -> list[PlanRecord]:
        names = {partner.id: partner.name for partner in self.partners()}
        with self.session() as session:
            rows = session.execute(query).mappings().all()
        records = []
        for row in rows:
            entry = EntryRecord.from_mapping({key: row[key] for key in _ENTRY_KEYS})
            plan = plan_store.to_plan(entry, row, names.get(entry.author_id))
            records.append(PlanRecord(entry, plan))
        return records

    def _entry_id_for_uid(self, session: Session, uid: str) -> uuid.UUID | None:
        return session.scalar(select(DatePlanRow.entry_id).where(DatePlanRow.uid == uid))

    def save_plan(self, plan: DatePlan, planner_id: uuid.UUID) -> PlanRecord:
        """Create or change (by ``plan.uid``) a date-night plan planned by ``planner_id``."""
        try:
            validate_plan(plan)
        except PlanError as problem:
            raise ValidationError(str(problem)) from None
        if planner_id not in {partner.id for partner in self.partners()}:
            raise ValidationError("Who planned it? Pick one of the two of you.")
        try:
            before = self.plan(plan.uid)
        except NotFoundError:
            before = None
        self._write_plan(plan, planner_id)
        if before is None:
            entry_id = self.plan(plan.uid).entry.id
            self._push(UndoStep("plan a date night",
                                lambda: self._set_deleted(entry_id, True),
                                lambda: self._set_deleted(entry_id, False)))  # fmt: skip
        else:
            old_planner = before.entry.author_id
            self._push(UndoStep("change a date night",
                                lambda: self._write_plan(before.plan, old_planner),
                                lambda: self._write_plan(plan, planner_id)))  # fmt: skip
        self._announce(Change.ENTRIES)
        return self.plan(plan.uid)

    def _write_plan(self, plan: DatePlan, planner_id: uuid.UUID) -> None:
        self._write_plans([(plan, planner_id)])

    def _write_plans(self, plans: Iterable[tuple[DatePlan, uuid.UUID]]) -> None:
        """Write plans in one transaction: all of them, or none if anything fails."""
        with self.session() as session, session.begin():
            for plan, planner_id in plans:
                self._write_plan_in(session, plan, planner_id)

    def _write_plan_in(self, session: Session, plan: DatePlan, planner_id: uuid.UUID) -> None:
        now = self.clock.now()
        entry_values = plan_store.entry_values(plan)
        row_values = plan_store.row_values(plan)
        entry_id = self._entry_id_for_uid(session, plan.uid)
        if entry_id is None:
            entry_id = uuid.uuid4()
            session.add(
                Entry(id=entry_id, kind=EntryKind.PLAN.value, author_id=planner_id,
                      created_at=now, updated_at=now, **entry_values)
            )  # fmt: skip
            session.flush()
            session.add(DatePlanRow(entry_id=entry_id, **row_values))
            return
        session.execute(
            update(Entry)
            .where(Entry.id == entry_id)
            .values(**entry_values, author_id=planner_id, deleted_at=None, updated_at=now,
                    version=Entry.version + 1)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        session.execute(
            update(DatePlanRow).where(DatePlanRow.entry_id == entry_id).values(**row_values)
        )

    def import_plans(self, preview: ImportPreview, planner_id: uuid.UUID) -> int:
        """Save every plan of an import preview at once (all or nothing); how many."""
        for plan in preview.plans:
            try:
                validate_plan(plan)
            except PlanError as problem:
                raise ValidationError(f"“{plan.title}”: {problem}") from None
        before = {record.plan.uid: record for record in self.plans()}
        self._write_plans((plan, planner_id) for plan in preview.plans)
        added = [plan.uid for plan in preview.plans if plan.uid not in before]
        changed = [before[plan.uid] for plan in preview.plans if plan.uid in before]

        def undo() -> None:
            for uid in added:
                self._set_deleted(self.plan(uid).entry.id, True)
            self._write_plans((record.plan, record.entry.author_id) for record in changed)

        def redo() -> None:
            self._write_plans((plan, planner_id) for plan in preview.plans)

        self._push(UndoStep(f"import {len(preview.plans)} date nights", undo, redo))
        self._announce(Change.ENTRIES)
        return len(preview.plans)

    def remember_date(
        self, uid: str, original_start: datetime, lines: Mapping[uuid.UUID, str]
    ) -> EntryRecord:
        """After a date night: turn a line from each of you into a memory on the timeline,
        and mark that evening done (one Undo takes back both)."""
        record = self.plan(uid)
        plan = record.plan
        evening = find_evening(plan, original_start)
        if evening is None:
            raise NotFoundError("That evening is no longer part of the plan.")
        names = {partner.id: partner.name for partner in self.partners()}
        said = [(pid, line.strip()) for pid, line in lines.items() if line.strip()]
        body = "\n".join(f"{names.get(pid, '')}: {line}" for pid, line in said)
        author = said[0][0] if said else record.entry.author_id
        zone = plan.tzinfo
        memory = Draft.memory(
            author, plan.title, evening.start.astimezone(zone).date(), zone,
            text=body, place=evening.where,
        )  # fmt: skip
        planner = record.entry.author_id
        done = mark_evening(plan, original_start, PlanState.DONE)
        added = self.add(memory)
        memory_step = self._undo.pop()
        self._write_plan(done, planner)

        def undo() -> None:
            memory_step.undo()
            self._write_plan(plan, planner)

        def redo() -> None:
            memory_step.redo()
            self._write_plan(done, planner)

        self._push(UndoStep("remember a date night", undo, redo))
        self._announce(Change.ENTRIES)
        return added

    # -- the idea jar -------------------------------------------------------------------

    def ideas(self) -> tuple[idea_jar.Idea, ...]:
        """The shipped ideas and the couple's own, theirs first."""
        own = self.setting(OWN_IDEAS_KEY, [])
        mine = _load_own_ideas(own) if own else ()
        return mine + idea_jar.load_builtin_ideas()

    def add_own_idea(
        self,
        title: str,
        text: str = "",
        *,
        group: idea_jar.IdeaGroup = idea_jar.IdeaGroup.AT_HOME,
        budget: idea_jar.Budget = idea_jar.Budget.FREE,
        setting: idea_jar.Setting = idea_jar.Setting.EITHER,
        minutes: int = 120,
    ) -> idea_jar.Idea:
        """Put an idea of the couple's own in the jar."""
        title = title.strip()
        if not title:
            raise ValidationError("Give the idea a few words.")
        _check_length("The idea", title, idea_jar.MAX_TITLE_LENGTH)
        own = list(self.setting(OWN_IDEAS_KEY, []))
        item = {
            "id": f"own-{uuid.uuid4().hex[:12]}",
            "title": title,
            "text": text.strip() or title,
            "group": group.value,
            "budget": budget.value,
            "setting": setting.value,
            "minutes": minutes,
        }
        try:
            (idea,) = _load_own_ideas([item])
        except idea_jar.IdeaFileError as problem:
            raise ValidationError(str(problem)) from None
        self.set_setting(OWN_IDEAS_KEY, [*own, item])
        return idea

    def ideas_done(self) -> dict[str, date]:
        """When each idea was last done (planned for), by idea id."""
        stored = self.setting(IDEAS_DONE_KEY, {})
        return {key: date.fromisoformat(value) for key, value in stored.items()}

    def mark_idea_done(self, idea_id: str, day: date) -> None:
        done = dict(self.setting(IDEAS_DONE_KEY, {}))
        done[idea_id] = day.isoformat()
        self.set_setting(IDEAS_DONE_KEY, done)

    # -- rituals and visits -------------------------------------------------------------

    def ritual_settings(self) -> RitualSettings:
        return RitualSettings.from_json(self.setting(RITUALS_KEY))

    def save_ritual_settings(self, settings: RitualSettings) -> None:
        self.set_setting(RITUALS_KEY, settings.to_json())

    def fired_since(self, since: datetime) -> list[rules.Fired]:
        """The ritual log from ``since`` on (it must reach back as far as a clock may jump)."""
        with self.session() as session:
            found = session.scalars(
                select(RitualLogEntry).where(RitualLogEntry.fired_at >= since)
            ).all()
            return [rules.Fired(e.key, e.occurrence, e.fired_at, e.counted) for e in found]

    def record_fired(self, fired: rules.Fired) -> None:
        with self.session() as session, session.begin():
            session.add(
                RitualLogEntry(
                    key=fired.key,
                    occurrence=fired.occurrence,
                    fired_at=fired.fired_at,
                    counted=fired.counted,
                )
            )

    def visit(self, partner_id: uuid.UUID) -> Visit:
        return _Visits.from_json(self.setting(_Visits.key(partner_id)))

    def save_visit(self, partner_id: uuid.UUID, visit: Visit) -> None:
        self.set_setting(_Visits.key(partner_id), _Visits.to_json(visit))

    # -- settings ---------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        with self.session() as session:
            found = session.get(Setting, key)
            return default if found is None else found.value

    def set_setting(self, key: str, value: Any) -> None:
        now = self.clock.now()
        with self.session() as session, session.begin():
            found = session.get(Setting, key)
            if found is None:
                session.add(Setting(key=key, value=value, updated_at=now))
            else:
                found.value, found.updated_at = value, now
        self._announce(Change.SETTINGS)


def _fields(draft: Draft) -> dict[str, Any]:
    return {
        "kind": draft.kind.value,
        "author_id": draft.author_id,
        "addressee_id": draft.addressee_id,
        "title": draft.title,
        "body": draft.body,
        "place": draft.place,
        "occurred_at": draft.occurred_at,
        "ends_at": draft.ends_at,
        "all_day": draft.all_day,
        "mood": draft.mood,
        "feelings": draft.feelings,
    }


_ENTRY_KEYS = tuple(column.key for column in Entry.__table__.c)


class _Visits:
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
            values = {name: _stored_moment(data.get(name)) for name in _Visits.FIELDS}
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


__all__ = [
    "DEFAULT_COLOURS",
    "Change",
    "ConflictError",
    "Cursor",
    "Draft",
    "EntryKind",
    "EntryRecord",
    "Household",
    "NotFoundError",
    "Page",
    "PartnerInfo",
    "PlanRecord",
    "TimelineFilter",
    "ValidationError",
    "draft_of",
    "kind_word",
    "validate",
]
