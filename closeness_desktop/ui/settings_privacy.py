"""Settings, "Privacy": the private corner of the partner who is here.

Without a lock: what forgetting costs, said plainly, and "Set a lock…" (the recovery code
shown once after it). With one: "Change passphrase…", and "Lock now" (or "Unlock…").
For everyone: how soon it locks by itself, and who can see what on this computer. The
lock's actions happen at once; the minutes are kept with the dialog's Save.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.household.privacy import FORGETTING, Opened
from closeness_desktop.privacy.keys import MIN_PASSPHRASE, MIN_PIN_DIGITS
from closeness_desktop.records import ConflictError, SaveError
from closeness_desktop.ui.lock_dialog import LockDialog
from closeness_desktop.ui.lock_recovery import RecoveryCodeDialog
from closeness_desktop.ui.lock_work import (
    WIDTH,
    Countdown,
    OffThread,
    label,
    new_secret_problem,
    password_field,
)
from closeness_desktop.ui.privacy_guard import IDLE_DEFAULT, IDLE_RANGE, idle_key
from closeness_desktop.ui.save_failures import words_kept

WHO_SEES_WHAT = (
    "Who sees what on this computer:\n"
    "• Shared entries: both of you, and anyone who uses this computer account.\n"
    "• Private entries: only the one who wrote them, and only while unlocked.\n"
    "• Sealed notes: that one waits, and from whom; the words on their day.\n"
    "• A copy of the data folder, a backup or an export: private words stay sealed."
)
RULES = f"At least {MIN_PASSPHRASE} characters, or a PIN of {MIN_PIN_DIGITS} digits or more."
NOBODY_HERE = (
    "Say who is here first (Together ▸ Who's here?): each of you has a private corner of your own."
)


class PrivacyPage(QWidget):
    def __init__(
        self, household: Household, partner: PartnerInfo | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.household = household
        self.partner = partner
        box = QVBoxLayout(self)
        box.setSpacing(12)
        self.minutes: QSpinBox | None = None
        if partner is None:
            box.addWidget(label(NOBODY_HERE, "soft"))
        else:
            self._build(box, partner)
        box.addWidget(label(WHO_SEES_WHAT, "soft"))
        box.addStretch(1)

    def _build(self, box: QVBoxLayout, partner: PartnerInfo) -> None:
        box.addWidget(
            label(
                f"{partner.name}'s private corner: entries kept just for you, sealed under"
                " your own passphrase.",
            )
        )
        self.status = label("", "soft")
        box.addWidget(self.status)
        self.forgetting = label(FORGETTING, "soft")
        box.addWidget(self.forgetting)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.set_button = QPushButton("Set a lock…")
        self.set_button.clicked.connect(self.set_lock)
        self.change_button = QPushButton("Change passphrase…")
        self.change_button.clicked.connect(self.change_secret)
        self.lock_button = QPushButton("Lock now")
        self.lock_button.clicked.connect(self.lock_now)
        self.unlock_button = QPushButton("Unlock…")
        self.unlock_button.clicked.connect(self.unlock)
        for button in (self.set_button, self.change_button, self.lock_button, self.unlock_button):
            actions.addWidget(button)
        actions.addStretch(1)
        box.addLayout(actions)
        self.stored = self.household.settings.read(idle_key(partner.id), IDLE_DEFAULT)
        self.minutes = QSpinBox()
        self.minutes.setRange(*IDLE_RANGE)
        self.minutes.setValue(_minutes(self.stored.value))
        self.minutes.setAccessibleName("Lock after this many minutes without use")
        line = QHBoxLayout()
        line.setSpacing(8)
        before = QLabel("Lock after")
        before.setBuddy(self.minutes)
        line.addWidget(before)
        line.addWidget(self.minutes)
        line.addWidget(QLabel("minutes without use"))
        line.addStretch(1)
        box.addLayout(line)
        self.show_state()

    def show_state(self) -> None:
        """Show the buttons that fit the lock as it is now."""
        if self.partner is None:
            return
        state = self.household.privacy.state(self.partner.id)
        if not state.has_lock:
            self.status.setText("No lock yet: you can keep nothing private until you set one.")
        elif state.unlocked:
            self.status.setText("Your private corner is open now.")
        else:
            self.status.setText("Your private corner is locked.")
        self.forgetting.setVisible(not state.has_lock)
        self.set_button.setVisible(not state.has_lock)
        self.change_button.setVisible(state.has_lock)
        self.lock_button.setVisible(state.has_lock and state.unlocked)
        self.unlock_button.setVisible(state.has_lock and not state.unlocked)

    # -- the lock's actions (at once) -----------------------------------------------------

    def set_lock(self) -> None:
        assert self.partner is not None
        dialog = SetLockDialog(self.household, self.partner, self)
        if dialog.exec() and dialog.code:
            shown = RecoveryCodeDialog(dialog.code, self)
            shown.exec()
            shown.deleteLater()  # the code goes with it
        dialog.deleteLater()
        self.show_state()

    def change_secret(self) -> None:
        assert self.partner is not None
        dialog = ChangeSecretDialog(self.household, self.partner, self)
        dialog.exec()
        dialog.deleteLater()
        self.show_state()

    def lock_now(self) -> None:
        assert self.partner is not None
        self.household.privacy.lock(self.partner.id, origin=self)
        self.show_state()

    def unlock(self) -> None:
        assert self.partner is not None
        dialog = LockDialog(self.household, self.partner, self)
        dialog.exec()
        dialog.deleteLater()
        self.show_state()

    # -- kept with Save ---------------------------------------------------------------------

    def save(self) -> str | None:
        """Keep the minutes if they changed; why not, in words (None: kept)."""
        if self.partner is None or self.minutes is None:
            return None
        wanted = self.minutes.value()
        if wanted == _minutes(self.stored.value):
            return None
        try:
            self.stored = self.household.settings.write(
                idle_key(self.partner.id), wanted, self.stored.version, origin=self
            )
        except ConflictError as problem:
            self.stored = self.household.settings.read(idle_key(self.partner.id), IDLE_DEFAULT)
            return str(problem)
        except SaveError as problem:
            return words_kept("Your settings were not saved", problem, "Try again.")
        return None


def _minutes(value: object) -> int:
    low, high = IDLE_RANGE
    return min(max(value, low), high) if isinstance(value, int) else IDLE_DEFAULT


class _SecretDialog(QDialog):
    """A small form whose one slow call (Argon2id) runs off the window's thread."""

    def __init__(self, household: Household, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.household = household
        self.setWindowTitle(title)
        self.setMinimumWidth(WIDTH)
        self.box = QVBoxLayout(self)
        self.box.setSpacing(10)
        self.box.addWidget(label(title, "title"))
        self.message = label("", "error")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.work = OffThread(self)

    def finish(self, go: str) -> QPushButton:
        """Add the message line and the buttons under the fields; the button that goes."""
        self.box.addWidget(self.message)
        button = self.buttons.addButton(go, QDialogButtonBox.ButtonRole.AcceptRole)
        button.setDefault(True)
        self.buttons.accepted.connect(self.go)
        self.box.addWidget(self.buttons)
        self.countdown = Countdown(self.household.clock, self.message, button, self)
        self.go_button = button
        return button

    def go(self) -> None:
        raise NotImplementedError

    def refused(self, problem: Exception) -> None:
        self.go_button.setEnabled(True)
        self.countdown.refused(problem)

    def reject(self) -> None:
        if not self.work.busy:  # a call under way finishes first (a fraction of a second)
            super().reject()

    def done(self, result: int) -> None:
        self.countdown.timer.stop()
        super().done(result)


class SetLockDialog(_SecretDialog):
    """A passphrase (or PIN) twice; the recovery code in :attr:`code` once it is set."""

    def __init__(
        self, household: Household, partner: PartnerInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(household, "Set a lock", parent)
        self.partner = partner
        self.code: str | None = None
        self.box.addWidget(label(FORGETTING, "soft"))
        self.secret = password_field("Passphrase")
        self.secret.setPlaceholderText("Passphrase or PIN")
        self.again = password_field("The passphrase again")
        self.again.setPlaceholderText("The same again")
        self.box.addWidget(self.secret)
        self.box.addWidget(self.again)
        self.box.addWidget(label(RULES, "soft"))
        self.finish("Set the lock")

    def go(self) -> None:
        if self.work.busy:
            return
        secret = self.secret.text()
        problem = new_secret_problem(secret, self.again.text())
        if problem:
            self.countdown.say(problem)
            return
        self.go_button.setEnabled(False)
        privacy, partner_id = self.household.privacy, self.partner.id
        self.work.run(lambda: privacy.make_lock(partner_id, secret), self._set, self.refused)

    def _set(self, answer: object) -> None:
        code, opened = cast("tuple[str, Opened]", answer)
        self.household.privacy.hold(opened, origin=self)  # on this thread: the change is said
        self.code = code
        self.accept()


class ChangeSecretDialog(_SecretDialog):
    """The passphrase now, and a new one twice."""

    def __init__(
        self, household: Household, partner: PartnerInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(household, "Change passphrase", parent)
        self.partner = partner
        self.old = password_field("Passphrase now")
        self.old.setPlaceholderText("Passphrase now")
        self.new = password_field("New passphrase")
        self.new.setPlaceholderText("New passphrase or PIN")
        self.again = password_field("The new passphrase again")
        self.again.setPlaceholderText("The new one again")
        for field in (self.old, self.new, self.again):
            self.box.addWidget(field)
        self.box.addWidget(label(RULES, "soft"))
        self.finish("Change")
        state = household.privacy.state(partner.id)
        if state.next_try is not None:
            self.countdown.say("", state.next_try)

    def go(self) -> None:
        if self.work.busy or self.countdown.waiting:
            return
        old, new = self.old.text(), self.new.text()
        problem = new_secret_problem(new, self.again.text())
        if not old:
            problem = "Type the passphrase you have now first."
        if problem:
            self.countdown.say(problem)
            return
        self.go_button.setEnabled(False)
        privacy, partner_id = self.household.privacy, self.partner.id
        self.work.run(lambda: privacy.rewrap(partner_id, old, new), self._changed, self.refused)

    def _changed(self, opened: object) -> None:
        assert isinstance(opened, Opened)
        self.household.privacy.hold(opened, origin=self)
        self.accept()
