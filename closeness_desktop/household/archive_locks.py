"""What an import does with private entries and sealed notes: whose lock comes with them,
when the import is refused, and which key the sealed notes are sealed under here.

A private entry is sealed under its partner's key, and that key is wrapped for that
partner's UUID: it opens only for the same partner, under the same lock. So when the
partner here has no lock, the archive's lock comes with the entries; when it is the same
lock (the same wrapped key), nothing is to do; when it is another, or the partner here is
someone else of the same name, the whole import is refused in a sentence. A sealed note
is sealed under the household's seal key, which the archive carries: it is sealed again
under this household's own when that is another, so it opens here on its day.
"""

from __future__ import annotations

import uuid
from base64 import b64decode, b64encode
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from closeness_desktop.household.archive_fields import ArchiveError, shown
from closeness_desktop.household.archive_json import Archive
from closeness_desktop.household.private_words import SEAL_KEY
from closeness_desktop.privacy import sealed_text
from closeness_desktop.store import export as store
from closeness_desktop.store.database import Session
from closeness_desktop.store.export_rows import SealedRow, SettingRow, WrappedKeyRow

ANOTHER_LOCK = (
    "{name}'s private entries in this archive are under another lock than {name}'s here;"
    " nothing was imported."
)
SOMEONE_ELSE = (
    "{name}'s private entries in this archive were sealed for the {name} of another"
    " household and would not open here; nothing was imported."
)


@dataclass(frozen=True)
class LockPlan:
    """What the import writes for the private corner, decided before it writes."""

    #: The archive's locks for partners who have none here.
    keys: tuple[WrappedKeyRow, ...]
    #: Whose lock that is (their names here, or the archive's for new partners).
    names: tuple[str, ...]
    #: The archive's seal key, for a household that has none yet.
    seal_setting: SettingRow | None
    #: The key sealed notes are sealed under here (None: the archive has none).
    seal_key: bytes | None


def plan(
    session: Session,
    archive: Archive,
    mapping: Mapping[uuid.UUID, uuid.UUID],
    fresh: Iterable[store.EntryRow],
    now: datetime,
) -> LockPlan:
    """What to write beside the entries ``fresh`` (those not here yet), their partners
    mapped to this household's by ``mapping``; :class:`ArchiveError` (nothing written)
    when a private entry would not open here."""
    here = _keys_by_partner(store.wrapped_keys(session))
    names = {row.id: row.name for row in store.partners(session)}
    theirs = _keys_by_partner(archive.private.keys)
    owners = {entry.private_to for entry in fresh if entry.private_to is not None}
    keys: list[WrappedKeyRow] = []
    locks: list[str] = []
    for partner in archive.partners:
        name = shown(names.get(partner.id, partner.name), 40)
        carried = theirs.get(partner.id, [])
        if partner.id in owners and mapping.get(partner.id) != partner.id:
            raise ArchiveError(SOMEONE_ELSE.format(name=shown(partner.name, 40)))
        if not carried or mapping.get(partner.id) != partner.id:
            continue  # no lock to bring, or one that would not open for someone else
        if partner.id not in here:
            keys += carried
            locks.append(name)
        elif partner.id in owners and not _same_lock(carried, here[partner.id]):
            raise ArchiveError(ANOTHER_LOCK.format(name=name))
    seal_setting, seal_key = _seal(session, archive, now)
    return LockPlan(tuple(keys), tuple(locks), seal_setting, seal_key)


def sealed_for(
    entries: Sequence[store.EntryRow],
    archive: Archive,
    sealed: Mapping[uuid.UUID, SealedRow],
    mapping: Mapping[uuid.UUID, uuid.UUID],
    decided: LockPlan,
) -> list[SealedRow]:
    """The sealed words (``sealed``, the archive's by entry) of ``entries``, being written
    with their authors mapped here by ``mapping``. A sealed note's are sealed again when
    this household's seal key, or the note's author here, is not the archive's (both are
    bound into them)."""
    theirs, ours = archive.private.seal_key, decided.seal_key
    archived = {here: there for there, here in mapping.items()}
    found: list[SealedRow] = []
    for entry in entries:
        row = sealed.get(entry.id)
        if row is None:
            continue
        if row.key == "seal" and theirs is not None and ours is not None:
            was = archived[entry.author_id]
            if (ours, entry.author_id) != (theirs, was):
                # It opens: checked when the archive was read.
                words = sealed_text.unseal(theirs, entry.id, was, row.blob)
                blob = sealed_text.seal(ours, entry.id, entry.author_id, words)
                row = SealedRow(entry.id, row.key, blob)
        found.append(row)
    return found


def _seal(
    session: Session, archive: Archive, now: datetime
) -> tuple[SettingRow | None, bytes | None]:
    """The archive's seal key to write (when this household has none yet), and the key its
    sealed notes are sealed under here."""
    theirs = archive.private.seal_key
    if theirs is None:
        return None, None
    found = next(iter(store.settings(session, [SEAL_KEY])), None)
    if found is None:
        return SettingRow(SEAL_KEY, b64encode(theirs).decode("ascii"), now, 1), theirs
    ours = found.value
    return None, b64decode(ours) if isinstance(ours, str) else theirs


def _keys_by_partner(rows: Iterable[WrappedKeyRow]) -> dict[uuid.UUID, list[WrappedKeyRow]]:
    found: dict[uuid.UUID, list[WrappedKeyRow]] = {}
    for row in rows:
        found.setdefault(row.partner_id, []).append(row)
    return found


def _same_lock(theirs: Sequence[WrappedKeyRow], ours: Sequence[WrappedKeyRow]) -> bool:
    """Whether both wrap one key: one of their rows is one of ours (same salt and blob).
    The recovery row counts too: a new passphrase wraps the same key again, so after one
    the passphrase rows differ while the recovery rows are still the same."""
    kept = {(row.salt, row.blob) for row in ours}
    return any((row.salt, row.blob) in kept for row in theirs)
