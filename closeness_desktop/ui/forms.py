"""What every dialog that saves a form shares: a line for problems under the form, Save and
Cancel (Ctrl+Return saves), and a question before closing loses anything typed."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
)


class FormDialog(QDialog):
    discard_title = "Discard this?"
    discard_text = "You have written something here. Close without saving it?"

    def add_error_line(self, layout: QBoxLayout) -> QLabel:
        """The label where :meth:`show_error` tells what to correct (hidden until then)."""
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        return self.error

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def add_save_buttons(self, layout: QBoxLayout, save_text: str | None = None) -> QPushButton:
        """Save and Cancel at the bottom; Save (and Ctrl+Return) call :meth:`save`."""
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        if save_text:
            self.save_button.setText(save_text)
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        return self.save_button

    def save(self) -> None:
        """Store the form and accept, or :meth:`show_error` and stay open."""
        raise NotImplementedError

    def is_dirty(self) -> bool:
        """True when closing would lose something typed."""
        return False

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                self.discard_title,
                self.discard_text,
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
