"""After a date night: a line from each of you, kept as a memory on the timeline; asked
by the tray, the planner ("How was it?", and "Mark as done") and the timeline's cards."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.records import (
    ConflictError,
    NotFoundError,
    PartnerInfo,
    SaveError,
    ValidationError,
)
from closeness_desktop.ui.save_failures import words_kept

if TYPE_CHECKING:
    from closeness_desktop.household import Household

LINE_MAX = 300


class AfterDateDialog(QDialog):
    """``keep`` stores the lines on "Keep it as a memory" and returns what to say once the
    dialog closes; while it raises :class:`SaveError` the dialog stays open, saying why."""

    def __init__(
        self,
        title: str,
        partners: Sequence[PartnerInfo],
        parent: QWidget | None = None,
        keep: Callable[[Mapping[uuid.UUID, str]], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.keep = keep
        self.told = ""
        self.setWindowTitle("How was it?")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        heading = QLabel(f"How was “{title}”?")
        heading.setProperty("role", "title")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        hint = QLabel("A line from each of you, and it stays on your timeline as a memory.")
        hint.setWordWrap(True)
        hint.setProperty("role", "soft")
        layout.addWidget(hint)
        form = QFormLayout()
        self.lines: dict[uuid.UUID, QLineEdit] = {}
        for partner in partners:
            field = QLineEdit()
            field.setMaxLength(LINE_MAX)
            field.setPlaceholderText("What you'll want to remember")
            form.addRow(partner.name, field)
            self.lines[partner.id] = field
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        keep_it = buttons.addButton("Keep it as a memory", QDialogButtonBox.ButtonRole.AcceptRole)
        keep_it.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def said(self) -> dict[uuid.UUID, str]:
        return {pid: field.text() for pid, field in self.lines.items()}

    def accept(self) -> None:
        if self.keep is not None:
            try:
                self.told = self.keep(self.said())
            except SaveError as problem:  # nothing was written: both lines stay here
                self.error.setText(words_kept("This memory was not kept", problem))
                self.error.show()
                return
        super().accept()


def tell_how_it_was(
    household: Household, uid: str, original_start: datetime, parent: QWidget | None = None
) -> str | None:
    """Ask how one evening was and keep the lines as a memory (the evening is then done);
    what to say afterwards, or None if the dialog was closed without keeping anything."""
    try:
        title = household.plans.get(uid).plan.title
    except NotFoundError as problem:
        return str(problem)

    def keep(lines: Mapping[uuid.UUID, str]) -> str:
        # A SaveError passes to the dialog, which stays open with both lines in it.
        try:
            household.plans.remember(uid, original_start, lines, origin=parent)
        except (NotFoundError, ValidationError, ConflictError) as problem:
            return f"Could not keep it: {problem}"
        return "Kept as a memory on your timeline."

    dialog = AfterDateDialog(title, household.partners.all(), parent, keep=keep)
    return dialog.told if dialog.exec() else None


def offer_to_write(parent: QWidget | None = None) -> bool:
    """After "Mark as done": would they like to write down how it was?"""
    box = QMessageBox(parent)
    box.setWindowTitle("Marked as done")
    box.setText("Write down how it was?")
    box.setInformativeText("A line from each of you, kept as a memory on your timeline.")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).setText("Write it down")
    box.button(QMessageBox.StandardButton.No).setText("Just mark it done")
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return box.exec() == QMessageBox.StandardButton.Yes
