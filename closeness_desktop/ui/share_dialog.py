"""Settings > General > "Share with the other account…": ``closeness share`` in a dialog.

The words of what happened (or of the commands to run with sudo) are the command line's
own, selectable so they can be copied into a terminal.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.sharing import ShareError, share_folder

DEFAULT_GROUP = "household"


class ShareDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Share with the other account")
        self.setMinimumWidth(520)
        self.data_dir = data_dir
        layout = QVBoxLayout(self)
        intro = QLabel(
            "If each of you has an account of your own on this computer, you can keep one"
            f" household together in {data_dir}. Closeness opens that folder to a group that"
            " holds both of your accounts, and closes it to everyone else."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.group = QLineEdit(DEFAULT_GROUP)
        self.group.setMaxLength(32)
        form.addRow("The household's group", self.group)
        layout.addLayout(form)
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        self.answer.setTextFormat(Qt.TextFormat.PlainText)  # a folder's name is not markup
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer.hide()
        layout.addWidget(self.answer)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.share_button = self.buttons.addButton("Share", QDialogButtonBox.ButtonRole.ActionRole)
        self.share_button.clicked.connect(self.share)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def share(self) -> None:
        try:
            result = share_folder(self.data_dir, self.group.text().strip())
        except ShareError as problem:
            self._say(str(problem), role="error")
            return
        except OSError as problem:
            self._say(f"Could not share {self.data_dir}: {problem.strerror or problem}.", "error")
            return
        self._say(result.words(), role="")
        self.share_button.setEnabled(False)

    def _say(self, words: str, role: str) -> None:
        self.answer.setText(words)
        self.answer.setProperty("role", role)
        self.answer.style().unpolish(self.answer)  # the role's colour, from the style sheet
        self.answer.style().polish(self.answer)
        self.answer.show()
