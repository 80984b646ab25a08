"""What the store says when it cannot do what was asked, in words a person can act on.

Kept apart from ``engine`` so the file checks (``health``) and the backups can raise them
without importing the engine, which imports both.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from closeness_desktop.store.backup_files import BackupInfo


class StoreError(Exception):
    """A database problem explained in one sentence a person can act on."""


class DamagedHouseholdError(StoreError):
    """The household's file is damaged: Closeness did not open it, and changed nothing.

    ``what`` says what is wrong in words; ``newest_good`` is the newest backup that passed
    its check (None when there is none), so a screen can offer to go back to it.
    """

    def __init__(self, database: Path, what: str, newest_good: BackupInfo | None = None) -> None:
        self.database = database
        self.what = what
        self.newest_good = newest_good
        super().__init__(self._sentence())

    def offering(self, newest_good: BackupInfo | None) -> DamagedHouseholdError:
        """The same damage, with the backup to go back to."""
        return DamagedHouseholdError(self.database, self.what, newest_good)

    def _sentence(self) -> str:
        # One line: the command line prints it as it is.
        said = (
            f"The household in {self.database} is damaged: {self.what}. Closeness changed"
            " nothing and keeps the file as it is."
        )
        backup = self.newest_good
        if backup is None:
            return f"{said} There is no good backup to go back to."
        return (
            f"{said} The newest good backup is from {backup.local_time_text()}, with"
            f" {backup.entries_text()}: “closeness restore {backup.path}” goes back to it."
        )
