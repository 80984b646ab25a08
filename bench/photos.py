"""Photos on the timeline: thumbnails the first and the second time, scrolling past cards
with photos, and the memory it takes to browse a thousand of them.

    python -m bench.seed --entries 100000 --data-dir DIR
    python -m bench.photos --data-dir DIR [--memories 250]

Adds ``--memories`` memories of four photos each, and one of 20, dated today so they sit
at the top of the timeline (copies of tests/data/photos JPEGs, each with one pixel
changed, so that every copy is a photo of its own). Then, offscreen, in this process:

* **20 photos, first time**: the 20 thumbnails of one memory made from the originals
  and read through the window's :class:`Thumbnails` cache, until the last is ready;
* **20 photos, second time**: the same through a new cache (the thumbnail files are
  on disk now), and then from the cache in memory;
* **scroll**: the main window, a heartbeat ``QTimer`` every 5 ms; the timeline scrolled
  through the cards with photos a viewport every 16 ms; the longest gap of the heartbeat;
* **browse 1,000**: every photo's thumbnail through one cache; the process's RSS before
  and after.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from bench.common import BenchError, add_household_argument, database_url, positive_int, run_main
from closeness_desktop.clock import SystemClock
from closeness_desktop.household import Household
from closeness_desktop.records import Draft, PhotoInfo

SAMPLES = Path(__file__).parents[1] / "tests" / "data" / "photos"
BEAT_MS = 5
FRAME_MS = 16


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.photos",
        description="Measure thumbnails, scrolling past photos and memory use (offscreen).",
    )
    add_household_argument(
        parser, "a household folder (make one with python -m bench.seed --entries 100000)"
    )
    parser.add_argument(
        "--memories", type=positive_int, default=250, metavar="N",
        help="memories of four photos to add (default 250: 1,000 photos)",
    )  # fmt: skip
    return parser


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _copies(folder: Path, count: int) -> list[Path]:
    from PIL import Image

    samples = sorted(SAMPLES.glob("*.jpg"))
    if not samples:
        raise BenchError(f"no sample photos in {SAMPLES}")
    made = []
    for number in range(count):
        with Image.open(samples[number % len(samples)]) as image:
            picture = image.convert("RGB")
        # This run's own photos: another run's thumbnails on disk would not be "first".
        picture.putpixel((0, 0), (number % 256, number // 256 % 256, os.getpid() % 256))
        picture.putpixel((1, 0), (os.getpid() // 256 % 256, 0, 0))
        path = folder / f"photo-{number:05}.jpg"
        picture.save(path, quality=90)
        made.append(path)
    return made


def _add(household: Household, memories: int, folder: Path) -> tuple[list[PhotoInfo], float]:
    author = household.partners.all()[0].id
    zone = household.clock.local_zone()
    paths = _copies(folder, memories * 4 + 20)
    started = time.perf_counter()
    big = Draft.memory(author, "Twenty photos", date.today(), zone, text="The whole album")
    _record, twenty = household.photos.add_memory(big, paths[:20])
    for number in range(memories):
        draft = Draft.memory(author, f"Memory {number}", date.today(), zone, text="A day out")
        household.photos.add_memory(draft, paths[20 + 4 * number : 24 + 4 * number])
    return twenty, time.perf_counter() - started


def _until(app: object, done: Callable[[], bool], limit: float = 120.0) -> float:
    from PySide6.QtWidgets import QApplication

    started = time.perf_counter()
    while not done():
        QApplication.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - started > limit:
            raise BenchError("waited more than two minutes for thumbnails")
    return time.perf_counter() - started


def _show(app: object, household: Household, photos: Sequence[PhotoInfo], cache: object) -> float:
    from closeness_desktop.ui.card_photos import THUMB_PIXELS
    from closeness_desktop.ui.thumbnail_cache import Thumbnails

    assert isinstance(cache, Thumbnails)
    started = time.perf_counter()

    def made(photo: PhotoInfo) -> Callable[[], Path]:
        return lambda: household.photos.thumbnail(photo, THUMB_PIXELS)

    # Counted as they arrive: past the cache's budget the oldest go again, as they
    # would while a person browses on.
    keys = {f"{p.sha256}:{THUMB_PIXELS}": p for p in photos}
    here = {key for key, p in keys.items() if cache.pixmap(key, made(p), THUMB_PIXELS)}
    cache.ready.connect(lambda key: here.add(key) if key in keys else None)

    def all_here() -> bool:
        return len(here) == len(keys)

    _until(app, all_here)
    return time.perf_counter() - started


def _scroll_stall(app: object, household: Household, rows: int) -> float:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from closeness_desktop.ui.main_window import MainWindow

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "w.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings)
    window.resize(1100, 800)
    window.show()
    window.attach(household)
    page = window.timeline_page
    _until(app, lambda: page.model is not None and page.model.rowCount() > 0)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(beat)
    timer.start(BEAT_MS)
    bar = page.timeline.verticalScrollBar()
    model = page.model
    assert model is not None
    while model.rowCount() < rows and model.canFetchMore():
        model.fetchMore()
        _until(app, lambda: not model.loading)
    page.timeline.lay_out_now()
    last[0] = time.perf_counter()
    gaps.clear()
    step = page.timeline.viewport().height()
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + step)
        end = time.perf_counter() + FRAME_MS / 1000
        while time.perf_counter() < end:
            QApplication.processEvents()
    timer.stop()
    page.photos.thumbnails.wait()
    window.detach()
    window.close()
    return max(gaps, default=0.0)


def run(args: argparse.Namespace) -> str:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from closeness_desktop.ui.thumbnail_cache import Thumbnails

    app = QApplication.instance() or QApplication(["closeness-bench"])
    household = Household.open(database_url(args.data_dir), SystemClock())
    try:
        with tempfile.TemporaryDirectory() as folder:
            twenty, added_s = _add(household, args.memories, Path(folder))
        first = _show(app, household, twenty, Thumbnails())
        second = _show(app, household, twenty, Thumbnails())
        warm_cache = Thumbnails()
        _show(app, household, twenty, warm_cache)
        in_memory = _show(app, household, twenty, warm_cache)
        stall = _scroll_stall(app, household, args.memories + 40)
        every = [
            p for ps in household.photos.of_entries(_photo_entries(household)).values() for p in ps
        ]
        before = _rss_mb()
        browse = Thumbnails()
        browse_s = _show(app, household, every[:1000], browse)
        after = _rss_mb()
    finally:
        household.close()
    return "\n".join(
        [
            f"added {args.memories} memories of 4 photos and one of 20 in {added_s:.1f} s",
            f"20 thumbnails, first time (made from the originals): {first * 1000:.0f} ms",
            f"20 thumbnails, second time (files on disk, new cache): {second * 1000:.0f} ms",
            f"20 thumbnails, from the cache in memory: {in_memory * 1000:.1f} ms",
            f"longest event-loop gap scrolling {args.memories + 40} rows: {stall * 1000:.0f} ms",
            f"browsing {min(len(every), 1000)} thumbnails: {browse_s:.1f} s,"
            f" RSS {before:.0f} MB -> {after:.0f} MB (cache {browse.kept_bytes / 2**20:.0f} MB,"
            f" {len(browse.problems)} could not be shown)",
        ]
    )


def _photo_entries(household: Household) -> list[uuid.UUID]:
    from closeness_desktop.records import EntryKind, TimelineFilter

    page = household.entries.page(TimelineFilter(kinds=frozenset({EntryKind.MEMORY})), limit=2000)
    return [row.id for row in page.rows]


def main(argv: Sequence[str] | None = None) -> int:
    return run_main("photos", build_parser(), run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
