"""“Our year” as a PDF: printed through Qt for real, then read back with poppler's
``pdftotext`` and ``pdfinfo``; and File > "Our year as a PDF…" driven like a person would."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household
from closeness_desktop.ui.keepsake import OurYear
from closeness_desktop.ui.keepsake_pdf import (
    MARGINS_MM,
    Keepsake,
    Progress,
    default_paper,
    make_pdf,
)
from closeness_desktop.ui.main_window import MainWindow
from tests.keepsake_year import (
    HOSTILE,
    LEFT_OUT,
    LONG_WORD,
    PANCAKES,
    YEAR,
    kept_words,
    note,
    pancake_days,
    repeating_date_night,
    seed_year,
)
from tests.ui.window_helpers import menu_action

WAIT_MS = 30_000
MONTHS = ("January", "February", "April", "June", "July", "August", "October", "December")
BYLINE = re.compile(r"· (Love note from|Memory, kept by|Date night, planned by) ")


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, (
        f"the keepsake tests read PDFs with {name} (poppler-utils; quickstart installs it)"
    )
    return found


def saved(keepsake: Keepsake, folder: Path) -> Path:
    path = folder / "our-year.pdf"
    path.write_bytes(keepsake.data)
    return path


def pdf_text(path: Path, page: int | None = None) -> str:
    pages = [] if page is None else ["-f", str(page), "-l", str(page)]
    command = [_tool("pdftotext"), "-layout", *pages, str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    result = subprocess.run(
        [_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    )
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in result.stdout.splitlines())
    }


def words_outside_the_margins(path: Path) -> list[str]:
    """Words whose box reaches past the left or right margin of their page."""
    command = [_tool("pdftotext"), "-bbox", str(path), "-"]
    boxes = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    outside = []
    width = 0.0
    left = MARGINS_MM.left() / 25.4 * 72
    right = MARGINS_MM.right() / 25.4 * 72
    for line in boxes.splitlines():
        if page := re.search(r'<page width="([\d.]+)"', line):
            width = float(page.group(1))
        elif word := re.search(
            r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)".*>(.*)</word>', line
        ):
            x_min, x_max = float(word.group(1)), float(word.group(2))
            if x_min < left - 1 or x_max > width - right + 1:
                outside.append(word.group(3)[:30])
    return outside


def flat(text: str) -> str:
    """Words with single spaces; ligatures ("ﬁ") as their letters (NFKC)."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


# -- the PDF --------------------------------------------------------------------------------


def test_an_empty_year_prints_a_warm_nothing_yet_page(
    qapp: QApplication, household: Household, tmp_path: Path
) -> None:
    keepsake = make_pdf(household, 2031, "A4")
    path = saved(keepsake, tmp_path)

    assert keepsake.book.empty
    assert keepsake.pages == 2 == int(pdf_info(path)["Pages"])
    title, page = flat(pdf_text(path, 1)), flat(pdf_text(path, 2))
    assert "Our year 2031" in title
    assert "Sam & Alex" in title
    assert "Nothing kept from 2031 yet" in page
    assert "still yours to fill" in page


def test_a_year_with_every_kind_keeps_memories_date_nights_and_notes(
    qapp: QApplication, household: Household, clock: FakeClock, tmp_path: Path
) -> None:
    seed_year(household, clock)

    keepsake = make_pdf(household, YEAR, "A4")
    path = saved(keepsake, tmp_path)
    text = flat(pdf_text(path))
    info = pdf_info(path)

    assert info["Title"] == "Our year 2026 — Sam & Alex"
    assert info["Creator"] == "Closeness"
    assert int(info["Pages"]) == keepsake.pages
    assert "3 memories · 3 date nights · 5 love notes" in text
    for words in kept_words():
        assert flat(words) in text
    for words in LEFT_OUT:
        assert words not in text
    headings = [line.strip() for line in pdf_text(path).splitlines() if line.strip() in MONTHS]
    assert headings == list(MONTHS)  # in order; nothing in March (cancelled) or May (trash)
    assert "Saturday 14 February, 19:30 · Date night, planned by Alex" in text
    assert "Sunday 18 January · Memory, kept by Sam" in text
    assert "Saturday 3 January, 07:40 · Love note from Alex to Sam" in text


