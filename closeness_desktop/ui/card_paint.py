"""Paints one timeline card from its laid-out text (see :mod:`card_layout`) and a header."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import cast

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTextLayout,
    QTextLine,
)

from closeness_desktop import humanize
from closeness_desktop.records import EntryKind, EntryRecord, PartnerInfo
from closeness_desktop.ui import theme
from closeness_desktop.ui.card_layout import (
    PAD_TOP,
    PADDING,
    READ_MORE,
    SHOW_LESS,
    STRIPE,
    CardText,
    Fonts,
)
from closeness_desktop.ui.card_photos import ROW_HEIGHT, paint_photos
from closeness_desktop.ui.card_private import SEAL_ROOM, SEAL_SIZE, paint_private_mark, paint_seal
from closeness_desktop.ui.card_responses import AnswersText, paint_answers
from closeness_desktop.ui.theme_colours import readable

RADIUS = 10.0
#: On a card kept for the keepsake, left of its time (the model's accessible text says it).
KEPT_MARK = "\N{FLORAL HEART} Our year"
#: How strongly a matched word is marked (the accent, this transparent over the card).
MARK_ALPHA = 70

Spans = list[tuple[int, int]]
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Scene:
    """What a card is painted with besides its own text."""

    partners: Mapping[uuid.UUID, PartnerInfo]
    now: datetime
    zone: tzinfo
    fonts: Fonts
    selected: bool
    focused: bool
    title_spans: Spans
    body_spans: Spans
    #: the first photos' thumbnails, None while one is being made (see :mod:`card_photos`)
    photos: Sequence[QPixmap | None] = ()


def paint_header(painter: QPainter, rect: QRect, text: str, base: QFont) -> None:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() + 0.5)
    font.setBold(True)
    painter.setPen(theme.HEADER_INK)
    painter.setFont(font)
    painter.drawText(rect.adjusted(4, 8, 0, 0), int(_LEFT), text)


def paint_card(
    painter: QPainter, card: QRect, record: EntryRecord, text: CardText, scene: Scene
) -> None:
    author = scene.partners.get(record.author_id)
    author_colour = QColor(author.colour) if author else theme.INK_SOFT
    path = QPainterPath()
    path.addRoundedRect(QRectF(card), RADIUS, RADIUS)
    painter.fillPath(path, theme.CARD_SELECTED if scene.selected else theme.CARD)
    border = QPen(theme.ACCENT if scene.selected else theme.CARD_BORDER, 1.0)
    if record.sealed:  # an envelope not opened yet: its edge drawn as a dashed line
        border = QPen(theme.ACCENT if scene.selected else theme.INK_SOFT, 1.0)
        border.setDashPattern([4.0, 3.0])
    painter.setPen(border)
    painter.drawPath(path)
    # The author's colour runs down the card's left edge.
    stripe = QPainterPath()
    stripe.addRoundedRect(QRectF(card.left(), card.top(), 5, card.height()), 2.5, 2.5)
    painter.fillPath(stripe, author_colour)
    if scene.focused:
        # A ring outside the card, in the gap, for whoever moves through with the keys.
        ring = QPainterPath()
        ring.addRoundedRect(QRectF(card).adjusted(-3, -3, 3, 3), RADIUS + 3, RADIUS + 3)
        painter.setPen(QPen(theme.ACCENT, 2.0))
        painter.drawPath(ring)

    fonts = scene.fonts
    left = card.left() + PADDING + STRIPE
    width = card.width() - 2 * PADDING - STRIPE
    _paint_top_line(painter, QRect(left, card.top() + PAD_TOP, width, 0), record, scene)
    painter.setPen(theme.INK)
    if text.title is not None:
        at = QPointF(left, card.top() + text.title_top)
        _draw_marked(painter, text.title.layout, at, scene.title_spans)
    if text.seal_top is not None:
        seal = QRectF(left, card.top() + text.seal_top, SEAL_SIZE, SEAL_SIZE)
        paint_seal(painter, seal, author_colour)
        if text.body is not None:
            painter.setPen(theme.INK_SOFT)
            text.body.layout.draw(painter, QPointF(left + SEAL_ROOM, card.top() + text.body_top))
    elif text.body is not None:
        at = QPointF(left, card.top() + text.body_top)
        _draw_marked(painter, text.body.layout, at, scene.body_spans)
    small = QFontMetrics(fonts.small)
    if text.link_top is not None:
        painter.setFont(fonts.link)
        painter.setPen(theme.ACCENT)
        label = SHOW_LESS if text.expanded else f"{READ_MORE} \N{RIGHTWARDS ARROW}"
        line = QRect(left, card.top() + round(text.link_top), width, small.height())
        painter.drawText(line, int(_LEFT), label)
    if text.photos_top is not None:
        row = QRect(left, card.top() + round(text.photos_top), width, ROW_HEIGHT)
        paint_photos(painter, row, scene.photos, text.photo_count, fonts.small)
    if text.footer_top is not None:
        footer = footer_text(record, scene.partners, scene.now, scene.zone)
        painter.setFont(fonts.small)
        painter.setPen(theme.INK_SOFT)
        line = QRect(left, card.top() + round(text.footer_top), width, small.height())
        elided = small.elidedText(footer, Qt.TextElideMode.ElideRight, width)
        painter.drawText(line, int(_LEFT), elided)
    if isinstance(text.answers, AnswersText) and text.answers_top is not None:
        area = QRect(left, card.top() + round(text.answers_top), width, 0)
        moment = (scene.now, scene.zone)
        answers = text.answers
        paint_answers(painter, area, answers, partners=scene.partners, moment=moment, fonts=fonts)


def _draw_marked(painter: QPainter, layout: QTextLayout, at: QPointF, spans: Spans) -> None:
    """Draw ``layout`` with the matched ``spans`` marked in the accent behind the words.

    The marks are painted as rectangles under plain text: drawing the layout with format
    ranges would shape every marked line again, ten times the cost of the card."""
    if spans:
        colour = QColor(theme.ACCENT)
        colour.setAlpha(MARK_ALPHA)
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            start = line.textStart()
            end = start + line.textLength()
            for first, last in spans:
                if last <= start or first >= end:
                    continue
                left = _x_of(line, max(first, start))
                right = _x_of(line, min(last, end))
                top = at.y() + line.y()
                mark = QRectF(at.x() + min(left, right), top, abs(right - left), line.height())
                painter.fillRect(mark.adjusted(-1, 0, 1, 0), colour)
    layout.draw(painter, at)


def _x_of(line: QTextLine, cursor: int) -> float:
    # PySide6 answers cursorToX(int) with (x, cursor), its stubs say "object".
    answer = cast("tuple[float, int]", line.cursorToX(cursor))
    return answer[0]


def _paint_top_line(painter: QPainter, line: QRect, record: EntryRecord, scene: Scene) -> None:
    """Kind, author (in colour) and addressee on the left; the time on the right."""
    fonts = scene.fonts
    small = QFontMetrics(fonts.small)
    height = small.height()
    line = QRect(line.left(), line.top(), line.width(), height)
    when = humanize.stamp(record.occurred_at, scene.now, scene.zone, all_day=record.all_day)
    painter.setFont(fonts.small)
    painter.setPen(theme.INK_SOFT)
    painter.drawText(line, int(_RIGHT), when)
    room = line.width() - small.horizontalAdvance(when) - 12
    if record.kept:
        painter.setPen(theme.ACCENT)
        painter.drawText(QRect(line.left(), line.top(), room, height), int(_RIGHT), KEPT_MARK)
        room -= small.horizontalAdvance(KEPT_MARK) + 12
    if record.private_to is not None:  # the lock; the model says PRIVATE_WORDS for it
        room -= paint_private_mark(
            painter, QRect(line.left(), line.top(), room, height), fonts.small
        )
        room -= 12
    painter.save()
    # On a narrow card the names give way to the time, never run under it.
    painter.setClipRect(QRect(line.left(), line.top() - 2, max(room, 0), height + 4))
    kind_colour = theme.KIND_COLOURS[record.kind.value]
    kind_text = humanize.KIND_LABELS[record.kind].upper()
    chip_width = QFontMetrics(fonts.chip).horizontalAdvance(kind_text) + 12
    chip = QRect(line.left(), line.top(), chip_width, height)
    chip_path = QPainterPath()
    chip_path.addRoundedRect(QRectF(chip), height / 2, height / 2)
    tint = QColor(kind_colour)
    tint.setAlpha(38)
    painter.fillPath(chip_path, tint)
    painter.setPen(kind_colour)
    painter.setFont(fonts.chip)
    painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), kind_text)
    x = chip.right() + 10
    author = scene.partners.get(record.author_id)
    baseline = line.top() + small.ascent()
    painter.setFont(fonts.name)
    painter.setPen(_name_colour(author))
    name = author.name if author else "?"
    painter.drawText(QPointF(x, baseline), name)
    x += QFontMetrics(fonts.name).horizontalAdvance(name)
    # A private note goes to no one: it has no "to both of us".
    if record.private_to is None and (
        record.addressee_id is not None or record.kind is EntryKind.NOTE
    ):
        addressee = scene.partners.get(record.addressee_id) if record.addressee_id else None
        painter.setFont(fonts.small)
        painter.setPen(theme.INK_SOFT)
        painter.drawText(
            QPointF(x, baseline), f"  to {addressee.name}" if addressee else "  to both of us"
        )
    painter.restore()


def footer_text(
    record: EntryRecord, partners: Mapping[uuid.UUID, PartnerInfo], now: datetime, zone: tzinfo
) -> str:
    details = []
    if record.kind in (EntryKind.MEMORY, EntryKind.PLAN) and record.place:
        details.append(f"at {record.place}")
    if record.kind in (EntryKind.NOTE, EntryKind.GOODBYE):
        who = _reader_name(record, partners)
        if record.read_at is not None:
            details.append(f"Read by {who} {humanize.when(record.read_at, now, zone)}")
        elif record.delivered_at is None:
            details.append(f"Waiting for {who}")
        else:
            seen = humanize.when(record.delivered_at, now, zone)
            details.append(f"Delivered to {who} {seen}")
    return " · ".join(details)


def _reader_name(record: EntryRecord, partners: Mapping[uuid.UUID, PartnerInfo]) -> str:
    """Who a note is waiting for: its addressee, or (for "both of us") the other partner."""
    if record.addressee_id is not None and record.addressee_id in partners:
        return partners[record.addressee_id].name
    others = [p.name for p_id, p in partners.items() if p_id != record.author_id]
    return others[0] if others else "your partner"


def _name_colour(author: PartnerInfo | None) -> QColor:
    """A partner's name in their colour, made readable on this theme's cards."""
    if author is None:
        return theme.INK_SOFT
    colours = theme.current()
    return QColor(readable(author.colour, colours.card, colours.ink))
