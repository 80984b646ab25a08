"""A private memory's photos in the window: saved sealed from the composer, their card
thumbnails made in memory (nothing new in the thumbnails folder), the viewer and the
composer's strip opening them; real Qt offscreen, real Pillow and real Argon2id."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.records import EntryKind, EntryRecord
from closeness_desktop.ui.composer import KINDS, Composer
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.photo_viewer import PhotoViewer
from tests.ui.test_memory_photos import photos as photos_of
from tests.ui.test_memory_photos import window  # noqa: F401  (a fixture)

PHOTOS = Path(__file__).parents[1] / "data" / "photos"
WAIT_MS = 20_000
PASSPHRASE = "apple tree by the river"


@pytest.fixture(autouse=True)
def sam_unlocked(household: Household, sam: PartnerInfo) -> None:
    """Sam's lock set, and Sam unlocked, before the window (``window``) opens."""
    household.privacy.set_lock(sam.id, PASSPHRASE)


def thumbnail_files(data_dir: Path) -> list[Path]:
    return [path for path in (data_dir / "photos" / "thumbnails").rglob("*") if path.is_file()]


def saved_private_memory(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    household: Household,
) -> EntryRecord:
    composer = Composer(household, author=household.partners.named("Sam").id, parent=window)
    qtbot.addWidget(composer)
    composer._kind_group.button(KINDS.index(EntryKind.MEMORY)).click()
    composer.photos.add_paths([PHOTOS / "Landscape_1.jpg"])
    composer.memory_title.setText("Just the two of us, once")
    composer.privacy.just_for_me.setChecked(True)
    composer.save()
    assert composer.saved is not None, composer.error.text()
    composer.photos.wait()
    return composer.saved


def test_a_private_memory_saved_with_a_photo_shows_it_sealed_and_writes_no_thumbnail(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    household: Household,
    sam: PartnerInfo,
    data_dir: Path,
) -> None:
    before = thumbnail_files(data_dir)

    memory = saved_private_memory(qtbot, window, household)

    assert memory.private_to == sam.id
    photos = photos_of(window)
    qtbot.waitUntil(lambda: len(photos.get(memory.id)) == 1, timeout=WAIT_MS)
    (photo,) = photos.get(memory.id)
    assert photo.sealed
    qtbot.waitUntil(lambda: photos.thumbnail(photo) is not None, timeout=WAIT_MS)
    shown = photos.thumbnail(photo)
    assert shown is not None
    assert max(shown.width(), shown.height()) > 1
    assert thumbnail_files(data_dir) == before
    assert not photos.thumbnails.problems


def test_the_viewer_and_the_composers_strip_open_a_sealed_photo(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    household: Household,
    data_dir: Path,
) -> None:
    memory = saved_private_memory(qtbot, window, household)
    photos = photos_of(window)
    qtbot.waitUntil(lambda: len(photos.get(memory.id)) == 1, timeout=WAIT_MS)

    photos.show(household.entries.get(memory.id), 0)

    viewer = photos.viewer
    assert isinstance(viewer, PhotoViewer)
    qtbot.waitUntil(lambda: viewer._image is not None, timeout=WAIT_MS)
    assert viewer._image is not None
    image = viewer._image
    assert image.width() <= 1800  # read to fit the screen, upright: 3 by 2 as it was taken
    assert abs(image.width() / image.height() - 1.5) < 0.01
    assert "sealed" not in viewer.picture.text()
    viewer.reject()

    editing = Composer(household, editing=household.entries.get(memory.id), parent=window)
    qtbot.addWidget(editing)
    (tile,) = [label for label in editing.photos.findChildren(QLabel) if label.text() == "…"]
    qtbot.waitUntil(lambda: not tile.pixmap().isNull(), timeout=WAIT_MS)
    editing.photos.wait()
    assert thumbnail_files(data_dir) == []


def test_locking_lets_the_sealed_thumbnails_go_and_a_drop_on_the_card_seals_too(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    household: Household,
    sam: PartnerInfo,
) -> None:
    memory = saved_private_memory(qtbot, window, household)
    photos = photos_of(window)
    qtbot.waitUntil(lambda: len(photos.get(memory.id)) == 1, timeout=WAIT_MS)
    (photo,) = photos.get(memory.id)
    qtbot.waitUntil(lambda: photos.thumbnail(photo) is not None, timeout=WAIT_MS)
    window.set_current_partner(sam)
    intake = photos.intake
    assert intake is not None

    intake.add_to(household.entries.get(memory.id), [PHOTOS / "Portrait_6.jpg"])

    kept = household.photos.of_entries([memory.id])[memory.id]
    assert [each.sealed for each in kept] == [True, True]
    household.privacy.lock(sam.id)
    qtbot.waitUntil(lambda: not photos.get(memory.id), timeout=WAIT_MS)
    assert photos.thumbnails.kept_bytes == 0
