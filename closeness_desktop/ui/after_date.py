"""After a date night: a line from each of you, kept as a memory on the timeline."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.records import PartnerInfo, SaveError
from closeness_desktop.ui.save_failures import words_kept

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
