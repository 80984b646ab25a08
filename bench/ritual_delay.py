"""From a reminder's due time to its notification reaching the notification daemon.

    python -m bench.ritual_delay [--data-dir DIR] [--runs 5] [--leads 6,15,25,40,55]

Each run makes a fresh household (Sam and Alex, Sam on this OS account; or a copy of a
seeded one with ``--base``) holding one date-night plan that starts an hour and ``lead``
seconds from now, so its "in an hour" reminder is due ``lead`` seconds from now, to the
microsecond: plans keep exact times, where rituals have minute resolution. Then it starts
``python -m closeness_desktop`` on a private desktop (``tests.desktop.harness``: Xvfb, a
session bus, dunst, dbus-monitor, trayer) and waits for the reminder.

Two paths, measured separately:

* **scheduler**: the real clock and nothing else. The app's ritual timer (one coarse
  ``QTimer``, at most 60 s) wakes for the due time; the delay is dbus-monitor's timestamp
  of the ``Notify`` call minus the due time. The app's log adds when the scheduler fired.
  A run counts only if the app's arrival (its first ritual check) was logged before the
  due time; the leads spread the last timer wait over the coarse (< 20 s) and very coarse
  (>= 20 s, whole seconds) ranges Qt uses, as a running app's last wait lies anywhere up
  to 60 s.
* **IPC refresh**: the app runs on ``CLOSENESS_FAKE_TIME_FILE``; once it has settled, the
  file is set to the due time and the app is told ``refresh`` over its single-instance
  socket, as ``closeness note`` does. The delay runs from just before that message.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import BenchError, database_file, database_url, positive_int, run_main, table
from bench.desktop_session import (
    NotifyCall,
    app_home_env,
    household_entries,
    private_desktop,
    wait_for_call,
)
from closeness_desktop import ipc, paths
from closeness_desktop.clock import FAKE_TIME_ENV, Clock, FakeClock, SystemClock
from closeness_desktop.household import Draft, Household
from tests.desktop.harness import Desktop, wait_until

#: The plan's reminder this benchmark waits for: the default "in an hour" one.
REMINDER_LEAD = timedelta(hours=1)
DEFAULT_LEADS = (6.0, 15.0, 25.0, 40.0, 55.0)
#: How far ahead of the fake "now" the IPC path's reminder is due.
IPC_AHEAD = timedelta(minutes=10)
START_TIMEOUT_S = 30.0
NOTIFY_TIMEOUT_S = 30.0
LOG_FILE = Path("xdg_state_home/closeness/log/closeness.log")
ARRIVAL_LINE = "arrival: start"
FIRED_LINE = "ritual due: "


@dataclass(frozen=True)
class RunResult:
    """One run: when the reminder was due, and what happened after."""

    path: str
    lead_s: float | None  # seconds from the plan's creation to its due time (scheduler path)
    due: float  # epoch seconds; for the IPC path, just before the refresh message
    fired: float | None  # the app's log line "ritual due: ...", epoch seconds (ms precision)
    called: float  # the Notify call, dbus-monitor's timestamp
    answered: float | None  # the daemon's reply
    valid: bool = True
    note: str = ""

    @property
    def delay_ms(self) -> float:
        return (self.called - self.due) * 1000


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ritual_delay",
        description="Measure the delay from a date-night reminder's due time to its"
        " notification at the daemon, through the app's own timer and through an IPC refresh.",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="where to make the fresh households, one folder per run (default: a temporary"
        " folder); they are removed afterwards unless --keep",
    )
    parser.add_argument(
        "--runs", type=positive_int, default=5, metavar="N", help="runs of each path (default 5)"
    )
    parser.add_argument(
        "--leads",
        type=_leads,
        default=DEFAULT_LEADS,
        metavar="S,S,...",
        help="seconds from the app's start to the due time, used in turn by the scheduler"
        " runs (default 6,15,25,40,55)",
    )
    parser.add_argument(
        "--base",
        type=Path,
        metavar="DIR",
        help="start each household as a copy of this seeded one (python -m bench.seed)",
    )
    parser.add_argument(
        "--only", choices=("scheduler", "ipc"), help="measure one path only (default both)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the households and app logs")
    return parser


def _leads(value: str) -> tuple[float, ...]:
    try:
        leads = tuple(float(part) for part in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a list of seconds") from None
    if not leads or min(leads) < 3:
        raise argparse.ArgumentTypeError("give leads of 3 s or more (the app must start first)")
    return leads


# ---------------------------------------------------------------------------- households


def copy_household(base: Path, target: Path) -> None:
    """Copy the database of ``base`` into ``target`` (SQLite's backup: consistent, WAL too)."""
    source = f"{database_file(base).as_uri()}?mode=ro"
    with (
        contextlib.closing(sqlite3.connect(source, uri=True)) as original,
        contextlib.closing(sqlite3.connect(database_file(target))) as copy,
    ):
        original.backup(copy)


@dataclass(frozen=True)
class Plan:
    """The plan a run waits for: its title (in the notification) and reminder key prefix."""

    title: str
    key: str


def household_with_plan(folder: Path, base: Path | None, clock: Clock, starts: datetime) -> Plan:
    """A household in ``folder`` with a date-night plan starting at ``starts``."""
    folder.mkdir(parents=True)
    if base is not None:
        copy_household(base, folder)
    household = Household.open(database_url(folder), clock)
    try:
        if not household.partners.is_set_up():
            household.partners.setup(
                ["Sam", "Alex"], this_account="Sam", os_account=getpass.getuser()
            )
        planner = household.partners.all()[1]
        title = f"Bench date {uuid.uuid4().hex[:8]}"
        record = household.entries.add(Draft.plan(planner.id, title, starts, where="Luigi's"))
    finally:
        household.close()
    return Plan(title, f"{FIRED_LINE}plan:{record.id.hex}")


# ------------------------------------------------------------------------------- the app


@dataclass
class AppRun:
    """One app process on the desktop, with its own XDG folders (log, settings)."""

    desktop: Desktop
    folder: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def data_dir(self) -> Path:
        return self.folder / "household"

    @property
    def log_file(self) -> Path:
        return self.folder / "home" / LOG_FILE

    def start(self, extra_env: dict[str, str] | None = None) -> None:
        env = app_home_env(self.folder / "home") | (extra_env or {})
        self.process = self.desktop.run_app([], self.data_dir, env=env)

    def stop(self) -> None:
        if self.process is not None:
            self.desktop.stop_app(self.process)

    def logged_at(self, text: str) -> float | None:
        """When the app's log first holds a line containing ``text`` (epoch seconds)."""
        try:
            lines = self.log_file.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return None
        for line in lines:
            if text in line:
                return datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
        return None

    def wait_logged(self, text: str, timeout: float) -> float:
        def logged() -> float | None:
            assert self.process is not None
            if self.process.poll() is not None:
                _out, err = self.desktop.app_output(self.process)
                raise BenchError(f"the app exited with {self.process.returncode}:\n{err[-2000:]}")
            return self.logged_at(text)

        try:
            found: float = wait_until(logged, f"“{text}” in the app's log", timeout)
        except TimeoutError as error:
            raise BenchError(str(error)) from None
        return found

    def reminder(self, title: str, timeout: float) -> NotifyCall:
        found = wait_for_call(self.desktop, lambda call: title in call.body, timeout, self.process)
        if found is None:
            raise BenchError(f"the reminder for “{title}” did not come within {timeout:.0f} s")
        return found


@contextlib.contextmanager
def running(app: AppRun, extra_env: dict[str, str] | None = None) -> Iterator[AppRun]:
    app.start(extra_env)
    try:
        yield app
    finally:
        app.stop()


# --------------------------------------------------------------------------------- paths


def scheduler_run(desktop: Desktop, folder: Path, base: Path | None, lead: float) -> RunResult:
    """The app's own timer wakes it for a reminder due ``lead`` seconds after its start."""
    app = AppRun(desktop, folder)
    due = datetime.now(UTC) + timedelta(seconds=lead)
    plan = household_with_plan(app.data_dir, base, SystemClock(), due + REMINDER_LEAD)
    with running(app):
        arrived = app.wait_logged(ARRIVAL_LINE, START_TIMEOUT_S)
        call = app.reminder(plan.title, lead + NOTIFY_TIMEOUT_S)
        fired = app.logged_at(plan.key)
    late_start = arrived >= due.timestamp()
    return RunResult(
        "scheduler",
        lead,
        due.timestamp(),
        fired,
        call.called_at,
        call.answered_at,
        valid=not late_start,
        note="the app started after the due time; use longer leads" if late_start else "",
    )


def ipc_run(desktop: Desktop, folder: Path, base: Path | None) -> RunResult:
    """The app's clock file jumps to the due time and the app is told to ``refresh``."""
    app = AppRun(desktop, folder)
    start = datetime.now(UTC).replace(microsecond=0)
    due = start + IPC_AHEAD
    plan = household_with_plan(app.data_dir, base, FakeClock(start), due + REMINDER_LEAD)
    time_file = folder / "now.txt"
    time_file.write_text(start.isoformat(), encoding="utf-8")
    with running(app, {FAKE_TIME_ENV: str(time_file)}):
        app.wait_logged(ARRIVAL_LINE, START_TIMEOUT_S)
        time.sleep(1.0)  # let the start's work (greeting, first page) finish
        time_file.write_text(due.isoformat(), encoding="utf-8")
        sent = time.time()
        if not ipc.tell_running_instance(
            paths.resolve(app.data_dir), "refresh", environ=desktop.env
        ):
            raise BenchError("the app did not answer on its single-instance socket")
        call = app.reminder(plan.title, NOTIFY_TIMEOUT_S)
        fired = app.logged_at(plan.key)
    return RunResult("IPC refresh", None, sent, fired, call.called_at, call.answered_at)


def measure(args: argparse.Namespace, work: Path) -> list[RunResult]:
    base: Path | None = args.base.expanduser().resolve() if args.base else None
    results = []
    with private_desktop(tray=True) as desktop:
        for number in range(args.runs):
            if args.only != "ipc":
                lead = args.leads[number % len(args.leads)]
                folder = work / f"scheduler-{number + 1}"
                results.append(scheduler_run(desktop, folder, base, lead))
            if args.only != "scheduler":
                results.append(ipc_run(desktop, work / f"ipc-{number + 1}", base))
    return results


# -------------------------------------------------------------------------------- report


def _after(moment: float | None, due: float) -> str:
    return "-" if moment is None else f"{(moment - due) * 1000:.0f}"


def report(results: Sequence[RunResult], household: str, loads: tuple[float, float]) -> str:
    rows = [
        [
            result.path,
            "-" if result.lead_s is None else f"{result.lead_s:g}",
            _after(result.fired, result.due),
            _after(result.called, result.due),
            _after(result.answered, result.due),
            result.note or "ok",
        ]
        for result in results
    ]
    header = ["path", "lead s", "fired ms", "at daemon ms", "answered ms", "run"]
    lines = [
        f"due time to notification, {household} (load average before: {loads[0]:.2f},"
        f" after: {loads[1]:.2f})",
        "",
        table(header, rows),
        "",
    ]
    for path in ("scheduler", "IPC refresh"):
        delays = [r.delay_ms for r in results if r.path == path and r.valid]
        if delays:
            lines.append(
                f"{path}: median {statistics.median(delays):.0f} ms, max {max(delays):.0f} ms,"
                f" min {min(delays):.0f} ms ({len(delays)} runs)"
            )
    return "\n".join(lines)


@contextlib.contextmanager
def work_folder(chosen: Path | None, keep: bool) -> Iterator[Path]:
    """The folder the runs' households go in; the runs' folders go afterwards unless ``keep``."""
    if chosen is None:
        made = Path(tempfile.mkdtemp(prefix="closeness-bench-rituals-"))
        try:
            yield made
        finally:
            if not keep:
                shutil.rmtree(made, ignore_errors=True)
            else:
                print(f"households and logs kept in {made}", file=sys.stderr)
        return
    chosen = chosen.expanduser().resolve()
    chosen.mkdir(parents=True, exist_ok=True)
    if any(chosen.iterdir()):
        raise BenchError(f"{chosen} is not empty; give an empty or new folder.")
    try:
        yield chosen
    finally:
        if not keep:
            for child in chosen.iterdir():
                shutil.rmtree(child, ignore_errors=True)


def run(args: argparse.Namespace) -> str:
    if args.base is not None:
        household = f"copies of a household of {household_entries(args.base):,} entries"
    else:
        household = "fresh households (two partners, one plan)"
    load_before = os.getloadavg()[0]
    with work_folder(args.data_dir, args.keep) as work:
        results = measure(args, work)
    return report(results, household, (load_before, os.getloadavg()[0]))


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("ritual_delay", build_parser(), run, argv)


if __name__ == "__main__":
    sys.exit(main())
