"""Merging an archive into the household in batches, and taking an unfinished one back.

Merged in one transaction, 100,000 entries held SQLite's write lock for about 13 s, and a
note written meanwhile on another account failed after the 5 s busy timeout (issue 8).
Here the partners, ideas, marks and reminder settings go first, in one short
transaction (the entries need their authors), then the entries a batch at a time
(:mod:`.batched_writes`). A failed batch or Cancel takes back every batch written, the
first one last; :class:`ArchiveIncomplete` carries what stayed if that failed too.
Private entries and sealed notes come with their sealed words, and the locks that open
them with the partners (:mod:`.archive_locks`).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, cast

from closeness_desktop.household import archive_files, archive_locks, batched_writes
from closeness_desktop.household.archive_fields import ArchiveError, shown
from closeness_desktop.household.archive_json import Archive
from closeness_desktop.household.batched_writes import ImportCancelled, ImportIncomplete, Progress
from closeness_desktop.household.rituals import RITUALS_KEY
from closeness_desktop.household.transfer_reports import Cancelled, ImportReport
from closeness_desktop.pictures.photo_folder import PhotoFolder
from closeness_desktop.records import Area, ConflictError, EntryKind
from closeness_desktop.store import export as store
from closeness_desktop.store import export_memories as memory_store
from closeness_desktop.store import settings as setting_store
from closeness_desktop.store.database import Database, Session
from closeness_desktop.store.export_rows import MemoryRow

#: A row this import inserted, as the archive had it (its authors mapped to this household).
Added = (
    store.PartnerRow
    | store.EntryRow
    | store.IdeaRow
    | store.DoneRow
    | store.SettingRow
    | MemoryRow
    | store.WrappedKeyRow
)
MEMORY_TYPES = (
    store.PhotoRow, store.SpecialDayRow, store.ReactionRow, store.ReplyRow, store.AnswerRow
)  # fmt: skip
#: What the history calls each kind of row version 3 added (as its own operations do).
ROW_NAMES: dict[type[Any], str] = {
    store.PhotoRow: "photo",
    store.SpecialDayRow: "special_day",
    store.ReactionRow: "reaction",
    store.ReplyRow: "reply",
    store.AnswerRow: "prompt_answer",
}
NOUNS = ("thing this import brought", "things this import brought")
MOVED_ON = "Something this import brought was changed meanwhile, so it was left as it is."
#: Which area each kind of row belongs to (a photo is part of its entry's card).
AREAS = {
    "photo": Area.ENTRIES,
    "special_day": Area.SPECIAL_DAYS,
    "reaction": Area.RESPONSES,
    "reply": Area.RESPONSES,
    "prompt_answer": Area.PROMPTS,
}
WHAT: dict[type[Any], str] = {
    store.PhotoRow: "a photo",
    store.ReactionRow: "a reaction",
    store.ReplyRow: "a reply",
    store.AnswerRow: "a prompt answer",
}


@dataclass
class Written:
    """What :meth:`Transfer.write` committed, for :meth:`Transfer.settle`."""

    report: ImportReport
    areas: frozenset[Area]
    entry_ids: frozenset[uuid.UUID]
    #: Rows an undo moves to the trash (and a redo back), at the versions written.
    entries: dict[uuid.UUID, int] = field(default_factory=dict)
    ideas: dict[uuid.UUID, int] = field(default_factory=dict)
    marks: dict[str, tuple[date, int]] = field(default_factory=dict)
    rituals: tuple[object, int] | None = None
    #: Photos, special days, reactions, replies and answers an undo moves to the trash:
    #: ``(name, id, history key, version)``.
    memories: list[tuple[str, uuid.UUID, Any, int]] = field(default_factory=list)
    settled: bool = False


class ArchiveIncomplete(ImportIncomplete):
    """An import that failed (or was stopped) and could not all be taken back:
    ``written`` is what stays, to be settled as one undo step."""

    def __init__(self, message: str, written: Written) -> None:
        super().__init__(message, [written])
        self.written = written


@dataclass
class _Tally:
    """What the batches learn on the way: who is who, and what was already here."""

    mapping: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    kept: int = 0
    left: int = 0
    newer: list[uuid.UUID] = field(default_factory=list)
    #: Entries of the archive left out (their date night's uid is here): what hangs on
    #: them stays out too.
    absent: set[uuid.UUID] = field(default_factory=set)
    #: The locks and the seal key the import brings, decided in its first transaction.
    locks: archive_locks.LockPlan | None = None


def write(
    db: Database,
    archive: Archive,
    progress: Progress | None = None,
    *,
    size: int,
    now: datetime,
    photo_folder: PhotoFolder | None = None,
) -> Written:
    """Add what this household does not have yet, in batches of ``size`` entries (the
    photos' files first, into ``photo_folder``); :class:`Cancelled` (with nothing changed) if
    ``progress`` says stop."""
    tally = _Tally()
    fresh: list[store.EntryRow | MemoryRow] = []
    with db.reading() as session:  # which entries to bring, without holding the lock
        here = store.entry_versions(session, (entry.id for entry in archive.entries))
        taken = store.plan_uids_taken(session, _plan_uids(archive.entries))
        _check_outside(session, archive)
        for entry in archive.entries:
            if entry.id in here or (entry.plan is not None and entry.plan.uid in taken):
                tally.kept += 1
                if entry.id in here and entry.version > here[entry.id]:
                    tally.newer.append(entry.id)
                elif entry.id not in here:
                    tally.absent.add(entry.id)
            else:
                fresh.append(entry)
        hidden = [e for e in fresh if isinstance(e, store.EntryRow) and e.private_to is not None]
        mapping = _match(archive, store.partners(session))[0]
        archive_locks.plan(session, archive, mapping, hidden, now)  # refused before writing
    sealed = {row.entry_id: row for row in archive.private.sealed}
    archive_files.keep_photos(archive, photo_folder)  # content-addressed: harmless if it stops
    memories = archive.memories
    fresh += [*memories.photos, *memories.special_days, *memories.reactions]
    fresh += [*memories.replies, *memories.answers]

    def first(session: Session) -> list[Added]:
        tally.mapping, partners = _match(archive, store.partners(session))
        store.insert_partners(session, partners)
        tally.locks = locks = archive_locks.plan(session, archive, tally.mapping, hidden, now)
        store.insert_keys(session, locks.keys, now)
        seal = [] if locks.seal_setting is None else [locks.seal_setting]
        store.insert_settings(session, seal)
        ideas, marks = _write_ideas(session, archive, tally)
        return [*partners, *locks.keys, *seal, *ideas, *marks, *_write_rituals(session, archive)]

    def batch(session: Session, items: Sequence[store.EntryRow | MemoryRow]) -> list[Added]:
        # Checked again inside the lock: another import of this archive may be under way.
        entries = [item for item in items if isinstance(item, store.EntryRow)]
        here = store.entry_versions(session, (entry.id for entry in entries))
        taken = store.plan_uids_taken(session, _plan_uids(entries))
        rows: list[Added] = []
        for entry in entries:
            if entry.id in here or (entry.plan is not None and entry.plan.uid in taken):
                tally.kept += 1
                continue
            author, to = tally.mapping[entry.author_id], entry.addressee_id
            rows.append(replace(entry, author_id=author, addressee_id=to and tally.mapping[to]))
        written = [row for row in rows if isinstance(row, store.EntryRow)]
        store.insert_entries(session, written)
        if tally.locks is not None:
            found = archive_locks.sealed_for(written, archive, sealed, tally.mapping, tally.locks)
            store.insert_sealed(session, found)
        others = [item for item in items if not isinstance(item, store.EntryRow)]
        fresh_memories = _fresh_memories(session, others, tally)
        memory_store.insert_rows(session, fresh_memories)
        return [*rows, *fresh_memories]

    try:
        added = batched_writes.write_all(
            db, fresh, batch, take_back, progress, nouns=NOUNS, first=first, size=size
        )
    except ImportCancelled:
        raise Cancelled from None  # every batch was taken back: nothing was changed
    except ImportIncomplete as stopped:
        kept = cast(list[Added], stopped.kept)
        raise ArchiveIncomplete(str(stopped), _written(kept, tally)) from stopped
    return _written(added, tally)


def take_back(session: Session, rows: Sequence[Added]) -> None:
    """Delete the rows of one batch, each at the version written; the partners last, as
    the entries name them. :class:`ConflictError` (the batch stays) if one moved on."""

    moved: set[object] = set()
    others = [row for row in rows if isinstance(row, MEMORY_TYPES)]
    for kind in memory_store.TABLES:  # they name the entries and the partners: first
        found = {row.id: row.version for row in others if type(row) is kind}
        moved |= memory_store.delete_rows(session, kind, found)
    entries = {row.id: row.version for row in rows if isinstance(row, store.EntryRow)}
    marks = {row.id: row.version for row in rows if isinstance(row, store.DoneRow)}
    ideas = {row.id: row.version for row in rows if isinstance(row, store.IdeaRow)}
    settings = {row.key: row.version for row in rows if isinstance(row, store.SettingRow)}
    partners = {row.id: row.version for row in rows if isinstance(row, store.PartnerRow)}
    keys = [row for row in rows if isinstance(row, store.WrappedKeyRow)]
    moved |= store.delete_entries(session, entries)  # their sealed words with them
    moved |= store.delete_keys(session, keys)  # they name the partners
    moved |= store.delete_done(session, marks)
    moved |= store.delete_ideas(session, ideas)
    moved |= store.delete_settings(session, settings)
    moved |= store.delete_partners(session, partners)
    if moved:
        raise ConflictError(MOVED_ON)


def _plan_uids(entries: Sequence[store.EntryRow]) -> list[str]:
    return [entry.plan.uid for entry in entries if entry.plan is not None]


def _written(rows: Sequence[Added], tally: _Tally) -> Written:
    partners = [row for row in rows if isinstance(row, store.PartnerRow)]
    entries = [row for row in rows if isinstance(row, store.EntryRow)]
    ideas = [row for row in rows if isinstance(row, store.IdeaRow)]
    marks = [row for row in rows if isinstance(row, store.DoneRow)]
    rituals = next(
        (row for row in rows if isinstance(row, store.SettingRow) and row.key == RITUALS_KEY),
        None,
    )
    keys = [row for row in rows if isinstance(row, store.WrappedKeyRow)]
    plans = sum(1 for entry in entries if entry.kind == EntryKind.PLAN.value)
    memories = [row for row in rows if isinstance(row, MEMORY_TYPES)]
    count = Counter(ROW_NAMES[type(row)] for row in memories)
    report = ImportReport(
        partners_added=tuple(partner.name for partner in partners),
        entries_added=len(entries),
        plans_added=plans,
        ideas_added=len(ideas),
        marks_added=len(marks),
        rituals_added=rituals is not None,
        already_here=tally.kept + tally.left,
        newer_in_archive=tuple(tally.newer),
        photos_added=count["photo"],
        days_added=count["special_day"],
        reactions_added=count["reaction"],
        replies_added=count["reply"],
        answers_added=count["prompt_answer"],
        private_added=sum(1 for entry in entries if entry.private_to is not None),
        sealed_added=sum(1 for entry in entries if entry.opens_at is not None),
        locks_added=() if tally.locks is None or not keys else tally.locks.names,
    )
    areas = {Area.PARTNERS} if partners else set()
    areas |= {Area.ENTRIES} if entries else set()
    areas |= {Area.PLANS} if plans else set()
    areas |= {Area.IDEAS} if ideas or marks else set()
    areas |= {Area.RITUALS} if rituals is not None else set()
    areas |= {AREAS[name] for name in count}
    areas |= {Area.PRIVACY} if keys else set()
    on_entries = {row.entry_id for row in memories if not isinstance(row, store.SpecialDayRow)}
    return Written(
        report, frozenset(areas), frozenset(entry.id for entry in entries) | on_entries,
        entries={entry.id: entry.version for entry in entries if entry.deleted_at is None},
        ideas={idea.id: idea.version for idea in ideas if idea.deleted_at is None},
        marks={m.idea_key: (m.done_on, m.version) for m in marks if m.deleted_at is None},
        rituals=None if rituals is None else (rituals.value, rituals.version),
        memories=[(ROW_NAMES[type(row)], row.id, _history_key(row), row.version)
                  for row in memories if row.deleted_at is None],
    )  # fmt: skip


def _history_key(row: MemoryRow) -> Any:
    """The key the row's own operations note its version under (a sign: entry and partner)."""
    if isinstance(row, store.ReactionRow):
        return (ROW_NAMES[type(row)], (row.entry_id, row.partner_id))
    return (ROW_NAMES[type(row)], row.id)


def _check_outside(session: Session, archive: Archive) -> None:
    """:class:`ArchiveError` unless each row on an entry the archive does not have is on
    one this household has."""
    ids = {entry.id for entry in archive.entries}
    outside = [row for row in archive.memories.on_entries() if row.entry_id not in ids]
    found = store.entry_versions(session, (row.entry_id for row in outside))
    for row in outside:
        if row.entry_id not in found:
            raise ArchiveError(
                f"In this archive, {WHAT[type(row)]} is on an entry that neither the archive"
                f" nor this household has ({row.entry_id})."
            )


def _fresh_memories(session: Session, rows: Sequence[MemoryRow], tally: _Tally) -> list[MemoryRow]:
    """Those of ``rows`` this household has not yet (by UUID, and for a sign or an answer
    by entry and partner), their partners mapped to this household's."""
    fresh: list[MemoryRow] = []
    for kind in memory_store.TABLES:
        found = [_mapped(row, tally.mapping) for row in rows if type(row) is kind]
        here = memory_store.versions(session, kind, (row.id for row in found))
        pairs: set[tuple[uuid.UUID, uuid.UUID]] = set()
        if kind in memory_store.ONE_PER_PARTNER:
            both = [pair for pair in map(_pair, found) if pair is not None]
            pairs = memory_store.pairs_taken(session, kind, both)
        for row in found:
            on = None if isinstance(row, store.SpecialDayRow) else row.entry_id
            if row.id in here or on in tally.absent or _pair(row) in pairs:
                tally.kept += 1
            else:
                fresh.append(row)
    return fresh


def _pair(row: MemoryRow) -> tuple[uuid.UUID, uuid.UUID] | None:
    if isinstance(row, store.ReactionRow | store.AnswerRow):
        return (row.entry_id, row.partner_id)
    return None


def _mapped(row: MemoryRow, mapping: dict[uuid.UUID, uuid.UUID]) -> MemoryRow:
    if isinstance(row, store.ReplyRow):
        return replace(row, author_id=mapping[row.author_id])
    if isinstance(row, store.ReactionRow | store.AnswerRow):
        return replace(row, partner_id=mapping[row.partner_id])
    if isinstance(row, store.SpecialDayRow) and row.partner_id is not None:
        return replace(row, partner_id=mapping[row.partner_id])
    return row


def _write_ideas(
    session: Session, archive: Archive, tally: _Tally
) -> tuple[list[store.IdeaRow], list[store.DoneRow]]:
    """Insert the ideas and marks not here yet; count the ones left as they are."""
    ids = store.idea_ids_taken(session, (idea.id for idea in archive.ideas))
    keys = store.idea_keys_taken(session, (idea.key for idea in archive.ideas))
    ideas = [idea for idea in archive.ideas if idea.id not in ids and idea.key not in keys]
    store.insert_ideas(session, ideas)
    done_ids = store.done_ids_taken(session, (mark.id for mark in archive.ideas_done))
    done_keys = store.done_keys_taken(session, (mark.idea_key for mark in archive.ideas_done))
    marks = [
        mark
        for mark in archive.ideas_done
        if mark.id not in done_ids and mark.idea_key not in done_keys
    ]
    store.insert_done(session, marks)
    tally.left = len(archive.ideas) - len(ideas) + len(archive.ideas_done) - len(marks)
    return ideas, marks


def _write_rituals(session: Session, archive: Archive) -> list[store.SettingRow]:
    """The archive's reminder settings, if this household never saved its own."""
    if archive.rituals is None:
        return []
    if setting_store.read(session, RITUALS_KEY)[1] != setting_store.NEVER_WRITTEN:
        return []
    store.insert_settings(session, [archive.rituals])
    return [archive.rituals]


def _match(
    archive: Archive, here: Sequence[store.PartnerRow]
) -> tuple[dict[uuid.UUID, uuid.UUID], list[store.PartnerRow]]:
    """Who is who: the archive's partners by id, else by name, mapped to this household's;
    into a household not set up yet they come as they are (to be inserted)."""
    if not here:
        return {partner.id: partner.id for partner in archive.partners}, list(archive.partners)
    by_id = {partner.id: partner for partner in here}
    by_name = {partner.name.casefold(): partner for partner in here}
    mapping = {}
    for partner in archive.partners:
        found = by_id.get(partner.id) or by_name.get(partner.name.casefold())
        if found is not None:
            mapping[partner.id] = found.id
    if len(here) != 2 or len(set(mapping.values())) != 2:
        theirs = " and ".join(shown(partner.name, 40) for partner in archive.partners)
        ours = " and ".join(shown(partner.name, 40) for partner in here)
        raise ArchiveError(
            f"This archive is {theirs}'s, and this household is {ours}'s. Import it into a"
            " new household (an empty data folder), or give the partners the same names."
        )
    return mapping, []
