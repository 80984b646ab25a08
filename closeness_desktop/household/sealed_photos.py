"""Photos of private memories, sealed: the copy kept, opened again, and its thumbnail.

A private memory's photo is read and cleaned like any other (upright, its location
stripped) and then sealed under its owner's key before anything is written: the photo
folder holds only the sealed bytes, named by their own SHA-256 with the suffix
:data:`SUFFIX`, so neither the file's content nor its name (nor the original's SHA-256)
tells anything. Its count and sizes are visible; its thumbnail is made in memory only.

Everything here is plain functions with no Qt and no database: safe on a worker thread.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from closeness_desktop.privacy import aead
from closeness_desktop.records import ValidationError
from closeness_desktop.store import photos as photo_store
from closeness_desktop.store.database import Session

if TYPE_CHECKING:
    from closeness_desktop.pictures.intake import Prepared
    from closeness_desktop.privacy.keyring import Keyring

#: The suffix of a sealed photo's file: it says nothing about what kind of picture it is.
SUFFIX = "sealed"
_AAD = b"closeness/photo/"
UNLOCK_FIRST = (
    "Unlock your private corner first: a private memory's photos are sealed under your key."
)
GONE = "This photo's file is not there any more."
LOCKED = "This photo is sealed in a private corner that is locked: unlock it to see it."
PLAIN_FOR_PRIVATE = (
    "These photos were read for a shared memory, but this memory is private and keeps its"
    " photos sealed: add them again."
)
SEALED_FOR_SHARED = (
    "These photos were sealed for a private memory, but this memory is shared: add them again."
)
NO_FILE_THUMBNAIL = "A sealed photo has no thumbnail on disk: its thumbnail is made in memory."
KEEP_AS_IT_IS = (
    "This memory has photos, kept shared or sealed as the memory was:"
    " take its photos off first, or keep it as it is."
)


def aad(owner_id: uuid.UUID) -> bytes:
    """What a sealed photo is bound to: its owner (a file moved to another partner's
    memory does not open)."""
    return _AAD + owner_id.bytes


def sealed_copy(photo: Prepared, key: bytes, owner_id: uuid.UUID) -> Prepared:
    """``photo`` (read and cleaned) as the sealed copy to keep. Each seal is different (a
    fresh nonce), so the same photo sealed twice is kept twice: no dedupe for sealed photos,
    and nothing in the name to match two of them up."""
    sealed = aead.seal(key, photo.data, aad(owner_id))
    return replace(
        photo,
        name="",  # a file's own name can tell ("our-wedding.jpg")
        data=sealed,
        sha256=hashlib.sha256(sealed).hexdigest(),
        suffix=SUFFIX,
        taken_at=None,
        size=len(sealed),
    )


def read(path: Path, sealed: bool, keyring: Keyring) -> bytes:
    """The bytes of the photo file at ``path``: opened under an unlocked key of ``keyring``
    when it is ``sealed``, else as they are."""
    if sealed:
        unlocked = [(who, key) for who in keyring.unlocked() if (key := keyring.key_of(who))]
        return opened(path, unlocked)
    try:
        return path.read_bytes()
    except OSError:
        raise ValidationError(GONE) from None


def opened(path: Path, keys: Iterable[tuple[uuid.UUID, bytes]]) -> bytes:
    """The photo's bytes from the sealed file at ``path``, opened under whichever of the
    unlocked ``keys`` (owner, key) it was sealed for; a refusal in words otherwise."""
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        raise ValidationError(GONE) from None
    except OSError as problem:
        raise ValidationError(f"This photo could not be read ({problem.strerror}).") from None
    for owner_id, key in keys:
        try:
            return aead.open_sealed(key, blob, aad(owner_id))
        except aead.NotOpened:
            continue  # another partner's photo
    # Its owner is locked (or the file was changed: the check's sizes may say so).
    raise ValidationError(LOCKED)


def small_jpeg(data: bytes, size: int) -> bytes:
    """The photo in ``data`` fitted into ``size`` by ``size``, upright, as JPEG bytes: made
    in memory, never written anywhere."""
    from closeness_desktop.pictures import thumbnails

    if not thumbnails.SMALLEST <= size <= thumbnails.LARGEST:
        raise ValueError(f"a thumbnail is {thumbnails.SMALLEST} to {thumbnails.LARGEST} pixels")
    return thumbnails.small_jpeg(io.BytesIO(data), size, "This private photo")


def check_taken_in(owner: uuid.UUID | None, sealed_for: uuid.UUID | None) -> None:
    """Refuse photos prepared for another kind of memory: plain ones on a private memory
    (``owner``: its author) or sealed ones on a shared memory (``owner`` None)."""
    if owner == sealed_for:
        return
    raise ValidationError(SEALED_FOR_SHARED if owner is None else PLAIN_FOR_PRIVATE)


def check_privacy_kept(session: Session, entry_id: uuid.UUID, was: bool, becomes: bool) -> None:
    """An edit that makes a memory with photos private (or shared again) is refused: its
    photos would stay in the open (or sealed for no one). Called in the edit's transaction."""
    if was == becomes:
        return
    if photo_store.shows_photos(session, entry_id):
        raise ValidationError(KEEP_AS_IT_IS)
