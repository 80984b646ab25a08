"""A partner's key wrapped by a passphrase or a recovery code, what will do as a secret,
and the growing wait after wrong tries (privacy.keys and privacy.attempts)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from closeness_desktop.privacy import attempts, keys

SAM = uuid.UUID("5a5a5a5a-0000-4000-8000-000000000001")
ALEX = uuid.UUID("a1e8a1e8-0000-4000-8000-000000000002")
#: A recovery code as the app shows it, with the letters a hand writes as digits.
CODE = "BOIL-OBIO-ABCD-EFGH-IJKL-MNOP-QRST-UVWX"


def test_a_key_wrapped_by_a_passphrase_unwraps_with_it() -> None:
    key = keys.new_key()

    wrapped = keys.wrap(key, "correct horse battery", SAM, "passphrase")

    assert len(key) == keys.KEY_BYTES
    assert key not in wrapped.blob
    assert keys.unwrap(wrapped, "correct horse battery", SAM, "passphrase") == key


def test_a_wrong_passphrase_raises_wrong_secret() -> None:
    wrapped = keys.wrap(keys.new_key(), "correct horse battery", SAM, "passphrase")

    with pytest.raises(keys.WrongSecret):
        keys.unwrap(wrapped, "correct horse battery!", SAM, "passphrase")


def test_a_recovery_code_opens_as_written_down_by_hand() -> None:
    key = keys.new_key()
    wrapped = keys.wrap(key, CODE, SAM, "recovery")
    by_hand = "b0il 08i0 abcd efgh ijkl mnop qrst uvwx"

    assert keys.unwrap(wrapped, by_hand, SAM, "recovery") == key
    assert keys.unwrap(wrapped, f"  {CODE.lower()}  ", SAM, "recovery") == key


def test_a_passphrase_is_not_folded_like_a_recovery_code() -> None:
    wrapped = keys.wrap(keys.new_key(), "Boil the kettle", SAM, "passphrase")

    with pytest.raises(keys.WrongSecret):
        keys.unwrap(wrapped, "boil the kettle", SAM, "passphrase")


def test_a_new_recovery_code_is_eight_groups_of_four_base32_letters() -> None:
    code = keys.new_recovery_code()

    groups = code.split("-")
    assert [len(group) for group in groups] == [4] * 8
    assert set("".join(groups)) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert keys.new_recovery_code() != code


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        ("12345", "A PIN needs at least 6 digits."),
        ("123456", None),
        (
            "seven!!",
            "A passphrase needs at least 8 characters (or use a PIN of 6 digits or more).",
        ),
        ("eight!!!", None),
        ("   12345   ", "A PIN needs at least 6 digits."),
    ],
)
def test_secret_problem_says_why_a_short_pin_or_passphrase_will_not_do(
    secret: str, problem: str | None
) -> None:
    assert keys.secret_problem(secret) == problem


def test_a_key_wrapped_for_sam_does_not_unwrap_as_alexs() -> None:
    wrapped = keys.wrap(keys.new_key(), "correct horse battery", SAM, "passphrase")

    with pytest.raises(keys.WrongSecret):
        keys.unwrap(wrapped, "correct horse battery", ALEX, "passphrase")


def test_a_key_wrapped_by_a_passphrase_does_not_unwrap_as_a_recovery_code() -> None:
    wrapped = keys.wrap(keys.new_key(), CODE, SAM, "passphrase")

    with pytest.raises(keys.WrongSecret):
        keys.unwrap(wrapped, CODE, SAM, "recovery")


def test_each_wrap_has_its_own_salt_and_nonce() -> None:
    key = keys.new_key()

    first = keys.wrap(key, "correct horse battery", SAM, "passphrase")
    second = keys.wrap(key, "correct horse battery", SAM, "passphrase")

    assert first.salt != second.salt
    assert first.blob != second.blob


def test_no_wait_after_the_first_wrong_try_then_two_four_eight_seconds() -> None:
    waits = [attempts.wait_after(failures) for failures in range(0, 6)]

    assert waits == [
        timedelta(0),
        timedelta(0),
        timedelta(seconds=2),
        timedelta(seconds=4),
        timedelta(seconds=8),
        timedelta(seconds=16),
    ]


def test_the_wait_stops_growing_at_five_minutes() -> None:
    assert attempts.wait_after(9) == timedelta(seconds=256)
    assert attempts.wait_after(10) == attempts.LONGEST == timedelta(minutes=5)
    assert attempts.wait_after(40) == timedelta(minutes=5)


def test_the_wait_is_still_five_minutes_after_fifty_wrong_tries() -> None:
    assert attempts.wait_after(48) == timedelta(minutes=5)
    assert attempts.wait_after(1000) == timedelta(minutes=5)


def test_the_next_try_is_heard_after_the_wait_from_the_last_wrong_one() -> None:
    failed = datetime(2026, 11, 26, 18, 30, tzinfo=UTC)

    assert attempts.next_try(0, None) is None
    assert attempts.next_try(1, failed) is None
    assert attempts.next_try(3, failed) == failed + timedelta(seconds=4)
