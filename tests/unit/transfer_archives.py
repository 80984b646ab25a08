"""What the transfer tests share: households on real SQLite files made fast, a household's
whole content as plain rows, and archives built by hand (hostile ones included)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import uuid
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from closeness_desktop.clock import FakeClock
from closeness_desktop.dates.model import DatePlan, OccurrenceOverride, PlanState
from closeness_desktop.household import Draft, Household
from closeness_desktop.rituals.config import RitualSettings
from closeness_desktop.store import export as store
from closeness_desktop.store import export_memories as memory_store

SCHEMA = Path(__file__).parents[2] / "docs" / "closeness-export.schema.json"
BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class Content:
    """Everything a household holds, as the store reads it (entries by id: ``seq`` differs)."""

    partners: list[store.PartnerRow]
    entries: dict[uuid.UUID, store.EntryRow]
    ideas: list[store.IdeaRow]
    ideas_done: list[store.DoneRow]
    settings: list[store.SettingRow]
    #: Photos, special days, reactions, replies and prompt answers, a table at a time.
    memories: list[list[Any]]


def content(household: Household) -> Content:
    with household.database.reading() as session:
        entries = {row.id: row for batch in store.entries(session) for row in batch}
        return Content(
            store.partners(session),
            entries,
            store.ideas(session),
            store.ideas_done(session),
            store.settings(session, ["rituals"]),
            [memory_store.rows(session, kind) for kind in memory_store.TABLES],
        )


def blank_database(folder: Path) -> Path:
    """A database at the newest schema with nothing in it, to copy."""
    path = folder / "blank.sqlite3"
    Household.open(Households.url(path), FakeClock(aware())).close()
    return path


class Households:
    """New households on their own SQLite files, each a copy of one blank database made
    once (a migration per household would cost more than the test)."""

    def __init__(self, folder: Path, clock: FakeClock, blank: Path | None = None) -> None:
        self.folder = folder
        self.clock = clock
        self._blank = blank or blank_database(folder)
        self._opened: list[Household] = []

    @staticmethod
    def url(path: Path) -> str:
        return f"sqlite:///{path}"

    def new(self, name: str | None = None, *, apart: bool = False) -> Household:
        """A new household; ``apart``: in a folder of its own (its own photo folder)."""
        folder = self.folder / (name or uuid.uuid4().hex) if apart else self.folder
        folder.mkdir(exist_ok=True)
        path = folder / f"{name or uuid.uuid4().hex}.sqlite3"
        shutil.copyfile(self._blank, path)
        household = Household.open(self.url(path), self.clock)
        self._opened.append(household)
        return household

    def again(self, household: Household) -> Household:
        """A second Household on the same file: another window, another account."""
        other = Household.open(str(household.database.engine.url), self.clock)
        self._opened.append(other)
        return other

    def close(self) -> None:
        for household in self._opened:
            household.close()
        self._opened.clear()


@contextmanager
def households(folder: Path, clock: FakeClock, blank: Path | None = None) -> Iterator[Households]:
    made = Households(folder, clock, blank)
    try:
        yield made
    finally:
        made.close()


def fill(household: Household) -> None:
    """Sam and Alex with one of everything: every kind of entry, one in the trash, a
    repeating date night with a skipped and a moved date, ideas, a mark, reminders."""
    sam, alex = household.partners.setup(["Sam", "Alex"], ["#112233", None])
    entries = household.entries
    entries.add(Draft.note(sam.id, "Coffee is on me tomorrow ☕ — love, S.", alex.id))
    entries.add(Draft.note(alex.id, "For both of us 👩‍❤️‍👨"))
    entries.add(
        Draft.memory(alex.id, "Lake day", date(2026, 7, 4), BERLIN, text="🌊", place="Wannsee")
    )
    entries.add(Draft.checkin(sam.id, 4, ["calm", "grateful"], "Good week"))
    gone = entries.add(Draft.goodbye(alex.id, "Off to work"))
    entries.delete(gone.id)
    entries.add(Draft.plan(sam.id, "Dinner", datetime(2026, 12, 1, 19, tzinfo=BERLIN), "Luigi's"))
    start = datetime(2026, 12, 4, 19, tzinfo=BERLIN)
    household.plans.save(
        DatePlan(
            uid="friday-walks@example.org",
            title="Friday walk",
            start=start,
            end=start + timedelta(hours=2),
            where="The park",
            bring="Scarf",
            budget=Decimal("12.50"),
            notes="Slow",
            rrule="FREQ=WEEKLY;BYDAY=FR",
            exdates=frozenset({start + timedelta(weeks=1)}),
            overrides={
                start + timedelta(weeks=2): OccurrenceOverride(
                    start + timedelta(weeks=2, hours=1), None, "The lake", PlanState.DONE
                )
            },
            reminders=(timedelta(hours=3),),
            zone="Europe/Berlin",
        ),
        alex.id,
    )
    idea = household.ideas.add_own("Stargazing", "Blanket and tea", minutes=90)
    household.ideas.mark_done(idea.id, date(2026, 8, 1))
    household.ideas.mark_done("builtin-picnic", date(2026, 6, 1))
    settings = household.rituals.settings()
    household.rituals.save_settings(RitualSettings(daily_cap=2, version=settings.version))


NOW = "2026-11-26T18:30:00+00:00"


def partner_json(number: int, **changes: Any) -> dict[str, Any]:
    ids = ("5b0c3f7e-1111-4c6a-9d55-000000000001", "5b0c3f7e-2222-4c6a-9d55-000000000002")
    found = {
        "id": ids[number], "name": ("Sam", "Alex")[number], "colour": "#C8566B",
        "os_account": None, "position": number, "created_at": NOW,
        "updated_at": NOW, "version": 1,
    }  # fmt: skip
    return {**found, **changes}


def note_json(**changes: Any) -> dict[str, Any]:
    found = {
        "id": str(uuid.uuid4()), "kind": "note", "author_id": partner_json(0)["id"],
        "addressee_id": partner_json(1)["id"], "title": "", "body": "Hello", "place": "",
        "occurred_at": NOW, "ends_at": None, "all_day": False, "mood": None,
        "feelings": "", "delivered_at": None, "created_at": NOW, "updated_at": NOW,
        "deleted_at": None, "version": 1,
    }  # fmt: skip
    return {**found, **changes}


def plan_json(**changes: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "uid": "walk@example.org", "bring": "", "budget": None, "state": "planned",
        "rrule": "FREQ=WEEKLY", "exdates": [], "overrides": {}, "reminders": [3600],
        "zone": "Europe/Berlin",
    }  # fmt: skip
    return {**found, **changes}


def document(**changes: Any) -> dict[str, Any]:
    """A small valid closeness.json, with ``changes`` at its top level."""
    found: dict[str, Any] = {
        "format": "closeness-export",
        "schema_version": 1,
        "exported_at": NOW,
        "app_version": "0.1.0",
        "partners": [partner_json(0), partner_json(1)],
        "entries": [note_json()],
        "ideas": [],
        "ideas_done": [],
        "rituals": None,
        "files": [],
    }
    return {**found, **changes}


def zip_bytes(members: Sequence[tuple[str | zipfile.ZipInfo, bytes]]) -> bytes:
    """A zip of ``members`` (names or prepared ZipInfos), duplicates allowed."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name", on purpose
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                archive.writestr(name, data)
    return buffer.getvalue()


