"""Light and dark: the app follows the desktop's colour scheme, or the choice in Settings,
at once, in every open window, for what the style sheet draws and what the style draws."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from closeness_desktop.ui import theme
from closeness_desktop.ui.theme_colours import DARK, LIGHT, MIN_TEXT_CONTRAST, contrast
from closeness_desktop.ui.welcome import ColourButton


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def appearance(qapp: QApplication, settings: QSettings) -> Iterator[theme.Appearance]:
    made = theme.install(qapp, settings)
    yield made
    made.remove()


def desktop_turns(qapp: QApplication, scheme: Qt.ColorScheme) -> None:
    """The desktop switches its colour scheme. The offscreen platform has no desktop to
    ask (``setColorScheme`` is ignored there), so the signal Qt sends is sent here."""
    qapp.styleHints().colorSchemeChanged.emit(scheme)


def pixel(widget: QWidget) -> QColor:
    """A pixel near the bottom right corner, away from text and frames."""
    image = widget.grab().toImage()
    return image.pixelColor(image.width() - 8, image.height() - 8)


def test_the_app_follows_the_desktop_into_dark_and_back(
    qapp: QApplication, appearance: theme.Appearance
) -> None:
    assert appearance.choice() is theme.Choice.DESKTOP

    desktop_turns(qapp, Qt.ColorScheme.Dark)

    assert theme.current() is DARK
    assert QColor(DARK.ink) == theme.INK
    assert theme.KIND_COLOURS["note"] == QColor(DARK.note)
    assert qapp.palette().color(QPalette.ColorRole.Window) == QColor(DARK.paper)
    assert DARK.paper in qapp.styleSheet()

    desktop_turns(qapp, Qt.ColorScheme.Light)

    assert theme.current() is LIGHT
    assert qapp.palette().color(QPalette.ColorRole.Window) == QColor(LIGHT.paper)


def test_a_chosen_theme_holds_whatever_the_desktop_does(
    qapp: QApplication, appearance: theme.Appearance, settings: QSettings
) -> None:
    appearance.choose(theme.Choice.LIGHT)
    desktop_turns(qapp, Qt.ColorScheme.Dark)

    assert theme.current() is LIGHT
    assert settings.value(theme.SETTINGS_KEY) == "light"

    appearance.choose(theme.Choice.DARK)
    desktop_turns(qapp, Qt.ColorScheme.Light)

    assert theme.current() is DARK


def test_the_choice_is_read_back_from_the_windows_settings(
    qapp: QApplication, settings: QSettings
) -> None:
    settings.setValue(theme.SETTINGS_KEY, "dark")
    made = theme.install(qapp, settings)
    try:
        assert made.choice() is theme.Choice.DARK
        assert theme.current() is DARK
        assert theme.installed() is made
    finally:
        made.remove()
    assert theme.installed() is None
    assert theme.current() is LIGHT


def test_an_unknown_stored_choice_follows_the_desktop(
    qapp: QApplication, settings: QSettings
) -> None:
    settings.setValue(theme.SETTINGS_KEY, "sepia")
    made = theme.install(qapp, settings)
    try:
        assert made.choice() is theme.Choice.DESKTOP
    finally:
        made.remove()


def test_every_open_window_changes_at_once_without_a_restart(
    qtbot: QtBot, appearance: theme.Appearance
) -> None:
    first, second = QMainWindow(), QMainWindow()
    listed = QListWidget()
    listed.addItems(["a", "b"])
    second.setCentralWidget(listed)
    for window in (first, second):
        qtbot.addWidget(window)
        window.resize(200, 120)
        window.show()
    assert pixel(first) == QColor(LIGHT.paper)

    appearance.choose(theme.Choice.DARK)

    assert pixel(first) == QColor(DARK.paper)
    assert pixel(listed.viewport()) == QColor(DARK.card)


@pytest.mark.parametrize("scheme", [Qt.ColorScheme.Light, Qt.ColorScheme.Dark])
def test_menus_the_menu_bar_and_tab_labels_read_in_both_themes(
    qtbot: QtBot, qapp: QApplication, appearance: theme.Appearance, scheme: Qt.ColorScheme
) -> None:
    desktop_turns(qapp, scheme)
    window = QMainWindow()
    qtbot.addWidget(window)
    bar = window.menuBar()
    menu = bar.addMenu("&File")
    tabs = QTabWidget()
    tabs.addTab(QWidget(), "Rituals")
    window.setCentralWidget(tabs)
    window.show()

    for widget in (bar, menu, tabs.tabBar(), window):
        shown = widget.palette()
        text = shown.color(QPalette.ColorRole.WindowText).name()
        background = shown.color(QPalette.ColorRole.Window).name()
        assert contrast(text, background) >= MIN_TEXT_CONTRAST, type(widget).__name__
    tool_tip = qapp.palette()
    assert (
        contrast(
            tool_tip.color(QPalette.ColorRole.ToolTipText).name(),
            tool_tip.color(QPalette.ColorRole.ToolTipBase).name(),
        )
        >= MIN_TEXT_CONTRAST
    )


def focusable_controls() -> list[tuple[QWidget, QWidget]]:
    """(what goes in the window, what takes the focus)."""
    accent = QPushButton("Save")
    accent.setProperty("accent", True)
    combo = QComboBox()
    combo.addItems(["Light", "Dark"])
    listed = QListWidget()
    listed.addItems(["one", "two"])
    tabs = QTabWidget()
    tabs.addTab(QWidget(), "Rituals")
    tabs.addTab(QWidget(), "General")
    alone: list[QWidget] = [
        QPushButton("Cancel"),
        accent,
        QLineEdit("words"),
        combo,
        QSpinBox(),
        QTimeEdit(),
        QCheckBox("Start at login"),
        listed,
    ]
    return [(each, each) for each in alone] + [(tabs, tabs.tabBar())]


@pytest.mark.parametrize("mode", [theme.Choice.LIGHT, theme.Choice.DARK])
def test_a_focus_ring_shows_on_every_control(
    qtbot: QtBot, qapp: QApplication, appearance: theme.Appearance, mode: theme.Choice
) -> None:
    appearance.choose(mode)
    host = QWidget()
    qtbot.addWidget(host)
    column = QVBoxLayout(host)
    anchor = QPushButton("elsewhere")
    column.addWidget(anchor)
    controls = focusable_controls()
    for container, _control in controls:
        column.addWidget(container)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(lambda: qapp.focusWindow() is not None)

    for _container, control in controls:
        anchor.setFocus(Qt.FocusReason.TabFocusReason)
        without = control.grab().toImage()
        control.setFocus(Qt.FocusReason.TabFocusReason)
        assert qapp.focusWidget() is control
        with_focus = control.grab().toImage()
        assert with_focus != without, f"no focus ring on {type(control).__name__}"


def test_a_second_install_takes_over_and_the_first_stops_following(
    qapp: QApplication, settings: QSettings, tmp_path: Path
) -> None:
    first = theme.install(qapp, settings)
    dark = QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat)
    dark.setValue(theme.SETTINGS_KEY, "dark")
    second = theme.install(qapp, dark)
    try:
        desktop_turns(qapp, Qt.ColorScheme.Light)

        assert theme.installed() is second
        assert theme.current() is DARK
        first.remove()  # again: nothing happens
        assert theme.current() is DARK
    finally:
        second.remove()


def test_a_colour_swatch_keeps_its_ring_in_the_theme_after_a_switch(
    qtbot: QtBot, appearance: theme.Appearance
) -> None:
    appearance.choose(theme.Choice.LIGHT)
    swatch = ColourButton("#336699")
    qtbot.addWidget(swatch)
    assert f"solid {LIGHT.card}" in swatch.styleSheet()

    appearance.choose(theme.Choice.DARK)

    assert f"solid {DARK.card}" in swatch.styleSheet()
    assert "#336699" in swatch.styleSheet()  # the partner's colour stays
