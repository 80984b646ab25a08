"""Draws timeline entries as cards, with a header above each new group of days.

A card is as tall as its text (measured by :mod:`card_layout`, cached per entry version
and width); a long body shows its first lines and a "Read more" that opens it in place.
Words a search matched are highlighted, and a card whose match lies below its first
lines opens by itself. Cards are at most ``MAX_CARD_WIDTH`` wide, centred. A private card
wears a lock; a sealed note is a card of its own, a seal and when it opens.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from closeness_desktop.records import EntryRecord, PartnerInfo, PhotoInfo, Responses
from closeness_desktop.ui import card_photos
from closeness_desktop.ui.card_layout import (
    PADDING,
    READ_MORE,
    SHOW_LESS,
    STRIPE,
    CardMeasure,
    CardText,
    Fonts,
    card_body,
    card_title,
    card_width,
    text_width,
)
from closeness_desktop.ui.card_paint import KEPT_MARK, Scene, paint_card, paint_header
from closeness_desktop.ui.card_private import sealed_line
from closeness_desktop.ui.card_responses import lay_out_answers
from closeness_desktop.ui.timeline_model import EntryRole, HeaderRole, TimelineModel

__all__ = ["GAP", "HEADER_HEIGHT", "KEPT_MARK", "TimelineDelegate"]

HEADER_HEIGHT = 34
GAP = 8

_Index = QModelIndex | QPersistentModelIndex
Spans = list[tuple[int, int]]
Matcher = Callable[[str, str], Spans]


def _query_of(model: QAbstractItemModel | None) -> str:
    """The search typed for the timeline ``model`` shows (the trash shares this delegate)."""
    flt = getattr(model, "filter", None)
    return str(getattr(flt, "text", "")).strip()


def _no_responses(_entry_id: uuid.UUID) -> Responses | None:
    return None


def _no_photos(_entry_id: uuid.UUID) -> Sequence[PhotoInfo]:
    return ()


def _no_thumbnail(_photo: PhotoInfo) -> QPixmap | None:
    return None


def _sealed_words(
    partners: Callable[[], Mapping[uuid.UUID, PartnerInfo]],
    now: Callable[[], datetime],
    zone: Callable[[], tzinfo],
) -> Callable[[EntryRecord], str]:
    """What a sealed note's card says in place of its words (not a method: the measure
    holding its delegate would keep it alive past its page)."""

    def words(record: EntryRecord) -> str:
        names = {partner_id: each.name for partner_id, each in partners().items()}
        return sealed_line(record, names, now(), zone())

    return words


class TimelineDelegate(QStyledItemDelegate):
    #: a person opened a long card to read all of it (its :class:`EntryRecord`)
    opened = Signal(object)
    #: a click on one of a memory's photos: its :class:`EntryRecord` and the photo's place
    photo_clicked = Signal(object, int)

    def __init__(
        self,
        partners: Callable[[], Mapping[uuid.UUID, PartnerInfo]],
        now: Callable[[], datetime],
        zone: Callable[[], tzinfo],
        parent: QWidget | None = None,
        *,
        matcher: Matcher | None = None,
    ) -> None:
        super().__init__(parent)
        self._partners = partners
        self._now = now
        self._zone = zone
        self._matcher = matcher
        self._measure = CardMeasure(lay_out_answers, _sealed_words(partners, now, zone))
        #: the replies and signs of a loaded entry (``timeline_responses`` sets it)
        self.responses: Callable[[uuid.UUID], Responses | None] = _no_responses
        #: a loaded memory's photos, and a photo's thumbnail if it is here (``timeline_photos``)
        self.photos: Callable[[uuid.UUID], Sequence[PhotoInfo]] = _no_photos
        self.thumbnail: Callable[[PhotoInfo], QPixmap | None] = _no_thumbnail
        self._fonts: Fonts | None = None
        self._base = QFont()
        #: cards a person opened or closed; the others follow the search (open at a match)
        self._chosen: dict[uuid.UUID, bool] = {}
        self._spans: dict[tuple[uuid.UUID, int, str], tuple[Spans, Spans]] = {}

    # -- opening and closing ----------------------------------------------------------

    def fonts(self, base: QFont) -> Fonts:
        # Asked for every row of every layout: compare fonts (cheap) before keying one (not).
        if self._fonts is None or base != self._base:
            self._base = QFont(base)
            self._fonts = Fonts.of(base)
        return self._fonts

    def is_open(self, record: EntryRecord, query: str, width: int, fonts: Fonts) -> bool:
        chosen = self._chosen.get(record.id)
        if chosen is not None:
            return chosen
        if not query or self._matcher is None:
            return False
        closed = self._measure.text(
            record,
            fonts,
            width,
            False,
            self.responses(record.id),
            photos=len(self.photos(record.id)),
        )
        if closed.body is None or not closed.expandable:
            return False
        hits = self.spans(record, query)[1]
        return bool(hits) and hits[0][0] >= closed.body.shown  # the match is out of sight

    def toggle(self, index: _Index, view_width: int, base: QFont) -> bool:
        """Open or close the card at ``index``; False when it has nothing more to show."""
        record: EntryRecord | None = index.data(EntryRole)
        if record is None:
            return False
        card = self.card_text(index, view_width, base)
        if not card.expandable:
            return False
        self._chosen[record.id] = not card.expanded
        self.sizeHintChanged.emit(index.model().index(index.row(), 0))
        if not card.expanded:
            self.opened.emit(record)
        return True

    def can_open(self, index: _Index, view_width: int, base: QFont) -> bool:
        return (
            index.data(EntryRole) is not None and self.card_text(index, view_width, base).expandable
        )

    def card_text(self, index: _Index, view_width: int, base: QFont) -> CardText:
        record: EntryRecord = index.data(EntryRole)
        fonts, width = self.fonts(base), text_width(view_width)
        opened = self.is_open(record, _query_of(index.model()), width, fonts)
        photos = len(self.photos(record.id))
        return self._measure.text(
            record, fonts, width, opened, self.responses(record.id), photos=photos
        )

    def spans(self, record: EntryRecord, query: str) -> tuple[Spans, Spans]:
        """Where ``query`` matched the card's title and body."""
        if not query or self._matcher is None:
            return [], []
        key = (record.id, record.version, query)
        found = self._spans.get(key)
        if found is None:
            found = (
                self._matcher(query, card_title(record)),
                self._matcher(query, card_body(record)),
            )
            if len(self._spans) > 2000:
                self._spans.clear()
            self._spans[key] = found
        return found

    # -- geometry ---------------------------------------------------------------------

    @staticmethod
    def view_width(option: QStyleOptionViewItem) -> int:
        widget = option.widget
        viewport = getattr(widget, "viewport", None)
        return viewport().width() if viewport is not None else option.rect.width()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        # Asked for every loaded row at every layout (a page arriving, a resize): kept lean,
        # the model read directly rather than through data() and its roles.
        model = index.model()
        width = self.view_width(option)
        if not isinstance(model, TimelineModel) or not 0 <= index.row() < model.rowCount():
            return QSize(width, 0)
        record = model.record(index.row())
        fonts, inner = self.fonts(option.font), text_width(width)
        opened = self.is_open(record, model.filter.text.strip(), inner, fonts)
        photos = len(self.photos(record.id))
        height = self._measure.height(
            record, fonts, inner, opened, self.responses(record.id), photos=photos
        )
        header = HEADER_HEIGHT if model.header_for(index.row()) else 0
        return QSize(width, height + GAP + header)

    @staticmethod
    def card_rect(row: QRect, has_header: bool, height: int) -> QRect:
        width = card_width(row.width())
        top = row.top() + GAP // 2 + (HEADER_HEIGHT if has_header else 0)
        return QRect(row.left() + (row.width() - width) // 2, top, width, height)

    def link_rect(self, option: QStyleOptionViewItem, index: _Index) -> QRect | None:
        """Where "Read more" / "Show less" is drawn on the card at ``index``, if anywhere."""
        base: QFont = option.font
        row: QRect = option.rect
        text = self.card_text(index, row.width(), base)
        if text.link_top is None:
            return None
        card = self.card_rect(row, bool(index.data(HeaderRole)), text.height)
        fonts = self.fonts(base)
        label = SHOW_LESS if text.expanded else READ_MORE
        metrics = QFontMetrics(fonts.link)
        left = card.left() + PADDING + STRIPE
        return QRect(
            left,
            card.top() + round(text.link_top),
            metrics.horizontalAdvance(label) + 8,
            metrics.height(),
        )

    def photo_at(self, option: QStyleOptionViewItem, index: _Index, point: QPoint) -> int | None:
        """Which of the card's photos (from 0) is shown under ``point``, if one is."""
        record: EntryRecord | None = index.data(EntryRole)
        if record is None or not self.photos(record.id):
            return None
        row: QRect = option.rect
        text = self.card_text(index, row.width(), option.font)
        if text.photos_top is None:
            return None
        card = self.card_rect(row, bool(index.data(HeaderRole)), text.height)
        left = card.left() + PADDING + STRIPE
        area = QRect(
            left,
            card.top() + round(text.photos_top),
            card.width() - 2 * PADDING - STRIPE,
            card_photos.ROW_HEIGHT,
        )
        for number, cell in enumerate(card_photos.cells(area, text.photo_count)):
            if cell.contains(point):
                return number
        return None

    def editorEvent(
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: _Index,
    ) -> bool:
        # A click on "Read more" opens the card in place (and a click on "Show less" closes it).
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            photo = self.photo_at(option, index, event.position().toPoint())
            if photo is not None:
                self.photo_clicked.emit(index.data(EntryRole), photo)
                return True
            link = self.link_rect(option, index)
            if link is not None and link.contains(event.position().toPoint()):
                row: QRect = option.rect
                return self.toggle(index, row.width(), option.font)
        return super().editorEvent(event, model, option, index)

    # -- painting ---------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        record: EntryRecord | None = index.data(EntryRole)
        if record is None:
            return
        row: QRect = option.rect
        base: QFont = option.font
        state = option.state
        header: str | None = index.data(HeaderRole)
        text = self.card_text(index, row.width(), base)
        card = self.card_rect(row, bool(header), text.height)
        title_spans, body_spans = self.spans(record, _query_of(index.model()))
        scene = Scene(
            partners=self._partners(),
            now=self._now(),
            zone=self._zone(),
            fonts=self.fonts(base),
            selected=bool(state & QStyle.StateFlag.State_Selected),
            focused=bool(state & QStyle.StateFlag.State_HasFocus),
            title_spans=title_spans,
            body_spans=body_spans,
            photos=[self.thumbnail(photo) for photo in self.photos(record.id)[: card_photos.SHOWN]],
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if header:
            header_rect = QRect(card.left(), row.top(), card.width(), HEADER_HEIGHT)
            paint_header(painter, header_rect, header, base)
        paint_card(painter, card, record, text, scene)
        painter.restore()
