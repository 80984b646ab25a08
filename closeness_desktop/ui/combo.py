"""Small helpers for combo boxes."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def index_of(combo: QComboBox, value: object) -> int:
    """The row holding ``value``, or -1; ``findData`` only finds the very same object."""
    for row in range(combo.count()):
        if combo.itemData(row) == value:
            return row
    return -1
