"""What the window says when the database refuses a write (busy past the wait, disk full,
read-only): the words, and the one question for actions that have no editor open.

A :class:`~closeness_desktop.records.SaveError` means nothing was written. An editor that
stays open shows :func:`words_kept` under its form; an action from a menu or a button
(delete, restore, undo) asks :func:`until_saved`'s Try Again / Cancel question instead,
so the person is told in words and decides, and a crash dialog never says
"database is locked".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from closeness_desktop.records import EntryKind, SaveError

#: What follows the reason in an editor that keeps its text.
STILL_HERE = "Your words are still here; try again."
TRY_AGAIN = "Try Again"

_Result = TypeVar("_Result")


def refused(headline: str, problem: SaveError) -> str:
    """``headline`` ("This idea was not added") with the reason: one sentence."""
    return f"{headline}: {problem}."


def words_kept(headline: str, problem: SaveError, still: str = STILL_HERE) -> str:
    """The line under an editor whose text stays in it, ready for a second Save."""
    return f"{refused(headline, problem)} {still}"


def this_entry(kind: EntryKind) -> str:
    """How a headline names one entry: "This note", "This memory"."""
    # Imported here: it loads the database layer, which the window paints without.
    from closeness_desktop.household.validation import kind_word

    return f"This {kind_word(kind)}"


def until_saved(
    parent: QWidget | None, headline: str, operation: Callable[[], _Result], still: str = ""
) -> _Result:
    """Run ``operation``; each time the database refuses it, ask whether to try again.

    Returns what ``operation`` returned once it went through. When the person chooses
    Cancel, the last :class:`SaveError` is raised again: nothing was written, and the
    caller ends its action there (they have been told why). ``still`` says what holds
    meanwhile ("It is still on your timeline."). Any other error passes straight through.
    """
    while True:
        try:
            return operation()
        except SaveError as problem:
            if not ask_to_try_again(parent, headline, refused(headline, problem), still):
                raise


def ask_to_try_again(parent: QWidget | None, headline: str, text: str, still: str = "") -> bool:
    """The Try Again / Cancel question; True for Try Again."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(headline)
    box.setText(text)
    if still:
        box.setInformativeText(still)
    again = box.addButton(TRY_AGAIN, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(again)
    box.exec()
    return box.clickedButton() is again
