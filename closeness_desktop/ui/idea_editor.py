"""A small form to put an idea of the couple's own in the jar.

The household validates; a problem shows under the form and the dialog stays open, so
nothing typed is lost. Closing with words in it asks first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.dates.ideas import MAX_MINUTES, Idea
from closeness_desktop.household import Household, ValidationError
from closeness_desktop.records import SaveError
from closeness_desktop.ui.forms import FormDialog
from closeness_desktop.ui.idea_widgets import (
    BUDGET_LABELS,
    GROUP_LABELS,
    SETTING_LABELS,
    ChoiceBox,
)
from closeness_desktop.ui.save_failures import words_kept

DEFAULT_MINUTES = 120
_Choice = TypeVar("_Choice")


def _choices(labels: Mapping[_Choice, str]) -> ChoiceBox[_Choice]:
    return ChoiceBox([(label, value) for value, label in labels.items()])


class OwnIdeaDialog(FormDialog):
    """Title, one line, and what kind of date it is; :attr:`saved` holds the new idea."""

    discard_title = "Let this idea go?"
    discard_text = "You have started an idea here. Close without keeping it?"

    def __init__(self, household: Household, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.household = household
        self.saved: Idea | None = None
        self.setWindowTitle("Our own idea")
        self.setMinimumWidth(440)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit()
        self.title.setPlaceholderText("Breakfast on the balcony")
        self.line = QLineEdit()
        self.line.setPlaceholderText("One line about it, if you like")
        self.group = _choices(GROUP_LABELS)
        self.budget = _choices(BUDGET_LABELS)
        self.setting = _choices(SETTING_LABELS)
        self.setting.setCurrentIndex(self.setting.count() - 1)  # indoors or out
        self.minutes = QSpinBox()
        self.minutes.setRange(15, MAX_MINUTES)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(DEFAULT_MINUTES)
        self.minutes.setSuffix(" minutes")
        form.addRow("The idea", self.title)
        form.addRow("In a line", self.line)
        form.addRow("Kind", self.group)
        form.addRow("Budget", self.budget)
        form.addRow("Where", self.setting)
        form.addRow("Time", self.minutes)
        layout.addLayout(form)

        self.add_error_line(layout)

        self.add_save_buttons(layout, "Put it in the jar")
        self.title.setFocus()

    def save(self) -> None:
        """Hand the idea to the household; stay open with a note if it needs a change."""
        try:
            self.saved = self.household.ideas.add_own(
                self.title.text(),
                self.line.text(),
                group=self.group.value(),
                budget=self.budget.value(),
                setting=self.setting.value(),
                minutes=self.minutes.value(),
                origin=self,
            )
        except ValidationError as problem:
            self.show_error(str(problem))
            self.title.setFocus()
            return
        except SaveError as problem:  # the database refused: the dialog keeps every word
            self.show_error(words_kept("This idea was not added", problem))
            return
        self.accept()

    def is_dirty(self) -> bool:
        """True when closing would lose something typed."""
        return bool(self.title.text().strip() or self.line.text().strip())
