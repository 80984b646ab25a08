"""What Closeness costs while it sits in the tray: CPU time and wake-ups of an idle app.

    python -m bench.idle --data-dir DIR [--seconds 60]

Starts ``python -m closeness_desktop --data-dir DIR`` on a private desktop with a tray host
(Xvfb, a session bus, dunst and trayer, from ``tests.desktop.harness``), waits until it has
settled (its first greeting reached the notification daemon, or 5 s, then ``--settle``
more seconds) and reads its CPU time (user + system, all threads, ``/proc/PID/stat``) and
context switches (``/proc/PID/task/*/status``) before and after ``--seconds`` of wall time:

1. with its window open and untouched,
2. with the window closed as a window manager closes it (``WM_DELETE_WINDOW``), so the app
   hides in the tray, as it spends most of its life.

For scale, the same is measured for a bare PySide6 tray icon (``QSystemTrayIcon``, no
window) on the same desktop. Voluntary context switches count how often a thread went to
sleep and was woken: the wake-ups. The app writes to the household as it does for a user
(its arrival, delivered notes), like ``bench.startup``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.common import BenchError, add_household_argument, run_main, table
from bench.desktop_session import (
    APP_NAME,
    Usage,
    ask_window_to_close,
    check_running,
    household_entries,
    is_viewable,
    main_window_id,
    measure_usage,
    private_desktop,
    wait_for_call,
)
from tests.desktop.harness import Desktop, ScriptChild

SETTLE_TIMEOUT_S = 5.0
HIDE_TIMEOUT_S = 10.0
#: The floor: a tray icon and nothing else. It quits when its stdin closes.
BARE_TRAY = """
import json, sys
from PySide6.QtCore import QSocketNotifier
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

app = QApplication(sys.argv[:1])
app.setQuitOnLastWindowClosed(False)
pixmap = QPixmap(22, 22)
pixmap.fill(QColor("#C8566B"))
icon = QSystemTrayIcon(QIcon(pixmap))
icon.show()
stdin = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
stdin.activated.connect(lambda: sys.stdin.read() or app.quit())
print(json.dumps(["ready"]), flush=True)
sys.exit(app.exec())
"""


@dataclass(frozen=True)
class Phase:
    """One measured stretch: what ran, in which state, and what it used."""

    label: str
    usage: Usage


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.idle",
        description="Measure the CPU time and wake-ups of Closeness idle in the tray, on a"
        " private desktop (Xvfb, D-Bus, dunst, trayer), against a bare PySide6 tray icon.",
    )
    add_household_argument(parser)
    parser.add_argument(
        "--seconds",
        type=_positive_float,
        default=60.0,
        metavar="S",
        help="wall seconds measured in each state (default 60)",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=2.0,
        metavar="S",
        help="seconds to wait after the greeting (or the 5 s) before measuring (default 2)",
    )
    parser.add_argument(
        "--no-floor", action="store_true", help="skip the bare tray icon measurement"
    )
    parser.add_argument(
        "--threads", action="store_true", help="also print the wake-ups of each thread"
    )
    return parser


def _positive_float(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise argparse.ArgumentTypeError("it must be more than 0")
    return number


def wait_settled(desktop: Desktop, process: subprocess.Popen[bytes], settle: float) -> str:
    """Until the app's first greeting reached the daemon (or 5 s), then ``settle`` more."""
    began = time.monotonic()
    greeting = wait_for_call(desktop, lambda _call: True, SETTLE_TIMEOUT_S, process)
    waited = time.monotonic() - began
    time.sleep(settle)
    check_running(desktop, process)
    if greeting is None:
        return f"no greeting within {SETTLE_TIMEOUT_S:.0f} s"
    return f"greeting “{greeting.summary}” after {waited:.1f} s"


