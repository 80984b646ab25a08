"""How a private card and a sealed note look and read: the lock, the seal, their words.

The signs are drawn with ``QPainter`` (no font on the machine is sure to have a padlock),
in the theme's colours at paint time, so both themes and every scale draw them crisply.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, tzinfo

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen

from closeness_desktop import humanize
from closeness_desktop.records import EntryRecord
from closeness_desktop.ui import theme

#: What the lock on a private card says to a screen reader.
PRIVATE_WORDS = "Private: only you see this"
#: Beside the lock on the card: the composer's name for it.
PRIVATE_MARK = "Just for me"
#: The seal on a sealed note's card, and the room it takes left of the line.
SEAL_SIZE = 26
SEAL_ROOM = SEAL_SIZE + 10
_GAP = 4
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def opening_words(
    record: EntryRecord, names: Mapping[uuid.UUID, str], now: datetime, zone: tzinfo
) -> str:
    """When a sealed note opens: "opens on Monday 14 December", "opens at Alex's next
    arrival from 14 December"."""
    if record.opens_at is None:
        return ""
    day = record.opens_at.astimezone(zone).date()
    today = now.astimezone(zone).date()
    on = humanize.day_name(day)
    if day.year == today.year:
        on = on.removesuffix(f" {day.year}")
    if record.opens_with_arrival:
        reader = names.get(record.addressee_id) if record.addressee_id else None
        words = f"opens at {reader}'s next arrival" if reader else "opens at the next arrival"
        return f"{words} from {on.split(' ', 1)[1]}" if day > today else words
    # Its day has come: it opens at the next look (a timer, or the window starting).
    return f"opens on {on}" if day > today else "opens today"


def sealed_line(
    record: EntryRecord, names: Mapping[uuid.UUID, str], now: datetime, zone: tzinfo
) -> str:
    """The one line a sealed note's card shows instead of its (unknown) words."""
    author = names.get(record.author_id, "your partner")
    return f"A sealed note from {author} waits · {opening_words(record, names, now, zone)}"


def spoken(
    record: EntryRecord, shown: str, names: Mapping[uuid.UUID, str], now: datetime, zone: tzinfo
) -> str:
    """What a screen reader says of a card whose display text is ``shown``: its marks too
    (the lock, the floral heart), and a sealed note's line in place of its words."""
    if record.sealed:
        kind = humanize.KIND_LABELS[record.kind]
        author = names.get(record.author_id, "")
        shown = f"{kind} by {author}: {sealed_line(record, names, now, zone)}"
    if record.private_to is not None:
        shown = f"{shown} ({PRIVATE_WORDS})"
    if record.kept:
        shown = f"{shown} (kept for Our year)"  # what the card's floral heart says
    return shown


def paint_private_mark(painter: QPainter, area: QRect, font: QFont) -> int:
    """The lock and "Just for me", right-aligned in ``area``; the width they took."""
    metrics = QFontMetrics(font)
    words = metrics.horizontalAdvance(PRIVATE_MARK)
    size = metrics.capHeight() * 1.45
    lock_width = size * 0.8
    used = round(lock_width + _GAP + words)
    left = area.right() - used
    painter.setFont(font)
    painter.setPen(theme.INK_SOFT)
    text_box = QRect(round(left + lock_width + _GAP), area.top(), words + 2, area.height())
    painter.drawText(text_box, int(_LEFT), PRIVATE_MARK)
    # The lock sits on the words' baseline, as tall as a capital and a little more.
    baseline = area.top() + (area.height() - metrics.height()) / 2 + metrics.ascent()
    paint_lock(painter, QRectF(left, baseline - size, lock_width, size), theme.INK_SOFT)
    return used


def paint_lock(painter: QPainter, box: QRectF, colour: QColor) -> None:
    """A padlock filling ``box`` (about 4 wide to 5 tall): a body and its shackle."""
    height, width = box.height(), box.width()
    body = QRectF(box.left(), box.top() + height * 0.45, width, height * 0.55)
    stroke = max(height * 0.13, 1.2)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(body, height * 0.08, height * 0.08)
    pen = QPen(colour, stroke)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = width * 0.22
    arc_width = width - 2 * inset
    shackle = QPainterPath()
    shackle.moveTo(box.left() + inset, body.top())
    shackle.lineTo(box.left() + inset, box.top() + stroke / 2 + arc_width / 2)
    arc = QRectF(box.left() + inset, box.top() + stroke / 2, arc_width, arc_width)
    shackle.arcTo(arc, 180, -180)
    shackle.lineTo(box.right() - inset, body.top())
    painter.drawPath(shackle)
    painter.restore()


def paint_seal(painter: QPainter, box: QRectF, wax: QColor) -> None:
    """A round wax seal in ``wax`` (the author's colour) with a heart pressed into it."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(wax)
    painter.drawEllipse(box)
    # The ring and the heart are the card's own colour showing through, so they read on
    # any partner's colour, in both themes.
    pressed = QColor(theme.CARD)
    pressed.setAlpha(150)
    ring = QPen(pressed, max(box.width() * 0.05, 1.0))
    painter.setPen(ring)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inner = box.width() * 0.14
    painter.drawEllipse(box.adjusted(inner, inner, -inner, -inner))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(pressed)
    painter.drawPath(_heart(box.center(), box.width() * 0.46))
    painter.restore()


def _heart(centre: QPointF, size: float) -> QPainterPath:
    """A heart ``size`` wide centred on ``centre``."""
    x, y, half = centre.x(), centre.y(), size / 2
    top = y - half * 0.55
    path = QPainterPath()
    path.moveTo(x, y + half * 0.85)
    path.cubicTo(x - half * 1.3, y, x - half * 0.7, top - half * 0.75, x, top)
    path.cubicTo(x + half * 0.7, top - half * 0.75, x + half * 1.3, y, x, y + half * 0.85)
    return path
