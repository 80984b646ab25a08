"""Export and import of everything: one ``.zip`` holding ``closeness.json``
(docs/export-format.md), written from one consistent read of the store, and merged back
by UUID in one undo step and one change.

Merging never overwrites. What this household already has (an entry with the same UUID,
a date night with the same calendar uid, an idea or a mark with the same key, reminder
settings already saved) is left as it is here; an archive copy with a higher version is
counted in the report, so a person knows. A version number alone cannot say which words
are wanted (two copies of a household can both be at version 3 of a note, with other
words), and an import that rolled edits back would overwrite silently.

The merge is written in batches, each its own short transaction, so a long import never
keeps another writer (a note on the other account) waiting past the busy timeout
(:mod:`.archive_merge`, issue 8). For the person it stays all or nothing: Cancel or a
failed batch takes back every batch written, and undo and redo go in batches too.
What batches can't promise: a process killed between two batches keeps the batches it
had written (each one whole, as after any crash), with no undo step for them. Importing
the same archive again finishes the job, since the merge goes by UUID: what came in
stays as it is, and only what is missing is added.

:meth:`Transfer.read` and :meth:`Transfer.write` touch no shared state, so a window runs
them off its GUI thread; :meth:`Transfer.settle` then pushes the undo step and announces
the change on the thread the household's listeners live on.
"""

from __future__ import annotations

from base64 import b64decode
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from closeness_desktop import __version__
from closeness_desktop.household import (
    archive_files,
    archive_json,
    archive_merge,
    archive_writer,
    batched_writes,
    photo_files,
)
from closeness_desktop.household.archive_fields import ArchiveError, shown
from closeness_desktop.household.archive_json import FORMAT, SCHEMA_VERSION, Archive
from closeness_desktop.household.archive_memories import MEMORY_KEYS
from closeness_desktop.household.archive_merge import ArchiveIncomplete, Written
from closeness_desktop.household.archive_zip import (
    ARCHIVE_JSON,
    MAX_MEMBERS,
    ZipArchive,
    write_archive,
)
from closeness_desktop.household.context import Context
from closeness_desktop.household.history import LeftAt, UndoStep
from closeness_desktop.household.private_words import SEAL_KEY
from closeness_desktop.household.rituals import RITUALS_KEY
from closeness_desktop.household.transfer_reports import (
    Cancelled,
    ExportReport,
    ImportReport,
    plural,
)
from closeness_desktop.pictures.photo_folder import PhotoFolder
from closeness_desktop.records import Area, ConflictError, NotFoundError, ValidationError
from closeness_desktop.store import export as store
from closeness_desktop.store import export_memories as memory_store
from closeness_desktop.store import ideas as idea_store
from closeness_desktop.store import settings as setting_store
from closeness_desktop.store.database import Session

#: ``(done, total)``; answer False to stop (nothing is written, or no archive is left).
Progress = Callable[[int, int], bool]
#: Entries an export reads at a time, and an import writes in one transaction: about
#: 0.3 s of the write lock at 100,000 entries here (docs/benchmarks.md).
BATCH = 1_000
#: Rows an undo or redo of an import moves in one transaction: a move costs far less
#: than an insert (10,000 hold the lock about 0.45 s here), so ten times fewer pauses.
UNDO_BATCH = 10_000
CHANGED_SINCE = (
    "Something this import brought has been changed since, on this computer or another;"
    " going back now would overwrite that change."
)
GONE = "Something this import brought is no longer there."


#: The kind of row each name of :data:`archive_merge.ROW_NAMES` is.
ROW_KINDS = {name: kind for kind, name in archive_merge.ROW_NAMES.items()}


