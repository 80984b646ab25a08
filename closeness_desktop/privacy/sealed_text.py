"""An entry's words sealed under a key: AES-GCM, bound to the entry and its owner.

The entry's id and owner are the associated data, so sealed text copied onto another
entry, or claimed for the other partner, does not open.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from closeness_desktop.privacy import aead

#: What is sealed of an entry: everything a person wrote in it.
SEALED_FIELDS = ("title", "body", "place", "mood", "feelings")


class Unreadable(ValueError):
    """Sealed text that does not open under the key it names (damaged, or moved)."""


def seal(key: bytes, entry_id: uuid.UUID, owner_id: uuid.UUID, words: dict[str, Any]) -> bytes:
    plain = json.dumps({name: words[name] for name in SEALED_FIELDS}, ensure_ascii=False)
    return aead.seal(key, plain.encode("utf-8"), _aad(entry_id, owner_id))


def unseal(key: bytes, entry_id: uuid.UUID, owner_id: uuid.UUID, blob: bytes) -> dict[str, Any]:
    try:
        plain = aead.open_sealed(key, blob, _aad(entry_id, owner_id))
        words = json.loads(plain.decode("utf-8"))
    except (aead.NotOpened, ValueError, RecursionError) as problem:
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
