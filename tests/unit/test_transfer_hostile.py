"""Hostile and broken archives: each is refused with a message that says why, in one line,
and the household it was imported into is left exactly as it was."""

from __future__ import annotations

import hashlib
import json
import stat
import struct
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from closeness_desktop.household import Draft, Household, archive_zip
from closeness_desktop.household.archive_fields import ArchiveError
from closeness_desktop.household.archive_zip import MAX_JSON_BYTES, MAX_MEMBERS
from closeness_desktop.rituals.config import RitualSettings
from tests.unit.transfer_archives import (
    Households,
    archive_of,
    content,
    document,
    document_3,
    note_json,
    partner_json,
    photo_json,
    plan_json,
    zip_bytes,
)

Build = Callable[[], bytes]


@pytest.fixture
def household(made: Households) -> Household:
    """Sam and Alex's household with a note: a sound archive of theirs would merge in."""
    household = made.new("ours")
    kim, lee = household.partners.setup(["Sam", "Alex"])
    household.entries.add(Draft.note(kim.id, "Ours, not to be touched", lee.id))
    return household


def refused(household: Household, tmp_path: Path, data: bytes) -> str:
    """Import ``data``; the message it was refused with (the household is checked unchanged)."""
    path = tmp_path / "hostile.zip"
    path.write_bytes(data)
    before = content(household)
    with pytest.raises(ArchiveError) as refusal:
        household.transfer.import_from(path)
    assert content(household) == before
    assert household.history.undo_text() == "add note"
    message = str(refusal.value)
    assert "\n" not in message
    assert "\x1b" not in message
    return message


def info(name: str, mode: int) -> zipfile.ZipInfo:
    found = zipfile.ZipInfo(name)
    found.create_system = 3
    found.external_attr = mode << 16
    return found


def patched(data: bytes, signature: bytes, offset: int, fmt: str, value: int) -> bytes:
    """``data`` with one field of every record starting with ``signature`` set to ``value``."""
    out = bytearray(data)
    at = out.find(signature)
    while at >= 0:
        struct.pack_into(fmt, out, at + offset, value)
        at = out.find(signature, at + 4)
    return bytes(out)


CENTRAL, LOCAL, END = b"PK\x01\x02", b"PK\x03\x04", b"PK\x05\x06"


def corrupted(data: bytes) -> bytes:
    """``data`` with one byte of its first member's packed content changed."""
    names, extras = struct.unpack_from("<HH", data, 26)
    at = 30 + names + extras + 20
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


VALID = archive_of(document())


def with_json(**changes: Any) -> bytes:
    return archive_of(document(**changes))


def entry_with(**changes: Any) -> bytes:
    return with_json(entries=[note_json(**changes)])


def plan_with(**changes: Any) -> bytes:
    plan = note_json(kind="plan", title="Walk", addressee_id=None, plan=plan_json(**changes))
    return with_json(entries=[plan])


