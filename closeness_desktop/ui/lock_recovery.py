"""The way back in through the recovery code, and the code shown once.

"Forgot it?" asks for the code written down and a new passphrase twice; a lock set or
recovered shows its (new) recovery code once, with Copy and "I have written it down".
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.household.privacy import Opened
from closeness_desktop.ui.lock_work import (
    WIDTH,
    Countdown,
    OffThread,
    label,
    new_secret_problem,
    password_field,
)


class RecoverDialog(QDialog):
    """The recovery code written down, and a new passphrase twice."""

    def __init__(
        self, household: Household, partner: PartnerInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.household = household
        self.partner = partner
        self.new_code: str | None = None
        self.setWindowTitle("Forgot your passphrase?")
        self.setMinimumWidth(WIDTH)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(label("Open with your recovery code", "title"))
        layout.addWidget(
            label(
                "Type the recovery code you wrote down when you set the lock, then choose a"
                " new passphrase. Spaces, dashes and capitals do not matter.",
                "soft",
            )
        )
        self.code = QLineEdit()
        self.code.setAccessibleName("Recovery code")
        self.code.setPlaceholderText("Recovery code")
        self.code.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(self.code)
        self.new = password_field("New passphrase")
        self.new.setPlaceholderText("New passphrase")
        self.again = password_field("The new passphrase again")
        self.again.setPlaceholderText("The new passphrase again")
        layout.addWidget(self.new)
        layout.addWidget(self.again)
        self.message = label("", "error")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = buttons.addButton("Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        buttons.accepted.connect(self.open_corner)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.work = OffThread(self)
        self.countdown = Countdown(household.clock, self.message, self.open_button, self)

    def open_corner(self) -> None:
        if self.work.busy or self.countdown.waiting:
            return
        code, new = self.code.text(), self.new.text()
        problem = new_secret_problem(new, self.again.text())
        if not code.strip():
            problem = "Type the recovery code first."
        if problem:
            self.countdown.say(problem)
            return
        self.open_button.setEnabled(False)
        privacy, partner_id = self.household.privacy, self.partner.id
        self.work.run(
            lambda: privacy.rewrap_by_code(partner_id, code, new), self._opened, self._refused
        )

    def _opened(self, answer: object) -> None:
        fresh, opened = cast("tuple[str, Opened]", answer)
        self.household.privacy.hold(opened, origin=self)  # on this thread: the change is said
        self.new_code = fresh
        self.accept()

    def _refused(self, problem: Exception) -> None:
        self.open_button.setEnabled(True)
        self.countdown.refused(problem)

    def reject(self) -> None:
        if not self.work.busy:
            super().reject()

    def done(self, result: int) -> None:
        self.countdown.timer.stop()
        super().done(result)


class RecoveryCodeDialog(QDialog):
    """The recovery code, shown once: Copy, and "I have written it down"."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.setWindowTitle("Your recovery code")
        self.setMinimumWidth(WIDTH)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(label("Write down your recovery code", "title"))
        layout.addWidget(
            label(
                "If you forget your passphrase, this code opens your private corner. Keep it"
                " somewhere safe, away from this computer: it is shown only this once.",
                "soft",
            )
        )
        shown = QLabel(code)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.25)
        shown.setFont(font)
        shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shown.setAccessibleName("Recovery code")
        self.shown = shown
        layout.addWidget(shown)
        row = QHBoxLayout()
        self.copy = QPushButton("Copy")
        self.copy.setAutoDefault(False)
        self.copy.clicked.connect(self._copy)
        row.addWidget(self.copy)
        buttons = QDialogButtonBox()
        self.written = buttons.addButton(
            "I have written it down", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.written.setDefault(True)
        buttons.accepted.connect(self.accept)
        row.addWidget(buttons, 1)
        layout.addLayout(row)

    def _copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.code)
        self.copy.setText("Copied")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Shown once: Esc does not throw it away; "I have written it down" does.
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)
