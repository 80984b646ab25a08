"""Export and import of everything: one ``.zip`` holding ``closeness.json``
(docs/export-format.md), written from one consistent read of the store, and merged back
by UUID in one transaction, one undo step and one change.

Merging never overwrites. What this household already has (an entry with the same UUID,
a date night with the same calendar uid, an idea or a mark with the same key, reminder
settings already saved) is left as it is here; an archive copy with a higher version is
counted in the report, so a person knows. A version number alone cannot say which words
are wanted (two copies of a household can both be at version 3 of a note, with other
words), and an import that rolled edits back would overwrite silently.

:meth:`Transfer.read` and :meth:`Transfer.write` touch no shared state, so a window runs
them off its GUI thread; :meth:`Transfer.settle` then pushes the undo step and announces
the change on the thread the household's listeners live on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from closeness_desktop import __version__
from closeness_desktop.household import archive_json, archive_writer
from closeness_desktop.household.archive_fields import ArchiveError, shown
from closeness_desktop.household.archive_json import FORMAT, SCHEMA_VERSION, Archive
from closeness_desktop.household.archive_zip import ARCHIVE_JSON, ZipArchive, write_archive
from closeness_desktop.household.context import Context
from closeness_desktop.household.history import LeftAt, UndoStep
from closeness_desktop.household.rituals import RITUALS_KEY
from closeness_desktop.household.transfer_reports import (
    Cancelled,
    ExportReport,
    ImportReport,
    plural,
)
from closeness_desktop.records import Area, ConflictError, EntryKind, NotFoundError, ValidationError
from closeness_desktop.store import export as store
from closeness_desktop.store import ideas as idea_store
from closeness_desktop.store import settings as setting_store
from closeness_desktop.store.database import Session

#: ``(done, total)``; answer False to stop (nothing is written, or no archive is left).
Progress = Callable[[int, int], bool]
BATCH = 1_000
CHANGED_SINCE = (
    "Something this import brought has been changed since, on this computer or another;"
    " going back now would overwrite that change."
)
GONE = "Something this import brought is no longer there."


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


class Transfer:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    # -- export -------------------------------------------------------------------------

    def export_to(self, path: Path | str, *, progress: Progress | None = None) -> ExportReport:
        """Write everything to the archive ``path`` (replacing it only once it is whole).

        :class:`Cancelled` if ``progress`` says stop; OSError if it cannot be written."""
        path = Path(path)
        now = self._ctx.now()
        with self._ctx.db.reading() as session:
            if path.resolve() in store.own_files(session):
                raise ValidationError(
                    "That is the household's own database; choose another file for the archive."
                )
            store.hold_snapshot(session)  # every batch below sees the same household
            partners = store.partners(session)
            if len(partners) != 2:
                raise ValidationError("There is nothing to export yet: set up the household first.")
            total = store.count_entries(session)
            ideas, marks = store.ideas(session), store.ideas_done(session)
            rituals = next(iter(store.settings(session, [RITUALS_KEY])), None)
            if rituals is not None:  # in the form this version writes, as the archive expects
                from closeness_desktop.rituals.config import RitualSettings

                rituals = replace(rituals, value=RitualSettings.from_json(rituals.value).to_json())

            def batches() -> Iterator[list[store.EntryRow]]:
                done = 0
                for batch in store.entries(session, BATCH):
                    yield batch
                    done += len(batch)
                    if progress is not None and not progress(done, total):
                        raise Cancelled

            header = {
                "format": FORMAT,
                "schema_version": SCHEMA_VERSION,
                "exported_at": now.isoformat(),
                "app_version": __version__,
            }
            document = archive_writer.document(
                header,
                partners=partners,
                entry_batches=batches(),
                ideas=ideas,
                done=marks,
                rituals=rituals,
            )
            size = write_archive(path, document, now)
        return ExportReport(path, total, len(ideas), size)

    # -- import -------------------------------------------------------------------------

    def read(self, path: Path | str) -> Archive:
        """The archive at ``path``, checked whole; :class:`ArchiveError` saying why not.
        Changes nothing."""
        with ZipArchive(Path(path)) as archive:
            parsed = archive_json.parse(archive.read(ARCHIVE_JSON))
            listed = {each.path for each in parsed.files}
            for name, info in archive.members.items():
                if name != ARCHIVE_JSON and not info.is_dir() and name not in listed:
                    raise ArchiveError(
                        f"This archive holds “{shown(name)}”, which its {ARCHIVE_JSON}"
                        " does not list."
                    )
            for each in parsed.files:
                archive.check_file(each.path, each.size, each.sha256)
        if parsed.files:
            raise ArchiveError(
                f"This archive holds {len(parsed.files):,} photos or other files, and this"
                " version of Closeness has nowhere to keep them yet; please update the app."
            )
        return parsed

    def import_from(
        self, path: Path | str, *, progress: Progress | None = None, origin: object = None
    ) -> ImportReport:
        """Read the archive at ``path`` and merge it in (see :meth:`merge`)."""
        return self.merge(self.read(path), progress=progress, origin=origin)

    def merge(
        self, archive: Archive, *, progress: Progress | None = None, origin: object = None
    ) -> ImportReport:
        """Add what this household does not have yet, in one transaction and one undo step
        ("import 1,234 entries"); a second import of the same archive adds nothing."""
        return self.settle(self.write(archive, progress=progress), origin=origin)

    def write(self, archive: Archive, *, progress: Progress | None = None) -> Written:
        """The transaction of :meth:`merge`, touching no history and announcing nothing:
        any thread may run it, once; then :meth:`settle` it."""
        with self._ctx.db.writing() as session:
            mapping, new_partners = _match(archive, store.partners(session))
            store.insert_partners(session, new_partners)
            here = store.entry_versions(session, (entry.id for entry in archive.entries))
            plan_uids = [entry.plan.uid for entry in archive.entries if entry.plan is not None]
            taken = store.plan_uids_taken(session, plan_uids)
            fresh, kept, newer = [], 0, []
            for entry in archive.entries:
                if entry.id in here or (entry.plan is not None and entry.plan.uid in taken):
                    kept += 1
                    if entry.id in here and entry.version > here[entry.id]:
                        newer.append(entry.id)
                    continue
                author, to = mapping[entry.author_id], entry.addressee_id
                fresh.append(replace(entry, author_id=author, addressee_id=to and mapping[to]))
            for start in range(0, len(fresh), BATCH):
                store.insert_entries(session, fresh[start : start + BATCH])
                done = min(start + BATCH, len(fresh))
                if progress is not None and not progress(done, len(fresh)):
                    raise Cancelled  # the transaction is rolled back: nothing was changed
            ideas, marks, left = self._write_ideas(session, archive)
            rituals = self._write_rituals(session, archive)
        plans = sum(1 for entry in fresh if entry.kind == EntryKind.PLAN.value)
        report = ImportReport(
            partners_added=tuple(partner.name for partner in new_partners),
            entries_added=len(fresh),
            plans_added=plans,
            ideas_added=len(ideas),
            marks_added=len(marks),
            rituals_added=rituals is not None,
            already_here=kept + left,
            newer_in_archive=tuple(newer),
        )
        areas = {Area.PARTNERS} if new_partners else set()
        areas |= {Area.ENTRIES} if fresh else set()
        areas |= {Area.PLANS} if plans else set()
        areas |= {Area.IDEAS} if ideas or marks else set()
        areas |= {Area.RITUALS} if rituals is not None else set()
        return Written(
            report, frozenset(areas), frozenset(entry.id for entry in fresh),
            entries={entry.id: entry.version for entry in fresh if entry.deleted_at is None},
            ideas=ideas, marks=marks, rituals=rituals,
        )  # fmt: skip

    def _write_ideas(
        self, session: Session, archive: Archive
    ) -> tuple[dict[uuid.UUID, int], dict[str, tuple[date, int]], int]:
        """Insert the ideas and marks not here yet; the live ones (for undo), and how many
        were left as they are."""
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
        left = len(archive.ideas) - len(ideas) + len(archive.ideas_done) - len(marks)
        return (
            {idea.id: idea.version for idea in ideas if idea.deleted_at is None},
            {
                mark.idea_key: (mark.done_on, mark.version)
                for mark in marks
                if mark.deleted_at is None
            },
            left,
        )

    def _write_rituals(self, session: Session, archive: Archive) -> tuple[object, int] | None:
        """The archive's reminder settings, if this household never saved its own."""
        if archive.rituals is None:
            return None
        if setting_store.read(session, RITUALS_KEY)[1] != setting_store.NEVER_WRITTEN:
            return None
        store.insert_settings(session, [archive.rituals])
        return archive.rituals.value, archive.rituals.version

    def settle(self, written: Written, *, origin: object = None) -> ImportReport:
        """Push the undo step of a committed :meth:`write` and announce its change; on the
        thread the household's listeners live on, once. Nothing added: no step, no change."""
        if not written.areas or written.settled:
            return written.report
        written.settled = True
        history = self._ctx.history
        entries = {key: history.wrote(("entry", key), v) for key, v in written.entries.items()}
        ideas = {key: history.wrote(("idea", key), v) for key, v in written.ideas.items()}
        marks = {key: history.wrote(("done", key), v) for key, (_d, v) in written.marks.items()}
        rituals = None if written.rituals is None else LeftAt(written.rituals[1])

        def rewrite(back: bool) -> Callable[[bool], None]:
            def run(force: bool) -> None:
                with self._ctx.db.writing() as session:
                    self._move_entries(session, entries, back, force)
                    self._move_ideas(session, ideas, back, force)
                    self._move_marks(session, written, marks, back, force)
                    if rituals is not None and written.rituals is not None:
                        value = None if back else written.rituals[0]
                        self._move_rituals(session, rituals, value, force)

            return run

        count = written.report.entries_added
        words = plural(count, "entry", "entries")
        step_areas = written.areas - {Area.PARTNERS}  # the two of you stay
        description = f"import {words}" if count else "import an archive"
        if entries or ideas or marks or rituals is not None:  # else nothing to take back
            history.push(
                UndoStep(description, step_areas, rewrite(True), rewrite(False), written.entry_ids)
            )
        self._ctx.announce(written.areas, origin, written.entry_ids)
        return written.report

    # -- undo and redo ------------------------------------------------------------------

    def _move_entries(
        self, session: Session, lefts: dict[uuid.UUID, LeftAt], back: bool, force: bool
    ) -> None:
        current = store.entry_versions(session, lefts)
        for key, left in lefts.items():
            if key not in current:
                raise NotFoundError(GONE)
            if current[key] != left.version and not force:
                raise ConflictError(CHANGED_SINCE)
        now = self._ctx.now()
        moved = store.set_entries_deleted(session, current, now if back else None, now)
        for key, version in moved.items():
            lefts[key].version = version

    def _move_ideas(
        self, session: Session, lefts: dict[uuid.UUID, LeftAt], back: bool, force: bool
    ) -> None:
        now = self._ctx.now()
        for key, left in lefts.items():
            current = idea_store.get(session, key)
            if current is None:
                raise NotFoundError(GONE)
            if current.version != left.version and not force:
                raise ConflictError(CHANGED_SINCE)
            version = idea_store.set_deleted(
                session, key, now if back else None, current.version, now
            )
            assert version is not None  # read in this transaction
            left.version = version

    def _move_marks(
        self,
        session: Session,
        written: Written,
        lefts: dict[str, LeftAt],
        back: bool,
        force: bool,
    ) -> None:
        for key, left in lefts.items():
            current = idea_store.done_mark(session, key)
            if current is None:
                raise NotFoundError(GONE)
            if current.version != left.version and not force:
                raise ConflictError(CHANGED_SINCE)
            day = None if back else written.marks[key][0]
            version = idea_store.write_done(session, key, day, current.version, self._ctx.now())
            assert version is not None  # read in this transaction
            left.version = version

    def _move_rituals(self, session: Session, left: LeftAt, value: object, force: bool) -> None:
        """Back to the defaults (``value`` None) or to the imported settings."""
        _stored, version = setting_store.read(session, RITUALS_KEY)
        if version != left.version and not force:
            raise ConflictError(CHANGED_SINCE)
        written = setting_store.write(session, RITUALS_KEY, value, version, self._ctx.now())
        assert written is not None  # read in this transaction
        left.version = written


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


__all__ = ["Cancelled", "ExportReport", "ImportReport", "Progress", "Transfer", "Written"]
