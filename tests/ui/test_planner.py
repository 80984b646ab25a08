"""The "Date nights" tab, its plan editor and the File menu's calendar files, driven like a
person would, on real widgets offscreen, with the fake clock (Thu 26 Nov 2026, 19:30)."""

from __future__ import annotations

import dataclasses
import getpass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from closeness_desktop.agenda import Mark
from closeness_desktop.clock import FakeClock
from closeness_desktop.companion.companion import Companion
from closeness_desktop.companion.notifications.chain import NotifierChain
from closeness_desktop.companion.notifications.tray import BannerNotifier
from closeness_desktop.companion.presence import Presence
from closeness_desktop.dates import recurrence
from closeness_desktop.dates.model import DatePlan, PlanState
from closeness_desktop.household import EntryKind, Household, PartnerInfo, TimelineFilter
from closeness_desktop.rituals import rules
from closeness_desktop.ui import theme
from closeness_desktop.ui.calendar_dialogs import CalendarTransfer, ImportPreviewDialog
from closeness_desktop.ui.combo import index_of
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.move_dialog import MoveDialog
from closeness_desktop.ui.plan_editor import PlanEditor
from closeness_desktop.ui.planner import PlannerPage
from tests.ui.window_helpers import menu_action, undo_action

BERLIN = ZoneInfo("Europe/Berlin")
ICS = Path(__file__).parents[1] / "data" / "ics"
WAIT_MS = 20_000
Accepted = QDialog.DialogCode.Accepted
Rejected = QDialog.DialogCode.Rejected


@pytest.fixture
def planner(window: MainWindow) -> PlannerPage:
    """The planner tab, open."""
    planner = window.show_planner()
    assert planner.isVisible()
    return planner


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def one_off(
    title: str = "Cinema", start: datetime | None = None, uid: str = "cinema@test"
) -> DatePlan:
    return DatePlan(uid=uid, title=title, start=start or at(2026, 12, 2, 20), zone="Europe/Berlin")


def fill_fortnightly_dinner(editor: PlanEditor) -> int:
    """A stand-in for the modal ``PlanEditor.exec``: plan "every other Friday at 19:00"."""
    editor.title_edit.setText("Dinner by the river")
    editor.start.day.setDate(QDate(2026, 11, 27))
    editor.start.at.setTime(QTime(19, 0))
    editor.has_end.setChecked(True)
    editor.end.at.setTime(QTime(22, 0))
    editor.repeat.setCurrentIndex(index_of(editor.repeat, "fortnightly"))
    editor.where.setText("The old mill")
    editor.budget.setValue(60)
    editor.save_button.click()
    return editor.result()


@pytest.fixture
def dinner(planner: PlannerPage, household: Household, monkeypatch: pytest.MonkeyPatch) -> DatePlan:
    """Dinner by the river, every other Friday from 27 November, planned in the editor."""
    monkeypatch.setattr(PlanEditor, "exec", fill_fortnightly_dinner)
    saved = planner.plan_new()
    assert saved is not None
    return saved.plan


def marked_days(planner: PlannerPage, year: int, month: int) -> list[date]:
    """The days of a month that the calendar marks as having a date."""
    planner.calendar.setCurrentPage(year, month)
    first = date(year, month, 1)
    days = [first + timedelta(days=n) for n in range(31)]
    return [day for day in days if day.month == month and planner.calendar.mark_of(day)]


def choose(planner: PlannerPage, day: date, title: str) -> None:
    """Click ``day`` in the calendar and the date called ``title`` in its list."""
    planner.calendar.show_day(day)
    titles = [line.split("\n")[0] for line in planner.day.lines()]
    planner.day.list.setCurrentRow(titles.index(title))


# -- planning a date night -------------------------------------------------------------------


