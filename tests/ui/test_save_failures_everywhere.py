"""Every action of the window that the database refuses says so in words, changes nothing,
and offers Try Again, which works once the trouble is gone: deleting from the timeline and
the planner, restoring from the trash, Undo and Redo (also "anyway"), moving, skipping and
marking an evening. The write lock is really held by another connection."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QSettings, QTime
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.dates.model import DatePlan, PlanState
from closeness_desktop.household import Draft, EntryRecord, Household, PartnerInfo
from closeness_desktop.ui.dialogs import TrashDialog
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.move_dialog import MoveDialog
from closeness_desktop.ui.planner import PlannerPage
from tests.ui.window_helpers import menu_action, redo_action, undo_action
from tests.write_failures import database_file, short_busy_timeout, write_lock_held

WAIT_MS = 20_000
BERLIN = ZoneInfo("Europe/Berlin")
BUSY = "the household is busy (another window or account is writing)"
SECRET = "the letter from Lisbon, which I never showed you"
TRY_AGAIN = "Try Again"
CANCEL = "Cancel"


def busy(household: Household) -> ExitStack:
    """Another window holds the write lock (and this one waits only 50 ms for it) until
    ``.close()``: a real SQLITE_BUSY on every write."""
    trouble = ExitStack()
    trouble.enter_context(short_busy_timeout(household))
    trouble.enter_context(write_lock_held(database_file(household)))
    return trouble


class Person:
    """Answers each Try Again / Cancel question by clicking a button of the real message
    box; an answer's ``first`` runs before the click (to lift the trouble, say)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str, str]] = []
        self.answers: list[tuple[str, Callable[[], object] | None]] = []

    def will(self, button: str, first: Callable[[], object] | None = None) -> Person:
        self.answers.append((button, first))
        return self

    def exec_(self, box: QMessageBox) -> int:
        self.asked.append((box.windowTitle(), box.text(), box.informativeText()))
        assert self.answers, f"not expected: {box.text()}"
        button, first = self.answers.pop(0)
        if first is not None:
            first()
        if button == CANCEL:
            box.button(QMessageBox.StandardButton.Cancel).click()
        else:
            (again,) = [b for b in box.buttons() if b.text() == button]
            again.click()
        return 0


@pytest.fixture
def person(monkeypatch: pytest.MonkeyPatch) -> Iterator[Person]:
    answering = Person()

    def exec_(box: QMessageBox) -> int:
        return answering.exec_(box)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    yield answering
    assert answering.answers == [], "a question that was expected was never asked"


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, household: Household) -> Iterator[MainWindow]:
    made = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    made.attach(household)
    page = made.timeline_page
    qtbot.waitUntil(lambda: page.stack.currentWidget() is not page.loading_page)
    yield made
    made.detach()


def status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def select(qtbot: QtBot, window: MainWindow, record: EntryRecord) -> None:
    model = window.timeline_page.model
    assert model is not None
    qtbot.waitUntil(lambda: model.row_of(record.id) is not None, timeout=WAIT_MS)
    row = model.row_of(record.id)
    assert row is not None
    window.timeline_page.timeline.setCurrentIndex(model.index(row))


# -- the timeline and the trash -----------------------------------------------------------


def test_a_delete_refused_asks_again_and_the_second_try_deletes(
    *,
    qtbot: QtBot,
    window: MainWindow,
    household: Household,
    sam: PartnerInfo,
    person: Person,
    caplog: pytest.LogCaptureFixture,
) -> None:
    note = household.entries.add(Draft.note(sam.id, SECRET))
    select(qtbot, window, note)

    with caplog.at_level(logging.DEBUG), busy(household) as trouble:
        person.will(TRY_AGAIN).will(TRY_AGAIN, trouble.close)
        menu_action(window, "&Edit", "&Delete entry").trigger()

    refusal = (
        "This note was not deleted",
        f"This note was not deleted: {BUSY}.",
        "It is still on your timeline.",
    )
    assert person.asked == [refusal, refusal]
    assert household.entries.get(note.id).deleted_at is not None
    assert status(window).startswith("Moved to the trash.")
    assert SECRET not in caplog.text
    assert "a write was refused: the household is busy" in caplog.text


