"""An in-app banner: how a notification reaches someone when nothing else can show it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.companion.notifications.message import Notification

#: Banners shown at once; a new one takes the place of the oldest.
MAX_BANNERS = 3


def add_banner(area: QBoxLayout, banner: Banner) -> None:
    """Put ``banner`` last in ``area``, dropping the oldest beyond :data:`MAX_BANNERS`."""
    while area.count() >= MAX_BANNERS:
        item = area.takeAt(0)
        old = item.widget() if item is not None else None
        if old is not None:
            old.deleteLater()
    area.addWidget(banner)


class Banner(QFrame):
    """One notification, with its action buttons and a close button."""

    acted = Signal(str, str)  # tag, action id
    dismissed = Signal(str)  # tag

    def __init__(self, notification: Notification, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tag = notification.tag
        self.setObjectName("banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 8, 8)
        text = QVBoxLayout()
        title = QLabel(notification.title)
        title.setStyleSheet("font-weight: 600;")
        text.addWidget(title)
        if notification.body:
            body = QLabel(notification.body)
            body.setWordWrap(True)
            body.setTextFormat(Qt.TextFormat.PlainText)
            text.addWidget(body)
        layout.addLayout(text, 1)
        for action_id, label in notification.actions:
            button = QPushButton(label)
            button.clicked.connect(lambda _c=False, a=action_id: self._act(a))
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        close = QPushButton("×")  # noqa: RUF001 (a multiplication sign reads as "close")
        close.setToolTip("Dismiss")
        close.setFixedWidth(28)
        close.clicked.connect(self._dismiss)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)

    def _act(self, action_id: str) -> None:
        self.acted.emit(self.tag, action_id)
        self._dismiss()

    def _dismiss(self) -> None:
        self.dismissed.emit(self.tag)
        self.hide()
        self.deleteLater()
