"""The style sheet and the palette, written from one set of :class:`Colours`.

Both are needed: the style sheet draws the controls it names, and the palette colours
everything the style draws by itself (menus, the menu bar, tab labels, tool tips,
disabled text, the calendar's day names), so that neither falls back to Qt's grey and
blue, nor to dark-on-dark under a dark desktop palette.

Focus: every control that takes the keyboard shows a 2 px ring in ``focus``. Where the
ring thickens a border, the padding shrinks by the same pixel, so nothing moves.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QPalette

from closeness_desktop.ui.icons import icon_path
from closeness_desktop.ui.theme_colours import Colours


def _icon(name: str, colours: Colours) -> str:
    """The arrow icons come in the soft ink of each theme."""
    suffix = "-dark" if colours.name == "dark" else ""
    return Path(icon_path(f"{name}{suffix}")).as_posix()


def style_sheet(c: Colours) -> str:
    up, down = _icon("step-up", c), _icon("step-down", c)
    left, right = _icon("step-left", c), _icon("step-right", c)
    check = Path(icon_path("check")).as_posix()
    return f"""
QMainWindow, QDialog {{ background: {c.paper}; }}
QToolTip {{
    background: {c.tooltip}; color: {c.tooltip_ink}; border: 1px solid {c.tooltip};
    border-radius: 4px; padding: 4px 6px;
}}
QMenuBar {{ background: {c.paper}; color: {c.ink}; }}
QMenuBar::item {{ background: transparent; padding: 4px 10px; border-radius: 4px; }}
QMenuBar::item:selected, QMenuBar::item:pressed {{ background: {c.checked}; }}
QMenu {{
    background: {c.card}; color: {c.ink}; border: 1px solid {c.card_border};
    border-radius: 6px; padding: 4px;
}}
QMenu::item {{ padding: 5px 22px 5px 22px; border-radius: 4px; }}
QMenu::item:selected {{ background: {c.card_selected}; color: {c.ink}; }}
QMenu::item:disabled {{ color: {c.disabled_ink}; }}
QMenu::separator {{ height: 1px; background: {c.card_border}; margin: 4px 8px; }}

QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox {{
    background: {c.card}; color: {c.ink}; border: 1px solid {c.field_border};
    border-radius: 6px; padding: 4px 6px;
    selection-background-color: {c.accent_button}; selection-color: {c.on_accent};
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus {{
    border: 2px solid {c.focus}; padding: 3px 5px;
}}
QLineEdit:disabled, QPlainTextEdit:disabled, QComboBox:disabled, QAbstractSpinBox:disabled {{
    color: {c.disabled_ink}; background: {c.disabled_fill}; border-color: {c.card_border};
}}

QAbstractSpinBox {{ padding-right: 22px; }}
QAbstractSpinBox:focus {{ border: 2px solid {c.focus}; padding: 3px 21px 3px 5px; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{
    subcontrol-origin: border; width: 18px; border-left: 1px solid {c.field_border};
    background: transparent;
}}
QAbstractSpinBox::up-button {{ subcontrol-position: top right; border-top-right-radius: 6px; }}
QAbstractSpinBox::down-button {{
    subcontrol-position: bottom right; border-bottom-right-radius: 6px;
}}
QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover {{
    background: {c.checked};
}}
QAbstractSpinBox::up-arrow {{ image: url({up}); width: 8px; height: 5px; }}
QAbstractSpinBox::down-arrow {{ image: url({down}); width: 8px; height: 5px; }}

QComboBox {{ padding-right: 24px; combobox-popup: 0; }}
QComboBox:focus {{ padding-right: 23px; }}
QComboBox::drop-down {{
    subcontrol-origin: padding; subcontrol-position: center right; width: 22px; border: none;
}}
QComboBox::down-arrow, QDateTimeEdit::down-arrow {{
    image: url({down}); width: 8px; height: 5px;
}}
QDateTimeEdit::drop-down {{
    subcontrol-origin: padding; subcontrol-position: center right; width: 22px; border: none;
}}
QComboBox QAbstractItemView {{
    background: {c.card}; color: {c.ink}; border: 1px solid {c.card_border};
    selection-background-color: {c.card_selected}; selection-color: {c.ink};
    outline: none; padding: 2px;
}}
QComboBox QAbstractItemView:focus {{ border: 1px solid {c.card_border}; padding: 2px; }}
QComboBox QAbstractItemView::item {{ min-height: 24px; padding: 0 6px; border-radius: 4px; }}
QComboBox QAbstractItemView::item:selected {{ background: {c.card_selected}; color: {c.ink}; }}

QPushButton {{
    background: {c.card}; color: {c.ink}; border: 1px solid {c.field_border};
    border-radius: 6px; padding: 5px 12px;
}}
QToolButton {{
    background: transparent; color: {c.ink}; border: 1px solid transparent;
    border-radius: 6px; padding: 3px 6px;
}}
QPushButton:hover, QToolButton:hover {{ border-color: {c.accent}; }}
QPushButton:default, QPushButton[accent="true"] {{
    background: {c.accent_button}; color: {c.on_accent}; border-color: {c.accent_button_border};
}}
QPushButton:checked, QToolButton:checked {{ background: {c.checked}; border-color: {c.accent}; }}
QPushButton:focus {{ border: 2px solid {c.focus}; padding: 4px 11px; }}
QToolButton:focus {{ border: 2px solid {c.focus}; padding: 2px 5px; }}
QPushButton:disabled, QToolButton:disabled {{
    color: {c.disabled_ink}; background: {c.disabled_fill}; border-color: {c.card_border};
}}
QPushButton[role="big"] {{ font-size: 16px; padding: 10px 22px; }}
QPushButton[role="big"]:focus {{ padding: 9px 21px; }}
QPushButton[role="chip"] {{ padding: 4px 8px; border-radius: 12px; }}
QPushButton[role="chip"]:focus {{ padding: 3px 7px; }}

QCheckBox, QRadioButton {{ spacing: 8px; color: {c.ink}; }}
QCheckBox:disabled, QRadioButton:disabled {{ color: {c.disabled_ink}; }}
QCheckBox::indicator, QRadioButton::indicator {{
    width: 14px; height: 14px; margin: 1px; border: 1px solid {c.field_border};
    background: {c.card};
}}
QCheckBox::indicator {{ border-radius: 4px; }}
QRadioButton::indicator {{ border-radius: 8px; }}
QCheckBox::indicator:hover, QRadioButton::indicator:hover {{ border-color: {c.accent}; }}
QCheckBox::indicator:checked {{
    background: {c.accent_button}; border-color: {c.accent_button_border}; image: url({check});
}}
QRadioButton::indicator:checked {{
    background: {c.card}; border: 5px solid {c.accent_button}; width: 6px; height: 6px;
}}
QCheckBox::indicator:focus, QRadioButton::indicator:focus {{
    margin: 0; border: 2px solid {c.focus};
}}
QRadioButton::indicator:checked:focus {{ border: 5px solid {c.focus}; margin: 1px; }}

QTabWidget::pane {{
    background: {c.card}; border: 1px solid {c.card_border}; border-radius: 8px; top: -1px;
}}
QTabBar::tab {{
    background: {c.bar}; color: {c.ink_soft}; border: 1px solid {c.card_border};
    border-bottom: none; border-top-left-radius: 6px; border-top-right-radius: 6px;
    padding: 6px 14px; margin-right: 2px;
}}
QTabBar::tab:selected {{ background: {c.card}; color: {c.ink}; }}
QTabBar::tab:hover {{ color: {c.ink}; }}
QTabBar::tab:focus {{ border: 2px solid {c.focus}; border-bottom: none; padding: 5px 13px; }}
QScrollArea#page {{ background: transparent; border: none; }}
QWidget#pageBody {{ background: transparent; }}

QAbstractItemView {{
    background: {c.card}; color: {c.ink}; border: 1px solid {c.card_border};
    border-radius: 6px; padding: 1px; alternate-background-color: {c.paper};
    selection-background-color: {c.card_selected}; selection-color: {c.ink};
}}
QAbstractItemView:focus {{ border: 2px solid {c.focus}; padding: 0; }}
QListView#timeline, QListView#ideas {{
    background: {c.paper}; border: 2px solid transparent; border-radius: 8px; padding: 0;
}}
QListView#timeline:focus, QListView#ideas:focus {{ border-color: {c.focus}; }}
QHeaderView::section {{
    background: {c.bar}; color: {c.ink_soft}; border: none; padding: 4px 6px;
}}

QScrollBar:vertical {{ background: transparent; width: 12px; margin: 0; }}
QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 0; }}
QScrollBar::handle {{ background: {c.field_border}; border-radius: 4px; margin: 2px; }}
QScrollBar::handle:vertical {{ min-height: 32px; }}
QScrollBar::handle:horizontal {{ min-width: 32px; }}
QScrollBar::handle:hover {{ background: {c.ink_soft}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}

QCalendarWidget QWidget#qt_calendar_navigationbar {{
    background: {c.bar}; border-top-left-radius: 8px; border-top-right-radius: 8px;
}}
QCalendarWidget QToolButton {{
    color: {c.ink}; background: transparent; border: 2px solid transparent;
    font-weight: 600; padding: 3px 8px; border-radius: 6px;
}}
QCalendarWidget QToolButton:hover {{ background: {c.checked}; }}
QCalendarWidget QToolButton:focus {{ border-color: {c.focus}; padding: 3px 8px; }}
QCalendarWidget QToolButton::menu-indicator {{ image: none; width: 0; }}
QCalendarWidget QToolButton#qt_calendar_prevmonth {{ qproperty-icon: url({left}); }}
QCalendarWidget QToolButton#qt_calendar_nextmonth {{ qproperty-icon: url({right}); }}
QCalendarWidget QAbstractItemView {{
    background: {c.card}; color: {c.ink}; border: 2px solid transparent; border-radius: 0;
    padding: 0; outline: none; alternate-background-color: {c.paper};
    selection-background-color: {c.accent_button}; selection-color: {c.on_accent};
}}
QCalendarWidget QAbstractItemView:focus {{ border-color: {c.focus}; }}
QCalendarWidget QAbstractItemView:disabled {{ color: {c.disabled_ink}; }}

