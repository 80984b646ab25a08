"""Light and dark: which colours are in use, and switching them while the app runs.

The colours themselves live in :mod:`~closeness_desktop.ui.theme_colours`, the style
sheet and palette written from them in :mod:`~closeness_desktop.ui.theme_style`.

Painted views read ``theme.INK``, ``theme.CARD``, ``theme.KIND_COLOURS``... at paint time:
these names are looked up in the theme in use on each read (see :func:`__getattr__`), so
a view that reads them while painting follows a switch with nothing more than a repaint,
which :class:`Appearance` asks of every list. Read them when painting, not once at import.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from closeness_desktop.ui import theme_style
from closeness_desktop.ui.theme_colours import DARK, LIGHT, Colours

log = logging.getLogger(__name__)

#: Where the window's settings keep the choice: it belongs to this account, not the household.
SETTINGS_KEY = "appearance/theme"


class Choice(enum.Enum):
    DESKTOP = "desktop"
    LIGHT = "light"
    DARK = "dark"


CHOICE_WORDS = {
    Choice.DESKTOP: "Follow the desktop",
    Choice.LIGHT: "Light",
    Choice.DARK: "Dark",
}

# The colours painted views read, by the names they have always read (module attributes).
PAPER: QColor
CARD: QColor
CARD_BORDER: QColor
CARD_SELECTED: QColor
INK: QColor
INK_SOFT: QColor
HEADER_INK: QColor
ACCENT: QColor
ERROR: QColor
KIND_COLOURS: dict[str, QColor]
#: The style sheet of the theme in use (what :class:`Appearance` gives the application).
STYLE_SHEET: str


class _InUse:
    """What the whole application shows now (one palette, one style sheet: one of these)."""

    colours: Colours = LIGHT
    qcolours: dict[str, QColor] = {}  # noqa: RUF012 - one per process, like the palette
    appearance: Appearance | None = None


_in_use = _InUse()


def current() -> Colours:
    """The colours in use now (``theme.current().ink`` is a ``#RRGGBB`` string)."""
    return _in_use.colours


def colour(name: str) -> QColor:
    """One of :func:`current`'s colours, by its field name ("ink", "card_selected")."""
    found = _in_use.qcolours.get(name)
    if found is None:
        found = _in_use.qcolours[name] = QColor(getattr(_in_use.colours, name))
    return found


def kind_colours() -> dict[str, QColor]:
    return {kind: colour(kind) for kind in _in_use.colours.kind_colours()}


def __getattr__(name: str) -> object:
    """``theme.INK`` and the others: the colour of that name in the theme in use now."""
    if name == "KIND_COLOURS":
        return kind_colours()
    if name == "STYLE_SHEET":
        return theme_style.style_sheet(_in_use.colours)
    if name.isupper() and name != "NAME" and hasattr(_in_use.colours, name.lower()):
        return colour(name.lower())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def colours_for(choice: Choice, desktop: Qt.ColorScheme) -> Colours:
    if choice is Choice.DARK or (choice is Choice.DESKTOP and desktop == Qt.ColorScheme.Dark):
        return DARK
    return LIGHT


def _use(colours: Colours) -> None:
    _in_use.colours = colours
    _in_use.qcolours = {}


class Appearance(QObject):
    """Applies the chosen theme to the whole application, and again whenever the choice or
    the desktop's colour scheme changes: every open window follows at once."""

    #: The new :class:`Colours`, after the palette and style sheet have been applied.
    changed = Signal(object)

    def __init__(self, qapp: QApplication, settings: QSettings) -> None:
        super().__init__(qapp)
        self._qapp = qapp
        self._settings = settings
        hints = qapp.styleHints()
        self._desktop = hints.colorScheme()
        hints.colorSchemeChanged.connect(self._desktop_changed)
        self._before = (qapp.style().name(), QPalette(qapp.palette()), qapp.styleSheet())
        self._removed = False
        # Fusion draws everything from the palette; the native styles of Windows 11 and
        # macOS ignore much of it, which would leave dark controls in a light theme.
        qapp.setStyle("Fusion")
        self.apply()

    def choice(self) -> Choice:
        stored = self._settings.value(SETTINGS_KEY, Choice.DESKTOP.value)
        try:
            return Choice(stored)
        except ValueError:
            log.warning("unknown theme choice in the settings; following the desktop")
            return Choice.DESKTOP

    def choose(self, choice: Choice) -> None:
        self._settings.setValue(SETTINGS_KEY, choice.value)
        self.apply()

    def colours(self) -> Colours:
        return colours_for(self.choice(), self._desktop)

    def apply(self) -> None:
        colours = self.colours()
        _use(colours)
        self._qapp.setPalette(theme_style.palette(colours))
        self._qapp.setStyleSheet(theme_style.style_sheet(colours))
        # The style sheet repolishes every widget; the painted lists repaint from theme.*.
        for widget in self._qapp.allWidgets():
            if isinstance(widget, QAbstractItemView):
                widget.viewport().update()
        self.changed.emit(colours)

    def remove(self) -> None:
        """Give the application back its style, palette and style sheet (once)."""
        if self._removed:
            return
        self._removed = True
        self._qapp.styleHints().colorSchemeChanged.disconnect(self._desktop_changed)
        style, palette, sheet = self._before
        self._qapp.setStyleSheet(sheet)
        self._qapp.setStyle(style)
        self._qapp.setPalette(palette)
        _use(LIGHT)
        if _in_use.appearance is self:
            _in_use.appearance = None

    def _desktop_changed(self, scheme: Qt.ColorScheme) -> None:
        self._desktop = scheme
        if self.choice() is Choice.DESKTOP:
            self.apply()


def install(qapp: QApplication, settings: QSettings) -> Appearance:
    """Theme the application as the window's ``settings`` say, from now until it quits."""
    previous = _in_use.appearance
    if previous is not None:  # one in charge: the older one stops following the desktop
        previous.remove()
    _in_use.appearance = Appearance(qapp, settings)
    return _in_use.appearance


def installed() -> Appearance | None:
    """The :class:`Appearance` in charge, if :func:`install` has run (not in most tests)."""
    return _in_use.appearance


class _Follower(QObject):
    """Re-applies one widget's own colours after each switch; a child of that widget, so
    the connection goes with it."""

    def __init__(self, widget: QWidget, apply: Callable[[Colours], None]) -> None:
        super().__init__(widget)
        self._apply = apply

    def changed(self, colours: Colours) -> None:
        self._apply(colours)


def follow(widget: QWidget, apply: Callable[[Colours], None]) -> None:
    """Run ``apply`` with the colours in use now, and again after every switch, for as
    long as ``widget`` lives: for a widget's own style sheet or text formats, which the
    application's style sheet and palette do not reach."""
    apply(current())
    appearance = installed()
    if appearance is not None:
        appearance.changed.connect(_Follower(widget, apply).changed)
