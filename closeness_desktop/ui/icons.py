"""Icons shipped in ``resources/icons``."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon


def icon_path(name: str) -> str:
    return str(resources.files("closeness_desktop.resources") / "icons" / f"{name}.svg")


@cache
def app_icon() -> QIcon:
    return QIcon(icon_path("closeness"))
