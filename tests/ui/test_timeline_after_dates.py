"""The timeline holds "How was it?" for an evening not yet told, once its first page is on
screen, and its "Plan a date" opens the planner's own editor."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from closeness_desktop.dates.model import DatePlan
from closeness_desktop.household import EntryKind, Household, PartnerInfo
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
