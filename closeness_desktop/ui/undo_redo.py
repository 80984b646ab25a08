"""Edit > Undo and Redo, and the one line that says how to undo.

The actions' words come from the household's history ("&Undo add note"). When the step
would go over a newer change (the other partner's, or one made on another computer) the
history refuses and keeps the step; here the person is asked, in words, and the step is
taken anyway only on Yes. Nothing is overwritten silently.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from closeness_desktop.records import ConflictError, NotFoundError, SaveError
from closeness_desktop.ui.conflicts import step_question
from closeness_desktop.ui.save_failures import until_saved

if TYPE_CHECKING:
    from closeness_desktop.household import Household


class UndoRedo(QObject):
    """The two Edit menu actions over ``window``; ``say`` shows how a step went."""

    def __init__(self, window: QWidget, say: Callable[[str], None]) -> None:
        super().__init__(window)
        self.window = window
        self.say = say
        self.household: Household | None = None
        std = QKeySequence.StandardKey
        self.undo_action = self._action("&Undo", std.Undo, self.undo)
        self.redo_action = self._action("&Redo", std.Redo, self.redo)

    def _action(self, text: str, keys: QKeySequence.StandardKey, slot: object) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        action.setEnabled(False)
        self.window.addAction(action)
        return action

    def attach(self, household: Household) -> None:
        self.household = household
        self.update()

    def hint(self) -> str:
        """How to undo what was just done, in the words of the Undo shortcut."""
        keys = self.undo_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        return f"Undo with {keys}." if keys else "Undo it from the Edit menu."

    def update(self) -> None:
        """Name the steps there are to undo and redo (after every change)."""
        if self.household is None:
            return
        undo, redo = self.household.history.undo_text(), self.household.history.redo_text()
        self.undo_action.setEnabled(undo is not None)
        self.undo_action.setText(f"&Undo {undo}" if undo else "&Undo")
        self.redo_action.setEnabled(redo is not None)
        self.redo_action.setText(f"&Redo {redo}" if redo else "&Redo")

    def undo(self) -> None:
        self._step(undo=True)

    def redo(self) -> None:
        self._step(undo=False)

    def _step(self, *, undo: bool) -> None:
        if self.household is None:
            return
        history = self.household.history
        run = history.undo if undo else history.redo
        nothing = f"Nothing was {'undone' if undo else 'redone'}"
        # A refused write leaves the step where it was: Try Again takes the same step.
        still = f"It stays ready to {'undo' if undo else 'redo'}."
        done: str | None = None
        try:
            try:
                done = until_saved(self.window, nothing, partial(run, origin=self.window), still)
            except ConflictError as problem:
                # Changed since, here or elsewhere: the step stays until the person says.
                if self._ask_anyway(problem, undo=undo):
                    anyway = partial(run, force=True, origin=self.window)
                    done = until_saved(self.window, nothing, anyway, still)
                else:
                    self.say(f"{nothing}; the newer change stays.")
        except (NotFoundError, ConflictError) as problem:
            self.say(f"Could not {'undo' if undo else 'redo'} that: {problem}")
        except SaveError:  # the person chose Cancel after being told why
            self.say(f"{nothing}.")
        if done:
            self.say(f"{'Undone' if undo else 'Redone'}: {done}.")
        self.update()  # a step gone for good is dropped without an announcement

    def _ask_anyway(self, problem: ConflictError, *, undo: bool) -> bool:
        assert self.household is not None
        text = step_question(problem, self.household.clock.local_zone(), undo=undo)
        answer = QMessageBox.question(
            self.window,
            "Undo anyway?" if undo else "Redo anyway?",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
