"""The foot of a timeline card: the signs sent on it ("♥ Alex") and its replies (who, when,
the words), measured with the card (see :mod:`card_layout`) and painted under its text.

The card's height cache is keyed by the responses' ids and versions, so a new sign or
reply measures the card again; when a reply was sent is painted, not measured (the words
change as time passes, one line's height does not).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen

from closeness_desktop import humanize
from closeness_desktop.records import PartnerInfo, ReplyRecord, Responses
from closeness_desktop.ui import theme
from closeness_desktop.ui.card_layout import Fonts, Laid, lay_out
from closeness_desktop.ui.theme_colours import readable

#: Space above the divider that sets the responses off from the entry's own words.
RULE_GAP = 8
AFTER_RULE = 8
BETWEEN_REPLIES = 8
AFTER_REPLY_HEAD = 2
#: Replies sit a little in, behind a thin bar in the colour of whoever wrote them.
INDENT = 12
SIGNS_APART = "   "
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class LaidReply:
    reply: ReplyRecord
    #: the "Alex · today at 9:14" line, from the block's top
    head_top: float
    text: Laid
    text_top: float


@dataclass(frozen=True)
class AnswersText:
    """The laid-out foot of one card; tops are from the block's top (its divider)."""

    responses: Responses
    signs_top: float | None
    replies: tuple[LaidReply, ...]
    height: float


def signs_text(responses: Responses, partners: Mapping[uuid.UUID, PartnerInfo]) -> str:
    """ "♥ Alex   ★ Sam": each sign with who sent it."""
    return SIGNS_APART.join(
        f"{row.sign.glyph} {_name(partners, row.partner_id)}" for row in responses.reactions
    )


def signs_spoken(responses: Responses, partners: Mapping[uuid.UUID, PartnerInfo]) -> str:
    """The signs in words, for a screen reader: "Alex sent a heart"."""
    return "; ".join(
        f"{_name(partners, row.partner_id)} sent {row.sign.word}" for row in responses.reactions
    )


def lay_out_answers(responses: Responses, fonts: Fonts, width: int) -> AnswersText:
    small = QFontMetrics(fonts.small).height()
    y = float(RULE_GAP + AFTER_RULE)
    signs_top: float | None = None
    if responses.reactions:
        signs_top = y
        y += small
    replies = []
    for number, reply in enumerate(responses.replies):
        if number or signs_top is not None:
            y += BETWEEN_REPLIES
        head_top = y
        y += small + AFTER_REPLY_HEAD
        text = lay_out(reply.body.replace("\r\n", "\n"), fonts.body, max(width - INDENT, 40))
        replies.append(LaidReply(reply, head_top, text, y))
        y += text.height
    return AnswersText(responses, signs_top, tuple(replies), y)


def paint_answers(
    painter: QPainter,
    area: QRect,
    laid: AnswersText,
    *,
    partners: Mapping[uuid.UUID, PartnerInfo],
    moment: tuple[datetime, tzinfo],
    fonts: Fonts,
) -> None:
    """Paint ``laid`` in ``area`` (its top is the block's top, its width the text's)."""
    now, zone = moment
    left, top, width = area.left(), area.top(), area.width()
    small = QFontMetrics(fonts.small)
    painter.setPen(QPen(theme.CARD_BORDER, 1.0))
    rule_y = top + RULE_GAP
    painter.drawLine(QLineF(left, rule_y, left + width, rule_y))
    if laid.signs_top is not None:
        painter.setFont(fonts.small)
        painter.setPen(theme.ACCENT)
        line = QRect(left, top + round(laid.signs_top), width, small.height())
        text = small.elidedText(
            signs_text(laid.responses, partners), Qt.TextElideMode.ElideRight, width
        )
        painter.drawText(line, int(_LEFT), text)
    for item in laid.replies:
        author = partners.get(item.reply.author_id)
        colour = _colour(author)
        bar_top = top + item.head_top
        bar_height = item.text_top + item.text.height - item.head_top
        painter.fillRect(QRectF(left, bar_top, 2, bar_height), colour)
        x = left + INDENT
        baseline = top + item.head_top + small.ascent()
        painter.setFont(fonts.name)
        painter.setPen(colour)
        name = author.name if author else "?"
        painter.drawText(QPointF(x, baseline), name)
        x += QFontMetrics(fonts.name).horizontalAdvance(name)
        painter.setFont(fonts.small)
        painter.setPen(theme.INK_SOFT)
        painter.drawText(
            QPointF(x, baseline), f" · {humanize.when(item.reply.created_at, now, zone)}"
        )
        painter.setPen(theme.INK)
        item.text.layout.draw(painter, QPointF(left + INDENT, top + item.text_top))


def _name(partners: Mapping[uuid.UUID, PartnerInfo], partner_id: uuid.UUID) -> str:
    partner = partners.get(partner_id)
    return partner.name if partner else "?"


def _colour(author: PartnerInfo | None) -> QColor:
    if author is None:
        return theme.INK_SOFT
    colours = theme.current()
    return QColor(readable(author.colour, colours.card, colours.ink))
