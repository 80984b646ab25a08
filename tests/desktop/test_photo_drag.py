"""Photos dragged from another program onto the real app's window, through the X server.

The UI tests hand a QDropEvent to the photo intake on the offscreen platform; here the
drag is a real one between two processes (XDND): tests/desktop/drag_source.py starts a
QDrag of two JPEGs, xdotool moves the pointer with the button held onto the app's window
and lets go, and the app opens "Add a memory" with them. A title is typed and the memory
saved from the keyboard; the household file then holds it with both photos.
"""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest

from closeness_desktop.household import Draft
from closeness_desktop.records import EntryKind, TimelineFilter
from tests.desktop.apps import T0, AppRun, unique
from tests.desktop.harness import PROJECT_ROOT, Desktop, wait_until

pytestmark = pytest.mark.desktop

PHOTOS = PROJECT_ROOT / "tests" / "data" / "photos"
#: Two different pictures (the Landscape_* files are one picture, turned).
DRAGGED = [PHOTOS / "Landscape_1.jpg", PHOTOS / "Portrait_6.jpg"]
#: The composer's title when it writes something new (closeness_desktop/ui/composer.py).
COMPOSER_TITLE = "Write something"

Box = tuple[int, int, int, int]


def top_level_windows(desktop: Desktop, title: str) -> list[str]:
    """Visible windows named exactly ``title`` that are the root's children (not the tray
    icon, which trayer's panel holds and which is called "Closeness" too)."""
    found = desktop.run(
        ["xdotool", "search", "--maxdepth", "1", "--onlyvisible", "--name", f"^{title}$"],
        check=False,
    )
    return found.stdout.split()


def one_window(desktop: Desktop, title: str) -> str:
    windows: list[str] = wait_until(
        lambda: top_level_windows(desktop, title), f"a window called {title!r} on screen"
    )
    assert len(windows) == 1, windows
    return windows[0]


def geometry(desktop: Desktop, window: str) -> Box:
    """``(x, y, width, height)`` of ``window`` on the screen."""
    shell = desktop.run(["xdotool", "getwindowgeometry", "--shell", window]).stdout
    values = dict(line.split("=", 1) for line in shell.split())
    return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])


def centre(box: Box) -> tuple[int, int]:
    x, y, width, height = box
    return x + width // 2, y + height // 2


def inside(point: tuple[int, int], box: Box) -> bool:
    x, y, width, height = box
    return x <= point[0] < x + width and y <= point[1] < y + height


def drag(desktop: Desktop, start: tuple[int, int], end: tuple[int, int], steps: int = 12) -> None:
    """Press on ``start``, move to ``end`` with the button held, and let go, as a hand
    would: Qt's xcb drag begins only on motion after the press, and the target answers
    XDND positions one at a time, so the pointer moves in small steps with short pauses."""
    desktop.run(["xdotool", "mousemove", "--sync", str(start[0]), str(start[1])])
    desktop.run(["xdotool", "mousedown", "1"])
    for step in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * step // steps
        y = start[1] + (end[1] - start[1]) * step // steps
        desktop.run(["xdotool", "mousemove", "--sync", str(x), str(y)])
        time.sleep(0.05)
    time.sleep(0.1)  # a last position at the target, answered before the drop
    desktop.run(["xdotool", "mouseup", "1"])


def test_photos_dragged_from_another_program_open_a_memory_that_keeps_both(
    app: AppRun,
) -> None:
    sam, alex = app.setup()
    # One card (not a memory of Sam's) at the top: the window's middle is the timeline's
    # empty area below it, where a drop makes a new memory (photo_intake.py).
    app.add(Draft.note(alex.id, "Tea at six?", sam.id), T0 - timedelta(hours=1))
    app.start()
    app.wait_until_started()
    desktop = app.desktop
    main_window = one_window(desktop, "Closeness")
    source = desktop.python_script(
        "from tests.desktop.drag_source import main; main()", *map(str, DRAGGED)
    )
    try:
        source_window = one_window(desktop, "Drag source")
        target = centre(geometry(desktop, main_window))
        assert not inside(target, geometry(desktop, source_window))

        drag(desktop, centre(geometry(desktop, source_window)), target)

        assert source.wait_for("dropped") == ["CopyAction"]
        composer = one_window(desktop, COMPOSER_TITLE)
        # Only now: the app reads the dropped files' names from the source after the drop.
        assert source.finish() == 0
    finally:
        source.kill()
    title = unique("The harbour")
    # No window manager gives the dialog the keyboard, so xdotool does; inside it the
    # memory's title has Qt's focus (Composer._show_kind).
    desktop.run(["xdotool", "windowfocus", "--sync", composer])
    desktop.run(["xdotool", "type", "--delay", "20", title])
    desktop.run(["xdotool", "key", "ctrl+Return"])  # Save (FormDialog.add_save_buttons)

    def saved_memories() -> list[tuple[str, uuid.UUID, list[str]]]:
        """Every memory in the household file: title, author and its photos' names."""
        household = app.household(T0)
        try:
            rows = household.entries.page(TimelineFilter(kinds=frozenset({EntryKind.MEMORY})))
            photos = household.photos.of_entries([row.id for row in rows.rows])
            return [
                (row.title, row.author_id, [photo.name for photo in photos.get(row.id, [])])
                for row in rows.rows
            ]
        finally:
            household.close()

    # A memory and its photos are written in one transaction: it appears whole or not yet.
    memories = wait_until(saved_memories, "the memory in the household file")
    assert memories == [(title, sam.id, [path.name for path in DRAGGED])]
    wait_until(
        lambda: not top_level_windows(desktop, COMPOSER_TITLE), "the composer to close on Save"
    )
