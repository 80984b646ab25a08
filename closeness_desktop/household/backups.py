"""Backups of the household and going back to one: what the window, the companion and the
command line call, so none of them touches the store.

``household.backups`` works on an open household. A household that could not be opened
because it is damaged is reached through its file alone, :meth:`Backups.of_url`: its
backups can still be listed and one of them restored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from closeness_desktop.clock import Clock
from closeness_desktop.household.context import Context
from closeness_desktop.store import backups as store
from closeness_desktop.store import health
from closeness_desktop.store import restore as restoring
from closeness_desktop.store.backup_files import BackupInfo
from closeness_desktop.store.errors import DamagedHouseholdError, StoreError
from closeness_desktop.store.restore import Restored

NOT_A_FILE = (
    "Backups are made of a household kept in a file on this computer; a household on a"
    " database server is backed up by the server's own tools."
)


class Backups:
    """Back up now, list the backups, check the household, go back to a backup."""

    def __init__(
        self, database: Path | None, clock: Clock, close: Callable[[], None] | None = None
    ) -> None:
        self._file = database
        self._clock = clock
        #: Closes the open household before a restore replaces its file.
        self._close = close

    @classmethod
    def of_context(cls, context: Context) -> Backups:
        return cls(store.household_file(context.db.engine.url), context.clock, context.db.close)

    @classmethod
    def of_url(cls, url: str, clock: Clock) -> Backups:
        """The backups of the household at ``url``, without opening it."""
        return cls(store.household_file(url), clock)

    @property
    def possible(self) -> bool:
        """False for a household on a database server (its backups are the server's)."""
        return self._file is not None

    @property
    def database(self) -> Path:
        if self._file is None:
            raise StoreError(NOT_A_FILE)
        return self._file

    def back_up(self) -> BackupInfo:
        """A checked copy of the household, now; :class:`StoreError` if none could be made.

        Safe from a worker thread: it uses a connection of its own, never the household's.
        """
        now = self._clock.now()
        return store.make_backup(self.database, now, self._clock.local_zone())

    def back_up_if_older_than(self, age: timedelta) -> BackupInfo | None:
        """A backup unless the newest one is younger than ``age`` (at start: once a day)."""
        newest = next(iter(self.all()), None)
        if newest is not None and self._clock.now() - newest.taken_at < age:
            return None
        return self.back_up()

    def all(self) -> list[BackupInfo]:
        """The backups, newest first (each with its time and number of entries)."""
        return store.list_backups(self.database) if self.possible else []

    def newest_good(self) -> BackupInfo | None:
        return store.newest_good(self.database) if self.possible else None

    def check(self) -> int:
        """Check the household from end to end; the number of entries it holds.

        :class:`DamagedHouseholdError` (offering the newest good backup) if it is damaged.
        """
        database = self.database
        if not database.exists():
            raise StoreError(f"There is no household at {database} yet.")
        found = health.problem(database, thorough=True)
        if found is not None:
            raise DamagedHouseholdError(database, found, self.newest_good())
        return store.entries_in(database)

    def restore(self, backup: Path) -> Restored:
        """Go back to ``backup``: the household's files are set aside first, never deleted.

        An open household is closed first and cannot be used afterwards: open it again.
        A sound household is backed up once more before it is set aside.
        """
        database = self.database
        revision = store.schema_of(backup)
        if revision is None:
            raise StoreError(f"{backup} holds no Closeness household; nothing was changed.")
        from closeness_desktop.store import migrate

        if not migrate.is_known_revision(revision):
            raise StoreError(
                f"{backup} was made by a newer version of Closeness; please update the app"
                " first. Nothing was changed."
            )
        entries = restoring.check_backup(backup, database)
        if self._close is not None:
            self._close()
        if database.exists() and health.problem(database) is None:
            self.back_up()
        return restoring.restore(backup, database, self._clock.now(), entries=entries)


__all__ = ["BackupInfo", "Backups", "DamagedHouseholdError", "Restored", "StoreError"]
