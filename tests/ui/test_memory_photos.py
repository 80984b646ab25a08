"""Photos in the window, as a person gives and sees them: dropped on the window or on a
card, pasted, chosen in the composer; a card's row of thumbnails and the viewer behind it;
File > Check our data."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QObject, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Draft, EntryRecord, Household, PartnerInfo
from closeness_desktop.ui import card_photos, file_places
from closeness_desktop.ui.composer import Composer
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.photo_intake import PhotoIntake
from closeness_desktop.ui.photo_viewer import PhotoViewer
from closeness_desktop.ui.timeline_model import TimelineModel
from closeness_desktop.ui.timeline_photos import TimelinePhotos
from tests.ui.window_helpers import menu_action, undo_action

PHOTOS = Path(__file__).parents[1] / "data" / "photos"
JPEGS = sorted(PHOTOS.glob("*.jpg"))
WAIT_MS = 20_000


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, household: Household) -> Iterator[MainWindow]:
    household.entries.add(Draft.note(household.partners.named("Sam").id, "Tea at six?"))
    window = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(900, 800)
    window.show()
    qtbot.waitExposed(window)
    window.attach(household)
    page = window.timeline_page
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.timeline, timeout=WAIT_MS)
    yield window
    photos(window).thumbnails.wait()
    window.detach()


def photos(window: MainWindow) -> TimelinePhotos:
    return window.timeline_page.photos


def intake(window: MainWindow) -> PhotoIntake:
    found = photos(window).intake
    assert found is not None
    return found


def model_of(window: MainWindow) -> TimelineModel:
    assert window.timeline_page.model is not None
    return window.timeline_page.model


def files_mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def drop(window: MainWindow, target: QObject, mime: QMimeData, at: QPoint) -> None:
    """Drop ``mime`` on ``target`` at ``at``, handed to the intake's filter as Qt would
    (a QDropEvent sent by hand is not delivered outside a drag the platform started)."""
    event = QDropEvent(
        QPointF(at),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert intake(window).eventFilter(target, event)
    assert event.isAccepted()


def option_for(window: MainWindow, entry: EntryRecord) -> tuple[QStyleOptionViewItem, int]:
    view = window.timeline_page.timeline
    row = model_of(window).row_of(entry.id)
    assert row is not None
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.widget = view
    option.rect = view.visualRect(model_of(window).index(row))
    return option, row


def card_centre(window: MainWindow, entry: EntryRecord) -> QPoint:
    view = window.timeline_page.timeline
    row = model_of(window).row_of(entry.id)
    assert row is not None
    view.scrollTo(model_of(window).index(row))
    return view.visualRect(model_of(window).index(row)).center()


def photo_point(window: MainWindow, entry: EntryRecord, number: int) -> QPoint:
    """The middle of the card's ``number``th thumbnail, in the viewport."""
    option, _row = option_for(window, entry)
    delegate = window.timeline_page.delegate
    assert delegate is not None
    for y in range(option.rect.top(), option.rect.bottom(), 4):
        for x in range(option.rect.left(), option.rect.right(), 4):
            if delegate.photo_at(option, model_of(window).index(_row), QPoint(x, y)) == number:
                return QPoint(x + 8, y + 8)
    raise AssertionError("no such photo on the card")


def memory_with(household: Household, author: PartnerInfo, paths: list[Path]) -> EntryRecord:
    draft = Draft.memory(
        author.id, "Beach day", dt.date(2026, 7, 1), household.clock.local_zone(), text="Sand"
    )
    record, _added = household.photos.add_memory(draft, paths)
    return record


def distinct_copies(tmp_path: Path, count: int) -> list[Path]:
    """``count`` different photos (a pixel changed in each, so their contents differ)."""
    made = []
    for number in range(count):
        image = QImage(str(JPEGS[number % len(JPEGS)]))
        image.setPixelColor(0, 0, QColor(number, 255 - number, 7))
        path = tmp_path / f"copy-{number}.png"
        assert image.save(str(path))
        made.append(path)
    return made


def test_photos_dropped_on_the_window_open_a_memory_that_lands_with_two_thumbnails(
    qtbot: QtBot, window: MainWindow, household: Household
) -> None:
    drop(window, window, files_mime(JPEGS[0], JPEGS[1]), QPoint(40, 40))

    composer = intake(window).composer
    assert isinstance(composer, Composer)
    assert composer.photos.chosen == [JPEGS[0], JPEGS[1]]
    composer.memory_title.setText("The harbour")
    composer.save()

    assert composer.saved is not None
    memory = composer.saved
    qtbot.waitUntil(lambda: len(photos(window).get(memory.id)) == 2, timeout=WAIT_MS)
    shown = photos(window).get(memory.id)
    for photo in shown:
        photos(window).thumbnail(photo)  # asked as the card paints
    qtbot.waitUntil(
        lambda: all(photos(window).thumbnail(photo) is not None for photo in shown),
        timeout=WAIT_MS,
    )
    option, row = option_for(window, memory)
    delegate = window.timeline_page.delegate
    assert delegate is not None
    text = delegate.card_text(model_of(window).index(row), option.rect.width(), option.font)
    assert text.photo_count == 2
    assert text.photos_top is not None


