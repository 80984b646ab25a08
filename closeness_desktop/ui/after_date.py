"""After a date night: a line from each of you, kept as a memory on the timeline."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.records import PartnerInfo

LINE_MAX = 300


class AfterDateDialog(QDialog):
    def __init__(
        self, title: str, partners: Sequence[PartnerInfo], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        keep = buttons.addButton("Keep it as a memory", QDialogButtonBox.ButtonRole.AcceptRole)
        keep.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def said(self) -> dict[uuid.UUID, str]:
        return {pid: field.text() for pid, field in self.lines.items()}
