"""Start-up time: a bare PySide6 window against Closeness showing its first timeline page.

    python -m bench.startup --data-dir DIR [--runs 5] [--xvfb]

Each run starts a fresh process and measures from just before ``Popen`` to the wall-clock
times the child prints: a tiny script that shows a ``QMainWindow`` with a ``QLabel`` (the
floor any PySide6 app pays) prints once it has painted; ``python -m closeness_desktop
--data-dir DIR`` with ``CLOSENESS_BENCH_FIRST_PAINT`` set prints two marks, then quits:

* ``first-page-painted <time>`` once the timeline has painted its first rows, before the
  tray companion starts;
* ``arrival-done <time>`` once the companion's start (the arrival: greeting, waiting notes,
  a settings write) has returned and the event loop is about to wait again.

Both run under the same display: Qt's offscreen platform by default, or an Xvfb server this
script starts (``--xvfb``). The children get temporary XDG folders, ``TMPDIR`` and bytecode
cache, so the user's own settings and logs are untouched; one untimed warm-up run of each
writes that cache, as an installed app has its bytecode.

The last two lines printed are ``ratio, first page: N.NN`` and ``ratio, arrival done:
N.NN``: the median app time to each mark over the median bare time.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.common import (
    BenchError,
    Summary,
    add_household_argument,
    database_file,
    ms,
    positive_int,
    run_main,
    table,
)
from closeness_desktop.app import BENCH_ENV

#: Printed by ``closeness_desktop.app._bench_hook``, in this order.
FIRST_PAGE_MARK = "first-page-painted"
ARRIVAL_MARK = "arrival-done"
BARE_MARK = "bare-window-painted"
XVFB_SCREEN = "1280x800x24"
XVFB_WAIT_S = 10.0
TAIL_CHARS = 2000
#: Not passed on: Qt and XDG settings, the app's own switches (data folder, fake clock...)
#: and the caller's desktop bus, so both children start alike on any machine.
DROPPED_PREFIXES = (
    "XDG_",
    "QT_",
    "CLOSENESS_",
    "DBUS_SESSION_BUS_ADDRESS",
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONPYCACHEPREFIX",
)

#: The floor: the least a PySide6 window costs to start and paint, on the same display.
BARE_WINDOW = f"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class Label(QLabel):
    painted = False

    def paintEvent(self, event):
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, report)

def report():
    print(f"{BARE_MARK} {{time.time():.6f}}", flush=True)
    QApplication.quit()

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(Label("Closeness"))
window.resize(900, 700)
window.show()
sys.exit(app.exec())
"""


@dataclass(frozen=True)
class Child:
    """A process to time: what to run, its environment, and the marks it prints (in order)."""

    label: str
    argv: Sequence[str]
    env: Mapping[str, str]
    marks: tuple[str, ...]


@dataclass(frozen=True)
class Timings:
    """The medians of the bare window and of the app to each of its marks."""

    bare: Summary
    first_page: Summary
    arrival: Summary


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.startup",
        description="Time Closeness to its first painted timeline page and to the end of"
        " the arrival work after it, against a bare PySide6 window on the same display.",
    )
    add_household_argument(parser)
    parser.add_argument(
        "--runs", type=positive_int, default=5, metavar="N", help="timed runs of each (default 5)"
    )
    parser.add_argument(
        "--warmup",
        type=positive_int,
        default=1,
        metavar="N",
        help="untimed runs of each first, which also compile the bytecode (default 1)",
    )
    parser.add_argument(
        "--xvfb",
        action="store_true",
        help="start an Xvfb server and use Qt's xcb platform (default: offscreen platform)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="give up on a child that has not printed its marks and quit by then (default 60)",
    )
    return parser


