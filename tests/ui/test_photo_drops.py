"""What a drop or a paste hands the household: local files, a folder's files, a pasted
picture written to a private file."""

from __future__ import annotations

import stat
from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QColor, QImage

from closeness_desktop.ui.photo_drops import carries_photos, dropped_files, pasted_files


def mime_of(*urls: QUrl) -> QMimeData:
    mime = QMimeData()
    mime.setUrls(list(urls))
    return mime


def test_dropped_files_and_a_folders_files_in_name_order(tmp_path: Path) -> None:
    one = tmp_path / "one.jpg"
    one.write_bytes(b"x")
    album = tmp_path / "Summer 2019"
    album.mkdir()
    for name in ("b.jpg", "a.jpg"):
        (album / name).write_bytes(b"x")
    (album / "nested").mkdir()
    mime = mime_of(
        QUrl.fromLocalFile(str(one)),
        QUrl.fromLocalFile(str(album)),
        QUrl("https://example.org/photo.jpg"),  # not a file here: left out
    )
    assert carries_photos(mime)
    assert dropped_files(mime) == [one, album / "a.jpg", album / "b.jpg"]


def test_a_pasted_picture_becomes_a_private_png(tmp_path: Path) -> None:
    picture = QImage(40, 30, QImage.Format.Format_RGB32)
    picture.fill(QColor("#C8566B"))
    mime = QMimeData()
    mime.setImageData(picture)
    assert carries_photos(mime)

    [made] = pasted_files(mime, tmp_path / "pasted")

    assert made.suffix == ".png"
    assert made.name.startswith("Pasted picture")
    assert QImage(str(made)).size() == picture.size()
    assert stat.S_IMODE((tmp_path / "pasted").stat().st_mode) == 0o700


def test_a_paste_of_text_brings_nothing(tmp_path: Path) -> None:
    mime = QMimeData()
    mime.setText("a shopping list")
    assert not carries_photos(mime)
    assert pasted_files(mime, tmp_path / "pasted") == []
