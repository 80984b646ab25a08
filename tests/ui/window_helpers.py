"""Reaching the main window the way a person does: through its menus."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu


def menu_action(window: QMainWindow, menu: str, text: str) -> QAction:
    """The entry of the menu titled ``menu`` whose text starts with ``text``."""
    for each in window.menuBar().findChildren(QMenu):
        if each.title() == menu:
            for action in each.actions():
                if action.text().startswith(text):
                    return action
    raise AssertionError(f"no {text!r} in the {menu!r} menu")


def undo_action(window: QMainWindow) -> QAction:
    return menu_action(window, "&Edit", "&Undo")


def redo_action(window: QMainWindow) -> QAction:
    return menu_action(window, "&Edit", "&Redo")