def test_a_fortnightly_dinner_planned_in_the_editor_is_kept_whole(
    dinner: DatePlan, household: Household, sam: PartnerInfo
) -> None:
    record = household.plans.get(dinner.uid)
    assert record.entry.author_id == sam.id  # who is at the computer
    plan = record.plan
    assert plan.uid.endswith("@closeness")
    assert plan.title == "Dinner by the river"
    assert (plan.start, plan.end) == (at(2026, 11, 27, 19), at(2026, 11, 27, 22))
    assert plan.rrule == recurrence.every_n_weeks(4, 2)
    assert plan.where == "The old mill"
    assert str(plan.budget) == "60.00"
    assert plan.zone == "Europe/Berlin"
    assert plan.reminders == (timedelta(days=1), timedelta(hours=1))


def test_the_calendar_marks_every_other_friday_and_no_other_day(
    dinner: DatePlan, planner: PlannerPage
) -> None:
    assert marked_days(planner, 2026, 11) == [date(2026, 11, 27)]
    assert marked_days(planner, 2026, 12) == [date(2026, 12, 11), date(2026, 12, 25)]
    assert marked_days(planner, 2027, 1) == [date(2027, 1, 8), date(2027, 1, 22)]
    shown = planner.calendar.dateTextFormat(QDate(2027, 1, 8))
    assert shown.fontWeight() == QFont.Weight.Bold
    assert shown.foreground().color() == theme.ACCENT
    assert planner.calendar.dateTextFormat(QDate(2027, 1, 15)).fontWeight() != QFont.Weight.Bold


def test_the_planned_dinner_is_on_the_timeline(
    qtbot: QtBot, dinner: DatePlan, household: Household, window: MainWindow
) -> None:
    rows = household.entries.page(TimelineFilter(kinds=frozenset({EntryKind.PLAN}))).rows
    assert [(row.title, row.place) for row in rows] == [("Dinner by the river", "The old mill")]
    model = window.timeline_page.model
    assert model is not None
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=WAIT_MS)
    assert model.record(0).title == "Dinner by the river"


def test_the_dinner_is_reminded_the_day_before_and_an_hour_before(
    dinner: DatePlan, household: Household, clock: FakeClock
) -> None:
    # Every date of the series gets its reminders, not only the first.
    plan = household.plans.get(dinner.uid).plan
    due = recurrence.reminders_between([plan], clock.now(), clock.now() + timedelta(days=16))
    seen = [(r.occurrence.start, r.lead, r.due_at.astimezone(BERLIN)) for r in due]
    assert seen == [
        # the day-before reminder for tomorrow was due half an hour ago
        (at(2026, 11, 27, 19), timedelta(hours=1), at(2026, 11, 27, 18)),
        (at(2026, 12, 11, 19), timedelta(days=1), at(2026, 12, 10, 19)),
        (at(2026, 12, 11, 19), timedelta(hours=1), at(2026, 12, 11, 18)),
    ]


def test_the_tray_companion_reminds_of_every_friday_of_the_series(
    dinner: DatePlan, household: Household, clock: FakeClock
) -> None:
    chain = NotifierChain([BannerNotifier(lambda _notification: None)])
    companion = Companion(household, chain, Presence(), getpass.getuser())

    def reminders() -> list[tuple[datetime, str]]:
        items = companion._state_for(clock.now()).one_offs
        return sorted(
            (item.due_at.astimezone(BERLIN), item.title)
            for item in items
            if item.kind is rules.RitualKind.DATE_REMINDER
        )

    assert reminders() == [
        (at(2026, 11, 26, 19), "Date night tomorrow"),
        (at(2026, 11, 27, 18), "Date night in an hour"),
    ]
    clock.set(at(2026, 12, 5, 12))  # a week on: the next Friday of the series
    assert reminders() == [
        (at(2026, 12, 10, 19), "Date night tomorrow"),
        (at(2026, 12, 11, 18), "Date night in an hour"),
    ]


def test_the_day_list_says_when_where_and_how_often(dinner: DatePlan, planner: PlannerPage) -> None:
    planner.calendar.show_day(date(2026, 12, 11))

    assert planner.day.heading.text() == "Friday 11 December 2026"
    assert planner.day.lines() == [
        "Dinner by the river\n19:00–22:00 · The old mill\nevery other Friday\nplanned"  # noqa: RUF001
    ]
    assert planner.day.skip_button.isEnabled()


