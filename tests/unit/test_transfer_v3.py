"""Format version 3 of the archive: photos with their files, special days, reactions,
replies, prompt answers and read receipts go out and come back, on real SQLite files
with a real JPEG, merged by UUID in one undo step; earlier versions still import; hostile
version-3 archives are refused with nothing changed."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from PIL import Image
from sqlalchemy import update

from closeness_desktop.household import Draft, Household, archive_zip
from closeness_desktop.household import transfer as transfer_module
from closeness_desktop.records import ValidationError
from closeness_desktop.store import export as store
from closeness_desktop.store import export_memories as memory_store
from closeness_desktop.store.models import (
    Entry,
    Photo,
    PromptAnswer,
    Reaction,
    Reply,
    SpecialDay,
)
from tests.unit.transfer_archives import (
    BERLIN,
    SCHEMA,
    Households,
    archive_of,
    content,
    document,
    file_json,
    fill,
    note_json,
    partner_json,
)

PHOTO = Path(__file__).parents[1] / "data" / "photos" / "Landscape_1.jpg"
SAM, ALEX = partner_json(0)["id"], partner_json(1)["id"]


def fill_memories(household: Household) -> None:
    """``fill``'s household, and a memory with a photo (a real JPEG in the photo folder, also
    shown by a second memory), two special days, a sign and a reply on a read note, and
    a prompt both answered."""
    fill(household)
    sam, alex = household.partners.named("Sam").id, household.partners.named("Alex").id
    sunset = household.entries.add(Draft.memory(alex, "Sunset", date(2026, 8, 2), BERLIN))
    again = household.entries.add(Draft.memory(sam, "The same sunset", date(2026, 8, 3), BERLIN))
    note = household.entries.add(Draft.note(sam, "Dinner was lovely", alex))
    data = PHOTO.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    photo_folder = household.transfer.photo_folder
    assert photo_folder is not None
    photo_folder.keep(sha256, "jpg", data)
    with Image.open(PHOTO) as image:
        width, height = image.size
    now = household.clock.now()
    times = {"created_at": now, "updated_at": now}
    with household.database.writing() as session:
        prompt = Entry(
            kind="prompt", author_id=sam, title="What made you smile?", occurred_at=now, **times
        )
        session.add(prompt)
        session.flush()
        prompt_id = prompt.id
        photo = {"sha256": sha256, "suffix": "jpg", "width": width, "height": height}
        session.add_all([
            Photo(entry_id=sunset.id, position=0, name="Landscape 1.jpg", size=len(data),
                  **photo, **times),
            Photo(entry_id=again.id, position=0, name="sunset.jpg", size=len(data), **photo,
                  **times, deleted_at=now),
            SpecialDay(kind="birthday", title="Sam's birthday", partner_id=sam,
                       on_date=date(1990, 5, 17), yearly=True, **times),
            SpecialDay(kind="anniversary", title="Our anniversary", on_date=date(2019, 6, 1),
                       yearly=True, **times),
            Reaction(entry_id=note.id, partner_id=alex, sign="heart", seen_at=now, **times),
            Reply(entry_id=note.id, author_id=alex, body="It was ❤", **times),
            PromptAnswer(entry_id=prompt_id, prompt_key="smile", partner_id=sam,
                         body="Your laugh", **times),
            PromptAnswer(entry_id=prompt_id, prompt_key="smile", partner_id=alex,
                         body="Our walk", **times),
        ])  # fmt: skip
        session.execute(update(Entry).where(Entry.id == note.id).values(read_at=now))


@pytest.fixture
def rich(made: Households) -> Household:
    household = made.new("rich", apart=True)
    fill_memories(household)
    return household


@pytest.fixture
def rich_archive(rich: Household, tmp_path: Path) -> Path:
    path = tmp_path / "rich.zip"
    rich.transfer.export_to(path)
    return path


def library_files(household: Household) -> dict[str, bytes]:
    photo_folder = household.transfer.photo_folder
    assert photo_folder is not None
    return {found.path.name: found.path.read_bytes() for found in photo_folder.files()}


def test_everything_of_version_3_comes_back_into_a_new_household(
    rich: Household, rich_archive: Path, made: Households
) -> None:
    target = made.new("target", apart=True)

    report = target.transfer.import_from(rich_archive)

    assert content(target) == content(rich)
    assert library_files(target) == library_files(rich) != {}
    assert (report.photos_added, report.days_added, report.reactions_added) == (2, 2, 1)
    assert (report.replies_added, report.answers_added) == (1, 2)
    assert "2 photos, 2 special days, 1 reply, 1 sign on an entry, 2 answers to prompts" in (
        report.summary()
    )
    note = next(e for e in content(target).entries.values() if e.body == "Dinner was lovely")
    assert note.read_at is not None


def test_the_archive_carries_each_photo_file_once_and_matches_its_schema(
    rich_archive: Path,
) -> None:
    with zipfile.ZipFile(rich_archive) as archive:
        names = archive.namelist()
        document = json.loads(archive.read("closeness.json"))
        sha256 = hashlib.sha256(PHOTO.read_bytes()).hexdigest()
        assert archive.read(f"files/photos/{sha256}.jpg") == PHOTO.read_bytes()
    assert sorted(names) == ["closeness.json", f"files/photos/{sha256}.jpg"]
    assert document["schema_version"] == 4
    assert document["files"] == [file_json(PHOTO.read_bytes())]
    assert [len(document[key]) for key in ("photos", "special_days", "reactions")] == [2, 2, 1]
    assert [len(document[key]) for key in ("replies", "prompt_answers")] == [1, 2]
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)


def test_into_a_household_of_its_own_it_merges_by_uuid_in_one_undo_step(
    rich: Household, rich_archive: Path, made: Households
) -> None:
    target = made.new("ours", apart=True)
    sam, alex = target.partners.setup(["Sam", "Alex"])  # other UUIDs, the same names

    report = target.transfer.import_from(rich_archive)

    with target.database.reading() as session:
        reaction = memory_store.rows(session, store.ReactionRow)[0]
        days = memory_store.rows(session, store.SpecialDayRow)
    birthday = next(day for day in days if day.kind == "birthday")
    assert (reaction.partner_id, birthday.partner_id) == (alex.id, sam.id)
    assert report.summary().startswith("Imported 11 entries")
    assert target.history.undo_text() == "import 11 entries"

    target.history.undo()

    memories = content(target).memories
    assert all(row.deleted_at is not None for table in memories for row in table)
    target.history.redo()
    live = [[row for row in table if row.deleted_at is None] for table in content(target).memories]
    assert [len(table) for table in live] == [1, 2, 1, 1, 2]  # one photo was in the trash


def test_importing_again_overwrites_nothing_and_adds_nothing(
    rich_archive: Path, made: Households
) -> None:
    target = made.new("target", apart=True)
    target.transfer.import_from(rich_archive)
    with target.database.writing() as session:
        session.execute(update(Reply).values(body="Changed here", version=Reply.version + 1))
    before = content(target)

    report = target.transfer.import_from(rich_archive)

    assert report.added == 0
    assert content(target) == before
    assert before.memories[3][0].body == "Changed here"


def test_a_failed_import_takes_its_new_rows_back_and_leaves_nothing(
    rich_archive: Path, made: Households, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = made.new("target", apart=True)
    target.partners.setup(["Sam", "Alex"])
    before = content(target)
    monkeypatch.setattr(transfer_module, "BATCH", 4)  # the entries over three batches
    real = memory_store.insert_rows

    def fails_on_the_answers(session: Any, rows: Any) -> None:
        if any(isinstance(row, store.AnswerRow) for row in rows):
            raise OSError(28, "No space left on device")
        real(session, rows)

    monkeypatch.setattr(memory_store, "insert_rows", fails_on_the_answers)

    with pytest.raises(OSError, match="No space left"):
        target.transfer.import_from(rich_archive)

    assert content(target) == before
    assert target.history.undo_text() is None


def test_a_photo_whose_file_is_gone_stays_out_of_the_export_and_is_named(
    rich: Household, tmp_path: Path
) -> None:
    photo_folder = rich.transfer.photo_folder
    assert photo_folder is not None
    for found in photo_folder.files():
        found.path.unlink()

    report = rich.transfer.export_to(tmp_path / "without.zip")

    assert report.photos == 0
    assert sorted(report.photos_missing) == ["Landscape 1.jpg", "sunset.jpg"]
    assert "stayed out: their files are missing from the data folder" in report.summary()
    archive = rich.transfer.read(tmp_path / "without.zip")
    assert archive.memories.photos == ()
    assert archive.files == ()


def test_a_version_2_archive_still_imports(made: Households, tmp_path: Path) -> None:
    path = tmp_path / "v2.zip"
    path.write_bytes(archive_of(document(schema_version=2, entries=[note_json(kept=True)])))

    report = made.new().transfer.import_from(path)

    assert (report.entries_added, report.photos_added) == (1, 0)


def test_photos_past_the_fixed_total_still_come_back(
    rich_archive: Path, made: Households, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Photos are stored as they are: what they unpack to is explained by the archive's
    # own size, so a household richer than the fixed allowance is not refused.
    monkeypatch.setattr(archive_zip, "MAX_TOTAL_BYTES", 0)
    target = made.new("target", apart=True)

    report = target.transfer.import_from(rich_archive)

    assert report.photos_added == 2


def test_more_photo_files_than_one_archive_carries_is_refused_before_writing(
    rich: Household, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer_module, "MAX_MEMBERS", 1)
    path = tmp_path / "too-many.zip"

    with pytest.raises(ValidationError, match="more than one archive can carry"):
        rich.transfer.export_to(path)

    assert not path.exists()
