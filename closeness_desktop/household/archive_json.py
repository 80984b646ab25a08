"""``closeness.json`` read back into the store's rows, strictly (``archive_writer``
writes it).

Its shape is described for people in ``docs/export-format.md`` and for programs in
``docs/closeness-export.schema.json``. This is the app's own reader: it checks all the
schema says and what a schema cannot (an entry's partner is in the archive, no UUID is
used twice, a date night is one the planner can keep), and it stops at the first problem
with a message that says where.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from closeness_desktop.dates import ideas as jar
from closeness_desktop.household.archive_fields import ArchiveError, Fields, shown
from closeness_desktop.household.archive_memories import MEMORY_KEYS, Memories, MemoryReader
from closeness_desktop.household.archive_plans import checked_plan
from closeness_desktop.household.archive_private import (
    ENTRY_KEYS as PRIVATE_ENTRY_KEYS,
)
from closeness_desktop.household.archive_private import PRIVATE_KEYS, Private, PrivateReader
from closeness_desktop.household.archive_rituals import checked_rituals
from closeness_desktop.household.archive_zip import (
    FILES_FOLDER,
    MAX_FILE_BYTES,
    MAX_MEMBERS,
    check_name,
)
from closeness_desktop.household.validation import EARLIEST_YEAR, LATEST_YEAR
from closeness_desktop.records import EntryKind
from closeness_desktop.store.export import DoneRow, EntryRow, IdeaRow, PartnerRow, SettingRow
from closeness_desktop.store.models import (
    FEELINGS_MAX,
    IDEA_KEY_MAX,
    IDEA_TITLE_MAX,
    NAME_MAX,
    PLACE_MAX,
    TEXT_MAX,
    TITLE_MAX,
)

FORMAT = "closeness-export"
#: The version this app writes. It reads every version in :data:`READS`: 2 added the keep
#: mark of an entry (``kept``), which a version-1 archive has not (every entry unmarked);
#: 3 added ``read_at`` on entries, the photos with their files, the special days, the
#: reactions, the replies and the prompt answers (none of them in 1 and 2); 4 added private
#: entries and sealed notes, carried sealed, with the locks and the seal key that open them.
SCHEMA_VERSION = 4
READS = frozenset({1, 2, 3, 4})
MAX_ENTRIES = 2_000_000
MAX_IDEAS = 100_000
TOP_KEYS = (
    "format", "schema_version", "exported_at", "app_version", "partners", "entries", "ideas",
    "ideas_done", "rituals", "files",
)  # fmt: skip
ENTRY_KEYS_1 = (
    "id", "kind", "author_id", "addressee_id", "title", "body", "place", "occurred_at",
    "ends_at", "all_day", "mood", "feelings", "delivered_at", "created_at", "updated_at",
    "deleted_at", "version", "plan",
)  # fmt: skip
ENTRY_KEYS_2 = (*ENTRY_KEYS_1, "kept")
ENTRY_KEYS_3 = (*ENTRY_KEYS_2, "read_at")
ENTRY_KEYS = (*ENTRY_KEYS_3, *PRIVATE_ENTRY_KEYS)
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
KINDS = frozenset(kind.value for kind in EntryKind)


@dataclass(frozen=True)
class ArchivedFile:
    """A file the archive carries beside ``closeness.json``: a photo's, named by content."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Archive:
    exported_at: datetime
    app_version: str
    partners: tuple[PartnerRow, ...]
    entries: tuple[EntryRow, ...]
    ideas: tuple[IdeaRow, ...]
    ideas_done: tuple[DoneRow, ...]
    rituals: SettingRow | None
    files: tuple[ArchivedFile, ...] = ()
    #: What version 3 added (empty for versions 1 and 2).
    memories: Memories = field(default_factory=Memories)
    #: What version 4 added (empty before): sealed words, wrapped keys, the seal key.
    private: Private = field(default_factory=Private)
    #: The zip it was read from, for the files (set by ``transfer.read_archive``).
    source: Path | None = None


