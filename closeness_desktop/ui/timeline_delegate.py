"""Draws timeline entries as cards, with a header above each new day or month.

Every card has the same height and a header adds a fixed amount, so ``sizeHint`` is
arithmetic and scrolling years of entries stays smooth; text is elided, never measured
in full.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QTextLayout
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from closeness_desktop import humanize
from closeness_desktop.records import EntryKind, EntryRecord, PartnerInfo
from closeness_desktop.ui import theme
from closeness_desktop.ui.timeline_model import EntryRole, HeaderRole

CARD_HEIGHT = 112
HEADER_HEIGHT = 34
MARGIN_X = 18
GAP = 8
PADDING = 14
RADIUS = 10.0
#: On a card kept for the keepsake, left of its time (the model's accessible text says it).
KEPT_MARK = "\N{FLORAL HEART} Our year"

_Index = QModelIndex | QPersistentModelIndex


def _font(base: QFont, *, size_delta: float = 0, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont(base)
    if size_delta:
        font.setPointSizeF(max(base.pointSizeF() + size_delta, 6.0))
    font.setBold(bold)
    font.setItalic(italic)
    return font


def draw_wrapped(painter: QPainter, rect: QRect, text: str, font: QFont, max_lines: int) -> None:
    """Draw ``text`` wrapped into at most ``max_lines`` lines of ``rect``, the last elided."""
    metrics = QFontMetrics(font)
    flat = " ".join(text.split())
    if len(flat) > 600:
        flat = flat[:600]  # more than fits on any card; keeps layout cost bounded
    layout = QTextLayout(flat, font)
    layout.beginLayout()
    lines: list[tuple[int, int]] = []
    while len(lines) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(rect.width())
        lines.append((line.textStart(), line.textLength()))
    layout.endLayout()
    painter.setFont(font)
    y = rect.top()
    for number, (start, length) in enumerate(lines):
        piece = flat[start : start + length].rstrip()
        last = number == len(lines) - 1
        if last and start + length < len(flat):
            piece = metrics.elidedText(flat[start:], Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(
            QRect(rect.left(), y, rect.width(), metrics.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            piece,
        )
        y += metrics.lineSpacing()


class TimelineDelegate(QStyledItemDelegate):
    def __init__(
        self,
        partners: Callable[[], Mapping[uuid.UUID, PartnerInfo]],
        now: Callable[[], datetime],
        zone: Callable[[], tzinfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._partners = partners
        self._now = now
        self._zone = zone

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        header = index.data(HeaderRole)
        return QSize(option.rect.width(), CARD_HEIGHT + GAP + (HEADER_HEIGHT if header else 0))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        record: EntryRecord | None = index.data(EntryRole)
        if record is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRect(option.rect)
        header: str | None = index.data(HeaderRole)
        if header:
            self._paint_header(
                painter,
                QRect(rect.left(), rect.top(), rect.width(), HEADER_HEIGHT),
                header,
                option.font,
            )
            rect.setTop(rect.top() + HEADER_HEIGHT)
        card = QRect(
            rect.left() + MARGIN_X, rect.top() + GAP // 2, rect.width() - 2 * MARGIN_X, CARD_HEIGHT
        )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        self._paint_card(painter, card, record, option.font, selected)
        painter.restore()

    def _paint_header(self, painter: QPainter, rect: QRect, text: str, base: QFont) -> None:
        painter.setPen(theme.HEADER_INK)
        painter.setFont(_font(base, size_delta=0.5, bold=True))
        inner = rect.adjusted(MARGIN_X + 4, 8, -MARGIN_X, 0)
        painter.drawText(
            inner, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text
        )

    def _paint_card(
        self, painter: QPainter, card: QRect, record: EntryRecord, base: QFont, selected: bool
    ) -> None:
        partners = self._partners()
        author = partners.get(record.author_id)
        author_colour = QColor(author.colour) if author else theme.INK_SOFT
        path = QPainterPath()
        path.addRoundedRect(QRectF(card), RADIUS, RADIUS)
        painter.fillPath(path, theme.CARD_SELECTED if selected else theme.CARD)
        painter.setPen(QPen(theme.ACCENT if selected else theme.CARD_BORDER, 1.0))
        painter.drawPath(path)
        # The author's colour runs down the card's left edge.
        stripe = QPainterPath()
        stripe.addRoundedRect(QRectF(card.left(), card.top(), 5, card.height()), 2.5, 2.5)
        painter.fillPath(stripe, author_colour)

        inner = card.adjusted(PADDING + 4, PADDING - 4, -PADDING, -PADDING + 4)
        small = _font(base, size_delta=-1)
        small_metrics = QFontMetrics(small)
        line_height = small_metrics.height()

        # Top line: kind, author (in colour), addressee; time on the right.
        kind_colour = theme.KIND_COLOURS[record.kind.value]
        kind_text = humanize.KIND_LABELS[record.kind].upper()
        chip_font = _font(base, size_delta=-2, bold=True)
        chip_metrics = QFontMetrics(chip_font)
        chip = QRect(
            inner.left(), inner.top(), chip_metrics.horizontalAdvance(kind_text) + 12, line_height
        )
        chip_path = QPainterPath()
        chip_path.addRoundedRect(QRectF(chip), line_height / 2, line_height / 2)
        painter.fillPath(
            chip_path, QColor(kind_colour.red(), kind_colour.green(), kind_colour.blue(), 38)
        )
        painter.setPen(kind_colour)
        painter.setFont(chip_font)
        painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), kind_text)

        x = chip.right() + 10
        painter.setFont(_font(small, bold=True))
        painter.setPen(author_colour)
        name = author.name if author else "?"
        painter.drawText(QPointF(x, inner.top() + small_metrics.ascent()), name)
        x += QFontMetrics(_font(small, bold=True)).horizontalAdvance(name)
        if record.addressee_id is not None or record.kind is EntryKind.NOTE:
            addressee = partners.get(record.addressee_id) if record.addressee_id else None
            to_text = f"  to {addressee.name}" if addressee else "  to both of us"
            painter.setFont(small)
            painter.setPen(theme.INK_SOFT)
            painter.drawText(QPointF(x, inner.top() + small_metrics.ascent()), to_text)

        now, zone = self._now(), self._zone()
        when = humanize.when(record.occurred_at, now, zone, all_day=record.all_day)
        painter.setFont(small)
        painter.setPen(theme.INK_SOFT)
        painter.drawText(
            QRect(inner.left(), inner.top(), inner.width(), line_height),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            when,
        )
        if record.kept:
            space = inner.width() - small_metrics.horizontalAdvance(when) - 12
            painter.setPen(theme.ACCENT)
            painter.drawText(
                QRect(inner.left(), inner.top(), space, line_height),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                KEPT_MARK,
            )

        body_top = inner.top() + line_height + 8
        text_font = _font(base, size_delta=0.5)
        title_font = _font(base, size_delta=1, bold=True)
        painter.setPen(theme.INK)
        lines_left = 3
        title = self._title(record)
        if title:
            painter.setFont(title_font)
            title_metrics = QFontMetrics(title_font)
            elided = title_metrics.elidedText(title, Qt.TextElideMode.ElideRight, inner.width())
            painter.drawText(
                QRect(inner.left(), body_top, inner.width(), title_metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                elided,
            )
            body_top += title_metrics.lineSpacing() + 2
            lines_left = 2
        body = self._body(record)
        footer = self._footer(record, partners, now, zone)
        if footer:
            lines_left -= 1
        if body and lines_left > 0:
            painter.setPen(theme.INK)
            body_rect = QRect(inner.left(), body_top, inner.width(), inner.bottom() - body_top)
            draw_wrapped(
                painter,
                body_rect,
                body,
                _font(text_font, italic=record.kind is EntryKind.NOTE),
                lines_left,
            )
        if footer:
            painter.setFont(small)
            painter.setPen(theme.INK_SOFT)
            painter.drawText(
                QRect(inner.left(), inner.bottom() - line_height, inner.width(), line_height),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                footer,
            )

    @staticmethod
    def _title(record: EntryRecord) -> str:
        if record.kind is EntryKind.CHECKIN:
            return humanize.headline(record)
        if record.kind is EntryKind.GOODBYE:
            return "Heading out"
        return record.title

    @staticmethod
    def _body(record: EntryRecord) -> str:
        if record.kind is EntryKind.GOODBYE and not record.body:
            return "Said goodbye."
        return record.body

    @staticmethod
    def _footer(
        record: EntryRecord, partners: Mapping[uuid.UUID, PartnerInfo], now: datetime, zone: tzinfo
    ) -> str:
        details = []
        if record.kind in (EntryKind.MEMORY, EntryKind.PLAN) and record.place:
            details.append(f"at {record.place}")
        if record.kind in (EntryKind.NOTE, EntryKind.GOODBYE):
            who = _reader_name(record, partners)
            if record.delivered_at is None:
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
