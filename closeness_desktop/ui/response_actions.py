"""The timeline's "React ▸" and "Reply…", and the read receipt a note gets when its
addressee opens it (expands its card, or opens it to read).

A sign goes through ``household.responses.react`` (choosing the one you sent again takes
it off), a reply through the :class:`~closeness_desktop.ui.reply_dialog.ReplyDialog`; both
are one undo step, both speak for the partner who is here. A refusal is told in words.
A sealed note is answered once it opens: until then nobody knows what it says.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from closeness_desktop.records import (
    Change,
    ConflictError,
    EntryKind,
    EntryRecord,
    NotFoundError,
    PartnerInfo,
    ReplyRecord,
    SaveError,
    Sign,
    ValidationError,
)
from closeness_desktop.ui.reply_dialog import ReplyDialog
from closeness_desktop.ui.save_failures import until_saved
from closeness_desktop.ui.shell import Shell
from closeness_desktop.ui.timeline_responses import PageResponses

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.ui.authorship import Authorship
    from closeness_desktop.ui.timeline_delegate import TimelineDelegate
    from closeness_desktop.ui.timeline_model import TimelineModel
    from closeness_desktop.ui.timeline_view import TimelineView

log = logging.getLogger(__name__)

REACT_TEXT = "Re&act"
REPLY_TEXT = "&Reply…"
CHANGE_TEXT = "&Change my reply…"
TAKE_BACK_TEXT = "Take &back my reply"
#: Free in the window's menus (Ctrl+K, Ctrl+Shift+K, Ctrl+N… are taken); on the timeline.
REPLY_SHORTCUT = "Ctrl+R"
NOBODY_HERE = "Say who's here first (Together ▸ Who's here?), so your answer is yours."
IN_TRASH = "Bring it back from the trash to answer it."
SEALED = "A sealed note can be answered once it opens."


class Timeline(Protocol):
    """What the actions ask of the timeline page they sit on."""

    household: Household | None
    shell: Shell
    authorship: Authorship

    def selected_entry(self) -> EntryRecord | None: ...


class ResponseActions(QObject):
    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self._widget = page
        self._page = cast(Timeline, page)
        self.loaded: PageResponses | None = None
        self.react_menu = QMenu(REACT_TEXT, page)
        self.signs: dict[Sign, QAction] = {}
        for sign in Sign:
            action = self.react_menu.addAction(f"{sign.glyph}  {sign.word.capitalize()}")
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, sign=sign: self.react(sign))
            self.signs[sign] = action
        self.act_reply = QAction(REPLY_TEXT, page)
        self.act_reply.setShortcut(QKeySequence(REPLY_SHORTCUT))
        self.act_reply.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_reply.triggered.connect(self.reply)
        self.act_change = QAction(CHANGE_TEXT, page)
        self.act_change.triggered.connect(self.change)
        self.act_take_back = QAction(TAKE_BACK_TEXT, page)
        self.act_take_back.triggered.connect(self.take_back)
        for action in self.actions:
            action.setEnabled(False)  # until an entry is chosen

    @property
    def actions(self) -> list[QAction]:
        """For the card's menu and the Edit menu."""
        return [self.react_menu.menuAction(), self.act_reply, self.act_change, self.act_take_back]

    def attach(
        self,
        household: Household,
        view: TimelineView,
        model: TimelineModel,
        delegate: TimelineDelegate,
    ) -> None:
        """Load the page's responses for its cards; follow the selection and the changes;
        count a note read when its addressee opens it."""
        here = self._page.shell
        self.loaded = PageResponses(
            household, model, delegate, view, self, here=lambda: _id_of(here.current_partner)
        )
        view.addAction(self.act_reply)
        selection = view.selectionModel()
        selection.currentChanged.connect(self.follow)
        selection.selectionChanged.connect(self.follow)
        model.modelReset.connect(self.follow)
        self._page.shell.changed.connect(self._changed)
        delegate.opened.connect(self.read)
        self._page.authorship.act_open.triggered.connect(self.read_selected)
        view.doubleClicked.connect(self.read_selected)

    def _changed(self, change: Change) -> None:
        if self.loaded is not None:
            self.loaded.changed(change)
        self.follow()

    def _mine(self) -> Sign | None:
        record, here = self._page.selected_entry(), self._page.shell.current_partner
        if record is None or here is None or self.loaded is None:
            return None
        found = self.loaded.get(record.id)
        return found.sign_of(here.id) if found is not None else None

    def follow(self, *_args: object) -> None:
        """On for an entry on the timeline when someone has said who is here."""
        if self.loaded is not None:
            self.loaded.viewer_changed()  # a question's answers as the one here may see them
        record, here = self._page.selected_entry(), self._page.shell.current_partner
        why = None
        if record is not None and record.deleted_at is not None:
            why = IN_TRASH
        elif record is not None and record.sealed:
            why = SEALED
        elif here is None:
            why = NOBODY_HERE
        on = record is not None and why is None
        mine = self._mine()
        for sign, action in self.signs.items():
            action.setChecked(sign is mine)
        for action in self.actions:
            action.setEnabled(on)
            action.setToolTip(why or "")
            action.setStatusTip(why or "")
        has_reply = on and self._my_reply() is not None
        self.act_change.setEnabled(has_reply)
        self.act_take_back.setEnabled(has_reply)

    def react(self, sign: Sign) -> None:
        """Send ``sign`` on the selected entry, or take it off if it is the one already sent."""
        record, household = self._page.selected_entry(), self._page.household
        here = self._page.shell.current_partner
        if record is None or household is None or here is None:
            self.follow()
            return
        again = self._mine() is sign
        rooms = household.responses

        def write() -> None:
            if again:
                rooms.unreact(record.id, by=here.id, origin=self)
            else:
                rooms.react(record.id, sign, by=here.id, origin=self)

        if self._tried(write, "This sign was not sent"):
            said = "Sign taken off." if again else f"Sent {sign.word}."
            self._page.shell.say(said, undoable=True)

    def reply(self) -> None:
        """Answer the selected entry in a few words."""
        record, household = self._page.selected_entry(), self._page.household
        here = self._page.shell.current_partner
        if record is None or household is None or here is None:
            self.follow()
            return
        dialog = ReplyDialog(household, record, here.id, self._widget)
        if dialog.exec() and dialog.saved is not None:
            self._page.shell.say("Reply sent.", undoable=True)

    def _my_reply(self) -> ReplyRecord | None:
        """The newest reply of the one here on the selected entry (a question's answers are
        not replies: they change in the question's own dialog)."""
        record, here = self._page.selected_entry(), self._page.shell.current_partner
        if record is None or here is None or self.loaded is None:
            return None
        found = self.loaded.get(record.id)
        if found is None or record.kind is EntryKind.PROMPT:
            return None
        mine = [reply for reply in found.replies if reply.author_id == here.id]
        return mine[-1] if mine else None

    def change(self) -> None:
        """Change the one here's newest reply on the selected entry."""
        record, reply, household = (
            self._page.selected_entry(),
            self._my_reply(),
            self._page.household,
        )
        here = self._page.shell.current_partner
        if record is None or reply is None or household is None or here is None:
            self.follow()
            return
        dialog = ReplyDialog(household, record, here.id, self._widget, editing=reply)
        if dialog.exec() and dialog.saved is not None:
            self._page.shell.say("Reply changed.", undoable=True)

    def take_back(self) -> None:
        """Take away the reply of the one here on the selected entry; Undo brings it back."""
        reply, household = self._my_reply(), self._page.household
        here = self._page.shell.current_partner
        if reply is None or household is None or here is None:
            self.follow()
            return

        def write() -> None:
            household.responses.delete_reply(reply.id, by=here.id, origin=self)

        if self._tried(write, "Your reply was not taken back"):
            self._page.shell.say("Reply taken back.", undoable=True)

    def read_selected(self, *_args: object) -> None:
        """The selected entry was opened (Return, a double-click)."""
        self.read(self._page.selected_entry())

    def read(self, record: EntryRecord | None) -> None:
        """The person here opened ``record``: a receipt, if it was for them."""
        household, here = self._page.household, self._page.shell.current_partner
        if record is None or household is None or here is None:
            return
        if record.read_at is not None or record.deleted_at is not None or record.sealed:
            return  # read already, opened in the trash, or sealed (nothing read yet)
        try:
            household.entries.mark_read(record.id, here.id, origin=self)
        except (SaveError, NotFoundError) as problem:
            # Only a receipt: the next opening writes it. Logged without the note's words.
            log.warning("a read receipt was not written: %s", problem)

    def _tried(self, write: Callable[[], None], headline: str) -> bool:
        try:
            until_saved(self._widget, headline, write)
        except (NotFoundError, ConflictError, ValidationError) as problem:
            self._page.shell.say(str(problem))
            return False
        except SaveError:  # the person chose Cancel after being told why
            self._page.shell.say(f"{headline}.")
            return False
        return True


__all__ = ["REPLY_SHORTCUT", "ResponseActions"]


def _id_of(partner: PartnerInfo | None) -> uuid.UUID | None:
    return partner.id if partner is not None else None