def test_a_repeating_date_night_prints_each_evening_of_the_year(
    qapp: QApplication, household: Household, clock: FakeClock, tmp_path: Path
) -> None:
    seed_year(household, clock)
    repeating_date_night(household, clock)

    path = saved(make_pdf(household, YEAR, "A4"), tmp_path)
    text = flat(pdf_text(path))

    assert "3 memories · 13 date nights · 5 love notes" in text
    assert text.count(PANCAKES[1]) == len(pancake_days()) == 10
    assert text.count(PANCAKES[3]) == 1  # the plan's notes, with its first evening
    assert "Sunday 4 January, 10:00 · Date night, planned by Sam" in text
    assert (
        "Saturday 4 July, 10:00 · Date night, planned by Sam Pancake breakfast at the lake" in text
    )
    assert "Sunday 6 December, 10:00" in text
    for gone in ("Sunday 1 March", "Sunday 3 May", "Sunday 5 July", "Sunday 2 November"):
        assert gone not in text  # skipped, cancelled, moved away, the year before
    assert "Keep for Our year" not in text  # notes are kept: nothing to explain


def test_a_year_without_a_kept_note_says_how_to_keep_one(
    qapp: QApplication, household: Household, clock: FakeClock, tmp_path: Path
) -> None:
    note(household, clock, date(YEAR, 2, 15), "Not marked, so not printed.", by="Sam", kept=False)
    repeating_date_night(household, clock)

    path = saved(make_pdf(household, YEAR, "A4"), tmp_path)

    title = flat(pdf_text(path, 1))
    assert "10 date nights" in title
    assert (
        "Mark a note with Keep for Our year on the timeline and it will be printed here." in title
    )
    assert "Not marked" not in flat(pdf_text(path))


def test_hostile_text_is_printed_as_it_is_and_keeps_to_the_page(
    qapp: QApplication, household: Household, clock: FakeClock, tmp_path: Path
) -> None:
    for day, words in enumerate((*HOSTILE, LONG_WORD, "The note after the long one."), start=1):
        note(household, clock, date(YEAR, 9, day), words, by="Sam")

    keepsake = make_pdf(household, YEAR, "A4")
    path = saved(keepsake, tmp_path)
    raw = pdf_text(path)
    text = flat(raw)

    assert '<script>alert("hi")</script><b>not bold</b> & &amp; </p></body><h1>no</h1>' in text
    assert "[31mred[0m" in text
    assert not set("\x00\x07\x1b") & set(raw)
    assert "שלום" in text
    assert "Sunday pancakes" in text
    assert "The note after the long one." in text
    # Every character of the long note is there, once: no page holds another's words.
    # (Page numbers fall between its lines; its own characters hold no digit.)
    assert re.sub(r"\d|\s", "", raw).count(LONG_WORD) == 1
    assert keepsake.pages >= 5  # 20,000 characters run over several pages...
    assert words_outside_the_margins(path) == []  # ...and wrap inside them


def test_the_page_count_grows_with_the_year(
    qapp: QApplication, household: Household, clock: FakeClock
) -> None:
    counts = []
    written = 0
    for total in (0, 30, 150):
        for number in range(written, total):
            day = date(YEAR, 1 + number % 12, 1 + number % 28)
            note(
                household,
                clock,
                day,
                f"Note {number}: " + "you make the days lighter. " * 6,
                by="Sam",
            )
        written = total
        counts.append(make_pdf(household, YEAR, "A4").pages)

    assert counts[0] == 2
    assert counts[0] < counts[1] < counts[2]


