"""What the desktop benchmarks share: a private desktop, the app in it, and /proc readings.

``bench.idle`` and ``bench.ritual_delay`` run the real app (``python -m closeness_desktop``)
on the private desktop of the desktop tests (:mod:`tests.desktop.harness`: Xvfb, a session
bus, dunst, dbus-monitor and trayer), so run them from the project folder. Everything
they start is stopped, and their temporary folders removed, when they finish.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.common import BenchError
from tests.desktop.harness import BusMessage, Desktop, DesktopError, start_desktop
from tests.desktop.harness import notify_calls as paired_calls

APP_NAME = "Closeness"
#: The main window among the root's children in ``xwininfo -root -children``.
_MAIN_WINDOW = re.compile(r'^\s*(0x[0-9a-f]+) "Closeness": \("closeness" "Closeness"\)\s+(\d+)x')
_CLIENT_MESSAGE = 33  # X11's event type number
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------------------- desktop


@contextlib.contextmanager
def private_desktop(*, tray: bool = True) -> Iterator[Desktop]:
    """A private desktop (with a tray host) in a temporary folder, gone afterwards."""
    with tempfile.TemporaryDirectory(prefix="closeness-bench-desktop-") as root:
        try:
            desktop = start_desktop(Path(root), tray=tray)
        except DesktopError as problem:
            raise BenchError(str(problem)) from None
        try:
            yield desktop
        finally:
            desktop.close()


def app_home_env(home: Path) -> dict[str, str]:
    """XDG folders of one app run under ``home``: its own log, settings and state."""
    folders = {}
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        folder = home / name.lower()
        folder.mkdir(parents=True, exist_ok=True)
        folders[name] = str(folder)
    return folders


def household_entries(data_dir: Path) -> int:
    """How many entries the household in ``data_dir`` holds; :class:`BenchError` if it is
    not set up (the app would wait on its welcome screen)."""
    from bench import startup

    return startup.entry_count(data_dir)


def check_running(desktop: Desktop, process: subprocess.Popen[bytes]) -> None:
    """:class:`BenchError` with the app's errors if it has exited."""
    if process.poll() is not None:
        _out, err = desktop.app_output(process)
        raise BenchError(f"the app exited with {process.returncode}:\n{err[-2000:]}")


# ------------------------------------------------------------------------- notifications


@dataclass(frozen=True)
class NotifyCall:
    """A ``Notify`` call as dbus-monitor saw it, with the times of the call and the reply."""

    summary: str
    body: str
    called_at: float
    answered_at: float | None


def notify_calls(desktop: Desktop) -> list[NotifyCall]:
    """Every ``Notify`` call the daemon received so far, with dbus-monitor's timestamps."""
    return [_notify_call(call, reply) for call, reply in paired_calls(desktop.bus_messages())]


def _notify_call(call: BusMessage, reply: BusMessage | None) -> NotifyCall:
    summary, body = call.args[3], call.args[4]  # app_name, replaces_id, icon come first
    answered = float(reply.header["time"]) if reply is not None else None
    return NotifyCall(str(summary), str(body), float(call.header["time"]), answered)


