"""The ``.zip`` around ``closeness.json``: written whole or not at all, and read with every
hostile trick refused before a byte of content is trusted.

Reading looks at the zip's own directory first: its declared size (so a directory of a
million members is refused before Python builds a million objects), then each member's
name (no absolute path, no ``..``, no backslash), its type (no links or devices), its
compression (stored or deflated, never encrypted) and its sizes, declared and compared
with the compressed size (a zip bomb). Content is then read in bounded chunks, so a
member that inflates past what it declared is stopped there.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import struct
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from closeness_desktop.household.archive_fields import ArchiveError, shown

ARCHIVE_JSON = "closeness.json"
FILES_FOLDER = "files/"
#: Photos are one member each: a quarter of a million is decades of ten a day, and the
#: directory of that many is read in about 150 MB.
MAX_MEMBERS = 250_000
MAX_DIRECTORY_BYTES = 48 * 2**20
MAX_JSON_BYTES = 512 * 2**20
MAX_FILE_BYTES = 256 * 2**20
#: What all members may unpack to beyond twice the archive's own size: photos are stored
#: as they are, so a household's archive is about as large as what it unpacks to, however
#: many photos it holds; only a bomb declares far more than it carries.
MAX_TOTAL_BYTES = 16 * 2**30
#: A member may inflate this many times its packed size, once it is over RATIO_FLOOR
#: (a page of one repeated letter packs a thousandfold, harmlessly).
MAX_RATIO = 100
RATIO_FLOOR = 2**20
CHUNK = 2**20
_DRIVE = re.compile(r"^[A-Za-z]:")
_END = b"PK\x05\x06"
_END64_LOCATOR = b"PK\x06\x07"
_END64 = b"PK\x06\x06"


def _refuse(problem: str) -> ArchiveError:
    return ArchiveError(f"This archive {problem}.")


def check_name(name: str) -> None:
    """Refuse a member name that could land outside the folder it is read into."""
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        raise _refuse(f"holds an absolute path (“{shown(name)}”)")
    if "\\" in name:
        raise _refuse(f"holds a path with a backslash (“{shown(name)}”)")
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        raise _refuse(f"holds a path that climbs out of it (“{shown(name)}”)")
    if any(part in ("", ".") for part in parts):
        raise _refuse(f"holds a path that is not plain (“{shown(name)}”)")


def _check_member(info: zipfile.ZipInfo) -> None:
    name = info.filename
    check_name(name)
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise _refuse(f"holds a link (“{shown(name)}”), which Closeness never writes")
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise _refuse(f"holds something that is not a plain file (“{shown(name)}”)")
    if info.flag_bits & 0x1:
        raise _refuse(f"holds an encrypted file (“{shown(name)}”)")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _refuse(f"packs “{shown(name)}” in a way Closeness does not read")
    limit = MAX_JSON_BYTES if name == ARCHIVE_JSON else MAX_FILE_BYTES
    if info.file_size > limit:
        raise _refuse(f"says “{shown(name)}” unpacks to {info.file_size:,} bytes, over {limit:,}")
    packed = max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * packed:
        raise _refuse(
            f"holds “{shown(name)}”, which would unpack {info.file_size // packed:,} times"
            " its size (a zip bomb)"
        )


def _directory_size(handle: BinaryIO) -> tuple[int, int]:
    """How many members, and how many bytes of directory, the zip's end record declares."""
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    start = max(0, size - 22 - 65_535)
    handle.seek(start)
    tail = handle.read()
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < 22:
        raise _refuse("is not a zip file")
    members, directory = struct.unpack("<HI", tail[at + 10 : at + 16])
    locator = at - 20
    zip64 = members == 0xFFFF or directory == 0xFFFFFFFF
    if zip64 and locator >= 0 and tail[locator : locator + 4] == _END64_LOCATOR:
        (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        handle.seek(offset)
        record = handle.read(56)
        if record[:4] == _END64 and len(record) == 56:
            members, directory = struct.unpack("<QQ", record[32:48])
    return members, directory


class ZipArchive:
    """An archive opened for reading, its directory already checked (use it in ``with``)."""

    def __init__(self, path: Path) -> None:
        try:
            self._handle: BinaryIO = path.open("rb")
        except OSError as problem:
            raise ArchiveError(
                f"The archive could not be opened: {problem.strerror or problem}."
            ) from None
        try:
            self._zip = self._open()
        except BaseException:
            self._handle.close()
            raise
        self.members = {info.filename: info for info in self._zip.infolist()}

    def _open(self) -> zipfile.ZipFile:
        try:
            members, directory = _directory_size(self._handle)
            if members > MAX_MEMBERS or directory > MAX_DIRECTORY_BYTES:
                raise _refuse(f"holds more files than the {MAX_MEMBERS:,} Closeness reads")
            self._handle.seek(0)
            archive = zipfile.ZipFile(self._handle)
        except ArchiveError:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error):
            raise _refuse("is not a zip file, or it is damaged") from None
        except OSError as problem:
            raise ArchiveError(
                f"The archive could not be read: {problem.strerror or problem}."
            ) from None
        try:
            self._check_directory(archive, os.fstat(self._handle.fileno()).st_size)
        except BaseException:
            archive.close()
            raise
        return archive

    @staticmethod
    def _check_directory(archive: zipfile.ZipFile, packed: int) -> None:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _refuse(f"holds more files than the {MAX_MEMBERS:,} Closeness reads")
        names: set[str] = set()
        total = 0
        for info in infos:
            _check_member(info)
            if info.filename in names:
                raise _refuse(f"holds “{shown(info.filename)}” twice")
            names.add(info.filename)
            total += info.file_size
        limit = MAX_TOTAL_BYTES + 2 * packed
        if total > limit:
            raise _refuse(f"would unpack to {total:,} bytes, over {limit:,}")
        if ARCHIVE_JSON not in names:
            raise _refuse(f"has no {ARCHIVE_JSON}: it is not a Closeness archive")

    def __enter__(self) -> ZipArchive:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()
        self._handle.close()

    def read(self, name: str) -> bytes:
        """A member's content, stopped at the size it declared."""
        return b"".join(self.chunks(name))

    def chunks(self, name: str) -> Iterable[bytes]:
        info = self.members[name]
        seen = 0
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(CHUNK):
                    seen += len(chunk)
                    if seen > info.file_size:
                        raise _refuse(f"holds “{shown(name)}”, larger than it says")
                    yield chunk
        except ArchiveError:
            raise
        except (zipfile.BadZipFile, EOFError, zlib.error, ValueError):
            raise _refuse(f"is damaged: “{shown(name)}” cannot be unpacked") from None
        except OSError as problem:
            raise ArchiveError(
                f"The archive could not be read: {problem.strerror or problem}."
            ) from None
        if seen != info.file_size:
            raise _refuse(f"is damaged: “{shown(name)}” is shorter than it says")

    def check_file(self, name: str, size: int, sha256: str) -> None:
        """:class:`ArchiveError` unless ``name`` is here with that size and digest."""
        info = self.members.get(name)
        if info is None or info.is_dir():
            raise _refuse(f"lists “{shown(name)}”, but the file is missing from it")
        if info.file_size != size:
            raise _refuse(
                f"lists “{shown(name)}” at {size:,} bytes, but it holds {info.file_size:,}"
            )
        digest = hashlib.sha256()
        for chunk in self.chunks(name):
            digest.update(chunk)
        if digest.hexdigest() != sha256:
            raise _refuse(f"holds “{shown(name)}” with other content than it lists")


