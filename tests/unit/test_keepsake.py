"""“Our year” without a window: the layout's words and escaping, how pages are cut, the
year's read through the household, and ``closeness year`` (its errors in-process, a PDF
from a real process without a display)."""

from __future__ import annotations

import itertools
import os
import shutil
import stat
import subprocess
import sys
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import grimp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from closeness_desktop import keepsake_evenings
from closeness_desktop.clock import FakeClock
from closeness_desktop.dates.model import DatePlan
from closeness_desktop.household import Cursor, EntryKind, EntryRecord, Household
from closeness_desktop.keepsake import (
    KEPT_KINDS,
    Couple,
    Line,
    YearBook,
    check_year,
    direction,
    item,
    locale_from_environment,
    page_cuts,
    paper_for,
    text,
    year_bounds,
)
from closeness_desktop.records import PartnerInfo
from tests.conftest import ZONE
from tests.keepsake_year import (
    HOSTILE,
    LEFT_OUT,
    PANCAKES,
    YEAR,
    kept_words,
    pancake_days,
    repeating_date_night,
    seed_year,
)
from tests.unit.cli_runner import Run

ROOT = Path(__file__).resolve().parents[2]
SAM, ALEX = uuid.uuid4(), uuid.uuid4()
COUPLE = Couple.of(
    [PartnerInfo(ALEX, "Alex", "#3F7F8C", None, 1), PartnerInfo(SAM, "Sam", "#C8566B", None, 0)]
)


def record(kind: EntryKind, when: datetime, **fields: object) -> EntryRecord:
    values: dict[str, object] = {
        "id": uuid.uuid4(), "seq": 1, "kind": kind, "author_id": SAM, "addressee_id": ALEX,
        "title": "", "body": "", "place": "", "occurred_at": when, "ends_at": None,
        "all_day": False, "mood": None, "feelings": "", "delivered_at": None,
        "created_at": when, "updated_at": when, "deleted_at": None, "version": 1,
    }  # fmt: skip
    values.update(fields)
    return EntryRecord(**values)  # type: ignore[arg-type]


def test_the_layout_is_pure_no_qt_no_database_no_household() -> None:
    """The rule the import-linter contracts keep for the core, for this module too (it is
    not in their lists yet)."""
    graph = grimp.build_graph("closeness_desktop", include_external_packages=True)
    below = graph.find_upstream_modules("closeness_desktop.keepsake")
    below |= graph.find_upstream_modules("closeness_desktop.keepsake_file")
    below |= graph.find_upstream_modules("closeness_desktop.keepsake_evenings")

    forbidden = ("PySide6", "shiboken6", "sqlalchemy", "alembic", "closeness_desktop.store")
    assert (
        sorted(m for m in below if m.startswith((*forbidden, "closeness_desktop.household"))) == []
    )


# -- words and escaping ---------------------------------------------------------------------


def test_a_persons_text_is_escaped_and_loses_only_control_characters() -> None:
    assert text(HOSTILE[0]) == (
        "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;&lt;b&gt;not bold&lt;/b&gt;"
        " &amp; &amp;amp; &lt;/p&gt;&lt;/body&gt;&lt;h1&gt;no&lt;/h1&gt;"
    )
    assert text(HOSTILE[3]) == "a NUL , a bell , an escape [31mred[0m and a line\nseparator"
    # Emoji sequences keep their joiners; a bidi override stays inside its own paragraph.
    assert text(HOSTILE[2]) == HOSTILE[2]
    assert text("two\r\nlines\ttabbed") == "two\nlines\ttabbed"


def test_every_field_of_an_entry_is_escaped() -> None:
    hostile = Couple.of([PartnerInfo(SAM, "<i>Sam</i>", "red;}<", None, 0)])
    html = item(
        record(
            EntryKind.MEMORY, datetime(2026, 3, 1, 11, tzinfo=UTC), author_id=SAM,
            title="<b>t</b>", body="<img src=x>", place="<a href=y>p</a>", all_day=True,
        ),
        hostile,
        ZONE,
    )  # fmt: skip

    for raw in ("<i>", "<b>", "<img", "<a ", "red;}<"):
        assert raw not in html
    assert "&lt;i&gt;Sam&lt;/i&gt;" in html
    assert "color: #C8566B" in html  # a colour that is not #RRGGBB falls back to the default