# -- reading ------------------------------------------------------------------------------


def _no_twice(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ArchiveError(
                f"This archive's closeness.json names “{shown(key)}” twice in one object."
            )
        found[key] = value
    return found


def _no_constant(name: str) -> NoReturn:
    raise ArchiveError(f"This archive's closeness.json holds “{name}”, which is not a number.")


def parse(data: bytes) -> Archive:
    """The archive ``data`` (``closeness.json``'s bytes) holds; :class:`ArchiveError` if not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ArchiveError("This archive's closeness.json is not UTF-8 text.") from None
    try:
        value = json.loads(text, object_pairs_hook=_no_twice, parse_constant=_no_constant)
    except ArchiveError:
        raise
    except json.JSONDecodeError as problem:
        raise ArchiveError(
            f"This archive's closeness.json is not valid JSON (line {problem.lineno},"
            f" column {problem.colno}: {problem.msg})."
        ) from None
    except RecursionError:
        raise ArchiveError("This archive's closeness.json is nested too deeply to read.") from None
    except ValueError:  # an integer of thousands of digits
        raise ArchiveError(
            "This archive's closeness.json holds a number too long to read."
        ) from None
    return from_json(value)


def from_json(value: Any) -> Archive:
    """The archive a parsed ``closeness.json`` describes; :class:`ArchiveError` if it is not
    one this version can import whole."""
    if not isinstance(value, dict) or value.get("format") != FORMAT:
        raise ArchiveError("This is not a Closeness archive: its closeness.json says otherwise.")
    version = value.get("schema_version")
    if type(version) is not int:
        raise ArchiveError("This archive does not say which version of the format it is.")
    if version > SCHEMA_VERSION:
        raise ArchiveError(
            f"This archive was written by a newer version of Closeness (format {version:,});"
            " please update the app to import it."
        )
    if version not in READS:
        raise ArchiveError(f"This archive's format ({version:,}) is not one Closeness knows.")
    keys = (*TOP_KEYS, *(MEMORY_KEYS if version >= 3 else ()))
    top = Fields(value, "the archive", (*keys, *(PRIVATE_KEYS if version >= 4 else ())))
    reader = _Reader(version)
    partners = tuple(reader.partner(item, n) for n, item in _numbered(top.items("partners", 2)))
    if len(partners) != 2:
        top.fail("does not have the two of you: a household is two partners")
    reader.check_partners(partners)
    entries = tuple(
        reader.entry(item, n) for n, item in _numbered(top.items("entries", MAX_ENTRIES))
    )
    ideas = tuple(reader.idea(item, n) for n, item in _numbered(top.items("ideas", MAX_IDEAS)))
    done = tuple(reader.done(item, n) for n, item in _numbered(top.items("ideas_done", MAX_IDEAS)))
    files = tuple(reader.file(item, n) for n, item in _numbered(top.items("files", MAX_MEMBERS)))
    memories = Memories()
    if version >= 3:
        sizes = {each.sha256: each.size for each in files}
        kinds = {entry.id: entry.kind for entry in entries}
        private_ids = {entry.id for entry in entries if entry.private_to is not None}
        memories = MemoryReader(
            reader.unique_id, reader.partner_ids, kinds, sizes, private_ids
        ).read(top)
    elif files:
        top.fail(f"lists files, which an archive of format {version} never carries")
    private = reader.private.read(top)
    return Archive(
        exported_at=top.moment("exported_at"),
        app_version=top.text("app_version", 40),
        partners=partners,
        entries=entries,
        ideas=ideas,
        ideas_done=done,
        rituals=reader.rituals(top.mapping("rituals", nullable=True)),
        files=files,
        memories=memories,
        private=private,
    )


def _numbered(items: list[Any]) -> Iterator[tuple[int, Any]]:
    return enumerate(items, 1)


class _Reader:
    """Reads the archive's items in order, remembering what must not come twice."""

    def __init__(self, version: int) -> None:
        self.entry_keys = {1: ENTRY_KEYS_1, 2: ENTRY_KEYS_2, 3: ENTRY_KEYS_3}.get(
            version, ENTRY_KEYS
        )
        self.ids: set[uuid.UUID] = set()
        self.partner_ids: set[uuid.UUID] = set()
        self.private = PrivateReader(version, self.partner_ids)
        self.keys: dict[str, set[str]] = {
            "plan uid": set(),
            "idea key": set(),
            "done key": set(),
            "file": set(),
            "file content": set(),
        }

    def unique_id(self, fields: Fields) -> uuid.UUID:
        value = fields.uuid("id")
        if value in self.ids:
            fields.fail(f"has the id {value}, which the archive uses twice")
        self.ids.add(value)
        return value

    def _unique(self, fields: Fields, what: str, value: str) -> None:
        if value in self.keys[what]:
            fields.fail(f"has the {what} “{shown(value)}”, which the archive uses twice")
        self.keys[what].add(value)

    def partner(self, item: Any, number: int) -> PartnerRow:
        fields = Fields(item, f"partner {number}", (
            "id", "name", "colour", "os_account", "position", "created_at", "updated_at",
            "version",
        ))  # fmt: skip
        row = PartnerRow(
            id=self.unique_id(fields),
            name=fields.text("name", NAME_MAX, empty=False).strip(),
            colour=fields.text("colour", 7),
            os_account=fields.optional_text("os_account", 100),
            position=fields.integer("position", 0, 1),
            created_at=fields.moment("created_at"),
            updated_at=fields.moment("updated_at"),
            version=fields.integer("version", 1),
        )
        if not _COLOUR.match(row.colour):
            fields.fail("has a “colour” that is not like #C8566B")
        self.partner_ids.add(row.id)
        return row

    def check_partners(self, partners: Sequence[PartnerRow]) -> None:
        first, second = partners
        if first.name.casefold() == second.name.casefold():
            raise ArchiveError("In this archive, the two partners have the same name.")
        if first.position == second.position:
            raise ArchiveError("In this archive, the two partners have the same place.")

    def entry(self, item: Any, number: int) -> EntryRow:
        fields = Fields(item, f"entry {number:,}", self.entry_keys)
        entry_id = self.unique_id(fields)
        kind = fields.choice("kind", KINDS)
        author = fields.uuid("author_id")
        addressee = fields.optional_uuid("addressee_id")
        for who in (author, addressee):
            if who is not None and who not in self.partner_ids:
                fields.fail(f"names a partner the archive does not have ({who})")
        if addressee == author:
            fields.fail("is addressed to the one who wrote it")
        is_checkin = kind == EntryKind.CHECKIN.value
        row = EntryRow(
            id=entry_id,
            kind=kind,
            author_id=author,
            addressee_id=addressee,
            title=fields.text("title", TITLE_MAX),
            body=fields.text("body", TEXT_MAX),
            place=fields.text("place", PLACE_MAX),
            occurred_at=_in_years(fields, "occurred_at", fields.moment("occurred_at")),
            ends_at=_in_years(fields, "ends_at", fields.optional_moment("ends_at")),
            all_day=fields.boolean("all_day"),
            mood=fields.optional_integer("mood", 1, 5),
            feelings=fields.text("feelings", FEELINGS_MAX),
            delivered_at=fields.optional_moment("delivered_at"),
            created_at=fields.moment("created_at"),
            updated_at=fields.moment("updated_at"),
            deleted_at=fields.optional_moment("deleted_at"),
            version=fields.integer("version", 1),
            # Version 1 knew no mark (Fields refuses "kept" there); from 2 on it is required.
            kept=fields.boolean("kept") if "kept" in self.entry_keys else False,
            read_at=fields.optional_moment("read_at") if "read_at" in self.entry_keys else None,
        )
        row = self.private.entry(fields, row, number)
        if is_checkin and row.mood is None and row.private_to is None:  # sealed: blank
            fields.fail("is a check-in without a mood")
        if not is_checkin and row.mood is not None:
            fields.fail("has a mood, but only a check-in has one")
        if kind != EntryKind.PLAN.value:
            if fields.has("plan"):
                fields.fail("has date-night details, but it is not a date night")
            return row
        details = fields.raw("plan")
        if details is None:
            return row
        plan = checked_plan(details, row, f"entry {number:,}'s date night")
        self._unique(fields, "plan uid", plan.uid)
        return replace(row, plan=plan)

    def idea(self, item: Any, number: int) -> IdeaRow:
        fields = Fields(item, f"idea {number:,}", (
            "id", "key", "title", "text", "group", "budget", "setting", "minutes",
            "created_at", "updated_at", "deleted_at", "version",
        ))  # fmt: skip
        row = IdeaRow(
            id=self.unique_id(fields),
            key=fields.text("key", IDEA_KEY_MAX, empty=False),
            title=fields.text("title", IDEA_TITLE_MAX, empty=False),
            text=fields.text("text", TEXT_MAX),
            idea_group=fields.choice("group", {each.value for each in jar.IdeaGroup}),
            budget=fields.choice("budget", {each.value for each in jar.Budget}),
            setting=fields.choice("setting", {each.value for each in jar.Setting}),
            minutes=fields.integer("minutes", 1, jar.MAX_MINUTES),
            created_at=fields.moment("created_at"),
            updated_at=fields.moment("updated_at"),
            deleted_at=fields.optional_moment("deleted_at"),
            version=fields.integer("version", 1),
        )
        self._unique(fields, "idea key", row.key)
        return row

    def done(self, item: Any, number: int) -> DoneRow:
        fields = Fields(item, f"idea done {number:,}", (
            "id", "idea_key", "done_on", "created_at", "updated_at", "deleted_at", "version",
        ))  # fmt: skip
        row = DoneRow(
            id=self.unique_id(fields),
            idea_key=fields.text("idea_key", IDEA_KEY_MAX, empty=False),
            done_on=fields.day("done_on"),
            created_at=fields.moment("created_at"),
            updated_at=fields.moment("updated_at"),
            deleted_at=fields.optional_moment("deleted_at"),
            version=fields.integer("version", 1),
        )
        self._unique(fields, "done key", row.idea_key)
        return row

    def file(self, item: Any, number: int) -> ArchivedFile:
        fields = Fields(item, f"file {number:,}", ("path", "size", "sha256"))
        found = ArchivedFile(
            path=fields.text("path", 255, empty=False),
            size=fields.integer("size", 0, MAX_FILE_BYTES),
            sha256=fields.text("sha256", 64),
        )
        if not found.path.startswith(FILES_FOLDER):
            fields.fail(f"is not in the archive's {FILES_FOLDER} folder")
        check_name(found.path)
        if not _SHA256.match(found.sha256):
            fields.fail("has a “sha256” that is not 64 lower-case hex digits")
        self._unique(fields, "file", found.path)
        self._unique(fields, "file content", found.sha256)
        return found

    def rituals(self, item: dict[str, Any] | None) -> SettingRow | None:
        if item is None:
            return None
        fields = Fields(item, "the reminder part", ("value", "updated_at", "version"))
        return SettingRow(
            key="rituals",
            value=checked_rituals(fields.raw("value")),
            updated_at=fields.moment("updated_at"),
            version=fields.integer("version", 1),
        )


def _in_years(fields: Fields, name: str, moment: datetime | None) -> Any:
    if moment is not None and not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        fields.fail(f"has a “{name}” outside the years {EARLIEST_YEAR} to {LATEST_YEAR}")
    return moment