def write_archive(
    path: Path,
    document: Iterable[bytes],
    when: datetime,
    files: Sequence[tuple[str, Path, str]] = (),
) -> int:
    """Write an archive holding ``document`` as ``closeness.json`` to ``path``, and each of
    ``files`` (its name in the zip, the file to copy, its SHA-256); the archive's size.
    A file whose bytes are not those of its digest stops the export (:class:`ArchiveError`).

    The archive is written beside ``path`` under a temporary name, synced, and renamed over
    it: a failed or interrupted export never leaves half an archive, nor harms an older one.
    It is private to this account (0600): it holds every word the two of you wrote.
    """
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw:
            with zipfile.ZipFile(raw, "w", allowZip64=True) as archive:
                stamp = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))  # zip's first year
                for name, source, sha256 in files:  # photos are packed already: stored
                    _copy_into(archive, _member(name, stamp, zipfile.ZIP_STORED), source, sha256)
                info = _member(ARCHIVE_JSON, stamp, zipfile.ZIP_DEFLATED)
                written = 0
                with archive.open(info, "w") as member:
                    for chunk in document:
                        written += len(chunk)
                        if written > MAX_JSON_BYTES:
                            raise ArchiveError(
                                f"This household is too large to export in one archive"
                                f" ({ARCHIVE_JSON} would pass {MAX_JSON_BYTES:,} bytes)."
                            )
                        member.write(chunk)
            raw.flush()
            os.fsync(raw.fileno())
            size = raw.tell()
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return size


def _member(name: str, stamp: tuple[int, ...], packing: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
    info.compress_type = packing
    info.create_system = 3  # Unix, so the mode bits below mean what they say
    info.external_attr = (stat.S_IFREG | 0o600) << 16
    return info


def _copy_into(archive: zipfile.ZipFile, info: zipfile.ZipInfo, source: Path, sha256: str) -> None:
    digest = hashlib.sha256()
    with source.open("rb") as original, archive.open(info, "w") as member:
        while chunk := original.read(CHUNK):
            digest.update(chunk)
            member.write(chunk)
    if digest.hexdigest() != sha256:
        raise ArchiveError(
            f"The photo file {source.name} in the data folder is not whole (its content is not"
            " what was saved), so the export stopped; Check our data finds it."
        )
