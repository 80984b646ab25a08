"""Date and time fields a keyboard can get out of: Tab goes on to the next field (Qt's
own date fields walk day, month, year on Tab, which traps the keyboard in them; the arrow
keys still move between the parts). How a disabled field looks is the app's style
sheet's (:mod:`.theme_style`), in both themes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QWidget


class _TabLeaves(QObject):
    """Tab (and Shift+Tab) go to the next (previous) field, not the next part of a date."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        key, shift = event.key(), event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            return False  # Ctrl+Tab and friends belong to others
        QWidget.focusNextPrevChild(watched, key == Qt.Key.Key_Tab and not shift)
        return True


def tab_leaves(field: QAbstractSpinBox) -> None:
    """Make Tab leave ``field`` (a date or time field) for the next one."""
    field.installEventFilter(_TabLeaves(field))
