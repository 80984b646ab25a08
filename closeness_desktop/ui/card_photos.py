"""The row of photos on a memory's card: at most four small pictures under its text, a
"+N" on the fourth when there are more.

The row has one fixed height whatever the pictures are, so a card measures the same
before and after its thumbnails have arrived (they are read on threads, see
:mod:`thumbnail_cache`); until then each place is a quiet tint.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPixmap

from closeness_desktop.ui import theme

#: Logical pixels: the row's height, the space above it and between its pictures.
ROW_HEIGHT = 96
BEFORE_ROW = 10
BETWEEN = 6
SHOWN = 4
RADIUS = 6.0
#: Pixels the thumbnails are made at: sharp at 2x in a cell of the widest card.
THUMB_PIXELS = 256


def shown_count(count: int) -> int:
    return min(count, SHOWN)


def cells(area: QRect, count: int) -> list[QRect]:
    """Where each of the first (up to four) pictures goes in the row ``area``: square
    cells, never wider than a quarter of the row."""
    side = min(ROW_HEIGHT, (area.width() - (SHOWN - 1) * BETWEEN) // SHOWN)
    top = area.top() + (ROW_HEIGHT - side) // 2
    return [
        QRect(area.left() + number * (side + BETWEEN), top, side, side)
        for number in range(shown_count(count))
    ]


def more_text(count: int) -> str:
    """What the fourth picture says when the memory has more than four: "+2" for six."""
    return f"+{count - SHOWN}" if count > SHOWN else ""


def paint_photos(
    painter: QPainter, area: QRect, pictures: Sequence[QPixmap | None], count: int, font: QFont
) -> None:
    """Paint the row in ``area``: ``pictures`` (None: not here yet) for its first cells of
    ``count`` photos in all."""
    for number, cell in enumerate(cells(area, count)):
        path = QPainterPath()
        path.addRoundedRect(QRectF(cell), RADIUS, RADIUS)
        picture = pictures[number] if number < len(pictures) else None
        if picture is None or picture.isNull():
            tint = QColor(theme.INK_SOFT)
            tint.setAlpha(30)
            painter.fillPath(path, tint)
        else:
            painter.save()
            painter.setClipPath(path)
            painter.drawPixmap(cell, picture, _centre_square(picture))
            painter.restore()
        extra = more_text(count)
        if extra and number == SHOWN - 1:
            shade = QColor(0, 0, 0, 120)
            painter.fillPath(path, shade)
            big = QFont(font)
            big.setPointSizeF(font.pointSizeF() + 4)
            big.setBold(True)
            painter.setFont(big)
            painter.setPen(QColor("white"))
            painter.drawText(cell, int(Qt.AlignmentFlag.AlignCenter), extra)


def _centre_square(picture: QPixmap) -> QRect:
    """The middle square of ``picture`` (in its own pixels): a cell is filled, not letterboxed."""
    width, height = picture.width(), picture.height()
    side = min(width, height)
    return QRect((width - side) // 2, (height - side) // 2, side, side)
