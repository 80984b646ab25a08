"""The real app on a private desktop: greetings, date-night reminders, the tray, lock/unlock.

Each test prepares a household in a temporary data folder, starts ``python -m
closeness_desktop --data-dir DIR`` inside the desktop (its own XDG folders, so its log and
its QSettings are its own) and asserts what the notification daemon received.

Time moves through the app's clock, never by sleeping: ``CLOSENESS_FAKE_TIME_FILE`` points
the app at a file holding "now"; the test writes a new time there and tells the running
app to look again, over its single-instance socket (``refresh``) or with a lock/unlock
signal on the session bus.
"""

from __future__ import annotations

import getpass
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from closeness_desktop import ipc, paths
from closeness_desktop.clock import FAKE_TIME_ENV, FakeClock
from closeness_desktop.household import Draft, Household, PartnerInfo
from closeness_desktop.ui.companion_wiring import TOLD_NO_TRAY_KEY
from tests.desktop.harness import Desktop, wait_until

pytestmark = pytest.mark.desktop

#: The app's zone is the system's: the tests set it through TZ (if the zone database is
#: there; otherwise the app runs in UTC) and expect the words of that zone.
ZONE_NAME = "Europe/Berlin" if Path("/usr/share/zoneinfo/Europe/Berlin").exists() else "UTC"
ZONE: tzinfo = ZoneInfo(ZONE_NAME)
#: Thursday 26 November 2026, 17:00 UTC: 18:00 in Berlin, between the default rituals
#: (dinner at 19:00, the Sunday date planning at 18:00 is not today).
T0 = datetime.fromisoformat("2026-11-26T17:00:00+00:00")

SCREENSAVER_SIGNAL = [
    "dbus-send",
    "--session",
    "--type=signal",
    "/org/freedesktop/ScreenSaver",
    "org.freedesktop.ScreenSaver.ActiveChanged",
]


#: A log line that tells of a problem.
PROBLEM = re.compile(r" (ERROR|CRITICAL) ")


def part_of_day(moment: datetime) -> str:
    hour = moment.astimezone(ZONE).hour
    return "morning" if 4 <= hour < 12 else "afternoon" if 12 <= hour < 18 else "evening"


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:8]}"


