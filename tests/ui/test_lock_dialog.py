"""The lock's prompt, driven as a person would: the passphrase opens it off the window's
thread, a wrong one is said under the field with the wait counted down (by the FakeClock),
Esc cancels, and "Forgot it?" opens through the recovery code and shows the new one once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.household.privacy import LockRefused
from closeness_desktop.ui.lock_dialog import LockDialog, ask_unlock
from closeness_desktop.ui.lock_recovery import RecoverDialog, RecoveryCodeDialog
from closeness_desktop.ui.lock_work import NOT_THE_SAME, countdown_words

PASSPHRASE = "tea at the harbour"
WRONG = "coffee in the park"
NEW = "a new harbour song"


@pytest.fixture
def code(household: Household, sam: PartnerInfo) -> str:
    """Sam has a lock (and is locked again); the recovery code Sam wrote down."""
    written = household.privacy.set_lock(sam.id, PASSPHRASE)
    household.privacy.lock()
    return written


@pytest.fixture
def dialog(qtbot: QtBot, household: Household, sam: PartnerInfo, code: str) -> LockDialog:
    made = LockDialog(household, sam)
    qtbot.addWidget(made)
    made.show()
    return made


def try_passphrase(qtbot: QtBot, dialog: LockDialog, secret: str) -> None:
    dialog.field.setText(secret)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy)


def test_the_prompt_says_whose_corner_is_locked(dialog: LockDialog) -> None:
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Sam's private corner is locked" in texts
    assert dialog.field.echoMode() is dialog.field.EchoMode.Password
    assert dialog.unlock_button.text() == "Unlock"
    assert dialog.unlock_button.isEnabled()
    assert dialog.message.isHidden()


def test_the_right_passphrase_unlocks_without_freezing_the_window(
    qtbot: QtBot, dialog: LockDialog, household: Household, sam: PartnerInfo
) -> None:
    dialog.field.setText(PASSPHRASE)

    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)

    # The click returned at once: the key is being derived on a worker meanwhile.
    assert dialog.busy
    assert not dialog.field.isEnabled()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert household.privacy.state(sam.id).unlocked


def test_a_wrong_passphrase_is_said_under_the_field_and_the_wait_counts_down(
    qtbot: QtBot, dialog: LockDialog, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    try_passphrase(qtbot, dialog, WRONG)

    assert dialog.message.text() == "That passphrase is not the right one."
    assert dialog.field.text() == ""  # ready for the next try
    assert dialog.unlock_button.isEnabled()  # no wait after the first

    try_passphrase(qtbot, dialog, WRONG)

    assert dialog.message.text() == "That passphrase is not the right one. Try again in 2 seconds."
    assert not dialog.unlock_button.isEnabled()
    assert dialog.countdown.timer.isActive()
    clock.advance(timedelta(seconds=1))
    dialog.countdown.tick()  # what the timer does each second
    assert dialog.message.text() == "That passphrase is not the right one. Try again in 1 second."
    clock.advance(timedelta(seconds=1))
    dialog.countdown.tick()
    assert dialog.message.text() == "That passphrase is not the right one."
    assert dialog.unlock_button.isEnabled()
    assert not dialog.countdown.timer.isActive()

    try_passphrase(qtbot, dialog, PASSPHRASE)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert household.privacy.state(sam.id).unlocked


def test_a_prompt_opened_during_the_wait_starts_with_the_countdown(
    qtbot: QtBot, household: Household, sam: PartnerInfo, code: str
) -> None:
    for _ in range(2):
        with pytest.raises(LockRefused):
            household.privacy.unlock(sam.id, WRONG)

    made = LockDialog(household, sam)
    qtbot.addWidget(made)

    assert made.message.text() == "Try again in 2 seconds."
    assert not made.unlock_button.isEnabled()
    made.field.setText(PASSPHRASE)
    made.unlock()  # Return while waiting: nothing is tried
    assert not made.busy


def test_an_empty_passphrase_is_asked_for(qtbot: QtBot, dialog: LockDialog) -> None:
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)

    assert not dialog.busy
    assert dialog.message.text() == "Type your passphrase first."


def test_escape_cancels_and_the_corner_stays_locked(
    qtbot: QtBot, dialog: LockDialog, household: Household, sam: PartnerInfo
) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not household.privacy.state(sam.id).unlocked


def test_a_pin_is_asked_for_as_a_pin(qtbot: QtBot, household: Household, alex: PartnerInfo) -> None:
    household.privacy.set_lock(alex.id, "204816")
    household.privacy.lock()

    made = LockDialog(household, alex)
    qtbot.addWidget(made)

    assert made.field.accessibleName() == "PIN"
    texts = [label.text() for label in made.findChildren(QLabel)]
    assert "Type your PIN to see your private entries." in texts


def test_ask_unlock_asks_nothing_of_a_partner_without_a_lock(
    household: Household, alex: PartnerInfo
) -> None:
    assert ask_unlock(household, alex, None)


def test_the_countdown_speaks_in_minutes_for_long_waits(clock: FakeClock) -> None:
    now = clock.now()
    assert countdown_words(now + timedelta(minutes=5), now) == "Try again in 5 minutes."
    assert countdown_words(now + timedelta(seconds=0.4), now) == "Try again in 1 second."
    assert countdown_words(now, now) == ""


# ------------------------------------------------------------------------- forgot it?


@pytest.fixture
def recover(qtbot: QtBot, household: Household, sam: PartnerInfo, code: str) -> RecoverDialog:
    made = RecoverDialog(household, sam)
    qtbot.addWidget(made)
    made.show()
    return made


def fill(recover: RecoverDialog, code: str, new: str, again: str) -> None:
    recover.code.setText(code)
    recover.new.setText(new)
    recover.again.setText(again)


def test_the_recovery_code_opens_the_corner_and_sets_the_new_passphrase(
    qtbot: QtBot, recover: RecoverDialog, household: Household, sam: PartnerInfo, code: str
) -> None:
    fill(recover, code.lower().replace("-", " "), NEW, NEW)  # as written down by hand

    qtbot.mouseClick(recover.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: recover.result() == QDialog.DialogCode.Accepted)

    assert recover.new_code is not None
    assert recover.new_code != code  # the old one has been used
    assert household.privacy.state(sam.id).unlocked
    household.privacy.lock()
    household.privacy.unlock(sam.id, NEW)  # the new passphrase opens it


def test_two_different_new_passphrases_are_said_before_anything_is_tried(
    qtbot: QtBot, recover: RecoverDialog, code: str
) -> None:
    fill(recover, code, NEW, NEW + "!")

    qtbot.mouseClick(recover.open_button, Qt.MouseButton.LeftButton)

    assert not recover.work.busy
    assert recover.message.text() == NOT_THE_SAME


def test_a_short_new_passphrase_is_said_in_words(
    qtbot: QtBot, recover: RecoverDialog, code: str
) -> None:
    fill(recover, code, "short", "short")

    qtbot.mouseClick(recover.open_button, Qt.MouseButton.LeftButton)

    assert recover.message.text().startswith("A passphrase needs at least 8 characters")


def test_a_wrong_recovery_code_is_said(
    qtbot: QtBot, recover: RecoverDialog, household: Household, sam: PartnerInfo
) -> None:
    fill(recover, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", NEW, NEW)

    qtbot.mouseClick(recover.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not recover.work.busy)

    assert recover.message.text() == "That recovery code is not the right one."
    assert recover.isVisible()
    assert not household.privacy.state(sam.id).unlocked


def test_forgot_it_opens_the_corner_and_shows_the_new_code_once(
    qtbot: QtBot, dialog: LockDialog, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []

    def recover_by_hand(made: RecoverDialog) -> int:
        fill(made, code, NEW, NEW)
        made.open_corner()
        qtbot.waitUntil(lambda: not made.work.busy)
        return int(made.result())

    def show_code(made: RecoveryCodeDialog) -> int:
        shown.append(made.code)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(RecoverDialog, "exec", recover_by_hand)
    monkeypatch.setattr(RecoveryCodeDialog, "exec", show_code)

    dialog.forgot.linkActivated.emit("forgot")

    assert len(shown) == 1
    assert shown[0] != code
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.household.privacy.state(dialog.partner.id).unlocked


# ------------------------------------------------------------------- the code, shown once


def test_the_recovery_code_is_shown_with_copy_and_i_have_written_it_down(
    qtbot: QtBot, code: str
) -> None:
    made = RecoveryCodeDialog(code)
    qtbot.addWidget(made)
    made.show()
    assert made.copy.text() == "Copy"
    assert made.written.text() == "I have written it down"
    assert made.shown.text() == code

    qtbot.mouseClick(made.copy, Qt.MouseButton.LeftButton)
    clipboard = QApplication.clipboard()
    assert clipboard.text() == code
    assert made.copy.text() == "Copied"

    qtbot.keyClick(made, Qt.Key.Key_Escape)  # shown once: Esc does not throw it away
    assert made.isVisible()

    qtbot.mouseClick(made.written, Qt.MouseButton.LeftButton)
    assert made.result() == QDialog.DialogCode.Accepted
    clipboard.clear()
