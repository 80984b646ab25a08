"""The real app on the private desktop, run by a test: one household folder, its own XDG
folders, a fake clock file, and what the notification daemon got from it.

Time moves through the app's clock, never by sleeping: ``CLOSENESS_FAKE_TIME_FILE`` points
the app at a file holding "now"; the test writes a new time there and tells the running
app to look again, over its single-instance socket (``refresh``) or with a lock/unlock
signal on the session bus.

What the app sent is told apart twice: the desktop fixture shows a test only the bus
traffic after it began (:meth:`Desktop.begin_test`), and :meth:`AppRun.notification`
takes only what the app's own process sent (its bus connection's pid), not a script's or
a command's of the same test.
"""

from __future__ import annotations

import configparser
import getpass
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from closeness_desktop import ipc, paths
from closeness_desktop.clock import FAKE_TIME_ENV, FakeClock
from closeness_desktop.household import Draft, Household, PartnerInfo
from closeness_desktop.rituals.greeting import Visit
from tests.desktop.harness import Desktop, wait_until

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

Notification = dict[str, Any]


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

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.data_dir / paths.DATABASE_FILE}"

    def household(self, now: datetime) -> Household:
        return Household.open(self.database_url, FakeClock(now, ZONE))

    def setup(self) -> tuple[PartnerInfo, PartnerInfo]:
        household = self.household(T0 - timedelta(hours=2))
        try:
            sam, alex = household.partners.setup(
                ["Sam", "Alex"], this_account="Sam", os_account=getpass.getuser()
            )
        finally:
            household.close()
        return sam, alex

    def add(self, draft: Draft, now: datetime) -> uuid.UUID:
        household = self.household(now)
        try:
            return household.entries.add(draft).id
        finally:
            household.close()

    def greeted(self, partner: PartnerInfo, at: datetime) -> None:
        """``partner`` was greeted at ``at``: a start later that day greets nobody, so a
        ritual due then comes on its own rather than told with a greeting."""
        household = self.household(at)
        try:
            household.rituals.save_visit(partner.id, Visit(at, at, at))
        finally:
            household.close()

    def departed_at(self, partner: PartnerInfo) -> datetime | None:
        household = self.household(T0)
        try:
            return household.rituals.visit(partner.id).departed_at
        finally:
            household.close()

    def delivered_at(self, entry_id: uuid.UUID) -> datetime | None:
        household = self.household(T0)
        try:
            return household.entries.get(entry_id).delivered_at
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

    def settings(self) -> configparser.ConfigParser:
        """The app's own settings file (QSettings' INI format), as it is on disk now."""
        parsed = configparser.ConfigParser(interpolation=None)
        if self.settings_file.exists():
            parsed.read(self.settings_file, encoding="utf-8")
        return parsed

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
        problems = [line for line in self.log().splitlines() if PROBLEM.search(line)]
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
        assert ipc.tell_running_instance(
            paths.resolve(self.data_dir), "refresh", environ=self.desktop.env
        )

    def screensaver(self, active: bool) -> None:
        self.desktop.run([*SCREENSAVER_SIGNAL, f"boolean:{str(active).lower()}"])

    # -- what the daemon got from this app

    def notifications(self) -> list[Notification]:
        """What the running app's own process sent in this test."""
        assert self.process is not None
        return [
            n
            for n in self.desktop.notifications(sent_by=self.process.pid)
            if n["app_name"] == "Closeness"
        ]

    def notification(
        self, predicate: Callable[[Notification], bool], timeout: float = 15.0
    ) -> Notification:
        """The first notification of the running app that matches ``predicate``, waiting."""
        assert self.process is not None
        return self.desktop.wait_for_notification(
            lambda n: n["app_name"] == "Closeness" and predicate(n),
            timeout,
            sent_by=self.process.pid,
        )


def app_run(desktop: Desktop, tmp_path: Path) -> Iterator[AppRun]:
    """An :class:`AppRun` in ``tmp_path`` with the clock at :data:`T0`; stopped at the end."""
    data_dir = tmp_path / "household"
    data_dir.mkdir()
    run = AppRun(desktop, data_dir, tmp_path / "app-home", tmp_path / "now.txt")
    run.set_time(T0)
    try:
        yield run
    finally:
        run.stop()
