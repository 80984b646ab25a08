"""Does a ``-wal`` belong to the database beside it?

SQLite replays whatever log it finds next to a database. One put back after a checkpoint
(stale) writes old pages over newer ones; one from another copy of the household mixes
that copy's pages in. Neither can be told from headers alone (the database header does not
name its log), so this looks at the pages.

A checkpoint copies frames back in order: for some point ``b``, every page holds the image
of its last frame up to ``b``, or its image from before the log if it has no frame up to
``b`` (a checkpoint that stopped half-way may have copied some later frames too). So a log
fits its database if some ``b`` explains every page:

- the ``-shm`` of a process that stopped without closing names ``b`` (``nBackfill``);
- without one, page 1 tells: the database's page 1 is byte for byte one of the log's page-1
  images, or it is the page from before the log, which names a size no larger than any
  commit in the log (Closeness never vacuums, so a database only grows; a stale log's
  commits are smaller than the database that has moved on since).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from closeness_desktop.store.sqlite_files import Frame, Header, Wal, WalIndex


def fits(database: Path, header: Header, wal: Wal, index: WalIndex | None) -> bool:
    """True when some checkpoint point explains every page the log wrote."""
    with database.open("rb") as db, wal.path.open("rb") as log:
        pages = _Pages(db, log, header.page_size, database.stat().st_size // header.page_size)
        return any(
            pages.explained(wal.frames, low, high)
            for low, high in _points(pages, wal, header, index)
        )


def _points(
    pages: _Pages, wal: Wal, header: Header, index: WalIndex | None
) -> Iterator[tuple[int, int]]:
    """Possible ``(low, high)`` bounds of ``b``: frames up to ``low`` were certainly copied
    back, frames after ``high`` certainly not."""
    last = wal.frames[-1].index
    if index is not None and index.salts == wal.salts:
        yield index.backfilled, last  # a checkpoint may have got further before it stopped
        return
    page_ones = [frame for frame in wal.frames if frame.page == 1]
    sizes = [frame.commit_size for frame in wal.frames if frame.commit_size]
    claimed = header.pages or pages.in_file
    if not page_ones or claimed <= min(sizes):
        # Page 1 may be the one from before the log: nothing says how far a checkpoint got.
        yield 0, page_ones[0].index - 1 if page_ones else last
    first_page = pages.page(1)
    for number, frame in enumerate(page_ones):
        if pages.image(frame) == first_page:
            after = page_ones[number + 1].index - 1 if number + 1 < len(page_ones) else last
            yield frame.index, after


class _Pages:
    def __init__(self, db: BinaryIO, log: BinaryIO, page_size: int, in_file: int) -> None:
        self._db, self._log, self._size, self.in_file = db, log, page_size, in_file

    def page(self, number: int) -> bytes:
        self._db.seek((number - 1) * self._size)
        return self._db.read(self._size)

    def image(self, frame: Frame) -> bytes:
        self._log.seek(frame.offset)
        return self._log.read(self._size)

    def explained(self, frames: tuple[Frame, ...], low: int, high: int) -> bool:
        """Does every page the log wrote up to ``low`` hold one of its images from its last
        frame up to ``low`` through ``high``?"""
        by_page: dict[int, list[Frame]] = {}
        for frame in frames:
            if frame.index <= high and frame.page <= self.in_file:
                by_page.setdefault(frame.page, []).append(frame)
        for page, written in by_page.items():
            copied = [frame for frame in written if frame.index <= low]
            if not copied:
                continue  # perhaps not copied back yet: its earlier image is unknown
            current = self.page(page)
            allowed = (frame for frame in written if frame.index >= copied[-1].index)
            if not any(self.image(frame) == current for frame in allowed):
                return False
        return True
