"""The timeline list: a first page painted before all its cards are measured, and the
reader's place kept when more cards arrive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSettings, QSize
from PySide6.QtWidgets import QListView, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.timeline_delegate import TimelineDelegate
from closeness_desktop.ui.timeline_model import PAGE_SIZE
from closeness_desktop.ui.timeline_places import anchor_of
from closeness_desktop.ui.timeline_view import LAYOUT_BATCH
from tests.ui.test_timeline_model import bulk_notes, daily
from tests.ui.timeline_seed import model_of

WAIT_MS = 10_000


class CountingDelegate(TimelineDelegate):
    """Counts the cards measured, and how many before the list's first paint."""

    measured = 0

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        CountingDelegate.measured += 1
        return super().sizeHint(option, index)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> type[CountingDelegate]:
    CountingDelegate.measured = 0
    monkeypatch.setattr("closeness_desktop.ui.timeline_page.TimelineDelegate", CountingDelegate)
    return CountingDelegate


@pytest.fixture
def shown(qtbot: QtBot, tmp_path: Path, household: Household) -> Iterator[MainWindow]:
    """The window on screen, its household not attached yet."""
    window = MainWindow(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(900, 700)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.detach()


@pytest.mark.usefixtures("counted")
def test_the_first_page_paints_before_all_its_cards_are_measured(
    qtbot: QtBot, shown: MainWindow, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    bulk_notes(household, sam.id, daily(clock, 3 * PAGE_SIZE))
    window = shown
    at_first_paint: list[int] = []
    window.timeline_page.timeline.first_painted.connect(
        lambda: at_first_paint.append(CountingDelegate.measured)
    )
    window.attach(household)
    qtbot.waitUntil(lambda: bool(at_first_paint), timeout=WAIT_MS)
    model = model_of(window.timeline_page)
    assert model.rowCount() == PAGE_SIZE
    # A screenful or two of batches, not the whole page of a hundred cards.
    assert at_first_paint[0] <= 3 * LAYOUT_BATCH < PAGE_SIZE
    view = window.timeline_page.timeline
    last = model.index(PAGE_SIZE - 1)
    qtbot.waitUntil(lambda: view.visualRect(last).isValid(), timeout=WAIT_MS)  # the rest follow
    assert view.layoutMode() is QListView.LayoutMode.SinglePass


def test_a_page_arriving_below_keeps_the_reader_in_place(
    qtbot: QtBot, shown: MainWindow, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    bulk_notes(household, sam.id, daily(clock, 3 * PAGE_SIZE))
    window = shown
    window.attach(household)
    page = window.timeline_page
    view, model = page.timeline, model_of(page)
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE and not model.loading, timeout=WAIT_MS)
    last = model.index(PAGE_SIZE - 1)
    qtbot.waitUntil(lambda: view.visualRect(last).isValid(), timeout=WAIT_MS)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())  # near the end: the next page is asked for
    before = anchor_of(view)
    assert before is not None
    qtbot.waitUntil(lambda: model.rowCount() > PAGE_SIZE and not model.loading, timeout=WAIT_MS)
    qtbot.wait(50)  # any layout the new rows started has run
    assert anchor_of(view) == before


def test_a_scroll_to_a_row_not_measured_yet_lands_on_it(
    qtbot: QtBot, shown: MainWindow, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    bulk_notes(household, sam.id, daily(clock, PAGE_SIZE))
    window = shown
    window.attach(household)
    page = window.timeline_page
    view, model = page.timeline, model_of(page)
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE, timeout=WAIT_MS)
    model.reload(keep=PAGE_SIZE)  # the cards are laid out again from the top, in batches
    qtbot.waitSignal(model.reset_done, timeout=WAIT_MS).wait()
    last: Any = model.index(PAGE_SIZE - 1)
    view.scrollTo(last, QListView.ScrollHint.PositionAtTop)
    assert view.visualRect(last).isValid()
    assert view.verticalScrollBar().value() == view.verticalScrollBar().maximum()


def test_a_first_page_that_fails_to_load_still_lets_the_tray_start(
    qtbot: QtBot, shown: MainWindow, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk I/O error")

    monkeypatch.setattr(household.entries, "page", refused)
    with qtbot.waitSignal(shown.first_page_shown, timeout=WAIT_MS):
        shown.attach(household)
