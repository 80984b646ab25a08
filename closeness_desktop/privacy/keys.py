"""Each partner's key, wrapped by their passphrase and by a recovery code.

A partner's private entries are sealed under one random key of their own. That key is
kept only wrapped (AES-GCM) by a key derived from the passphrase with Argon2id, and a
second time by a key derived from a recovery code shown once. Changing the passphrase
wraps the same key again: no entry is touched.
"""

from __future__ import annotations

import base64
import os
import secrets
import unicodedata
import uuid
from dataclasses import dataclass

from closeness_desktop.privacy import aead

KEY_BYTES = 32
SALT_BYTES = 16
MIN_PIN_DIGITS = 6
MIN_PASSPHRASE = 8
#: The recovery code: 20 random bytes, 32 letters and digits of base32 in groups of four.
RECOVERY_BYTES = 20


class WrongSecret(ValueError):
    """The passphrase or recovery code does not open the key."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id's costs: RFC 9106's second recommendation (64 MiB, 3 passes, 4 lanes),
    about 0.1 s here; kept with each wrapped key, so they can grow later."""

    iterations: int = 3
    memory_kib: int = 64 * 1024
    lanes: int = 4


#: The costs new keys are wrapped with (the test suite lowers them, for speed only: each
#: key keeps the costs it was wrapped with, so any costs open their own keys).
COSTS = KdfParams()


@dataclass(frozen=True)
class Wrapped:
    """A key as kept: wrapped under a derived key, with what derived it."""

    salt: bytes
    params: KdfParams
    blob: bytes


def secret_problem(secret: str) -> str | None:
    """Why ``secret`` will not do as a passphrase or PIN, in words; None when it will."""
    text = _normal(secret)
    if text.isdigit():
        if len(text) < MIN_PIN_DIGITS:
            return f"A PIN needs at least {MIN_PIN_DIGITS} digits."
        return None
    if len(text) < MIN_PASSPHRASE:
        return (
            f"A passphrase needs at least {MIN_PASSPHRASE} characters"
            f" (or use a PIN of {MIN_PIN_DIGITS} digits or more)."
        )
    return None


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def new_recovery_code() -> str:
    letters = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(letters[start : start + 4] for start in range(0, len(letters), 4))


def wrap(key: bytes, secret: str, partner_id: uuid.UUID, purpose: str) -> Wrapped:
    """``key`` wrapped under ``secret`` (a passphrase, or a recovery code)."""
    salt = os.urandom(SALT_BYTES)
    params = COSTS
    kek = _derive(_normal(secret, purpose), salt, params)
    return Wrapped(salt, params, _seal(kek, key, _aad(partner_id, purpose)))


def unwrap(wrapped: Wrapped, secret: str, partner_id: uuid.UUID, purpose: str) -> bytes:
    """The key inside ``wrapped``; :class:`WrongSecret` when ``secret`` does not open it."""
    kek = _derive(_normal(secret, purpose), wrapped.salt, wrapped.params)
    try:
        return _open(kek, wrapped.blob, _aad(partner_id, purpose))
    except aead.NotOpened:
        raise WrongSecret from None


def _normal(secret: str, purpose: str = "passphrase") -> str:
    text = unicodedata.normalize("NFC", secret).strip()
    if purpose == "recovery":
        # Written down by hand: spaces, dashes and case do not matter; 0, 1 and 8 read as
        # the letters base32 has instead.
        text = text.upper().translate(str.maketrans("018", "OIB", " -"))
    return text


def _aad(partner_id: uuid.UUID, purpose: str) -> bytes:
    return b"closeness/key/" + purpose.encode("ascii") + b"/" + partner_id.bytes


def _derive(secret: str, salt: bytes, params: KdfParams) -> bytes:
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id  # imported when first used

    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(secret.encode("utf-8"))


def _seal(key: bytes, plain: bytes, aad: bytes) -> bytes:
    return aead.seal(key, plain, aad)


def _open(key: bytes, blob: bytes, aad: bytes) -> bytes:
    return aead.open_sealed(key, blob, aad)
