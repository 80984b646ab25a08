"""Going back to a backup: the household's files are set aside under a dated name first,
never overwritten or deleted, then the backup is copied in."""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from closeness_desktop.store.backups import count_entries, is_good_copy
from closeness_desktop.store.errors import StoreError
from closeness_desktop.store.file_steps import fsync, reason, same_access
from closeness_desktop.store.sqlite_files import open_elsewhere, wal_of

log = logging.getLogger(__name__)

#: The files SQLite keeps beside a database, set aside together with it.
COMPANIONS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Restored:
    """What a restore did: where from, how many entries, and the files it set aside."""

    backup: Path
    entries: int
    set_aside: tuple[Path, ...]


def check_backup(backup: Path, database: Path) -> int:
    """The entries in ``backup``; :class:`StoreError` when it cannot be restored over the
    household at ``database`` (not a sound one-file copy of a household, or the household
    itself)."""
    if backup.resolve() == database.resolve():
        raise StoreError("That is the household itself, not a backup of it; nothing was changed.")
    if wal_of(backup).exists():
        raise StoreError(
            f"{backup} has changes in {wal_of(backup).name} beside it; Closeness restores the"
            " one-file backups it makes. Nothing was changed."
        )
    if not is_good_copy(backup, thorough=True):
        raise StoreError(f"{backup} is not a sound backup; nothing was changed.")
    source = sqlite3.connect(f"{backup.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return count_entries(source)
    finally:
        source.close()


def restore(backup: Path, database: Path, now: datetime, *, entries: int | None = None) -> Restored:
    """Put the household at ``database`` back to ``backup``.

    The household's files are renamed first to ``<name>.set-aside-<time>`` (its ``-wal`` and
    ``-shm`` keep their endings, so the set-aside copy opens as it was), never overwritten
    or deleted; then the backup is copied in. :class:`StoreError`, with nothing changed,
    when the backup is not sound or another process has the household open. ``entries``:
    what :func:`check_backup` said, when the caller checked the backup already.
    """
    if entries is None:
        entries = check_backup(backup, database)
    if open_elsewhere(database):
        raise StoreError(
            "The household is open in another window or command (perhaps on the other"
            " account); close it there, then restore. Nothing was changed."
        )
    set_aside = _set_aside(database, now)
    try:
        _copy_in(backup, database, like=set_aside[0] if set_aside else None)
    except OSError as exc:
        _put_back(set_aside, database)
        said = f"Could not restore {backup}: {reason(exc)}. Nothing was changed."
        raise StoreError(said) from None
    log.info("restored the household from %s; set aside %d files", backup, len(set_aside))
    return Restored(backup, entries, tuple(set_aside))


def _set_aside(database: Path, now: datetime) -> list[Path]:
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    twin = 1
    while True:
        base = database.with_name(f"{database.name}.set-aside-{stamp}" + (f".{twin}" * (twin > 1)))
        if not any(Path(f"{base}{end}").exists() for end in ("", *COMPANIONS)):
            break
        twin += 1
    moved: list[Path] = []
    # The main file first: stopped half-way, what is left is a household without its main
    # file, which the next start calls damaged instead of opening it short of its changes.
    for end in ("", *COMPANIONS):
        here, there = Path(f"{database}{end}"), Path(f"{base}{end}")
        try:
            os.rename(here, there)
        except FileNotFoundError:
            continue
        except OSError as exc:
            _put_back(moved, database)
            said = f"Could not set {here} aside: {reason(exc)}. Nothing was changed."
            raise StoreError(said) from None
        moved.append(there)
    return moved


def _put_back(set_aside: Sequence[Path], database: Path) -> None:
    """Undo a set-aside that could not be finished; if even that fails, say where they are."""
    for there in set_aside:
        end = next((end for end in COMPANIONS if there.name.endswith(end)), "")
        try:
            os.rename(there, Path(f"{database}{end}"))
        except OSError as exc:
            raise StoreError(
                f"Could not restore, nor put the household back: it is kept as {there}"
                f" ({reason(exc)})."
            ) from None


def _copy_in(backup: Path, database: Path, like: Path | None) -> None:
    incoming = database.with_name(f".{database.name}.restoring-{secrets.token_hex(4)}")
    try:
        shutil.copyfile(backup, incoming)
        fsync(incoming)
        if like is not None:
            same_access(incoming, like)
        os.rename(incoming, database)
        fsync(database.parent)
    finally:
        incoming.unlink(missing_ok=True)