def test_the_card_height_does_not_wait_for_its_thumbnails(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo
) -> None:
    memory = memory_with(household, sam, [JPEGS[0]])
    qtbot.waitUntil(lambda: len(photos(window).get(memory.id)) == 1, timeout=WAIT_MS)
    delegate = window.timeline_page.delegate
    assert delegate is not None
    option, row = option_for(window, memory)
    before = delegate.sizeHint(option, model_of(window).index(row)).height()
    [photo] = photos(window).get(memory.id)
    qtbot.waitUntil(lambda: photos(window).thumbnail(photo) is not None, timeout=WAIT_MS)
    assert delegate.sizeHint(option, model_of(window).index(row)).height() == before


def test_a_drop_on_my_own_memory_adds_to_it_and_undo_takes_them_off(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo
) -> None:
    memory = memory_with(household, sam, [JPEGS[0]])
    qtbot.waitUntil(lambda: len(photos(window).get(memory.id)) == 1, timeout=WAIT_MS)
    view = window.timeline_page.timeline

    drop(window, view.viewport(), files_mime(JPEGS[1], JPEGS[2]), card_centre(window, memory))

    assert intake(window).composer is None  # added to the card, no composer
    qtbot.waitUntil(lambda: len(photos(window).get(memory.id)) == 3, timeout=WAIT_MS)
    assert len(household.photos.of_entries([memory.id])[memory.id]) == 3

    undo_action(window).trigger()

    qtbot.waitUntil(lambda: len(photos(window).get(memory.id)) == 1, timeout=WAIT_MS)


def test_a_drop_on_someone_elses_memory_opens_a_new_memory(
    qtbot: QtBot, window: MainWindow, household: Household, alex: PartnerInfo
) -> None:
    theirs = memory_with(household, alex, [JPEGS[0]])
    qtbot.waitUntil(lambda: len(photos(window).get(theirs.id)) == 1, timeout=WAIT_MS)
    view = window.timeline_page.timeline

    drop(window, view.viewport(), files_mime(JPEGS[1]), card_centre(window, theirs))

    composer = intake(window).composer
    assert composer is not None
    assert composer.photos.chosen == [JPEGS[1]]
    assert len(household.photos.of_entries([theirs.id])[theirs.id]) == 1
    composer.done(0)  # closed without the question (it would wait for an answer)


def test_a_dropped_non_image_says_why_and_adds_nothing(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo, tmp_path: Path
) -> None:
    memory = memory_with(household, sam, [JPEGS[0]])
    qtbot.waitUntil(lambda: len(photos(window).get(memory.id)) == 1, timeout=WAIT_MS)
    recipe = tmp_path / "recipe.jpg"
    recipe.write_text("two eggs, flour, a pinch of salt")
    view = window.timeline_page.timeline

    drop(window, view.viewport(), files_mime(JPEGS[1], recipe), card_centre(window, memory))

    message = intake(window).message
    assert message is not None
    assert "“recipe.jpg” is not a photo Closeness can read" in message.text()
    assert "eggs" not in message.text()
    assert len(household.photos.of_entries([memory.id])[memory.id]) == 1


def test_a_refused_photo_in_the_composer_keeps_what_was_typed(
    qtbot: QtBot, window: MainWindow, household: Household, tmp_path: Path
) -> None:
    recipe = tmp_path / "recipe.jpg"
    recipe.write_text("not a photo")
    drop(window, window, files_mime(recipe), QPoint(40, 40))
    composer = intake(window).composer
    assert composer is not None
    composer.memory_title.setText("Sunday baking")

    composer.save()

    assert composer.saved is None
    assert "recipe.jpg" in composer.error.text()
    assert composer.memory_title.text() == "Sunday baking"
    assert all(row.title != "Sunday baking" for row in model_of(window)._rows)
    assert model_of(window).rowCount() == 1  # the note only: no memory was written
    composer.done(0)  # closed without the question (it would wait for an answer)


def test_pasting_a_picture_makes_a_memory_with_one_photo(
    qtbot: QtBot, window: MainWindow, household: Household
) -> None:
    picture = QImage(120, 80, QImage.Format.Format_RGB32)
    picture.fill(QColor("#C8566B"))
    QGuiApplication.clipboard().setImage(picture)
    view = window.timeline_page.timeline
    view.setFocus()

    intake(window).act_paste.trigger()

    composer = intake(window).composer
    assert composer is not None
    [pasted] = composer.photos.chosen
    assert pasted.name.startswith("Pasted picture")
    composer.memory_title.setText("A picture from the recipe site")
    composer.save()
    assert composer.saved is not None
    memory = composer.saved
    [photo] = household.photos.of_entries([memory.id])[memory.id]
    assert (photo.width, photo.height) == (120, 80)
    assert not pasted.exists()  # the private copy goes once the household has its own


