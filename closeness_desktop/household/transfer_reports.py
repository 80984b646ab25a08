"""What an export or an import did, and how to say it in a sentence or three."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from closeness_desktop.household.archive_fields import shown


class Cancelled(Exception):
    """Stopped on request: an import changed nothing, an export left no archive."""


@dataclass(frozen=True)
class ExportReport:
    path: Path
    entries: int
    ideas: int
    size: int

    def summary(self) -> str:
        things = [plural(self.entries, "entry", "entries"), plural(self.ideas, "idea", "ideas")]
        listed = " and ".join(thing for thing in things if thing) or "the two of you"
        return f"Exported everything to {shown(str(self.path), 200)}: {listed}."


@dataclass(frozen=True)
class ImportReport:
    partners_added: tuple[str, ...] = ()
    entries_added: int = 0
    plans_added: int = 0
    ideas_added: int = 0
    marks_added: int = 0
    rituals_added: bool = False
    #: Entries, ideas and marks left as they are here.
    already_here: int = 0
    #: Entries left as they are here although the archive has a newer version of them.
    newer_in_archive: tuple[uuid.UUID, ...] = ()

    @property
    def added(self) -> int:
        counts = (self.entries_added, self.ideas_added, self.marks_added, self.rituals_added)
        return len(self.partners_added) + sum(counts)

    def summary(self) -> str:
        """How it went, in a sentence or three."""
        entries = plural(self.entries_added, "entry", "entries")
        if self.plans_added:
            some = "a date night" if self.plans_added == 1 else "date nights"
            entries += f" ({self.plans_added:,} of them {some})"
        parts = [
            entries,
            plural(self.ideas_added, "idea", "ideas"),
            plural(self.marks_added, "idea marked done", "ideas marked done"),
            "your reminder settings" if self.rituals_added else "",
        ]
        parts = [part for part in parts if part]
        words = []
        if self.partners_added:
            words.append(f"Welcome back, {' and '.join(self.partners_added)}.")
        if parts:
            listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
            words.append(f"Imported {listed}.")
        elif not self.partners_added:
            words.append("Nothing new in this archive: all of it is already here.")
        if self.already_here and words and self.added:
            stayed = "was" if self.already_here == 1 else "were"
            words.append(f"{self.already_here:,} {stayed} already here and stayed as before.")
        if self.newer_in_archive:
            count = len(self.newer_in_archive)
            kept = "the one here was" if count == 1 else "the ones here were"
            words.append(
                f"{plural(count, 'entry is', 'entries are')} newer in the archive;"
                f" {kept} kept, and nothing was overwritten."
            )
        return " ".join(words)


def plural(count: int, one: str, many: str) -> str:
    if not count:
        return ""
    return f"{count:,} {one if count == 1 else many}"