def test_no_heading_is_left_alone_at_the_foot_of_a_page(
    qapp: QApplication, household: Household, clock: FakeClock, tmp_path: Path
) -> None:
    for number in range(120):
        words = "I love the way you laugh at your own jokes. " * (1 + (number * 7) % 11)
        note(household, clock, date(YEAR, 1 + number // 10, 1 + number % 28), words, by="Alex")
    path = saved(make_pdf(household, YEAR, "Letter"), tmp_path)

    pages = int(pdf_info(path)["Pages"])
    assert pages > 10
    for page in range(2, pages + 1):
        lines = [line.strip() for line in pdf_text(path, page).splitlines() if line.strip()]
        last_words = lines[-2]  # the last line is the page's number
        assert lines[-1] == str(page)
        assert not BYLINE.search(last_words), f"page {page} ends with a heading alone"
        assert lines[0] not in MONTHS or len(lines) > 2


def test_a4_or_letter(qapp: QApplication, household: Household, tmp_path: Path) -> None:
    a4 = tmp_path / "a4.pdf"
    letter = tmp_path / "letter.pdf"
    a4.write_bytes(make_pdf(household, YEAR, "A4").data)
    letter.write_bytes(make_pdf(household, YEAR, "Letter").data)

    assert pdf_info(a4)["Page size"] == "595 x 842 pts (A4)"
    assert pdf_info(letter)["Page size"] == "612 x 792 pts (letter)"


def test_the_paper_follows_this_computers_locale(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.setenv("LC_PAPER", "en_CA.UTF-8")
    assert default_paper() == "Letter"
    monkeypatch.setenv("LC_PAPER", "en_IE.UTF-8")
    assert default_paper() == "A4"


# -- the window -------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, household: Household) -> Iterator[MainWindow]:
    window = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.attach(household)
    yield window
    window.detach()


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, object]:
    """What the person answers: 2026 on A4, saved as tmp_path/"Our year" (".pdf" added)."""
    given: dict[str, object] = {"year": (YEAR, "A4"), "path": str(tmp_path / "Our year")}
    warnings: list[str] = []
    given["warnings"] = warnings
    monkeypatch.setattr(OurYear, "ask_year", lambda _self, _year, _paper: given["year"])
    monkeypatch.setattr(OurYear, "ask_save_path", lambda _self, _suggested: given["path"])
    monkeypatch.setattr(OurYear, "warn", lambda _self, _title, text: warnings.append(text))
    return given


@pytest.fixture
def seeded(household: Household, clock: FakeClock) -> Household:
    seed_year(household, clock)
    return household


def test_the_file_menu_prints_the_year_and_says_where(
    qtbot: QtBot, seeded: Household, window: MainWindow, answers: dict[str, object], tmp_path: Path
) -> None:
    menu_action(window, "&File", "Our &year as a PDF").trigger()

    target = tmp_path / "Our year.pdf"
    qtbot.waitUntil(lambda: "is saved" in window.statusBar().currentMessage(), timeout=WAIT_MS)
    assert window.statusBar().currentMessage().startswith("Our year 2026 is saved: ")
    assert str(target) in window.statusBar().currentMessage()
    assert "Dinner at Lucia's" in flat(pdf_text(target))
    assert answers["warnings"] == []


def test_cancel_stops_and_saves_nothing(
    qtbot: QtBot,
    window: MainWindow,
    answers: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    gate = threading.Event()

    def held(
        household: Household, year: int, paper: str, on_progress: Callable[[Progress], None]
    ) -> Keepsake:
        gate.wait(WAIT_MS / 1000)  # the worker waits here until Cancel was pressed
        return make_pdf(household, year, paper, on_progress)

    monkeypatch.setattr("closeness_desktop.ui.keepsake.make_pdf", held)
    assert window.household is not None
    job = OurYear(window, window.household, window)

    with qtbot.waitSignal(job.finished, timeout=WAIT_MS) as ended:
        job.start()
        job.cancel()
        gate.set()

    assert ended.args == [""]
    assert list(tmp_path.glob("*.pdf")) == []
    assert list(tmp_path.glob(".our-year-*")) == []
    assert window.statusBar().currentMessage() == "Our year was not printed; nothing was saved."


def test_a_place_that_cannot_be_written_is_said_and_nothing_runs(
    qtbot: QtBot, window: MainWindow, household: Household, answers: dict[str, object]
) -> None:
    answers["path"] = "/no/such/folder/ours.pdf"
    job = OurYear(window, household, window)

    with qtbot.waitSignal(job.finished, timeout=WAIT_MS) as ended:
        job.start()

    assert ended.args == [""]
    assert answers["warnings"] == [
        "Our year 2026 can't be saved at /no/such/folder/ours.pdf: there is no such folder."
    ]


def test_changing_ones_mind_does_nothing(
    qtbot: QtBot, window: MainWindow, household: Household, answers: dict[str, object]
) -> None:
    answers["year"] = None
    job = OurYear(window, household, window)

    with qtbot.waitSignal(job.finished, timeout=WAIT_MS) as ended:
        job.start()

    assert ended.args == [""]
    assert answers["warnings"] == []


def test_the_suggested_year_is_this_one_or_in_january_the_last(
    window: MainWindow, household: Household, clock: FakeClock
) -> None:
    job = OurYear(window, household, window)

    assert job.suggested_year() == 2026  # the clock says November 2026
    clock.set(datetime(2027, 1, 10, 12, tzinfo=UTC))
    assert job.suggested_year() == 2026
    clock.set(datetime(2027, 2, 1, 12, tzinfo=UTC))
    assert job.suggested_year() == 2027
