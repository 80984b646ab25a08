"""Reading the timeline: whole cards, "Read more" in place, the keys, clear dates, focus."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from closeness_desktop import humanize
from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Household, PartnerInfo
from closeness_desktop.records import EntryRecord
from closeness_desktop.ui import card_layout, theme
from closeness_desktop.ui.card_layout import MAX_CARD_WIDTH, CardMeasure
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.timeline_delegate import TimelineDelegate
from closeness_desktop.ui.timeline_model import HeaderRole
from closeness_desktop.ui.timeline_page import TimelinePage
from tests.ui.test_timeline_model import bulk_notes, daily
from tests.ui.timeline_seed import LONG_NOTE, model_of, open_window, seed

__all__ = ["open_window"]  # a fixture


@pytest.fixture
def seeded(household: Household, sam: PartnerInfo, alex: PartnerInfo) -> dict[str, object]:
    return seed(household, sam, alex)


def focused_page(qtbot: QtBot, window: MainWindow, entry: object) -> TimelinePage:
    """The page with ``entry``'s card current and the list focused, as after a click."""
    page = window.timeline_page
    assert isinstance(entry, EntryRecord)
    row = model_of(page).row_of(entry.id)
    assert row is not None
    page.timeline.setCurrentIndex(model_of(page).index(row))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    page.timeline.setFocus()
    return page


def delegate_of(page: TimelinePage) -> TimelineDelegate:
    assert page.delegate is not None
    return page.delegate


def card_of(page: TimelinePage, entry: object) -> card_layout.CardText:
    assert isinstance(entry, EntryRecord)
    row = model_of(page).row_of(entry.id)
    assert row is not None
    view = page.timeline
    return delegate_of(page).card_text(
        model_of(page).index(row), view.viewport().width(), view.font()
    )


def row_height(page: TimelinePage, entry: object) -> int:
    assert isinstance(entry, EntryRecord)
    row = model_of(page).row_of(entry.id)
    assert row is not None
    return page.timeline.visualRect(model_of(page).index(row)).height()


def test_a_long_note_is_read_in_full(
    qtbot: QtBot, open_window: Callable[[], MainWindow], seeded: dict[str, object]
) -> None:
    window = open_window()
    page = focused_page(qtbot, window, seeded["long"])
    closed = card_of(page, seeded["long"])
    assert closed.expandable
    assert not closed.expanded
    assert closed.body is not None
    assert closed.body.shown < len(LONG_NOTE)  # its first lines
    closed_height = row_height(page, seeded["long"])

    qtbot.keyClick(page.timeline, Qt.Key.Key_Space)  # Space opens it in place

    opened = card_of(page, seeded["long"])
    assert opened.expanded
    assert opened.body is not None
    assert opened.body.shown == len(LONG_NOTE)
    assert opened.body_text.count("\n\n") == 3  # four paragraphs, kept apart
    qtbot.waitUntil(lambda: row_height(page, seeded["long"]) > closed_height)

    qtbot.keyClick(page.timeline, Qt.Key.Key_Return)  # Return closes it again
    assert not card_of(page, seeded["long"]).expanded
    qtbot.waitUntil(lambda: row_height(page, seeded["long"]) == closed_height)


def test_clicking_read_more_opens_the_card(
    qtbot: QtBot, open_window: Callable[[], MainWindow], seeded: dict[str, object]
) -> None:
    window = open_window()
    page = focused_page(qtbot, window, seeded["long"])
    view = page.timeline
    index = view.currentIndex()
    view.scrollTo(index)
    style_option = QStyleOptionViewItem()
    style_option.initFrom(view)
    style_option.rect = view.visualRect(index)
    style_option.font = view.font()
    link = delegate_of(page).link_rect(style_option, index)
    assert link is not None

    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=link.center())

    assert card_of(page, seeded["long"]).expanded


def test_return_on_a_short_card_opens_it_rather_than_reading_more(
    qtbot: QtBot, open_window: Callable[[], MainWindow], seeded: dict[str, object]
) -> None:
    window = open_window()
    page = focused_page(qtbot, window, seeded["short"])

    assert not page.timeline.can_open_current()  # nothing more to read: Return is the editor's
    assert not page.timeline.toggle_current()


def test_the_arrows_move_from_card_to_card(
    qtbot: QtBot, open_window: Callable[[], MainWindow], seeded: dict[str, object]
) -> None:
    window = open_window()
    page = focused_page(qtbot, window, seeded["plan"])
    first = page.timeline.currentIndex().row()

    qtbot.keyClick(page.timeline, Qt.Key.Key_Down)
    qtbot.keyClick(page.timeline, Qt.Key.Key_Down)

    assert page.timeline.currentIndex().row() == first + 2


