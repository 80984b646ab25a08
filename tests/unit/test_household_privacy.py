"""Each partner's lock on a real household file: set, unlock, lock, change and recover;
the growing wait after wrong tries, kept in the database; one Change for each."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import (
    Area,
    Change,
    Draft,
    EntryKind,
    Household,
    NotFoundError,
    PartnerInfo,
    ValidationError,
)
from closeness_desktop.household.privacy import FORGETTING, LockRefused, LockState
from closeness_desktop.store import privacy as privacy_store

SECRET = "a lantern by the sea"
OTHER = "the long way round"
PRIVACY_CHANGE = frozenset({Area.PRIVACY, Area.ENTRIES})


@pytest.fixture
def changes(household: Household) -> list[Change]:
    seen: list[Change] = []
    household.changed.connect(seen.append)
    return seen


@pytest.fixture
def second_window(data_dir: Path, clock: FakeClock, household: Household) -> Iterator[Household]:
    """Another Household on the same file, as a second window has."""
    other = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    yield other
    other.close()


def private_note(partner: PartnerInfo) -> Draft:
    return Draft(EntryKind.NOTE, partner.id, body="A walk alone by the river", private=True)


def by_hand(code: str) -> str:
    """``code`` as someone copies it onto paper: lower case, spaces, digits for look-alikes."""
    return code.lower().replace("-", " ").replace("o", "0").replace("i", "1").replace("b", "8")


def wrong_try(
    household: Household, partner: PartnerInfo, secret: str = "not it at all"
) -> LockRefused:
    with pytest.raises(LockRefused) as refused:
        household.privacy.unlock(partner.id, secret)
    return refused.value


# -- setting a lock ---------------------------------------------------------------------------


def test_setting_a_lock_returns_a_recovery_code_and_leaves_the_partner_unlocked(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    assert household.privacy.state(sam.id) == LockState(False, False, None, None)

    code = household.privacy.set_lock(sam.id, SECRET)

    assert [len(group) for group in code.split("-")] == [4] * 8
    assert household.privacy.state(sam.id) == LockState(True, True, "passphrase", None)
    assert household.privacy.unlocked() == {sam.id}
    assert household.privacy.locked_partners() == {sam.id}
    assert household.privacy.state(alex.id) == LockState(False, False, None, None)


def test_a_pin_of_six_digits_is_a_lock_of_its_own_kind(
    household: Household, alex: PartnerInfo
) -> None:
    household.privacy.set_lock(alex.id, "246810")
    household.privacy.lock(alex.id)

    assert household.privacy.state(alex.id).kind == "pin"
    with pytest.raises(LockRefused, match=r"^That PIN is not the right one\.$"):
        household.privacy.unlock(alex.id, "246811")
    household.privacy.unlock(alex.id, "246810")
    assert household.privacy.unlocked() == {alex.id}


def test_setting_a_lock_twice_is_refused_in_words(household: Household, sam: PartnerInfo) -> None:
    household.privacy.set_lock(sam.id, SECRET)

    with pytest.raises(ValidationError, match=r"^You have a lock already: change its passphrase"):
        household.privacy.set_lock(sam.id, OTHER)

    household.privacy.lock(sam.id)
    household.privacy.unlock(sam.id, SECRET)


def test_setting_a_lock_twice_from_two_windows_is_refused_in_words(
    household: Household, second_window: Household, sam: PartnerInfo
) -> None:
    household.privacy.set_lock(sam.id, SECRET)

    with pytest.raises(ValidationError, match=r"^You have a lock already"):
        second_window.privacy.set_lock(sam.id, OTHER)


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        ("12345", "A PIN needs at least 6 digits."),
        ("short", "A passphrase needs at least 8 characters"),
    ],
)
def test_a_secret_that_will_not_do_is_refused_in_words_and_no_lock_is_set(
    household: Household, sam: PartnerInfo, secret: str, problem: str
) -> None:
    with pytest.raises(ValidationError, match=f"^{problem}"):
        household.privacy.set_lock(sam.id, secret)

    assert not household.privacy.state(sam.id).has_lock
    assert household.privacy.locked_partners() == set()


def test_a_lock_for_someone_who_is_not_a_partner_is_refused(household: Household) -> None:
    with pytest.raises(NotFoundError):
        household.privacy.set_lock(uuid.uuid4(), SECRET)


def test_unlocking_a_partner_without_a_lock_says_so(
    household: Household, alex: PartnerInfo
) -> None:
    with pytest.raises(ValidationError, match=r"^Alex has no lock\.$"):
        household.privacy.unlock(alex.id, SECRET)


def test_the_forgetting_sentence_says_what_is_lost_and_what_is_not() -> None:
    assert "cannot be opened again" in FORGETTING
    assert "recovery code" in FORGETTING
    assert FORGETTING.endswith(".")


# -- locking and unlocking --------------------------------------------------------------------


def test_after_locking_the_right_secret_unlocks_again(
    household: Household, sam: PartnerInfo
) -> None:
    household.privacy.set_lock(sam.id, SECRET)

    assert household.privacy.lock(sam.id)
    assert household.privacy.state(sam.id) == LockState(True, False, "passphrase", None)
    assert household.privacy.unlocked() == frozenset()

    household.privacy.unlock(sam.id, f"  {SECRET} ")

    assert household.privacy.state(sam.id).unlocked


def test_locking_everyone_forgets_every_key_and_locking_again_does_nothing(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, changes: list[Change]
) -> None:
    household.privacy.set_lock(sam.id, SECRET)
    household.privacy.set_lock(alex.id, OTHER)
    changes.clear()

    assert household.privacy.lock()
    assert household.privacy.unlocked() == frozenset()
    assert not household.privacy.lock()
    assert not household.privacy.lock(sam.id)
    assert len(changes) == 1


def test_a_wrong_secret_is_refused_in_words_and_the_partner_stays_locked(
    household: Household, sam: PartnerInfo
) -> None:
    household.privacy.set_lock(sam.id, SECRET)
    household.privacy.lock(sam.id)

    refused = wrong_try(household, sam)

    assert str(refused) == "That passphrase is not the right one."
    assert isinstance(refused, ValidationError)
    assert refused.until is None
    assert not household.privacy.state(sam.id).unlocked


def test_the_wait_grows_after_the_second_wrong_try_and_resets_after_a_right_one(
    household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    household.privacy.set_lock(sam.id, SECRET)
    household.privacy.lock(sam.id)

    assert wrong_try(household, sam).until is None
    second = wrong_try(household, sam)
    assert second.until == clock.now() + timedelta(seconds=2)
    assert str(second) == "That passphrase is not the right one. Try again in 2 seconds."
    assert household.privacy.state(sam.id).next_try == second.until

    # The right one, too early, is not heard at all (and does not lengthen the wait).
    clock.advance(timedelta(seconds=1))
    with pytest.raises(LockRefused, match=r"^Try again in 1 second\.$") as early:
        household.privacy.unlock(sam.id, SECRET)
    assert early.value.until == second.until
    assert not household.privacy.state(sam.id).unlocked

    clock.advance(timedelta(seconds=1))
    household.privacy.unlock(sam.id, SECRET)
    assert household.privacy.state(sam.id) == LockState(True, True, "passphrase", None)

    household.privacy.lock(sam.id)
    assert wrong_try(household, sam).until is None
    assert wrong_try(household, sam).until == clock.now() + timedelta(seconds=2)


def test_the_wait_doubles_with_each_wrong_try_after_it(
    household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    household.privacy.set_lock(sam.id, SECRET)
    household.privacy.lock(sam.id)
    wrong_try(household, sam)

    waits = []
    for _ in range(3):
        refused = wrong_try(household, sam)
        assert refused.until is not None
        waits.append(refused.until - clock.now())
        clock.set(refused.until)

    assert waits == [timedelta(seconds=2), timedelta(seconds=4), timedelta(seconds=8)]


def test_the_wait_survives_a_new_household_on_the_same_file(
    household: Household, sam: PartnerInfo, clock: FakeClock, data_dir: Path
) -> None:
    household.privacy.set_lock(sam.id, SECRET)
    household.privacy.lock(sam.id)
    wrong_try(household, sam)
    until = wrong_try(household, sam).until
    assert until is not None
    household.close()

    again = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    try:
        assert again.privacy.state(sam.id) == LockState(True, False, "passphrase", until)
        with pytest.raises(LockRefused) as refused:
            again.privacy.unlock(sam.id, SECRET)
        assert refused.value.until == until

        clock.set(until)
        again.privacy.unlock(sam.id, SECRET)
        assert again.privacy.state(sam.id).unlocked
    finally:
        again.close()


def test_the_wait_is_shared_by_two_windows_on_one_file(
    household: Household, second_window: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    household.privacy.set_lock(sam.id, SECRET)
    household.privacy.lock(sam.id)
    wrong_try(household, sam)
    until = wrong_try(household, sam).until

    with pytest.raises(LockRefused) as refused:
        second_window.privacy.unlock(sam.id, SECRET)

    assert refused.value.until == until
    assert second_window.privacy.unlocked() == frozenset()


def test_one_window_unlocking_does_not_unlock_the_other(
    household: Household, second_window: Household, sam: PartnerInfo
) -> None:
    household.privacy.set_lock(sam.id, SECRET)

    assert second_window.privacy.state(sam.id) == LockState(True, False, "passphrase", None)
    second_window.privacy.unlock(sam.id, SECRET)
    assert second_window.privacy.unlocked() == {sam.id}


def test_the_right_secret_still_opens_after_fifty_wrong_tries_and_their_waits(
    household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    household.privacy.set_lock(sam.id, SECRET)
    household.privacy.lock(sam.id)
    # Fifty wrong tries, five minutes apart, as someone guessing all afternoon would leave.
    with household.database.writing() as session:
        privacy_store.note_tries(session, sam.id, 50, clock.now())
    clock.advance(timedelta(minutes=5))

    household.privacy.unlock(sam.id, SECRET)

    assert household.privacy.state(sam.id).unlocked


# -- changing the secret, and the recovery code -----------------------------------------------


def test_changing_the_secret_opens_with_the_new_one_only_and_keeps_private_entries(
    household: Household, sam: PartnerInfo
) -> None:
    household.privacy.set_lock(sam.id, SECRET)
    entry = household.entries.add(private_note(sam))

    household.privacy.change_secret(sam.id, SECRET, "135792")
    household.privacy.lock(sam.id)

    assert household.privacy.state(sam.id).kind == "pin"
    with pytest.raises(LockRefused, match=r"^That PIN is not the right one\.$"):
        household.privacy.unlock(sam.id, SECRET)
    household.privacy.unlock(sam.id, "135792")
    assert household.entries.get(entry.id).body == "A walk alone by the river"


def test_changing_the_secret_asks_for_the_old_one_and_a_new_one_that_will_do(
    household: Household, sam: PartnerInfo
) -> None:
    household.privacy.set_lock(sam.id, SECRET)

    with pytest.raises(LockRefused, match=r"^That passphrase is not the right one\."):
        household.privacy.change_secret(sam.id, OTHER, "a fresh start now")
    with pytest.raises(ValidationError, match=r"^A PIN needs at least 6 digits\.$"):
        household.privacy.change_secret(sam.id, SECRET, "1234")

    household.privacy.lock(sam.id)
    household.privacy.unlock(sam.id, SECRET)


def test_the_recovery_code_sets_a_new_secret_and_is_replaced_by_a_new_code(
    household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    code = household.privacy.set_lock(sam.id, SECRET)
    entry = household.entries.add(private_note(sam))
    household.privacy.lock(sam.id)

    fresh = household.privacy.recover(sam.id, by_hand(code), OTHER)

    assert fresh != code
    assert household.privacy.state(sam.id).unlocked
    assert household.entries.get(entry.id).body == "A walk alone by the river"
    household.privacy.lock(sam.id)
    with pytest.raises(LockRefused, match=r"^That recovery code is not the right one\."):
        household.privacy.recover(sam.id, code, "yet another one")
    with pytest.raises(LockRefused, match=r"^That passphrase is not the right one\."):
        household.privacy.unlock(sam.id, SECRET)
    clock.advance(timedelta(seconds=2))  # the two wrong tries' wait, shared by both
    household.privacy.unlock(sam.id, OTHER)
    household.privacy.lock(sam.id)
    household.privacy.recover(sam.id, fresh, "and one more time")
    assert household.privacy.unlocked() == {sam.id}


def test_a_passphrase_is_not_a_recovery_code(household: Household, sam: PartnerInfo) -> None:
    household.privacy.set_lock(sam.id, SECRET)
    household.privacy.lock(sam.id)

    with pytest.raises(LockRefused, match=r"^That recovery code is not the right one\."):
        household.privacy.recover(sam.id, SECRET, OTHER)
    assert not household.privacy.state(sam.id).unlocked


# -- what each announces ----------------------------------------------------------------------


def test_set_unlock_lock_change_and_recover_each_announce_privacy_and_entries(
    household: Household, sam: PartnerInfo, changes: list[Change]
) -> None:
    origin = object()

    code = household.privacy.set_lock(sam.id, SECRET, origin=origin)
    household.privacy.lock(sam.id, origin=origin)
    household.privacy.unlock(sam.id, SECRET, origin=origin)
    household.privacy.change_secret(sam.id, SECRET, OTHER, origin=origin)
    household.privacy.recover(sam.id, code, SECRET, origin=origin)

    assert changes == [Change(PRIVACY_CHANGE, origin)] * 5


def test_a_refused_try_announces_nothing(
    household: Household, sam: PartnerInfo, changes: list[Change]
) -> None:
    household.privacy.set_lock(sam.id, SECRET)
    household.privacy.lock(sam.id)
    changes.clear()

    wrong_try(household, sam)
    with pytest.raises(ValidationError):
        household.privacy.set_lock(sam.id, OTHER)

    assert changes == []
