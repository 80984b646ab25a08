"""Taking photos in off the window's thread: the window paints and its timers run while a
file is read; a refusal comes back on the window's thread, in words."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from closeness_desktop.household import Household
from closeness_desktop.household.photos import TakenIn
from closeness_desktop.records import ValidationError
from closeness_desktop.ui.photo_strip import taken_in_off_thread

PHOTOS = Path(__file__).parent.parent / "data" / "photos"


def test_photos_are_read_on_a_worker_while_the_window_goes_on(
    qtbot: QtBot, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_on: list[threading.Thread] = []
    beats: list[int] = []
    real = household.photos.prepare

    def prepare(paths: list[Path], **kwargs: Any) -> TakenIn:
        read_on.append(threading.current_thread())
        threading.Event().wait(0.2)  # a slow file: the heartbeat must go on meanwhile
        return real(paths, **kwargs)

    monkeypatch.setattr(household.photos, "prepare", prepare)
    heart = QTimer()
    heart.setInterval(10)
    heart.timeout.connect(lambda: beats.append(1))
    heart.start()

    taken = taken_in_off_thread(household, [PHOTOS / "Landscape_1.jpg"])

    heart.stop()
    assert [photo.name for photo in taken.photos] == ["Landscape_1.jpg"]
    assert read_on[0] is not threading.main_thread()
    assert len(beats) >= 5  # the event loop ran while the file was read


def test_a_refusal_on_the_worker_is_raised_on_the_windows_thread(
    household: Household, tmp_path: Path
) -> None:
    not_a_photo = tmp_path / "list.jpg"
    not_a_photo.write_text("milk, eggs", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"list\.jpg"):
        taken_in_off_thread(household, [not_a_photo])
