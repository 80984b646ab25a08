"""The one plan form: the end of an evening apart from the end of a repeat, fields that
look disabled when they are, Tab that leaves a date field, and Ctrl+D opening the
planner's editor at the planner's default (fake clock: Thu 26 Nov 2026, 19:30)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QSettings, Qt, QTime
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from closeness_desktop.dates import recurrence
from closeness_desktop.dates.model import DatePlan
from closeness_desktop.household import EntryKind, Household, PartnerInfo
from closeness_desktop.ui import theme
from closeness_desktop.ui.combo import index_of
from closeness_desktop.ui.composer import Composer
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.plan_editor import PlanEditor
from closeness_desktop.ui.theme_colours import DARK, LIGHT, Colours

BERLIN = ZoneInfo("Europe/Berlin")
Rejected = QDialog.DialogCode.Rejected


@pytest.fixture
def editor(
    qtbot: QtBot, household: Household, sam: PartnerInfo, monkeypatch: pytest.MonkeyPatch
) -> PlanEditor:
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Discard)
    editor = PlanEditor(household, planner=sam)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def weekly(editor: PlanEditor, title: str = "Walk by the river") -> None:
    editor.title_edit.setText(title)
    editor.repeat.setCurrentIndex(index_of(editor.repeat, "weekly"))


def test_the_end_of_the_evening_is_apart_from_the_end_of_the_repeat(editor: PlanEditor) -> None:
    assert editor.has_end.text() == "Ends at"
    assert not editor.end.day.isEnabled()
    assert not editor.end.at.isEnabled()
    assert not editor.repeats.how_long_box.isVisible()  # a one-off has no "How long"

    weekly(editor)

    assert editor.repeats.how_long_box.isVisible()
    assert editor.repeats.how_long.currentText() == "Forever"
    assert not editor.repeats.until.isVisible()
    assert not editor.repeats.count.isVisible()


@pytest.mark.parametrize("colours", [LIGHT, DARK], ids=["light", "dark"])
def test_an_unticked_end_looks_disabled(
    qapp: QApplication, tmp_path: Path, editor: PlanEditor, colours: Colours
) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    appearance = theme.install(qapp, settings)  # the app's style sheet draws disabled fields
    appearance.choose(theme.Choice(colours.name))

    def background(field: QWidget) -> str:
        return field.grab().toImage().pixelColor(field.width() // 2, 3).name().upper()

    try:
        off = (background(editor.end.day), background(editor.end.at))
        editor.has_end.setChecked(True)
        on = (background(editor.end.day), background(editor.end.at))
    finally:
        appearance.remove()

    assert editor.end.at.isEnabled()
    assert off == (colours.disabled_fill, colours.disabled_fill)  # faded
    assert on == (colours.card, colours.card)


def test_a_repeat_for_ten_evenings_writes_count(editor: PlanEditor, household: Household) -> None:
    weekly(editor)
    editor.repeats.how_long.setCurrentIndex(index_of(editor.repeats.how_long, "count"))
    assert editor.repeats.count.value() == 10
    assert editor.repeats.count.text().endswith("10 evenings")

    editor.save_button.click()

    (record,) = household.plans.all()
    assert record.plan.rrule == "FREQ=WEEKLY;COUNT=10;BYDAY=FR"
    later = datetime(2030, 1, 1, tzinfo=BERLIN)
    assert len(recurrence.occurrences(record.plan, record.plan.start, later)) == 10


def test_a_repeat_until_a_day_writes_until_and_comes_back_as_it_was(
    editor: PlanEditor, household: Household, qtbot: QtBot
) -> None:
    weekly(editor)
    editor.repeats.how_long.setCurrentIndex(index_of(editor.repeats.how_long, "until"))
    editor.repeats.until.setDate(QDate(2027, 6, 12))

    editor.save_button.click()

    (record,) = household.plans.all()
    assert record.plan.rrule == "FREQ=WEEKLY;UNTIL=20270612T215959Z;BYDAY=FR"
    later = datetime(2030, 1, 1, tzinfo=BERLIN)
    last = recurrence.occurrences(record.plan, record.plan.start, later)[-1]
    assert last.start == datetime(2027, 6, 11, 19, tzinfo=BERLIN)
    again = PlanEditor(household, editing=record)
    qtbot.addWidget(again)
    assert again.repeat.currentData() == "weekly"
    assert again.repeats.how_long.currentData() == "until"
    assert again.repeats.until.date() == QDate(2027, 6, 12)


def test_a_repeat_cannot_end_before_its_first_evening(
    editor: PlanEditor, household: Household
) -> None:
    weekly(editor)
    editor.repeats.how_long.setCurrentIndex(index_of(editor.repeats.how_long, "until"))
    editor.repeats.until.setDate(QDate(2026, 11, 1))

    editor.save_button.click()

    assert editor.error.text() == "The repeat can't end before the first evening."
    assert household.plans.all() == []


def test_an_imported_rule_with_an_end_keeps_its_count(
    household: Household, sam: PartnerInfo, qtbot: QtBot
) -> None:
    plan = DatePlan(
        uid="walks@test", title="Walks", start=datetime(2026, 12, 4, 19, tzinfo=BERLIN),
        rrule="FREQ=WEEKLY;COUNT=4;BYDAY=FR", zone="Europe/Berlin",
    )  # fmt: skip
    record = household.plans.save(plan, sam.id)
    editor = PlanEditor(household, editing=record)
    qtbot.addWidget(editor)

    assert editor.repeat.currentData() == "weekly"
    assert (editor.repeats.how_long.currentData(), editor.repeats.count.value()) == ("count", 4)
    assert editor.plan().rrule == "FREQ=WEEKLY;COUNT=4;BYDAY=FR"


# -- Tab --------------------------------------------------------------------------------------


def test_tab_leaves_the_plan_editors_date_for_the_next_field(
    editor: PlanEditor, qtbot: QtBot
) -> None:
    editor.start.day.setFocus()
    qtbot.waitUntil(editor.start.day.hasFocus)

    qtbot.keyClick(editor.start.day, Qt.Key.Key_Tab)

    assert QApplication.focusWidget() is editor.start.at
    qtbot.keyClick(editor.start.at, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is editor.start.day


def test_tab_leaves_the_composers_memory_date(
    qtbot: QtBot, household: Household, sam: PartnerInfo
) -> None:
    composer = Composer(household, EntryKind.MEMORY, author=sam.id)
    qtbot.addWidget(composer)
    composer.show()
    qtbot.waitExposed(composer)
    composer.memory_date.setFocus()
    qtbot.waitUntil(composer.memory_date.hasFocus)

    qtbot.keyClick(composer.memory_date, Qt.Key.Key_Tab)

    focused = QApplication.focusWidget()
    assert focused is not composer.memory_date
    assert isinstance(focused, QWidget)
    assert focused is composer.memory_place


# -- Ctrl+D -------------------------------------------------------------------------------------


def test_ctrl_d_opens_the_planners_editor_at_the_planners_default(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[PlanEditor] = []

    def look(editor: PlanEditor) -> int:
        opened.append(editor)
        return Rejected

    monkeypatch.setattr(PlanEditor, "exec", look)
    monkeypatch.setattr(Composer, "exec", lambda _c: pytest.fail("the composer opened"))
    (ctrl_d,) = [a for a in window.actions() if a.shortcut() == QKeySequence("Ctrl+D")]

    ctrl_d.trigger()

    (editor,) = opened
    # 19:30 on Thursday: tonight's 19:00 has passed, so Friday at 19:00, as in the planner.
    assert (editor.start.day.date(), editor.start.at.time()) == (QDate(2026, 11, 27), QTime(19, 0))
    assert editor.repeats.menu.count() > 1  # the full form: repeats, budget, reminders