def test_each_kind_says_its_day_and_who_wrote_it() -> None:
    evening = datetime(2026, 2, 14, 18, 30, tzinfo=UTC)
    note = item(record(EntryKind.NOTE, evening, body="Hi"), COUPLE, ZONE)
    both = item(record(EntryKind.NOTE, evening, addressee_id=None, body="Hi"), COUPLE, ZONE)
    plan = item(record(EntryKind.PLAN, evening, title="Dinner"), COUPLE, ZONE)
    memory = item(
        record(EntryKind.MEMORY, evening, author_id=ALEX, title="Snow", all_day=True),
        COUPLE,
        ZONE,
    )

    assert "Saturday 14 February, 19:30 · Love note from Sam to Alex" in note
    assert "Love note from Sam to you both" in both
    assert "Saturday 14 February, 19:30 · Date night, planned by Sam" in plan
    assert "Saturday 14 February · Memory, kept by Alex" in memory  # a day, no time


def test_right_to_left_words_start_at_the_right() -> None:
    assert direction(HOSTILE[1]) == ' dir="rtl"'
    assert direction("2026: שלום") == ' dir="rtl"'  # digits are neutral
    assert direction("Hello שלום") == ""
    assert direction("🥞 …") == ""
    html = item(
        record(EntryKind.NOTE, datetime(2026, 3, 1, tzinfo=UTC), body=HOSTILE[1]), COUPLE, ZONE
    )
    assert '<p dir="rtl"' in html


def test_the_couple_is_named_in_their_own_order() -> None:
    assert COUPLE.title == "Sam & Alex"
    assert COUPLE.name(uuid.uuid4()) == "one of you"


# -- the year and the paper -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "paper"),
    [
        ("en_US.UTF-8", "Letter"), ("fr_CA", "Letter"), ("es_MX.utf8", "Letter"),
        ("en-PH", "Letter"), ("de_DE.UTF-8", "A4"), ("en_GB", "A4"), ("C", "A4"),
        ("POSIX", "A4"), ("", "A4"), ("C.UTF-8", "A4"),
    ],
)  # fmt: skip
def test_the_paper_follows_the_locale(locale: str, paper: str) -> None:
    assert paper_for(locale) == paper


def test_the_paper_locale_is_lc_all_then_lc_paper_then_lang() -> None:
    assert locale_from_environment({"LANG": "de_DE", "LC_PAPER": "en_US"}) == "en_US"
    assert locale_from_environment({"LC_ALL": "fr_FR", "LC_PAPER": "en_US"}) == "fr_FR"
    assert locale_from_environment({"LANG": "de_DE"}) == "de_DE"
    assert locale_from_environment({"LANG": " "}) is None


def test_a_year_is_its_local_calendar_year() -> None:
    starting, ending = year_bounds(2026, ZONE)

    assert starting.astimezone(UTC) == datetime(2025, 12, 31, 23, tzinfo=UTC)
    assert ending.astimezone(UTC) == datetime(2026, 12, 31, 23, tzinfo=UTC)
    for impossible in (0, 1899, 9999, -2026):
        with pytest.raises(ValueError, match="no year"):
            check_year(impossible)


def test_the_book_counts_months_and_kinds_and_keeps_only_its_kinds() -> None:
    book = YearBook(2026, COUPLE, ZONE)
    book.add(
        [
            record(EntryKind.NOTE, datetime(2026, 1, 5, 8, tzinfo=UTC), body="one", kept=True),
            record(EntryKind.NOTE, datetime(2026, 1, 5, 9, tzinfo=UTC), body="not marked"),
            record(EntryKind.CHECKIN, datetime(2026, 1, 6, 8, tzinfo=UTC), mood=3, body="no"),
            record(EntryKind.GOODBYE, datetime(2026, 1, 6, 9, tzinfo=UTC), body="bye", kept=True),
            record(EntryKind.MEMORY, datetime(2026, 3, 1, 11, tzinfo=UTC), title="m", all_day=True),
        ]
    )
    book.add([record(EntryKind.NOTE, datetime(2026, 3, 2, 8, tzinfo=UTC), body="two", kept=True)])
    body = book.body_html()

    assert book.counts == {EntryKind.NOTE: 2, EntryKind.MEMORY: 1}
    assert "1 memory · 2 love notes" in book.title_html()
    assert body.count(">January</h2>") == body.count(">March</h2>") == 1
    assert "February" not in body
    assert "no" not in body.split(">")  # the check-in is not there
    assert "bye" not in body  # a goodbye stays out, marked or not
    assert "not marked" not in body  # a note only when kept
    assert "Keep for Our year" not in book.title_html()


