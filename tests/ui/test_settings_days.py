"""Settings, "Special days": add, change and remove a day on a real household; problems in
words, what was typed kept."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.rituals.config import RitualSettings
from closeness_desktop.ui.settings_days import SpecialDaysPage
from closeness_desktop.ui.settings_dialog import SettingsDialog
from tests.ui.test_settings_dialog import FakeAutostart
from tests.write_failures import database_file, short_busy_timeout, write_lock_held


@pytest.fixture
def page(qtbot: QtBot, household: Household) -> SpecialDaysPage:
    made = SpecialDaysPage(household)
    qtbot.addWidget(made)
    made.show()
    return made


def fill(page: SpecialDaysPage, kind: str, title: str, on: date, *, yearly: bool = True) -> None:
    page.kind.setCurrentIndex(page.kind.findData(kind))
    page.title.setText(title)
    page.on_date.setDate(QDate(on.year, on.month, on.day))
    page.yearly.setChecked(yearly)


def test_the_dialog_has_the_page_when_asked(qtbot: QtBot, household: Household) -> None:
    dialog = SettingsDialog(
        RitualSettings(), FakeAutostart(), days=lambda: SpecialDaysPage(household)
    )
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(n) for n in range(dialog.tabs.count())]
    assert "Special days" in titles
    plain = SettingsDialog(RitualSettings(), FakeAutostart())
    qtbot.addWidget(plain)
    assert "Special days" not in [plain.tabs.tabText(n) for n in range(plain.tabs.count())]


def test_add_a_day(page: SpecialDaysPage, household: Household) -> None:
    fill(page, "anniversary", "Our anniversary", date(2021, 12, 8))
    page.add_button.click()
    assert page.lines() == ["8 December 2021 · Our anniversary in 12 days"]
    assert page.message.text() == "Kept “Our anniversary”."
    assert [day.title for day in household.special_days.all()] == ["Our anniversary"]
    assert household.history.undo_text() == "add a special day"


def test_a_birthday_says_whose(
    page: SpecialDaysPage, household: Household, alex: PartnerInfo
) -> None:
    fill(page, "own", "Moving in", date(2023, 11, 26))
    assert not page.whose.isEnabled()
    fill(page, "birthday", "Birthday", date(1994, 11, 27))
    assert page.whose.isEnabled()
    page.whose.setCurrentIndex(page.whose.findData(str(alex.id)))
    page.add_button.click()
    assert page.message.text() == "Kept “Birthday”."
    assert page.lines() == ["27 November 1994 · Alex's birthday is tomorrow"]
    (day,) = household.special_days.all()
    assert day.partner_id == alex.id


def test_a_problem_is_said_and_the_form_kept(page: SpecialDaysPage, household: Household) -> None:
    fill(page, "anniversary", "Ours", date(2027, 3, 1))
    page.add_button.click()
    assert "still to come" in page.message.text()
    assert page.message.property("role") == "error"
    assert page.title.text() == "Ours"
    assert household.special_days.all() == []


def test_change_and_remove_the_chosen_day(page: SpecialDaysPage, household: Household) -> None:
    household.special_days.add("own", "Moving in", date(2023, 12, 8))
    page.reload()
    page.list.setCurrentRow(0)
    assert page.title.text() == "Moving in"
    page.title.setText("The day we moved in")
    page.save_button.click()
    assert page.lines() == ["8 December 2023 · The day we moved in in 12 days"]
    (day,) = household.special_days.all()
    assert day.version == 2

    page.remove_button.click()
    assert page.lines() == []
    assert "Undo in the Edit menu" in page.message.text()
    household.history.undo()
    assert [each.title for each in household.special_days.all()] == ["The day we moved in"]


def test_a_change_made_elsewhere_is_not_overwritten(
    page: SpecialDaysPage, household: Household
) -> None:
    day = household.special_days.add("own", "Moving in", date(2023, 12, 8))
    page.reload()
    page.list.setCurrentRow(0)
    household.special_days.edit(
        day.id, day.version, kind="own", title="Moved in", on_date=date(2023, 12, 8)
    )
    page.title.setText("Mine")
    page.save_button.click()
    assert "changed since" in page.message.text()
    assert page.title.text() == "Moved in"  # how it reads now; Save again goes over it
    assert household.special_days.get(day.id).title == "Moved in"


def test_a_refused_write_keeps_what_was_typed(page: SpecialDaysPage, household: Household) -> None:
    fill(page, "own", "First date", date(2020, 6, 1))
    # Another window holds the write lock past the (shortened) wait.
    with short_busy_timeout(household), write_lock_held(database_file(household)):
        page.add_button.click()
    assert page.message.text().startswith("The day was not kept: ")
    assert page.message.text().endswith("What you typed is still here; try again.")
    assert page.title.text() == "First date"
    page.add_button.click()
    assert page.lines() == ["1 June 2020 · First date in 187 days"]
