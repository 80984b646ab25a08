"""Where the main window first opens: sized to the screen it is on, not a fixed size.

A fixed 900x720 was cut off on an 800x600 screen (the status bar and "Jump to date" out of
sight) and at 2x on a 1080p one. After the first start the window's own saved geometry
is used, which Qt keeps on a screen that still exists.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

#: What the timeline reads best at: cards of a comfortable line length, a page of them.
PREFERRED = QSize(960, 800)
#: Of the screen's free area (panels and docks left out), at most.
SHARE = 0.9


def first_geometry(available: QRect, minimum: QSize) -> QRect:
    """The preferred size, shrunk to fit ``available`` with a margin, centred in it; never
    below ``minimum`` unless the screen itself is smaller."""
    width = min(PREFERRED.width(), int(available.width() * SHARE))
    height = min(PREFERRED.height(), int(available.height() * SHARE))
    width = min(max(width, minimum.width()), available.width())
    height = min(max(height, minimum.height()), available.height())
    placed = QRect(0, 0, width, height)
    placed.moveCenter(available.center())
    return placed
