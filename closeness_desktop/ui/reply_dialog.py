"""A few words in answer to an entry: "Reply…" on the timeline.

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
    ) -> None:
        super().__init__(parent)
        self._household = household
        self._entry = entry
        self._by = by
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
        self.add_save_buttons(layout, "Send reply")
        self.resize(460, 240)

    def is_dirty(self) -> bool:
        return self.saved is None and bool(self.text.toPlainText().strip())

    def save(self) -> None:
        try:
            self.saved = self._household.responses.reply(
                self._entry.id, self.text.toPlainText(), by=self._by, origin=self
            )
        except SaveError as problem:
            self.show_error(words_kept(NOT_SAVED, problem))
            return
        except (ValidationError, NotFoundError, ConflictError) as problem:
            self.show_error(str(problem))
            return
        self.accept()
