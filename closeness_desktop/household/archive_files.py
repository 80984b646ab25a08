"""The photos' files in an archive: which go out with an export, and how an import puts
them into the household's photo folder.

In the zip a photo's file is ``files/photos/<sha256>.<suffix>``, once however many
memories show it; ``closeness.json`` lists it in ``files`` and each photo row names it by
its SHA-256. Into the photo folder (``photos/<sha256[:2]>/<sha256>.<suffix>``) an import
writes each file through a temporary name, after checking its bytes once more against
their digest; a file already there is left as it is (its name is its content). Files an
import wrote stay when it is undone or stopped: nothing names them then, harmless, and
"Check our data" counts them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from closeness_desktop.household.archive_fields import ArchiveError
from closeness_desktop.household.archive_json import Archive, ArchivedFile
from closeness_desktop.household.archive_zip import FILES_FOLDER, ZipArchive
from closeness_desktop.pictures.photo_folder import PhotoFolder
from closeness_desktop.store.export_rows import PhotoRow

PHOTOS_FOLDER = f"{FILES_FOLDER}photos/"
NOWHERE = (
    "This archive holds photos, and this household has no folder to keep them in (open it"
    " with a data folder to import them)."
)


def member_name(sha256: str, suffix: str) -> str:
    return f"{PHOTOS_FOLDER}{sha256}.{suffix}"


@dataclass(frozen=True)
class Outgoing:
    """What an export carries of the photos: the rows whose file is at hand, their files
    once each (as listed, and where each is read from), and the names of those left out."""

    photos: tuple[PhotoRow, ...]
    files: tuple[ArchivedFile, ...]
    sources: tuple[Path, ...]
    missing: tuple[str, ...]


def outgoing(photos: Sequence[PhotoRow], photo_folder: PhotoFolder | None) -> Outgoing:
    """The photos an export can carry: each one whose file is in ``photo_folder`` at the size
    its row says (the digest is checked as it is copied into the zip)."""
    kept: list[PhotoRow] = []
    files: dict[str, tuple[ArchivedFile, Path]] = {}
    missing: list[str] = []
    for photo in photos:
        if photo.sha256 not in files:
            path = None if photo_folder is None else _at_size(photo_folder, photo)
            if path is None:
                missing.append(photo.name)
                continue
            listed = ArchivedFile(member_name(photo.sha256, photo.suffix), photo.size, photo.sha256)
            files[photo.sha256] = (listed, path)
        kept.append(photo)
    return Outgoing(
        tuple(kept),
        tuple(listed for listed, _path in files.values()),
        tuple(path for _listed, path in files.values()),
        tuple(missing),
    )


def _at_size(photo_folder: PhotoFolder, photo: PhotoRow) -> Path | None:
    try:
        path = photo_folder.path_of(photo.sha256, photo.suffix)
        return path if path.stat().st_size == photo.size else None
    except (OSError, ValueError):  # not there, not readable, or a name that is not one
        return None


def keep_photos(archive: Archive, photo_folder: PhotoFolder | None) -> int:
    """Put the files of ``archive``'s photos into ``photo_folder``; how many were new.
    :class:`ArchiveError` (nothing in the household changed) if one cannot be."""
    photos = archive.memories.photos
    if not photos:
        return 0
    if photo_folder is None:
        raise ArchiveError(NOWHERE)
    if archive.source is None:
        raise ArchiveError("This archive's photo files are not at hand; import it from its file.")
    listed = {each.sha256: each for each in archive.files}
    wanted = dict.fromkeys((photo.sha256, photo.suffix) for photo in photos)
    written = 0
    with ZipArchive(archive.source) as zipped:
        for sha256, suffix in wanted:
            found = listed[sha256]  # the reader saw to it that each photo's file is listed
            try:
                if photo_folder.path_of(sha256, suffix).stat().st_size == found.size:
                    continue
            except FileNotFoundError:
                pass
            data = zipped.read(found.path)
            if len(data) != found.size or hashlib.sha256(data).hexdigest() != sha256:
                raise ArchiveError(
                    f"This archive's file “{found.path}” changed while it was being imported."
                )
            try:
                written += photo_folder.keep(sha256, suffix, data)
            except OSError as problem:
                raise ArchiveError(
                    f"A photo of this archive could not be saved in the data folder:"
                    f" {problem.strerror or problem}."
                ) from None
    return written
