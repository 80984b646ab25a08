"""The photo files of a household: where their folder is, the check in words, the tidy-up.

Kept apart from the operations (``household.photos``) because none of this is an undoable
change: it compares the photos folder with the rows that name its files. The check decodes
nothing: it compares sizes, so a sealed photo (a private memory's, unreadable without its
owner's key) is checked like any other and never called damaged for being sealed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from closeness_desktop.pictures.photo_folder import PhotoFolder, StoredFile
from closeness_desktop.store import photos as store
from closeness_desktop.store.backups import household_file
from closeness_desktop.store.database import Database
from closeness_desktop.store.engine import is_sqlite

log = logging.getLogger(__name__)

#: How many names a sentence of the check lists before "and N more".
NAMES_SHOWN = 3


def folder_of(database: Database, data_dir: Path | None) -> Path | None:
    """The data folder whose ``photos`` folder this household uses: beside an SQLite file
    (so a copied folder keeps its photos), else ``data_dir`` (PostgreSQL: this computer's
    data folder); None when there is neither (an SQLite database in memory)."""
    if is_sqlite(database.engine):
        file = database.engine.url.database
        if file and file != ":memory:" and not file.startswith("file:"):
            return Path(file).resolve().parent
    return data_dir


@dataclass(frozen=True)
class PhotoCheck:
    """What the check found: files nothing names, and rows whose file is missing or damaged."""

    #: Photo files in the folder, and distinct files the rows name.
    files: int
    named: int
    unnamed: tuple[StoredFile, ...] = ()
    #: Rows' files that are not there, or not at the size they were kept at.
    missing: tuple[store.FileUse, ...] = ()
    damaged: tuple[store.FileUse, ...] = ()
    #: No photos folder at all (a database in memory).
    no_folder: bool = False

    @property
    def sound(self) -> bool:
        return not (self.unnamed or self.missing or self.damaged)

    def words(self) -> str:
        """The finding in plain sentences, for "Check our data" and ``closeness check``."""
        if self.no_folder:
            return "This household keeps no photos: it has no folder for them."
        if self.sound:
            if not self.named:
                return "No photos yet, and nothing stray in the photos folder."
            return _all_there(self.named)
        said: list[str] = []
        if self.named and not self.missing and not self.damaged:
            said.append(_all_there(self.named))
        if self.missing:
            one = len(self.missing) == 1
            said.append(
                f"{_photos(len(self.missing))} {'has' if one else 'have'} lost"
                f" {'its file' if one else 'their files'}: {_names(self.missing)}."
                f" Add {'it' if one else 'them'} again, or go back to a backup."
            )
        if self.damaged:
            one = len(self.damaged) == 1
            said.append(
                f"{_photos(len(self.damaged))} {'is' if one else 'are'} not the size"
                f" {'it was' if one else 'they were'} kept at, and may be damaged:"
                f" {_names(self.damaged)}."
            )
        if self.unnamed:
            one = len(self.unnamed) == 1
            size = _size(sum(each.size for each in self.unnamed))
            said.append(
                f"{len(self.unnamed):,} {'file' if one else 'files'} in the photos folder"
                f" {'belongs' if one else 'belong'} to no memory ({size});"
                f" emptying the trash removes {'it' if one else 'them'}."
            )
        return " ".join(said)


def _all_there(count: int) -> str:
    return "The one photo is in place." if count == 1 else f"All {count:,} photos are in place."


def _size(count: int) -> str:
    if count < 1024 * 1024:
        return f"{max(1, round(count / 1024)):,} kB"
    return f"{count / (1024 * 1024):,.1f} MB"


def _photos(count: int) -> str:
    return f"{count:,} {'photo' if count == 1 else 'photos'}"


def _names(uses: tuple[store.FileUse, ...]) -> str:
    shown = ", ".join(f"“{use.name}”" for use in uses[:NAMES_SHOWN])
    more = len(uses) - NAMES_SHOWN
    return f"{shown} and {more:,} more" if more > 0 else shown


def check(database: Database, photo_folder: PhotoFolder | None) -> PhotoCheck:
    """Compare the photos folder with the rows; changes nothing."""
    if photo_folder is None:
        return PhotoCheck(0, 0, no_folder=True)
    with database.reading() as session:
        uses = store.file_uses(session)
    return compare(uses, photo_folder)


def check_file(database: Path) -> PhotoCheck:
    """:func:`check` of the SQLite household at ``database`` without opening it: nothing
    is written beside it (``closeness check``)."""
    return compare(store.file_uses_in(database), PhotoFolder(database.resolve().parent))


def check_at(url: str, data_dir: Path | None) -> PhotoCheck:
    """:func:`check` of the household at ``url``: an SQLite file read without opening it
    (:func:`check_file`), another engine's with its photos in ``data_dir``."""
    file = household_file(url)
    if file is not None:
        return check_file(file)
    database = Database.open(url, read_only=True)
    try:
        return check(database, None if data_dir is None else PhotoFolder(data_dir))
    finally:
        database.close()


def compare(uses: list[store.FileUse], photo_folder: PhotoFolder) -> PhotoCheck:
    """What the rows name against what the folder holds."""
    found = {each.sha256: each for each in photo_folder.files()}
    missing, damaged = [], []
    for use in uses:
        stored = found.get(use.sha256)
        if stored is None or stored.suffix != use.suffix:
            missing.append(use)
        elif stored.size != use.size:
            damaged.append(use)
    named = {use.sha256 for use in uses}
    unnamed = tuple(each for sha, each in found.items() if sha not in named)
    return PhotoCheck(len(found), len(named), unnamed, tuple(missing), tuple(damaged))


def tidy(database: Database, photo_folder: PhotoFolder | None) -> int:
    """Remove the photo files (and their thumbnails) that no row names; how many went.

    Inside a write transaction: on SQLite that holds the write lock, so a photo being
    added on the other account (its file written, its row not yet committed) waits for
    this to finish, and then finds its file gone and says so, rather than losing it.
    """
    if photo_folder is None:
        return 0
    removed = 0
    with database.writing() as session:
        named = store.named(session)
        for stored in photo_folder.files():
            if stored.sha256 in named:
                continue
            try:
                photo_folder.remove(stored.sha256)
            except OSError as problem:
                # The rows are right either way; the check will show the file again.
                log.warning("could not remove a photo file: %s", problem.strerror or problem)
                continue
            removed += 1
    return removed
