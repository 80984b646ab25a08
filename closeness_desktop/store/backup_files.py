"""What a backup file is called, and what its name tells: when it was made and how many
entries it holds.

The name carries both, so the list of backups (the window's dialog, ``closeness backups``)
is read from the folder alone, without opening thirty files of perhaps 700 MB each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

#: The folder beside the household's file that holds its backups.
FOLDER = "backups"
_NAME = re.compile(
    r"^closeness-(?P<stamp>\d{4}-\d{2}-\d{2}T\d{6}Z)-(?P<entries>\d+)-entries"
    r"(?:\.(?P<twin>\d+))?\.sqlite3$"
)
_STAMP = "%Y-%m-%dT%H%M%SZ"


@dataclass(frozen=True, order=True)
class BackupInfo:
    """One backup: when it was made (UTC), the entries it holds, and where it is."""

    taken_at: datetime
    #: 1 for the first backup of that second, 2 for the next...: keeps the order.
    twin: int
    entries: int
    path: Path

    def local_time_text(self, zone: tzinfo | None = None) -> str:
        """When it was made, in ``zone`` (this computer's by default), for a sentence:
        "Thursday 26 November 2026, 19:30"."""
        from closeness_desktop.clock import SystemClock
        from closeness_desktop.humanize import day_name

        local = self.taken_at.astimezone(zone or SystemClock().local_zone())
        return f"{day_name(local.date())}, {local:%H:%M}"

    def entries_text(self) -> str:
        return "1 entry" if self.entries == 1 else f"{self.entries:,} entries"


def folder_for(database: Path) -> Path:
    return database.parent / FOLDER


def name_for(taken_at: datetime, entries: int, twin: int = 1) -> str:
    stamp = taken_at.astimezone(UTC).strftime(_STAMP)
    suffix = "" if twin == 1 else f".{twin}"
    return f"closeness-{stamp}-{entries}-entries{suffix}.sqlite3"


def parse(path: Path) -> BackupInfo | None:
    """The backup a file's name describes; None for any other file."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        taken = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None  # the shape of a stamp, but no real time (month 13)
    return BackupInfo(taken, int(match["twin"] or 1), int(match["entries"]), path)


def listed(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, newest first; an empty list when there is no folder."""
    try:
        children = list(folder.iterdir())
    except FileNotFoundError:
        return []
    found = [info for child in children if (info := parse(child)) and child.is_file()]
    return sorted(found, reverse=True)
