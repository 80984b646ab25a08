"""Reading SQLite's own files without SQLite: the database header, the write-ahead log
(``-wal``) and its index (``-shm``), as https://www.sqlite.org/fileformat2.html and
``wal.c`` describe them.

``health`` uses these to look at a household *before* SQLite opens it: SQLite replays a
``-wal`` it finds beside the database as soon as it opens the file, whether that log belongs
to it or not, and it does not notice a log that went missing.

Reading here uses plain file calls. On POSIX a process loses every ``fcntl`` lock it holds
on a file when it closes any descriptor of that file, SQLite's own locks included, so these
run before this process opens the household with SQLite (or after it closed it).
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100
WAL_HEADER_BYTES = 32
FRAME_HEADER_BYTES = 24
WAL_MAGICS = {0x377F0682: "<", 0x377F0683: ">"}  # the byte order of the checksums
WAL_VERSION = 3007000
#: The wal-index header: two copies of a 48-byte header, then the checkpoint information.
SHM_HEADER_BYTES = 136
#: The byte of the ``-shm`` on which every connection holds a shared lock while it has the
#: database open (``UNIX_SHM_DMS`` in ``os_unix.c``: 120 + 8 lock bytes).
SHM_DEAD_MAN_SWITCH = 128
_MASK = 0xFFFFFFFF


def wal_of(database: Path) -> Path:
    return database.with_name(database.name + "-wal")


def shm_of(database: Path) -> Path:
    return database.with_name(database.name + "-shm")


def quiet_uri(database: Path) -> str:
    """An SQLite URI that reads ``database`` and writes nothing beside it: ``immutable=1``
    when no process has it open (no ``-wal``, no ``-shm``), else an ordinary read-only one
    (a read-only connection to a database in WAL mode creates both files)."""
    if wal_of(database).exists() or shm_of(database).exists():
        return f"{database.resolve().as_uri()}?mode=ro"
    return f"{database.resolve().as_uri()}?immutable=1"


@dataclass(frozen=True)
class Header:
    """The fields of the database header that the checks use."""

    raw: bytes
    page_size: int
    change_counter: int
    #: The size in pages the header claims, or None when that field is not to be trusted
    #: (SQLite then goes by the file's length).
    pages: int | None

    @property
    def page_size_is_possible(self) -> bool:
        return 512 <= self.page_size <= 65536 and self.page_size & (self.page_size - 1) == 0


def read_header(database: Path) -> Header | None:
    """The header, or None when the file does not start like an SQLite database."""
    with database.open("rb") as handle:
        raw = handle.read(HEADER_BYTES)
    if len(raw) < HEADER_BYTES or not raw.startswith(MAGIC):
        return None
    (size,) = struct.unpack(">H", raw[16:18])
    counter, pages = struct.unpack(">II", raw[24:32])
    (valid_for,) = struct.unpack(">I", raw[92:96])
    # The in-header size is valid only when it was written by a version that keeps it.
    trusted = pages if pages and counter == valid_for else None
    return Header(raw, 65536 if size == 1 else size, counter, trusted)


def checksum(data: bytes, big_endian: bool, start: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    """The WAL's running checksum over ``data`` (a multiple of 8 bytes), from ``start``."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    first, second = start
    pairs = iter(words)
    for one, two in zip(pairs, pairs, strict=True):
        first = (first + one + second) & _MASK
        second = (second + two + first) & _MASK
    return first, second


@dataclass(frozen=True)
class Frame:
    index: int  # 1-based, as SQLite counts
    page: int
    #: The database's size in pages after the transaction, on a commit frame; else 0.
    commit_size: int
    offset: int  # where the page's image starts in the -wal


@dataclass(frozen=True)
class Wal:
    """A ``-wal`` as SQLite's recovery would see it: only the frames it would replay."""

    path: Path
    page_size: int
    salts: bytes  # the raw 8 bytes, as the -shm copies them
    frames: tuple[Frame, ...] = field(default=())

    def images(self) -> Iterator[tuple[Frame, bytes]]:
        with self.path.open("rb") as handle:
            for frame in self.frames:
                handle.seek(frame.offset)
                yield frame, handle.read(self.page_size)

    def image(self, frame: Frame) -> bytes:
        with self.path.open("rb") as handle:
            handle.seek(frame.offset)
            return handle.read(self.page_size)


