"""An entry's words sealed under a key: AES-GCM, bound to the entry and its owner.

The entry's id and owner are the associated data, so sealed text copied onto another
entry, or claimed for the other partner, does not open.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from closeness_desktop.privacy.keys import NONCE_BYTES

#: What is sealed of an entry: everything a person wrote in it.
SEALED_FIELDS = ("title", "body", "place", "mood", "feelings")


class Unreadable(ValueError):
    """Sealed text that does not open under the key it names (damaged, or moved)."""


def seal(key: bytes, entry_id: uuid.UUID, owner_id: uuid.UUID, words: dict[str, Any]) -> bytes:
    plain = json.dumps({name: words[name] for name in SEALED_FIELDS}, ensure_ascii=False)
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plain.encode("utf-8"), _aad(entry_id, owner_id))


def unseal(key: bytes, entry_id: uuid.UUID, owner_id: uuid.UUID, blob: bytes) -> dict[str, Any]:
    try:
        plain = AESGCM(key).decrypt(
            blob[:NONCE_BYTES], blob[NONCE_BYTES:], _aad(entry_id, owner_id)
        )
        words = json.loads(plain.decode("utf-8"))
    except (InvalidTag, ValueError, RecursionError) as problem:
        raise Unreadable(type(problem).__name__) from None
    if not isinstance(words, dict) or set(words) != set(SEALED_FIELDS):
        raise Unreadable("not the fields of an entry")
    # Sealed words may come from an archive: only fields an entry can hold reach a record.
    texts = [words[name] for name in ("title", "body", "place", "feelings")]
    mood = words["mood"]
    if not all(isinstance(each, str) for each in texts) or not (
        mood is None or (type(mood) is int and 1 <= mood <= 5)
    ):
        raise Unreadable("not the fields of an entry")
    return words


def blank() -> dict[str, Any]:
    """What the shared row keeps of sealed words: nothing to read, nothing to index."""
    return {"title": "", "body": "", "place": "", "mood": None, "feelings": ""}


def _aad(entry_id: uuid.UUID, owner_id: uuid.UUID) -> bytes:
    return b"closeness/entry/" + entry_id.bytes + owner_id.bytes
