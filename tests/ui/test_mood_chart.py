"""The mood chart, rendered offscreen and read back pixel by pixel, on both themes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from closeness_desktop.clock import FakeClock
from closeness_desktop.household import Draft, Household, PartnerInfo
from closeness_desktop.rituals.mood_series import MoodPoint, Span
from closeness_desktop.ui import theme
from closeness_desktop.ui.main_window import MainWindow
from closeness_desktop.ui.mood_chart import EMPTY, MoodChart
from closeness_desktop.ui.mood_dialog import MoodDialog
from closeness_desktop.ui.theme_colours import DARK, LIGHT, readable
from tests.ui.window_helpers import menu_action

#: Set to a folder to keep the rendered pictures (docs/screenshots are made this way).
PICTURES = os.environ.get("CLOSENESS_PICTURES")


@pytest.fixture
def appearance(qapp: QApplication, tmp_path: Path) -> Iterator[theme.Appearance]:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    made = theme.install(qapp, settings)
    yield made
    made.remove()


def seed(household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock) -> None:
    """Three weeks of check-ins, with gaps; Sam and Alex on some of the same days."""
    now = clock.now()
    moods = {sam.id: (4, 3, 5, 2, 4, 4, 3), alex.id: (3, 3, 4, 4, 2, 5)}
    words = ("calm", "tired", "grateful", "stretched", "close", "hopeful", "playful")
    for partner, values in moods.items():
        for number, mood in enumerate(values):
            days_back = number * 3 + (0 if partner == sam.id else 1)
            draft = Draft.checkin(partner, mood, [words[number]], "A good walk after work")
            household.entries.add(replace(draft, occurred_at=now - timedelta(days=days_back)))


def rendered(chart: MoodChart, qtbot: QtBot) -> QImage:
    qtbot.addWidget(chart)
    chart.resize(640, 300)
    return chart.grab().toImage()


def near(found: QColor, wanted: QColor, slack: int = 6) -> bool:
    pairs = ((found.red(), wanted.red()), (found.green(), wanted.green()))
    return all(abs(a - b) <= slack for a, b in (*pairs, (found.blue(), wanted.blue())))


def chart_of(household: Household, span: Span = Span.WEEKS) -> MoodChart:
    chart = MoodChart()
    chart.set_series(household.checkins.series(span), household.partners.all())
    return chart


@pytest.fixture
def seeded(
    household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> Household:
    seed(household, sam, alex, clock)
    return household


@pytest.mark.parametrize("colours", [LIGHT, DARK], ids=["light", "dark"])
def test_each_partners_points_are_painted_in_their_colour_where_expected(
    qtbot: QtBot,
    appearance: theme.Appearance,
    seeded: Household,
    colours: object,
) -> None:
    appearance.choose(theme.Choice.DARK if colours is DARK else theme.Choice.LIGHT)
    household = seeded
    chart = chart_of(household)
    image = rendered(chart, qtbot)
    if PICTURES:
        Path(PICTURES).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(PICTURES) / f"mood-chart-{theme.current().name}.png"))

    assert theme.current() is colours
    assert near(image.pixelColor(3, 3), QColor(theme.current().card))
    assert len(chart.points()) == 13
    sam, alex = household.partners.all()
    for partner in (sam, alex):
        own = QColor(readable(partner.colour, theme.current().card, theme.current().ink))
        assert chart.colour_of(partner.id) == own
        for point in chart.series.points[partner.id]:  # type: ignore[union-attr]
            spot = chart.position_of(point).toPoint()
            assert near(image.pixelColor(spot), own), (partner.name, point.bucket)
    # A higher mood sits higher on the chart.
    sam_points = chart.series.points[sam.id]  # type: ignore[union-attr]
    best = max(sam_points, key=lambda point: point.mood)
    worst = min(sam_points, key=lambda point: point.mood)
    assert chart.position_of(best).y() < chart.position_of(worst).y()


def test_no_checkins_says_so_in_words_and_paints_no_points(
    qtbot: QtBot, household: Household, sam: PartnerInfo, alex: PartnerInfo
) -> None:
    chart = chart_of(household)
    image = rendered(chart, qtbot)

    assert chart.points() == []
    assert chart.accessibleDescription() == EMPTY
    assert EMPTY.startswith("No check-ins yet.")
    partner_colours = [chart.colour_of(partner.id) for partner in (sam, alex)]
    painted = {
        image.pixelColor(x, y).rgb() for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
    }  # fmt: skip
    assert not any(colour.rgb() in painted for colour in partner_colours)
    assert any(not near(QColor.fromRgb(rgb), theme.CARD) for rgb in painted)  # the words


def test_hover_words_name_the_day_the_person_and_the_mood_without_a_score(
    qtbot: QtBot, household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    seed(household, sam, alex, clock)
    chart = chart_of(household)
    rendered(chart, qtbot)
    newest = chart.series.points[sam.id][-1]  # type: ignore[union-attr]

    assert chart.words_for(newest) == "Thursday 26 November 2026 · Sam felt good"
    year = chart_of(household, Span.MONTHS)
    rendered(year, qtbot)
    week = year.series.points[sam.id][-1]  # type: ignore[union-attr]
    assert len(week.entry_ids) == 2  # Monday's and Thursday's
    words = year.words_for(week)
    assert words == "The week of 23 November 2026 · Sam felt mostly good (2 check-ins)"
    assert "/5" not in words


def test_clicking_a_point_opens_the_checkins_behind_it(
    qtbot: QtBot, household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    seed(household, sam, alex, clock)
    dialog = MoodDialog(household)
    qtbot.addWidget(dialog)
    dialog.resize(700, 420)
    dialog.show()
    qtbot.waitExposed(dialog)
    chart = dialog.chart
    newest = chart.series.points[sam.id][-1]  # type: ignore[union-attr]
    spot = chart.position_of(newest).toPoint()

    with qtbot.waitSignal(chart.point_chosen) as chosen:
        qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=spot)

    assert chosen.args == [newest]
    popup = dialog.popup
    assert popup is not None
    assert popup.isVisible()
    assert popup.windowTitle() == "Sam · Thursday 26 November 2026"
    assert popup.texts() == ["Feeling good · calm", "A good walk after work"]
    if PICTURES:
        dialog.grab().save(str(Path(PICTURES) / "mood-dialog.png"))
        popup.grab().save(str(Path(PICTURES) / "mood-popup.png"))


def test_the_year_shows_weeks_and_a_miss_opens_nothing(
    qtbot: QtBot, household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    seed(household, sam, alex, clock)
    dialog = MoodDialog(household)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    qtbot.mouseClick(dialog.findChild(type(dialog.span_group.button(1)), "span-months"),
                     Qt.MouseButton.LeftButton)  # fmt: skip

    assert dialog.span is Span.MONTHS
    assert dialog.chart.series is not None
    assert len(dialog.chart.series.buckets) == 52
    qtbot.mouseClick(dialog.chart, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert dialog.popup is None


def test_the_arrow_keys_walk_the_points_and_enter_opens_one(
    qtbot: QtBot, household: Household, sam: PartnerInfo, alex: PartnerInfo, clock: FakeClock
) -> None:
    seed(household, sam, alex, clock)
    chart = chart_of(household)
    rendered(chart, qtbot)
    points: list[MoodPoint] = chart.points()

    with qtbot.waitSignal(chart.described) as said:
        qtbot.keyClick(chart, Qt.Key.Key_Left)  # from nowhere to the newest
    assert said.args == [chart.words_for(points[-1])]
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    with qtbot.waitSignal(chart.point_chosen) as chosen:
        qtbot.keyClick(chart, Qt.Key.Key_Return)

    assert chosen.args == [points[-2]]


def test_a_new_checkin_shows_on_an_open_chart(
    qtbot: QtBot, household: Household, sam: PartnerInfo, clock: FakeClock
) -> None:
    dialog = MoodDialog(household)
    qtbot.addWidget(dialog)
    household.changed.connect(dialog.household_changed)
    assert dialog.chart.points() == []

    household.entries.add(Draft.checkin(sam.id, 5, ["playful"]))

    assert [point.mood for point in dialog.chart.points()] == [5.0]
    household.changed.disconnect(dialog.household_changed)


def test_the_view_menu_opens_how_we_have_been_and_it_follows_new_checkins(
    qtbot: QtBot, window: MainWindow, household: Household, sam: PartnerInfo
) -> None:
    action = menu_action(window, "&View", "How we've &been")
    assert action.shortcut().toString() == "Ctrl+Shift+M"

    action.trigger()

    (dialog,) = window.findChildren(MoodDialog)
    assert dialog.isVisible()
    assert dialog.windowTitle() == "How we've been"
    assert dialog.chart.points() == []
    household.entries.add(Draft.checkin(sam.id, 4, ["close"]))  # the window's bridge tells it
    assert [point.mood for point in dialog.chart.points()] == [4.0]
    dialog.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the tooltip, offscreen
def test_hovering_a_point_says_its_day_and_mood_under_the_chart(
    qtbot: QtBot, seeded: Household
) -> None:
    dialog = MoodDialog(seeded)
    qtbot.addWidget(dialog)
    dialog.resize(700, 420)
    dialog.show()
    qtbot.waitExposed(dialog)
    chart = dialog.chart
    sam = seeded.partners.named("Sam")
    newest = chart.series.points[sam.id][-1]  # type: ignore[union-attr]

    hover(chart, chart.position_of(newest))
    assert dialog.pointed.text() == chart.words_for(newest)
    hover(chart, QPointF(3, 3))
    assert dialog.pointed.text().startswith("Each point is a check-in")


def hover(widget: QWidget, at: QPointF) -> None:
    """The pointer moves over ``widget`` (sent straight to it: QTest's moves go through
    the cursor, which the offscreen platform may think is there already)."""
    moved = QMouseEvent(
        QEvent.Type.MouseMove,
        at,
        widget.mapToGlobal(at),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, moved)
