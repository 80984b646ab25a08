"""``closeness memory`` with photos, ``list --json`` with them, ``check`` on them: in-process."""

from __future__ import annotations

import getpass
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from closeness_desktop.pictures.photo_folder import PhotoFolder
from tests.unit.cli_runner import Run

PHOTOS = Path(__file__).parent.parent / "data" / "photos"


@pytest.fixture
def folder(cli_folder: Path) -> Path:
    return cli_folder


def listed(run: Run, folder: Path) -> list[dict[str, object]]:
    code, out, err = run("list", "--data-dir", str(folder), "--json")
    assert (code, err) == (0, "")
    return [json.loads(line) for line in out.splitlines()]


def test_a_memory_with_photos_from_an_old_folder(run: Run, folder: Path, tmp_path: Path) -> None:
    album = tmp_path / "2019 Lake"
    album.mkdir()
    for name in ("Landscape_1.jpg", "Portrait_6.jpg", "pug.heic"):
        shutil.copy(PHOTOS / name, album / name)
    code, out, err = run(
        "memory", "Lake day", "--on", "2019-07-14", "--place", "Wannsee",
        "--text", "We swam until the sun went down.", "--photo", *map(str, sorted(album.iterdir())),
        "--data-dir", str(folder),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.strip() == "Kept the memory “Lake day” of 14 July 2019, with 3 photos."
    (entry,) = listed(run, folder)
    assert (entry["kind"], entry["title"], entry["place"]) == ("memory", "Lake day", "Wannsee")
    photos = entry["photos"]
    assert isinstance(photos, list)
    assert [photo["name"] for photo in photos] == ["Landscape_1.jpg", "Portrait_6.jpg", "pug.heic"]
    plain = hashlib.sha256((PHOTOS / "Landscape_1.jpg").read_bytes()).hexdigest()
    assert photos[0]["sha256"] == plain  # upright and without location: kept as it was
    assert photos[2]["type"] == "jpg"
    assert sorted(each.sha256 for each in PhotoFolder(folder).files()) == sorted(
        photo["sha256"] for photo in photos
    )


def test_a_memory_without_photos_and_the_same_photo_twice(run: Run, folder: Path) -> None:
    code, out, _ = run("memory", "First date", "--on", "2018-03-02", "--data-dir", str(folder))
    assert (code, out.strip()) == (0, "Kept the memory “First date” of 2 March 2018.")
    one = str(PHOTOS / "Landscape_1.jpg")
    code, out, _ = run(
        "memory", "Again", "--on", "2018-03-03", "--photo", one, "--photo", one,
        "--data-dir", str(folder),
    )  # fmt: skip
    assert (code, out.strip()) == (0, "Kept the memory “Again” of 3 March 2018, with 1 photo.")
    assert [len(entry["photos"]) for entry in listed(run, folder)] == [1, 0]  # type: ignore[arg-type]


def test_a_photo_that_cannot_be_read_keeps_nothing(run: Run, folder: Path, tmp_path: Path) -> None:
    fake = tmp_path / "menu.jpg"
    fake.write_text("soup of the day")
    code, out, err = run(
        "memory", "Dinner", "--on", "2020-02-14", "--photo", str(PHOTOS / "Landscape_1.jpg"),
        str(fake), "--data-dir", str(folder),
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == (
        "closeness: “menu.jpg” is not a photo Closeness can read (JPEG, PNG, WebP, GIF or HEIC).\n"
    )
    code, _, err = run(
        "memory", "Dinner", "--on", "2020-02-14", "--photo", str(tmp_path / "nowhere.jpg"),
        "--data-dir", str(folder),
    )  # fmt: skip
    assert code == 1
    assert "“nowhere.jpg” is not there any more" in err
    assert listed(run, folder) == []
    assert PhotoFolder(folder).files() == []


def test_a_hostile_name_is_said_on_one_line(run: Run, folder: Path, tmp_path: Path) -> None:
    odd = tmp_path / "a\nfake line.jpg"
    odd.write_bytes(b"GIF89a but not really")
    code, _, err = run(
        "memory", "Odd", "--on", "2020-02-14", "--photo", str(odd), "--data-dir", str(folder)
    )
    assert code == 1
    assert err.count("\n") == 1
    assert "“a fake line.jpg”" in err


def test_bad_dates_and_missing_arguments_are_said(run: Run, folder: Path) -> None:
    code, _, err = run("memory", "Oops", "--on", "2019-02-29", "--data-dir", str(folder))
    assert code == 2
    assert "“2019-02-29” is not a real date" in err
    code, _, err = run("memory", "Oops", "--data-dir", str(folder))
    assert code == 2
    assert "--on" in err
    code, _, err = run("memory", " ", "--on", "2019-02-28", "--data-dir", str(folder))
    assert code == 1
    assert err.startswith("closeness: ")


def test_a_memory_for_someone_else_and_nobody_linked(
    run: Run, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, _ = run(
        "memory", "Alex's trip", "--on", "2021-05-01", "--from", "Alex", "--data-dir", str(folder)
    )
    assert code == 0
    assert listed(run, folder)[0]["author"] == "Alex"
    monkeypatch.setattr(getpass, "getuser", lambda: "someone-else")
    code, _, err = run("memory", "Whose?", "--on", "2021-05-02", "--data-dir", str(folder))
    assert code == 1
    assert "whose memory is it? add --from Sam or Alex" in err


def test_check_reports_photos_in_words(run: Run, folder: Path) -> None:
    run("memory", "Lake", "--on", "2019-07-14", "--photo", str(PHOTOS / "Landscape_1.jpg"),
        str(PHOTOS / "Portrait_6.jpg"), "--data-dir", str(folder))  # fmt: skip
    code, out, err = run("check", "--data-dir", str(folder))
    assert (code, err) == (0, "")
    assert "All 2 photos are in place." in out
    photo_folder = PhotoFolder(folder)
    portrait = listed(run, folder)[0]["photos"][1]  # type: ignore[index]
    photo_folder.path_of(portrait["sha256"], portrait["type"]).unlink()
    photo_folder.keep("cd" * 32, "jpg", b"stray")
    code, out, _ = run("check", "--data-dir", str(folder))
    assert code == 0
    assert "1 photo has lost its file: “Portrait_6.jpg”." in out
    assert "1 file in the photos folder belongs to no memory" in out


def test_check_writes_nothing_beside_a_household_with_photos(run: Run, folder: Path) -> None:
    run("memory", "Lake", "--on", "2019-07-14", "--photo", str(PHOTOS / "Landscape_1.jpg"),
        "--data-dir", str(folder))  # fmt: skip
    before = sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))
    code, out, _ = run("check", "--data-dir", str(folder))
    assert code == 0
    assert "The one photo is in place." in out
    assert sorted(str(path.relative_to(folder)) for path in folder.rglob("*")) == before
