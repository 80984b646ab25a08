"""The timeline's "Keep for Our year": marks the selected note for the year's keepsake, or
takes the mark off, through ``household.entries.keep`` (one undo step).

Only a note needs the mark: memories and date nights are always in Our year, so on them
the action shows checked and cannot be changed; check-ins and goodbyes are never printed.
A refusal is told in words: a stale or vanished note in the status bar, a write the
database refused with the Try Again question (:func:`~closeness_desktop.ui.save_failures.
until_saved`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QAbstractItemModel, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QWidget

from closeness_desktop.records import (
    ConflictError,
    EntryKind,
    EntryRecord,
    NotFoundError,
    SaveError,
)
from closeness_desktop.ui.save_failures import this_entry, until_saved
from closeness_desktop.ui.shell import Shell

if TYPE_CHECKING:
    from closeness_desktop.household import Household

TEXT = "&Keep for Our year"
#: Ctrl+K is "Check in…" in the window's menu; Shift makes it this one, on the timeline.
SHORTCUT = "Ctrl+Shift+K"
ALWAYS_IN = "Memories and date nights are always in Our year."
NOTES_ONLY = "Only love notes, memories and date nights go into Our year."
MARK_TIP = "Print this note in Our year, the keepsake of its year (File > Our year as a PDF)."


class Timeline(Protocol):
    """What the action asks of the timeline page it sits on."""

    household: Household | None
    shell: Shell

    def selected_entry(self) -> EntryRecord | None: ...

    def refresh(self) -> None: ...


class KeepForOurYear(QObject):
    """The checkable action on ``page`` (a :class:`Timeline` widget), and what it does."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self._widget = page
        self._page = cast(Timeline, page)
        self.action = QAction(TEXT, page)
        self.action.setCheckable(True)
        self.action.setEnabled(False)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.action.triggered.connect(self.toggle)

    def attach(self, view: QAbstractItemView, model: QAbstractItemModel) -> None:
        """Follow ``view``'s selection and each reload of ``model`` (a mark just made, or
        made in another window)."""
        view.selectionModel().currentChanged.connect(self.follow)
        view.selectionModel().selectionChanged.connect(self.follow)
        model.modelReset.connect(self.follow)
        model.dataChanged.connect(self.follow)

    def follow(self, *_args: object) -> None:
        """Show the selected entry's mark."""
        record = self._page.selected_entry()
        kind = record.kind if record is not None else None
        always = kind in (EntryKind.MEMORY, EntryKind.PLAN)
        self.action.setEnabled(
            kind is EntryKind.NOTE and record is not None and record.deleted_at is None
        )
        self.action.setChecked(always or (record is not None and record.kept))
        tip = ALWAYS_IN if always else MARK_TIP if kind is EntryKind.NOTE else NOTES_ONLY
        self.action.setStatusTip(tip)
        self.action.setToolTip(tip)

    def toggle(self, _checked: bool = False) -> None:
        """Mark the selected note, or take its mark off: the opposite of what it has now
        (read from the note, not from the action, which a reload may not have caught up)."""
        record, household = self._page.selected_entry(), self._page.household
        if record is None or household is None or record.kind is not EntryKind.NOTE:
            self.follow()
            return
        keep = not record.kept
        headline = f"{this_entry(record.kind)} was not {'marked' if keep else 'unmarked'}"
        try:
            until_saved(
                self._widget,
                headline,
                lambda: household.entries.keep(record.id, keep, record.version, origin=self),
            )
        except (NotFoundError, ConflictError) as problem:
            self._page.shell.say(str(problem))
            self._page.refresh()  # show the note as it is now
            return
        except SaveError:  # the person chose Cancel after being told why
            self._page.shell.say(f"{headline}.")
            self.follow()
            return
        self.action.setChecked(keep)
        self._page.shell.say(
            "Kept for Our year." if keep else "Taken out of Our year.", undoable=True
        )


__all__ = ["SHORTCUT", "TEXT", "KeepForOurYear"]
