"""The private corner locks by itself: "I'm heading out", the session locked, sleep, and
the minutes without use; "Who's here?" locks the one leaving and asks for the lock of the
one arriving (Cancel keeps whoever was here).

The window and the tray companion are built as the app builds them (test_tray_ui's
``wire``), with a real household file and a FakeClock; the OS services are fakes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Draft, EntryRecord, Household, PartnerInfo
from closeness_desktop.ui.goodbye import GoodbyeDialog
from closeness_desktop.ui.lock_dialog import LockDialog
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.privacy_guard import IDLE_DEFAULT, idle_key
from closeness_desktop.ui.timeline_model import TimelineModel
from tests.ui.test_tray_ui import Wired, find, offscreen_raise, wire  # noqa: F401  (the wiring)

PASSPHRASE = "tea at the harbour"
ALEXS = "204816"
PRIVATE = "Just for me: I think I'll propose in the spring."


def model_of(window: MainWindow) -> TimelineModel:
    assert window.timeline_page.model is not None
    return window.timeline_page.model


def private_note(household: Household, sam: PartnerInfo) -> EntryRecord:
    return household.entries.add(replace(Draft.note(sam.id, PRIVATE), private=True))


@pytest.fixture
def sams_corner(household: Household, sam: PartnerInfo) -> EntryRecord:
    """Sam has set a lock (and is unlocked, as after setting it) and kept a private note."""
    household.privacy.set_lock(sam.id, PASSPHRASE)
    return private_note(household, sam)


def shown_on_the_timeline(qtbot: QtBot, wired: Wired, note: EntryRecord) -> TimelineModel:
    model = model_of(wired.window)
    qtbot.waitUntil(lambda: model.row_of(note.id) is not None)
    row = model.row_of(note.id)
    assert row is not None
    assert model.record(row).body == PRIVATE
    return model


@offscreen_raise
def test_heading_out_locks_the_corner_and_the_private_card_leaves_the_timeline(
    wire: Callable[[], Wired],  # noqa: F811
    qtbot: QtBot,
    household: Household,
    sam: PartnerInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wired = wire()
    household.privacy.set_lock(sam.id, PASSPHRASE)  # Sam sets a lock: unlocked after it
    note = private_note(household, sam)
    model = shown_on_the_timeline(qtbot, wired, note)

    monkeypatch.setattr(GoodbyeDialog, "exec", lambda _dialog: int(QDialog.DialogCode.Accepted))
    wired.wiring.heading_out()  # "I'm heading out…", the goodbye box's Say goodbye

    assert not household.privacy.state(sam.id).unlocked
    assert wired.window.current_partner is None
    assert model.row_of(note.id) is None  # at once, not after the reload
    assert PRIVATE not in [model.record(row).body for row in range(model.rowCount())]


@offscreen_raise
def test_the_session_locked_locks_the_corner_and_unlocking_the_session_does_not_open_it(
    wire: Callable[[], Wired],  # noqa: F811
    qtbot: QtBot,
    household: Household,
    sam: PartnerInfo,
    sams_corner: EntryRecord,
) -> None:
    wired = wire()
    model = shown_on_the_timeline(qtbot, wired, sams_corner)

    wired.wiring.presence.screen_locked(True)

    assert not household.privacy.state(sam.id).unlocked
    assert model.row_of(sams_corner.id) is None

    wired.wiring.presence.screen_locked(False)

    assert wired.window.current_partner == sam  # this account is Sam's: Sam is back
    assert not household.privacy.state(sam.id).unlocked  # but the corner waits for the lock


@offscreen_raise
def test_sleep_locks_the_corner(
    wire: Callable[[], Wired],  # noqa: F811
    household: Household,
    sam: PartnerInfo,
    sams_corner: EntryRecord,
) -> None:
    wired = wire()

    wired.wiring.presence.preparing_for_sleep(True)

    assert household.privacy.unlocked() == frozenset()


@offscreen_raise
def test_minutes_without_use_lock_the_partner_who_is_here(
    wire: Callable[[], Wired],  # noqa: F811
    qtbot: QtBot,
    household: Household,
    sam: PartnerInfo,
    sams_corner: EntryRecord,
) -> None:
    wired = wire()
    guard = wired.wiring.guard
    model = shown_on_the_timeline(qtbot, wired, sams_corner)
    assert guard.idle.isActive()  # counting while the corner is open
    assert guard.idle.interval() == IDLE_DEFAULT * 60_000

    qtbot.keyClick(wired.window.timeline, Qt.Key.Key_Down)  # someone is here: counting again
    assert guard.idle.isActive()
    guard.idle_timeout()  # what the timer does when the minutes are up

    assert not household.privacy.state(sam.id).unlocked
    assert not guard.idle.isActive()  # nothing open: nothing to count
    assert "locked after 10 minutes without use" in wired.window.statusBar().currentMessage()
    assert model.row_of(sams_corner.id) is None


@offscreen_raise
def test_the_minutes_follow_the_setting_of_the_partner_who_is_here(
    wire: Callable[[], Wired],  # noqa: F811
    household: Household,
    sam: PartnerInfo,
    sams_corner: EntryRecord,
) -> None:
    wired = wire()

    household.settings.write(idle_key(sam.id), 3, 0)

    assert wired.wiring.guard.idle.interval() == 3 * 60_000


@offscreen_raise
def test_choosing_the_other_partner_locks_the_one_leaving(
    wire: Callable[[], Wired],  # noqa: F811
    household: Household,
    sam: PartnerInfo,
    alex: PartnerInfo,
    sams_corner: EntryRecord,
) -> None:
    wired = wire()

    find(wired.wiring.tray.menu, "Who's here?", "I'm Alex").trigger()  # Alex has no lock

    assert wired.window.current_partner == alex
    assert not household.privacy.state(sam.id).unlocked


@offscreen_raise
def test_choosing_a_partner_with_a_lock_asks_for_it_and_cancel_keeps_who_was_here(
    wire: Callable[[], Wired],  # noqa: F811
    household: Household,
    sam: PartnerInfo,
    alex: PartnerInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    household.privacy.set_lock(alex.id, ALEXS)
    household.privacy.lock()
    wired = wire()
    asked: list[str] = []

    def cancel(dialog: LockDialog) -> int:
        asked.append(dialog.partner.name)
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(LockDialog, "exec", cancel)
    wired.window.partner_chosen.emit(alex.id)  # Together ▸ Who's here? ▸ I'm Alex

    assert asked == ["Alex"]
    assert wired.window.current_partner == sam
    assert wired.wiring.companion.current == sam


@offscreen_raise
def test_the_right_pin_in_the_prompt_chooses_the_partner(
    wire: Callable[[], Wired],  # noqa: F811
    qtbot: QtBot,
    household: Household,
    alex: PartnerInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    household.privacy.set_lock(alex.id, ALEXS)
    household.privacy.lock()
    wired = wire()
    wired.backend.sent.clear()

    def type_the_pin(dialog: LockDialog) -> int:
        dialog.field.setText(ALEXS)
        dialog.unlock()
        qtbot.waitUntil(lambda: not dialog.busy)
        return int(dialog.result())

    monkeypatch.setattr(LockDialog, "exec", type_the_pin)
    find(wired.wiring.tray.menu, "Who's here?", "I'm Alex").trigger()

    assert wired.window.current_partner == alex
    assert household.privacy.state(alex.id).unlocked
    assert [n.title for n in wired.backend.sent] == ["Good evening, Alex."]


@offscreen_raise
def test_a_partner_who_is_unlocked_already_is_not_asked_again(
    wire: Callable[[], Wired],  # noqa: F811
    household: Household,
    sam: PartnerInfo,
    sams_corner: EntryRecord,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wired = wire()

    def never(_dialog: LockDialog) -> int:
        raise AssertionError("the lock was asked for again")

    monkeypatch.setattr(LockDialog, "exec", never)
    wired.window.partner_chosen.emit(sam.id)  # "I'm Sam" in the read-only view

    assert wired.window.current_partner == sam
    assert household.privacy.state(sam.id).unlocked