def test_a_book_without_a_kept_note_says_how_to_keep_one() -> None:
    book = YearBook(2026, COUPLE, ZONE)
    book.add([record(EntryKind.MEMORY, datetime(2026, 3, 1, 11, tzinfo=UTC), title="Snow")])
    empty = YearBook(2031, COUPLE, ZONE)

    assert "Mark a note with Keep for Our year" in book.title_html()
    assert "Mark a note with Keep for Our year" in empty.body_html()
    assert "Keep for Our year" not in empty.title_html()  # the page after says it once


def test_each_evening_of_a_repeating_plan_is_in_the_book_by_its_time() -> None:
    """A plan every Friday since October of the year before: the year's Fridays, each in
    its place between the other records, the plan's notes with the first one only."""
    start = datetime(2025, 10, 3, 19, tzinfo=ZONE)
    plan = DatePlan(
        uid="fridays@closeness", title="Friday film", start=start,
        end=start + timedelta(hours=2), where="Sofa", notes="Popcorn!",
        rrule="FREQ=WEEKLY;BYDAY=FR", zone="Europe/Berlin",
    )  # fmt: skip
    entry = record(EntryKind.PLAN, start, title="Friday film", body="Popcorn!", place="Sofa")
    starting, ending = year_bounds(2026, ZONE)
    found = keepsake_evenings.evenings(
        [(entry, plan), (record(EntryKind.PLAN, start), replace(plan, rrule=None))],
        starting,
        ending,
    )
    book = YearBook(2026, COUPLE, ZONE)
    book.add_evenings(found)
    memory_day = datetime(2026, 1, 10, 11, tzinfo=UTC)  # a Saturday, after the 2nd Friday
    book.add([record(EntryKind.MEMORY, memory_day, title="Ice skating", all_day=True)])
    body = book.body_html()

    fridays = [moment.occurred_at.astimezone(ZONE) for moment in found]
    assert len(fridays) == 52  # 2 January 2026 to 25 December; the one-off is not expanded
    assert {day.weekday() for day in fridays} == {4}
    assert (fridays[0].date(), fridays[-1].date()) == (date(2026, 1, 2), date(2026, 12, 25))
    assert {day.hour for day in fridays} == {19}  # on both sides of the clocks' change
    assert book.counts == {EntryKind.PLAN: 52, EntryKind.MEMORY: 1}
    assert "52 date nights" in book.title_html()
    assert body.count("Popcorn!") == 1
    assert body.index("Friday 9 January") < body.index("Ice skating")
    assert body.index("Ice skating") < body.index("Friday 16 January")
    assert body.count(">January</h2>") == body.count(">December</h2>") == 1


def test_a_daily_plan_gives_a_year_at_most_every_day() -> None:
    start = datetime(2019, 6, 1, 20, tzinfo=ZONE)
    daily = DatePlan(
        uid="daily@closeness", title="Tea", start=start, rrule="FREQ=DAILY", zone="Europe/Berlin"
    )
    entry = record(EntryKind.PLAN, start, title="Tea")

    for year, days in ((2027, 365), (2028, 366)):
        starting, ending = year_bounds(year, ZONE)
        assert len(keepsake_evenings.evenings([(entry, daily)], starting, ending)) == days
    assert keepsake_evenings.MAX_EVENINGS == 366


def test_an_empty_year_says_so_warmly() -> None:
    book = YearBook(2031, COUPLE, ZONE)

    assert book.empty
    assert "Nothing kept from 2031 yet" in book.body_html()
    assert "Our year 2031" in book.title_html()
    assert "Sam &amp; Alex" in book.title_html()


# -- cutting pages ------------------------------------------------------------------------------


def lines(*units: tuple[int, int, bool]) -> list[Line]:
    """Lines 10 high, one after another: (unit, how many lines, headings?)."""
    found, y = [], 0.0
    for unit, count, heading in units:
        for _ in range(count):
            found.append(Line(y, y + 10, unit, heading))
            y += 10
    return found


def test_what_fits_is_one_page() -> None:
    assert page_cuts([], 100) == [0.0]
    assert page_cuts(lines((0, 2, True), (0, 8, False)), 100) == [0.0]


def test_a_short_entry_moves_whole_to_the_next_page() -> None:
    column = lines((0, 8, False), (1, 1, True), (1, 2, False))

    assert page_cuts(column, 100) == [0.0, 80.0]


def test_a_long_entry_is_cut_between_two_lines() -> None:
    column = lines((0, 5, False), (1, 1, True), (1, 60, False))

    assert page_cuts(column, 100) == [0.0, 100.0, 200.0, 300.0, 400.0, 500.0, 600.0]