class Transfer:
    def __init__(self, context: Context) -> None:
        self._ctx = context
        folder = photo_files.folder_of(context.db, None)
        #: Where the photos' files are read from and written to (the household sets it
        #: when its photos live elsewhere than beside an SQLite file).
        self.photo_folder: PhotoFolder | None = None if folder is None else PhotoFolder(folder)

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
            kinds = memory_store.TABLES
            found = [memory_store.rows(session, kind) for kind in kinds]
            photos = archive_files.outgoing(found[0], self.photo_folder)
            if len(photos.files) >= MAX_MEMBERS:  # an archive it could not read back
                raise ValidationError(
                    f"This household keeps {len(photos.files):,} photo files, more than one"
                    f" archive can carry ({MAX_MEMBERS - 1:,}); nothing was written."
                )
            memories = list(zip(MEMORY_KEYS, [photos.photos, *found[1:]], strict=True))
            # As they are kept: the words sealed, the keys wrapped (docs/export-format.md).
            sealed, keys = store.sealed_words(session), store.wrapped_keys(session)
            seal = next(iter(store.settings(session, [SEAL_KEY])), None)
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
                memories=memories,
                files=photos.files,
                sealed=sealed,
                keys=keys,
                seal_key=None if seal is None else b64decode(seal.value),
            )
            files = [
                (f.path, src, f.sha256) for f, src in zip(photos.files, photos.sources, strict=True)
            ]
            size = write_archive(path, document, now, files)
        hidden = Counter(row.key for row in sealed)
        return ExportReport(
            path, total, len(ideas), size, len(photos.photos), photos_missing=photos.missing,
            private=hidden["partner"], sealed=hidden["seal"],
        )  # fmt: skip

    # -- import -------------------------------------------------------------------------

    def read(self, path: Path | str) -> Archive:
        """The archive at ``path``, checked whole (:func:`read_archive`)."""
        return read_archive(path)

    def import_from(
        self, path: Path | str, *, progress: Progress | None = None, origin: object = None
    ) -> ImportReport:
        """Read the archive at ``path`` and merge it in (see :meth:`merge`)."""
        return self.merge(self.read(path), progress=progress, origin=origin)

    def merge(
        self, archive: Archive, *, progress: Progress | None = None, origin: object = None
    ) -> ImportReport:
        """Add what this household does not have yet, in one undo step ("import 1,234
        entries"); a second import of the same archive adds nothing."""
        try:
            written = self.write(archive, progress=progress)
        except ArchiveIncomplete as stopped:
            self.settle(stopped.written, origin=origin)  # Undo takes back what stayed
            raise
        return self.settle(written, origin=origin)

    def write(self, archive: Archive, *, progress: Progress | None = None) -> Written:
        """The writing half of :meth:`merge`, in batches (:mod:`.archive_merge`), touching
        no history and announcing nothing: any thread may run it, once; then
        :meth:`settle` it. :class:`ArchiveIncomplete` if it failed and what it wrote
        could not all be taken back: settle its ``written`` too."""
        return archive_merge.write(
            self._ctx.db,
            archive,
            progress,
            size=BATCH,
            now=self._ctx.now(),
            photo_folder=self.photo_folder,
        )

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
        memories = [(name, key, history.wrote(row, v)) for name, key, row, v in written.memories]

        moves = [_Move("entry", key, left) for key, left in entries.items()]
        moves += [_Move("idea", key, left) for key, left in ideas.items()]
        moves += [_Move("done", key, marks[key], day) for key, (day, _v) in written.marks.items()]
        if rituals is not None and written.rituals is not None:
            moves.append(_Move("rituals", RITUALS_KEY, rituals, value=written.rituals[0]))
        moves += [_Move(name, key, left) for name, key, left in memories]

        def rewrite(back: bool) -> Callable[[bool], None]:
            def run(force: bool) -> None:
                batched_writes.rewrite_all(
                    self._ctx.db,
                    moves,
                    lambda session, batch: _check(session, batch, force),
                    lambda session, batch: self._move(session, batch, back, force),
                    size=UNDO_BATCH,
                )

            return run

        count = written.report.entries_added
        words = plural(count, "entry", "entries")
        step_areas = written.areas - {Area.PARTNERS, Area.PRIVACY}  # you and your locks stay
        description = f"import {words}" if count else "import an archive"
        if moves:  # else nothing to take back
            history.push(
                UndoStep(description, step_areas, rewrite(True), rewrite(False), written.entry_ids)
            )
        self._ctx.announce(written.areas, origin, written.entry_ids)
        return written.report

    # -- undo and redo ------------------------------------------------------------------

    def _move(self, session: Session, batch: Sequence[_Move], back: bool, force: bool) -> None:
        """To the trash (``back``) or out again; the reminder settings back to the
        defaults or to the imported ones. Checked again first, inside the lock."""
        _check(session, batch, force)
        now = self._ctx.now()
        entries = {move.key: move.left for move in batch if move.table == "entry"}
        versions = {key: left.version for key, left in entries.items()}
        moved = store.set_entries_deleted(session, versions, now if back else None, now)
        for key, after in moved.items():
            entries[key].version = after
        for name, kind in ROW_KINDS.items():
            rows = {move.key: move.left for move in batch if move.table == name}
            at = {key: left.version for key, left in rows.items()}
            for key, after in memory_store.set_deleted(
                session, kind, at, now if back else None, now
            ).items():
                rows[key].version = after
        for move in batch:
            version: int | None = None
            if move.table == "idea":
                deleted = now if back else None
                version = idea_store.set_deleted(session, move.key, deleted, move.left.version, now)
            elif move.table == "done":
                day = None if back else move.day
                version = idea_store.write_done(session, move.key, day, move.left.version, now)
            elif move.table == "rituals":
                value = None if back else move.value
                version = setting_store.write(session, move.key, value, move.left.version, now)
            else:
                continue  # moved above, a table at a time
            assert version is not None  # checked in this transaction
            move.left.version = version


