"""``closeness import FILE``: a refused archive leaves the data folder as it was (no
database, no -wal or -shm, no backups folder), in one line and a non-zero exit."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.unit.cli_runner import Run
from tests.unit.test_cli import assert_one_line_error
from tests.unit.transfer_archives import archive_of, document, zip_bytes

REFUSED = {
    "not JSON": (zip_bytes([("closeness.json", b"{not json")]), "is not valid JSON"),
    "zip slip": (archive_of(document(), ("../../evil.sh", b"rm -rf")), "climbs out of it"),
    "not a zip": (b"PK\x03\x04 not really", "is not a zip file"),
    "another format": (archive_of(document(format="other")), "not a Closeness archive"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_refused_archive_leaves_an_empty_data_folder_empty(
    run: Run, tmp_path: Path, data_dir: Path, case: str
) -> None:
    data, words = REFUSED[case]
    file = tmp_path / "archive.zip"
    file.write_bytes(data)

    code, out, err = run("import", "--data-dir", str(data_dir), str(file))

    assert_one_line_error(code, out, err)
    assert words in err
    assert err.endswith("Nothing was imported.\n")
    assert sorted(data_dir.iterdir()) == []


def test_a_refused_archive_creates_no_data_folder(run: Run, tmp_path: Path) -> None:
    file, home = tmp_path / "archive.zip", tmp_path / "nowhere" / "home"
    file.write_bytes(zip_bytes([("closeness.json", b"[]")]))

    code, out, err = run("import", "--data-dir", str(home), str(file))

    assert_one_line_error(code, out, err)
    assert not home.parent.exists()


def test_a_good_archive_still_comes_in_after_the_check(run: Run, tmp_path: Path) -> None:
    file, home = tmp_path / "us.zip", tmp_path / "away"
    file.write_bytes(archive_of(document()))

    assert run("import", "--data-dir", str(home), str(file)) == (
        0, "Welcome back, Sam and Alex. Imported 1 entry.\n", ""
    )  # fmt: skip
    assert zipfile.is_zipfile(file)
    assert (home / "closeness.sqlite3").exists()
