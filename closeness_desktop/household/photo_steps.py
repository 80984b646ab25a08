"""The undo steps of photos taken off a memory or put back: one step for a few photos.

Kept apart from the operations (``household.photos``): a step only flips the rows'
``deleted_at`` at the versions it last left them at, never their files.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from closeness_desktop.household.context import Context
from closeness_desktop.household.history import Apply, LeftAt, UndoStep
from closeness_desktop.records import Area, ConflictError, NotFoundError, PhotoInfo
from closeness_desktop.store import photos as store

PHOTO_GONE = "That photo is no longer there."
CHANGED = "This photo was changed elsewhere since; nothing was overwritten."


def push(
    context: Context, description: str, photos: Sequence[PhotoInfo], *, undo_deletes: bool
) -> None:
    """One undo step whose undo takes ``photos`` off (``undo_deletes``) or puts them back."""
    history = context.history
    lefts = {photo.id: history.wrote(("photo", photo.id), photo.version) for photo in photos}
    entry_ids = frozenset(photo.entry_id for photo in photos)
    context.history.push(
        UndoStep(
            description,
            frozenset({Area.ENTRIES}),
            undo=_writer(context, lefts, undo_deletes),
            redo=_writer(context, lefts, not undo_deletes),
            entry_ids=entry_ids,
        )
    )


def _writer(context: Context, lefts: dict[uuid.UUID, LeftAt], deleted: bool) -> Apply:
    def run(force: bool) -> None:
        now = context.now()
        with context.db.writing() as session:
            expected = {photo_id: left.version for photo_id, left in lefts.items()}
            for photo_id in lefts:
                current = store.get(session, photo_id)
                if current is None:
                    raise NotFoundError(PHOTO_GONE)
                if current.version != expected[photo_id] and not force:
                    raise ConflictError(CHANGED, current)
                expected[photo_id] = current.version
            versions = store.set_deleted(
                session, list(lefts), now if deleted else None, expected, now
            )
            if versions is None:
                raise ConflictError(CHANGED)
        for photo_id, version in versions.items():
            lefts[photo_id].version = version

    return run
