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
    photos: int = 0
    #: Photos whose file is missing from the data folder (or is not whole): left out.
    photos_missing: tuple[str, ...] = ()
    #: Private entries and sealed notes among the entries: in the archive sealed.
    private: int = 0
    sealed: int = 0

    def summary(self) -> str:
        entries = plural(self.entries, "entry", "entries")
        hidden = hidden_words(self.private, self.sealed)
        listed = joined([
            f"{entries} ({hidden})" if hidden else entries,
            plural(self.photos, "photo", "photos"),
            plural(self.ideas, "idea", "ideas"),
        ])  # fmt: skip
        words = (
            f"Exported everything to {shown(str(self.path), 200)}: {listed or 'the two of you'}."
        )
        if self.photos_missing:
            count = len(self.photos_missing)
            names = ", ".join(f"“{shown(name, 40)}”" for name in self.photos_missing[:3])
            more = "" if count <= 3 else f" and {count - 3:,} more"
            files = "its file is" if count == 1 else "their files are"
            words += (
                f" {plural(count, 'photo', 'photos')} ({names}{more}) stayed out: {files} missing"
                " from the data folder. Check our data says more."
            )
        return words


@dataclass(frozen=True)
class ImportReport:
    partners_added: tuple[str, ...] = ()
    entries_added: int = 0
    plans_added: int = 0
    ideas_added: int = 0
    marks_added: int = 0
    rituals_added: bool = False
    #: Entries, ideas, marks (and photos, days, signs, replies, answers) left as they are.
    already_here: int = 0
    #: Entries left as they are here although the archive has a newer version of them.
    newer_in_archive: tuple[uuid.UUID, ...] = ()
    photos_added: int = 0
    days_added: int = 0
    reactions_added: int = 0
    replies_added: int = 0
    answers_added: int = 0
    #: Of the entries added: private ones, and sealed notes (their words still sealed).
    private_added: int = 0
    sealed_added: int = 0
    #: The partners whose lock came with the archive (they had none here).
    locks_added: tuple[str, ...] = ()

    @property
    def added(self) -> int:
        counts = (
            self.entries_added, self.ideas_added, self.marks_added, self.rituals_added,
            self.photos_added, self.days_added, self.reactions_added, self.replies_added,
            self.answers_added,
        )  # fmt: skip
        return len(self.partners_added) + sum(counts)

    def summary(self) -> str:
        """How it went, in a sentence or three."""
        entries = plural(self.entries_added, "entry", "entries")
        among = [hidden_words(self.private_added, self.sealed_added)]
        if self.plans_added:
            some = "a date night" if self.plans_added == 1 else "date nights"
            among.insert(0, f"{self.plans_added:,} of them {some}")
        if any(among):
            entries += f" ({'; '.join(each for each in among if each)})"
        parts = [
            entries,
            plural(self.photos_added, "photo", "photos"),
            plural(self.days_added, "special day", "special days"),
            plural(self.replies_added, "reply", "replies"),
            plural(self.reactions_added, "sign on an entry", "signs on entries"),
            plural(self.answers_added, "answer to a prompt", "answers to prompts"),
            plural(self.ideas_added, "idea", "ideas"),
            plural(self.marks_added, "idea marked done", "ideas marked done"),
            "your reminder settings" if self.rituals_added else "",
        ]
        listed = joined(parts)
        words = []
        if self.partners_added:
            words.append(f"Welcome back, {' and '.join(self.partners_added)}.")
        if listed:
            words.append(f"Imported {listed}.")
        elif not self.partners_added:
            words.append("Nothing new in this archive: all of it is already here.")
        for name in self.locks_added:
            words.append(
                f"{name}'s lock came with the archive: the same passphrase opens {name}'s"
                " private entries here."
            )
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


def hidden_words(private: int, sealed: int) -> str:
    """ "3 private entries and 1 sealed note, sealed" (their words are), or nothing."""
    listed = joined([
        plural(private, "private entry", "private entries"),
        plural(sealed, "sealed note", "sealed notes"),
    ])  # fmt: skip
    return f"{listed}, sealed" if listed else ""


def plural(count: int, one: str, many: str) -> str:
    if not count:
        return ""
    return f"{count:,} {one if count == 1 else many}"


def joined(parts: list[str]) -> str:
    """The non-empty ``parts`` as a list in words: "a, b and c"."""
    found = [part for part in parts if part]
    if len(found) < 2:
        return "".join(found)
    return ", ".join(found[:-1]) + " and " + found[-1]
