"""File > "Our year as a PDF…" as the menu holds it: light to import, so the window paints
as fast as before; the dialogs and Qt's printing load with the first use (:mod:`.keepsake`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.ui.shell import Shell


def our_year_action(window: QWidget) -> QAction:
    """The action for ``window`` (the Shell), which has its household attached before the
    action is enabled."""
    action = QAction("Our &year as a PDF…", window)
    action.triggered.connect(lambda: start_our_year(window))
    window.addAction(action)
    return action


def start_our_year(window: QWidget) -> None:
    from closeness_desktop.ui.keepsake import OurYear

    household = cast("Household | None", getattr(window, "household", None))
    assert household is not None, "Our year waits for the household"
    OurYear(cast("Shell", window), household, window).start()