def isolated_env(home: Path, display: Mapping[str, str]) -> dict[str, str]:
    """The environment for the children: XDG folders under ``home``, and ``display``.

    Bytecode is cached under ``home`` (written by the warm-up run), as an installed app has
    it, even where ``PYTHONDONTWRITEBYTECODE`` is set, and without writing into the project.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith(DROPPED_PREFIXES)}
    for name in ("config", "data", "state", "cache", "runtime", "tmp", "pycache"):
        folder = home / name
        folder.mkdir(mode=0o700, exist_ok=True)
    env |= {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
        "TMPDIR": str(home / "tmp"),
        "PYTHONPYCACHEPREFIX": str(home / "pycache"),
        **display,
    }
    return env


@contextlib.contextmanager
def xvfb_display() -> Iterator[dict[str, str]]:
    """Run an Xvfb server for the duration; yields the environment that points Qt at it."""
    program = shutil.which("Xvfb")
    if program is None:
        raise BenchError("Xvfb is not installed (Debian: apt install xvfb).")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [program, "-displayfd", str(write_end), "-screen", "0", XVFB_SCREEN, "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], XVFB_WAIT_S)
        number = os.read(read_end, 64).decode().strip() if ready else ""
        if not number:
            raise BenchError(f"Xvfb did not start within {XVFB_WAIT_S:.0f} s.")
        yield {"DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
    finally:
        os.close(read_end)
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _tail(text: str) -> str:
    text = text.strip()
    return text[-TAIL_CHARS:] if text else "(nothing)"


def time_child(child: Child, timeout: float) -> list[float]:
    """Seconds from just before starting ``child`` to each of its marks, in their order."""
    started = time.time()
    process = subprocess.Popen(
        child.argv,
        env=dict(child.env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        raise BenchError(
            f"{child.label} did not paint and quit within {timeout:.0f} s; its output:\n"
            f"{_tail(out)}\nits errors:\n{_tail(err)}"
        ) from None
    printed: dict[str, float] = {}
    for line in out.splitlines():
        name, _, value = line.partition(" ")
        if name in child.marks and name not in printed:
            printed[name] = float(value) - started
    missing = [mark for mark in child.marks if mark not in printed]
    if missing:
        raise BenchError(
            f"{child.label} exited ({process.returncode}) without printing"
            f" {', '.join(f'“{mark}”' for mark in missing)}; its errors:\n{_tail(err)}"
        )
    return [printed[mark] for mark in child.marks]


def entry_count(data_dir: Path) -> int:
    """How many entries the household holds (read only, without the app's store).

    :class:`BenchError` if it is not set up: the app would wait on its welcome screen.
    """
    uri = f"{database_file(data_dir).as_uri()}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as connection:
            partners = int(connection.execute("SELECT count(*) FROM partners").fetchone()[0])
            entries = int(connection.execute("SELECT count(*) FROM entries").fetchone()[0])
    except sqlite3.Error as problem:
        raise BenchError(f"{data_dir} is not a Closeness household ({problem}).") from None
    if partners != 2 or not entries:
        raise BenchError(
            f"{data_dir} is not set up with entries; seed it with python -m bench.seed."
        )
    return entries


def children(data_dir: Path, env: Mapping[str, str]) -> tuple[Child, Child]:
    """The bare window and the app, both started by this Python."""
    bare = Child("the bare PySide6 window", [sys.executable, "-c", BARE_WINDOW], env, (BARE_MARK,))
    app = Child(
        "Closeness",
        [sys.executable, "-m", "closeness_desktop", "--data-dir", str(data_dir)],
        {**env, BENCH_ENV: "1"},
        (FIRST_PAGE_MARK, ARRIVAL_MARK),
    )
    return bare, app


def measure(pair: tuple[Child, Child], runs: int, warmup: int, timeout: float) -> Timings:
    """Alternate bare and app runs, so both see the same state of the machine."""
    bare_times: list[float] = []
    page_times: list[float] = []
    arrival_times: list[float] = []
    for run in range(warmup + runs):
        (bare_time,) = time_child(pair[0], timeout)
        page_time, arrival_time = time_child(pair[1], timeout)
        if run >= warmup:
            bare_times.append(bare_time)
            page_times.append(page_time)
            arrival_times.append(arrival_time)
    return Timings(Summary.of(bare_times), Summary.of(page_times), Summary.of(arrival_times))


def report(platform: str, entries: int, load: float, timings: Timings) -> str:
    bare = timings.bare
    rows = [
        [label, ms(s.median), ms(s.low), ms(s.high)]
        for label, s in (
            ("bare PySide6 window (QMainWindow + QLabel)", bare),
            (f"Closeness, first timeline page ({entries:,} entries)", timings.first_page),
            ("Closeness, arrival work done (greeting, waiting notes)", timings.arrival),
        )
    ]
    return "\n".join(
        [
            f"start-up to the first page and the arrival, {platform}, {bare.runs} runs each"
            f" (load average before: {load:.2f})",
            "",
            table(["process", "median ms", "min ms", "max ms"], rows),
            "",
            f"ratio, first page: {timings.first_page.median / bare.median:.2f}",
            f"ratio, arrival done: {timings.arrival.median / bare.median:.2f}",
        ]
    )


def run(args: argparse.Namespace) -> str:
    data_dir: Path = args.data_dir.expanduser().resolve()
    if not database_file(data_dir).is_file():
        raise BenchError(f"{data_dir} holds no household; make one with python -m bench.seed.")
    entries = entry_count(data_dir)
    load = os.getloadavg()[0]
    with (
        tempfile.TemporaryDirectory(prefix="closeness-bench-") as home,
        contextlib.ExitStack() as stack,
    ):
        if args.xvfb:
            display = stack.enter_context(xvfb_display())
            platform = f"Xvfb {display['DISPLAY']} (xcb)"
        else:
            display = {"QT_QPA_PLATFORM": "offscreen"}
            platform = "offscreen platform"
        env = isolated_env(Path(home), display)
        timings = measure(children(data_dir, env), args.runs, args.warmup, args.timeout)
    return report(platform, entries, load, timings)


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("startup", build_parser(), run, argv)


if __name__ == "__main__":
    sys.exit(main())
