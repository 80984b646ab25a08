"""When the database refuses the companion's writes (a goodbye, a snooze, a pause, notes
marked as read) it says so in a notification with Try again, keeps what was typed and
loses nothing; and the window's dialogs of the tray (heading out, settings, after a
date) stay open with every word in them. The write lock is really held elsewhere."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from closeness_desktop import paths
from closeness_desktop.clock import FakeClock
from closeness_desktop.companion import presence as presence_module
from closeness_desktop.companion.companion import TRY_AGAIN
from closeness_desktop.companion.notifications.chain import NotifierChain
from closeness_desktop.companion.notifications.message import Notification
from closeness_desktop.companion.notifications.tray import BannerNotifier
from closeness_desktop.dates.model import DatePlan, PlanState
from closeness_desktop.household import EntryKind, Household, PartnerInfo, TimelineFilter
from closeness_desktop.ui import companion_wiring
from closeness_desktop.ui.after_date import AfterDateDialog
from closeness_desktop.ui.companion_wiring import TrayCompanion
from closeness_desktop.ui.goodbye import GoodbyeDialog
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.settings_dialog import SettingsDialog
from tests.ui.test_companion import RecordingNotifier, Setup
from tests.write_failures import database_file, short_busy_timeout, write_lock_held

BUSY = "the household is busy (another window or account is writing)"
SECRET = "Back by six; the ring is in the blue box"


def busy(household: Household) -> ExitStack:
    """Another window holds the write lock (waited for 50 ms) until ``.close()``."""
    trouble = ExitStack()
    trouble.enter_context(short_busy_timeout(household))
    trouble.enter_context(write_lock_held(database_file(household)))
    return trouble


@pytest.fixture
def s(household: Household, qtbot: QtBot) -> Iterator[Setup]:
    setup = Setup(household, qtbot)
    # Greeted this morning: the dinner nudge due now comes on its own, not in a greeting.
    setup.greeted_earlier_today(household.partners.named("Sam"))
    setup.companion.start()
    yield setup
    setup.companion.stop()


def who_is_here(s: Setup) -> PartnerInfo | None:
    return s.companion.current


def refusals(s: Setup) -> list[Notification]:
    return [n for n in s.backend.take() if n.tag.startswith("not-saved|")]


# -- the companion ------------------------------------------------------------------------


def test_a_goodbye_refused_keeps_the_line_says_so_and_try_again_leaves_it(
    s: Setup, sam: PartnerInfo, alex: PartnerInfo, caplog: pytest.LogCaptureFixture
) -> None:
    s.backend.take()

    with caplog.at_level(logging.DEBUG), busy(s.household):
        record = s.companion.heading_out(SECRET)

    assert (record, s.companion.unsaved_goodbye) == (None, SECRET)  # kept for the box
    assert who_is_here(s) == sam  # nobody has left yet
    (told,) = refusals(s)
    assert told.title == "Your goodbye was not saved"
    assert told.body == (
        "The household is busy (another window or account is writing)."
        " It is still in the box; try again."
    )
    assert told.actions == (TRY_AGAIN,)
    assert s.household.entries.waiting_notes(alex.id) == []
    assert "ring" not in caplog.text
    assert "goodbye: not saved (the household is busy" in caplog.text

    s.backend.click(told, TRY_AGAIN[0])

    assert [n.body for n in s.household.entries.waiting_notes(alex.id)] == [SECRET]
    assert s.companion.unsaved_goodbye is None
    assert who_is_here(s) is None


def test_a_snooze_refused_says_so_and_try_again_snoozes(s: Setup) -> None:
    (dinner,) = s.rituals()

    with busy(s.household):
        s.backend.click(dinner, "snooze-10")

    (told,) = refusals(s)
    assert told.title == "The reminder was not snoozed"
    assert told.body == f"{BUSY[0].upper()}{BUSY[1:]}. It won't come back by itself; try again."
    s.backend.click(told, TRY_AGAIN[0])
    s.advance(minutes=10)
    s.companion.recheck()
    (again,) = s.rituals()
    assert again.tag == dinner.tag


def test_a_pause_refused_says_so_and_try_again_pauses(s: Setup, clock: FakeClock) -> None:
    s.backend.take()

    with busy(s.household):
        s.companion.pause_for(timedelta(hours=1))

    assert s.companion.paused_until() is None
    (told,) = refusals(s)
    assert told.title == "Reminders were not paused"
    assert told.body.endswith("They will keep coming; try again.")
    s.backend.click(told, TRY_AGAIN[0])
    assert s.companion.paused_until() == clock.now() + timedelta(hours=1)

    with busy(s.household):
        s.companion.pause(None)

    (told,) = refusals(s)
    assert (told.title, told.body.endswith("They stay paused; try again.")) == (
        "Reminders were not resumed",
        True,
    )
    assert s.companion.paused_until() is not None


def test_notes_not_marked_as_read_are_handed_over_again(
    household: Household, qtbot: QtBot, sam: PartnerInfo, caplog: pytest.LogCaptureFixture
) -> None:
    setup = Setup(household, qtbot)
    note = setup.note_for(sam, SECRET)
    setup.backend.holding = True  # the daemon answers later
    setup.companion.start()
    (hello,) = setup.greetings()

    setup.backend.answer(hello.tag, shown=True)
    with caplog.at_level(logging.DEBUG), busy(household):
        setup.backend.click(hello, "open")

    (told,) = refusals(setup)
    assert told.title == "Your notes were not marked as read"
    assert told.body.endswith("They will be handed over again next time, so nothing is lost.")
    assert told.actions == ()
    assert household.entries.get(note).delivered_at is None
    assert "ring" not in caplog.text
    setup.backend.holding = False
    setup.presence.screen_locked(True)
    setup.advance(minutes=5)
    setup.presence.screen_locked(False)
    (again,) = setup.greetings()
    assert SECRET in again.body
    setup.backend.click(again, "open")
    assert household.entries.get(note).delivered_at is not None
    setup.companion.stop()


# -- the tray's dialogs -------------------------------------------------------------------


@pytest.fixture
def wiring(
    qtbot: QtBot,
    household: Household,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[TrayCompanion]:
    """The window and the tray companion as the app builds them, with fakes for the OS."""
    monkeypatch.setattr(presence_module, "_LinuxSignals", lambda presence: None)
    backend = RecordingNotifier()

    def chain(_platform: str, _tray: object, banner: Any, **_: object) -> NotifierChain:
        return NotifierChain([backend, BannerNotifier(banner)])

    monkeypatch.setattr(companion_wiring, "default_chain", chain)
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.attach(household)
    app = cast(QApplication, QApplication.instance())
    made = TrayCompanion(app, window, household, settings, paths.resolve(data_dir))
    made.start()
    yield made
    made.stop()
    window.detach()


offscreen_raise = pytest.mark.qt_log_ignore("This plugin does not support raise")


def status(wiring: TrayCompanion) -> str:
    return wiring.window.statusBar().currentMessage()


def press_save(dialog: SettingsDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Save).click()


@offscreen_raise
def test_a_goodbye_refused_is_in_the_box_the_next_time(
    wiring: TrayCompanion, household: Household, alex: PartnerInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened_with: list[str] = []

    def say_goodbye(dialog: GoodbyeDialog) -> int:
        opened_with.append(dialog.line.text())
        dialog.line.setText(SECRET)
        return 1

    monkeypatch.setattr(GoodbyeDialog, "exec", say_goodbye)
    with busy(household):
        wiring.heading_out()

    assert status(wiring) != "Goodbye for now. Take care out there."
    assert wiring.companion.current is not None

    wiring.heading_out()

    assert opened_with == ["", SECRET]
    assert [n.body for n in household.entries.waiting_notes(alex.id)] == [SECRET]
    assert status(wiring) == "Goodbye for now. Take care out there."


@offscreen_raise
def test_settings_refused_stay_open_with_the_changes_and_save_on_a_second_try(
    wiring: TrayCompanion, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[bool, str, int]] = []

    def change_the_cap(dialog: SettingsDialog) -> int:
        dialog.show()
        dialog.cap.setValue(2)
        dialog.start_at_login.setChecked(False)
        with busy(household):
            press_save(dialog)
        seen.append((dialog.isVisible(), dialog.error.text(), dialog.cap.value()))
        press_save(dialog)
        return dialog.result()

    monkeypatch.setattr(SettingsDialog, "exec", change_the_cap)

    wiring.open_settings()

    assert seen == [
        (True, f"Your settings were not saved: {BUSY}. Your changes are still here; try again.", 2)
    ]
    assert household.rituals.settings().daily_cap == 2
    assert status(wiring) == "Settings saved."


@offscreen_raise
def test_a_memory_after_a_date_refused_keeps_both_lines_and_keeps_it_on_a_second_try(
    wiring: TrayCompanion,
    household: Household,
    sam: PartnerInfo,
    alex: PartnerInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    start = datetime(2026, 11, 25, 18, tzinfo=UTC)
    plan = DatePlan(uid="dinner@test", title="Dinner by the river", start=start, zone="UTC")
    household.plans.save(plan, sam.id, None)
    seen: list[tuple[bool, str, list[str]]] = []

    def tell_us(dialog: AfterDateDialog) -> int:
        dialog.show()
        dialog.lines[sam.id].setText("The lanterns on the water")
        dialog.lines[alex.id].setText(SECRET)
        with busy(household):
            dialog.accept()
        seen.append(
            (dialog.isVisible(), dialog.error.text(), [f.text() for f in dialog.lines.values()])
        )
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(AfterDateDialog, "exec", tell_us)

    wiring.remember_date("dinner@test", start)

    assert seen == [
        (
            True,
            f"This memory was not kept: {BUSY}. Your words are still here; try again.",
            ["The lanterns on the water", SECRET],
        )
    ]
    assert status(wiring) == "Kept as a memory on your timeline."
    assert household.plans.get("dinner@test").plan.state is PlanState.DONE
    page = household.entries.page(TimelineFilter(kinds=frozenset({EntryKind.MEMORY})))
    assert [entry.title for entry in page.rows] == ["Dinner by the river"]