QLabel[role="title"] {{ font-size: 20px; font-weight: 600; color: {c.ink}; }}
QLabel[role="soft"] {{ color: {c.ink_soft}; }}
QLabel[role="error"] {{ color: {c.error}; }}
QFrame[role="card"] {{
    background: {c.card}; border: 1px solid {c.card_border}; border-radius: 10px;
}}
QLabel[role="chip"] {{
    background: {c.chip}; color: {c.ink_soft}; border: none; border-radius: 9px; padding: 2px 9px;
}}
QFrame#banner {{
    background: {c.banner}; border: 1px solid {c.banner_border}; border-radius: 8px;
}}
#topbar {{ background: {c.bar}; }}
QToolBar {{ background: {c.bar}; border: none; spacing: 6px; padding: 4px; }}
QStatusBar {{ background: {c.bar}; color: {c.ink}; }}
"""


def palette(c: Colours) -> QPalette:
    """The palette of the same colours, for whatever the style draws on its own."""
    shown = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, c.paper),
        (roles.WindowText, c.ink),
        (roles.Base, c.card),
        (roles.AlternateBase, c.paper),
        (roles.Text, c.ink),
        (roles.Button, c.card),
        (roles.ButtonText, c.ink),
        (roles.BrightText, c.on_accent),
        (roles.Highlight, c.accent_button),
        (roles.HighlightedText, c.on_accent),
        (roles.ToolTipBase, c.tooltip),
        (roles.ToolTipText, c.tooltip_ink),
        (roles.PlaceholderText, c.ink_soft),
        (roles.Link, c.accent),
        (roles.LinkVisited, c.accent),
        (roles.Accent, c.accent_button),
        (roles.Light, c.card),
        (roles.Midlight, c.card_border),
        (roles.Mid, c.field_border),
        (roles.Dark, c.ink_soft),
        (roles.Shadow, c.ink),
    ):
        shown.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText, roles.PlaceholderText):
        shown.setColor(disabled, role, QColor(c.disabled_ink))
    for role in (roles.Base, roles.Button):
        shown.setColor(disabled, role, QColor(c.disabled_fill))
    return shown
