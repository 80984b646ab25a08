"""A few words in answer to an entry: "Reply…" on the timeline, and "Change my reply…".

The reply goes through ``household.responses.reply`` (one undo step). What was typed stays
in the box when the database refuses the write, with the reason under it, ready to save
again; a refusal a person can correct (empty, too long) is said the same way.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from closeness_desktop import humanize
from closeness_desktop.records import (
    ConflictError,
    EntryRecord,
    NotFoundError,
    ReplyRecord,
    SaveError,
    ValidationError,
)
from closeness_desktop.ui.forms import FormDialog
from closeness_desktop.ui.save_failures import words_kept

if TYPE_CHECKING:
    from closeness_desktop.household import Household

TITLE = "Reply"
#: Shown before anything is typed: a nudge, not an instruction.
PLACEHOLDER = "A few warm words back…"
NOT_SAVED = "This reply was not saved"
#: The entry's words the dialog shows above the box, so you know what you answer.
QUOTE_CHARS = 140


class ReplyDialog(FormDialog):
    discard_title = "Discard this reply?"
    discard_text = "You have started a reply. Close without saving it?"

    def __init__(
        self,
        household: Household,
        entry: EntryRecord,
        by: uuid.UUID,
        parent: QWidget | None = None,
        *,
        editing: ReplyRecord | None = None,
    ) -> None:
        super().__init__(parent)
        self._household = household
        self._entry = entry
        self._by = by
        #: the reply being changed (None: a new one)
        self.editing = editing
        #: the reply once saved
        self.saved: ReplyRecord | None = None
        self.setWindowTitle(TITLE)
        layout = QVBoxLayout(self)
        names = household.partners.names()
        words = " ".join(humanize.headline(entry).split())
        if len(words) > QUOTE_CHARS:
            words = words[: QUOTE_CHARS - 1].rstrip() + "…"
        self.quote = QLabel(f"{names.get(entry.author_id, '')}: “{words}”")
        self.quote.setWordWrap(True)
        self.quote.setProperty("role", "hint")
        layout.addWidget(self.quote)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(PLACEHOLDER)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName("Your reply")
        layout.addWidget(self.text)
        self.add_error_line(layout)
        if editing is not None:
            self.text.setPlainText(editing.body)
        self.add_save_buttons(layout, "Send reply" if editing is None else "Save reply")
        self.resize(460, 240)

    def is_dirty(self) -> bool:
        typed = self.text.toPlainText().strip()
        before = self.editing.body if self.editing is not None else ""
        return self.saved is None and typed != before.strip()

    def save(self) -> None:
        responses, text = self._household.responses, self.text.toPlainText()
        try:
            if self.editing is None:
                self.saved = responses.reply(self._entry.id, text, by=self._by, origin=self)
            else:
                reply = self.editing
                self.saved = responses.edit_reply(
                    reply.id, text, reply.version, by=self._by, origin=self
                )
        except SaveError as problem:
            self.show_error(words_kept(NOT_SAVED, problem))
            return
        except (ValidationError, NotFoundError, ConflictError) as problem:
            self.show_error(str(problem))
            return
        self.accept()
