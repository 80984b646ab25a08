"""The tray menu, the settings dialog, the goodbye dialog and the in-app banner (offscreen)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from PySide6.QtCore import QSettings, QTime
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QPushButton,
)
from pytestqt.qtbot import QtBot

from closeness_desktop import paths
from closeness_desktop.clock import FakeClock
from closeness_desktop.companion import presence as presence_module
from closeness_desktop.companion.notifications.chain import NotifierChain
from closeness_desktop.companion.notifications.message import Notification, NotifierEvents
from closeness_desktop.companion.notifications.tray import BannerNotifier
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.rituals import rules
from closeness_desktop.rituals.config import LeavingTime, RitualSettings
from closeness_desktop.ui import companion_wiring
from closeness_desktop.ui.banner import Banner
from closeness_desktop.ui.companion_wiring import TrayCompanion
from closeness_desktop.ui.goodbye import GOODBYE_MAX, GoodbyeDialog
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.settings_dialog import SettingsDialog
from closeness_desktop.ui.tray import Tray

SAM = PartnerInfo(uuid.uuid4(), "Sam", "#C8566B", "sam", 0)
ALEX = PartnerInfo(uuid.uuid4(), "Alex", "#3F7F8C", None, 1)


def entries(menu: QMenu) -> list[str]:
    return [action.text() for action in menu.actions() if not action.isSeparator()]


def find(menu: QMenu, *path: str) -> QAction:
    """The action at ``path`` (menu titles, then the entry) in ``menu``."""
    *submenus, text = path
    for title in submenus:
        (action,) = [a for a in menu.actions() if a.text() == title]
        found = action.menu()
        assert isinstance(found, QMenu), f"{title!r} is not a submenu"
        menu = found
    (action,) = [a for a in menu.actions() if a.text() == text]
    return action


# ----------------------------------------------------------------------------------- tray


@pytest.fixture
def tray(qapp: object) -> Iterator[Tray]:
    created = Tray()
    created.set_partners([SAM, ALEX], SAM)
    yield created
    created.hide()
    created.menu.deleteLater()


def test_the_tray_menu_has_every_entry(tray: Tray) -> None:
    assert entries(tray.menu) == [
        "Open the timeline",
        "Write a note…",
        "Check in…",
        "I'm heading out…",
        "Who's here?",
        "Pause reminders",
        "Settings…",
        "Quit",
    ]
    assert entries(tray.pause_menu) == ["For an hour", "Until tomorrow", "Resume reminders"]
    who = find(tray.menu, "Who's here?").menu()
    assert isinstance(who, QMenu)
    assert entries(who) == ["I'm Sam", "I'm Alex"]


@pytest.mark.parametrize(
    ("path", "signal"),
    [
        (("Open the timeline",), "open_window"),
        (("Write a note…",), "write_note"),
        (("Check in…",), "check_in"),
        (("I'm heading out…",), "heading_out"),
        (("Pause reminders", "For an hour"), "pause_hour"),
        (("Pause reminders", "Until tomorrow"), "pause_tomorrow"),
        (("Pause reminders", "Resume reminders"), "resume"),
        (("Settings…",), "open_settings"),
        (("Quit",), "quit"),
    ],
)
def test_each_tray_entry_emits_its_signal(
    tray: Tray, qtbot: QtBot, path: tuple[str, ...], signal: str
) -> None:
    with qtbot.waitSignal(getattr(tray, signal), timeout=1000):
        find(tray.menu, *path).trigger()


def test_choosing_who_is_here_emits_the_partner_id(tray: Tray, qtbot: QtBot) -> None:
    alex = find(tray.menu, "Who's here?", "I'm Alex")
    sam = find(tray.menu, "Who's here?", "I'm Sam")
    assert sam.isChecked()
    assert not alex.isChecked()
    assert tray.icon.toolTip() == "Closeness · Sam is here"

    with qtbot.waitSignal(tray.chose) as chose:
        alex.trigger()

    assert chose.args == [ALEX.id]


def test_nobody_here_yet(tray: Tray) -> None:
    tray.set_partners([SAM, ALEX], None)

    who = find(tray.menu, "Who's here?").menu()
    assert isinstance(who, QMenu)
    assert [a.isChecked() for a in who.actions()] == [False, False]
    assert tray.icon.toolTip() == "Closeness · Who's here?"


def test_setting_the_partners_again_replaces_the_entries(tray: Tray, qtbot: QtBot) -> None:
    renamed = PartnerInfo(ALEX.id, "Lex", ALEX.colour, None, 1)
    tray.set_partners([SAM, renamed], renamed)

    who = find(tray.menu, "Who's here?").menu()
    assert isinstance(who, QMenu)
    assert entries(who) == ["I'm Sam", "I'm Lex"]
    with qtbot.waitSignal(tray.chose) as chose:
        find(tray.menu, "Who's here?", "I'm Sam").trigger()
    assert chose.args == [SAM.id]


def test_pause_state_shows_in_the_menu(tray: Tray) -> None:
    tray.set_paused(None)
    assert not tray.resume_action.isEnabled()
    assert tray.pause_menu.title() == "Pause reminders"

    tray.set_paused("tomorrow at 07:30")

    assert tray.resume_action.isEnabled()
    assert tray.pause_menu.title() == "Reminders paused until tomorrow at 07:30"


def test_without_a_tray_host_the_tray_says_so(tray: Tray, qtbot: QtBot) -> None:
    # The offscreen platform has no system tray, like GNOME without AppIndicator.
    with qtbot.assertNotEmitted(tray.availability_changed):
        assert tray.start() is False
    assert not tray.available
    assert not tray.icon.isVisible()


# ------------------------------------------------------------------------------- settings


class FakeAutostart:
    def __init__(self, enabled: bool = False, fails: OSError | None = None) -> None:
        self.enabled = enabled
        self.fails = fails
        self.calls: list[bool] = []

    def is_enabled(self) -> bool:
        if self.fails is not None:
            raise self.fails
        return self.enabled

    def set_enabled(self, enabled: bool) -> None:
        self.calls.append(enabled)
        if self.fails is not None:
            raise self.fails
        self.enabled = enabled


def save(dialog: SettingsDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save_button is not None
    save_button.click()


def row(dialog: SettingsDialog, key: str) -> int:
    return next(n for n, each in enumerate(dialog.rows) if each.ritual.key == key)


def test_settings_show_the_current_values(qtbot: QtBot) -> None:
    settings = RitualSettings(
        daily_cap=2,
        quiet=rules.QuietHours(time(23), time(6)),
        leaving=(LeavingTime(frozenset({0, 2}), time(7, 40)),),
    )
    dialog = SettingsDialog(settings, FakeAutostart(enabled=True))
    qtbot.addWidget(dialog)

    assert [each.enabled.text() for each in dialog.rows] == [
        "Good morning",
        "Dinner together",
        "Check-in",
        "Plan your next date night",
    ]
    assert dialog.cap.value() == 2
    assert dialog.quiet_start.time() == QTime(23, 0)
    assert dialog.leaving_on.isChecked()
    assert dialog.leaving_at.time() == QTime(7, 40)
    assert dialog.leaving_days.days() == frozenset({0, 2})
    assert dialog.start_at_login.isChecked()


def test_unchanged_settings_save_as_they_were(qtbot: QtBot) -> None:
    original = RitualSettings()
    dialog = SettingsDialog(original, FakeAutostart())
    qtbot.addWidget(dialog)

    save(dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_settings == original


def test_editing_the_settings_gives_the_expected_ritual_settings(qtbot: QtBot) -> None:
    autostart = FakeAutostart()
    dialog = SettingsDialog(RitualSettings(), autostart)
    qtbot.addWidget(dialog)
    checkin = dialog.rows[row(dialog, "checkin")]
    dinner = dialog.rows[row(dialog, "dinner")]

    checkin.enabled.setChecked(False)
    dinner.at.setTime(QTime(18, 30))
    dinner.text.setText("  Cook together tonight?  ")
    dinner.days.buttons[6].setChecked(False)  # not on Sundays
    dialog.quiet_start.setTime(QTime(21, 0))
    dialog.quiet_end.setTime(QTime(8, 0))
    dialog.cap.setValue(1)
    dialog.leaving_on.setChecked(True)
    dialog.leaving_at.setTime(QTime(8, 45))
    save(dialog)

    result = dialog.result_settings
    assert result is not None
    assert dialog.result() == QDialog.DialogCode.Accepted
    edited_checkin = result.ritual("checkin")
    edited_dinner = result.ritual("dinner")
    assert edited_checkin is not None
    assert not edited_checkin.enabled
    assert edited_dinner is not None
    assert edited_dinner.at == time(18, 30)
    assert edited_dinner.text == "Cook together tonight?"
    assert edited_dinner.weekdays == frozenset(range(6))
    assert edited_dinner.title == "Dinner together"
    assert result.quiet == rules.QuietHours(time(21), time(8))
    assert result.daily_cap == 1
    assert result.leaving == (LeavingTime(rules.WORKDAYS, time(8, 45)),)
    assert autostart.calls == [False]
    # What the dialog gives is what the household stores.
    assert RitualSettings.from_json(result.to_json()) == result


def test_an_emptied_text_keeps_the_old_words(qtbot: QtBot) -> None:
    dialog = SettingsDialog(RitualSettings(), FakeAutostart())
    qtbot.addWidget(dialog)
    dialog.rows[0].text.setText("   ")

    save(dialog)

    assert dialog.result_settings is not None
    assert dialog.result_settings.rituals[0].text == RitualSettings().rituals[0].text


def test_a_leaving_time_without_days_is_no_leaving_time(qtbot: QtBot) -> None:
    settings = RitualSettings(leaving=(LeavingTime(frozenset({1}), time(9)),))
    dialog = SettingsDialog(settings, FakeAutostart())
    qtbot.addWidget(dialog)
    dialog.leaving_days.buttons[1].setChecked(False)

    save(dialog)

    assert dialog.result_settings is not None
    assert dialog.result_settings.leaving == ()


def test_settings_keep_what_the_dialog_does_not_show(qtbot: QtBot) -> None:
    import datetime as dt

    paused = dt.datetime(2026, 11, 27, 6, 30, tzinfo=dt.UTC)
    settings = RitualSettings(paused_until=paused)
    dialog = SettingsDialog(settings, FakeAutostart())
    qtbot.addWidget(dialog)

    save(dialog)

    assert dialog.result_settings is not None
    assert dialog.result_settings.paused_until == paused


@pytest.mark.parametrize("enable", [True, False])
def test_the_start_at_login_box_drives_autostart(qtbot: QtBot, enable: bool) -> None:
    autostart = FakeAutostart(enabled=not enable)
    dialog = SettingsDialog(RitualSettings(), autostart)
    qtbot.addWidget(dialog)
    assert dialog.start_at_login.isChecked() is (not enable)

    dialog.start_at_login.setChecked(enable)
    save(dialog)

    assert autostart.calls == [enable]
    assert autostart.enabled is enable


def test_autostart_that_cannot_be_read_is_greyed_out(qtbot: QtBot) -> None:
    autostart = FakeAutostart(fails=OSError("the Run key exists on Windows only"))
    dialog = SettingsDialog(RitualSettings(), autostart)
    qtbot.addWidget(dialog)

    assert not dialog.start_at_login.isEnabled()
    assert dialog.start_at_login.toolTip() == "the Run key exists on Windows only"
    save(dialog)
    assert autostart.calls == []
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_autostart_that_cannot_be_changed_keeps_the_dialog_open(qtbot: QtBot) -> None:
    autostart = FakeAutostart()
    dialog = SettingsDialog(RitualSettings(), autostart)
    qtbot.addWidget(dialog)
    autostart.fails = OSError("read-only file system")
    dialog.start_at_login.setChecked(True)

    save(dialog)

    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text() == "Could not change starting at login: read-only file system"
    assert not dialog.error.isHidden()


# -------------------------------------------------------------------------------- goodbye


def test_goodbye_returns_the_line(qtbot: QtBot) -> None:
    dialog = GoodbyeDialog("Sam", "Alex")
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Heading out, Sam?" in texts
    assert any("for Alex to find" in text for text in texts)
    assert dialog.line.maxLength() == GOODBYE_MAX

    dialog.line.setText("  Back by six. Love you.  ")
    (leave,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "Say goodbye"]
    leave.click()

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.text() == "Back by six. Love you."


def test_goodbye_without_knowing_who_leaves_writes_nothing_down(qtbot: QtBot) -> None:
    dialog = GoodbyeDialog(None, None)
    qtbot.addWidget(dialog)

    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Heading out?" in texts
    assert any("not written down" in text for text in texts)
    assert any("your partner" in text for text in texts)
    assert not dialog.line.isEnabled()
    assert dialog.text() == ""


# --------------------------------------------------------------------------------- banner


def test_a_banner_action_emits_acted_then_dismissed(qtbot: QtBot) -> None:
    notification = Notification(
        "Good evening.",
        "Who's here? <b>not bold</b>",
        actions=(("who:sam", "I'm Sam"), ("who:alex", "I'm Alex")),
        tag="who",
    )
    banner = Banner(notification)
    qtbot.addWidget(banner)
    body = [label for label in banner.findChildren(QLabel) if "Who's here?" in label.text()]
    assert body[0].text() == "Who's here? <b>not bold</b>"  # shown as typed, never as markup

    (alex,) = [b for b in banner.findChildren(QPushButton) if b.text() == "I'm Alex"]
    heard: list[tuple[str, ...]] = []
    banner.acted.connect(lambda tag, action: heard.append(("acted", tag, action)))
    banner.dismissed.connect(lambda tag: heard.append(("dismissed", tag)))

    alex.click()

    assert heard == [("acted", "who", "who:alex"), ("dismissed", "who")]


def test_closing_a_banner_emits_dismissed(qtbot: QtBot) -> None:
    banner = Banner(Notification("No system tray here", tag="no-tray"))
    qtbot.addWidget(banner)
    banner.show()
    (close,) = [b for b in banner.findChildren(QPushButton) if b.toolTip() == "Dismiss"]

    with (
        qtbot.assertNotEmitted(banner.acted),
        qtbot.waitSignal(banner.dismissed) as dismissed,
    ):
        close.click()

    assert dismissed.args == ["no-tray"]
    assert banner.isHidden()


# ------------------------------------------------------------- the wiring (TrayCompanion)

#: The window comes forward for a banner; the offscreen platform cannot raise windows.
offscreen_raise = pytest.mark.qt_log_ignore("This plugin does not support raise")


class RecordingNotifier(NotifierEvents):
    """Stands in for the desktop's notification daemon."""

    name = "recording"
    supports_actions = True

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[Notification] = []

    def available(self) -> bool:
        return True

    def send(self, notification: Notification) -> None:
        self.sent.append(notification)


