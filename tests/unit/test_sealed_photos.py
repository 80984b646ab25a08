"""Photos of private memories are sealed: no plain copy anywhere in the data folder, opened
only under the owner's key, thumbnails in memory, tidy and check as for any photo, and out
and back through an archive; real SQLite files, real Pillow and real Argon2id."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from closeness_desktop.household import Draft, Household, PartnerInfo, ValidationError
from closeness_desktop.household.archive_fields import ArchiveError
from closeness_desktop.household.sealed_photos import SUFFIX
from closeness_desktop.records import EntryRecord, PhotoInfo
from tests.unit.transfer_archives import Households

PHOTOS = Path(__file__).parent.parent / "data" / "photos"
ORIGINALS = [PHOTOS / "Landscape_1.jpg", PHOTOS / "Portrait_6.jpg"]
PASSPHRASE = "correct horse battery"


def private_memory(household: Household, by: PartnerInfo, title: str = "Just us") -> Draft:
    zone = household.clock.local_zone()
    return replace(Draft.memory(by.id, title, date(2026, 7, 14), zone), private=True)


@pytest.fixture
def sealed(household: Household, sam: PartnerInfo) -> tuple[EntryRecord, list[PhotoInfo]]:
    household.privacy.set_lock(sam.id, PASSPHRASE)
    return household.photos.add_memory(private_memory(household, sam), ORIGINALS)


def every_file(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_a_private_memorys_photos_leave_no_plain_copy_in_the_data_folder(
    household: Household, sealed: tuple[EntryRecord, list[PhotoInfo]], data_dir: Path
) -> None:
    _memory, photos = sealed
    assert [photo.sealed for photo in photos] == [True, True]
    assert {(p.suffix, p.name, p.taken_at) for p in photos} == {(SUFFIX, "", None)}
    assert [(p.width, p.height) for p in photos] == [(1800, 1200), (1200, 1800)]
    kept = every_file(data_dir)
    names = " ".join(path.name for path in kept)
    for original in ORIGINALS:
        data = original.read_bytes()
        middle = data[len(data) // 2 : len(data) // 2 + 64]
        assert hashlib.sha256(data).hexdigest() not in names
        for path in kept:
            assert middle not in path.read_bytes(), path.name
    for photo in photos:
        path = household.photos.path_of(photo)
        assert path.name == f"{photo.sha256}.{SUFFIX}"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == photo.sha256
        assert path.stat().st_size == photo.size


def test_a_sealed_photo_opens_for_its_owner_and_its_thumbnail_stays_in_memory(
    household: Household, sealed: tuple[EntryRecord, list[PhotoInfo]], data_dir: Path
) -> None:
    _memory, (first, second) = sealed
    with Image.open(io.BytesIO(household.photos.image_bytes(first))) as image:
        assert image.size == (1800, 1200)
    small = household.photos.thumbnail_bytes(second, 64)
    with Image.open(io.BytesIO(small)) as image:
        assert (image.format, max(image.size)) == ("JPEG", 64)
    assert not (data_dir / "photos" / "thumbnails").exists()
    with pytest.raises(ValidationError, match="no thumbnail on disk"):
        household.photos.thumbnail(first, 64)


def test_a_sealed_photo_is_refused_in_words_while_its_owner_is_locked(
    household: Household, sealed: tuple[EntryRecord, list[PhotoInfo]]
) -> None:
    _memory, (photo, _other) = sealed
    household.privacy.lock()
    with pytest.raises(ValidationError, match="locked: unlock it to see it"):
        household.photos.image_bytes(photo)
    with pytest.raises(ValidationError, match="locked: unlock it to see it"):
        household.photos.thumbnail_bytes(photo, 64)


def test_photos_for_a_private_memory_need_its_author_unlocked(
    household: Household, sam: PartnerInfo, data_dir: Path
) -> None:
    household.privacy.set_lock(sam.id, PASSPHRASE)
    household.privacy.lock()
    with pytest.raises(ValidationError, match="Unlock your private corner first"):
        household.photos.prepare(ORIGINALS, sealed_for=sam.id)
    assert every_file(data_dir / "photos") == []


def test_plain_photos_go_on_no_private_memory_and_sealed_ones_on_no_shared_one(
    household: Household, sam: PartnerInfo, sealed: tuple[EntryRecord, list[PhotoInfo]]
) -> None:
    memory, _photos = sealed
    plain = household.photos.prepare(ORIGINALS[:1])
    with pytest.raises(ValidationError, match="this memory is private"):
        household.photos.add(memory.id, prepared=plain, by=sam.id)
    with pytest.raises(ValidationError, match="this memory is private"):
        household.photos.add_memory(private_memory(household, sam, "Again"), prepared=plain)
    for_private = household.photos.prepare(ORIGINALS[:1], sealed_for=sam.id)
    zone = household.clock.local_zone()
    shared = Draft.memory(sam.id, "Shared", date(2026, 7, 15), zone)
    with pytest.raises(ValidationError, match="this memory is shared"):
        household.photos.add_memory(shared, prepared=for_private)
    added = household.photos.add(memory.id, ORIGINALS[:1], by=sam.id)
    assert added[0].sealed  # each seal differs: the same photo is kept again, sealed again
    assert len(household.photos.of_entries([memory.id])[memory.id]) == 3


def test_a_memory_with_photos_keeps_its_privacy_on_edit(
    household: Household, sam: PartnerInfo, sealed: tuple[EntryRecord, list[PhotoInfo]]
) -> None:
    memory, _photos = sealed
    shared_again = replace(private_memory(household, sam), private=False)
    with pytest.raises(ValidationError, match="take its photos off first, or keep it as it is"):
        household.entries.edit(memory.id, shared_again, memory.version, by=sam.id)
    assert household.entries.get(memory.id).private_to == sam.id


def test_a_sealed_photo_is_checked_and_tidied_like_any_other(
    household: Household, sam: PartnerInfo, sealed: tuple[EntryRecord, list[PhotoInfo]]
) -> None:
    memory, _photos = sealed
    check = household.photos.check()
    assert check.sound
    assert check.words() == "All 2 photos are in place."
    assert household.photos.tidy() == 0
    household.entries.delete(memory.id, by=sam.id)
    assert household.entries.delete_forever(None) == 1
    assert every_file(household.photos.photo_folder.root) == []  # type: ignore[union-attr]


def test_sealed_photos_travel_sealed_and_open_with_the_same_passphrase(
    household: Household, sealed: tuple[EntryRecord, list[PhotoInfo]], made: Households,
    tmp_path: Path,
) -> None:  # fmt: skip
    memory, photos = sealed
    archive = tmp_path / "private.zip"
    household.transfer.export_to(archive)
    target = made.new("target", apart=True)

    target.transfer.import_from(archive)

    owner = target.partners.named("Sam").id
    target.privacy.unlock(owner, PASSPHRASE)
    arrived = target.photos.of_entries([memory.id])[memory.id]
    assert [photo.sealed for photo in arrived] == [True, True]
    for photo, came in zip(photos, arrived, strict=True):
        assert target.photos.image_bytes(came) == household.photos.image_bytes(photo)


def test_an_archive_with_a_sealed_photo_on_a_shared_memory_is_refused_in_words(
    household: Household, sam: PartnerInfo, made: Households, tmp_path: Path
) -> None:
    zone = household.clock.local_zone()
    shared = Draft.memory(sam.id, "Lake day", date(2026, 7, 14), zone)
    household.photos.add_memory(shared, ORIGINALS[:1])
    archive = tmp_path / "shared.zip"
    household.transfer.export_to(archive)
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(changed, "w") as out:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "closeness.json":
                document = json.loads(data)
                document["photos"][0]["sealed"] = True
                data = json.dumps(document).encode()
            out.writestr(member, data)

    with pytest.raises(ArchiveError, match="is sealed, but its entry is not private"):
        made.new("target", apart=True).transfer.import_from(changed)
