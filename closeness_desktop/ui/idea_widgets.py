"""Pieces the idea jar and together mode share: words for an idea, its card, its list row.

An idea is always shown the same way: its title, one sentence, and small chips for what
it costs, how long it takes and where it happens.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop import humanize
from closeness_desktop.dates.ideas import Budget, Idea, IdeaGroup, Setting
from closeness_desktop.ui import theme

GROUP_LABELS = {
    IdeaGroup.AT_HOME: "At home",
    IdeaGroup.OUTDOORS: "Outdoors",
    IdeaGroup.SOMETHING_NEW: "Something new",
    IdeaGroup.GROWING_TOGETHER: "Growing together",
    IdeaGroup.LITTLE_OR_NO_MONEY: "Little or no money",
}
BUDGET_LABELS = {
    Budget.FREE: "Free",
    Budget.LOW: "Low cost",
    Budget.MEDIUM: "Medium cost",
    Budget.HIGH: "A treat",
}
SETTING_LABELS = {
    Setting.INDOORS: "Indoors",
    Setting.OUTDOORS: "Outdoors",
    Setting.EITHER: "Indoors or out",
}

#: the idea a list row shows (``None`` on a header row)
IdeaRole = Qt.ItemDataRole.UserRole + 1
#: the header a row shows instead of an idea (``None`` on an idea row)
HeaderRole = Qt.ItemDataRole.UserRole + 2
#: the soft second line of an idea row
DetailRole = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex
_Value = TypeVar("_Value")


def duration_label(minutes: int) -> str:
    """``minutes`` as a person would say it: "45 min", "1½ h", "2 h", "2 days"."""
    days, rest = divmod(minutes, 24 * 60)
    if days and not rest:
        return "a day" if days == 1 else f"{days} days"
    hours, mins = divmod(minutes, 60)
    if not hours:
        return f"{mins} min"
    if not mins:
        return f"{hours} h"
    if mins == 30:
        return f"{hours}½ h"
    return f"{hours} h {mins} min"


def chips(idea: Idea) -> list[str]:
    """The little facts shown beside an idea: budget, time, setting."""
    return [
        BUDGET_LABELS[idea.budget],
        duration_label(idea.minutes),
        SETTING_LABELS[idea.setting],
    ]


def last_done_phrase(day: date, today: date) -> str:
    """When an idea was last done, gently: "done yesterday", "last done 3 weeks ago".

    A day still ahead (an idea already planned) reads "planned for Saturday".
    """
    noon, today_noon = datetime.combine(day, time(12), UTC), datetime.combine(today, time(12), UTC)
    said = humanize.when(noon, today_noon, UTC, all_day=True)
    days = (today - day).days
    if days < 0:
        return f"planned for {said}"
    if days < 2:
        return f"done {said}"
    if days < 7:
        return f"done on {said}"
    if days < 14:
        return f"done {said}"
    return f"last done {said}"


class ChoiceBox(QComboBox, Generic[_Value]):
    """A drop-down of labelled values that gives back the very values it was given.

    (``currentData`` turns a ``StrEnum`` into a plain ``str`` on its way through Qt.)
    """

    def __init__(
        self, choices: Sequence[tuple[str, _Value]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._values = [value for _label, value in choices]
        for label, value in choices:
            self.addItem(label, value)

    def value(self) -> _Value:
        return self._values[max(self.currentIndex(), 0)]


def chip_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "chip")
    return label


class IdeaSummary(QFrame):
    """An idea as a card: title, one sentence, and its chips."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.box = layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(8)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.chip_row = QHBoxLayout()
        self.chip_row.setSpacing(6)
        self.budget, self.duration, self.setting = (chip_label("") for _ in range(3))
        self.done = chip_label("")
        for chip in (self.budget, self.duration, self.setting, self.done):
            self.chip_row.addWidget(chip)
        self.chip_row.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(self.chip_row)
        self.idea: Idea | None = None

    def show_idea(self, idea: Idea, done: str | None = None) -> None:
        """Show ``idea``; ``done`` is an extra chip such as "last done 3 weeks ago"."""
        self.idea = idea
        self.title.setText(idea.title)
        self.text.setText(idea.text)
        for chip, text in zip((self.budget, self.duration, self.setting), chips(idea), strict=True):
            chip.setText(text)
        self.done.setText(done or "")
        self.done.setVisible(bool(done))


def _font(base: QFont, *, size_delta: float = 0, bold: bool = False) -> QFont:
    font = QFont(base)
    if size_delta:
        font.setPointSizeF(max(base.pointSizeF() + size_delta, 6.0))
    font.setBold(bold)
    return font


class IdeaDelegate(QStyledItemDelegate):
    """Draws a row of an idea list: a small header, or a light card with two lines."""

    HEADER_HEIGHT = 34
    ROW_HEIGHT = 58
    MARGIN_X = 14
    GAP = 3
    RADIUS = 8.0

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        height = self.HEADER_HEIGHT if index.data(HeaderRole) else self.ROW_HEIGHT
        # Narrow on purpose: a list view stretches rows to its width, never the other way.
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        header: str | None = index.data(HeaderRole)
        if header:
            self._paint_header(painter, QRect(option.rect), header, option.font)
        else:
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            self._paint_row(painter, QRect(option.rect), index, option.font, selected)
        painter.restore()

    def _paint_header(self, painter: QPainter, rect: QRect, text: str, base: QFont) -> None:
        painter.setPen(theme.HEADER_INK)
        painter.setFont(_font(base, size_delta=0.5, bold=True))
        painter.drawText(
            rect.adjusted(self.MARGIN_X + 4, 8, -self.MARGIN_X, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            text,
        )

    def _paint_row(
        self, painter: QPainter, rect: QRect, index: _Index, base: QFont, selected: bool
    ) -> None:
        card = rect.adjusted(self.MARGIN_X, self.GAP, -self.MARGIN_X, -self.GAP)
        path = QPainterPath()
        path.addRoundedRect(card.toRectF(), self.RADIUS, self.RADIUS)
        painter.fillPath(path, theme.CARD_SELECTED if selected else theme.CARD)
        painter.setPen(QPen(theme.ACCENT if selected else theme.CARD_BORDER, 1.0))
        painter.drawPath(path)
        inner = card.adjusted(14, 6, -14, -6)
        title_font = _font(base, size_delta=0.5, bold=True)
        detail_font = _font(base, size_delta=-0.5)
        half = inner.height() // 2
        left_middle = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for font, colour, text, top in (
            (title_font, theme.INK, str(index.data(Qt.ItemDataRole.DisplayRole) or ""), 0),
            (detail_font, theme.INK_SOFT, str(index.data(DetailRole) or ""), half),
        ):
            elided = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, inner.width())
            painter.setFont(font)
            painter.setPen(colour)
            painter.drawText(
                QRect(inner.left(), inner.top() + top, inner.width(), half), left_middle, elided
            )
