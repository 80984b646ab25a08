"""The "Idea jar" tab: ideas for date nights, "surprise us", and together mode."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from closeness_desktop.household import Household

if TYPE_CHECKING:
    from closeness_desktop.ui.main_window import MainWindow


class IdeaJarPage(QWidget):
    def __init__(self, window: MainWindow, household: Household) -> None:
        super().__init__(window)
        self.window_ = window
        self.household = household
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Idea jar"))