def hide_to_tray(desktop: Desktop, process: subprocess.Popen[bytes], settle: float) -> None:
    """Close the main window as a window manager would; the app hides it in the tray."""
    window = main_window_id(desktop)
    if window is None:
        raise BenchError("the app's main window is not on the screen")
    ask_window_to_close(desktop.display, window)
    deadline = time.monotonic() + HIDE_TIMEOUT_S
    while is_viewable(desktop, window):
        check_running(desktop, process)
        if time.monotonic() > deadline:
            raise BenchError("the app did not hide its window when asked to close it")
        time.sleep(0.05)
    # The first time, the app says (once) that it keeps running in the tray.
    told = wait_for_call(desktop, lambda call: "still here" in call.summary, HIDE_TIMEOUT_S)
    print(f"window hidden; “still here” notification: {told is not None}", file=sys.stderr)
    time.sleep(settle)
    check_running(desktop, process)


def measure_app(desktop: Desktop, data_dir: Path, seconds: float, settle: float) -> list[Phase]:
    """The app with its window open, then hidden in the tray."""
    process = desktop.run_app([], data_dir)
    try:
        settled = wait_settled(desktop, process, settle)
        print(f"app settled: {settled}", file=sys.stderr)
        if main_window_id(desktop) is None:
            raise BenchError("the app's main window is not on the screen")
        window_open = measure_usage(process.pid, seconds)
        check_running(desktop, process)
        hide_to_tray(desktop, process, settle)
        hidden = measure_usage(process.pid, seconds)
        check_running(desktop, process)
    finally:
        desktop.stop_app(process)
    return [
        Phase(f"{APP_NAME}, window open, untouched", window_open),
        Phase(f"{APP_NAME}, window closed (hidden in the tray)", hidden),
    ]


def measure_floor(desktop: Desktop, seconds: float, settle: float) -> Phase:
    """A bare PySide6 tray icon on the same desktop."""
    script: ScriptChild = desktop.python_script(BARE_TRAY)
    try:
        script.wait_for("ready")
        time.sleep(settle)
        usage = measure_usage(script.process.pid, seconds)
    finally:
        script.kill()
    return Phase("bare PySide6 tray icon (no window)", usage)


def report(entries: int, seconds: float, loads: tuple[float, float], phases: list[Phase]) -> str:
    rows = [
        [
            phase.label,
            f"{phase.usage.cpu_s:.2f}",
            f"{phase.usage.core_percent:.2f}",
            f"{phase.usage.voluntary:,}",
            f"{phase.usage.wakeups_per_s:.1f}",
            f"{phase.usage.involuntary:,}",
            f"{phase.usage.rss_kb / 1024:.0f}",
        ]
        for phase in phases
    ]
    header = [
        "process, state",
        "CPU s",
        "% of a core",
        "wake-ups",
        "wake-ups/s",
        "preempted",
        "RSS MB",
    ]
    return "\n".join(
        [
            f"idle for {seconds:g} s each, household of {entries:,} entries, private Xvfb"
            f" desktop with trayer and dunst (load average before: {loads[0]:.2f},"
            f" after: {loads[1]:.2f})",
            "",
            table(header, rows),
        ]
    )


def thread_report(phases: list[Phase]) -> str:
    """Wake-ups and preemptions of each thread, per phase."""
    parts = []
    for phase in phases:
        threads = sorted(phase.usage.threads.items(), key=lambda item: -item[1].voluntary)
        rows = [[name, f"{t.voluntary:,}", f"{t.involuntary:,}"] for name, t in threads]
        parts.append(f"\n{phase.label}\n\n" + table(["thread", "wake-ups", "preempted"], rows))
    return "\n".join(parts)


def run(args: argparse.Namespace) -> str:
    data_dir: Path = args.data_dir.expanduser().resolve()
    entries = household_entries(data_dir)
    load_before = os.getloadavg()[0]
    with private_desktop(tray=True) as desktop:
        phases = measure_app(desktop, data_dir, args.seconds, args.settle)
        if not args.no_floor:
            phases.append(measure_floor(desktop, args.seconds, args.settle))
    output = report(entries, args.seconds, (load_before, os.getloadavg()[0]), phases)
    if args.threads:
        output += "\n" + thread_report(phases)
    return output


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("idle", build_parser(), run, argv)


if __name__ == "__main__":
    sys.exit(main())
