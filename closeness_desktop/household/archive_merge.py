"""Merging an archive into the household in batches, and taking an unfinished one back.

Merged in one transaction, 100,000 entries held SQLite's write lock for about 13 s, and a
note written meanwhile on another account failed after the 5 s busy timeout (issue 8).
Here the partners, ideas, marks and reminder settings go first, in one short
transaction (the entries need their authors), then the entries a batch at a time
(:mod:`.batched_writes`). A failed batch or Cancel takes back every batch written, the
first one last; :class:`ArchiveIncomplete` carries what stayed if that failed too.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import cast

from closeness_desktop.household import batched_writes
from closeness_desktop.household.archive_fields import ArchiveError, shown
from closeness_desktop.household.archive_json import Archive
from closeness_desktop.household.batched_writes import ImportCancelled, ImportIncomplete, Progress
from closeness_desktop.household.rituals import RITUALS_KEY
from closeness_desktop.household.transfer_reports import Cancelled, ImportReport
from closeness_desktop.records import Area, ConflictError, EntryKind
from closeness_desktop.store import export as store
from closeness_desktop.store import settings as setting_store
from closeness_desktop.store.database import Database, Session

#: A row this import inserted, as the archive had it (its authors mapped to this household).
Added = store.PartnerRow | store.EntryRow | store.IdeaRow | store.DoneRow | store.SettingRow
NOUNS = ("thing this import brought", "things this import brought")
MOVED_ON = "Something this import brought was changed meanwhile, so it was left as it is."


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


def write(
    db: Database, archive: Archive, progress: Progress | None = None, *, size: int
) -> Written:
    """Add what this household does not have yet, in batches of ``size`` entries;
    :class:`Cancelled` (with nothing changed) if ``progress`` says stop."""
    tally = _Tally()
    with db.reading() as session:  # which entries to bring, without holding the lock
        here = store.entry_versions(session, (entry.id for entry in archive.entries))
        taken = store.plan_uids_taken(session, _plan_uids(archive.entries))
    fresh = []
    for entry in archive.entries:
        if entry.id in here or (entry.plan is not None and entry.plan.uid in taken):
            tally.kept += 1
            if entry.id in here and entry.version > here[entry.id]:
                tally.newer.append(entry.id)
        else:
            fresh.append(entry)

    def first(session: Session) -> list[Added]:
        tally.mapping, partners = _match(archive, store.partners(session))
        store.insert_partners(session, partners)
        ideas, marks = _write_ideas(session, archive, tally)
        return [*partners, *ideas, *marks, *_write_rituals(session, archive)]

    def batch(session: Session, entries: Sequence[store.EntryRow]) -> list[Added]:
        # Checked again inside the lock: another import of this archive may be under way.
        here = store.entry_versions(session, (entry.id for entry in entries))
        taken = store.plan_uids_taken(session, _plan_uids(entries))
        rows: list[Added] = []
        for entry in entries:
            if entry.id in here or (entry.plan is not None and entry.plan.uid in taken):
                tally.kept += 1
                continue
            author, to = tally.mapping[entry.author_id], entry.addressee_id
            rows.append(replace(entry, author_id=author, addressee_id=to and tally.mapping[to]))
        store.insert_entries(session, [row for row in rows if isinstance(row, store.EntryRow)])
        return rows

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

    entries = {row.id: row.version for row in rows if isinstance(row, store.EntryRow)}
    marks = {row.id: row.version for row in rows if isinstance(row, store.DoneRow)}
    ideas = {row.id: row.version for row in rows if isinstance(row, store.IdeaRow)}
    settings = {row.key: row.version for row in rows if isinstance(row, store.SettingRow)}
    partners = {row.id: row.version for row in rows if isinstance(row, store.PartnerRow)}
    moved: set[object] = set()
    moved |= store.delete_entries(session, entries)
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
    rituals = next((row for row in rows if isinstance(row, store.SettingRow)), None)
    plans = sum(1 for entry in entries if entry.kind == EntryKind.PLAN.value)
    report = ImportReport(
        partners_added=tuple(partner.name for partner in partners),
        entries_added=len(entries),
        plans_added=plans,
        ideas_added=len(ideas),
        marks_added=len(marks),
        rituals_added=rituals is not None,
        already_here=tally.kept + tally.left,
        newer_in_archive=tuple(tally.newer),
    )
    areas = {Area.PARTNERS} if partners else set()
    areas |= {Area.ENTRIES} if entries else set()
    areas |= {Area.PLANS} if plans else set()
    areas |= {Area.IDEAS} if ideas or marks else set()
    areas |= {Area.RITUALS} if rituals is not None else set()
    return Written(
        report, frozenset(areas), frozenset(entry.id for entry in entries),
        entries={entry.id: entry.version for entry in entries if entry.deleted_at is None},
        ideas={idea.id: idea.version for idea in ideas if idea.deleted_at is None},
        marks={m.idea_key: (m.done_on, m.version) for m in marks if m.deleted_at is None},
        rituals=None if rituals is None else (rituals.value, rituals.version),
    )  # fmt: skip


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