def test_headings_never_stay_alone_at_a_pages_foot() -> None:
    column = lines((0, 7, False), (1, 3, True), (1, 60, False))

    assert page_cuts(column, 100)[1] == 70.0


@settings(derandomize=True, deadline=None, max_examples=300)
@given(
    st.lists(
        st.tuples(st.floats(0.1, 150), st.floats(0, 20), st.booleans(), st.booleans()),
        max_size=80,
    ),
    st.floats(50, 400),
)
def test_pages_move_on_and_never_cut_a_line_that_fits(
    shapes: list[tuple[float, float, bool, bool]], height: float
) -> None:
    column, y, unit = [], 0.0, 0
    for size, gap, new_unit, heading in shapes:
        unit += new_unit
        column.append(Line(y + gap, y + gap + size, unit, heading))
        y += gap + size

    cuts = page_cuts(column, height)

    assert cuts[0] == 0.0
    assert all(a < b for a, b in itertools.pairwise(cuts))
    for line in column:
        if line.bottom - line.top <= height:  # only a line taller than a page is cut through
            assert not any(line.top < cut < line.bottom - 0.5 for cut in cuts)
    for start, end in zip(cuts, [*cuts[1:], y], strict=True):
        inside = [line for line in column if start <= line.top < end]
        fitting = [line for line in inside if line.bottom - line.top <= height]
        assert all(line.bottom <= start + height + 0.5 for line in fitting)


# -- the year, read through the household -----------------------------------------------------


def test_the_year_is_read_oldest_first_without_what_it_leaves_out(
    household: Household, clock: FakeClock
) -> None:
    seed_year(household, clock)
    starting, ending = year_bounds(YEAR, ZONE)

    rows = household.entries.span(KEPT_KINDS, starting, ending, keepsake=True).rows
    stepped: list[EntryRecord] = []
    after: Cursor | None = None
    while True:
        page = household.entries.span(
            KEPT_KINDS, starting, ending, after=after, limit=2, keepsake=True
        )
        stepped += page.rows
        if page.next_cursor is None:
            break
        after = page.next_cursor

    assert [row.occurred_at for row in rows] == sorted(row.occurred_at for row in rows)
    assert [row.id for row in stepped] == [row.id for row in rows]
    assert {row.kind for row in rows} == set(KEPT_KINDS)
    words = " ".join(f"{row.title} {row.body} {row.place}" for row in rows)
    for kept in kept_words():
        assert kept in words
    for left in LEFT_OUT:
        assert left not in words


def test_the_year_read_through_the_household_has_each_evening_of_a_repeating_plan(
    household: Household, clock: FakeClock
) -> None:
    """What the window and ``closeness year`` read (ui/keepsake_pdf.read_year), without Qt:
    the series' evenings from the plans, the rest from the timeline, without the series."""
    seed_year(household, clock)
    repeating_date_night(household, clock)
    starting, ending = year_bounds(YEAR, ZONE)
    plans = household.plans.all(starting_before=ending, ending_after=starting)
    found = keepsake_evenings.evenings(((p.entry, p.plan) for p in plans), starting, ending)
    rows = household.entries.span(KEPT_KINDS, starting, ending, keepsake=True).rows
    book = YearBook(YEAR, COUPLE, ZONE)
    book.add_evenings(found)
    book.add(rows)
    body = book.body_html()

    assert [evening.occurred_at.astimezone(ZONE).date() for evening in found] == pancake_days()
    assert PANCAKES[1] not in " ".join(row.title for row in rows)  # the series' own entry
    assert [evening.place for evening in found].count("the lake") == 1  # July's, moved
    assert body.count(PANCAKES[1]) == len(pancake_days()) == 10
    assert body.count(PANCAKES[3]) == 1
    assert "Sunday 1 March" not in body  # skipped
    assert "Sunday 3 May" not in body  # cancelled
    assert "13 date nights" in book.title_html()  # 3 one-offs and 10 Sundays


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture
def folder(household: Household, clock: FakeClock, data_dir: Path) -> Path:
    """Sam and Alex's year, in a folder the command line can open."""
    seed_year(household, clock)
    return data_dir