def read_wal(path: Path) -> Wal | None:
    """The valid frames of ``path``; None when there is no such file.

    A log whose header is broken replays nothing (SQLite ignores it), so it has no frames.
    Frames count up to the last commit frame whose salts and running checksum hold.
    """
    try:
        handle = path.open("rb")
    except (FileNotFoundError, NotADirectoryError):
        return None
    with handle:
        head = handle.read(WAL_HEADER_BYTES)
        if len(head) < WAL_HEADER_BYTES:
            return Wal(path, 0, b"")
        magic, version, page_size, _sequence, *_salts, sum1, sum2 = struct.unpack(">8I", head)
        order = WAL_MAGICS.get(magic)
        if order is None or version != WAL_VERSION:
            return Wal(path, 0, b"")
        big = order == ">"
        running = checksum(head[:24], big)
        if running != (sum1, sum2):
            return Wal(path, page_size, head[16:24])
        salts = head[16:24]
        frames: list[Frame] = []
        committed = 0
        index = 0
        while True:
            frame_head = handle.read(FRAME_HEADER_BYTES)
            image = handle.read(page_size)
            if len(frame_head) < FRAME_HEADER_BYTES or len(image) < page_size:
                break
            page, commit_size = struct.unpack(">II", frame_head[:8])
            if frame_head[8:16] != salts or page == 0:
                break
            running = checksum(frame_head[:8] + image, big, running)
            if running != struct.unpack(">II", frame_head[16:24]):
                break
            index += 1
            offset = WAL_HEADER_BYTES + (index - 1) * (FRAME_HEADER_BYTES + page_size)
            frames.append(Frame(index, page, commit_size, offset + FRAME_HEADER_BYTES))
            if commit_size:
                committed = index
        return Wal(path, page_size, salts, tuple(frames[:committed]))


@dataclass(frozen=True)
class WalIndex:
    """What the ``-shm`` left behind says about the ``-wal`` it indexed."""

    salts: bytes
    frames: int  # mxFrame: the last valid frame
    backfilled: int  # nBackfill: how many of them are already in the database file

    @property
    def holds_unsaved_frames(self) -> bool:
        return self.frames > self.backfilled


def read_wal_index(path: Path) -> WalIndex | None:
    """The ``-shm``'s header when it is a complete, checked one; else None.

    SQLite zeroes or truncates it when the last connection closes cleanly, so a valid one
    means a process stopped without closing (or still has the file open).
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(SHM_HEADER_BYTES)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if len(raw) < SHM_HEADER_BYTES or raw[:48] != raw[48:96]:
        return None
    version, _unused, _change, is_init = struct.unpack("=IIIB", raw[:13])
    if version != WAL_VERSION or is_init != 1:
        return None
    # The header's checksum is over its first 40 bytes, in this machine's byte order.
    if checksum(raw[:40], sys.byteorder == "big") != struct.unpack("=II", raw[40:48]):
        return None
    (frames,) = struct.unpack("=I", raw[16:20])
    (backfilled,) = struct.unpack("=I", raw[96:100])
    return WalIndex(raw[32:40], frames, backfilled)


#: ``struct flock`` as each system lays it out (type, whence, start, length, pid).
_FLOCK = {"linux": "hhqqi4x", "darwin": "qqihh"}


def open_elsewhere(database: Path) -> bool:
    """True when another process has the database open (or when that cannot be told).

    Every SQLite connection in WAL mode holds a shared lock on one byte of the ``-shm``
    for as long as it has the file open; ``F_GETLK`` asks whether another process holds
    it without taking it. Connections of this process do not show.
    """
    layout = _FLOCK.get(sys.platform)
    if layout is None:
        return True  # no way to ask here: assume someone may be writing
    import fcntl  # POSIX only

    try:
        descriptor = os.open(shm_of(database), os.O_RDONLY)
    except (FileNotFoundError, NotADirectoryError):
        return False  # no connection anywhere: each one keeps the -shm open
    except OSError:
        return True
    try:
        if sys.platform == "darwin":
            query = struct.pack(layout, SHM_DEAD_MAN_SWITCH, 1, 0, fcntl.F_WRLCK, os.SEEK_SET)
            answer = struct.unpack(layout, fcntl.fcntl(descriptor, fcntl.F_GETLK, query))[3]
        else:
            query = struct.pack(layout, fcntl.F_WRLCK, os.SEEK_SET, SHM_DEAD_MAN_SWITCH, 1, 0)
            answer = struct.unpack(layout, fcntl.fcntl(descriptor, fcntl.F_GETLK, query))[0]
    except OSError:
        return True
    finally:
        os.close(descriptor)
    return bool(answer != fcntl.F_UNLCK)
