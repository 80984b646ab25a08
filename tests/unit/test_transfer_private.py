"""Format version 4 of the archive: private entries and sealed notes travel sealed, with the
locks and the seal key that open them, on real SQLite files and real Argon2id; no archive
or backup holds their words; a household under another lock refuses them whole; hostile
version-4 archives are refused in words with nothing changed."""

from __future__ import annotations

import base64
import json
import os
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, Household
from closeness_desktop.household.archive_fields import ArchiveError
from closeness_desktop.records import TimelineFilter
from closeness_desktop.store import export as store
from tests.unit.transfer_archives import (
    SCHEMA,
    Households,
    archive_of,
    content,
    document_3,
    note_json,
)

PASSPHRASE = "correct horse battery"
PRIVATE_WORDS = "kiwi-orchard-private-47"
PRIVATE_FEELINGS = "marmalade-private-feeling"
SEALED_WORDS = "mango-lantern-sealed-93"
SHARED_WORDS = "Dinner at eight?"


def write_private(household: Household, *, lock: bool = True) -> dict[str, uuid.UUID]:
    """Sam's lock (set here), a private note and a private check-in of Sam's, and a sealed
    note for Alex opening tomorrow; their ids."""
    sam, alex = household.partners.named("Sam").id, household.partners.named("Alex").id
    if lock:
        household.privacy.set_lock(sam, PASSPHRASE)
    entries = household.entries
    note = entries.add(replace(Draft.note(sam, PRIVATE_WORDS), private=True))
    checkin = entries.add(replace(Draft.checkin(sam, 2, [PRIVATE_FEELINGS]), private=True))
    opens = household.clock.now() + timedelta(days=1)
    sealed = entries.add(replace(Draft.note(sam, SEALED_WORDS, alex), opens_at=opens))
    return {"note": note.id, "checkin": checkin.id, "sealed": sealed.id}


@pytest.fixture
def source(made: Households) -> Household:
    household = made.new("source")
    sam, alex = household.partners.setup(["Sam", "Alex"])
    household.entries.add(Draft.note(sam.id, SHARED_WORDS, alex.id))
    return household


@pytest.fixture
def ids(source: Household) -> dict[str, uuid.UUID]:
    return write_private(source)


@pytest.fixture
def archive(source: Household, ids: dict[str, uuid.UUID], tmp_path: Path) -> Path:
    path = tmp_path / "private.zip"
    source.transfer.export_to(path)
    source.privacy.lock()
    return path


def document_of(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as found:
        value: dict[str, Any] = json.loads(found.read("closeness.json"))
    return value


def sam_of(household: Household) -> uuid.UUID:
    return household.partners.named("Sam").id


def locks(household: Household) -> list[store.WrappedKeyRow]:
    with household.database.reading() as session:
        return store.wrapped_keys(session)


def sealed_rows(household: Household) -> list[store.SealedRow]:
    with household.database.reading() as session:
        return store.sealed_words(session)


# -- out and back -------------------------------------------------------------------------


def test_private_entries_come_back_blank_and_open_with_the_same_passphrase(
    archive: Path, ids: dict[str, uuid.UUID], made: Households
) -> None:
    target = made.new("target")

    report = target.transfer.import_from(archive)

    rows = content(target).entries
    for key in ("note", "checkin", "sealed"):
        assert (rows[ids[key]].title, rows[ids[key]].body, rows[ids[key]].feelings) == ("", "", "")
    assert rows[ids["checkin"]].mood is None
    sam = sam_of(target)
    assert target.privacy.state(sam).has_lock
    assert not target.privacy.state(sam).unlocked
    assert target.entries.get(ids["note"]).body == ""
    assert "4 entries (2 private entries and 1 sealed note, sealed)" in report.summary()
    assert "Sam's lock came with the archive" in report.summary()

    target.privacy.unlock(sam, PASSPHRASE)

    assert target.entries.get(ids["note"]).body == PRIVATE_WORDS
    opened = target.entries.get(ids["checkin"])
    assert (opened.mood, opened.feelings) == (2, PRIVATE_FEELINGS)


def test_a_sealed_note_opens_after_its_time_in_the_new_household(
    archive: Path, ids: dict[str, uuid.UUID], made: Households, clock: FakeClock
) -> None:
    target = made.new("target")
    target.transfer.import_from(archive)
    assert target.privacy.open_due() == []

    clock.advance(timedelta(days=1, minutes=1))
    opened = target.privacy.open_due()

    assert [note.id for note in opened] == [ids["sealed"]]
    assert target.entries.get(ids["sealed"]).body == SEALED_WORDS


def test_the_archive_holds_none_of_the_private_or_sealed_words(archive: Path) -> None:
    unpacked = [archive.read_bytes()]
    with zipfile.ZipFile(archive) as found:
        unpacked += [found.read(name) for name in found.namelist()]
    document = document_of(archive)

    for words in (PRIVATE_WORDS, PRIVATE_FEELINGS, SEALED_WORDS):
        assert not any(words.encode() in data for data in unpacked)
    assert SHARED_WORDS in json.dumps(document)
    assert document["schema_version"] == 4
    assert sorted(row["key"] for row in document["sealed_words"]) == ["partner", "partner", "seal"]
    assert sorted(row["purpose"] for row in document["wrapped_keys"]) == ["passphrase", "recovery"]
    assert not any("failures" in row for row in document["wrapped_keys"])
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text("utf-8"))).validate(document)


