"""Taking a photo in: read one file safely and make the copy Closeness keeps.

Every refusal is a :class:`ValidationError` that names the file by its name (never its
contents) and says why, so a person can act on it: not there, not a file, not a photo,
too large to open safely, damaged or cut short, a phone's HEIC without pillow-heif.

The kept copy is upright (EXIF orientation applied), without its location (the GPS block
and the XMP packet, which may repeat it) unless the couple keeps it, and with the rest of
its EXIF. A file that needs none of that is kept byte for byte; a JPEG that only loses
its location is rewritten segment by segment, never re-encoded. HEIC becomes a JPEG, so
every screen and every export can show it without a plug-in.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import os
import stat
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from closeness_desktop.records import ValidationError

log = logging.getLogger(__name__)

#: A file larger than this is not taken in (a 200-megapixel HEIC is about 30 MB).
MAX_FILE_BYTES = 100 * 1024 * 1024
#: Decoded pixels allowed, read from the header before decoding: a 108-megapixel phone
#: photo fits (about 330 MB decoded); a decompression bomb does not.
MAX_PIXELS = 120_000_000
#: How long a kept name may be, in characters (the photos table's ``name``).
NAME_MAX = 255
#: What the formats become when kept: the stored copy's suffix.
SUFFIXES = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "HEIF": "jpg"}
KINDS_WORDS = "JPEG, PNG, WebP, GIF or HEIC"
#: The brands of an ISO media file that hold a HEIF (HEIC) picture.
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
_ORIENTATION, _EXIF_IFD, _GPS_IFD = 0x0112, 0x8769, 0x8825
_TAKEN, _TAKEN_OFFSET = 0x9003, 0x9011
_EXIF_HEADER = b"Exif\x00\x00"
_XMP_HEADERS = (b"http://ns.adobe.com/xap/1.0/\x00", b"http://ns.adobe.com/xmp/extension/\x00")
JPEG_QUALITY = 95


@dataclass(frozen=True)
class Prepared:
    """A photo ready to keep: the bytes to store and what the photos table says of them."""

    #: The file's name as the couple knew it, cleaned for a caption (see :func:`clean_name`).
    name: str
    data: bytes
    sha256: str
    suffix: str
    width: int
    height: int
    #: When it was taken, from its EXIF; naive when the camera gave no offset (local time).
    taken_at: datetime | None
    #: Bytes of the stored copy (still known once ``data`` is dropped, after it is written).
    size: int


def clean_name(raw: str | os.PathLike[str]) -> str:
    """The last part of a path, as a caption: undecodable bytes replaced, control
    characters (newlines, tabs) turned into spaces, at most :data:`NAME_MAX` characters
    with the suffix kept. ``../../etc/passwd.jpg`` becomes ``passwd.jpg``."""
    text = os.fspath(raw).replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)
    text = " ".join(text.split())
    if text in ("", ".", ".."):
        return "photo"
    if len(text) > NAME_MAX:
        stem, dot, suffix = text.rpartition(".")
        tail = f".{suffix}" if dot and 0 < len(suffix) <= 8 else ""
        text = (stem if tail else text)[: NAME_MAX - len(tail)].rstrip() + tail
    return text


@functools.cache
def heic_readable() -> bool:
    """True when pillow-heif is installed (the ``heic`` extra): register it with Pillow once."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return False
    # No thumbnails: Pillow's draft() must never hand back a camera's small preview instead.
    register_heif_opener(thumbnails=False)
    return True


def formats() -> list[str]:
    """The Pillow formats Closeness opens: nothing else is even tried."""
    Image.init()  # every plugin registered: a format asked for by name must be known
    known = ["JPEG", "PNG", "WEBP", "GIF"]  # a phone's MPO opens as a JPEG
    return [*known, "HEIF"] if heic_readable() else known


