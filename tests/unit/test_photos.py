"""Photos of memories through the household: a real SQLite file and a real photos folder."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from closeness_desktop.clock import FakeClock, SystemClock
from closeness_desktop.household import (
    Area,
    Change,
    ConflictError,
    Draft,
    Household,
    PartnerInfo,
    ValidationError,
)
from closeness_desktop.household.photos import KEEP_LOCATION
from closeness_desktop.pictures import intake
from closeness_desktop.pictures.photo_folder import PhotoFolder
from closeness_desktop.records import EntryRecord, PhotoInfo, SaveError
from closeness_desktop.store.database import Database

PHOTOS = Path(__file__).parent.parent / "data" / "photos"
GPS_IFD = 0x8825


def memory(household: Household, by: PartnerInfo, title: str = "Lake day") -> EntryRecord:
    zone = household.clock.local_zone()
    return household.entries.add(Draft.memory(by.id, title, date(2026, 7, 14), zone))


def files(data_dir: Path) -> list[str]:
    return sorted(each.sha256 for each in PhotoFolder(data_dir).files())


def changes(household: Household) -> list[Change]:
    seen: list[Change] = []
    household.changed.connect(seen.append)
    return seen


def test_photos_are_added_copied_in_and_announced(
    household: Household, sam: PartnerInfo, data_dir: Path
) -> None:
    lake = memory(household, sam)
    seen = changes(household)
    added = household.photos.add(
        lake.id, [PHOTOS / "Landscape_1.jpg", PHOTOS / "Portrait_6.jpg"], by=sam.id, origin="me"
    )
    assert [photo.name for photo in added] == ["Landscape_1.jpg", "Portrait_6.jpg"]
    assert [photo.position for photo in added] == [0, 1]
    assert [(p.width, p.height) for p in added] == [(1800, 1200), (1200, 1800)]
    assert seen == [Change(frozenset({Area.ENTRIES}), "me", frozenset({lake.id}))]
    assert household.photos.of_entries([lake.id]) == {lake.id: added}
    for photo in added:
        path = household.photos.path_of(photo)
        assert path.is_relative_to(data_dir / "photos")
        assert path.stat().st_size == photo.size
    assert household.history.undo_text() == "add 2 photos"


def test_the_same_photo_is_kept_once_for_two_memories(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, data_dir: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "again.jpg"
    shutil.copy(PHOTOS / "Landscape_1.jpg", copy)
    lake = memory(household, sam)
    hike = memory(household, alex, "Hike")
    first = household.photos.add(lake.id, [PHOTOS / "Landscape_1.jpg", copy], by=sam.id)
    assert len(first) == 1  # the same photo twice in one memory is shown once
    second = household.photos.add(hike.id, [copy], by=alex.id)
    assert second[0].sha256 == first[0].sha256
    assert second[0].name == "again.jpg"
    assert household.photos.path_of(second[0]) == household.photos.path_of(first[0])
    assert files(data_dir) == [first[0].sha256]
    with pytest.raises(ValidationError, match="already in this memory"):
        household.photos.add(lake.id, [copy], by=sam.id)


def test_only_the_author_adds_photos_to_a_memory_and_only_to_a_memory(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, data_dir: Path
) -> None:
    lake = memory(household, sam)
    with pytest.raises(ValidationError, match="Only Sam can change Sam's words"):
        household.photos.add(lake.id, [PHOTOS / "Landscape_1.jpg"], by=alex.id)
    note = household.entries.add(Draft.note(sam.id, "Thinking of you"))
    with pytest.raises(ValidationError, match="Photos go with memories"):
        household.photos.add(note.id, [PHOTOS / "Landscape_1.jpg"], by=sam.id)
    with pytest.raises(ValidationError, match="at least one photo"):
        household.photos.add(lake.id, [], by=sam.id)
    assert household.photos.of_entries([lake.id, note.id]) == {}
    assert files(data_dir) == []


def test_one_refused_file_adds_nothing_and_leaves_no_file(
    household: Household, sam: PartnerInfo, data_dir: Path, tmp_path: Path
) -> None:
    lake = memory(household, sam)
    fake = tmp_path / "notes.jpg"
    fake.write_text("not a photo at all")
    steps = household.history.undo_text()
    with pytest.raises(ValidationError, match=r"“notes\.jpg” is not a photo"):
        household.photos.add(lake.id, [PHOTOS / "Landscape_1.jpg", fake], by=sam.id)
    with pytest.raises(ValidationError, match=r"“gone\.jpg” is not there any more"):
        household.photos.add(lake.id, [tmp_path / "gone.jpg"], by=sam.id)
    assert household.photos.of_entries([lake.id]) == {}
    assert files(data_dir) == []  # the copy made for the first one went again
    assert household.history.undo_text() == steps


def test_a_memory_trashed_elsewhere_meanwhile_keeps_no_copy(
    household: Household,
    sam: PartnerInfo,
    data_dir: Path,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lake = memory(household, sam)
    other = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    real = intake.take_in

    def and_meanwhile(path: Path, *, keep_location: bool) -> intake.Prepared:
        other.entries.delete(lake.id)  # the other window, while the photo is read
        return real(path, keep_location=keep_location)

    monkeypatch.setattr(intake, "take_in", and_meanwhile)
    try:
        with pytest.raises(ValidationError, match="in the trash"):
            household.photos.add(lake.id, [PHOTOS / "Landscape_1.jpg"], by=sam.id)
    finally:
        other.close()
    assert files(data_dir) == []


def test_a_photos_folder_that_cannot_be_written_is_a_save_error(
    household: Household, sam: PartnerInfo, data_dir: Path
) -> None:
    lake = memory(household, sam)
    (data_dir / "photos").write_text("a file where the folder should be")
    with pytest.raises(SaveError, match=r"^the photos folder could not be written \("):
        household.photos.add(lake.id, [PHOTOS / "Landscape_1.jpg"], by=sam.id)
    assert household.photos.of_entries([lake.id]) == {}


def test_hostile_names_stay_captions_and_never_paths(
    household: Household, sam: PartnerInfo, data_dir: Path, tmp_path: Path
) -> None:
    lake = memory(household, sam)
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    shutil.copy(PHOTOS / "Landscape_1.jpg", deep / "passwd.jpg")
    hostile = deep / ".." / ".." / "a" / "b" / "passwd.jpg"
    newline = tmp_path / "our\nfirst\nday.jpg"
    shutil.copy(PHOTOS / "Portrait_6.jpg", newline)
    added = household.photos.add(lake.id, [hostile, newline], by=sam.id)
    assert [photo.name for photo in added] == ["passwd.jpg", "our first day.jpg"]
    for photo in added:
        assert household.photos.path_of(photo).parent.parent == data_dir / "photos"


def test_a_memory_and_its_photos_are_one_undo_step(
    household: Household, sam: PartnerInfo, data_dir: Path
) -> None:
    zone = household.clock.local_zone()
    draft = Draft.memory(sam.id, "Our first flat", date(2019, 4, 1), zone, place="Leipzig")
    seen = changes(household)
    record, added = household.photos.add_memory(
        draft, [PHOTOS / "Landscape_6.jpg", PHOTOS / "Landscape_8.jpg"], origin="cli"
    )
    assert [photo.entry_id for photo in added] == [record.id, record.id]
    assert seen == [Change(frozenset({Area.ENTRIES}), "cli", frozenset({record.id}))]
    assert household.history.undo_text() == "add memory"
    household.history.undo()
    assert household.entries.get(record.id).deleted_at is not None
    assert household.history.redo_text() == "add memory"
    household.history.redo()
    assert household.entries.get(record.id).deleted_at is None
    assert household.photos.of_entries([record.id]) == {record.id: added}


def test_a_memory_with_a_refused_photo_is_not_written(
    household: Household, sam: PartnerInfo, tmp_path: Path
) -> None:
    zone = household.clock.local_zone()
    draft = Draft.memory(sam.id, "Lost photos", date(2020, 1, 1), zone)
    with pytest.raises(ValidationError, match="not there any more"):
        household.photos.add_memory(draft, [tmp_path / "missing.jpg"])
    assert household.entries.count() == 0
    with pytest.raises(ValidationError, match="Photos go with memories"):
        household.photos.add_memory(Draft.note(sam.id, "hi"), [])


def test_removing_a_photo_is_undone_and_only_by_the_author(
    household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    lake = memory(household, sam)
    photo, other = household.photos.add(
        lake.id, [PHOTOS / "Landscape_1.jpg", PHOTOS / "Portrait_6.jpg"], by=sam.id
    )
    with pytest.raises(ValidationError, match="Only Sam"):
        household.photos.remove(photo.id, by=alex.id)
    household.photos.remove(photo.id, by=sam.id)
    assert household.photos.of_entries([lake.id]) == {lake.id: [other]}
    assert household.history.undo_text() == "remove photo"
    household.history.undo()
    assert [p.id for p in household.photos.of_entries([lake.id])[lake.id]] == [photo.id, other.id]
    household.history.undo()  # the add itself
    assert household.photos.of_entries([lake.id]) == {}
    household.history.redo()
    assert len(household.photos.of_entries([lake.id])[lake.id]) == 2


def test_an_undo_over_a_removal_from_elsewhere_asks_first(
    household: Household, sam: PartnerInfo, data_dir: Path, clock: FakeClock
) -> None:
    lake = memory(household, sam)
    (photo,) = household.photos.add(lake.id, [PHOTOS / "Landscape_1.jpg"], by=sam.id)
    other = Household.open(f"sqlite:///{data_dir / 'closeness.sqlite3'}", clock)
    try:
        other.photos.remove(photo.id)
    finally:
        other.close()
    with pytest.raises(ConflictError, match="changed elsewhere"):
        household.history.undo()
    household.history.undo(force=True)
    assert household.photos.of_entries([lake.id]) == {}


def test_location_is_stripped_unless_the_couple_keeps_it(
    household: Household, sam: PartnerInfo
) -> None:
    lake = memory(household, sam)
    (plain,) = household.photos.add(lake.id, [PHOTOS / "pug.heic"], by=sam.id)
    with Image.open(household.photos.path_of(plain)) as image:
        assert not image.getexif().get_ifd(GPS_IFD)
    assert plain.taken_at is not None
    assert plain.taken_at.isoformat() == "2023-02-21T11:33:08+00:00"
    setting = household.settings.read(KEEP_LOCATION)
    household.settings.write(KEEP_LOCATION, True, setting.version)
    assert household.photos.keeps_location()
    hike = memory(household, sam, "Hike")
    (kept,) = household.photos.add(hike.id, [PHOTOS / "pug.heic"], by=sam.id)
    assert kept.sha256 != plain.sha256
    with Image.open(household.photos.path_of(kept)) as image:
        assert image.getexif().get_ifd(GPS_IFD)


def test_thumbnails_of_a_photo_are_upright_and_cached(
    household: Household, sam: PartnerInfo, data_dir: Path
) -> None:
    lake = memory(household, sam)
    (photo,) = household.photos.add(lake.id, [PHOTOS / "Landscape_6.jpg"], by=sam.id)
    made = household.photos.thumbnail(photo, 256)
    assert made.parent == data_dir / "photos" / "thumbnails" / "256"
    with Image.open(made) as image:
        assert image.size == (256, 171)
    when = made.stat().st_mtime_ns
    assert household.photos.thumbnail(photo, 256).stat().st_mtime_ns == when
    assert files(data_dir) == [photo.sha256]  # a thumbnail is not a photo file


def test_a_thumbnail_of_a_lost_file_says_which_photo(
    household: Household, sam: PartnerInfo
) -> None:
    lake = memory(household, sam)
    (photo,) = household.photos.add(lake.id, [PHOTOS / "Portrait_6.jpg"], by=sam.id)
    household.photos.path_of(photo).unlink()
    with pytest.raises(ValidationError, match=r"^“Portrait_6\.jpg” is not there any more\.$"):
        household.photos.thumbnail(photo, 128)


def test_a_deleted_memory_takes_its_photos_to_the_trash_and_back(
    household: Household, sam: PartnerInfo
) -> None:
    lake = memory(household, sam)
    added = household.photos.add(lake.id, [PHOTOS / "Landscape_1.jpg"], by=sam.id)
    household.entries.delete(lake.id, by=sam.id)
    with pytest.raises(ValidationError, match="in the trash"):
        household.photos.add(lake.id, [PHOTOS / "Portrait_6.jpg"], by=sam.id)
    household.entries.restore(lake.id)
    assert household.photos.of_entries([lake.id]) == {lake.id: added}


def test_emptying_the_trash_removes_only_files_nothing_else_uses(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, data_dir: Path
) -> None:
    lake = memory(household, sam)
    hike = memory(household, alex, "Hike")
    shared, alone = household.photos.add(
        lake.id, [PHOTOS / "Landscape_1.jpg", PHOTOS / "Portrait_6.jpg"], by=sam.id
    )
    household.photos.add(hike.id, [PHOTOS / "Landscape_1.jpg"], by=alex.id)
    household.photos.thumbnail(alone, 64)
    household.entries.delete(lake.id, by=sam.id)
    assert sorted(files(data_dir)) == sorted([shared.sha256, alone.sha256])  # in the trash
    assert household.entries.delete_forever(None) == 1
    assert files(data_dir) == [shared.sha256]
    assert not any((data_dir / "photos" / "thumbnails").rglob(f"{alone.sha256}.jpg"))
    assert household.photos.check().sound


def test_a_photo_taken_off_keeps_its_file_until_its_memory_goes(
    household: Household, sam: PartnerInfo, data_dir: Path
) -> None:
    lake = memory(household, sam)
    (photo,) = household.photos.add(lake.id, [PHOTOS / "Landscape_1.jpg"], by=sam.id)
    household.photos.remove(photo.id, by=sam.id)
    assert household.photos.tidy() == 0  # Undo may still bring it back
    assert files(data_dir) == [photo.sha256]
    household.entries.delete(lake.id, by=sam.id)
    household.entries.delete_forever([lake.id])
    assert files(data_dir) == []


def test_the_check_finds_an_orphan_file_and_a_missing_one_and_says_so(
    household: Household, sam: PartnerInfo, data_dir: Path
) -> None:
    lake = memory(household, sam)
    assert household.photos.check().words() == (
        "No photos yet, and nothing stray in the photos folder."
    )
    kept, lost = household.photos.add(
        lake.id, [PHOTOS / "Landscape_1.jpg", PHOTOS / "Portrait_6.jpg"], by=sam.id
    )
    assert household.photos.check().words() == "All 2 photos are in place."
    household.photos.path_of(lost).unlink()
    stray = PhotoFolder(data_dir)
    orphan = "ab" * 32
    stray.keep(orphan, "png", b"\x89PNG not really")
    found = household.photos.check()
    assert not found.sound
    assert [use.name for use in found.missing] == ["Portrait_6.jpg"]
    assert [each.sha256 for each in found.unnamed] == [orphan]
    assert found.words() == (
        "1 photo has lost its file: “Portrait_6.jpg”. Add it again, or go back to a backup."
        " 1 file in the photos folder belongs to no memory (1 kB);"
        " emptying the trash removes it."
    )
    assert household.photos.tidy() == 1
    assert files(data_dir) == [kept.sha256]


def test_photos_of_a_page_are_read_in_one_go(household: Household, sam: PartnerInfo) -> None:
    ids = [memory(household, sam, f"Day {n}").id for n in range(3)]
    household.photos.add(ids[0], [PHOTOS / "Landscape_1.jpg"], by=sam.id)
    household.photos.add(ids[2], [PHOTOS / "Portrait_6.jpg", PHOTOS / "Landscape_3.jpg"], by=sam.id)
    found = household.photos.of_entries(ids)
    assert sorted(found, key=ids.index) == [ids[0], ids[2]]
    assert [p.name for p in found[ids[2]]] == ["Portrait_6.jpg", "Landscape_3.jpg"]
    assert all(isinstance(p, PhotoInfo) for p in found[ids[0]])


def test_a_household_in_memory_keeps_no_photos(clock: FakeClock) -> None:
    household = Household(Database.open("sqlite://"), clock)
    try:
        household.partners.setup(["Sam", "Alex"])
        lake = memory(household, household.partners.named("Sam"))
        with pytest.raises(ValidationError, match="no folder to keep photos"):
            household.photos.add(lake.id, [PHOTOS / "Landscape_1.jpg"])
        assert household.photos.check().words().startswith("This household keeps no photos")
    finally:
        household.close()


def test_another_engine_keeps_photos_in_the_given_data_folder(tmp_path: Path) -> None:
    from closeness_desktop.household.photo_files import folder_of

    database = Database.open("sqlite://")
    try:
        assert folder_of(database, tmp_path) == tmp_path
        assert folder_of(database, None) is None
    finally:
        database.close()
    on_disk = Household.open(f"sqlite:///{tmp_path / 'x' / 'c.sqlite3'}", SystemClock())
    try:
        assert on_disk.photos.photo_folder is not None
        assert on_disk.photos.photo_folder.root == (tmp_path / "x" / "photos").resolve()
    finally:
        on_disk.close()


def test_stored_copies_decode_as_what_they_say(household: Household, sam: PartnerInfo) -> None:
    lake = memory(household, sam)
    (photo,) = household.photos.add(lake.id, [PHOTOS / "L_exif_xmp_iptc.heic"], by=sam.id)
    data = household.photos.path_of(photo).read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("JPEG", (photo.width, photo.height))


def test_photos_prepared_first_are_added_as_one_memory(
    household: Household, sam: PartnerInfo
) -> None:
    taken = household.photos.prepare([PHOTOS / "Landscape_1.jpg", PHOTOS / "Landscape_6.jpg"])
    assert len(household.photos.check().unnamed) == 2  # kept, but nothing names them yet
    record, added = household.photos.add_memory(
        Draft.memory(sam.id, "The lake", date(2019, 8, 12), household.clock.local_zone()),
        prepared=taken,
    )
    assert [photo.name for photo in added] == ["Landscape_1.jpg", "Landscape_6.jpg"]
    assert household.photos.of_entries([record.id])[record.id] == added
    assert household.photos.check().sound


def test_opening_a_household_does_not_import_pillow() -> None:
    # Start-up opens the household before the first page: Pillow (about 15 ms to import)
    # waits until a photo is first read.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import closeness_desktop.household\n"
        "assert 'PIL' not in sys.modules, 'Pillow imported with the household'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
