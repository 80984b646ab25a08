"""Settings, "Privacy": setting a lock (the recovery code shown once), changing the
passphrase, locking now, the minutes without use kept with Save, and who sees what."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.household.privacy import FORGETTING
from closeness_desktop.rituals.config import RitualSettings
from closeness_desktop.ui import theme
from closeness_desktop.ui.lock_recovery import RecoveryCodeDialog
from closeness_desktop.ui.lock_work import NOT_THE_SAME
from closeness_desktop.ui.privacy_guard import idle_key
from closeness_desktop.ui.settings_dialog import SettingsDialog
from closeness_desktop.ui.settings_privacy import (
    NOBODY_HERE,
    WHO_SEES_WHAT,
    ChangeSecretDialog,
    PrivacyPage,
    SetLockDialog,
)

PASSPHRASE = "tea at the harbour"
NEW = "a new harbour song"


class FakeAutostart:
    def is_enabled(self) -> bool:
        return False

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled


@pytest.fixture
def page(qtbot: QtBot, household: Household, sam: PartnerInfo) -> PrivacyPage:
    made = PrivacyPage(household, sam)
    qtbot.addWidget(made)
    made.show()
    return made


def texts(widget: PrivacyPage | QDialog) -> list[str]:
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    return [
        label.text() for label in widget.findChildren(QLabel, "", direct) if not label.isHidden()
    ]


def shown(page: PrivacyPage) -> list[str]:
    buttons = (page.set_button, page.change_button, page.lock_button, page.unlock_button)
    return [button.text() for button in buttons if button.isVisible()]


def test_without_a_lock_the_page_says_what_forgetting_costs(page: PrivacyPage) -> None:
    assert FORGETTING in texts(page)
    assert WHO_SEES_WHAT in texts(page)
    assert shown(page) == ["Set a lock…"]
    assert page.minutes is not None
    assert (page.minutes.minimum(), page.minutes.maximum(), page.minutes.value()) == (1, 120, 10)


def test_nobody_here_gets_no_lock_to_set(qtbot: QtBot, household: Household) -> None:
    made = PrivacyPage(household, None)
    qtbot.addWidget(made)
    made.show()

    assert texts(made) == [NOBODY_HERE, WHO_SEES_WHAT]
    assert made.save() is None


def set_lock_by_hand(qtbot: QtBot, made: SetLockDialog, secret: str, again: str) -> None:
    made.secret.setText(secret)
    made.again.setText(again)
    qtbot.mouseClick(made.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not made.work.busy)


def test_setting_a_lock_shows_the_recovery_code_once_and_then_change_and_lock_now(
    qtbot: QtBot,
    page: PrivacyPage,
    household: Household,
    sam: PartnerInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    codes: list[str] = []

    def type_it_twice(made: SetLockDialog) -> int:
        assert FORGETTING in texts(made)
        set_lock_by_hand(qtbot, made, PASSPHRASE, PASSPHRASE)
        return int(made.result())

    def write_it_down(made: RecoveryCodeDialog) -> int:
        codes.append(made.code)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(SetLockDialog, "exec", type_it_twice)
    monkeypatch.setattr(RecoveryCodeDialog, "exec", write_it_down)

    qtbot.mouseClick(page.set_button, Qt.MouseButton.LeftButton)

    assert len(codes) == 1
    state = household.privacy.state(sam.id)
    assert state.has_lock
    assert state.unlocked
    assert shown(page) == ["Change passphrase…", "Lock now"]
    assert FORGETTING not in texts(page)

    qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)

    assert not household.privacy.state(sam.id).unlocked
    assert shown(page) == ["Change passphrase…", "Unlock…"]
    assert "Your private corner is locked." in texts(page)


def test_a_lock_is_not_set_with_two_different_passphrases_or_a_short_one(
    qtbot: QtBot, household: Household, sam: PartnerInfo
) -> None:
    made = SetLockDialog(household, sam)
    qtbot.addWidget(made)
    made.show()

    set_lock_by_hand(qtbot, made, PASSPHRASE, PASSPHRASE + "s")
    assert made.message.text() == NOT_THE_SAME

    set_lock_by_hand(qtbot, made, "12345", "12345")
    assert made.message.text() == "A PIN needs at least 6 digits."

    assert not household.privacy.state(sam.id).has_lock
    assert made.isVisible()


def test_changing_the_passphrase_asks_for_the_one_now(
    qtbot: QtBot, household: Household, sam: PartnerInfo
) -> None:
    household.privacy.set_lock(sam.id, PASSPHRASE)
    household.privacy.lock()
    made = ChangeSecretDialog(household, sam)
    qtbot.addWidget(made)
    made.show()

    made.old.setText("not the passphrase")
    made.new.setText(NEW)
    made.again.setText(NEW)
    qtbot.mouseClick(made.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not made.work.busy)
    assert made.message.text() == "That passphrase is not the right one."

    made.old.setText(PASSPHRASE)
    qtbot.mouseClick(made.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: made.result() == QDialog.DialogCode.Accepted)

    household.privacy.lock()
    household.privacy.unlock(sam.id, NEW)


def test_the_minutes_without_use_are_kept_per_partner_on_save(
    page: PrivacyPage, household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    assert page.minutes is not None
    page.minutes.setValue(25)

    assert page.save() is None

    assert household.settings.read(idle_key(sam.id)).value == 25
    assert household.settings.read(idle_key(alex.id)).value is None
    assert page.save() is None  # nothing changed: nothing written again
    assert household.settings.read(idle_key(sam.id)).version == 1


def test_the_settings_dialog_has_a_privacy_page_only_when_asked_and_saves_it(
    qtbot: QtBot, household: Household, sam: PartnerInfo
) -> None:
    plain = SettingsDialog(RitualSettings(), FakeAutostart())
    qtbot.addWidget(plain)
    assert "Privacy" not in [plain.tabs.tabText(i) for i in range(plain.tabs.count())]

    made = SettingsDialog(
        RitualSettings(), FakeAutostart(), privacy=lambda: PrivacyPage(household, sam)
    )
    qtbot.addWidget(made)
    made.show()
    assert "Privacy" in [made.tabs.tabText(i) for i in range(made.tabs.count())]
    assert made.privacy is not None
    assert made.privacy.minutes is not None
    made.privacy.minutes.setValue(3)

    buttons = made.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Save).click()

    assert made.result() == QDialog.DialogCode.Accepted
    assert household.settings.read(idle_key(sam.id)).value == 3


# ----------------------------------------------------------------------------- the look


@pytest.fixture
def appearance(qapp: QApplication, tmp_path: Path) -> Iterator[theme.Appearance]:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    made = theme.install(qapp, settings)
    yield made
    made.remove()


@pytest.mark.parametrize("mode", [theme.Choice.LIGHT, theme.Choice.DARK])
def test_every_line_of_the_page_is_shown_whole(
    qtbot: QtBot,
    household: Household,
    sam: PartnerInfo,
    appearance: theme.Appearance,
    mode: theme.Choice,
) -> None:
    appearance.choose(mode)
    made = SettingsDialog(
        RitualSettings(), FakeAutostart(), privacy=lambda: PrivacyPage(household, sam)
    )
    qtbot.addWidget(made)
    made.show()
    assert made.privacy is not None
    made.tabs.setCurrentIndex(made.tabs.indexOf(made.privacy_tab))
    qtbot.waitExposed(made)

    for label in made.privacy.findChildren(QLabel):
        if label.isVisible() and not label.wordWrap():
            assert label.width() >= label.sizeHint().width(), label.text()
    for button in (made.privacy.set_button,):
        assert button.width() >= button.sizeHint().width()
