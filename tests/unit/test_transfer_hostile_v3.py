"""Hostile version-3 archives (photos and their files, special days, reactions, replies,
prompt answers): each is refused with a message that says why, and the household it was
imported into is left exactly as it was, its photo folder included."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from closeness_desktop.household import Draft, Household
from closeness_desktop.household.archive_fields import ArchiveError
from tests.unit.test_transfer_hostile import refused
from tests.unit.test_transfer_v3 import library_files
from tests.unit.transfer_archives import (
    Households,
    archive_of,
    content,
    document,
    document_3,
    file_json,
    note_json,
    partner_json,
    photo_json,
    reaction_json,
)

SAM = partner_json(0)["id"]

DATA = b"\xff\xd8 a photo of the lake"


def memory_json() -> dict[str, Any]:
    return note_json(kind="memory", addressee_id=None, kept=False, read_at=None)


def with_photo(data: bytes = DATA, listed: bytes = DATA, **file: Any) -> bytes:
    memory = memory_json()
    listing = {**file_json(listed), **file}
    return archive_of(
        document_3(entries=[memory], photos=[photo_json(memory["id"], listed)], files=[listing]),
        (listing["path"], data),
    )


def with_reactions(*changes: dict[str, Any]) -> bytes:
    note = note_json(kept=False, read_at=None)
    rows = [reaction_json(note["id"], **change) for change in changes]
    return archive_of(document_3(entries=[note], reactions=rows))


def v3_with(**lists: Any) -> bytes:
    return archive_of(document_3(**lists))


HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "a file whose bytes do not match its sha256": (
        lambda: with_photo(data=b"\xff\xd8 a photo of the LAKE"),
        "with other content than it lists",
    ),
    "a photo row with no file": (
        lambda: v3_with(entries=[(m := memory_json())], photos=[photo_json(m["id"], DATA)]),
        "names a file the archive does not carry",
    ),
    "a photo the size of another file": (
        lambda: archive_of(
            document_3(
                entries=[(m := memory_json())],
                photos=[photo_json(m["id"], DATA, size=3)],
                files=[file_json(DATA)],
            ),
            (file_json(DATA)["path"], DATA),
        ),
        "says its file is 3 bytes",
    ),
    "a listed file no photo uses": (
        lambda: archive_of(document_3(files=[file_json(DATA)]), (file_json(DATA)["path"], DATA)),
        "a file no photo uses",
    ),
    "a reaction on an entry that exists nowhere": (
        lambda: v3_with(reactions=[reaction_json(str(uuid.uuid4()))]),
        "neither the archive nor this household has",
    ),
    "two reactions of one partner on one entry": (
        lambda: with_reactions({}, {"sign": "hug"}),
        "a second sign of one partner on one entry",
    ),
    "a reaction of a partner the archive does not have": (
        lambda: with_reactions({"partner_id": str(uuid.uuid4())}),
        "names a partner the archive does not have",
    ),
    "a sign this version does not know": (
        lambda: with_reactions({"sign": "thumbs_down"}),
        "“sign” this version does not know",
    ),
    "a zip member with a hostile name": (
        lambda: with_photo(path="files/photos/../../../etc/evil.jpg"),
        "climbs out",
    ),
    "a photo's suffix that is a path": (
        lambda: v3_with(
            entries=[(m := memory_json())],
            photos=[photo_json(m["id"], DATA, suffix="../x")],
        ),
        "“suffix” that is not",
    ),
    "a birthday of nobody": (
        lambda: v3_with(special_days=[day_json(kind="birthday")]),
        "only a birthday names one of you",
    ),
    "an answer on an entry that is not a prompt": (
        lambda: v3_with(
            entries=[(n := note_json(kept=False, read_at=None))],
            prompt_answers=[answer_json(n["id"])],
        ),
        "not a prompt",
    ),
    "a version-3 entry without read_at": (
        lambda: v3_with(entries=[note_json(kept=False)]),
        "has no “read_at”",
    ),
    "version 3's lists in a version-2 archive": (
        lambda: archive_of(document(schema_version=2, entries=[note_json(kept=True)], photos=[])),
        "field this version does not know: “photos”",
    ),
}


def day_json(**changes: Any) -> dict[str, Any]:
    found = {
        "id": str(uuid.uuid4()), "kind": "anniversary", "title": "Our day", "partner_id": None,
        "on_date": "2019-06-01", "yearly": True, "created_at": "2026-11-26T18:30:00+00:00",
        "updated_at": "2026-11-26T18:30:00+00:00", "deleted_at": None, "version": 1,
    }  # fmt: skip
    return {**found, **changes}


def answer_json(entry_id: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()), "entry_id": entry_id, "prompt_key": "smile", "partner_id": SAM,
        "body": "Your laugh", "created_at": "2026-11-26T18:30:00+00:00",
        "updated_at": "2026-11-26T18:30:00+00:00", "deleted_at": None, "version": 1,
    }  # fmt: skip


@pytest.fixture
def ours(made: Households) -> Household:
    """Sam and Alex with a note, in a folder of their own (the refusals leave it as it is)."""
    household = made.new("ours", apart=True)
    kim, lee = household.partners.setup(["Sam", "Alex"])
    household.entries.add(Draft.note(kim.id, "Ours, not to be touched", lee.id))
    return household


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_a_hostile_version_3_archive_is_refused_and_changes_nothing(
    ours: Household, tmp_path: Path, case: str
) -> None:
    build, words = HOSTILE[case]

    message = refused(ours, tmp_path, build())

    assert words in message
    assert library_files(ours) == {}


def test_the_sound_archive_the_hostile_ones_start_from_is_imported(
    ours: Household, tmp_path: Path
) -> None:
    path = tmp_path / "sound.zip"
    path.write_bytes(with_photo())

    report = ours.transfer.import_from(path)

    assert (report.entries_added, report.photos_added) == (1, 1)
    assert list(library_files(ours).values()) == [DATA]


def test_a_reaction_on_an_entry_this_household_has_comes_in(
    ours: Household, tmp_path: Path
) -> None:
    (note_id,) = content(ours).entries
    path = tmp_path / "sign.zip"
    path.write_bytes(v3_with(entries=[], reactions=[reaction_json(str(note_id))]))

    report = ours.transfer.import_from(path)

    assert report.reactions_added == 1


def test_an_archive_with_photos_is_refused_where_there_is_no_library(
    ours: Household, tmp_path: Path
) -> None:
    ours.transfer.photo_folder = None
    path = tmp_path / "sound.zip"
    path.write_bytes(with_photo())

    with pytest.raises(ArchiveError, match="no folder to keep them in"):
        ours.transfer.import_from(path)
