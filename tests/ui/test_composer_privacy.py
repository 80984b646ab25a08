"""The composer's "Just for me" and "Seal until…": a private entry sealed under the author's
lock, a note to the other that opens on its day, and each box saying why when it is off."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.records import Draft, EntryKind, TimelineFilter
from closeness_desktop.ui import composer_privacy
from closeness_desktop.ui.composer import KINDS, Composer
from tests.conftest import ZONE

PASSPHRASE = "apple tree by the river"


@pytest.fixture
def sams_lock(household: Household, sam: PartnerInfo) -> str:
    """Sam has a lock, and is unlocked after setting it; the recovery code."""
    return household.privacy.set_lock(sam.id, PASSPHRASE)


def composer_for(qtbot: QtBot, household: Household, sam: PartnerInfo, **more: object) -> Composer:
    composer = Composer(household, author=sam.id, by=sam.id, **more)  # type: ignore[arg-type]
    qtbot.addWidget(composer)
    return composer


def choose_kind(composer: Composer, kind: EntryKind) -> None:
    composer._kind_group.button(KINDS.index(kind)).click()


def test_sam_unlocked_saves_a_private_note_only_his_corner_opens(
    qtbot: QtBot, household: Household, sam: PartnerInfo, sams_lock: str
) -> None:
    composer = composer_for(qtbot, household, sam)
    assert composer.privacy.just_for_me.isEnabled()
    composer.note_text.setPlainText("I think I want to ask Alex to marry me.")
    composer.privacy.just_for_me.setChecked(True)

    composer.save()

    assert composer.saved is not None, composer.error.text()
    assert composer.saved.private_to == sam.id
    assert composer.saved.addressee_id is None
    kept = household.entries.get(composer.saved.id)
    assert kept.body == "I think I want to ask Alex to marry me."
    household.privacy.lock(sam.id)
    shown = household.entries.page(TimelineFilter()).rows
    assert composer.saved.id not in {row.id for row in shown}  # hidden once locked


def test_a_private_memory_is_kept_just_for_its_author(
    qtbot: QtBot, household: Household, sam: PartnerInfo, sams_lock: str
) -> None:
    composer = composer_for(qtbot, household, sam)
    choose_kind(composer, EntryKind.MEMORY)
    composer.memory_title.setText("The day I nearly said it")
    composer.privacy.just_for_me.setChecked(True)

    composer.save()

    assert composer.saved is not None, composer.error.text()
    assert composer.saved.private_to == sam.id
    assert household.entries.get(composer.saved.id).title == "The day I nearly said it"


def test_just_for_me_is_off_without_a_lock_and_says_to_set_one(
    qtbot: QtBot, household: Household, sam: PartnerInfo
) -> None:
    composer = composer_for(qtbot, household, sam)

    assert not composer.privacy.just_for_me.isEnabled()
    assert composer.privacy.just_for_me.toolTip() == "Set a lock in Settings ▸ Privacy first."


def test_just_for_me_is_off_while_locked_and_says_to_unlock(
    qtbot: QtBot, household: Household, sam: PartnerInfo, sams_lock: str
) -> None:
    household.privacy.lock(sam.id)
    composer = composer_for(qtbot, household, sam)

    assert not composer.privacy.just_for_me.isEnabled()
    assert composer.privacy.just_for_me.toolTip().startswith("Unlock your private corner first")


def test_just_for_me_follows_the_author_chosen(
    qtbot: QtBot, household: Household, sam: PartnerInfo, alex: PartnerInfo, sams_lock: str
) -> None:
    composer = composer_for(qtbot, household, sam)
    assert composer.privacy.just_for_me.isEnabled()

    composer.author.setCurrentIndex(composer.author.findData(alex.id))  # Alex has no lock

    assert not composer.privacy.just_for_me.isEnabled()


def test_a_private_note_goes_to_no_one(
    qtbot: QtBot, household: Household, sam: PartnerInfo, alex: PartnerInfo, sams_lock: str
) -> None:
    composer = composer_for(qtbot, household, sam)
    assert composer.addressee.currentData() == alex.id

    composer.privacy.just_for_me.setChecked(True)

    assert not composer.addressee.isEnabled()
    assert composer.addressee.currentText() == ""
    assert composer.draft().addressee_id is None
    assert composer.draft().private

    composer.privacy.just_for_me.setChecked(False)

    assert composer.addressee.isEnabled()
    assert composer.addressee.currentData() == alex.id


def test_a_plan_has_no_just_for_me(
    qtbot: QtBot, household: Household, sam: PartnerInfo, sams_lock: str
) -> None:
    composer = composer_for(qtbot, household, sam, kind=EntryKind.PLAN)

    assert not composer.privacy.just_for_me.isVisibleTo(composer)
    assert not composer.draft().private


def test_a_sealed_note_saves_with_the_day_it_opens(
    qtbot: QtBot, household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    composer = composer_for(qtbot, household, sam)
    composer.note_text.setPlainText("Look in the drawer of the blue desk.")
    controls = composer.privacy
    assert controls.seal.isEnabled()
    # A week ahead, unless chosen otherwise (the clock stands on Thursday 26 November 2026).
    assert controls.seal_date.date().toPython() == datetime(2026, 12, 3).date()

    controls.seal.setChecked(True)
    composer.save()

    saved = composer.saved
    assert saved is not None, composer.error.text()
    assert saved.sealed
    assert saved.addressee_id == alex.id
    assert saved.opens_at == datetime.combine(datetime(2026, 12, 3).date(), time(0), ZONE)
    assert not saved.opens_with_arrival
    assert household.entries.get(saved.id).body == ""  # nobody reads it before then


def test_a_sealed_note_can_wait_for_their_next_arrival(
    qtbot: QtBot, household: Household, sam: PartnerInfo
) -> None:
    composer = composer_for(qtbot, household, sam)
    composer.note_text.setPlainText("Welcome home.")
    controls = composer.privacy
    assert not controls.at_arrival.isEnabled()  # until the note is sealed
    controls.seal.setChecked(True)
    controls.at_arrival.setChecked(True)

    composer.save()

    assert composer.saved is not None, composer.error.text()
    assert composer.saved.opens_with_arrival


def test_seal_is_off_for_a_note_to_both_and_says_why(
    qtbot: QtBot, household: Household, sam: PartnerInfo
) -> None:
    composer = composer_for(qtbot, household, sam)

    composer.addressee.setCurrentIndex(composer.addressee.findText("Both of us"))

    assert not composer.privacy.seal.isEnabled()
    assert composer.privacy.seal.toolTip() == composer_privacy.FOR_PARTNER


def test_a_note_is_private_or_sealed_not_both(
    qtbot: QtBot, household: Household, sam: PartnerInfo, sams_lock: str
) -> None:
    composer = composer_for(qtbot, household, sam)
    controls = composer.privacy
    controls.seal.setChecked(True)

    controls.just_for_me.setChecked(True)

    assert not controls.seal.isChecked()
    assert not controls.seal.isEnabled()
    draft = composer.draft()
    assert draft.private
    assert draft.opens_at is None


def test_editing_a_private_entry_opens_with_the_box_ticked(
    qtbot: QtBot, household: Household, sam: PartnerInfo, sams_lock: str
) -> None:
    written = household.entries.add(Draft(EntryKind.NOTE, sam.id, body="Mine.", private=True))

    composer = composer_for(qtbot, household, sam, editing=written)

    assert composer.privacy.just_for_me.isChecked()
    assert not composer.privacy.seal.isVisibleTo(composer)  # an entry written is not sealed
    assert not composer.is_dirty()
    composer.note_text.setPlainText("Mine, and changed.")
    composer.save()
    assert composer.saved is not None, composer.error.text()
    assert composer.saved.private_to == sam.id
    assert household.entries.get(written.id).body == "Mine, and changed."


def test_a_refusal_of_the_household_shows_in_the_error_line(
    qtbot: QtBot, household: Household, sam: PartnerInfo, sams_lock: str
) -> None:
    composer = composer_for(qtbot, household, sam)
    composer.note_text.setPlainText("Only for me.")
    composer.privacy.just_for_me.setChecked(True)
    household.privacy.lock(sam.id)  # locked (from the tray, say) while writing

    composer.save()

    assert composer.saved is None
    assert composer.error.text().startswith("Unlock your private corner first")
    assert composer.privacy.just_for_me.isChecked()  # never unticked behind Sam's back
    assert composer.note_text.toPlainText() == "Only for me."
