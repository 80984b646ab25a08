"""Timeline entries: write, edit, trash and bring back, each one undoable step; and reads."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from closeness_desktop.clock import zone_name
from closeness_desktop.household import sealed_photos
from closeness_desktop.household.context import Context
from closeness_desktop.household.entry_fields import (
    GONE,
    KEEPS_AUTHOR,
    areas_of,
    changed_before_marking,
    changed_elsewhere,
    changed_since,
    fields_of,
    only_author,
)
from closeness_desktop.household.history import Apply, LeftAt, UndoStep
from closeness_desktop.household.partners import Partners
from closeness_desktop.household.private_words import PrivateWords, sealed_problem
from closeness_desktop.household.validation import kind_word, validate
from closeness_desktop.records import (
    Area,
    ConflictError,
    Cursor,
    Draft,
    EntryKind,
    EntryRecord,
    NotFoundError,
    Page,
    TimelineFilter,
    ValidationError,
    draft_of,
)
from closeness_desktop.store import entries as store
from closeness_desktop.store import plans as plan_store
from closeness_desktop.store import search, timeline
from closeness_desktop.store.database import Session


class Entries:
    def __init__(self, context: Context, partners: Partners) -> None:
        self._ctx = context
        self._partners = partners
        self._words = PrivateWords(context.keys)
        #: Run after entries went for good (the photos remove files nothing names now).
        self.after_purge: list[Callable[[], object]] = []

    # -- reading ----------------------------------------------------------------------

    def get(self, entry_id: uuid.UUID) -> EntryRecord:
        """The entry, its words opened when it is the private entry of a partner unlocked
        now (blank otherwise, as a sealed note's are until it opens)."""
        with self._ctx.db.reading() as session:
            record = store.get(session, entry_id)
            if record is None:
                raise NotFoundError(GONE)
            return self._words.reveal(session, [record])[0]

    def page(self, flt: TimelineFilter, after: Cursor | None = None, limit: int = 100) -> Page:
        """A page of the timeline as it may be shown now: private entries only of the
        partners unlocked, their words opened (a search finds them too)."""
        flt = self._words.visible(flt)
        with self._ctx.db.reading() as session:
            page = timeline.fetch_page(session, flt, after, limit)
            page = Page(self._words.reveal(session, page.rows), page.next_cursor)
            if flt.text.strip():
                self._words.read_if_changed(session)
        return self._words.with_private_matches(page, flt, after, limit)

    def page_newer(self, flt: TimelineFilter, before: Cursor, limit: int = 100) -> Page:
        """The page just newer than ``before`` (scrolling back up after a jump)."""
        flt = self._words.visible(flt)
        with self._ctx.db.reading() as session:
            page = timeline.fetch_newer(session, flt, before, limit)
            return Page(self._words.reveal(session, page.rows), page.next_cursor)

    def span(
        self,
        kinds: Collection[EntryKind],
        starting: datetime,
        ending: datetime,
        *,
        after: Cursor | None = None,
        limit: int = 500,
        keepsake: bool = False,
    ) -> Page:
        """Entries of ``kinds`` in ``[starting, ending)``, oldest first, a page at a time (a
        year for the keepsake); no trash, no cancelled date nights. With ``keepsake``, notes
        only when kept and no repeating date nights (their evenings come from the plans)."""
        with self._ctx.db.reading() as session:
            return timeline.fetch_span(
                session, kinds, starting, ending, after=after, limit=limit, keepsake=keepsake
            )

    def count(self) -> int:
        with self._ctx.db.reading() as session:
            return store.count(session)

    def count_in_trash(self) -> int:
        """How many entries wait in the trash (what "Empty trash" would remove)."""
        with self._ctx.db.reading() as session:
            return store.count(session, trash=True)

    def count_found(self, flt: TimelineFilter) -> dict[EntryKind, int]:
        """How many entries ``flt`` finds, by kind."""
        flt = self._words.visible(flt)
        with self._ctx.db.reading() as session:
            counts = timeline.count_by_kind(session, flt)
            if flt.text.strip():
                self._words.read_if_changed(session)
        for kind, number in self._words.private_counts(flt).items():
            counts[kind] = counts.get(kind, 0) + number
        return counts

    @staticmethod
    def match_spans(query: str, text: str) -> list[tuple[int, int]]:
        """Where the search ``query`` matched in ``text`` (for highlights), as the search does."""
        return search.match_spans(query, text)

    def waiting_notes(self, partner_id: uuid.UUID) -> list[EntryRecord]:
        """Notes and goodbyes for ``partner_id`` that have not reached them yet, oldest first."""
        with self._ctx.db.reading() as session:
            return store.waiting_for(session, partner_id)

    # -- changing ---------------------------------------------------------------------

    def check_people(self, draft: Draft) -> None:
        """The two of you write, to each other; a private or sealed entry can be one."""
        ids = {partner.id for partner in self._partners.all()}
        if draft.author_id not in ids:
            raise ValidationError("Who is writing? Pick one of the two of you.")
        if draft.addressee_id is not None and draft.addressee_id not in ids:
            raise ValidationError("A note goes to your partner, or to both of you.")
        problem = sealed_problem(draft, sorted(ids), self._ctx.now())
        if problem is not None:
            raise ValidationError(problem)

    def add(self, draft: Draft, *, origin: object = None) -> EntryRecord:
        """Store a new entry; Undo moves it to the trash again."""
        draft = validate(draft, self._ctx.now())
        self.check_people(draft)
        entry_id = uuid.uuid4()
        with self._ctx.db.writing() as session:
            self.add_row(session, entry_id, draft)
            if draft.kind is EntryKind.PLAN:
                zone = zone_name(self._ctx.clock.local_zone())
                plan_store.insert_default_details(session, entry_id, zone)
            record = store.get(session, entry_id)
            assert record is not None
            record = self._words.reveal(session, [record])[0]
        self._push_trash_step(f"add {kind_word(draft.kind)}", record, undo_trashes=True)
        self._ctx.announce(areas_of(draft.kind), origin, {entry_id})
        return record

    def edit(
        self,
        entry_id: uuid.UUID,
        draft: Draft,
        expected_version: int,
        *,
        by: uuid.UUID | None = None,
        origin: object = None,
    ) -> EntryRecord:
        """Change an entry read at ``expected_version``; :class:`ConflictError` (carrying the
        newer entry) if it moved on since. ``by``: who is changing it (see
        :meth:`check_author`)."""
        draft = validate(draft, self._ctx.now())
        self.check_people(draft)
        with self._ctx.db.writing() as session:
            before = store.get(session, entry_id)
            if before is None:
                raise NotFoundError(GONE)
            before = self._words.reveal(session, [before])[0]
            if before.kind is not draft.kind:
                raise ValidationError("An entry keeps its kind; write a new one instead.")
            if before.author_id != draft.author_id:
                raise ValidationError(KEEPS_AUTHOR)
            self.check_author(before, by)
            if before.version != expected_version:
                raise ConflictError(changed_elsewhere(before), before)
            if before.sealed:
                raise ValidationError("A sealed note stays as it was sealed until it opens.")
            version = self._write_draft(session, entry_id, draft, expected_version, False)
            after = store.get(session, entry_id)
            after = None if after is None else self._words.reveal(session, [after])[0]
        if version is None or after is None:
            raise ConflictError(changed_elsewhere(before), after)
        left = self._ctx.history.wrote(("entry", entry_id), version)
        self._ctx.history.push(
            UndoStep(
                f"edit {kind_word(draft.kind)}",
                areas_of(draft.kind),
                undo=self._draft_writer(entry_id, draft_of(before), left),
                redo=self._draft_writer(entry_id, draft, left),
                entry_ids=frozenset({entry_id}),
            )
        )
        self._ctx.announce(areas_of(draft.kind), origin, {entry_id})
        return after

    def keep(
        self, entry_id: uuid.UUID, kept: bool, expected_version: int, *, origin: object = None
    ) -> EntryRecord:
        """Mark an entry read at ``expected_version`` for "Our year" (or take the mark off):
        one undo step. :class:`ConflictError` (carrying the newer entry) if it moved on."""
        with self._ctx.db.writing() as session:
            before = store.get(session, entry_id)
            if before is None:
                raise NotFoundError(GONE)
            if before.version != expected_version:
                raise ConflictError(changed_before_marking(before), before)
            if before.kept == kept:
                return before  # already so: nothing to write, nothing to undo
            version = store.write(
                session, entry_id, {"kept": kept}, expected_version, self._ctx.now()
            )
            after = store.get(session, entry_id)
        if version is None or after is None:
            raise ConflictError(changed_before_marking(before), after)
        word = kind_word(before.kind)
        left = self._ctx.history.wrote(("entry", entry_id), version)
        # The mark changes the timeline's card only, never the planner: ENTRIES alone.
        areas = frozenset({Area.ENTRIES})
        self._ctx.history.push(
            UndoStep(
                f"keep this {word} for Our year" if kept else f"take this {word} out of Our year",
                areas,
                undo=self._writer(entry_id, lambda: {"kept": not kept}, left),
                redo=self._writer(entry_id, lambda: {"kept": kept}, left),
                entry_ids=frozenset({entry_id}),
            )
        )
        self._ctx.announce(areas, origin, {entry_id})
        return after

    def delete(
        self, entry_id: uuid.UUID, *, by: uuid.UUID | None = None, origin: object = None
    ) -> None:
        """Move an entry to the trash; Undo (or the trash) brings it back. ``by``: who is
        deleting it (see :meth:`check_author`)."""
        self._trash(entry_id, deleted=True, by=by, origin=origin)

    def check_author(self, record: EntryRecord, by: uuid.UUID | None) -> None:
        """Only the author changes or deletes their words: :class:`ValidationError` when
        ``by`` is the other partner. A date night belongs to both, so either may change it.
        None: no one partner acts (the command line, an import, the tests)."""
        if by is None or by == record.author_id or record.kind is EntryKind.PLAN:
            return
        raise ValidationError(only_author(self._partners.get(record.author_id).name))

    def restore(self, entry_id: uuid.UUID, *, origin: object = None) -> None:
        """Bring an entry back from the trash."""
        self._trash(entry_id, deleted=False, origin=origin)

    def mark_delivered(self, entry_ids: Iterable[uuid.UUID], *, origin: object = None) -> None:
        """The greeting carrying these notes reached their addressee."""
        ids = set(entry_ids)
        if not ids:
            return
        with self._ctx.db.writing() as session:
            store.mark_delivered(session, ids, self._ctx.now())
        self._ctx.announce({Area.ENTRIES}, origin, ids)

    def mark_read(self, entry_id: uuid.UUID, by: uuid.UUID, *, origin: object = None) -> bool:
        """``by`` opened or expanded the note: if they are its addressee (for "both of us":
        the partner who did not write it), remember when, once. No new version and no undo
        (a receipt is not an edit). Whether it was written now."""
        record = self.get(entry_id)
        reader = record.addressee_id
        if record.kind not in (EntryKind.NOTE, EntryKind.GOODBYE) or record.read_at is not None:
            return False
        if by == record.author_id or (reader is not None and by != reader):
            return False
        with self._ctx.db.writing() as session:
            written = store.mark_read(session, entry_id, self._ctx.now())
        if written:
            self._ctx.announce({Area.ENTRIES}, origin, {entry_id})
        return written

    # -- the trash and undo -----------------------------------------------------------

    def _trash(
        self, entry_id: uuid.UUID, *, deleted: bool, origin: object, by: uuid.UUID | None = None
    ) -> None:
        record = self.get(entry_id)
        if (record.deleted_at is not None) == deleted:
            return
        if deleted:
            self.check_author(record, by)
        version = self._write_back(entry_id, self.trash_fields(deleted), record.version, False)
        moved = replace(record, version=version)
        word = "delete" if deleted else "restore"
        self._push_trash_step(f"{word} {kind_word(record.kind)}", moved, undo_trashes=not deleted)
        self._ctx.announce(areas_of(record.kind), origin, {entry_id})

    def delete_forever(
        self, entry_ids: Collection[uuid.UUID] | None, *, origin: object = None
    ) -> int:
        """Remove entries in the trash for good (``None``: the whole trash), with their
        search words and plan details: one transaction, one change, and no undo (the
        screens say so first). Entries no longer in the trash stay. How many went."""
        with self._ctx.db.writing() as session:
            gone = store.purge(session, None if entry_ids is None else set(entry_ids))
        if not gone:
            return 0
        ids = set(gone)
        self._ctx.history.forget(ids)  # an undo of theirs could only fail now
        for tidy in self.after_purge:
            tidy()
        areas = frozenset().union(*(areas_of(kind) for kind in gone.values()))
        self._ctx.announce(areas, origin, ids)
        return len(gone)

    def trash_fields(self, deleted: bool) -> dict[str, Any]:
        return {"deleted_at": self._ctx.now() if deleted else None}

    def _push_trash_step(
        self, description: str, record: EntryRecord, *, undo_trashes: bool
    ) -> None:
        """One step whose undo moves ``record`` to the trash (or out) and whose redo reverses it."""
        left = self._ctx.history.wrote(("entry", record.id), record.version)
        self._ctx.history.push(
            UndoStep(
                description,
                areas_of(record.kind),
                undo=self._writer(record.id, lambda: self.trash_fields(undo_trashes), left),
                redo=self._writer(record.id, lambda: self.trash_fields(not undo_trashes), left),
                entry_ids=frozenset({record.id}),
            )
        )

    def _writer(
        self, entry_id: uuid.UUID, fields: Callable[[], dict[str, Any]], left: LeftAt
    ) -> Apply:
        """One direction of an undo step: write ``fields()`` over the version the step last
        left the entry at."""

        def run(force: bool) -> None:
            left.version = self._write_back(entry_id, fields(), left.version, force)

        return run

    def add_row(self, session: Session, entry_id: uuid.UUID, draft: Draft) -> None:
        """Write ``draft`` as a new row in the caller's transaction, its words sealed away
        when it is private or a sealed note (for another room too: a memory with photos)."""
        hidden = self._words.hide(session, draft, fields_of(draft), self._ctx.now())
        store.add(session, entry_id, hidden.fields, self._ctx.now())
        self._words.keep(session, entry_id, hidden)

    def _write_draft(
        self, session: Session, entry_id: uuid.UUID, draft: Draft, expected: int, force: bool
    ) -> int:
        hidden = self._words.hide(session, draft, fields_of(draft), self._ctx.now())
        before = store.get(session, entry_id)
        if before is not None:  # its photos are sealed, or not, as the memory was
            was, becomes = before.private_to is not None, hidden.fields["private_to"] is not None
            sealed_photos.check_privacy_kept(session, entry_id, was, becomes)
        version = self.write_in(session, entry_id, hidden.fields, expected, force)
        self._words.keep(session, entry_id, hidden)
        if before is not None and before.private_to is None and hidden.sealing is not None:
            search.forget_deleted(session)  # made private: its words leave the index's file
        return version

    def _draft_writer(self, entry_id: uuid.UUID, draft: Draft, left: LeftAt) -> Apply:
        """One direction of an edit's undo step: ``draft``'s words, sealed again when it is
        private (its author must be unlocked)."""

        def run(force: bool) -> None:
            with self._ctx.db.writing() as session:
                left.version = self._write_draft(session, entry_id, draft, left.version, force)

        return run

    def _write_back(
        self, entry_id: uuid.UUID, fields: dict[str, Any], expected: int, force: bool
    ) -> int:
        """Write ``fields`` if the entry is at ``expected`` (or anyway, with ``force``)."""
        with self._ctx.db.writing() as session:
            return self.write_in(session, entry_id, fields, expected, force)

    def write_in(
        self,
        session: Session,
        entry_id: uuid.UUID,
        fields: dict[str, Any],
        expected: int,
        force: bool,
    ) -> int:
        """:meth:`_write_back` inside the caller's transaction (a step that writes an entry
        and a plan together); the entry's new version."""
        current = store.get(session, entry_id)
        if current is None:
            raise NotFoundError(GONE)
        if current.version != expected and not force:
            raise ConflictError(changed_since(current), current)
        version = store.write(session, entry_id, fields, current.version, self._ctx.now())
        if version is None:  # written between the read and the write (not on SQLite)
            raise ConflictError(changed_since(current), current)
        return version