def test_add_photos_in_the_composer_and_take_one_off_again(
    qtbot: QtBot, window: MainWindow, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = [str(JPEGS[2]), str(JPEGS[3]), str(JPEGS[4])]
    monkeypatch.setattr(file_places, "ask_open_paths", lambda *_args: chosen)
    composer = Composer(household, author=household.partners.named("Sam").id, parent=window)
    qtbot.addWidget(composer)
    composer._show_kind(1)  # the memory page, as its button does

    composer.photos.add_button.click()
    composer.photos.take_off(JPEGS[3])
    composer.memory_title.setText("Picnic in the park")
    assert composer.is_dirty()
    composer.save()

    assert composer.saved is not None
    kept = household.photos.of_entries([composer.saved.id])[composer.saved.id]
    assert [photo.name for photo in kept] == [JPEGS[2].name, JPEGS[4].name]
    composer.photos.wait()

    # Editing it: one photo off, and the words kept.
    editing = Composer(household, editing=composer.saved, by=composer.saved.author_id)
    qtbot.addWidget(editing)
    assert [photo.name for photo in editing.photos.kept] == [JPEGS[2].name, JPEGS[4].name]
    editing.photos.take_off(editing.photos.kept[0])
    editing.save()
    assert editing.saved is not None
    after = household.photos.of_entries([composer.saved.id])[composer.saved.id]
    assert [photo.name for photo in after] == [JPEGS[4].name]
    editing.photos.wait()


def test_an_edit_of_words_and_photos_is_one_undo_step(
    qtbot: QtBot,
    window: MainWindow,
    household: Household,
    sam: PartnerInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memory = memory_with(household, sam, [JPEGS[0], JPEGS[1]])
    monkeypatch.setattr(file_places, "ask_open_paths", lambda *_args: [str(JPEGS[2])])
    editing = Composer(household, editing=memory, by=sam.id, parent=window)
    qtbot.addWidget(editing)

    editing.memory_title.setText("The harbour at dusk")
    editing.photos.add_button.click()
    editing.photos.take_off(editing.photos.kept[0])
    editing.save()
    assert editing.saved is not None
    editing.photos.wait()
    names = [p.name for p in household.photos.of_entries([memory.id])[memory.id]]
    assert names == [JPEGS[1].name, JPEGS[2].name]

    assert household.history.undo_text() == "edit memory"
    undo_action(window).trigger()

    back = household.entries.get(memory.id)
    assert back.title == memory.title
    names = [p.name for p in household.photos.of_entries([memory.id])[memory.id]]
    assert names == [JPEGS[0].name, JPEGS[1].name]
    assert household.history.undo_text() == "add memory"  # the step before the edit


def test_a_card_with_six_photos_shows_four_and_plus_two(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo, tmp_path: Path
) -> None:
    memory = memory_with(household, sam, distinct_copies(tmp_path, 6))
    qtbot.waitUntil(lambda: len(photos(window).get(memory.id)) == 6, timeout=WAIT_MS)
    card_centre(window, memory)

    assert card_photos.shown_count(6) == 4
    assert card_photos.more_text(6) == "+2"
    assert card_photos.more_text(4) == ""
    photo_point(window, memory, 3)  # a fourth place
    with pytest.raises(AssertionError):
        photo_point(window, memory, 4)  # and no fifth
    assert not window.timeline_page.timeline.viewport().grab().isNull()


def test_clicking_a_thumbnail_opens_the_viewer_at_that_photo(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo, tmp_path: Path
) -> None:
    memory = memory_with(household, sam, distinct_copies(tmp_path, 3))
    qtbot.waitUntil(lambda: len(photos(window).get(memory.id)) == 3, timeout=WAIT_MS)
    card_centre(window, memory)
    view = window.timeline_page.timeline
    at = photo_point(window, memory, 1)

    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at)

    viewer = photos(window).viewer
    assert isinstance(viewer, PhotoViewer)
    assert viewer.index == 1
    assert len(viewer.photos) == 3
    assert viewer.photos[1].caption == "copy-1.png"
    viewer.reject()


def test_check_our_data_says_a_missing_photo_in_words(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo, tmp_path: Path
) -> None:
    copy = tmp_path / "lighthouse.jpg"
    shutil.copy(JPEGS[0], copy)
    memory = memory_with(household, sam, [copy])
    [photo] = household.photos.of_entries([memory.id])[memory.id]
    household.photos.path_of(photo).unlink()

    menu_action(window, "&File", "&Check our data").trigger()

    checking = window.files.data_check
    assert checking is not None
    checking.wait()
    qtbot.waitUntil(lambda: checking.message is not None, timeout=WAIT_MS)
    assert checking.message is not None
    assert "lighthouse.jpg" in checking.message.text()
