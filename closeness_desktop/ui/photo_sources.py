"""Where the window reads a photo from: a file in the photo folder, or for a sealed photo
(a private memory's) a function that opens it in memory on the reading thread, so that
neither it nor its thumbnail is ever written to disk in the clear."""

from __future__ import annotations

from typing import TYPE_CHECKING

from closeness_desktop.records import PhotoInfo
from closeness_desktop.ui.card_photos import THUMB_PIXELS
from closeness_desktop.ui.image_reading import Source

if TYPE_CHECKING:
    from closeness_desktop.household import Household


def thumbnail_source(household: Household, photo: PhotoInfo, size: int = THUMB_PIXELS) -> Source:
    """Where a thumbnail comes from: a file made once on disk, or for a sealed photo bytes
    made in memory (it is never written, so the cache's memory is its only copy)."""
    if photo.sealed:
        return lambda: household.photos.thumbnail_bytes(photo, size)
    return lambda: household.photos.thumbnail(photo, size)


def image_source(household: Household, photo: PhotoInfo) -> Source:
    """The whole photo for the viewer: its file, or a sealed one's bytes opened in memory."""
    if photo.sealed:
        return lambda: household.photos.image_bytes(photo)
    return household.photos.path_of(photo)
