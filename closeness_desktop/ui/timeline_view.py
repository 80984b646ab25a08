"""The list that shows timeline cards (in the window and in the trash).

Cards have heights of their own (see :mod:`card_layout`); Space or Return opens a long
card in place and closes it again, the arrows move from card to card.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import QListView, QWidget

from closeness_desktop.ui.timeline_delegate import TimelineDelegate

_OPEN_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
#: Cards measured before the list paints: more than a tall screen holds of short ones.
LAYOUT_BATCH = 24
_Index = QModelIndex | QPersistentModelIndex


class TimelineView(QListView):
    """The timeline list; says once when it has painted its first entries."""

    first_painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._painted = False
        self.setObjectName("timeline")
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setMouseTracking(False)
        # Cards take the width they are given; they never scroll sideways.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Cards are measured at the list's width: a scroll bar that came and went with the
        # first page would change it, and every loaded card would be measured again.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setBatchSize(LAYOUT_BATCH)  # see _measure_in_batches

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            model.modelAboutToBeReset.connect(self._measure_in_batches)

    def _measure_in_batches(self) -> None:
        # A page that replaces the list (the first one, a search's results) is measured a
        # screenful at a time: its first cards paint before the rest are measured. Only
        # until it has painted: in batches, any later layout (rows added, a card opened)
        # would shrink the scroll range to one batch and drop the reader's place.
        self.setLayoutMode(QListView.LayoutMode.Batched)

    def lay_out_now(self) -> None:
        """Measure every loaded card now: before a scroll to a row or to a position that
        the batches measured so far may not reach."""
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
        self.executeDelayedItemsLayout()
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        if rows and not self.visualRect(model.index(rows - 1, 0)).isValid():
            self.doItemsLayout()

    def scrollTo(
        self, index: _Index, hint: QListView.ScrollHint = QListView.ScrollHint.EnsureVisible
    ) -> None:
        if index.isValid() and not self.visualRect(index).isValid():
            self.lay_out_now()  # a row the batches have not reached has no place yet
        super().scrollTo(index, hint)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.layoutMode() is QListView.LayoutMode.Batched:
            self.setLayoutMode(QListView.LayoutMode.SinglePass)  # the rest come in batches
        model = self.model()
        if not self._painted and model is not None and model.rowCount() > 0:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    # -- reading a long card ------------------------------------------------------------

    def can_open_current(self) -> bool:
        """Whether the current card is long enough to open or close."""
        delegate = self.itemDelegate()
        index = self.currentIndex()
        return (
            isinstance(delegate, TimelineDelegate)
            and index.isValid()
            and delegate.can_open(index, self.viewport().width(), self.font())
        )

    def toggle_current(self) -> bool:
        """Open the current card in place, or close it; False when it has nothing more."""
        delegate = self.itemDelegate()
        index = self.currentIndex()
        if not isinstance(delegate, TimelineDelegate) or not index.isValid():
            return False
        if not delegate.toggle(index, self.viewport().width(), self.font()):
            return False
        self.scrollTo(index)  # a card closed from far below its top comes back into sight
        return True

    def event(self, event: QEvent) -> bool:
        # Return is also the Edit action's shortcut: on a long card it opens the card first.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in _OPEN_KEYS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and self.can_open_current()
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in _OPEN_KEYS and plain and self.toggle_current():
            event.accept()
            return
        super().keyPressEvent(event)