@dataclass
class Wired:
    window: MainWindow
    wiring: TrayCompanion
    backend: RecordingNotifier
    banners: list[Notification]
    stopped: bool = False

    def stop(self) -> None:
        if not self.stopped:
            self.stopped = True
            self.wiring.stop()
            self.window.detach()


@pytest.fixture
def wire(
    qtbot: QtBot,
    household: Household,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[[], Wired]]:
    """Build the window and the tray companion as the app does, with fakes for the OS."""
    # No platform signals (no session bus in a unit test) and no real notifications.
    monkeypatch.setattr(presence_module, "_LinuxSignals", lambda presence: None)
    built: list[Wired] = []

    def build() -> Wired:
        backend = RecordingNotifier()
        banners: list[Notification] = []

        def chain(
            _platform: str, _tray: object, banner: Callable[[Notification], None], **_: object
        ) -> Any:
            return NotifierChain([backend, BannerNotifier(banner)])

        monkeypatch.setattr(companion_wiring, "default_chain", chain)
        settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        qtbot.addWidget(window)
        window.show()
        window.attach(household)
        wiring = TrayCompanion(
            cast(QApplication, QApplication.instance()),
            window,
            household,
            settings,
            paths.resolve(data_dir),
        )
        original = window.show_banner

        def show_banner(notification: Notification) -> None:
            banners.append(notification)
            original(notification)

        window.show_banner = show_banner  # type: ignore[method-assign]
        wiring.start()
        wired = Wired(window, wiring, backend, banners)
        built.append(wired)
        return wired

    yield build
    for wired in built:
        wired.stop()