def test_a_day_without_dates_says_so(dinner: DatePlan, planner: PlannerPage) -> None:
    planner.calendar.show_day(date(2026, 12, 4))

    assert planner.day.lines() == []
    assert not planner.day.empty.isHidden()
    assert not any(button.isEnabled() for button in planner.day.buttons())


# -- the next date at a glance ---------------------------------------------------------------


def test_with_nothing_planned_the_card_invites_to_plan(planner: PlannerPage) -> None:
    assert planner.card.title.text() == "An evening just for the two of you"
    assert "date nights" in planner.card.details.text()
    assert planner.card.countdown.isHidden()
    assert planner.card.plan_button.text() == "Plan a date night"


def test_the_card_counts_down_to_the_next_dinner_each_minute(
    dinner: DatePlan, planner: PlannerPage, clock: FakeClock
) -> None:
    card = planner.card
    assert card.title.text() == "Dinner by the river"
    assert card.details.text() == "tomorrow 19:00 · The old mill · every other Friday"
    assert card.countdown.text() == "In 23 hours, 30 minutes"
    assert planner.timer.isActive()
    assert planner.timer.interval() == 60_000

    clock.advance(timedelta(hours=23, minutes=15))
    planner.timer.timeout.emit()
    assert card.countdown.text() == "Tonight, in 15 minutes"

    clock.advance(timedelta(minutes=20))
    planner.timer.timeout.emit()
    assert card.countdown.text() == "Now"


def test_the_countdown_timer_rests_while_the_tab_is_hidden(
    planner: PlannerPage, window: MainWindow
) -> None:
    assert planner.timer.isActive()
    window.show_timeline()
    assert not planner.timer.isActive()


