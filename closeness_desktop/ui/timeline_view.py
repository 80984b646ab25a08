"""The list that shows timeline cards (in the window and in the trash).

Cards have heights of their own (see :mod:`card_layout`); Space or Return opens a long
card in place and closes it again, the arrows move from card to card.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import QListView, QWidget

from closeness_desktop.ui.timeline_delegate import TimelineDelegate

_OPEN_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)


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

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
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
