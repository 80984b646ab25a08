"""AES-GCM sealing of bytes, with the nonce in front; the one place that imports
``cryptography``, and only when something is first sealed or opened (its import is about
8 ms the window's first page does not wait for)."""

from __future__ import annotations

import os

NONCE_BYTES = 12


class NotOpened(ValueError):
    """The bytes do not open under this key and associated data (wrong key, or changed)."""


def seal(key: bytes, plain: bytes, aad: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plain, aad)


def open_sealed(key: bytes, blob: bytes, aad: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag:
        raise NotOpened from None