def test_the_card_button_opens_the_editor(
    planner: PlannerPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[PlanEditor] = []

    def look(editor: PlanEditor) -> int:
        opened.append(editor)
        return Rejected

    monkeypatch.setattr(PlanEditor, "exec", look)

    planner.card.plan_button.click()

    assert len(opened) == 1
    assert opened[0].windowTitle() == "Plan a date night"


# -- one evening of the series ---------------------------------------------------------------


def test_skipping_one_evening_keeps_the_series(
    dinner: DatePlan, planner: PlannerPage, household: Household, window: MainWindow
) -> None:
    choose(planner, date(2026, 12, 11), "Dinner by the river")

    planner.day.skip_button.click()

    plan = household.plans.get(dinner.uid).plan
    assert plan.exdates == {at(2026, 12, 11, 19)}
    assert recurrence.next_occurrence(plan, at(2026, 11, 28, 0)).start == at(2026, 12, 25, 19)  # type: ignore[union-attr]
    # The skipped Friday keeps a soft, struck-through trace; the next one is to come.
    assert marked_days(planner, 2026, 12) == [date(2026, 12, 11), date(2026, 12, 25)]
    assert planner.calendar.mark_of(date(2026, 12, 11)) is Mark.CANCELLED
    assert planner.calendar.mark_of(date(2026, 12, 25)) is Mark.UPCOMING
    assert window.statusBar().currentMessage() == (
        "Skipped Friday 11 December 2026; the other evenings stay as they are. Undo with Ctrl+Z."
    )


def test_moving_one_evening_moves_only_that_evening(
    dinner: DatePlan, planner: PlannerPage, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    def move_to_boxing_day(dialog: MoveDialog) -> int:
        dialog.when.day.setDate(QDate(2026, 12, 26))
        dialog.when.at.setTime(QTime(18, 0))
        dialog.where.setText("At home")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(MoveDialog, "exec", move_to_boxing_day)
    choose(planner, date(2026, 12, 25), "Dinner by the river")

    planner.day.move_button.click()

    plan = household.plans.get(dinner.uid).plan
    (change,) = plan.overrides.values()
    assert (change.start, change.end, change.where) == (
        at(2026, 12, 26, 18), at(2026, 12, 26, 21), "At home",
    )  # fmt: skip
    assert marked_days(planner, 2026, 12) == [date(2026, 12, 11), date(2026, 12, 26)]
    assert planner.calendar.selected_day() == date(2026, 12, 26)
    assert "Moved from Friday 25 December 2026, 19:00" in planner.day.lines()[0]


def test_marking_tomorrow_done_marks_that_evening_only(
    dinner: DatePlan, planner: PlannerPage, household: Household
) -> None:
    choose(planner, date(2026, 11, 27), "Dinner by the river")

    planner.day.done_button.click()

    plan = household.plans.get(dinner.uid).plan
    assert plan.state is PlanState.PLANNED
    assert [change.state for change in plan.overrides.values()] == [PlanState.DONE]
    assert planner.calendar.mark_of(date(2026, 11, 27)) is Mark.DONE
    assert planner.day.done_button.text() == "Not done after all"
    assert planner.card.details.text().startswith("11 December 19:00")  # the next one

    planner.day.done_button.click()
    assert planner.calendar.mark_of(date(2026, 11, 27)) is Mark.UPCOMING


def test_the_planners_messages_carry_the_one_undo_hint(
    dinner: DatePlan,
    planner: PlannerPage,
    window: MainWindow,
    data_dir: Path,
    clock: FakeClock,
) -> None:
    def said() -> str:
        return window.statusBar().currentMessage()

    assert said() == "Planned: Dinner by the river. Undo with Ctrl+Z."
    choose(planner, date(2026, 11, 27), "Dinner by the river")

    planner.day.done_button.click()

    assert said() == "Marked as done. We hope it was lovely. Undo with Ctrl+Z."
    choose(planner, date(2026, 11, 27), "Dinner by the river")

    planner.day.done_button.click()

    assert said() == "Back in the plan. Undo with Ctrl+Z."

    # Changed on the other computer: the planner's copy is stale, nothing is written, and
    # there is nothing to undo, so no hint.
    elsewhere = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    try:
        record = elsewhere.plans.get(dinner.uid)
        moved = dataclasses.replace(record.plan, where="At home")
        elsewhere.plans.save(moved, record.entry.author_id, record.version)
    finally:
        elsewhere.close()
    choose(planner, date(2026, 11, 27), "Dinner by the river")

    planner.day.cancel_button.click()

    assert said().startswith("This date night was changed elsewhere while you had it open")
    assert "Undo with" not in said()


def test_cancelling_a_one_off_date_cancels_the_plan(
    planner: PlannerPage, household: Household, alex: PartnerInfo
) -> None:
    household.plans.save(one_off(), alex.id)
    choose(planner, date(2026, 12, 2), "Cinema")
    assert not planner.day.skip_button.isEnabled()
    assert planner.day.cancel_button.text() == "Cancel the date"

    planner.day.cancel_button.click()

    record = household.plans.get("cinema@test")
    assert record.plan.state is PlanState.CANCELLED
    assert record.entry.author_id == alex.id  # still Alex's plan
    assert planner.calendar.mark_of(date(2026, 12, 2)) is Mark.CANCELLED
    assert planner.calendar.dateTextFormat(QDate(2026, 12, 2)).fontStrikeOut()


def test_deleting_a_plan_puts_it_in_the_trash_and_undo_brings_it_back(
    dinner: DatePlan, planner: PlannerPage, household: Household, window: MainWindow
) -> None:
    choose(planner, date(2026, 11, 27), "Dinner by the river")

    planner.day.delete_button.click()

    assert household.plans.all() == []
    assert planner.calendar.mark_of(date(2026, 11, 27)) is None
    assert (
        window.statusBar().currentMessage().startswith("“Dinner by the river” moved to the trash")
    )
    undo_action(window).trigger()
    assert [record.plan.uid for record in household.plans.all()] == [dinner.uid]
    assert planner.calendar.mark_of(date(2026, 11, 27)) is Mark.UPCOMING


def test_past_and_done_days_look_different_from_days_to_come(
    planner: PlannerPage, household: Household, sam: PartnerInfo
) -> None:
    household.plans.save(one_off("Pottery", at(2026, 11, 14, 15), "pottery@test"), sam.id)
    done = dataclasses.replace(
        one_off("Jazz", at(2026, 11, 19, 20), "jazz@test"), state=PlanState.DONE
    )
    household.plans.save(done, sam.id)
    household.plans.save(one_off(), sam.id)

    calendar = planner.calendar
    assert calendar.mark_of(date(2026, 11, 14)) is Mark.PAST
    assert calendar.mark_of(date(2026, 11, 19)) is Mark.DONE
    assert calendar.mark_of(date(2026, 12, 2)) is Mark.UPCOMING
    colours = [
        calendar.dateTextFormat(QDate(2026, 11, day)).foreground().color().name()
        for day in (14, 19)
    ]
    december = calendar.dateTextFormat(QDate(2026, 12, 2)).foreground().color().name()
    assert december == theme.ACCENT.name()
    assert len({*colours, december}) == 3


def test_editing_a_plan_keeps_its_uid_and_skipped_evenings(
    dinner: DatePlan, planner: PlannerPage, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose(planner, date(2026, 12, 11), "Dinner by the river")
    planner.day.skip_button.click()

    def rename(editor: PlanEditor) -> int:
        assert editor.title_edit.text() == "Dinner by the river"
        assert editor.repeat.currentData() == "fortnightly"
        assert editor.budget.budget() is not None
        editor.title_edit.setText("Dinner by the water")
        editor.save_button.click()
        return editor.result()

    monkeypatch.setattr(PlanEditor, "exec", rename)
    choose(planner, date(2026, 11, 27), "Dinner by the river")
    planner.day.edit_button.click()

    plans = household.plans.all()
    assert [(record.plan.uid, record.plan.title) for record in plans] == [
        (dinner.uid, "Dinner by the water")
    ]
    assert plans[0].plan.exdates == {at(2026, 12, 11, 19)}


# -- the editor ------------------------------------------------------------------------------


@pytest.fixture
def editor(
    qtbot: QtBot, household: Household, sam: PartnerInfo, monkeypatch: pytest.MonkeyPatch
) -> PlanEditor:
    """A new plan's editor, on screen. Closing it with typed text discards it unasked."""
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Discard)
    editor = PlanEditor(household, planner=sam)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_a_new_plan_starts_at_the_next_evening(editor: PlanEditor) -> None:
    # 19:30 on Thursday: tonight's 19:00 has passed, so Friday.
    assert editor.start.day.date() == QDate(2026, 11, 27)
    assert editor.start.at.time() == QTime(19, 0)
    assert editor.repeat.currentText() == "Doesn't repeat"
    assert editor.budget.budget() is None
    assert editor.budget.text() == "No budget"
    assert editor.remind_day.isChecked()
    assert editor.remind_hour.isChecked()


def test_the_repeat_choices_follow_the_start_day(editor: PlanEditor) -> None:
    editor.repeat.setCurrentIndex(index_of(editor.repeat, "fortnightly"))
    editor.start.day.setDate(QDate(2026, 12, 5))  # the first Saturday of December

    labels = [editor.repeat.itemText(row) for row in range(editor.repeat.count())]
    assert labels == [
        "Doesn't repeat",
        "Every week on Saturday",
        "Every other week on Saturday",
        "The first Saturday of each month",
        "Every month on day 5",
        "Every year on 5 December",
    ]
    assert editor.repeat.currentText() == "Every other week on Saturday"
    assert editor.repeat_rule() == recurrence.every_n_weeks(5, 2)


def test_a_plan_without_a_name_is_refused_inline(editor: PlanEditor, household: Household) -> None:
    editor.save_button.click()

    assert editor.error.isVisible()
    assert editor.error.text() == "Please give the date a name."
    assert editor.isVisible()
    assert household.plans.all() == []


def test_an_end_before_the_start_is_refused_inline(
    editor: PlanEditor, household: Household
) -> None:
    editor.title_edit.setText("Sunset walk")
    editor.has_end.setChecked(True)
    editor.end.at.setTime(QTime(18, 0))

    editor.save_button.click()

    assert editor.error.text() == "The date can't end before it starts."
    assert editor.isVisible()
    assert household.plans.all() == []


def test_an_all_day_weekend_is_kept_as_whole_days(editor: PlanEditor, household: Household) -> None:
    editor.title_edit.setText("A weekend by the sea")
    editor.start.day.setDate(QDate(2026, 12, 5))
    editor.all_day.setChecked(True)
    editor.has_end.setChecked(True)
    editor.end.day.setDate(QDate(2026, 12, 6))

    editor.save_button.click()

    (record,) = household.plans.all()
    assert record.plan.all_day
    assert (record.plan.start, record.plan.end) == (at(2026, 12, 5, 0), at(2026, 12, 7, 0))


def test_ctrl_return_saves(qtbot: QtBot, editor: PlanEditor, household: Household) -> None:
    qtbot.keyClicks(editor.title_edit, "Stargazing")
    editor.activateWindow()
    qtbot.waitActive(editor)

    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert [record.plan.title for record in household.plans.all()] == ["Stargazing"]
    assert editor.result() == Accepted


def test_escape_asks_before_discarding_typed_text(
    qtbot: QtBot, editor: PlanEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    answer = QMessageBox.StandardButton.Cancel

    def question(*args: object, **kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.keyClicks(editor.title_edit, "Stargazing")

    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert asked == ["You have written something here. Close without saving it?"]
    assert editor.isVisible()

    answer = QMessageBox.StandardButton.Discard
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_an_idea_from_the_jar_fills_the_editor_and_is_marked_done(
    planner: PlannerPage, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    def accept_idea(editor: PlanEditor) -> int:
        assert (editor.title_edit.text(), editor.notes.toPlainText()) == (
            "Picnic in the park", "Bring the blanket and something sweet.",
        )  # fmt: skip
        assert not editor.is_dirty()  # nothing typed yet: Esc closes without asking
        editor.save_button.click()
        return editor.result()

    monkeypatch.setattr(PlanEditor, "exec", accept_idea)

    saved = planner.plan_new(
        "Picnic in the park", "Bring the blanket and something sweet.", idea_id="picnic"
    )

    assert saved is not None
    assert household.ideas.done() == {"picnic": date(2026, 11, 27)}


# -- calendar files --------------------------------------------------------------------------


@pytest.fixture
def transfer(window: MainWindow, planner: PlannerPage) -> CalendarTransfer:
    """The File menu's calendar actions, there from the start (not only with the tab)."""
    return window.files.calendar


@pytest.fixture
def warnings(transfer: CalendarTransfer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(transfer, "warn", lambda title, text: shown.append(f"{title}: {text}"))
    return shown


def window_of(transfer: CalendarTransfer) -> MainWindow:
    window = transfer.parent_widget
    assert isinstance(window, MainWindow)
    return window


def export_action(transfer: CalendarTransfer) -> QAction:
    """File > Export date nights…, where the calendar actions live."""
    return menu_action(window_of(transfer), "&File", "E&xport date nights")


def import_action(transfer: CalendarTransfer) -> QAction:
    return menu_action(window_of(transfer), "&File", "&Import calendar")


def open_file(transfer: CalendarTransfer, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(transfer, "ask_open_path", lambda: str(path))


def preview_answer(
    monkeypatch: pytest.MonkeyPatch, answer: QDialog.DialogCode
) -> list[ImportPreviewDialog]:
    shown: list[ImportPreviewDialog] = []

    def exec_(dialog: ImportPreviewDialog) -> int:
        shown.append(dialog)
        return answer

    monkeypatch.setattr(ImportPreviewDialog, "exec", exec_)
    return shown


def test_the_file_menu_offers_calendar_export_and_import(
    window: MainWindow, planner: PlannerPage
) -> None:
    texts = [action.text() for action in window.file_menu.actions()]
    export, import_ = texts.index("E&xport date nights…"), texts.index("&Import calendar…")
    assert export + 1 == import_ < texts.index("&Trash…")


def test_export_then_import_puts_the_plans_back(
    dinner: DatePlan,
    household: Household,
    transfer: CalendarTransfer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = window_of(transfer)
    sam = household.partners.named("Sam")
    household.plans.save(one_off(), sam.id)
    before = household.plans.all()
    suggested: list[str] = []
    target = tmp_path / "ours"

    def save_as(name: str) -> str:
        suggested.append(name)
        return str(target)

    monkeypatch.setattr(transfer, "ask_save_path", save_as)

    export_action(transfer).trigger()

    assert Path(suggested[0]).name == "date-nights.ics"
    written = target.with_suffix(".ics")
    assert written.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert window.statusBar().currentMessage() == f"Exported 2 date nights to {written}."

    cinema = household.plans.get("cinema@test")
    changed = dataclasses.replace(cinema.plan, title="Changed our minds")
    household.plans.save(changed, sam.id, cinema.version)
    open_file(transfer, monkeypatch, written)
    shown = preview_answer(monkeypatch, Accepted)

    import_action(transfer).trigger()

    assert shown[0].lines() == [
        "Will be updated (2)",
        "Dinner by the river, Friday 27 November 2026 19:00 (every other Friday)",
        "Cinema, Wednesday 2 December 2026 20:00",
    ]
    assert shown[0].import_button.text() == "Import 2 date nights"
    assert [record.plan for record in household.plans.all()] == [record.plan for record in before]
    assert window.statusBar().currentMessage().startswith("Imported 2 date nights.")


def test_a_broken_file_is_explained_and_nothing_is_imported(
    transfer: CalendarTransfer,
    household: Household,
    warnings: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_file(transfer, monkeypatch, ICS / "broken_ical.ics")
    shown = preview_answer(monkeypatch, Accepted)

    import_action(transfer).trigger()

    assert shown == []
    assert len(warnings) == 1
    assert "An Event with too many semicolons" in warnings[0]
    assert warnings[0].endswith("Nothing was imported.")
    assert household.plans.all() == []


def test_a_file_that_cannot_be_opened_is_explained(
    transfer: CalendarTransfer,
    warnings: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_file(transfer, monkeypatch, tmp_path / "missing.ics")

    import_action(transfer).trigger()

    missing = tmp_path / "missing.ics"
    assert warnings == [
        f"Couldn't import: {missing} couldn't be opened: No such file or directory."
    ]


def test_an_export_that_cannot_be_written_is_explained(
    dinner: DatePlan,
    transfer: CalendarTransfer,
    warnings: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "no such folder" / "date-nights.ics"
    monkeypatch.setattr(transfer, "ask_save_path", lambda _name: str(target))

    export_action(transfer).trigger()

    assert warnings == [
        f"Couldn't export: Your date nights couldn't be saved to {target}: "
        "No such file or directory."
    ]


def test_the_preview_lists_a_google_event_and_a_cancel_imports_nothing(
    transfer: CalendarTransfer,
    household: Household,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_file(transfer, monkeypatch, ICS / "alarm_google_future.ics")
    shown = preview_answer(monkeypatch, Rejected)

    import_action(transfer).trigger()

    (dialog,) = shown
    assert dialog.lines() == ["Will be added (1)", "event with alarms, Friday 4 October 2024 20:15"]
    assert dialog.import_button.text() == "Import 1 date night"
    assert household.plans.all() == []


def test_an_import_is_recorded_for_whoever_is_here(
    transfer: CalendarTransfer,
    household: Household,
    window: MainWindow,
    alex: PartnerInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.set_current_partner(alex)
    open_file(transfer, monkeypatch, ICS / "alarm_google_future.ics")
    preview_answer(monkeypatch, Accepted)

    import_action(transfer).trigger()

    (record,) = household.plans.all()
    assert record.plan.uid == "79fs7pkqvht9m5igs0vjv1sfra@google.com"
    assert record.entry.author_id == alex.id
