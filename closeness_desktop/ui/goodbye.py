"""'I'm heading out': a goodbye, with an optional line for the other to find."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

GOODBYE_MAX = 300


class GoodbyeDialog(QDialog):
    def __init__(
        self, leaving: str | None, staying: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Heading out")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        hello = f"Heading out, {leaving}?" if leaving else "Heading out?"
        title = QLabel(hello)
        title.setProperty("role", "title")
        layout.addWidget(title)
        hint = QLabel(
            "Part on good terms: a kiss goodbye, and maybe a line for "
            f"{staying or 'your partner'} to find when they sit down here."
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "soft")
        layout.addWidget(hint)
        self.line = QLineEdit()
        self.line.setMaxLength(GOODBYE_MAX)
        self.line.setPlaceholderText("Back by six. Love you.")
        layout.addWidget(self.line)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        leave = buttons.addButton("Say goodbye", QDialogButtonBox.ButtonRole.AcceptRole)
        leave.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if not leaving:
            note = QLabel("Nobody has said who is here, so the goodbye is not written down.")
            note.setWordWrap(True)
            note.setProperty("role", "soft")
            layout.insertWidget(2, note)
            self.line.setEnabled(False)

    def text(self) -> str:
        return self.line.text().strip()
