"""Household-wide settings by key, each read with its version and written back only at it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from closeness_desktop.household.context import Context
from closeness_desktop.records import Area, ConflictError
from closeness_desktop.store import settings as store

CHANGED_ELSEWHERE = "This setting was changed elsewhere since it was read; nothing was overwritten."


@dataclass(frozen=True)
class StoredSetting:
    value: Any
    #: 0 for a key never written.
    version: int


class Settings:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def read(self, key: str, default: Any = None) -> StoredSetting:
        with self._ctx.db.reading() as session:
            value, version = store.read(session, key)
        return StoredSetting(default if version == store.NEVER_WRITTEN else value, version)

    def write(
        self, key: str, value: Any, expected_version: int, *, origin: object = None
    ) -> StoredSetting:
        """Store ``value`` over the version read; :class:`ConflictError` if it moved on."""
        with self._ctx.db.writing() as session:
            version = store.write(session, key, value, expected_version, self._ctx.now())
            if version is None:
                newer, current = store.read(session, key)
                raise ConflictError(CHANGED_ELSEWHERE, StoredSetting(newer, current))
        self._ctx.announce({Area.SETTINGS}, origin)
        return StoredSetting(value, version)
