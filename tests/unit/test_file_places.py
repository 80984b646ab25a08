"""File dialogs start in Documents when it exists, else at home: never "Documents" typed in
as a file name (what Qt's Open dialog does with a folder that does not exist)."""

from __future__ import annotations

from pathlib import Path

import pytest

from closeness_desktop.ui.file_places import starting_folder, suggested_file


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "someone"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


def test_without_a_documents_folder_dialogs_start_at_home(home: Path) -> None:
    assert starting_folder() == home
    assert suggested_file("Our year 2026.pdf") == str(home / "Our year 2026.pdf")


def test_with_a_documents_folder_dialogs_start_there(home: Path) -> None:
    (home / "Documents").mkdir()

    assert starting_folder() == home / "Documents"
    assert suggested_file("dates.ics") == str(home / "Documents" / "dates.ics")
