"""Thumbnails of kept photos, made once and cached on disk.

:func:`thumbnail` is a plain function with no shared state but the files it writes, for a
worker thread: a 12-megapixel photo takes about 0.2 s to decode, far too long for the GUI
thread. JPEG decodes at a reduced scale first (``draft``), which makes most of them cheap.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps

from closeness_desktop.pictures.intake import opened
from closeness_desktop.pictures.photo_folder import write_atomically

#: The smallest and largest thumbnails made, in pixels along the longer side.
SMALLEST, LARGEST = 16, 2048
QUALITY = 85
#: What a transparent photo is laid on: the paper of the cards, near enough.
BACKGROUND = (255, 255, 255)


def thumbnail(source: Path, target: Path, size: int, name: str | None = None) -> Path:
    """``target``: the photo at ``source`` fitted into ``size`` by ``size`` pixels, upright,
    as a JPEG; made now unless it is there already (then nothing is decoded). A photo that
    cannot be read raises :class:`~closeness_desktop.records.ValidationError` in words that
    call it ``name`` (default: its file's name)."""
    if not SMALLEST <= size <= LARGEST:
        raise ValueError(f"a thumbnail is {SMALLEST} to {LARGEST} pixels, not {size}")
    if target.is_file():
        return target
    data = small_jpeg(source, size, name or source.name)
    write_atomically(target, data)
    return target


def small_jpeg(source: io.BytesIO | Path, size: int, name: str) -> bytes:
    """The photo at ``source`` (a file, or bytes in memory) fitted into ``size`` by ``size``,
    upright, as JPEG bytes."""
    with opened(source, name, draft=size) as image:
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((size, size), Image.Resampling.LANCZOS, reducing_gap=3.0)
        if upright.mode in ("RGBA", "LA", "P", "PA"):
            rgba = upright.convert("RGBA")
            flat = Image.new("RGB", rgba.size, BACKGROUND)
            flat.paste(rgba, mask=rgba.getchannel("A"))
            upright = flat
        elif upright.mode != "RGB":
            upright = upright.convert("RGB")
        out = io.BytesIO()
        upright.save(out, "JPEG", quality=QUALITY)
    return out.getvalue()
