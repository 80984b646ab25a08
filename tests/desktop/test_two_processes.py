"""Nothing is overwritten silently, with two real processes on one household file.

The app runs on the private desktop as a person would have it (started like the other
desktop tests, on its own clock file); a second Python process opens the same SQLite file
through ``Household.open``, as the other account's instance or the command line would,
and changes the same settings row while the app runs. The app then writes that row itself,
from a click on its notification in the notification daemon. Read back from the file
afterwards, both changes are there; and the second process's write from what it read
before the app's is refused with the newer settings, not stored over them.
"""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime, timedelta

import pytest

from closeness_desktop.rituals.config import DEFAULT_CAP, RitualSettings
from closeness_desktop.rituals.rules import snooze_until
from tests.desktop.apps import ZONE, ZONE_NAME, AppRun
from tests.desktop.harness import ScriptChild, wait_until

pytestmark = pytest.mark.desktop

#: The other process: opens the household at argv[1] on a clock stopped at argv[2] (in the
#: zone argv[3]) and, line by line from stdin, pauses the reminders until argv[4]
#: ("pause") or saves the settings it read after that pause with a daily cap of 1
#: ("save"). Reports JSON lines; quits when stdin closes.
OTHER_PROCESS = textwrap.dedent(
    """
    import json, sys
    from dataclasses import replace
    from datetime import datetime
    from zoneinfo import ZoneInfo
    from closeness_desktop.clock import FakeClock
    from closeness_desktop.household import ConflictError, Household

    def report(*event):
        print(json.dumps(event), flush=True)

    def described(settings):
        paused = settings.paused_until.isoformat() if settings.paused_until else None
        snoozes = sorted(
            [key, occurrence.isoformat(), until.isoformat()]
            for (key, occurrence), until in settings.snoozes.items()
        )
        return [settings.version, paused, snoozes, settings.daily_cap]

    url, now, zone, pause_until = sys.argv[1:]
    household = Household.open(url, FakeClock(datetime.fromisoformat(now), ZoneInfo(zone)))
    read = None
    report("ready")
    for line in sys.stdin:
        command = line.strip()
        if command == "pause":
            household.rituals.pause(datetime.fromisoformat(pause_until))
            read = household.rituals.settings()
            report("paused", *described(read))
        elif command == "save":
            try:
                saved = household.rituals.save_settings(replace(read, daily_cap=1))
            except ConflictError as conflict:
                report("conflict", *described(conflict.current))
            else:
                report("saved", *described(saved))
    household.close()
    """
)


def tell(child: ScriptChild, line: str) -> None:
    assert child.process.stdin is not None
    child.process.stdin.write(line + "\n")
    child.process.stdin.flush()


def stored(app: AppRun, now: datetime) -> RitualSettings:
    """The ritual settings as the file holds them now (a third, reading connection)."""
    household = app.household(now)
    try:
        return household.rituals.settings()
    finally:
        household.close()


def test_a_snooze_clicked_in_the_app_keeps_the_pause_another_process_made(app: AppRun) -> None:
    sam, _alex = app.setup()
    # Thursday 19:30: the default "Dinner together" (19:00, two hours' grace) is due; Sam
    # was greeted this morning, so it comes on its own, not told with a greeting.
    evening = datetime(2026, 11, 26, 19, 30, tzinfo=ZONE)
    dinner = datetime(2026, 11, 26, 19, 0, tzinfo=ZONE).astimezone(UTC)
    paused_until = (evening + timedelta(hours=2)).astimezone(UTC)
    app.greeted(sam, evening - timedelta(hours=11))
    app.set_time(evening)
    app.start()
    reminder = app.notification(lambda n: n["summary"] == "Dinner together")
    assert ("snooze-10", "In 10 minutes") in reminder["actions"]
    app.desktop.wait_until_on_screen()
    before = stored(app, evening)
    assert (before.paused_until, dict(before.snoozes)) == (None, {})

    # While the app runs, with the settings it read when the reminder came, the other
    # process pauses the reminders and reads the settings back.
    other = app.desktop.python_script(
        OTHER_PROCESS, app.database_url, evening.isoformat(), ZONE_NAME, paused_until.isoformat()
    )
    assert other.wait_for("ready") == []
    tell(other, "pause")
    version, paused, snoozes, _cap = other.wait_for("paused")
    assert (paused, snoozes) == (paused_until.isoformat(), [])

    # Then someone clicks "In 10 minutes" on the app's reminder: the app writes the row.
    app.desktop.invoke_action("#In 10 minutes (Dinner together)")
    after = wait_until(
        lambda: (found := stored(app, evening)).snoozes and found,
        "the app's snooze in the household file",
    )

    assert dict(after.snoozes) == {("dinner", dinner): snooze_until(evening, 10)}
    assert after.paused_until == paused_until  # the other process's pause is still there
    assert after.version == version + 1  # one write on top of the other's, none lost

    # The other process now saves from what it read before the app's write: refused, with
    # the file's newer settings (its own pause and the app's snooze) to look at.
    tell(other, "save")
    assert other.wait_for("conflict") == [
        after.version,
        paused_until.isoformat(),
        [["dinner", dinner.isoformat(), snooze_until(evening, 10).isoformat()]],
        DEFAULT_CAP,
    ]
    assert other.event("saved") is None
    final = stored(app, evening)
    assert (final.version, final.daily_cap, dict(final.snoozes), final.paused_until) == (
        after.version,
        DEFAULT_CAP,
        {("dinner", dinner): snooze_until(evening, 10)},
        paused_until,
    )
    assert other.finish() == 0, other.stderr()
    assert other.stderr() == ""
