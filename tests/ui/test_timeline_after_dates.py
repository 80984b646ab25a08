"""The timeline holds "How was it?" for an evening not yet told, once its first page is on
screen, and a date night is planned or edited from it in the planner's own editor."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from closeness_desktop.dates.model import DatePlan
from closeness_desktop.household import EntryKind, Household, PartnerInfo
from closeness_desktop.ui.composer import Composer
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.plan_editor import PlanEditor


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, household: Household) -> Iterator[MainWindow]:
    made = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    yield made
    made.detach()


def test_an_evening_not_yet_told_waits_on_the_timeline(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo
) -> None:
    yesterday = household.clock.now() - timedelta(days=1)
    plan = DatePlan(uid="walk@closeness", title="Walk by the river", start=yesterday, zone="UTC")
    household.plans.save(plan, sam.id, None)

    with qtbot.waitSignal(window.first_page_shown, timeout=10_000):
        window.attach(household)

    cards = window.timeline_page.after_dates
    assert cards is not None
    qtbot.waitUntil(lambda: len(cards.cards) == 1)
    assert cards.isVisible()
    assert "Walk by the river" in cards.cards[0].question.text()


def test_plan_a_date_on_the_timeline_opens_the_planners_editor(
    qtbot: QtBot, window: MainWindow, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[PlanEditor] = []

    def shown(editor: PlanEditor) -> int:
        opened.append(editor)
        return 0  # closed without saving

    monkeypatch.setattr(PlanEditor, "exec", shown)
    window.attach(household)

    window.timeline_page.compose(EntryKind.PLAN)

    assert len(opened) == 1
    assert window.current_page() is window._planner


def test_editing_a_date_night_on_the_timeline_opens_the_planners_editor(
    qtbot: QtBot,
    window: MainWindow,
    household: Household,
    sam: PartnerInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tomorrow = household.clock.now() + timedelta(days=1)
    plan = DatePlan(uid="walk@closeness", title="Walk by the river", start=tomorrow, zone="UTC")
    saved = household.plans.save(plan, sam.id, None)
    window.set_current_partner(sam)
    opened: list[PlanEditor] = []

    def shown(editor: PlanEditor) -> int:
        opened.append(editor)
        return 0

    monkeypatch.setattr(PlanEditor, "exec", shown)
    window.attach(household)
    page = window.timeline_page
    model = page.model
    assert model is not None
    qtbot.waitUntil(lambda: model.row_of(saved.entry.id) is not None)
    page.timeline.setCurrentIndex(model.index(model.row_of(saved.entry.id) or 0))

    page.edit_selected()

    assert [editor.editing for editor in opened] == [saved]


def test_the_composer_plans_no_date_nights_of_its_own(qtbot: QtBot, household: Household) -> None:
    composer = Composer(household, EntryKind.NOTE)
    qtbot.addWidget(composer)

    kinds = {button.objectName(): button for button in composer.findChildren(QPushButton)}

    assert kinds["kind-plan"].isHidden()  # date nights: the planner's one plan form
    assert not kinds["kind-memory"].isHidden()
