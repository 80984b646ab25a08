"""The household's plain-Python ``changed`` event, delivered as a Qt signal on the GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from closeness_desktop.records import Change

if TYPE_CHECKING:
    from closeness_desktop.household import Household


class HouseholdBridge(QObject):
    #: one :class:`Change` per operation
    changed = Signal(object)

    def __init__(self, household: Household, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.household = household
        household.changed.connect(self._forward)

    def _forward(self, change: Change) -> None:
        # A queued emission would be needed from another thread; the household is only
        # changed from the GUI thread, where a direct emission keeps views in step at once.
        self.changed.emit(change)

    def detach(self) -> None:
        self.household.changed.disconnect(self._forward)