def wait_for_call(
    desktop: Desktop,
    matches: Callable[[NotifyCall], bool],
    timeout: float,
    process: subprocess.Popen[bytes] | None = None,
) -> NotifyCall | None:
    """The first ``Notify`` call that ``matches`` and was answered, or None after ``timeout``.

    Polls the dbus-monitor log every 20 ms; the times come from the log, not from the poll.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = next((c for c in notify_calls(desktop) if matches(c) and c.answered_at), None)
        if found is not None or time.monotonic() >= deadline:
            return found
        if process is not None:
            check_running(desktop, process)
        time.sleep(0.02)


# ------------------------------------------------------------------------------ windows


def main_window_id(desktop: Desktop) -> int | None:
    """The X id of the app's main window (a top-level ``closeness`` window, not the tray's)."""
    tree = desktop.run(["xwininfo", "-root", "-children"], check=False).stdout
    for line in tree.splitlines():
        found = _MAIN_WINDOW.match(line)
        if found and int(found[2]) > 100:
            return int(found[1], 16)
    return None


def is_viewable(desktop: Desktop, window: int) -> bool:
    info = desktop.run(["xwininfo", "-id", hex(window)], check=False).stdout
    return "Map State: IsViewable" in info


class _ClientMessage(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    )


class _XEvent(ctypes.Union):
    _fields_ = (("xclient", _ClientMessage), ("pad", ctypes.c_long * 24))


def ask_window_to_close(display: str, window: int) -> None:
    """Send ``WM_DELETE_WINDOW`` to ``window``, as a window manager's close button does.

    (``xdotool windowclose`` destroys the window instead, which no user can do.)
    """
    name = ctypes.util.find_library("X11")
    if name is None:
        raise BenchError("libX11 is not installed (Debian: apt install libx11-6).")
    xlib = ctypes.CDLL(name)
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = (ctypes.c_char_p,)
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int)
    xlib.XSendEvent.argtypes = (
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_int,
        ctypes.c_long,
        ctypes.POINTER(_XEvent),
    )
    xlib.XFlush.argtypes = (ctypes.c_void_p,)
    xlib.XCloseDisplay.argtypes = (ctypes.c_void_p,)
    connection = xlib.XOpenDisplay(display.encode())
    if not connection:
        raise BenchError(f"cannot open the X display {display}")
    try:
        event = _XEvent()
        message = event.xclient
        message.type = _CLIENT_MESSAGE
        message.window = window
        message.message_type = xlib.XInternAtom(connection, b"WM_PROTOCOLS", 0)
        message.format = 32
        message.data[0] = xlib.XInternAtom(connection, b"WM_DELETE_WINDOW", 0)
        message.data[1] = 0  # CurrentTime
        xlib.XSendEvent(connection, window, 0, 0, ctypes.byref(event))
        xlib.XFlush(connection)
    finally:
        xlib.XCloseDisplay(connection)


# ----------------------------------------------------------------------------------- /proc


@dataclass(frozen=True)
class ThreadSwitches:
    """One thread's context switches: voluntary (it slept and was woken) and involuntary."""

    name: str
    voluntary: int
    involuntary: int


@dataclass(frozen=True)
class ProcSample:
    """What /proc says about a process at one moment."""

    at: float  # time.monotonic()
    cpu_s: float  # user + system time of all its threads, ended ones included
    rss_kb: int
    threads: Mapping[int, ThreadSwitches]  # by thread id


@dataclass(frozen=True)
class Usage:
    """What a process used between two samples."""

    wall_s: float
    cpu_s: float
    rss_kb: int
    #: switches of each thread alive at the end, by name (and id); a thread that ended in
    #: between is missing, the pool threads Qt retires after 30 s idle, say
    threads: Mapping[str, ThreadSwitches]

    @property
    def voluntary(self) -> int:
        return sum(thread.voluntary for thread in self.threads.values())

    @property
    def involuntary(self) -> int:
        return sum(thread.involuntary for thread in self.threads.values())

    @property
    def core_percent(self) -> float:
        return 100 * self.cpu_s / self.wall_s

    @property
    def wakeups_per_s(self) -> float:
        return self.voluntary / self.wall_s


def sample(pid: int) -> ProcSample:
    """CPU time, resident memory and each thread's context switches, from /proc."""
    proc = Path(f"/proc/{pid}")
    try:
        stat = (proc / "stat").read_text()
        status = _status_fields((proc / "status").read_text())
    except FileNotFoundError:
        raise BenchError(f"process {pid} has exited") from None
    fields = stat[stat.rindex(")") + 2 :].split()
    cpu = (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS  # utime, stime
    threads = {}
    for task in (proc / "task").iterdir():
        try:
            task_status = _status_fields((task / "status").read_text())
        except FileNotFoundError:
            continue  # the thread ended while we looked
        threads[int(task.name)] = ThreadSwitches(
            task_status["Name"],
            int(task_status["voluntary_ctxt_switches"]),
            int(task_status["nonvoluntary_ctxt_switches"]),
        )
    rss = int(status["VmRSS"].split()[0])
    return ProcSample(time.monotonic(), cpu, rss, threads)


def _status_fields(text: str) -> dict[str, str]:
    pairs = (line.split(":", 1) for line in text.splitlines() if ":" in line)
    return {key: value.strip() for key, value in pairs}


def usage_between(before: ProcSample, after: ProcSample) -> Usage:
    """What the process used from ``before`` to ``after``."""
    threads = {}
    for tid, now in sorted(after.threads.items()):
        then = before.threads.get(tid, ThreadSwitches(now.name, 0, 0))
        threads[f"{now.name} ({tid})"] = ThreadSwitches(
            now.name, now.voluntary - then.voluntary, now.involuntary - then.involuntary
        )
    return Usage(after.at - before.at, after.cpu_s - before.cpu_s, after.rss_kb, threads)


def measure_usage(pid: int, seconds: float) -> Usage:
    """What ``pid`` uses over the next ``seconds`` of wall time (this process sleeps)."""
    before = sample(pid)
    time.sleep(seconds)
    return usage_between(before, sample(pid))
