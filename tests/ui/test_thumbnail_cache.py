"""Thumbnails for cards: made off the window's thread, kept within a budget, a problem
remembered rather than tried at every paint."""

from __future__ import annotations

import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from closeness_desktop.ui.thumbnail_cache import Thumbnails

PHOTOS = Path(__file__).parent.parent / "data" / "photos"
WAIT_MS = 10_000


def test_a_thumbnail_is_made_off_the_windows_thread_then_kept(qtbot: QtBot) -> None:
    thumbnails = Thumbnails()
    made_on: list[threading.Thread] = []

    def make() -> Path:
        made_on.append(threading.current_thread())
        return PHOTOS / "Landscape_6.jpg"

    assert thumbnails.pixmap("lake", make, 128) is None  # asked for: not here yet
    with qtbot.waitSignal(thumbnails.ready, timeout=WAIT_MS) as ready:
        pass
    assert ready.args == ["lake"]
    assert made_on
    assert made_on[0] is not threading.main_thread()

    picture = thumbnails.pixmap("lake", make, 128)
    assert picture is not None
    assert picture.width() == 128  # upright: the landscape's long side is its width
    assert picture.height() < 128
    assert len(made_on) == 1  # kept: not made again
    thumbnails.wait()


def test_the_least_recently_painted_go_first_past_the_budget(qtbot: QtBot) -> None:
    one = 128 * 85 * 4  # about one landscape thumbnail
    thumbnails = Thumbnails(budget=int(one * 2.5))
    for key in ("a", "b", "c"):
        with qtbot.waitSignal(thumbnails.ready, timeout=WAIT_MS):
            thumbnails.pixmap(key, PHOTOS / "Landscape_1.jpg", 128)
    assert thumbnails.kept_bytes <= one * 2.5
    assert thumbnails.pixmap("b", PHOTOS / "Landscape_1.jpg", 128) is not None
    assert thumbnails.pixmap("c", PHOTOS / "Landscape_1.jpg", 128) is not None
    with qtbot.waitSignal(thumbnails.ready, timeout=WAIT_MS):
        assert thumbnails.pixmap("a", PHOTOS / "Landscape_1.jpg", 128) is None  # the first went
    thumbnails.wait()


def test_a_photo_that_cannot_be_read_is_not_tried_at_every_paint(
    qtbot: QtBot, tmp_path: Path
) -> None:
    thumbnails = Thumbnails()
    tries: list[int] = []

    def make() -> Path:
        tries.append(1)
        return tmp_path / "gone.jpg"

    with qtbot.waitSignal(thumbnails.ready, timeout=WAIT_MS):
        thumbnails.pixmap("gone", make, 128)
    assert "missing" in thumbnails.problems["gone"]
    for _ in range(5):
        assert thumbnails.pixmap("gone", make, 128) is None
    thumbnails.wait()
    assert len(tries) == 1