@pytest.mark.parametrize("year", ["0", "twenty", "10000", "1899", "2026.5"])
def test_a_year_that_cannot_be_printed_is_one_line(run: Run, folder: Path, year: str) -> None:
    code, out, err = run("year", year, "--pdf", str(folder / "y.pdf"), "--data-dir", str(folder))

    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "year" in err
    assert not (folder / "y.pdf").exists()


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("missing/y.pdf", "there is no such folder"),
        (".", "that is a folder, not a file name"),
        ("/proc/our-year.pdf", "can't be saved at /proc/our-year.pdf"),
    ],
)
def test_a_path_that_cannot_be_written_is_one_line_and_writes_nothing(
    run: Run, folder: Path, where: str, words: str
) -> None:
    target = folder / where if not where.startswith("/") else Path(where)
    before = sorted(folder.iterdir())

    code, out, err = run("year", "2026", "--pdf", str(target), "--data-dir", str(folder))

    assert (code, out) == (1, "")
    assert len(err.strip().splitlines()) == 1
    assert words in err
    assert sorted(folder.iterdir()) == before


def test_a_folder_without_a_household_is_one_line(run: Run, tmp_path: Path) -> None:
    code, _, err = run(
        "year", "2026", "--pdf", str(tmp_path / "y.pdf"), "--data-dir", str(tmp_path)
    )

    assert code == 1
    assert "no household yet" in err
    assert len(err.strip().splitlines()) == 1


def _closeness(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "closeness_desktop", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


def _headless(**extra: str) -> dict[str, str]:
    """This environment without a display and without Qt's platform chosen for it."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
        and not key.startswith("LC_")
    }
    env.pop("LANG", None)
    return env | extra


def pdf_info(path: Path) -> dict[str, str]:
    tool = shutil.which("pdfinfo")
    assert tool, (
        "the keepsake tests read PDFs with poppler-utils (./quickstart.sh test installs it)"
    )
    result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True)
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in result.stdout.splitlines())
    }


def test_the_command_prints_a_pdf_without_a_display(folder: Path) -> None:
    target = folder / "Our year.pdf"

    done = _closeness(
        "year", "2026", "--pdf", str(target), "--data-dir", str(folder), env=_headless()
    )

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Our year 2026 is ready: ")
    info = pdf_info(target)
    assert info["Title"] == "Our year 2026 — Sam & Alex"
    assert info["Page size"].endswith("(A4)")
    assert f"{info['Pages']} pages on A4" in done.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # it holds their words
    assert [path.name for path in folder.glob(".our-year-*")] == []


def test_the_paper_follows_lc_paper_or_the_option(folder: Path) -> None:
    letter, a4 = folder / "letter.pdf", folder / "a4.pdf"

    by_locale = _closeness(
        "year", "2026", "--pdf", str(letter), "--data-dir", str(folder),
        env=_headless(LANG="de_DE.UTF-8", LC_PAPER="en_US.UTF-8"),
    )  # fmt: skip
    by_option = _closeness(
        "year", "2026", "--pdf", str(a4), "--paper", "A4", "--data-dir", str(folder),
        env=_headless(LC_PAPER="en_US.UTF-8"),
    )  # fmt: skip

    assert (by_locale.returncode, by_option.returncode) == (0, 0)
    assert pdf_info(letter)["Page size"] == "612 x 792 pts (letter)"
    assert pdf_info(a4)["Page size"].endswith("(A4)")


def test_a_wrong_path_is_said_before_qt_is_loaded(folder: Path) -> None:
    args = ["year", "2026", "--pdf", "/no/such/folder/y.pdf", "--data-dir", str(folder)]
    script = (
        "import sys; from closeness_desktop.cli import main;"
        f" code = main({args!r}); print(code, 'PySide6.QtGui' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=_headless(), capture_output=True,
        text=True, check=False, timeout=60,
    )  # fmt: skip

    assert done.stdout.split() == ["1", "False"]
    assert "there is no such folder" in done.stderr


def test_an_empty_year_is_printed_and_says_so(folder: Path) -> None:
    target = folder / "empty.pdf"

    done = _closeness(
        "year", "2031", "--pdf", str(target), "--data-dir", str(folder), env=_headless()
    )

    assert done.returncode == 0
    assert done.stdout.startswith("Nothing kept from 2031 yet")
    assert pdf_info(target)["Pages"] == "2"


def test_seeded_dates_are_where_the_year_says(household: Household, clock: FakeClock) -> None:
    """The seed's own promise, which the PDF tests rely on: its kept entries lie in the year."""
    seed_year(household, clock)
    starting, ending = year_bounds(YEAR, ZONE)
    rows = household.entries.span(KEPT_KINDS, starting, ending).rows

    assert {row.occurred_at.astimezone(ZONE).year for row in rows} == {YEAR}
    assert min(row.occurred_at.astimezone(ZONE).date() for row in rows) == date(YEAR, 1, 3)