def test_the_export_says_how_many_private_entries_went_in_sealed(
    source: Household, ids: dict[str, uuid.UUID], tmp_path: Path
) -> None:
    report = source.transfer.export_to(tmp_path / "out.zip")

    assert (report.private, report.sealed) == (2, 1)
    assert "4 entries (2 private entries and 1 sealed note, sealed)" in report.summary()


def test_a_backup_holds_none_of_the_private_or_sealed_words(
    source: Household, ids: dict[str, uuid.UUID]
) -> None:
    backup = source.backups.back_up()

    data = backup.path.read_bytes()
    for words in (PRIVATE_WORDS, PRIVATE_FEELINGS, SEALED_WORDS):
        assert words.encode() not in data
    assert SHARED_WORDS.encode() in data


def test_importing_again_adds_nothing(archive: Path, made: Households) -> None:
    target = made.new("target")
    target.transfer.import_from(archive)
    before, keys, sealed = content(target), locks(target), sealed_rows(target)

    report = target.transfer.import_from(archive)

    assert report.added == 0
    assert report.summary().startswith("Nothing new in this archive")
    assert (content(target), locks(target), sealed_rows(target)) == (before, keys, sealed)


def test_the_same_lock_with_a_new_passphrase_here_still_takes_new_private_entries(
    source: Household, archive: Path, made: Households, tmp_path: Path
) -> None:
    target = made.new("target")
    target.transfer.import_from(archive)
    target.privacy.change_secret(sam_of(target), PASSPHRASE, "another good passphrase")
    source.privacy.unlock(sam_of(source), PASSPHRASE)
    later = source.entries.add(replace(Draft.note(sam_of(source), "later words"), private=True))
    source.transfer.export_to(tmp_path / "later.zip")

    report = target.transfer.import_from(tmp_path / "later.zip")

    assert report.entries_added == 1
    assert target.entries.get(later.id).body == "later words"  # still unlocked from the change


def test_a_household_with_a_seal_key_of_its_own_seals_the_note_again_for_itself(
    made: Households, clock: FakeClock, tmp_path: Path
) -> None:
    source = made.new("source")
    sam, alex = source.partners.setup(["Sam", "Alex"])
    tomorrow = clock.now() + timedelta(days=1)
    theirs = source.entries.add(
        replace(Draft.note(sam.id, SEALED_WORDS, alex.id), opens_at=tomorrow)
    )
    source.transfer.export_to(tmp_path / "sealed.zip")
    target = made.new("target")
    ours_sam, ours_alex = target.partners.setup(["Sam", "Alex"])  # other UUIDs, the same names
    soon = clock.now() + timedelta(hours=1)
    own = target.entries.add(
        replace(Draft.note(ours_alex.id, "our surprise", ours_sam.id), opens_at=soon)
    )

    report = target.transfer.import_from(tmp_path / "sealed.zip")
    clock.advance(timedelta(days=2))
    opened = {note.id: note.body for note in target.privacy.open_due()}

    assert report.sealed_added == 1
    assert opened == {own.id: "our surprise", theirs.id: SEALED_WORDS}
    assert target.entries.get(theirs.id).author_id == ours_sam.id


# -- refused whole ------------------------------------------------------------------------


