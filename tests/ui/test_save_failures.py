"""A save the database refuses says so, keeps the dialog open with every word in it, and
saves once the trouble is gone: the composer, the plan editor, the idea editor and the
welcome dialog, on a full disk and with the write lock held by someone else."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.ui.composer import Composer
from closeness_desktop.ui.idea_editor import OwnIdeaDialog
from closeness_desktop.ui.plan_editor import PlanEditor
from closeness_desktop.ui.welcome import WelcomeDialog
from tests.write_failures import (
    LONG_NOTE,
    database_file,
    disk_full,
    short_busy_timeout,
    write_lock_held,
)

TRY_AGAIN = "Your words are still here; try again."
BUSY = "the household is busy (another window or account is writing)"


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


def test_an_idea_refused_stays_in_its_dialog_and_goes_in_the_jar_on_a_second_save(
    qtbot: QtBot, household: Household
) -> None:
    dialog = OwnIdeaDialog(household)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.title.setText("Breakfast on the balcony")
    dialog.line.setText("With the good jam, and the blanket")
    before = household.ideas.all()

    with short_busy_timeout(household), write_lock_held(database_file(household)):
        dialog.save_button.click()

    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert dialog.error.text() == f"This idea was not added: {BUSY}. {TRY_AGAIN}"
    assert dialog.title.text() == "Breakfast on the balcony"
    assert dialog.line.text() == "With the good jam, and the blanket"
    assert household.ideas.all() == before

    dialog.save_button.click()

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved is not None
    assert dialog.saved.title == "Breakfast on the balcony"
    assert len(household.ideas.all()) == len(before) + 1


def test_the_welcome_refused_keeps_both_names_and_starts_on_a_second_try(
    qtbot: QtBot, empty_household: Household
) -> None:
    welcome = WelcomeDialog(empty_household, "alex-login")
    qtbot.addWidget(welcome)
    welcome.show()
    qtbot.waitExposed(welcome)
    qtbot.keyClicks(welcome.names[0], "Sam")
    qtbot.keyClicks(welcome.names[1], "Alex")
    welcome.who_buttons[1].click()

    with short_busy_timeout(empty_household), write_lock_held(database_file(empty_household)):
        welcome.create_household()

    assert welcome.isVisible()
    assert welcome.error.isVisible()
    assert welcome.error.text() == f"Your names were not saved: {BUSY}. {TRY_AGAIN}"
    assert [field.text() for field in welcome.names] == ["Sam", "Alex"]
    assert welcome.who_buttons[1].isChecked()
    assert not empty_household.partners.is_set_up()

    with qtbot.waitSignal(welcome.accepted):
        welcome.create_household()

    assert empty_household.partners.for_account("alex-login") == empty_household.partners.named(
        "Alex"
    )


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
