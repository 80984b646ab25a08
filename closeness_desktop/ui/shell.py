"""What a page may ask of the window around it, and nothing more.

Pages (the timeline, the planner, the idea jar) and the File menu's helpers take a
:class:`Shell` instead of the main window: they hear the household's changes, learn who is
at the computer and say a line in the status bar. Anything else (opening another page,
switching tabs) they ask for with a signal of their own, which the window connects. So no
page imports the window, and the window is free to change its menus and tabs.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import SignalInstance

from closeness_desktop.records import PartnerInfo


class Shell(Protocol):
    @property
    def changed(self) -> SignalInstance:
        """The household's changes as a Qt signal: one :class:`~closeness_desktop.records.Change`
        per operation, on the GUI thread."""
        ...

    @property
    def current_partner(self) -> PartnerInfo | None:
        """Who is at the computer: what they write is theirs by default (None: nobody said)."""
        ...

    def say(self, message: str, *, undoable: bool = False) -> None:
        """Show ``message`` for a while; ``undoable`` adds the one hint on how to undo it."""
        ...