def test_a_partner_under_another_lock_here_refuses_the_whole_import(
    source: Household, made: Households, tmp_path: Path
) -> None:
    source.transfer.export_to(tmp_path / "before.zip")  # Sam without a lock yet
    write_private(source)
    source.transfer.export_to(tmp_path / "after.zip")
    target = made.new("target")
    target.transfer.import_from(tmp_path / "before.zip")
    target.privacy.set_lock(sam_of(target), "a lock of this household")
    before, keys = content(target), locks(target)

    with pytest.raises(ArchiveError) as refusal:
        target.transfer.import_from(tmp_path / "after.zip")

    assert str(refusal.value) == (
        "Sam's private entries in this archive are under another lock than Sam's here;"
        " nothing was imported."
    )
    assert (content(target), locks(target), sealed_rows(target)) == (before, keys, [])


def test_private_entries_of_another_households_partner_of_the_same_name_are_refused(
    archive: Path, made: Households
) -> None:
    target = made.new("target")
    target.partners.setup(["Sam", "Alex"])  # other UUIDs
    before = content(target)

    with pytest.raises(ArchiveError, match="sealed for the Sam of another household"):
        target.transfer.import_from(archive)

    assert (content(target), locks(target)) == (before, [])


def test_a_failed_import_takes_back_the_lock_and_the_sealed_words_it_wrote(
    archive: Path, made: Households, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = made.new("target")
    real = store.insert_sealed

    def full_disk(session: Any, rows: Any) -> None:
        real(session, rows)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "insert_sealed", full_disk)

    with pytest.raises(OSError, match="No space left"):
        target.transfer.import_from(archive)

    assert (content(target).entries, locks(target), sealed_rows(target)) == ({}, [], [])


def test_a_version_3_archive_still_imports(made: Households, tmp_path: Path) -> None:
    path = tmp_path / "v3.zip"
    path.write_bytes(archive_of(document_3()))

    report = made.new().transfer.import_from(path)

    assert (report.entries_added, report.private_added) == (1, 0)


# -- hostile ------------------------------------------------------------------------------

Change = Callable[[dict[str, Any]], None]


def _private(document: dict[str, Any], kind: str = "partner") -> dict[str, Any]:
    """The first entry whose sealed words ``kind`` opens."""
    entry_id = next(row["entry_id"] for row in document["sealed_words"] if row["key"] == kind)
    return next(entry for entry in document["entries"] if entry["id"] == entry_id)


def _shared(document: dict[str, Any]) -> dict[str, Any]:
    return next(e for e in document["entries"] if e["private_to"] is None and not e["opens_at"])


def _set(*path: Any, value: Any) -> Change:
    def change(document: dict[str, Any]) -> None:
        parent: Any = document
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value

    return change


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


