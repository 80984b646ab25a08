"""Does the window stay responsive on a big household? Event-loop stalls while a person uses it.

    python -m bench.responsive --data-dir DIR [--rows 2000] [--profile FILE]

Runs the main window in this process on Qt's offscreen platform (``MainWindow`` and
``attach(Household.open(...))``, as the app does, with temporary settings; no tray
companion), with a heartbeat ``QTimer`` every 5 ms whose gaps show how long the event loop
was blocked: a gap of 5 ms is a free loop; anything longer is time a click or a key would
have waited. Then it drives the window like a person:

* **scroll**: down through ``--rows`` rows, a viewport height every 16 ms (a fast fling),
  pages arriving through ``fetchMore``: how long each page takes from the request to its
  rows in the list, and how often the list threw the view back (moved it up by itself);
* **search**: types "love", "dinner tonight", "café" and "🎉" into the search box one key
  every ``--key-ms`` (80) ms, waits for the results, clears the box; the time from the last
  key to the results on screen (the box waits ``SEARCH_DELAY_MS`` for typing to stop);
* **jump**: ``model.jump_to`` five years back (what the Jump dialog calls), then scrolls
  down 300 rows and back up past the window's top, where newer pages are prepended;
* **newest**: "Go to newest" (``go_to_newest``).

For each phase: the longest gap, the 99th percentile, and the actions just before the
longest gaps. ``--profile FILE`` keeps a cProfile of the GUI thread (load it with
``python -m pstats FILE``).
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from bench.common import (
    BenchError,
    add_household_argument,
    database_file,
    database_url,
    run_main,
    table,
)
from closeness_desktop import heap
from closeness_desktop.clock import SystemClock
from closeness_desktop.household import Household

#: Beats of the heartbeat; a free event loop shows gaps of this length.
BEAT_MS = 5
#: Gaps above this are listed with what the benchmark did just before.
STALL_MS = 50
FRAME_MS = 16
SEARCHES = ("love", "dinner tonight", "café", "🎉")
JUMP_YEARS = 5
#: Rows scrolled down after the jump, before scrolling back up past the window's top.
JUMP_SCROLL_ROWS = 300
WAIT_S = 60.0
PAUSE_MS = 500


@dataclass
class Stall:
    """A long gap between two beats and the last thing done before it."""

    gap_ms: float
    after: str


@dataclass
class PhaseResult:
    """The heartbeat gaps of one phase, and its own timings."""

    name: str
    gaps_ms: list[float]
    stalls: list[Stall]
    notes: list[str] = field(default_factory=list)

    def note_ms(self, label: str, seconds: float) -> None:
        self.notes.append(f"{label}: {seconds * 1000:.0f} ms")

    @property
    def seconds(self) -> float:
        return sum(self.gaps_ms) / 1000

    @property
    def longest(self) -> float:
        return max(self.gaps_ms, default=0.0)

    @property
    def p99(self) -> float:
        if len(self.gaps_ms) < 2:
            return self.longest
        return statistics.quantiles(self.gaps_ms, n=100, method="inclusive")[98]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.responsive",
        description="Measure event-loop stalls of the Closeness window while scrolling,"
        " searching and jumping through a seeded household (offscreen, in this process).",
    )
    add_household_argument(
        parser, "a household folder (make one with python -m bench.seed --entries 100000)"
    )
    parser.add_argument(
        "--rows", type=int, default=2000, metavar="N", help="rows to scroll through (default 2000)"
    )
    parser.add_argument(
        "--key-ms", type=int, default=80, metavar="MS", help="time between keys (default 80)"
    )
    parser.add_argument(
        "--profile", type=Path, metavar="FILE", help="save a cProfile of the GUI thread here"
    )
    return parser


# ------------------------------------------------------------------------------ the loop


def _app() -> object:
    """The QApplication, on the offscreen platform, styled as the app styles it."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from closeness_desktop import APP_ID
    from closeness_desktop.ui import theme

    existing = QApplication.instance()
    if existing is not None:
        return existing
    qapp = QApplication([APP_ID])
    qapp.setStyleSheet(theme.STYLE_SHEET)
    return qapp


