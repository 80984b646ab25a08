"""The mood chart: both partners' check-ins over weeks or months, painted with QPainter.

QtCharts would pull in the 59 MB PySide6-Addons wheel for this one chart. Moods read as
words on the side (heavy … wonderful), never as numbers; each partner has their own
colour, made readable on the theme in use. A point is a day's check-ins (or a week's);
hovering says which and how, clicking one (or Enter on the one chosen with the arrow
keys) asks for the check-ins behind it through :attr:`MoodChart.point_chosen`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from closeness_desktop.humanize import MOOD_WORDS, day_name, month_name, mood_word
from closeness_desktop.records import PartnerInfo
from closeness_desktop.rituals.mood_series import MoodPoint, MoodSeries, Span
from closeness_desktop.ui import theme
from closeness_desktop.ui.theme_colours import readable

EMPTY = "No check-ins yet. When you check in, how you've both been shows up here."
RADIUS = 5.0
#: How near (in pixels) the pointer must be to a point to hover or click it.
REACH = 10.0
#: Points further apart than this many buckets (a week of days, two months of weeks) are
#: not joined: nobody checked in in between, and the chart does not guess.
GAP = 8


def bucket_words(point: MoodPoint, span: Span) -> str:
    """When a point is, in words: "Tuesday 3 November 2026", "The week of 2 November 2026"."""
    day = point.bucket
    if span is Span.WEEKS:
        return day_name(day)
    return f"The week of {day.day} {month_name(day)}"


def _short_month(day: date) -> str:
    return month_name(day)[:3]


def point_words(point: MoodPoint, span: Span, name: str) -> str:
    """The hover: "Tuesday 3 November · Sam felt good", "… · Alex felt mostly okay (3)"."""
    many = len(point.entry_ids)
    if many == 1:
        return f"{bucket_words(point, span)} · {name} felt {mood_word(point.mood)}"
    return (
        f"{bucket_words(point, span)} · {name} felt mostly {mood_word(point.mood)}"
        f" ({many} check-ins)"
    )


class MoodChart(QWidget):
    #: a point was clicked (or chosen with the keyboard): a MoodPoint
    point_chosen = Signal(object)
    #: the point under the pointer or the arrow keys, in words ("" when none)
    described = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: MoodSeries | None = None
        self._partners: list[PartnerInfo] = []
        self._current: MoodPoint | None = None  # the one the arrow keys are on
        self._by_bucket: dict[date, list[MoodPoint]] = {}
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("How we've been")

    def sizeHint(self) -> QSize:
        return QSize(640, 300)

    def minimumSizeHint(self) -> QSize:
        return QSize(360, 220)

    def set_series(self, series: MoodSeries, partners: Sequence[PartnerInfo]) -> None:
        self.series = series
        self._partners = list(partners)
        self._current = None
        self._by_bucket = {}  # who has a point in each bucket
        for points in series.points.values():
            for point in points:
                self._by_bucket.setdefault(point.bucket, []).append(point)
        self.setAccessibleDescription(EMPTY if series.empty else self._summary())
        self.update()

    # -- where things are -------------------------------------------------------------

    def colour_of(self, partner_id: uuid.UUID) -> QColor:
        """A partner's colour as the chart paints it on the theme in use."""
        colours = theme.current()
        own = next((p.colour for p in self._partners if p.id == partner_id), colours.ink_soft)
        return QColor(readable(own, colours.card, colours.ink))

    def plot_rect(self) -> QRectF:
        words = self.fontMetrics().horizontalAdvance(max(MOOD_WORDS, key=len).capitalize())
        top = self.fontMetrics().height() * 2 + 8  # the names above
        bottom = self.fontMetrics().height() + 12  # the dates below
        return QRectF(words + 24, top, self.width() - words - 40, self.height() - top - bottom)

    def _x(self, bucket: date, plot: QRectF) -> float:
        assert self.series is not None
        count = len(self.series.buckets)
        return plot.left() + (self.series.index_of(bucket) + 0.5) * plot.width() / count

    @staticmethod
    def _y(mood: float, plot: QRectF) -> float:
        return plot.bottom() - (mood - 1) / (len(MOOD_WORDS) - 1) * plot.height()

    def position_of(self, point: MoodPoint) -> QPointF:
        """Where ``point`` is painted (two partners on one spot sit a little apart)."""
        plot = self.plot_rect()
        nudge = 0.0
        if self._shares_spot(point):
            index = next((i for i, p in enumerate(self._partners) if p.id == point.partner_id), 0)
            nudge = (index - 0.5) * RADIUS
        return QPointF(self._x(point.bucket, plot) + nudge, self._y(point.mood, plot))

    def _shares_spot(self, point: MoodPoint) -> bool:
        """Whether the other partner has a point on (almost) the same spot."""
        return any(
            other.partner_id != point.partner_id and abs(other.mood - point.mood) < 0.5
            for other in self._by_bucket.get(point.bucket, ())
        )

    def points(self) -> list[MoodPoint]:
        """Every point, oldest first (both partners' mixed), the arrow keys' order."""
        if self.series is None:
            return []
        every = [point for points in self.series.points.values() for point in points]
        order = {p.id: i for i, p in enumerate(self._partners)}
        return sorted(every, key=lambda p: (p.bucket, order.get(p.partner_id, 9)))

    def point_at(self, at: QPointF | QPoint) -> MoodPoint | None:
        spot = QPointF(at)
        best: tuple[float, MoodPoint] | None = None
        for point in self.points():
            offset = self.position_of(point) - spot
            distance = (offset.x() ** 2 + offset.y() ** 2) ** 0.5
            if distance <= REACH and (best is None or distance < best[0]):
                best = (distance, point)
        return None if best is None else best[1]

    def words_for(self, point: MoodPoint) -> str:
        assert self.series is not None
        name = next((p.name for p in self._partners if p.id == point.partner_id), "")
        return point_words(point, self.series.span, name)

    def _summary(self) -> str:
        assert self.series is not None
        counts = [
            f"{partner.name}: {len(self.series.points.get(partner.id, ()))}"
            for partner in self._partners
        ]
        return f"Points with check-ins, {', '.join(counts)}. Arrow keys move, Enter opens."

    # -- painting ---------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), theme.CARD)
        if self.series is None or self.series.empty:
            painter.setPen(theme.INK_SOFT)
            box = self.rect().adjusted(24, 0, -24, 0)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, EMPTY)
            return
        plot = self.plot_rect()
        self._paint_scale(painter, plot)
        self._paint_dates(painter, plot)
        self._paint_names(painter)
        for partner_id, points in self.series.points.items():
            self._paint_line(painter, self.colour_of(partner_id), points)
        for partner_id, points in self.series.points.items():  # every point above every line
            self._paint_points(painter, self.colour_of(partner_id), points)
        if self._current is not None and self.hasFocus():
            ring = QPen(theme.colour("focus"), 2)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(self.position_of(self._current), RADIUS + 4, RADIUS + 4)

    def _paint_scale(self, painter: QPainter, plot: QRectF) -> None:
        metrics = self.fontMetrics()
        for mood, word in enumerate(MOOD_WORDS, start=1):
            y = self._y(mood, plot)
            painter.setPen(QPen(theme.CARD_BORDER, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(theme.INK_SOFT)
            label = QRectF(0, y - metrics.height() / 2, plot.left() - 10, metrics.height())
            painter.drawText(label, Qt.AlignmentFlag.AlignRight, word.capitalize())

    def _paint_dates(self, painter: QPainter, plot: QRectF) -> None:
        assert self.series is not None
        painter.setPen(theme.INK_SOFT)
        metrics = self.fontMetrics()
        y = plot.bottom() + 8
        last_right = -1.0
        for number, bucket in enumerate(self.series.buckets):
            if self.series.span is Span.WEEKS:
                if bucket.weekday() != 0:  # a date under each Monday
                    continue
                text = f"{bucket.day} {_short_month(bucket)}"
            else:
                if number and bucket.month == self.series.buckets[number - 1].month:
                    continue  # a month's name under its first week
                text = _short_month(bucket)
            width = metrics.horizontalAdvance(text)
            left = self._x(bucket, plot) - width / 2
            if left <= last_right + 6:
                continue  # no crowding when the window is narrow
            painter.drawText(QRectF(left, y, width + 2, metrics.height()), text)
            last_right = left + width

    def _paint_names(self, painter: QPainter) -> None:
        metrics = self.fontMetrics()
        x = self.plot_rect().left()
        for partner in self._partners:
            colour = self.colour_of(partner.id)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            middle = 8 + metrics.height() / 2
            painter.drawEllipse(QPointF(x + RADIUS, middle), RADIUS, RADIUS)
            painter.setPen(colour)
            text = QRect(
                int(x + RADIUS * 2 + 6),
                8,
                metrics.horizontalAdvance(partner.name) + 4,
                metrics.height(),
            )
            painter.drawText(text, Qt.AlignmentFlag.AlignVCenter, partner.name)
            x = text.right() + 20

    def _paint_line(self, painter: QPainter, colour: QColor, points: Sequence[MoodPoint]) -> None:
        """A soft curve from point to point: each step eases out and in (it never swings
        past either mood), and a long silence leaves a gap rather than a made-up line."""
        assert self.series is not None
        line = QColor(colour)
        line.setAlpha(140)  # gentle: the points speak, the line only joins them
        painter.setPen(QPen(line, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath()
        for number, point in enumerate(points):
            spot = self.position_of(point)
            before = points[number - 1] if number else None
            index = self.series.index_of(point.bucket)
            if before is None or index - self.series.index_of(before.bucket) > GAP:
                path.moveTo(spot)
                continue
            start = path.currentPosition()
            middle = (start.x() + spot.x()) / 2
            path.cubicTo(QPointF(middle, start.y()), QPointF(middle, spot.y()), spot)
        painter.drawPath(path)

    def _paint_points(self, painter: QPainter, colour: QColor, points: Sequence[MoodPoint]) -> None:
        painter.setPen(QPen(theme.CARD, 1.5))  # a ring of card keeps close points apart
        painter.setBrush(colour)
        for point in points:
            painter.drawEllipse(self.position_of(point), RADIUS, RADIUS)

    # -- pointer and keys -------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = self.point_at(event.position())
        if point is None:
            self.unsetCursor()
            QToolTip.hideText()
            self.described.emit("")
            return
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(event.globalPosition().toPoint(), self.words_for(point), self)
        self.described.emit(self.words_for(point))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        point = self.point_at(event.position())
        if event.button() is Qt.MouseButton.LeftButton and point is not None:
            self._current = point
            self.update()
            self.point_chosen.emit(point)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        points = self.points()
        key = event.key()
        if not points or key not in (
            Qt.Key.Key_Left,
            Qt.Key.Key_Right,
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Space,
        ):
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = 1 if key == Qt.Key.Key_Right else -1
            at = points.index(self._current) if self._current in points else len(points)
            self._current = points[max(0, min(len(points) - 1, at + step))]
            self.described.emit(self.words_for(self._current))  # the dialog's line, read aloud
            self.update()
        elif self._current is not None:
            self.point_chosen.emit(self._current)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()  # the ring goes with the focus
        super().focusOutEvent(event)