HOSTILE: dict[str, tuple[Change, str]] = {
    "sealed text that is not base64": (
        _set("sealed_words", 0, "blob", value="not base64!"),
        "sealed text 1 has a “blob” that is not base64",
    ),
    "sealed text too short to be sealed": (
        _set("sealed_words", 0, "blob", value=_b64(b"tiny")),
        "“blob” of 4 bytes, where 28 to 196,608 belong",
    ),
    "sealed text of an unknown field": (
        _set("sealed_words", 0, "words", value="in clear"),
        "field this version does not know: “words”",
    ),
    "sealed text for an entry not in the archive": (
        _set("sealed_words", 0, "entry_id", value=str(uuid.UUID(int=5))),
        "is for an entry the archive does not have",
    ),
    "sealed text for a shared entry": (
        lambda d: d["sealed_words"][0].update(entry_id=_shared(d)["id"]),
        "is for an entry that is neither private nor sealed",
    ),
    "sealed text twice": (
        lambda d: d["sealed_words"].append(dict(d["sealed_words"][0])),
        "is the second sealed text of one entry",
    ),
    "a private entry without its sealed text": (
        lambda d: d["sealed_words"].remove(
            next(row for row in d["sealed_words"] if row["key"] == "partner")
        ),
        "is private or sealed, but its sealed words are missing",
    ),
    "a private entry's text named for the seal key": (
        lambda d: next(r for r in d["sealed_words"] if r["key"] == "partner").update(key="seal"),
        "names the key “seal”, but its entry opens with “partner”",
    ),
    "a key of a purpose not known": (
        _set("wrapped_keys", 0, "purpose", value="fingerprint"),
        "“purpose” this version does not know: “fingerprint”",
    ),
    "a salt of the wrong size": (
        _set("wrapped_keys", 0, "salt", value=_b64(b"salt")),
        "“salt” of 4 bytes, where 16 belong",
    ),
    "a key that would take all the memory to open": (
        _set("wrapped_keys", 0, "memory_kib", value=2**31 - 1),
        "“memory_kib” outside 8 to 1,048,576",
    ),
    "a key of a partner not in the archive": (
        _set("wrapped_keys", 0, "partner_id", value=str(uuid.UUID(int=6))),
        "names a partner the archive does not have",
    ),
    "a lock without its recovery key": (
        lambda d: d["wrapped_keys"].remove(
            next(row for row in d["wrapped_keys"] if row["purpose"] == "recovery")
        ),
        "a partner's lock is not whole",
    ),
    "a private entry without its partner's lock": (
        _set("wrapped_keys", value=[]),
        "does not carry the lock of the partner it belongs to",
    ),
    "too many keys": (
        lambda d: d["wrapped_keys"].extend(d["wrapped_keys"] * 2),
        "has 6 “wrapped_keys”; this version takes up to 4",
    ),
    "a private entry with its words in the open": (
        lambda d: _private(d).update(body="the words in clear"),
        "is private or sealed, but carries words in the open",
    ),
    "a private entry of the other partner": (
        lambda d: _private(d).update(private_to=d["partners"][1]["id"]),
        "is private to a partner who did not write it",
    ),
    "a sealed note without the seal key": (
        _set("seal_key", value=None),
        "is a sealed note's, but the archive carries no seal key",
    ),
    "a sealed note under another seal key": (
        _set("seal_key", value=_b64(os.urandom(32))),
        "does not open with the archive's seal key",
    ),
    "a seal key of the wrong size": (
        _set("seal_key", value=_b64(b"short")),
        "“seal_key” of 5 bytes, where 32 belong",
    ),
    "opening at an arrival without being sealed": (
        lambda d: _shared(d).update(opens_with_arrival=True),
        "opens at an arrival, but it is not a sealed note",
    ),
    "a private entry addressed to someone": (
        lambda d: _private(d).update(addressee_id=d["partners"][1]["id"]),
        "is private, but it is addressed to someone",
    ),
    "the private lists in a version-3 archive": (
        _set("schema_version", value=3),
        "field this version does not know",
    ),
}


@pytest.fixture
def ours(made: Households) -> Household:
    """Sam and Alex with a note of their own (the refusals leave it as it is)."""
    household = made.new("ours")
    sam, alex = household.partners.setup(["Sam", "Alex"])
    household.entries.add(Draft.note(sam.id, "Ours, not to be touched", alex.id))
    return household


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_a_hostile_version_4_archive_is_refused_in_words_and_changes_nothing(
    archive: Path, ours: Household, tmp_path: Path, case: str
) -> None:
    change, words = HOSTILE[case]
    document = document_of(archive)
    change(document)
    path = tmp_path / "hostile.zip"
    path.write_bytes(archive_of(document))
    before, keys = content(ours), locks(ours)

    with pytest.raises(ArchiveError) as refusal:
        ours.transfer.import_from(path)

    message = str(refusal.value)
    assert words in message
    assert message.startswith("In this archive")
    assert "\n" not in message
    assert PRIVATE_WORDS not in message
    assert SEALED_WORDS not in message
    assert (content(ours), locks(ours), sealed_rows(ours)) == (before, keys, [])
    assert ours.history.undo_text() == "add note"


def test_the_sound_archive_the_hostile_ones_start_from_is_imported(
    archive: Path, made: Households
) -> None:
    assert made.new().transfer.import_from(archive).entries_added == 4


def test_a_hand_written_version_4_archive_without_anything_private_imports(
    made: Households, tmp_path: Path
) -> None:
    note = note_json(kept=False, read_at=None, private_to=None, opens_at=None)
    document = document_3(schema_version=4, sealed_words=[], wrapped_keys=[], seal_key=None)
    path = tmp_path / "v4.zip"
    path.write_bytes(archive_of({**document, "entries": [{**note, "opens_with_arrival": False}]}))

    assert made.new().transfer.import_from(path).entries_added == 1


def test_imported_private_entries_stay_off_the_timeline_until_their_partner_unlocks(
    archive: Path, ids: dict[str, uuid.UUID], made: Households
) -> None:
    target = made.new("target")
    target.transfer.import_from(archive)
    locked = {row.id for row in target.entries.page(TimelineFilter()).rows}

    target.privacy.unlock(sam_of(target), PASSPHRASE)

    unlocked = {row.id for row in target.entries.page(TimelineFilter()).rows}
    assert ids["note"] not in locked
    assert ids["note"] in unlocked