def test_cards_are_as_tall_as_their_text(
    open_window: Callable[[], MainWindow], seeded: dict[str, object]
) -> None:
    page = open_window().timeline_page

    short, long = card_of(page, seeded["short"]).height, card_of(page, seeded["long"]).height

    # Once every card was 112 pixels: now a short note is a short card, a long one long.
    assert short < 100
    assert long > 150


def test_cards_keep_a_readable_width_on_a_wide_screen(
    qtbot: QtBot, open_window: Callable[[], MainWindow], seeded: dict[str, object]
) -> None:
    window = open_window()
    window.resize(1900, 900)
    page = window.timeline_page
    view = page.timeline
    qtbot.waitUntil(lambda: view.viewport().width() > 1600)
    index = model_of(page).index(1)
    row = view.visualRect(index)
    text = card_of(page, model_of(page).record(1))

    card = TimelineDelegate.card_rect(row, bool(index.data(HeaderRole)), text.height)

    assert card.width() == MAX_CARD_WIDTH
    assert abs((card.left() - row.left()) - (row.right() - card.right())) <= 1  # centred


def test_heights_are_measured_for_loaded_rows_only_and_once_per_width(
    qtbot: QtBot,
    *,
    open_window: Callable[[], MainWindow],
    household: Household,
    sam: PartnerInfo,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bulk_notes(household, sam.id, daily(clock, 1500))
    measured: list[uuid.UUID] = []
    measure = CardMeasure._measure

    def counting(self: CardMeasure, record: EntryRecord, *args: object) -> card_layout.CardText:
        measured.append(record.id)
        return measure(self, record, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(CardMeasure, "_measure", counting)
    window = open_window()
    window.resize(1400, 800)
    view = window.timeline_page.timeline
    qtbot.waitUntil(lambda: view.viewport().width() > 1000)
    view.doItemsLayout()
    loaded = model_of(window.timeline_page).rowCount()

    assert loaded < 1500  # the model stays paged
    assert len(set(measured)) <= loaded
    before = len(measured)
    window.resize(1600, 800)  # wider than a card: the same width, nothing measured again
    qtbot.waitUntil(lambda: view.viewport().width() > 1200)
    view.doItemsLayout()
    assert len(measured) == before
    window.resize(600, 800)  # narrower: each loaded card once more, at its new width
    qtbot.waitUntil(lambda: view.viewport().width() < 700)
    view.doItemsLayout()
    assert len(measured) - before <= loaded


def test_future_plans_sit_under_upcoming_above_today(
    open_window: Callable[[], MainWindow], seeded: dict[str, object], household: Household
) -> None:
    page = open_window().timeline_page
    model = model_of(page)
    plan = seeded["plan"]
    assert isinstance(plan, EntryRecord)

    assert model.row_of(plan.id) == 0
    assert model.index(0).data(HeaderRole) == "Upcoming"
    assert model.index(1).data(HeaderRole) == "Today · Thursday 26 November 2026"
    clock = household.clock
    # Saturday's plan never reads like last Saturday.
    stamp = humanize.stamp(plan.occurred_at, clock.now(), clock.local_zone())
    assert stamp == "This Saturday, 19:30"


def test_an_old_card_says_its_day(
    open_window: Callable[[], MainWindow], seeded: dict[str, object], household: Household
) -> None:
    old = seeded["old"]
    assert isinstance(old, EntryRecord)
    clock = household.clock

    stamp = humanize.stamp(old.occurred_at, clock.now(), clock.local_zone())

    assert stamp == "Tue 17 November 2020, 19:30 · 6 years ago"


def test_the_current_card_has_a_focus_ring(
    qtbot: QtBot, open_window: Callable[[], MainWindow], seeded: dict[str, object]
) -> None:
    window = open_window()
    page = focused_page(qtbot, window, seeded["short"])
    view = page.timeline
    index = view.currentIndex()
    page.timeline.clearSelection()  # the ring alone, without the selected card's colours
    text = card_of(page, seeded["short"])
    card = TimelineDelegate.card_rect(
        view.visualRect(index), bool(index.data(HeaderRole)), text.height
    )

    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()

    def at(point: QPoint) -> QColor:
        return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio))

    ring = at(QPoint(card.left() - 3, card.center().y()))
    assert abs(ring.red() - theme.ACCENT.red()) < 40
    assert abs(ring.green() - theme.ACCENT.green()) < 40
    view.clearFocus()
    window.timeline_page.search.setFocus()
    qtbot.waitUntil(lambda: not view.hasFocus())
    image = view.viewport().grab().toImage()
    assert at(QPoint(card.left() - 3, card.center().y())) != ring  # no focus, no ring