@offscreen_raise
def test_without_a_tray_host_the_window_says_so_once(
    wire: Callable[[], Wired], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="closeness_desktop.ui.companion_wiring"):
        first = wire()

    assert "no system tray available" in caplog.text
    assert [n.title for n in first.banners] == ["No system tray here"]
    assert not first.window.keep_running_in_tray
    assert first.wiring.settings.value(companion_wiring.TOLD_NO_TRAY_KEY, type=bool)
    first.stop()
    caplog.clear()

    with caplog.at_level(logging.INFO, logger="closeness_desktop.ui.companion_wiring"):
        second = wire()

    assert "no system tray available" not in caplog.text
    assert second.banners == []


@offscreen_raise
def test_the_start_greeting_reaches_the_notifier(
    wire: Callable[[], Wired], sam: PartnerInfo
) -> None:
    wired = wire()

    greetings = [n for n in wired.backend.sent if n.tag == "greeting"]
    assert [n.title for n in greetings] == ["Good evening, Sam."]
    assert wired.window.current_partner == sam
    assert wired.wiring.tray.icon.toolTip() == "Closeness · Sam is here"


@offscreen_raise
def test_pausing_from_the_tray_pauses_and_shows_it(
    wire: Callable[[], Wired], clock: FakeClock
) -> None:
    wired = wire()
    tray = wired.wiring.tray

    tray.pause_hour.emit()

    assert wired.wiring.companion.paused_until() == clock.now() + timedelta(hours=1)
    assert tray.resume_action.isEnabled()
    assert tray.pause_menu.title().startswith("Reminders paused until ")

    tray.resume.emit()

    assert wired.wiring.companion.paused_until() is None
    assert tray.pause_menu.title() == "Pause reminders"


@offscreen_raise
def test_heading_out_from_the_tray_leaves_the_line_for_alex(
    wire: Callable[[], Wired],
    household: Household,
    alex: PartnerInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wired = wire()

    def say_goodbye(dialog: GoodbyeDialog) -> int:
        dialog.line.setText("Back by six")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(GoodbyeDialog, "exec", say_goodbye)
    wired.wiring.tray.heading_out.emit()

    assert [n.body for n in household.entries.waiting_notes(alex.id)] == ["Back by six"]
    assert wired.wiring.companion.current is None
    assert wired.window.current_partner is None


@offscreen_raise
def test_choosing_from_the_tray_greets_the_partner(
    wire: Callable[[], Wired], alex: PartnerInfo
) -> None:
    wired = wire()
    wired.backend.sent.clear()

    find(wired.wiring.tray.menu, "Who's here?", "I'm Alex").trigger()

    assert [n.title for n in wired.backend.sent] == ["Good evening, Alex."]
    assert wired.window.current_partner == alex