@dataclass
class AppRun:
    """One household folder, one app home (XDG folders), one fake clock file."""

    desktop: Desktop
    data_dir: Path
    home: Path
    time_file: Path
    process: Any = None

    # -- the household, as another program (the CLI, the other account) sees it

    def household(self, now: datetime) -> Household:
        clock = FakeClock(now, ZONE)
        return Household.open(f"sqlite:///{self.data_dir / paths.DATABASE_FILE}", clock)

    def setup(self) -> tuple[PartnerInfo, PartnerInfo]:
        household = self.household(T0 - timedelta(hours=2))
        try:
            sam, alex = household.setup(
                ["Sam", "Alex"], this_account="Sam", os_account=getpass.getuser()
            )
        finally:
            household.close()
        return sam, alex

    def add(self, draft: Draft, now: datetime) -> uuid.UUID:
        household = self.household(now)
        try:
            return household.add(draft).id
        finally:
            household.close()

    def departed_at(self, partner: PartnerInfo) -> datetime | None:
        household = self.household(T0)
        try:
            return household.visit(partner.id).departed_at
        finally:
            household.close()

    def delivered_at(self, entry_id: uuid.UUID) -> datetime | None:
        household = self.household(T0)
        try:
            return household.entry(entry_id).delivered_at
        finally:
            household.close()

    # -- the running app

    @property
    def env(self) -> dict[str, str]:
        folders = {
            name: str(self.home / name.lower())
            for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")
        }
        return {**folders, FAKE_TIME_ENV: str(self.time_file), "TZ": ZONE_NAME}

    @property
    def log_file(self) -> Path:
        return self.home / "xdg_state_home" / "closeness" / "log" / "closeness.log"

    @property
    def settings_file(self) -> Path:
        return self.home / "xdg_config_home" / "closeness" / "window.ini"

    def set_time(self, moment: datetime) -> None:
        self.time_file.write_text(moment.isoformat(), encoding="utf-8")

    def start(self) -> None:
        assert self.process is None or self.process.poll() is not None
        self.process = self.desktop.run_app([], self.data_dir, env=self.env)

    def stop(self) -> int | None:
        """Stop the app (SIGTERM) and return its exit code; it must leave no traceback."""
        if self.process is None:
            return None
        code = self.desktop.stop_app(self.process)
        _stdout, stderr = self.desktop.app_output(self.process)
        assert "Traceback" not in stderr, stderr
        problems = [
            line for line in self.log().splitlines() if re.search(r" (ERROR|CRITICAL) ", line)
        ]
        assert not problems, "\n".join(problems)
        return code

    def log(self) -> str:
        try:
            return self.log_file.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def wait_for_log(self, text: str, count: int = 1, timeout: float = 15.0) -> None:
        """Wait until the app's log holds ``text`` ``count`` times (or fail with its tail)."""

        def logged() -> bool:
            self._check_running()
            return self.log().count(text) >= count

        try:
            wait_until(logged, f"{text!r} in the app's log", timeout)
        except TimeoutError as error:
            raise TimeoutError(f"{error}\n--- app log:\n{self.log()[-3000:]}") from None

    def _check_running(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            _stdout, stderr = self.desktop.app_output(self.process)
            raise AssertionError(f"the app exited with {self.process.returncode}:\n{stderr}")

    def wait_until_started(self) -> None:
        """Until the companion listens to the session bus and has handled the start."""
        self.wait_for_log("presence signals:")
        self.wait_for_log("arrival: start")

    def refresh(self) -> None:
        """What ``closeness note`` does after writing: tell the running app to look again."""
        assert ipc.tell_running_instance(paths.resolve(self.data_dir), "refresh")

    def screensaver(self, active: bool) -> None:
        self.desktop.run([*SCREENSAVER_SIGNAL, f"boolean:{str(active).lower()}"])


def _app_run(desktop: Desktop, tmp_path: Path) -> Iterator[AppRun]:
    data_dir = tmp_path / "household"
    data_dir.mkdir()
    run = AppRun(desktop, data_dir, tmp_path / "app-home", tmp_path / "now.txt")
    run.set_time(T0)
    try:
        yield run
    finally:
        run.stop()


@pytest.fixture
def app(desktop: Desktop, tmp_path: Path) -> Iterator[AppRun]:
    yield from _app_run(desktop, tmp_path)


@pytest.fixture
def app_without_tray(desktop_without_tray: Desktop, tmp_path: Path) -> Iterator[AppRun]:
    yield from _app_run(desktop_without_tray, tmp_path)


def from_app(desktop: Desktop, predicate: Any, timeout: float = 15.0) -> dict[str, Any]:
    """The first notification of the app (not of another test) that matches ``predicate``."""
    return desktop.wait_for_notification(
        lambda n: n["app_name"] == "Closeness" and predicate(n), timeout
    )


# ---------------------------------------------------------------------------------- tests


def test_start_greets_sam_with_alexs_note_and_delivers_it(app: AppRun) -> None:
    sam, alex = app.setup()
    text = unique("The soup is in the fridge")
    note = app.add(Draft.note(alex.id, text, sam.id), T0 - timedelta(hours=1))

    app.start()

    greeting = from_app(app.desktop, lambda n: text in n["body"])
    assert greeting["summary"] == f"Good {part_of_day(T0)}, Sam."
    assert greeting["body"].startswith("Alex left you a note:")
    assert greeting["error"] is None
    wait_until(lambda: app.delivered_at(note) is not None, "the note to be marked delivered")
    assert app.delivered_at(note) == T0  # at the app's "now", from the time file


def test_a_date_night_reminder_comes_when_the_apps_clock_gets_there(app: AppRun) -> None:
    _sam, alex = app.setup()
    title = unique("Dinner at Luigi's")
    starts = T0 + timedelta(hours=1, minutes=5)
    app.add(Draft.plan(alex.id, title, starts, where="Via Roma 3"), T0 - timedelta(hours=1))
    app.start()
    app.wait_until_started()
    assert not [n for n in app.desktop.notifications() if title in n["body"]]

    app.set_time(T0 + timedelta(minutes=5, seconds=10))  # an hour before the plan
    app.refresh()

    reminder = from_app(app.desktop, lambda n: title in n["body"])
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
    # QSettings writes from the event loop: wait for it rather than stop too early.
    wait_until(
        lambda: app.settings_file.exists() and "told-missing=true" in app.settings_file.read_text(),
        "the told-once flag in the app's settings",
    )
    app.stop()

    app.start()
    app.wait_until_started()
    app.wait_for_log("arrival: start", count=2)

    assert app.log().count("no system tray available") == 1
    assert TOLD_NO_TRAY_KEY == "tray/told-missing"


def test_an_unlock_after_a_minute_delivers_a_new_note_with_a_greeting(app: AppRun) -> None:
    sam, alex = app.setup()
    app.start()
    app.wait_until_started()
    from_app(app.desktop, lambda n: n["summary"].endswith("Sam."))  # the start greeting

    app.set_time(T0 + timedelta(minutes=10))
    app.screensaver(True)
    app.wait_for_log("departure: lock")
    text = unique("Gone to the market, back at six")
    note = app.add(Draft.note(alex.id, text, sam.id), T0 + timedelta(minutes=11))
    app.set_time(T0 + timedelta(minutes=12))
    app.screensaver(False)

    greeting = from_app(app.desktop, lambda n: text in n["body"])
    assert greeting["summary"] == f"Good {part_of_day(T0)}, Sam."
    assert greeting["body"] == f"Alex left you a note:\n“{text}”"
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
