"""The photo viewer: upright photos, next and previous by key, zoom, and words for a photo
that cannot be shown."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from pytestqt.qtbot import QtBot

from closeness_desktop.ui.image_reading import ImageProblem, read_image
from closeness_desktop.ui.photo_viewer import PhotoViewer, ViewerPhoto

PHOTOS = Path(__file__).parent.parent / "data" / "photos"
WAIT_MS = 10_000


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels: a decompression bomb
    as a reader sees it before decoding."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def test_a_photo_stored_turned_is_read_upright() -> None:
    # Landscape_6 is stored on its side with EXIF orientation 6 (turn 90 degrees).
    upright = read_image(PHOTOS / "Landscape_1.jpg")
    turned = read_image(PHOTOS / "Landscape_6.jpg")
    assert turned.width() > turned.height()
    assert turned.size() == upright.size()
    portrait = read_image(PHOTOS / "Portrait_6.jpg")
    assert portrait.height() > portrait.width()


def test_a_turned_photo_read_for_a_small_screen_is_scaled_upright() -> None:
    image = read_image(PHOTOS / "Landscape_6.jpg", QSize(300, 300))
    assert image.width() == 300
    assert image.height() < 300


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("gone.jpg", None, "missing"),
        ("notes.jpg", b"This is a shopping list, not a photo.\n", "can't be read as a photo"),
        ("bomb.png", png_claiming(100_000, 100_000), "too large to open safely"),
    ],
)
def test_a_photo_that_cannot_be_shown_says_why(
    tmp_path: Path, name: str, content: bytes | None, words: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ImageProblem, match=words):
        read_image(path, QSize(800, 600))


@pytest.fixture
def viewer(qtbot: QtBot, tmp_path: Path) -> PhotoViewer:
    photos = [
        ViewerPhoto(PHOTOS / "Landscape_1.jpg", "The lake, first morning"),
        ViewerPhoto(tmp_path / "gone.jpg", ""),
        ViewerPhoto(PHOTOS / "Portrait_6.jpg", "You, laughing"),
    ]
    shown = PhotoViewer(photos)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def test_the_keys_move_through_the_photos(qtbot: QtBot, viewer: PhotoViewer) -> None:
    qtbot.waitUntil(lambda: not viewer.picture.pixmap().isNull(), timeout=WAIT_MS)
    assert viewer.counter.text() == "1 of 3"
    assert viewer.caption.text() == "The lake, first morning"
    assert not viewer.previous.isEnabled()

    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    assert viewer.counter.text() == "2 of 3"
    qtbot.waitUntil(lambda: "missing" in viewer.picture.text(), timeout=WAIT_MS)

    qtbot.keyClick(viewer, Qt.Key.Key_End)
    assert viewer.index == 2
    assert not viewer.next.isEnabled()
    qtbot.keyClick(viewer, Qt.Key.Key_Right)  # past the last: stays
    assert viewer.index == 2
    qtbot.keyClick(viewer, Qt.Key.Key_Home)
    assert viewer.index == 0


def fitted_again(viewer: PhotoViewer) -> bool:
    return viewer.zoom is None


def test_zoom_in_and_back_to_fit(qtbot: QtBot, viewer: PhotoViewer) -> None:
    qtbot.waitUntil(lambda: not viewer.picture.pixmap().isNull(), timeout=WAIT_MS)
    fitted = viewer.picture.pixmap().size()
    room = viewer.area.viewport().size() * viewer.devicePixelRatioF()
    assert fitted.width() <= room.width()
    assert fitted.height() <= room.height()

    qtbot.keyClick(viewer, Qt.Key.Key_Plus)
    assert viewer.zoom is not None
    assert viewer.picture.pixmap().width() > fitted.width()
    assert viewer.fit.isEnabled()

    qtbot.keyClick(viewer, Qt.Key.Key_0)
    assert fitted_again(viewer)
    assert viewer.picture.pixmap().size() == fitted
