"""A memory's photos, one at a time: next and previous, zoom to fit, and the keys for both.

Each photo is read off the window's thread (:mod:`image_reading`), at most about twice
the screen's size, so a 50-megapixel file costs what the screen can show. A photo that
cannot be read says why in words where it would have been.

Keys: Left/Right (or Page Up/Down) previous and next, Home/End the first and last,
+ and - zoom, 0 or F back to fit, Escape closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QKeyEvent, QKeySequence, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.ui.image_reading import ImageLoads, Loaded, Source

ZOOM_STEP = 1.25
ZOOM_MAX = 8.0


@dataclass(frozen=True)
class ViewerPhoto:
    #: The photo's file, or a function giving its bytes (a sealed photo, opened in memory).
    path: Source
    caption: str


class PhotoViewer(QDialog):
    """Shows ``photos`` from ``start``; ``index`` is the one on screen."""

    def __init__(
        self, photos: Sequence[ViewerPhoto], start: int = 0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if not photos:
            raise ValueError("a viewer needs at least one photo")
        self.photos = list(photos)
        self.index = min(max(start, 0), len(self.photos) - 1)
        #: None: zoomed to fit; else the scale of the image read.
        self.zoom: float | None = None
        self._image: QImage | None = None
        self.setWindowTitle("Photos")
        self.resize(900, 680)
        self._loads = ImageLoads(self, threads=1)
        self._loads.loaded.connect(self._loaded)

        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setWordWrap(True)
        self.picture.setProperty("role", "soft")
        self.area = QScrollArea()
        self.area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.area.setWidget(self.picture)
        self.area.setWidgetResizable(True)
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.counter = QLabel()
        self.counter.setProperty("role", "soft")
        self.previous = QPushButton("← Previous")
        self.next = QPushButton("Next →")
        self.fit = QPushButton("Fit")
        self.fit.setToolTip("Zoom to fit (0)")
        for button, slot in (
            (self.previous, lambda: self.show_photo(self.index - 1)),
            (self.next, lambda: self.show_photo(self.index + 1)),
            (self.fit, self.zoom_to_fit),
        ):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrows belong to the viewer
            button.clicked.connect(slot)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        bar = QHBoxLayout()
        bar.addWidget(self.previous)
        bar.addWidget(self.next)
        bar.addWidget(self.counter, 1, Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self.fit)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.caption)
        layout.addLayout(bar)
        self.show_photo(self.index)

    # -- moving -------------------------------------------------------------------------

    def show_photo(self, index: int) -> None:
        if not 0 <= index < len(self.photos):
            return
        self.index = index
        photo = self.photos[index]
        self.caption.setText(photo.caption)
        self.caption.setVisible(bool(photo.caption))
        self.counter.setText(f"{index + 1} of {len(self.photos)}")
        self.previous.setEnabled(index > 0)
        self.next.setEnabled(index < len(self.photos) - 1)
        self._image = None
        self.zoom = None
        self.picture.setPixmap(QPixmap())
        self.picture.setText("Opening the photo…")
        self._loads.load(str(index), photo.path, self._bound())

    def _bound(self) -> QSize:
        # Twice the screen, in device pixels: room to zoom in, never the whole file.
        screen = self.screen() or QGuiApplication.primaryScreen()
        size = screen.size() if screen is not None else QSize(1920, 1080)
        ratio = self.devicePixelRatioF()
        return QSize(int(size.width() * ratio * 2), int(size.height() * ratio * 2))

    def _loaded(self, loaded: Loaded) -> None:
        if loaded.key != str(self.index):
            return  # the reader moved on meanwhile
        if loaded.image is None:
            self.picture.setText(loaded.problem)
            return
        self._image = loaded.image
        self._show()

    # -- zoom ---------------------------------------------------------------------------

    def zoom_to_fit(self) -> None:
        self.zoom = None
        self._show()

    def zoom_by(self, factor: float) -> None:
        if self._image is None:
            return
        current = self.zoom if self.zoom is not None else self._fit_scale()
        self.zoom = min(max(current * factor, 0.05), ZOOM_MAX)
        self._show()

    def _fit_scale(self) -> float:
        if self._image is None or self._image.isNull():
            return 1.0
        ratio = self.devicePixelRatioF()
        room = self.area.viewport().size() * ratio
        return min(room.width() / self._image.width(), room.height() / self._image.height(), 1.0)

    def _show(self) -> None:
        image = self._image
        if image is None:
            return
        ratio = self.devicePixelRatioF()
        scale = self._fit_scale() if self.zoom is None else self.zoom
        size = QSize(max(int(image.width() * scale), 1), max(int(image.height() * scale), 1))
        pixmap = QPixmap.fromImage(
            image.scaled(
                size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
        pixmap.setDevicePixelRatio(ratio)
        self.picture.setText("")
        self.picture.setPixmap(pixmap)
        # Fitted, the picture follows the window; zoomed, it scrolls.
        self.area.setWidgetResizable(self.zoom is None)
        if self.zoom is not None:
            self.picture.resize(pixmap.deviceIndependentSize().toSize())
        self.fit.setEnabled(self.zoom is not None)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.zoom is None:
            self._show()

    # -- keys ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        moves = {
            Qt.Key.Key_Left: self.index - 1,
            Qt.Key.Key_PageUp: self.index - 1,
            Qt.Key.Key_Right: self.index + 1,
            Qt.Key.Key_PageDown: self.index + 1,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: len(self.photos) - 1,
        }
        if key in moves:
            self.show_photo(moves[key])
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) or event.matches(
            QKeySequence.StandardKey.ZoomIn
        ):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus or event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_by(1 / ZOOM_STEP)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_F):
            self.zoom_to_fit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def done(self, result: int) -> None:
        self._loads.wait()  # no read left to hand its image to a closed viewer
        super().done(result)
