"""Whose words are whose on the timeline: only its author edits or deletes an entry.

The other partner's entry opens for reading (the composer, read-only); Edit and Delete are
off for it and say why. When nobody has said who is here, entries open for reading too,
and the author may say "I'm Sam" there to change theirs. A date night belongs to both. The
household refuses the same writes (``by=``): this keeps the doors honest, it is not the lock.
A sealed note stays as it was sealed until it opens: it has nothing to open yet, nobody
edits it, and its author may still delete it.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from closeness_desktop.records import (
    ConflictError,
    EntryKind,
    EntryRecord,
    NotFoundError,
    SaveError,
    ValidationError,
)
from closeness_desktop.ui import prompt_dialog
from closeness_desktop.ui.card_private import opening_words
from closeness_desktop.ui.composer import CLAIMED, KINDS, Composer
from closeness_desktop.ui.save_failures import this_entry, until_saved
from closeness_desktop.ui.shell import Shell

if TYPE_CHECKING:
    from closeness_desktop.household import Household

EDIT_TEXT = "Change this entry"
DELETE_TEXT = "Move this entry to the trash"
SEALED_STAYS = "A sealed note stays as it was sealed until it opens."
NOBODY_HERE = (
    "Nobody has said who is here yet (Together ▸ Who's here?): only an entry's author can"
    " change it."
)


class EntryPage(Protocol):
    """What the timeline page lends: its selection, its editor and its two actions."""

    shell: Shell
    household: Household | None
    act_edit: QAction
    act_delete: QAction

    def selected_entry(self) -> EntryRecord | None: ...

    def edit_selected(self) -> None: ...


class Authorship(QObject):
    """Open, Edit and Delete for the timeline's selected entry, by who wrote it."""

    #: the author said "I'm Sam" in the read-only view: a partner id for the window
    partner_chosen = Signal(object)

    def __init__(self, page: EntryPage, parent: QWidget) -> None:
        super().__init__(parent)
        self._page = page
        self._parent = parent
        #: Return and double-click: the editor for one's own words, else the reading view.
        self.act_open = QAction("&Open entry", parent)
        self.act_open.setShortcut(QKeySequence("Return"))
        self.act_open.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_open.triggered.connect(self.open_selected)
        self.act_open.setEnabled(False)  # until an entry is chosen

    def here_id(self) -> uuid.UUID | None:
        here = self._page.shell.current_partner
        return here.id if here is not None else None

    def _name(self, partner_id: uuid.UUID) -> str:
        household = self._page.household
        if household is None:
            return ""
        return next((p.name for p in household.partners.all() if p.id == partner_id), "")

    def delete_refusal(self, record: EntryRecord) -> str | None:
        """Why the person here may not delete ``record`` (None: they may)."""
        here = self.here_id()
        if here is None:
            return NOBODY_HERE
        if record.author_id != here and record.kind is not EntryKind.PLAN:
            name = self._name(record.author_id)
            return f"{name} wrote this, so only {name} can change or delete it."
        return None

    def edit_refusal(self, record: EntryRecord) -> str | None:
        """Why the person here may not edit ``record`` (None: they may)."""
        if record.kind is EntryKind.PROMPT:  # each answers it, for themselves
            return None if self.here_id() is not None else NOBODY_HERE
        why = self.delete_refusal(record)
        if why is None and record.kind not in KINDS:
            return "A goodbye stays as it was said."
        if why is None and record.sealed:
            return SEALED_STAYS
        return why

    def refresh(self, *_args: object) -> None:
        """Turn Edit and Delete on or off for the selected entry, saying why when off."""
        record = self._page.selected_entry()
        self.act_open.setEnabled(record is not None)
        doors = (
            (self._page.act_edit, self.edit_refusal, EDIT_TEXT),
            (self._page.act_delete, self.delete_refusal, DELETE_TEXT),
        )
        for action, refusal, usual in doors:
            why = refusal(record) if record is not None else None
            action.setEnabled(record is not None and why is None)
            action.setToolTip(why or usual)
            action.setStatusTip(why or "")

    def open_selected(self) -> None:
        """The selected entry in the editor if it is the person's own, else to read."""
        record = self._page.selected_entry()
        household = self._page.household
        if record is None or household is None:
            return
        if record.kind is EntryKind.PROMPT:  # not the composer: the question's own dialog
            prompt_dialog.open_entry(self._page.shell, household, record, self._parent)
            return
        if record.sealed:  # nothing to read yet: say when there will be
            names = {each.id: each.name for each in household.partners.all()}
            clock = household.clock
            when = opening_words(record, names, clock.now(), clock.local_zone())
            self._page.shell.say(f"This note is sealed: it {when}.")
            return
        if self.edit_refusal(record) is None:
            self._page.edit_selected()
            return
        by = self.here_id()
        view = Composer(
            household, record.kind, editing=record, by=by, read_only=True, parent=self._parent
        )
        if view.exec() == CLAIMED:
            self.partner_chosen.emit(record.author_id)
            self.refresh()
            if self.here_id() == record.author_id:
                self._page.edit_selected()

    def delete_selected(self) -> None:
        """Move the selected entry to the trash, if the person here wrote it."""
        record = self._page.selected_entry()
        household, shell = self._page.household, self._page.shell
        if record is None or household is None:
            return
        why = self.delete_refusal(record)
        if why is not None:
            shell.say(why)
            return
        delete, by = household.entries.delete, self.here_id()
        try:
            until_saved(
                self._parent,
                f"{this_entry(record.kind)} was not deleted",
                lambda: delete(record.id, by=by, origin=self._page),
                "It is still on your timeline.",
            )
        except (NotFoundError, ConflictError, ValidationError) as problem:
            shell.say(str(problem))
            return
        except SaveError:  # the person chose Cancel after being told why
            shell.say(f"{this_entry(record.kind)} was not deleted.")
            return
        shell.say("Moved to the trash.", undoable=True)