def test_a_delete_cancelled_after_a_refusal_leaves_the_note(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo, person: Person
) -> None:
    note = household.entries.add(Draft.note(sam.id, "stay with me"))
    select(qtbot, window, note)

    with busy(household):
        person.will(CANCEL)
        menu_action(window, "&Edit", "&Delete entry").trigger()

    assert household.entries.get(note.id).deleted_at is None
    assert status(window) == "This note was not deleted."
    assert undo_action(window).text() == "&Undo add note"


def test_a_restore_refused_keeps_the_trash_open_and_works_on_try_again(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo, person: Person
) -> None:
    gone = household.entries.add(Draft.memory(sam.id, "Our first snow", date(2026, 1, 3), BERLIN))
    household.entries.delete(gone.id)
    delegate = window.timeline_page.delegate
    assert delegate is not None
    trash = TrashDialog(household, delegate, window)
    qtbot.addWidget(trash)
    try:
        trash.show()
        qtbot.waitUntil(lambda: trash.model.rowCount() == 1, timeout=WAIT_MS)
        trash.view.setCurrentIndex(trash.model.index(0))

        with busy(household):
            person.will(CANCEL)
            trash.restore_button.click()

        assert trash.isVisible()
        assert trash.hint.text() == f"This memory was not restored: {BUSY}."
        assert household.entries.get(gone.id).deleted_at is not None

        with busy(household) as trouble:
            person.will(TRY_AGAIN, trouble.close)
            trash.restore_button.click()

        assert person.asked[-1][1] == f"This memory was not restored: {BUSY}."
        assert household.entries.get(gone.id).deleted_at is None
    finally:
        trash.accept()


# -- undo and redo -------------------------------------------------------------------------


def test_an_undo_refused_keeps_the_step_and_cancel_says_nothing_was_undone(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo, person: Person
) -> None:
    note = household.entries.add(Draft.note(sam.id, "undo me"))
    qtbot.waitUntil(lambda: undo_action(window).isEnabled(), timeout=WAIT_MS)

    with busy(household):
        person.will(CANCEL)
        undo_action(window).trigger()

    assert person.asked == [
        ("Nothing was undone", f"Nothing was undone: {BUSY}.", "It stays ready to undo.")
    ]
    assert status(window) == "Nothing was undone."
    assert household.entries.get(note.id).deleted_at is None
    assert undo_action(window).text() == "&Undo add note"

    undo_action(window).trigger()  # the same step, once the trouble is gone

    assert household.entries.get(note.id).deleted_at is not None
    assert status(window) == "Undone: add note."


def test_a_redo_refused_works_on_try_again(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo, person: Person
) -> None:
    note = household.entries.add(Draft.note(sam.id, "redo me"))
    qtbot.waitUntil(lambda: undo_action(window).isEnabled(), timeout=WAIT_MS)
    undo_action(window).trigger()

    with busy(household) as trouble:
        person.will(TRY_AGAIN, trouble.close)
        redo_action(window).trigger()

    assert person.asked[0][1] == f"Nothing was redone: {BUSY}."
    assert household.entries.get(note.id).deleted_at is None
    assert status(window) == "Redone: add note."


