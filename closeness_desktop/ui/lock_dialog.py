"""Asking for a partner's passphrase: "Sam's private corner is locked", Unlock and Cancel,
the wait after wrong tries counted down, and "Forgot it?" (:mod:`.lock_recovery`).

The unlock runs off the window's thread (:mod:`.lock_work`): the window never freezes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.household.privacy import Opened
from closeness_desktop.ui.lock_recovery import RecoverDialog, RecoveryCodeDialog
from closeness_desktop.ui.lock_work import (
    WIDTH,
    Countdown,
    OffThread,
    label,
    password_field,
)


class LockDialog(QDialog):
    """ "Sam's private corner is locked": the passphrase, Unlock and Cancel."""

    def __init__(
        self, household: Household, partner: PartnerInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.household = household
        self.partner = partner
        state = household.privacy.state(partner.id)
        word = self._word = "PIN" if state.kind == "pin" else "passphrase"
        self.setWindowTitle("Private corner")
        self.setMinimumWidth(WIDTH)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(label(f"{partner.name}'s private corner is locked", "title"))
        layout.addWidget(label(f"Type your {word} to see your private entries.", "soft"))
        self.field = password_field(word[:1].upper() + word[1:])
        self.field.setPlaceholderText(word[:1].upper() + word[1:])
        layout.addWidget(self.field)
        self.message = label("", "error")
        self.message.hide()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.forgot = QLabel('<a href="forgot">Forgot it?</a>')
        self.forgot.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.forgot.setToolTip("Open with your recovery code and choose a new passphrase")
        self.forgot.linkActivated.connect(self.recover)
        row.addWidget(self.forgot)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.unlock_button = buttons.addButton("Unlock", QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setDefault(True)
        buttons.accepted.connect(self.unlock)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons, 1)
        layout.addLayout(row)
        self.work = OffThread(self)
        self.countdown = Countdown(household.clock, self.message, self.unlock_button, self)
        if state.next_try is not None:
            self.countdown.say("", state.next_try)

    @property
    def busy(self) -> bool:
        return self.work.busy

    def unlock(self) -> None:
        if self.busy or self.countdown.waiting:
            return
        secret = self.field.text()
        if not secret:
            self.countdown.say(f"Type your {self._word} first.")
            return
        self._working(True)
        privacy, partner_id = self.household.privacy, self.partner.id
        # The slow half on a worker; the key is held (and the change said) on this thread.
        self.work.run(lambda: privacy.open_corner(partner_id, secret), self._opened, self._refused)

    def _opened(self, opened: object) -> None:
        assert isinstance(opened, Opened)
        self.household.privacy.hold(opened, origin=self)
        self.accept()

    def _working(self, working: bool) -> None:
        self.field.setEnabled(not working)
        self.unlock_button.setEnabled(not working)
        self.forgot.setEnabled(not working)

    def _refused(self, problem: Exception) -> None:
        self._working(False)
        self.field.clear()
        self.field.setFocus()
        self.countdown.refused(problem)

    def reject(self) -> None:
        if not self.busy:  # a try under way finishes first (a fraction of a second)
            super().reject()

    def recover(self) -> None:
        """ "Forgot it?": the recovery code and a new passphrase; the new code, once."""
        if self.busy:
            return
        dialog = RecoverDialog(self.household, self.partner, self)
        if dialog.exec() and dialog.new_code:
            RecoveryCodeDialog(dialog.new_code, self).exec()
            self.accept()  # open now: recovering unlocked the corner

    def done(self, result: int) -> None:
        self.countdown.timer.stop()
        super().done(result)


def ask_unlock(household: Household, partner: PartnerInfo, parent: QWidget | None) -> bool:
    """Whether ``partner`` is unlocked after asking (True at once without a lock, or when
    they are unlocked already)."""
    state = household.privacy.state(partner.id)
    if not state.has_lock or state.unlocked:
        return True
    dialog = LockDialog(household, partner, parent)
    try:
        return bool(dialog.exec())
    finally:
        dialog.deleteLater()  # not kept as the parent's child for the rest of the run
