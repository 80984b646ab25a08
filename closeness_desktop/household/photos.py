"""Photos of memories: add them (to a memory, or with a new one), take one off, read them.

The API the window builds on (all of it without Qt):

- :meth:`Photos.add` and :meth:`Photos.add_memory` copy files in through
  :mod:`closeness_desktop.pictures.intake` and refuse, in words naming the file, anything
  that is not a photo that can be opened safely; one refusal adds nothing at all. Each is
  one transaction, one undo step and one ``Change(ENTRIES, entry_ids={memory})``.
- :meth:`Photos.of_entries` reads the photos of a page of entries in one query.
- :meth:`Photos.path_of` is where a photo's file is (for the viewer);
  :meth:`Photos.thumbnail` makes or finds its cached thumbnail (call it on a worker
  thread: it may decode the photo, about 0.2 s for 12 megapixels).
- A private memory's photos are sealed under its author's key (:mod:`.sealed_photos`):
  :meth:`Photos.image_bytes` and :meth:`Photos.thumbnail_bytes` open them in memory.
- :meth:`Photos.check` and :meth:`Photos.tidy`: photo files nothing names, rows whose file
  is gone; emptying the trash tidies by itself.

The same photo added twice is kept once (its file is named by its SHA-256; a sealed one
is kept each time, as each seal differs); a memory that already shows a photo does not get
a second row for it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from closeness_desktop.household import photo_files, photo_steps, sealed_photos
from closeness_desktop.household.context import Context
from closeness_desktop.household.entries import Entries
from closeness_desktop.household.entry_fields import GONE
from closeness_desktop.household.history import Apply, LeftAt, UndoStep
from closeness_desktop.household.partners import Partners
from closeness_desktop.household.validation import validate
from closeness_desktop.pictures.photo_folder import PhotoFolder
from closeness_desktop.records import (
    Area,
    ConflictError,
    Draft,
    EntryKind,
    EntryRecord,
    NotFoundError,
    PhotoInfo,
    SaveError,
    ValidationError,
)
from closeness_desktop.store import entries as entry_store
from closeness_desktop.store import photos as store
from closeness_desktop.store import settings as setting_store
from closeness_desktop.store.database import Session

#: The household setting that keeps the photos' location (GPS) in the copies: off unless
#: the couple turns it on.
KEEP_LOCATION = "photos.keep_location"
ONLY_MEMORIES = "Photos go with memories: write the memory first, then add them to it."
IN_TRASH = "This memory is in the trash: bring it back first, then add photos to it."
NO_FOLDER = "This household has no folder to keep photos in."
NO_PHOTOS = "Choose at least one photo to add."
ALREADY_THERE = "That photo is already in this memory."
PHOTO_GONE = photo_steps.PHOTO_GONE
VANISHED = "A photo was removed while it was being added; nothing was added. Try again."
CHANGED = photo_steps.CHANGED

PhotoCheck = photo_files.PhotoCheck
if TYPE_CHECKING:
    # Pillow is imported when a photo is first read, not with the household at start-up.
    from closeness_desktop.pictures.intake import Prepared

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TakenIn:
    """Photos read and kept in the photo folder by :meth:`Photos.prepare`, not yet on a memory
    (``sealed_for``: the partner whose private memory they were sealed for, if any)."""

    photos: tuple[Prepared, ...]
    sealed_for: uuid.UUID | None

    def __init__(self, photos: Iterable[Prepared], sealed_for: uuid.UUID | None = None) -> None:
        object.__setattr__(self, "photos", tuple(photos))
        object.__setattr__(self, "sealed_for", sealed_for)


class Photos:
    def __init__(
        self, context: Context, partners: Partners, entries: Entries, data_dir: Path | None
    ) -> None:
        self._ctx = context
        self._partners = partners
        self._entries = entries
        folder = photo_files.folder_of(context.db, data_dir)
        #: The photos folder, or None when the household has none (a database in memory).
        self.photo_folder = None if folder is None else PhotoFolder(folder)
        entries.after_purge.append(self.tidy)

    # -- reading ----------------------------------------------------------------------

    def of_entries(self, entry_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, list[PhotoInfo]]:
        """The photos of these entries, in order (one query for a page of the timeline);
        an entry without photos is not in the answer."""
        if not entry_ids:
            return {}
        with self._ctx.db.reading() as session:
            return store.of_entries(session, entry_ids)

    def get(self, photo_id: uuid.UUID) -> PhotoInfo:
        with self._ctx.db.reading() as session:
            info = store.get(session, photo_id)
        if info is None:
            raise NotFoundError(PHOTO_GONE)
        return info

    def path_of(self, photo: PhotoInfo) -> Path:
        """Where the photo's file is (it may be missing: :meth:`check` says so)."""
        return self._photo_folder().path_of(photo.sha256, photo.suffix)

    def thumbnail(self, photo: PhotoInfo, size: int) -> Path:
        """The photo fitted into ``size`` by ``size`` pixels, as a JPEG file, made now unless
        it was made before. For a worker thread: it touches no database and no Qt. A file
        that is missing or damaged raises :class:`ValidationError` in words; so does a sealed
        photo, whose thumbnail is never written (:meth:`thumbnail_bytes`)."""
        if photo.sealed:
            raise ValidationError(sealed_photos.NO_FILE_THUMBNAIL)
        photo_folder = self._photo_folder()
        target = photo_folder.thumbnail_path(photo.sha256, size)
        from closeness_desktop.pictures import thumbnails

        return thumbnails.thumbnail(self.path_of(photo), target, size, photo.name)

    def image_bytes(self, photo: PhotoInfo) -> bytes:
        """The photo's bytes: a sealed one opened under its owner's key (they must be
        unlocked, else a refusal in words), a plain one read from its file. For a worker
        thread: no database, no Qt."""
        return sealed_photos.read(self.path_of(photo), photo.sealed, self._ctx.keys)

    def thumbnail_bytes(self, photo: PhotoInfo, size: int) -> bytes:
        """The photo fitted into ``size`` by ``size`` as JPEG bytes made in memory, never
        written to disk: how a sealed photo is shown small. For a worker thread."""
        return sealed_photos.small_jpeg(self.image_bytes(photo), size)

    def keeps_location(self) -> bool:
        """Whether new copies keep where they were taken (the couple's setting)."""
        with self._ctx.db.reading() as session:
            return self._keeps_location(session)

    # -- changing ---------------------------------------------------------------------

    def prepare(
        self,
        paths: Iterable[Path],
        *,
        keep_location: bool | None = None,
        sealed_for: uuid.UUID | None = None,
    ) -> TakenIn:
        """Read each file and keep its copy in the photo folder, ready for :meth:`add` or
        :meth:`add_memory` (``prepared=``); ``sealed_for``: the author of the private memory
        they are for (unlocked), whose key seals them. File work only, no undo step and no
        change announced: safe on a worker thread, so the window stays free while a HEIC
        (about 0.4 s) is read. A refusal of any one file keeps none."""
        taken = self._take_in(paths, keep_location, required=False, sealed_for=sealed_for)
        return TakenIn(taken, sealed_for)

    def add(
        self,
        entry_id: uuid.UUID,
        paths: Iterable[Path] = (),
        *,
        by: uuid.UUID | None = None,
        keep_location: bool | None = None,
        prepared: TakenIn | None = None,
        origin: object = None,
    ) -> list[PhotoInfo]:
        """Add photos to a memory; only its author may (``by``: who is adding, None for the
        command line). ``keep_location``: None follows the couple's setting; ``prepared``:
        photos :meth:`prepare` read already, instead of ``paths``. One undo step takes them
        off again. The photos now on the memory for the first time."""
        memory = self._entries.get(entry_id)
        self._check_memory(memory, by)
        owner = memory.private_to  # a private memory's photos are sealed under its key
        if prepared is None:
            taken = self._take_in(paths, keep_location, sealed_for=owner)
        elif not prepared.photos:
            raise ValidationError(NO_PHOTOS)
        else:
            sealed_photos.check_taken_in(owner, prepared.sealed_for)
            taken = list(prepared.photos)
        with self._tidied_if_refused(), self._ctx.db.writing() as session:
            current = entry_store.get(session, entry_id)
            if current is None:
                raise NotFoundError(GONE)
            self._check_memory(current, None)
            added = self._insert(session, entry_id, taken)
        if not added:
            raise ValidationError(ALREADY_THERE)
        word = "add photo" if len(added) == 1 else f"add {len(added)} photos"
        self._push_photo_step(word, added, undo_deletes=True)
        self._ctx.announce({Area.ENTRIES}, origin, {entry_id})
        return added

    def add_memory(
        self,
        draft: Draft,
        paths: Iterable[Path] = (),
        *,
        keep_location: bool | None = None,
        prepared: TakenIn | None = None,
        origin: object = None,
    ) -> tuple[EntryRecord, list[PhotoInfo]]:
        """Write a new memory with its photos (``paths``, or ``prepared`` by :meth:`prepare`):
        one transaction and one undo step ("Undo add memory" moves it, photos and all, to
        the trash). Nothing is written when the memory or any photo is refused."""
        if draft.kind is not EntryKind.MEMORY:
            raise ValidationError(ONLY_MEMORIES)
        draft = validate(draft, self._ctx.now())
        self._entries.check_people(draft)
        owner = draft.author_id if draft.private else None
        if prepared is None:
            prepared = self.prepare(paths, keep_location=keep_location, sealed_for=owner)
        elif prepared.photos:
            sealed_photos.check_taken_in(owner, prepared.sealed_for)
        entry_id = uuid.uuid4()
        with self._tidied_if_refused(), self._ctx.db.writing() as session:
            self._entries.add_row(session, entry_id, draft)
            added = self._insert(session, entry_id, prepared.photos)
            stored = entry_store.get(session, entry_id)
        assert stored is not None
        record = self._entries.get(entry_id)  # its words opened, when it is private
        left = self._ctx.history.wrote(("entry", entry_id), record.version)
        self._ctx.history.push(
            UndoStep(
                "add memory",
                frozenset({Area.ENTRIES}),
                undo=self._trasher(entry_id, True, left),
                redo=self._trasher(entry_id, False, left),
                entry_ids=frozenset({entry_id}),
            )
        )
        self._ctx.announce({Area.ENTRIES}, origin, {entry_id})
        return record, added

    def remove(
        self, photo_id: uuid.UUID, *, by: uuid.UUID | None = None, origin: object = None
    ) -> None:
        """Take a photo off its memory (only the memory's author may); Undo puts it back.
        Its file stays while anything may still bring it back."""
        photo = self.get(photo_id)
        if photo.deleted_at is not None:
            raise NotFoundError(PHOTO_GONE)
        self._entries.check_author(self._entries.get(photo.entry_id), by)
        with self._ctx.db.writing() as session:
            versions = store.set_deleted(
                session, [photo_id], self._ctx.now(), {photo_id: photo.version}, self._ctx.now()
            )
            if versions is None:
                raise ConflictError(CHANGED, store.get(session, photo_id))
        moved = replace(photo, version=versions[photo_id])
        self._push_photo_step("remove photo", [moved], undo_deletes=False)
        self._ctx.announce({Area.ENTRIES}, origin, {photo.entry_id})

    def check(self) -> PhotoCheck:
        """Photo files nothing names, and photos whose file is missing or damaged; changes
        nothing. :meth:`PhotoCheck.words` says it in sentences."""
        return photo_files.check(self._ctx.db, self.photo_folder)

    def tidy(self) -> int:
        """Remove the photo files nothing names any more (and their thumbnails); how many.
        Emptying the trash (``entries.delete_forever``) calls it."""
        return photo_files.tidy(self._ctx.db, self.photo_folder)

    # -- inside -----------------------------------------------------------------------

    def _photo_folder(self) -> PhotoFolder:
        if self.photo_folder is None:
            raise ValidationError(NO_FOLDER)
        return self.photo_folder

    def _check_memory(self, record: EntryRecord, by: uuid.UUID | None) -> None:
        if record.kind is not EntryKind.MEMORY:
            raise ValidationError(ONLY_MEMORIES)
        if record.deleted_at is not None:
            raise ValidationError(IN_TRASH)
        self._entries.check_author(record, by)

    def _keeps_location(self, session: Session) -> bool:
        value, _version = setting_store.read(session, KEEP_LOCATION)
        return value is True

    def _take_in(
        self,
        paths: Iterable[Path],
        keep_location: bool | None,
        *,
        required: bool = True,
        sealed_for: uuid.UUID | None = None,
    ) -> list[Prepared]:
        """Read each file and keep its copy in the photo folder (sealed under the key of
        ``sealed_for``, when given: the plain bytes are never written); a refusal of any one
        adds none (the copies kept for the others are removed again unless something names
        them). The copies are written before the transaction, so that at most one photo's
        bytes are in memory at a time."""
        from closeness_desktop.pictures.intake import take_in

        chosen = list(paths)
        if required and not chosen:
            raise ValidationError(NO_PHOTOS)
        if not chosen:
            return []
        photo_folder = self._photo_folder()
        key = None if sealed_for is None else self._ctx.keys.key_of(sealed_for)
        if sealed_for is not None and key is None:
            raise ValidationError(sealed_photos.UNLOCK_FIRST)
        if keep_location is None:
            keep_location = self.keeps_location()
        prepared: list[Prepared] = []
        with self._tidied_if_refused():
            for path in chosen:
                photo = take_in(Path(path), keep_location=keep_location)
                if sealed_for is not None and key is not None:
                    photo = sealed_photos.sealed_copy(photo, key, sealed_for)
                try:
                    photo_folder.keep(photo.sha256, photo.suffix, photo.data)
                except OSError as problem:
                    # A full disk, a folder made read-only: said like a refused write.
                    reason = problem.strerror or type(problem).__name__
                    raise SaveError(f"the photos folder could not be written ({reason})") from None
                # The bytes are on disk now: keep only what the row needs.
                prepared.append(replace(photo, data=b""))
        return prepared

    @contextmanager
    def _tidied_if_refused(self) -> Iterator[None]:
        """Copies kept for photos that were then not added go again (unless a row names
        them); the refusal itself goes on to the caller unchanged."""
        try:
            yield
        except BaseException:
            try:
                self.tidy()
            except (OSError, SaveError) as problem:
                # Not fatal: the next emptying of the trash tries again; the check shows them.
                log.warning("could not tidy the photos folder: %s", type(problem).__name__)
            raise

    def _insert(
        self, session: Session, entry_id: uuid.UUID, prepared: Sequence[Prepared]
    ) -> list[PhotoInfo]:
        photo_folder = self._photo_folder()
        shown = {photo.sha256 for photo in store.of_entries(session, [entry_id]).get(entry_id, [])}
        position = store.next_position(session, entry_id)
        rows: list[dict[str, Any]] = []
        for photo in prepared:
            if photo.sha256 in shown:
                continue
            if not photo_folder.path_of(photo.sha256, photo.suffix).is_file():
                raise ValidationError(VANISHED)  # emptied from the other account just now
            shown.add(photo.sha256)
            rows.append(self._row(entry_id, position + len(rows), photo))
        store.insert(session, rows, self._ctx.now())
        return [info for row in rows if (info := store.get(session, row["id"])) is not None]

    def _row(self, entry_id: uuid.UUID, position: int, photo: Prepared) -> dict[str, Any]:
        taken = photo.taken_at
        if taken is not None:
            # A camera without an offset wrote local time: this computer's zone, near enough.
            zone = taken.tzinfo or self._ctx.clock.local_zone()
            taken = taken.replace(tzinfo=zone).astimezone(UTC)
        return {
            "id": uuid.uuid4(),
            "entry_id": entry_id,
            "position": position,
            "sha256": photo.sha256,
            "suffix": photo.suffix,
            "name": photo.name,
            "width": photo.width,
            "height": photo.height,
            "size": photo.size,
            "taken_at": taken,
            "sealed": photo.suffix == sealed_photos.SUFFIX,
        }

    def _push_photo_step(
        self, description: str, photos: Sequence[PhotoInfo], *, undo_deletes: bool
    ) -> None:
        photo_steps.push(self._ctx, description, photos, undo_deletes=undo_deletes)

    def _trasher(self, entry_id: uuid.UUID, deleted: bool, left: LeftAt) -> Apply:
        def run(force: bool) -> None:
            fields = self._entries.trash_fields(deleted)
            with self._ctx.db.writing() as session:
                left.version = self._entries.write_in(
                    session, entry_id, fields, left.version, force
                )

        return run