class Driver:
    """The window, a heartbeat, and the waits and keystrokes of a person using it."""

    def __init__(self, household: Household, settings_dir: Path) -> None:
        from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer

        from closeness_desktop.ui.main_window import MainWindow

        self.beats: list[float] = []
        self.action = "start"
        self.marks: list[tuple[int, str]] = []  # (beat index, action) for stall attribution
        self.painted_at = 0.0
        self.reset_at = 0.0
        self.household = household
        settings = QSettings(str(settings_dir / "window.ini"), QSettings.Format.IniFormat)
        self.window = MainWindow(settings)
        self.window.show()
        self.window.first_page_shown.connect(heap.settle)
        self.window.attach(household)
        self.page = self.window.timeline_page
        assert self.page.model is not None
        self.model = self.page.model
        self.view = self.page.timeline
        self.heart = QTimer()
        self.heart.setTimerType(Qt.TimerType.PreciseTimer)
        self.heart.setInterval(BEAT_MS)
        self.heart.timeout.connect(self._beat)
        driver = self

        class PaintSpy(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    driver.painted_at = time.perf_counter()
                return False

        self._spy = PaintSpy()
        for widget in (self.view.viewport(), self.page.no_results_page):
            widget.installEventFilter(self._spy)
        for name, signal in (
            ("rows inserted", self.model.rowsInserted),
            ("model reset", self.model.modelReset),
        ):
            signal.connect(lambda *_args, what=name: self.mark(what))
        self.model.reset_done.connect(self._reset)
        self.heart.start()

    def _reset(self, _rows: int) -> None:
        self.reset_at = time.perf_counter()

    def _beat(self) -> None:
        self.beats.append(time.perf_counter())

    def mark(self, action: str) -> None:
        """Note what just happened, to name the stall that may follow."""
        self.action = action
        self.marks.append((len(self.beats), f"{action} ({self.model.rowCount()} rows)"))

    # -- waiting without blocking the loop

    def wait(self, ms: int) -> None:
        """Run the event loop for ``ms`` milliseconds."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait_until(self, condition: Callable[[], bool], what: str, timeout: float = WAIT_S) -> None:
        """Run the event loop until ``condition()`` holds, looking every millisecond."""
        from PySide6.QtCore import QEventLoop, Qt, QTimer

        deadline = time.monotonic() + timeout
        loop = QEventLoop()
        check = QTimer()
        check.setTimerType(Qt.TimerType.PreciseTimer)

        def look() -> None:
            if condition() or time.monotonic() > deadline:
                loop.quit()

        check.timeout.connect(look)
        check.start(1)
        if not condition():
            loop.exec()
        check.stop()
        if not condition():
            raise BenchError(f"timed out after {timeout:.0f} s waiting for {what}")

    def settled(self) -> bool:
        """The search box's text is applied and its answer has arrived."""
        return self.page.settled()

    def answered_after(self, moment: float) -> Callable[[], bool]:
        """A condition: the model was reset after ``moment`` and the search is settled."""
        return lambda: self.reset_at > moment and self.settled()

    def wait_for_paint_after(self, moment: float) -> float:
        """The time of the first paint of the list (or "nothing found") after ``moment``."""
        self.wait_until(lambda: self.painted_at > moment, "the list to paint")
        return self.painted_at

    # -- phases

    @contextmanager
    def phase(self, name: str, results: list[PhaseResult]) -> Iterator[PhaseResult]:
        """Measure the heartbeat gaps of everything done in the ``with`` block."""
        self.wait(PAUSE_MS)
        first = len(self.beats)
        self.marks.clear()
        self.mark(f"{name} begins")
        result = PhaseResult(name, [], [])
        yield result
        self.wait(BEAT_MS * 3)
        beats = self.beats[first:]
        result.gaps_ms = [(b - a) * 1000 for a, b in itertools.pairwise(beats)]
        result.stalls = self._stalls(first, result.gaps_ms)
        results.append(result)

    def _stalls(self, first: int, gaps: list[float]) -> list[Stall]:
        """The longest gaps above :data:`STALL_MS`, each with the last mark before it."""
        stalls = []
        for offset, gap in enumerate(gaps):
            if gap < STALL_MS:
                continue
            index = first + offset
            before = [action for beat, action in self.marks if beat <= index]
            stalls.append(Stall(gap, before[-1] if before else "?"))
        return sorted(stalls, key=lambda stall: -stall.gap_ms)[:5]


# ------------------------------------------------------------------------------ the person


class PageWatch:
    """Times each page the list asks for (``fetchMore``/``fetch_newer``) until its rows are in."""

    def __init__(self, driver: Driver) -> None:
        from closeness_desktop.ui.timeline_pages import Fetch, PageRequest

        self.latencies: list[float] = []
        self._asked: float | None = None
        paging = (Fetch.OLDER, Fetch.NEWER)

        def asked(request: PageRequest) -> None:
            if request.fetch in paging:
                self._asked = time.perf_counter()

        def inserted(*_args: object) -> None:
            if self._asked is not None:
                self.latencies.append(time.perf_counter() - self._asked)
                self._asked = None

        # The model's own request signal (to its loader thread): read, never emitted here.
        driver.model._request.connect(asked)
        driver.model.rowsInserted.connect(inserted)

    def report(self, result: PhaseResult) -> None:
        if self.latencies:
            label = f"page asked for to rows in the list ({len(self.latencies)} pages)"
            result.note_ms(f"{label}, median", statistics.median(self.latencies))
            result.note_ms(f"{label}, longest", max(self.latencies))


def top_row(driver: Driver) -> int:
    """The row at the top of the list (-1 while the list is being laid out)."""
    from PySide6.QtCore import QPoint

    return driver.view.indexAt(QPoint(5, 5)).row()


def scroll(driver: Driver, rows: int, result: PhaseResult) -> None:
    """Fling down a viewport per frame until the top row has moved ``rows`` rows, and count
    how often the list threw the view back (its top row moved up by itself)."""
    bar = driver.view.verticalScrollBar()
    step = driver.view.viewport().height()
    last = top_row(driver)  # the top row after our last scroll
    target = last + rows
    thrown_back: list[int] = []
    deadline = time.monotonic() + WAIT_S * 3
    while last < target:
        if time.monotonic() > deadline:
            raise BenchError(f"scrolling stalled at row {top_row(driver)} of {target}")
        now = top_row(driver)  # -1 while the list lays itself out
        if now >= 0 and last - now > 1:
            thrown_back.append(last - now)
        driver.mark("scroll a viewport down")
        bar.setValue(min(bar.value() + step, bar.maximum()))
        after = top_row(driver)
        last = after if after >= 0 else last
        driver.wait(FRAME_MS)
    if thrown_back:
        result.notes.append(
            f"the list threw the view back {len(thrown_back)} times, by up to"
            f" {max(thrown_back)} rows"
        )


def type_text(driver: Driver, text: str, key_ms: int) -> float:
    """Type ``text`` into the search box a key at a time; the time of the last key."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    box = driver.page.search
    box.setFocus()
    last = time.perf_counter()
    for char in text:
        driver.mark(f"key {char!r} of {text!r}")
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(box, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
        last = time.perf_counter()
        driver.wait(key_ms)
    return last


def search(driver: Driver, terms: Sequence[str], key_ms: int, result: PhaseResult) -> None:
    """Type each term, wait for its results on screen, clear the box."""
    for term in terms:
        last_key = type_text(driver, term, key_ms)
        driver.wait_until(driver.answered_after(last_key), f"the results for {term!r}")
        shown = driver.wait_for_paint_after(driver.reset_at)
        found = driver.model.rowCount()
        result.note_ms(
            f"“{term}” ({found} rows shown): last key to results on screen", shown - last_key
        )
        driver.wait(PAUSE_MS)
        driver.mark(f"clear the search for {term!r}")
        driver.page.search.clear()
        driver.wait_until(driver.settled, "the unfiltered timeline")
        driver.wait(PAUSE_MS)


def jump(driver: Driver, years: int, result: PhaseResult) -> None:
    """Jump ``years`` back, then scroll down and back up past the window's top."""
    clock = driver.household.clock
    target = clock.now().astimezone(clock.local_zone()).date() - timedelta(days=365 * years)
    jumped: list[float] = []
    driver.model.jumped.connect(lambda _row: jumped.append(time.perf_counter()))
    asked = time.perf_counter()
    driver.mark(f"jump to {target}")
    driver.model.jump_to(target)
    driver.wait_until(lambda: bool(jumped), "the jump")
    shown = driver.wait_for_paint_after(jumped[0])
    result.note_ms(f"jump to {target}: asked to on screen", shown - asked)
    pages = PageWatch(driver)
    scroll(driver, JUMP_SCROLL_ROWS, result)
    scroll_up_past_top(driver)
    pages.report(result)


def scroll_up_past_top(driver: Driver, prepends: int = 3) -> None:
    """Scroll up to the window's top, where newer pages are put above, ``prepends`` times."""
    bar = driver.view.verticalScrollBar()
    step = driver.view.viewport().height()
    added: list[int] = []
    driver.model.prepended.connect(added.append)
    deadline = time.monotonic() + WAIT_S
    while len(added) < prepends and driver.model.has_newer:
        if time.monotonic() > deadline:
            raise BenchError("no newer pages arrived at the window's top")
        driver.mark("scroll a viewport up")
        bar.setValue(max(bar.value() - step, 0))
        driver.wait(FRAME_MS)


def newest(driver: Driver, result: PhaseResult) -> None:
    """Go to newest, as View ▸ Go to newest does."""
    asked = time.perf_counter()
    driver.mark("go to newest")
    driver.page.go_to_newest()
    driver.wait_until(lambda: not driver.model.has_newer and not driver.model.loading, "newest")
    shown = driver.wait_for_paint_after(asked)
    result.note_ms("go to newest: asked to on screen", shown - asked)


# ------------------------------------------------------------------------------- running


def drive(driver: Driver, args: argparse.Namespace) -> list[PhaseResult]:
    """All phases, in order, after the first page is on screen."""
    results: list[PhaseResult] = []
    driver.wait_until(lambda: driver.page.stack.currentWidget() is driver.view, "first page")
    with driver.phase("idle (1 s, for reference)", results):
        driver.wait(1000)
    with driver.phase(f"scroll down through {args.rows:,} rows", results) as result:
        pages = PageWatch(driver)
        scroll(driver, args.rows, result)
        pages.report(result)
    with driver.phase("type four searches", results) as result:
        driver.view.scrollToTop()
        search(driver, SEARCHES, args.key_ms, result)
    with driver.phase(f"jump {JUMP_YEARS} years back, scroll", results) as result:
        jump(driver, JUMP_YEARS, result)
    with driver.phase("go to newest", results) as result:
        newest(driver, result)
    return results


def report(results: Sequence[PhaseResult], entries: str, load: float) -> str:
    rows = [
        [r.name, f"{r.seconds:.1f}", f"{len(r.gaps_ms) + 1:,}", f"{r.longest:.0f}", f"{r.p99:.1f}"]
        for r in results
    ]
    lines = [
        f"event-loop stalls, {entries}, offscreen, heartbeat every {BEAT_MS} ms"
        f" (load average before: {load:.2f})",
        "",
        table(["phase", "took s", "beats", "longest gap ms", "p99 gap ms"], rows),
    ]
    for result in results:
        details = [f"  {note}" for note in result.notes]
        details += [
            f"  stall {stall.gap_ms:.0f} ms after: {stall.after}" for stall in result.stalls
        ]
        if details:
            lines += ["", result.name, *details]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> str:
    data_dir: Path = args.data_dir.expanduser().resolve()
    if not database_file(data_dir).is_file():
        raise BenchError(f"{data_dir} holds no household; make one with python -m bench.seed.")
    load = os.getloadavg()[0]
    heap.hold()  # as the app does, until its first page is on screen
    _app()
    household = Household.open(database_url(data_dir), SystemClock())
    profile = cProfile.Profile() if args.profile else None
    try:
        entries = f"{household.entries.count():,} entries"
        with tempfile.TemporaryDirectory(prefix="closeness-bench-settings-") as settings_dir:
            driver = Driver(household, Path(settings_dir))
            try:
                if profile is not None:
                    profile.enable()
                results = drive(driver, args)
            finally:
                if profile is not None:
                    profile.disable()
                driver.heart.stop()
                driver.window.detach()
                driver.window.close()
                driver.window.deleteLater()
    finally:
        household.close()
    if profile is not None:
        profile.dump_stats(str(args.profile))
    return report(results, entries, load)


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("responsive", build_parser(), run, argv)


if __name__ == "__main__":
    sys.exit(main())