def take_in(path: Path, *, keep_location: bool = False) -> Prepared:
    """Read the photo at ``path`` and make the copy to keep (see the module's words)."""
    name = clean_name(path)
    data = read_file(path, name)
    with opened(io.BytesIO(data), name) as image:
        kind = image.format or ""
        exif = image.getexif()
        taken = taken_at(exif)
        orientation = exif.get(_ORIENTATION, 1)
        locates = bool(exif.get(_GPS_IFD)) or "xmp" in image.info or b"<x:xmpmeta" in data
        upright = orientation in (None, 1)
        if kind == "HEIF" or not upright or (locates and not keep_location and kind != "GIF"):
            if kind == "JPEG" and upright:
                kept, size = _without_location(data, exif, name), image.size
            else:
                kept, size = _encoded(image, exif, keep_location=keep_location, name=name)
        else:
            kept, size = data, image.size
    return Prepared(
        name=name,
        data=kept,
        sha256=hashlib.sha256(kept).hexdigest(),
        suffix=SUFFIXES[kind],
        width=size[0],
        height=size[1],
        taken_at=taken,
        size=len(kept),
    )


def read_file(path: Path, name: str) -> bytes:
    """The file's bytes, refused in words when it is not a regular file that can be read,
    is empty or is larger than :data:`MAX_FILE_BYTES`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        # Not blocking: a named pipe given by mistake must not hang the window.
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise ValidationError(f"“{name}” is not there any more: was it moved or deleted?") from None
    except IsADirectoryError:
        raise ValidationError(f"“{name}” is a folder, not a photo.") from None
    except PermissionError:
        raise ValidationError(f"Closeness is not allowed to open “{name}”.") from None
    except OSError as problem:
        raise ValidationError(f"“{name}” could not be read ({problem.strerror}).") from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise ValidationError(f"“{name}” is a folder, not a photo.")
        raise ValidationError(f"“{name}” is not a file, so it cannot be a photo.")
    with os.fdopen(descriptor, "rb") as source:
        if info.st_size > MAX_FILE_BYTES:
            raise ValidationError(too_big_file(name, info.st_size))
        try:
            data = source.read(MAX_FILE_BYTES + 1)
        except OSError as problem:
            raise ValidationError(f"“{name}” could not be read ({problem.strerror}).") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while being read
        raise ValidationError(too_big_file(name, len(data)))
    if not data:
        raise ValidationError(f"“{name}” is empty: there is no photo in it.")
    return data


def too_big_file(name: str, size: int) -> str:
    megabytes = MAX_FILE_BYTES // (1024 * 1024)
    return (
        f"“{name}” is {size / (1024 * 1024):,.0f} MB, more than the {megabytes} MB"
        " a photo here can be."
    )


@contextmanager
def opened(
    source: io.BytesIO | Path, name: str, *, draft: int | None = None
) -> Iterator[Image.Image]:
    """The image in ``source``, its pixels decoded, or a refusal in words: not a photo,
    too many pixels (checked from the header, before decoding), damaged or cut short.
    ``draft``: a JPEG may decode at a reduced scale, down to about that many pixels."""
    with warnings.catch_warnings():
        # Pillow warns above its MAX_IMAGE_PIXELS and refuses above twice that; the limit
        # here is MAX_PIXELS, checked below from the header, so the warning says nothing new.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(source, formats=formats())
        except UnidentifiedImageError:
            raise ValidationError(_not_a_photo(source, name)) from None
        except FileNotFoundError:
            raise ValidationError(f"“{name}” is not there any more.") from None
        except Image.DecompressionBombError:
            raise ValidationError(f"“{name}” is too large to open safely.") from None
        except Exception as problem:
            raise ValidationError(_damaged(name, problem)) from None
        with image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    f"“{name}” is {width:,} by {height:,} pixels, too large to open safely"
                    f" (a photo here can have up to {MAX_PIXELS // 1_000_000} megapixels)."
                )
            try:
                if draft is not None and image.format == "JPEG":
                    image.draft("RGB", (draft, draft))
                image.load()
            except Exception as problem:
                raise ValidationError(_damaged(name, problem)) from None
            yield image


def _not_a_photo(source: io.BytesIO | Path, name: str) -> str:
    head = source.getvalue()[:16] if isinstance(source, io.BytesIO) else b""
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS and not heic_readable():
        return (
            f"“{name}” is a HEIC photo from a phone; reading those needs pillow-heif"
            " (install Closeness with its “heic” extra)."
        )
    return f"“{name}” is not a photo Closeness can read ({KINDS_WORDS})."


def _damaged(name: str, problem: BaseException) -> str:
    # The kind of failure only: a decoder's message may quote the file's bytes.
    log.info("a photo could not be decoded: %s", type(problem).__name__)
    if isinstance(problem, MemoryError):
        return f"“{name}” is too large to open on this computer."
    return f"“{name}” is damaged or cut short, so it cannot be shown."


def taken_at(exif: Image.Exif) -> datetime | None:
    """When the photo was taken (EXIF DateTimeOriginal, with its offset when given)."""
    details = exif.get_ifd(_EXIF_IFD)
    text, offset = details.get(_TAKEN), details.get(_TAKEN_OFFSET)
    if not isinstance(text, str):
        return None
    try:
        when = datetime.strptime(text.strip("\x00 "), "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007
    except ValueError:
        return None  # cameras write "0000:00:00 00:00:00" and worse
    if isinstance(offset, str) and len(offset) == 6 and offset[0] in "+-":
        try:
            hours, minutes = int(offset[1:3]), int(offset[4:6])
        except ValueError:
            return when
        sign = 1 if offset[0] == "+" else -1
        return when.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))
    return when


def _kept_exif(exif: Image.Exif, *, keep_location: bool) -> Image.Exif:
    """The EXIF to write into the kept copy: upright, and without the GPS block if asked."""
    kept = Image.Exif()
    if len(exif):
        kept.load(exif.tobytes())  # a copy: the image's own EXIF still says how to turn it
    kept.pop(_ORIENTATION, None)
    if not keep_location:
        kept.pop(_GPS_IFD, None)
    return kept


def _without_location(data: bytes, exif: Image.Exif, name: str) -> bytes:
    """An upright JPEG without its GPS block and XMP: its segments rewritten, its picture
    untouched (no re-encoding, nothing lost)."""
    if data[:2] != b"\xff\xd8":
        raise ValidationError(_damaged(name, ValueError("no JPEG start")))
    out = [data[:2]]
    at = 2
    new_exif = _kept_exif(exif, keep_location=False).tobytes()
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise ValidationError(_damaged(name, ValueError("bad JPEG segment")))
        marker = data[at + 1]
        if marker == 0xDA:  # start of scan: the picture itself follows, copied as it is
            break
        length = int.from_bytes(data[at + 2 : at + 4], "big")
        segment = data[at : at + 2 + length]
        payload = segment[4:]
        if marker == 0xE1 and payload.startswith(_EXIF_HEADER):
            if len(new_exif) > len(_EXIF_HEADER) + 8:
                out.append(b"\xff\xe1" + (len(new_exif) + 2).to_bytes(2, "big") + new_exif)
        elif not (marker == 0xE1 and payload.startswith(_XMP_HEADERS)):
            out.append(segment)
        at += 2 + length
    out.append(data[at:])
    return b"".join(out)


def _encoded(
    image: Image.Image, exif: Image.Exif, *, keep_location: bool, name: str
) -> tuple[bytes, tuple[int, int]]:
    """The picture upright and encoded again (JPEG for HEIC and JPEG, else its own format)."""
    kind = image.format or ""
    try:
        upright = ImageOps.exif_transpose(image)
    except Exception as problem:
        raise ValidationError(_damaged(name, problem)) from None
    exif_bytes = _kept_exif(exif, keep_location=keep_location).tobytes()
    options: dict[str, object] = {"exif": exif_bytes}
    if icc := image.info.get("icc_profile"):
        options["icc_profile"] = icc
    if keep_location and (xmp := image.info.get("xmp")):
        options["xmp"] = xmp
    target = "JPEG" if kind in ("JPEG", "MPO", "HEIF") else kind
    if target == "JPEG":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        options["quality"] = JPEG_QUALITY
    elif target == "WEBP":
        options.update(quality=JPEG_QUALITY, lossless=bool(image.info.get("lossless")))
    out = io.BytesIO()
    upright.save(out, target, **options)
    return out.getvalue(), upright.size
