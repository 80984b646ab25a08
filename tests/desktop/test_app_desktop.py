"""The real app on a private desktop: greetings, date-night reminders, the tray, lock/unlock.

Each test prepares a household in a temporary data folder, starts ``python -m
closeness_desktop --data-dir DIR`` inside the desktop (its own XDG folders, so its log and
its QSettings are its own) and asserts what the notification daemon received from that
app in that test (see tests/desktop/apps.py): the clock moves through a fake time file.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from closeness_desktop.household import Draft
from tests.desktop.apps import T0, ZONE, AppRun, part_of_day, unique
from tests.desktop.harness import wait_until

pytestmark = pytest.mark.desktop


# ---------------------------------------------------------------------------------- tests


def test_start_greets_sam_with_alexs_note_and_delivers_it(app: AppRun) -> None:
    sam, alex = app.setup()
    text = unique("The soup is in the fridge")
    note = app.add(Draft.note(alex.id, text, sam.id), T0 - timedelta(hours=1))

    app.start()

    greeting = app.notification(lambda n: text in n["body"])
    assert greeting["summary"] == f"Good {part_of_day(T0)}, Sam."
    assert greeting["body"].startswith("Alex left you a note:")
    assert greeting["error"] is None
    assert greeting["actions"] == [("open", "Open")]  # no "Reply": replies do not exist yet
    # Delivered once Sam opens it: the greeting's Open (or the window showing the note).
    app.desktop.wait_until_on_screen()
    app.desktop.invoke_action(f"#Open ({greeting['summary']})")
    wait_until(lambda: app.delivered_at(note) is not None, "the note to be marked delivered")
    assert app.delivered_at(note) == T0  # at the app's "now", from the time file


def test_a_date_night_reminder_comes_when_the_apps_clock_gets_there(app: AppRun) -> None:
    _sam, alex = app.setup()
    title = unique("Dinner at Luigi's")
    # An hour before it is a quarter of an hour after the start's greeting (more than
    # gentle.SPACING, which would hold it).
    starts = T0 + timedelta(hours=1, minutes=15)
    app.add(Draft.plan(alex.id, title, starts, where="Via Roma 3"), T0 - timedelta(hours=1))
    app.start()
    app.wait_until_started()
    # The greeting first (it comes once the first page is shown), so the clock moves on
    # after it, not before: a reminder within ten minutes of it would wait (gentle.py).
    app.notification(lambda n: n["summary"].startswith("Good "))
    assert not [n for n in app.notifications() if title in n["body"]]

    app.set_time(T0 + timedelta(minutes=15, seconds=10))  # an hour before the plan
    app.refresh()

    reminder = app.notification(lambda n: title in n["body"])
    assert reminder["summary"] == "Date night in an hour"
    local = starts.astimezone(ZONE)
    assert reminder["body"].startswith(f"{title} · Via Roma 3, {local:%H:%M}.")
    assert reminder["actions"] == []  # an appointment is not snoozed


def test_the_tray_icon_is_embedded_in_the_tray_host(app: AppRun) -> None:
    app.setup()
    app.start()
    app.wait_until_started()

    embedded = wait_until(
        lambda: [w for w in app.desktop.tray_embedded_windows() if w["name"] == "Closeness"],
        "the app's icon in trayer's panel",
    )

    assert len(embedded) == 1
    assert "no system tray available" not in app.log()


def test_without_a_tray_the_window_works_and_says_so_once(app_without_tray: AppRun) -> None:
    app = app_without_tray
    app.setup()
    app.start()
    app.wait_until_started()
    app.wait_for_log("no system tray available")

    def visible_windows() -> list[str]:
        found = app.desktop.run(
            ["xdotool", "search", "--onlyvisible", "--name", "^Closeness$"], check=False
        )
        return found.stdout.split()

    window = wait_until(visible_windows, "the app's window on screen")
    info = app.desktop.run(["xwininfo", "-id", window[0]]).stdout
    assert re.search(r"Map State: IsViewable", info), info
    # The app remembers in its own settings file (under this test's config folder) that it
    # told; QSettings writes from the event loop, so wait for it rather than stop too early.
    wait_until(
        lambda: app.settings().getboolean("tray", "told-missing", fallback=False),
        "the app to note in its settings file that it told",
    )
    app.stop()

    app.start()
    # The tray is looked for before the companion starts: by the second "arrival: start"
    # the second run has decided whether to tell again.
    app.wait_for_log("arrival: start", count=2)

    assert app.log().count("no system tray available") == 1  # told, with a banner, once
    assert app.settings().getboolean("tray", "told-missing")


def test_an_unlock_after_a_minute_delivers_a_new_note_with_a_greeting(app: AppRun) -> None:
    sam, alex = app.setup()
    app.start()
    app.wait_until_started()
    start_greeting = f"Good {part_of_day(T0)}, Sam."
    app.notification(lambda n: n["summary"] == start_greeting)  # this app's, at its start

    app.set_time(T0 + timedelta(minutes=10))
    app.screensaver(True)
    app.wait_for_log("departure: lock")
    text = unique("Gone to the market, back at six")
    note = app.add(Draft.note(alex.id, text, sam.id), T0 + timedelta(minutes=11))
    app.set_time(T0 + timedelta(minutes=12))
    app.screensaver(False)

    greeting = app.notification(lambda n: text in n["body"])
    assert greeting["summary"] == f"Good {part_of_day(T0)}, Sam."
    assert greeting["body"] == f"Alex left you a note:\n“{text}”"
    app.desktop.wait_until_on_screen()
    app.desktop.invoke_action(f"#Open ({greeting['summary']})")  # read once opened
    wait_until(lambda: app.delivered_at(note) is not None, "the note to be marked delivered")
    assert app.delivered_at(note) == T0 + timedelta(minutes=12)


def test_sigterm_as_at_log_out_quits_cleanly_and_records_the_departure(app: AppRun) -> None:
    sam, _alex = app.setup()
    app.start()
    app.wait_until_started()
    app.set_time(T0 + timedelta(minutes=20))

    assert app.stop() == 0

    assert "departure: quit" in app.log()
    assert "is still here" not in app.log()  # it quit; it did not hide to the tray
    assert app.departed_at(sam) == T0 + timedelta(minutes=20)
