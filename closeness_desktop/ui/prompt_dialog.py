"""A question for the two of you: the deck's next one (Together ▸ A question for us…) or a
prompt entry opened from the timeline, with your answer and, once you have both answered,
theirs. Until then it only says that they answered, and when."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop import humanize
from closeness_desktop.records import (
    ConflictError,
    EntryRecord,
    NotFoundError,
    SaveError,
    ValidationError,
)
from closeness_desktop.ui.forms import FormDialog
from closeness_desktop.ui.save_failures import words_kept
from closeness_desktop.ui.shell import Shell

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.household.prompts import PromptAnswers

log = logging.getLogger(__name__)

SHORTCUT = "Ctrl+J"
NOBODY_HERE = "Say who's here first (Together ▸ Who's here?): each of you answers for yourself."
NOT_SAVED = "Your answer was not saved"
THEMES = {
    "communication": "Talking and listening",
    "vulnerability": "Letting each other in",
    "empathy": "In each other's shoes",
    "growing_together": "Growing together",
    "fun": "Just for fun",
}


def answered_on(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """ "today", "yesterday", "on Tuesday" within the week, else "on Fri 4 December"."""
    day, today = moment.astimezone(zone).date(), now.astimezone(zone).date()
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"on {humanize.day_name(day).split()[0]}"  # the weekday alone: "on Tuesday"
    return f"on {humanize.short_day(day, today)}"


class PromptDialog(FormDialog):
    """One question: the deck's (``entry_id`` None, with "Another question") or an entry's."""

    discard_title = "Leave your answer?"
    discard_text = "You have written an answer here. Close without saving it?"

    def __init__(
        self,
        household: Household,
        viewer: uuid.UUID,
        *,
        entry_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.household = household
        self.viewer = viewer
        self.entry_id = entry_id
        self.saved = False
        self._prompt_key = ""
        self._answers: PromptAnswers | None = None
        self.setWindowTitle("A question for us")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        self.theme = QLabel()
        self.theme.setProperty("role", "soft")
        self.question = QLabel()
        self.question.setObjectName("promptQuestion")
        self.question.setWordWrap(True)
        font = self.question.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.question.setFont(font)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.mine_label = QLabel("Your answer")
        self.answer = QPlainTextEdit()
        self.answer.setPlaceholderText("A few lines is plenty.")
        self.answer.setTabChangesFocus(True)
        self.answer.setMaximumHeight(140)  # a few lines, as the question asks
        self.mine_label.setBuddy(self.answer)
        self.theirs_label = QLabel()
        self.theirs = QLabel()
        self.theirs.setWordWrap(True)
        self.theirs.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self.theme, self.question, self.status, self.mine_label, self.answer):
            layout.addWidget(widget)
        layout.addWidget(self.theirs_label)
        layout.addWidget(self.theirs)
        self.add_error_line(layout)
        self.another = QPushButton("Another question")
        self.another.setToolTip("Put this one at the back of the deck and show the next")
        self.another.clicked.connect(self.skip)
        layout.addWidget(self.another, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_save_buttons(layout, "Save my answer")
        for box in self.findChildren(QDialogButtonBox):  # nothing is lost by closing: "Close"
            box.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
        self.refresh()

    def _name(self, partner_id: uuid.UUID) -> str:
        return self.household.partners.get(partner_id).name

    def _other_name(self) -> str:
        others = [p for p in self.household.partners.all() if p.id != self.viewer]
        return others[0].name if others else "Your partner"

    def refresh(self) -> None:
        """Show the question and the answers as they stand now."""
        if self.entry_id is None:
            prompt = self.household.prompts.next_prompt()
            self._prompt_key, question = prompt.key, prompt.text
            self.theme.setText(THEMES.get(prompt.theme.value, ""))
            self._answers = None
        else:
            self._answers = self.household.prompts.answers(self.entry_id, self.viewer)
            self._prompt_key, question = self._answers.prompt_key, self._answers.question
            self.theme.setText("")
        self.theme.setVisible(bool(self.theme.text()))
        self.question.setText(question)
        self.another.setVisible(self.entry_id is None)
        self._show_answers()

    def _show_answers(self) -> None:
        answers, other = self._answers, self._other_name()
        mine = answers.mine if answers else None
        theirs = answers.theirs if answers else None
        both = theirs is not None and theirs.body is not None
        if mine is not None:
            self.answer.setPlainText(mine.body or "")
        self.save_button.setText("Save my answer" if mine is None else "Save changes")
        self.theirs_label.setText(f"{self._name(theirs.partner_id)}'s answer" if theirs else "")
        self.theirs.setText(theirs.body or "" if both and theirs else "")
        self.theirs_label.setVisible(both)
        self.theirs.setVisible(both)
        clock = self.household.clock
        if theirs is not None and mine is None:
            when = answered_on(theirs.answered_at, clock.now(), clock.local_zone())
            status = f"{other} answered {when}. Write yours to read theirs."
        elif mine is not None and theirs is None:
            status = f"Yours is saved. {other} will read it once they have answered too."
        else:
            status = ""
        self.status.setText(status)
        self.status.setVisible(bool(status))

    def skip(self) -> None:
        try:
            self.household.prompts.skip(origin=self)
        except SaveError as problem:
            self.show_error(f"The next question could not be shown: {problem}.")
            return
        self.error.hide()
        self.refresh()

    def is_dirty(self) -> bool:
        mine = self._answers.mine if self._answers else None
        return self.answer.toPlainText().strip() != ((mine.body or "") if mine else "")

    def save(self) -> None:
        text = self.answer.toPlainText()
        mine = self._answers.mine if self._answers else None
        if mine is not None and not self.is_dirty():
            self.accept()
            return
        prompts = self.household.prompts
        try:
            if mine is not None and self.entry_id is not None:
                prompts.edit_answer(self.entry_id, text, self.viewer, mine.version, origin=self)
            else:
                self.entry_id = prompts.answer(
                    self._prompt_key, text, self.viewer, entry_id=self.entry_id, origin=self
                )
        except SaveError as problem:
            self.show_error(words_kept(NOT_SAVED, problem))
            return
        except (ValidationError, ConflictError, NotFoundError) as problem:
            log.info("An answer was refused: %s", type(problem).__name__)
            self.show_error(str(problem))
            return
        self.saved = True
        self.error.hide()
        self.refresh()


def ask(
    shell: Shell, household: Household | None, parent: QWidget, entry_id: uuid.UUID | None = None
) -> None:
    """Open the question (the deck's next, or ``entry_id``'s) for whoever is here."""
    here = shell.current_partner
    if household is None:
        return
    if here is None:
        shell.say(NOBODY_HERE)
        return
    if entry_id is None:  # the one the other answered comes first: they wait to read yours
        entry_id = household.prompts.waiting_for(here.id)
    dialog = PromptDialog(household, here.id, entry_id=entry_id, parent=parent)
    dialog.exec()
    if dialog.saved:
        shell.say("Your answer is saved.", undoable=True)


def open_entry(
    shell: Shell, household: Household | None, record: EntryRecord, parent: QWidget
) -> None:
    """A prompt entry opened on the timeline (double-click, Return, Edit)."""
    ask(shell, household, parent, record.id)


def question_action(shell: Shell, window: QWidget, household: Household | None = None) -> QAction:
    """Together ▸ A question for us…; ``household`` is read from ``window`` when it opens."""
    action = QAction("A &question for us…", window)
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setStatusTip("One of our conversation questions, to answer together")

    def run() -> None:
        ask(shell, household or getattr(window, "household", None), window)

    action.triggered.connect(run)
    window.addAction(action)  # its shortcut works with the menu bar hidden too
    return action
