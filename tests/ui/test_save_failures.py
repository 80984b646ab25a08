"""A save the database refuses says so, keeps the dialog open with every word in it, and
saves once the trouble is gone: the composer and the plan editor, on a full disk and
with the write lock held by someone else."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.ui.composer import Composer
from closeness_desktop.ui.plan_editor import PlanEditor
from tests.write_failures import (
    LONG_NOTE,
    database_file,
    disk_full,
    short_busy_timeout,
    write_lock_held,
)

TRY_AGAIN = "Your words are still here; try again."


@pytest.fixture(autouse=True)
def discard_without_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Discard)


@pytest.fixture
def composer(qtbot: QtBot, household: Household, sam: PartnerInfo) -> Composer:
    made = Composer(household, author=sam.id)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


@pytest.fixture
def editor(qtbot: QtBot, household: Household, sam: PartnerInfo) -> PlanEditor:
    made = PlanEditor(household, planner=sam)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def test_a_note_on_a_full_disk_is_not_saved_and_stays_in_the_composer(
    composer: Composer, household: Household
) -> None:
    composer.note_text.setPlainText(LONG_NOTE)

    with disk_full(household):
        composer.save_button.click()

    assert composer.isVisible()
    assert composer.result() != QDialog.DialogCode.Accepted
    assert composer.error.isVisible()
    assert composer.error.text() == f"This note was not saved: the disk is full. {TRY_AGAIN}"
    assert composer.note_text.toPlainText() == LONG_NOTE
    assert household.entries.count() == 0


def test_once_there_is_room_the_same_save_works_once(
    composer: Composer, household: Household
) -> None:
    composer.note_text.setPlainText(LONG_NOTE)
    with disk_full(household):
        composer.save_button.click()

    composer.save_button.click()

    assert composer.result() == QDialog.DialogCode.Accepted
    assert composer.saved is not None
    assert composer.saved.body == LONG_NOTE.strip()
    assert household.entries.count() == 1


def test_a_busy_household_keeps_the_memory_in_the_composer(
    composer: Composer, household: Household
) -> None:
    memory = composer.findChild(QPushButton, "kind-memory")
    assert memory is not None
    memory.click()
    composer.memory_title.setText("Our first snow")
    composer.memory_text.setPlainText("You caught a flake on your tongue.")

    with short_busy_timeout(household), write_lock_held(database_file(household)):
        composer.save_button.click()

    assert composer.isVisible()
    assert composer.error.text() == (
        "This memory was not saved: the household is busy (another window or account is"
        f" writing). {TRY_AGAIN}"
    )
    assert composer.memory_title.text() == "Our first snow"
    assert composer.memory_text.toPlainText() == "You caught a flake on your tongue."
    assert household.entries.count() == 0


def test_a_date_night_on_a_full_disk_stays_in_the_editor(
    editor: PlanEditor, household: Household
) -> None:
    editor.title_edit.setText("Dinner by the river")
    editor.notes.setPlainText(LONG_NOTE)

    with disk_full(household):
        editor.save_button.click()

    assert editor.isVisible()
    assert editor.result() != QDialog.DialogCode.Accepted
    assert editor.error.text() == f"This date night was not saved: the disk is full. {TRY_AGAIN}"
    assert editor.title_edit.text() == "Dinner by the river"
    assert editor.notes.toPlainText() == LONG_NOTE
    assert household.plans.all() == []

    editor.save_button.click()

    assert editor.result() == QDialog.DialogCode.Accepted
    assert [record.plan.title for record in household.plans.all()] == ["Dinner by the river"]


def test_the_window_still_paints_before_the_database_layer_loads() -> None:
    """The composer's words for a failed save must not pull SQLAlchemy into start-up."""
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, closeness_desktop.app; print('sqlalchemy' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )

    assert probe.stdout.strip() == "False"
