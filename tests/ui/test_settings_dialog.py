"""Settings rebuilt: whole weekday names, time fields at their own width, a dialog that fits
a small screen, the choice of light or dark, and the two of you renamed and recoloured."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.records import SaveError
from closeness_desktop.rituals.config import RitualSettings
from closeness_desktop.ui import theme
from closeness_desktop.ui.settings_dialog import SettingsDialog
from closeness_desktop.ui.settings_partners import ColourSwatch, Rename
from closeness_desktop.ui.theme_colours import DARK
from tests.write_failures import database_file, short_busy_timeout, write_lock_held


class FakeAutostart:
    def is_enabled(self) -> bool:
        return False

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def appearance(qapp: QApplication, settings: QSettings) -> Iterator[theme.Appearance]:
    made = theme.install(qapp, settings)
    yield made
    made.remove()


def rename_in(household: Household) -> Rename:
    def rename(partner: PartnerInfo, name: str, colour: str) -> PartnerInfo:
        return household.partners.update(partner.id, name, colour, partner.version)

    return rename


@pytest.fixture
def dialog(qtbot: QtBot, household: Household, appearance: theme.Appearance) -> SettingsDialog:
    made = SettingsDialog(
        RitualSettings(),
        FakeAutostart(),
        partners=household.partners.all(),
        rename=rename_in(household),
        appearance=appearance,
    )
    qtbot.addWidget(made)
    made.show()
    return made


def save(dialog: SettingsDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Save).click()


def chips(dialog: SettingsDialog) -> list[QPushButton]:
    pickers = [row.days for row in dialog.rows] + [dialog.leaving_days]
    return [button for picker in pickers for button in picker.buttons]


@pytest.mark.parametrize("mode", [theme.Choice.LIGHT, theme.Choice.DARK])
def test_each_weekday_chip_shows_its_whole_name(
    dialog: SettingsDialog, appearance: theme.Appearance, mode: theme.Choice
) -> None:
    appearance.choose(mode)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)  # each page laid out as shown
        QApplication.processEvents()

    found = chips(dialog)
    assert [chip.text() for chip in found[:7]] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert found[0].toolTip() == "Monday"
    for chip in found:
        text = chip.fontMetrics().horizontalAdvance(chip.text())
        assert chip.sizeHint().width() >= text
        assert chip.width() >= text + 8, f"{chip.text()} is cut"  # with room on both sides


def test_time_fields_keep_their_own_width(dialog: SettingsDialog) -> None:
    dialog.resize(900, 600)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        QApplication.processEvents()

    fields = [row.at for row in dialog.rows] + [
        dialog.quiet_start,
        dialog.quiet_end,
        dialog.leaving_at,
    ]
    for field in fields:
        assert field.width() == field.sizeHint().width()
        assert field.width() < 160


def test_the_dialog_fits_an_800x600_screen(dialog: SettingsDialog) -> None:
    room = QSize(800, 600) - QSize(40, 60)

    assert dialog.minimumSizeHint().boundedTo(room) == dialog.minimumSizeHint()
    assert dialog.minimumSize().boundedTo(room) == dialog.minimumSize()
    screen = dialog.screen().availableGeometry().size()
    assert dialog.size().boundedTo(screen) == dialog.size()


def test_choosing_dark_in_settings_applies_it_at_once_and_keeps_it(
    dialog: SettingsDialog, settings: QSettings
) -> None:
    assert dialog.colours is not None
    assert dialog.colours.currentText() == "Follow the desktop"

    dialog.colours.setCurrentIndex(dialog.colours.findData(theme.Choice.DARK))
    save(dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert theme.current() is DARK
    assert settings.value(theme.SETTINGS_KEY) == "dark"


def test_without_an_appearance_there_is_no_choice_of_colours(qtbot: QtBot) -> None:
    plain = SettingsDialog(RitualSettings(), FakeAutostart())
    qtbot.addWidget(plain)

    assert plain.colours is None
    assert plain.partners is None
    assert [plain.tabs.tabText(n) for n in range(plain.tabs.count())] == [
        "Rituals",
        "Quiet hours",
        "Leaving",
        "General",
    ]


def test_the_two_of_you_can_change_name_and_colour(
    dialog: SettingsDialog, household: Household, alex: PartnerInfo
) -> None:
    assert dialog.partners is not None
    row = next(each for each in dialog.partners.rows if each.partner.id == alex.id)
    assert dialog.tabs.tabText(dialog.tabs.indexOf(dialog.partners_tab)) == "The two of you"

    row.name.setText("  Lex ")
    row.swatch.set_colour("#8c6bb1")
    save(dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    renamed = household.partners.get(alex.id)
    assert (renamed.name, renamed.colour) == ("Lex", "#8C6BB1")
    assert household.history.undo_text() == "change a name or colour"


def test_a_name_refused_is_said_in_words_and_the_dialog_stays(
    dialog: SettingsDialog, household: Household, alex: PartnerInfo
) -> None:
    assert dialog.partners is not None
    row = next(each for each in dialog.partners.rows if each.partner.id == alex.id)

    row.name.setText("Sam")
    save(dialog)

    assert dialog.isVisible()
    assert dialog.error.text() == "Sam is already called that; how should we tell you apart?"
    assert dialog.tabs.currentWidget() is dialog.partners_tab
    assert household.partners.get(alex.id).name == "Alex"


def test_a_rename_meeting_the_others_rename_says_so_and_a_second_save_wins(
    dialog: SettingsDialog,
    household: Household,
    alex: PartnerInfo,
    data_dir: Path,
    clock: FakeClock,
) -> None:
    other = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    try:
        other.partners.update(alex.id, "Alexandra", alex.colour, alex.version)
    finally:
        other.close()
    assert dialog.partners is not None
    row = next(each for each in dialog.partners.rows if each.partner.id == alex.id)
    row.name.setText("Lex")

    save(dialog)

    assert dialog.isVisible()
    assert dialog.error.text() == (
        "Alexandra's name or colour was changed elsewhere in the meantime. It now reads"
        " “Alexandra”. Your change is still here: Save again to put it in its place."
    )
    assert row.name.text() == "Lex"

    save(dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert household.partners.get(alex.id).name == "Lex"


def test_a_rename_the_database_refuses_keeps_the_typing_and_says_why(
    dialog: SettingsDialog, household: Household, alex: PartnerInfo
) -> None:
    assert dialog.partners is not None
    row = next(each for each in dialog.partners.rows if each.partner.id == alex.id)
    row.name.setText("Lex")

    # Another window holds the write lock past the (shortened) wait.
    with short_busy_timeout(household), write_lock_held(database_file(household)):
        save(dialog)

    assert dialog.isVisible()
    assert dialog.error.text().startswith("The name “Lex” was not saved: ")
    assert dialog.error.text().endswith("Your changes are still here; try again.")
    assert row.name.text() == "Lex"

    save(dialog)

    assert household.partners.get(alex.id).name == "Lex"


def test_the_colour_swatch_paints_in_the_theme_and_names_whose_it_is(
    qtbot: QtBot, appearance: theme.Appearance
) -> None:
    swatch = ColourSwatch("#3f7f8c", "Alex")
    qtbot.addWidget(swatch)
    swatch.show()

    assert swatch.colour == "#3F7F8C"
    assert swatch.accessibleName() == "Alex's colour"
    middle = swatch.grab().toImage().pixelColor(swatch.width() // 2, swatch.height() // 2)
    assert middle.name().upper() == "#3F7F8C"


def test_the_check_in_question_can_be_switched_off(dialog: SettingsDialog) -> None:
    assert dialog.checkin_question.isChecked()  # on unless the couple turns it off
    dialog.checkin_question.setChecked(False)
    save(dialog)
    assert dialog.result_settings is not None
    assert not dialog.result_settings.checkin_question


class RememberedLocation:
    def __init__(self, on: bool, refuse: SaveError | None = None) -> None:
        self.on = on
        self.refuse = refuse
        self.chosen: list[bool] = []

    def choose(self, on: bool) -> None:
        if self.refuse is not None:
            raise self.refuse
        self.chosen.append(on)
        self.on = on


def location_dialog(qtbot: QtBot, location: RememberedLocation) -> SettingsDialog:
    made = SettingsDialog(RitualSettings(), FakeAutostart(), photo_location=location)
    qtbot.addWidget(made)
    made.show()
    return made


def test_keeping_where_photos_were_taken_is_a_choice_on_the_general_page(qtbot: QtBot) -> None:
    location = RememberedLocation(on=False)
    dialog = location_dialog(qtbot, location)
    assert dialog.keep_location is not None
    assert not dialog.keep_location.isChecked()  # left out unless the couple keeps it

    dialog.keep_location.setChecked(True)
    save(dialog)

    assert location.chosen == [True]
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_refused_photo_choice_keeps_the_dialog_open_and_says_why(qtbot: QtBot) -> None:
    location = RememberedLocation(on=False, refuse=SaveError("the disk is full"))
    dialog = location_dialog(qtbot, location)
    assert dialog.keep_location is not None
    dialog.keep_location.setChecked(True)
    save(dialog)

    assert dialog.isVisible()
    assert "the disk is full" in dialog.error.text()
    assert dialog.keep_location.isChecked()