def photo(data: bytes = b"\xff\xd8 a photo") -> dict[str, Any]:
    return {
        "path": "files/photo.jpg",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def with_photo() -> dict[str, Any]:
    """A version-3 document with a photo of its memory, naming ``photo()``'s file."""
    memory = note_json(kind="memory", addressee_id=None, kept=False, read_at=None)
    row = photo_json(memory["id"], b"\xff\xd8 a photo")
    return document_3(entries=[memory], photos=[row], files=[photo()])


CASES: dict[str, tuple[Build, str]] = {
    # -- the zip itself
    "not a zip": (lambda: b"just some text", "is not a zip file"),
    "an empty file": (lambda: b"", "is not a zip file"),
    "a truncated zip": (lambda: VALID[: len(VALID) // 2], "is not a zip file"),
    "zip slip": (lambda: archive_of(document(), ("../evil.sh", b"x")), "climbs out"),
    "zip slip inside": (lambda: archive_of(document(), ("files/../../x", b"x")), "climbs out"),
    "an absolute path": (lambda: archive_of(document(), ("/etc/cron.d/x", b"x")), "absolute"),
    "a drive": (lambda: archive_of(document(), ("C:/Windows/x", b"x")), "absolute"),
    "a backslash": (lambda: archive_of(document(), ("files\\..\\x", b"x")), "backslash"),
    "a link": (
        lambda: archive_of(document(), (info("files/link", stat.S_IFLNK | 0o777), b"/etc/passwd")),
        "holds a link",
    ),
    "a device": (
        lambda: archive_of(document(), (info("files/dev", stat.S_IFCHR | 0o600), b"")),
        "not a plain file",
    ),
    "a member twice": (
        lambda: zip_bytes([("closeness.json", b"{}"), ("closeness.json", b"{}")]),
        "twice",
    ),
    "no closeness.json": (lambda: zip_bytes([("notes.txt", b"hi")]), "has no closeness.json"),
    "a zip bomb": (
        lambda: zip_bytes([("closeness.json", b" " * (3 * 2**20))]),
        "(a zip bomb)",
    ),
    "a declared size over the limit": (
        lambda: patched(VALID, CENTRAL, 24, "<I", MAX_JSON_BYTES + 1),
        "unpacks to 536,870,913 bytes",
    ),
    "a declared size smaller than the content": (
        lambda: patched(patched(VALID, CENTRAL, 24, "<I", 10), LOCAL, 22, "<I", 10),
        "is damaged",
    ),
    "an encrypted member": (lambda: patched(VALID, CENTRAL, 8, "<H", 0x1), "encrypted"),
    "another compression": (
        lambda: patched(patched(VALID, CENTRAL, 10, "<H", 14), LOCAL, 8, "<H", 14),
        "packs “closeness.json” in a way",
    ),
    "a corrupted member": (lambda: corrupted(VALID), "is damaged"),
    # -- the JSON
    "invalid JSON": (lambda: zip_bytes([("closeness.json", b"{not json")]), "not valid JSON"),
    "not UTF-8": (lambda: zip_bytes([("closeness.json", b'{"a": "\xff"}')]), "not UTF-8"),
    "NaN": (lambda: zip_bytes([("closeness.json", b'{"a": NaN}')]), "“NaN”, which is not a number"),
    "a key twice": (lambda: zip_bytes([("closeness.json", b'{"a": 1, "a": 2}')]), "twice in one"),
    "nested too deeply": (
        lambda: zip_bytes([("closeness.json", b"[" * 200_000 + b"]" * 200_000)]),
        "nested too deeply",
    ),
    "a number too long": (
        lambda: zip_bytes([("closeness.json", b'{"a": ' + b"9" * 5_000 + b"}")]),
        "a number too long",
    ),
    "a list": (lambda: archive_of([1, 2]), "not a Closeness archive"),
    "another program's JSON": (lambda: with_json(format="something-else"), "not a Closeness"),
    "a newer schema version": (lambda: with_json(schema_version=5), "newer version of Closeness"),
    "a keep mark in a version-1 archive": (
        lambda: with_json(entries=[note_json(kept=True)]),
        "field this version does not know: “kept”",
    ),
    "a version-2 entry without its keep mark": (
        lambda: with_json(schema_version=2),
        "entry 1 has no “kept”",
    ),
    "a keep mark as a number": (
        lambda: with_json(schema_version=2, entries=[note_json(kept=1)]),
        "“kept” that is a number, not true or false",
    ),
    "an unknown schema version": (lambda: with_json(schema_version=0), "not one Closeness knows"),
    "a schema version as text": (lambda: with_json(schema_version="1"), "does not say which"),
    "a field unknown": (lambda: with_json(secret="x"), "field this version does not know"),
    "one partner": (lambda: with_json(partners=[partner_json(0)]), "the two of you"),
    # -- what a schema cannot say
    "an entry id twice": (
        lambda: with_json(entries=[note_json(id=str(uuid.UUID(int=7)))] * 2),
        "uses twice",
    ),
    "an entry with a partner's id": (
        lambda: with_json(entries=[note_json(id=partner_json(0)["id"])]),
        "uses twice",
    ),
    "a missing partner": (lambda: entry_with(author_id=str(uuid.uuid4())), "partner the archive"),
    "a missing addressee": (lambda: entry_with(addressee_id=str(uuid.uuid4())), "partner the"),
    "a text over its limit": (lambda: entry_with(title="x" * 201), "can hold up to 200"),
    "a year out of range": (lambda: entry_with(occurred_at="2400-01-01T00:00:00+00:00"), "years"),
    "a time without offset": (lambda: entry_with(occurred_at="2026-11-26T18:30:00"), "not a time"),
    "an UUID of another form": (lambda: entry_with(id=str(uuid.uuid4()).upper()), "written like"),
    "a check-in without mood": (lambda: entry_with(kind="checkin"), "without a mood"),
    "a mood on a note": (lambda: entry_with(mood=3), "only a check-in"),
    "a boolean as a number": (lambda: entry_with(version=True), "not a whole number"),
    "a float version": (lambda: entry_with(version=1.0), "not a whole number"),
    "a hostile zone": (lambda: plan_with(zone="../../../etc/passwd"), "not a time zone"),
    "a huge zone": (lambda: plan_with(zone="A" * 10_000), "can hold up to 64"),
    "an infinite budget": (lambda: plan_with(budget="1e999999"), "not an amount"),
    "a repeat rule of nonsense": (lambda: plan_with(rrule="FREQ=SOMETIMES"), "cannot be kept"),
    "a skip on a one-off": (
        lambda: plan_with(rrule=None, exdates=["2026-12-01T18:00:00+00:00"]),
        "cannot be kept",
    ),
    "a plan uid twice": (
        lambda: with_json(
            entries=[
                note_json(kind="plan", title="A", addressee_id=None, plan=plan_json()),
                note_json(kind="plan", title="B", addressee_id=None, plan=plan_json()),
            ]
        ),
        "plan uid “walk@example.org”, which the archive uses twice",
    ),
    "details on a note": (lambda: entry_with(plan=plan_json()), "not a date night"),
    "reminder settings unreadable": (
        lambda: with_json(
            rituals={
                "value": {"version": 1},
                "updated_at": "2026-11-26T18:30:00+00:00",
                "version": 1,
            }
        ),
        "has no “rituals”",
    ),
    # -- files
    "a listed file missing": (lambda: archive_of(with_photo()), "missing from it"),
    "a listed file with other content": (
        lambda: archive_of(with_photo(), ("files/photo.jpg", b"\xff\xd8 a phot0")),
        "other content",
    ),
    "a file not listed": (lambda: archive_of(document(), ("files/extra.jpg", b"x")), "not list"),
    "a listed file outside files/": (
        lambda: with_json(files=[{**photo(), "path": "photo.jpg"}]),
        "files/ folder",
    ),
    "files in a version-1 archive": (
        lambda: archive_of(document(files=[photo()]), ("files/photo.jpg", b"\xff\xd8 a photo")),
        "never carries",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_hostile_or_broken_archive_is_refused_and_changes_nothing(
    household: Household, tmp_path: Path, case: str
) -> None:
    build, words = CASES[case]

    message = refused(household, tmp_path, build())

    assert words in message


def test_more_members_declared_than_closeness_reads_is_refused(
    household: Household, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real limit is past what a zip without its 64-bit directory can declare.
    monkeypatch.setattr(archive_zip, "MAX_MEMBERS", 100)
    declared = patched(patched(VALID, END, 8, "<H", 101), END, 10, "<H", 101)

    assert "more files than the 100 Closeness reads" in refused(household, tmp_path, declared)
    assert MAX_MEMBERS > 0xFFFF


def test_a_name_with_control_characters_is_shown_escaped(
    household: Household, tmp_path: Path
) -> None:
    message = refused(household, tmp_path, archive_of(document(), ("../\x1b[31mred", b"x")))

    assert "\\x1b[31mred" in message


def test_a_missing_file_or_a_folder_is_said_in_words(household: Household, tmp_path: Path) -> None:
    for path in (tmp_path / "nothing-here.zip", tmp_path):
        with pytest.raises(ArchiveError, match="could not be opened"):
            household.transfer.import_from(path)


def test_the_valid_archive_these_cases_start_from_is_imported(
    made: Households, tmp_path: Path
) -> None:
    path = tmp_path / "valid.zip"
    path.write_bytes(VALID)

    assert made.new().transfer.import_from(path).entries_added == 1


def test_a_document_that_is_not_json_at_all_names_where(
    household: Household, tmp_path: Path
) -> None:
    data = json.dumps(document()).encode()[:-40]

    message = refused(household, tmp_path, zip_bytes([("closeness.json", data)]))

    assert "(line 1, column" in message


def _rituals_with(**changes: Any) -> dict[str, Any]:
    value = {**RitualSettings().to_json(), **changes}
    return {"value": value, "updated_at": "2026-11-26T18:30:00+00:00", "version": 1}


def test_a_check_in_question_of_null_is_refused_as_the_schema_refuses_it(
    household: Household, tmp_path: Path
) -> None:
    data = with_json(rituals=_rituals_with(checkin_question=None))

    message = refused(household, tmp_path, data)

    assert "“checkin_question” that is null, not true or false" in message


def test_reminder_settings_of_before_the_check_in_question_still_import(
    made: Households, tmp_path: Path
) -> None:
    value = _rituals_with()
    del value["value"]["checkin_question"]
    path = tmp_path / "older.zip"
    path.write_bytes(with_json(rituals=value))

    assert made.new().transfer.import_from(path).rituals_added