def archive_of(value: Any, *extra: tuple[str | zipfile.ZipInfo, bytes]) -> bytes:
    data = json.dumps(value, ensure_ascii=False).encode()
    return zip_bytes([("closeness.json", data), *extra])


def aware(year: int = 2026) -> datetime:
    return datetime(year, 11, 26, 18, 30, tzinfo=UTC)


V3_LISTS = ("photos", "special_days", "reactions", "replies", "prompt_answers")


def document_3(**changes: Any) -> dict[str, Any]:
    """A small valid closeness.json of schema version 3, with ``changes`` at its top."""
    found = document(
        schema_version=3,
        entries=[note_json(kept=False, read_at=None)],
        **{key: [] for key in V3_LISTS},
    )
    return {**found, **changes}


def file_json(data: bytes, suffix: str = "jpg") -> dict[str, Any]:
    sha256 = hashlib.sha256(data).hexdigest()
    return {"path": f"files/photos/{sha256}.{suffix}", "size": len(data), "sha256": sha256}


def photo_json(entry_id: str, data: bytes, **changes: Any) -> dict[str, Any]:
    found = {
        "id": str(uuid.uuid4()), "entry_id": entry_id, "position": 0,
        "sha256": hashlib.sha256(data).hexdigest(), "name": "lake.jpg", "suffix": "jpg",
        "width": 4, "height": 3, "size": len(data), "taken_at": None, "created_at": NOW,
        "updated_at": NOW, "deleted_at": None, "version": 1,
    }  # fmt: skip
    return {**found, **changes}


def reaction_json(entry_id: str, partner: int = 1, **changes: Any) -> dict[str, Any]:
    found = {
        "id": str(uuid.uuid4()), "entry_id": entry_id, "partner_id": partner_json(partner)["id"],
        "sign": "heart", "created_at": NOW, "updated_at": NOW, "seen_at": None,
        "deleted_at": None, "version": 1,
    }  # fmt: skip
    return {**found, **changes}