def test_undo_anyway_refused_asks_again_and_goes_ahead(
    *,
    qtbot: QtBot,
    window: MainWindow,
    household: Household,
    sam: PartnerInfo,
    data_dir: Path,
    clock: FakeClock,
    person: Person,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    note = household.entries.add(Draft.note(sam.id, "first words"))
    elsewhere = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    try:
        elsewhere.entries.edit(note.id, Draft.note(sam.id, "their words"), note.version)
    finally:
        elsewhere.close()
    qtbot.waitUntil(lambda: undo_action(window).isEnabled(), timeout=WAIT_MS)
    with ExitStack() as later:

        def yes_and_then_busy(*_args: object) -> QMessageBox.StandardButton:
            later.enter_context(busy(household))  # the forced step is refused this time
            return QMessageBox.StandardButton.Yes

        monkeypatch.setattr(QMessageBox, "question", yes_and_then_busy)
        person.will(TRY_AGAIN, later.close)

        undo_action(window).trigger()

    assert person.asked[0][1] == f"Nothing was undone: {BUSY}."
    assert household.entries.get(note.id).deleted_at is not None
    assert status(window) == "Undone: add note."


# -- the planner ---------------------------------------------------------------------------


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=BERLIN)


@pytest.fixture
def planner(window: MainWindow, household: Household, sam: PartnerInfo) -> PlannerPage:
    """The planner tab, open on Wednesday 2 December, with the cinema at 20:00 chosen."""
    plan = DatePlan(uid="cinema@test", title="Cinema", start=at(2, 20), zone="Europe/Berlin")
    household.plans.save(plan, sam.id, None)
    page = window.show_planner()
    page.calendar.show_day(date(2026, 12, 2))
    page.day.list.setCurrentRow(0)
    return page


def cinema(household: Household) -> DatePlan:
    return household.plans.get("cinema@test").plan


def test_deleting_a_date_night_refused_asks_again(
    planner: PlannerPage, household: Household, window: MainWindow, person: Person
) -> None:
    with busy(household) as trouble:
        person.will(TRY_AGAIN, trouble.close)
        planner.day.delete_button.click()

    assert person.asked == [
        (
            "This date night was not deleted",
            f"This date night was not deleted: {BUSY}.",
            "It is still in your plans.",
        )
    ]
    assert household.plans.all() == []
    assert status(window).startswith("“Cinema” moved to the trash.")


def test_marking_an_evening_done_refused_and_cancelled_changes_nothing(
    planner: PlannerPage, household: Household, window: MainWindow, person: Person
) -> None:
    with busy(household):
        person.will(TRY_AGAIN).will(CANCEL)
        planner.day.done_button.click()

    assert [text for _title, text, _still in person.asked] == [
        f"This date night was not changed: {BUSY}."
    ] * 2
    assert cinema(household).state is PlanState.PLANNED
    assert status(window) == "The date night was not changed."


def test_a_move_refused_stays_in_the_dialog_and_the_second_try_moves_it(
    planner: PlannerPage,
    household: Household,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[bool, str, str, bool]] = []

    def move_to_friday(dialog: MoveDialog) -> int:
        dialog.show()
        dialog.when.day.setDate(QDate(2026, 12, 4))
        dialog.when.at.setTime(QTime(19, 0))
        dialog.where.setText("The little cinema by the canal")
        with busy(household):
            dialog.save_button.click()
        seen.append(
            (dialog.isVisible(), dialog.error.text(), dialog.where.text(), dialog.error.isVisible())
        )
        assert cinema(household).start == at(2, 20)  # nothing was written
        dialog.save_button.click()
        return dialog.result()

    monkeypatch.setattr(MoveDialog, "exec", move_to_friday)

    planner.day.move_button.click()

    assert seen == [
        (
            True,
            f"This evening was not moved: {BUSY}. Try again.",
            "The little cinema by the canal",
            True,
        )
    ]
    plan = cinema(household)
    assert (plan.start, plan.where) == (at(4, 19), "The little cinema by the canal")
    assert status(window).startswith("Moved.")


def test_a_move_cancelled_after_a_refusal_changes_nothing(
    planner: PlannerPage, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused_then_closed(dialog: MoveDialog) -> int:
        dialog.when.day.setDate(QDate(2026, 12, 4))
        with busy(household):
            dialog.save_button.click()
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(MoveDialog, "exec", refused_then_closed)

    planner.day.move_button.click()

    assert cinema(household).start == at(2, 20)
