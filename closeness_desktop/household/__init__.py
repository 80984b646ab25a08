"""The household: every change to its data, in one place, by area.

Screens and the command line call the same operations. Each one validates, runs in one
transaction, pushes one undo step (for what a person writes) and announces one
:class:`Change` saying which areas it touched and who started it (``origin``), so each
view refreshes only what concerns it. All SQL lives in ``closeness_desktop.store``;
nothing here imports Qt.

    household.partners   the two of you, and who uses this computer account
    household.entries    notes, memories, check-ins, goodbyes: the timeline
    household.plans      date-night plans, calendar import, remembering an evening
    household.ideas      the idea jar
    household.rituals    reminder settings, snoozes, pauses, what fired, visits
    household.settings   other household-wide settings by key
    household.transfer   export and import of everything, as one .zip archive
    household.backups    back up now, the list of backups, going back to one
    household.history    undo and redo
    household.photos     photos of memories: added safely, kept once, thumbnails, the check
    household.responses  replies and signs on entries, and what their authors have seen
    household.checkins   how both of you have been: check-in moods for the chart
    household.special_days  anniversaries, birthdays, our own days; "On this day"
    household.prompts    conversation prompts: the deck, and both answers to each
    household.privacy    each partner's lock, and sealed notes opening on their day
"""

from __future__ import annotations

from pathlib import Path

from closeness_desktop.clock import Clock
from closeness_desktop.events import Event
from closeness_desktop.household.backups import Backups
from closeness_desktop.household.checkins import Checkins
from closeness_desktop.household.context import Context
from closeness_desktop.household.entries import Entries
from closeness_desktop.household.history import History
from closeness_desktop.household.ideas import Ideas
from closeness_desktop.household.partners import Partners
from closeness_desktop.household.photos import Photos
from closeness_desktop.household.plans import PlanRecord, Plans
from closeness_desktop.household.privacy import Privacy
from closeness_desktop.household.prompts import Prompts
from closeness_desktop.household.responses import ResponsesRoom
from closeness_desktop.household.rituals import Rituals
from closeness_desktop.household.settings import Settings
from closeness_desktop.household.special_days import SpecialDays
from closeness_desktop.household.transfer import Transfer
from closeness_desktop.household.validation import kind_word, validate
from closeness_desktop.records import (
    DEFAULT_COLOURS,
    Area,
    Change,
    ConflictError,
    Cursor,
    Draft,
    EntryKind,
    EntryRecord,
    NotFoundError,
    Page,
    PartnerInfo,
    TimelineFilter,
    ValidationError,
    draft_of,
)
from closeness_desktop.store.database import Database
from closeness_desktop.store.health import EarlyCheck


class Household:
    """A household's data and every change to it, one area at a time."""

    def __init__(self, database: Database, clock: Clock, *, data_dir: Path | None = None) -> None:
        self.database = database
        self.clock = clock
        context = Context(database, clock)
        self.changed: Event[Change] = context.changed
        self.history: History = context.history
        self.partners = Partners(context)
        self.entries = Entries(context, self.partners)
        self.ideas = Ideas(context)
        self.plans = Plans(context, self.partners, self.entries, self.ideas)
        self.rituals = Rituals(context)
        self.settings = Settings(context)
        self.backups = Backups.of_context(context)
        self.transfer = Transfer(context)
        self.responses = ResponsesRoom(context, self.partners)
        self.checkins = Checkins(context)
        self.special_days = SpecialDays(context, self.partners)
        self.prompts = Prompts(context, self.partners)
        self.privacy = Privacy(context, self.partners)
        self.photos = Photos(context, self.partners, self.entries, data_dir)
        self.transfer.photo_folder = (
            self.photos.photo_folder
        )  # an archive carries the photos' files

    @classmethod
    def open(
        cls,
        url: str,
        clock: Clock,
        *,
        early: EarlyCheck | None = None,
        data_dir: Path | None = None,
    ) -> Household:
        """Open (and if needed create or upgrade) the database at ``url``; ``early`` is its
        file's health check, if one was started already. ``data_dir`` keeps the photos when
        the database is not an SQLite file (whose photos sit beside it)."""
        return cls(Database.open(url, early=early, now=clock.now), clock, data_dir=data_dir)

    def close(self) -> None:
        self.database.close()


__all__ = [
    "DEFAULT_COLOURS",
    "Area",
    "Change",
    "ConflictError",
    "Cursor",
    "Draft",
    "EntryKind",
    "EntryRecord",
    "Household",
    "NotFoundError",
    "Page",
    "PartnerInfo",
    "PlanRecord",
    "TimelineFilter",
    "ValidationError",
    "draft_of",
    "kind_word",
    "validate",
]
