"""An entry's words sealed under a key open only on that entry, for that owner, unchanged
(privacy.sealed_text)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from closeness_desktop.privacy import aead, keys, sealed_text

ENTRY = uuid.UUID("e0e0e0e0-0000-4000-8000-000000000001")
SAM = uuid.UUID("5a5a5a5a-0000-4000-8000-000000000001")
ALEX = uuid.UUID("a1e8a1e8-0000-4000-8000-000000000002")
WORDS: dict[str, Any] = {
    "title": "Thursday",
    "body": "Le café près de la gare, où tout a commencé.",
    "place": "Lyon",
    "mood": 4,
    "feelings": "hopeful, tired",
}


def test_sealed_words_open_again_under_the_same_key_entry_and_owner() -> None:
    key = keys.new_key()

    blob = sealed_text.seal(key, ENTRY, SAM, WORDS)

    assert "café".encode() not in blob
    assert b"Lyon" not in blob
    assert sealed_text.unseal(key, ENTRY, SAM, blob) == WORDS


def test_only_the_entrys_words_are_sealed() -> None:
    key = keys.new_key()

    blob = sealed_text.seal(key, ENTRY, SAM, {**WORDS, "occurred_at": "2026-11-26"})

    assert set(sealed_text.unseal(key, ENTRY, SAM, blob)) == set(sealed_text.SEALED_FIELDS)


def test_sealed_words_moved_onto_another_entry_do_not_open() -> None:
    key = keys.new_key()
    blob = sealed_text.seal(key, ENTRY, SAM, WORDS)

    with pytest.raises(sealed_text.Unreadable):
        sealed_text.unseal(key, uuid.uuid4(), SAM, blob)


def test_sealed_words_claimed_for_the_other_partner_do_not_open() -> None:
    key = keys.new_key()
    blob = sealed_text.seal(key, ENTRY, SAM, WORDS)

    with pytest.raises(sealed_text.Unreadable):
        sealed_text.unseal(key, ENTRY, ALEX, blob)


def test_sealed_words_do_not_open_under_another_key() -> None:
    blob = sealed_text.seal(keys.new_key(), ENTRY, SAM, WORDS)

    with pytest.raises(sealed_text.Unreadable):
        sealed_text.unseal(keys.new_key(), ENTRY, SAM, blob)


@pytest.mark.parametrize("where", [0, aead.NONCE_BYTES, -1], ids=["nonce", "text", "tag"])
def test_a_flipped_byte_does_not_open(where: int) -> None:
    key = keys.new_key()
    blob = bytearray(sealed_text.seal(key, ENTRY, SAM, WORDS))

    blob[where] ^= 0x01

    with pytest.raises(sealed_text.Unreadable):
        sealed_text.unseal(key, ENTRY, SAM, bytes(blob))


def test_a_cut_blob_does_not_open() -> None:
    key = keys.new_key()
    blob = sealed_text.seal(key, ENTRY, SAM, WORDS)

    for length in (0, 5, aead.NONCE_BYTES, len(blob) - 1):
        with pytest.raises(sealed_text.Unreadable):
            sealed_text.unseal(key, ENTRY, SAM, blob[:length])


def test_the_blank_row_keeps_nothing_to_read() -> None:
    assert sealed_text.blank() == {
        "title": "",
        "body": "",
        "place": "",
        "mood": None,
        "feelings": "",
    }
    assert set(sealed_text.blank()) == set(sealed_text.SEALED_FIELDS)


@pytest.mark.parametrize(
    "odd",
    [{"body": 7}, {"title": None}, {"mood": 9}, {"mood": True}, {"mood": "4"}, {"feelings": []}],
)
def test_words_of_the_wrong_kinds_do_not_open(odd: dict[str, Any]) -> None:
    # Sealed words may come from an archive: only what an entry can hold reaches a record.
    key = keys.new_key()
    blob = sealed_text.seal(key, ENTRY, SAM, {**WORDS, **odd})
    with pytest.raises(sealed_text.Unreadable):
        sealed_text.unseal(key, ENTRY, SAM, blob)
