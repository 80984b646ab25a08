"""Settings > General > "Share with the other account…": the real sharing, on this
account's own group (which needs no root), and its words in the dialog."""

from __future__ import annotations

import grp
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from closeness_desktop.autostart import XdgAutostart
from closeness_desktop.paths import DATABASE_FILE, PRIVATE_UMASK
from closeness_desktop.rituals.config import RitualSettings
from closeness_desktop.ui.settings_dialog import SettingsDialog
from closeness_desktop.ui.share_dialog import ShareDialog

pytestmark = pytest.mark.skipif(os.name != "posix", reason="groups and setgid folders")


@pytest.fixture(autouse=True)
def restore_umask() -> Iterator[None]:
    """Sharing sets this process's umask for what it creates next; put it back."""
    before = os.umask(PRIVATE_UMASK)
    os.umask(before)
    yield
    os.umask(before)


@pytest.fixture
def household_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "household"
    folder.mkdir(mode=0o700)
    (folder / DATABASE_FILE).write_bytes(b"")
    (folder / DATABASE_FILE).chmod(0o600)
    return folder


def dialog(qtbot: QtBot, folder: Path) -> ShareDialog:
    made = ShareDialog(folder)
    qtbot.addWidget(made)
    return made


def test_sharing_with_a_group_opens_the_folder_to_it_and_says_so(
    qtbot: QtBot, household_dir: Path
) -> None:
    share = dialog(qtbot, household_dir)
    own_group = grp.getgrgid(os.getegid()).gr_name
    share.group.setText(own_group)

    qtbot.mouseClick(share.share_button, Qt.MouseButton.LeftButton)

    assert f"now shared with the group “{own_group}”" in share.answer.text()
    assert share.answer.isVisibleTo(share)
    assert not share.share_button.isEnabled()
    assert household_dir.stat().st_mode & 0o7777 == 0o2770
    assert stat.S_IMODE((household_dir / DATABASE_FILE).stat().st_mode) == 0o660


def test_a_name_that_cannot_be_a_group_is_said_and_nothing_changes(
    qtbot: QtBot, household_dir: Path
) -> None:
    share = dialog(qtbot, household_dir)
    share.group.setText("Our Home!")

    qtbot.mouseClick(share.share_button, Qt.MouseButton.LeftButton)

    assert "cannot be a group name" in share.answer.text()
    assert share.answer.property("role") == "error"
    assert share.share_button.isEnabled()  # try again with a better name
    assert household_dir.stat().st_mode & 0o7777 == 0o700


def test_settings_offer_sharing_only_when_they_know_the_folder(
    qtbot: QtBot, tmp_path: Path, household_dir: Path
) -> None:
    autostart = XdgAutostart(["closeness"], config_home=tmp_path / "config")
    with_folder = SettingsDialog(RitualSettings(), autostart, data_dir=household_dir)
    without = SettingsDialog(RitualSettings(), autostart)
    qtbot.addWidget(with_folder)
    qtbot.addWidget(without)

    assert with_folder.share is not None
    assert with_folder.share.text() == "Share with the other account…"
    assert without.share is None