@dataclass
class _Move:
    """One row an import's undo step moves: its table, its key, the version it was left at
    (shared with the history), and what a redo puts back (a mark's day, the settings)."""

    table: str
    key: Any
    left: LeftAt
    day: date | None = None
    value: object = None


def _check(session: Session, batch: Sequence[_Move], force: bool) -> None:
    """:class:`ConflictError` if a row moved on since the step left it (with ``force``,
    the step takes the newer version); :class:`NotFoundError` if one is gone."""
    entries = store.entry_versions(session, (m.key for m in batch if m.table == "entry"))
    others = {
        name: memory_store.versions(session, kind, (m.key for m in batch if m.table == name))
        for name, kind in ROW_KINDS.items()
    }
    for move in batch:
        current: int | None
        if move.table == "entry":
            current = entries.get(move.key)
        elif move.table in others:
            current = others[move.table].get(move.key)
        elif move.table == "idea":
            idea = idea_store.get(session, move.key)
            current = None if idea is None else idea.version
        elif move.table == "done":
            mark = idea_store.done_mark(session, move.key)
            current = None if mark is None else mark.version
        else:
            current = setting_store.read(session, move.key)[1]
        if current is None:
            raise NotFoundError(GONE)
        if current != move.left.version:
            if not force:
                raise ConflictError(CHANGED_SINCE)
            move.left.version = current


def read_archive(path: Path | str) -> Archive:
    """The archive at ``path``, checked whole; :class:`ArchiveError` saying why not.
    Changes nothing, and needs no household: the command line checks an archive before
    it opens (or creates) the one it goes into."""
    with ZipArchive(Path(path)) as archive:
        parsed = archive_json.parse(archive.read(ARCHIVE_JSON))
        listed = {each.path for each in parsed.files}
        for name, info in archive.members.items():
            if name != ARCHIVE_JSON and not info.is_dir() and name not in listed:
                raise ArchiveError(
                    f"This archive holds “{shown(name)}”, which its {ARCHIVE_JSON} does not list."
                )
        for each in parsed.files:
            archive.check_file(each.path, each.size, each.sha256)
    return replace(parsed, source=Path(path))


__all__ = [
    "ArchiveIncomplete",
    "Cancelled",
    "ExportReport",
    "ImportReport",
    "Progress",
    "Transfer",
    "Written",
    "read_archive",
]
