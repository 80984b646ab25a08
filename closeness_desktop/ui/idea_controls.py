"""The idea jar's controls above the list: the four filters, and the "Surprise us" card."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from closeness_desktop.dates.ideas import Budget, Idea, IdeaFilters, IdeaGroup, Setting
from closeness_desktop.ui.idea_widgets import GROUP_LABELS, ChoiceBox, IdeaSummary

NOTHING_FITS = "Nothing in the jar fits these filters; loosen one?"

BUDGET_CHOICES: tuple[tuple[str, Budget | None], ...] = (
    ("Any budget", None),
    ("Free", Budget.FREE),
    ("Up to low cost", Budget.LOW),
    ("Up to medium cost", Budget.MEDIUM),
    ("Up to a treat", Budget.HIGH),
)
SETTING_CHOICES: tuple[tuple[str, Setting | None], ...] = (
    ("Indoors or out", None),
    ("Indoors", Setting.INDOORS),
    ("Outdoors", Setting.OUTDOORS),
)
TIME_CHOICES: tuple[tuple[str, int | None], ...] = (
    ("Any length", None),
    ("Up to an hour", 60),
    ("Up to 2 hours", 120),
    ("Up to half a day", 240),
)
GROUP_CHOICES: tuple[tuple[str, IdeaGroup | None], ...] = (
    ("All kinds", None),
    *((label, group) for group, label in GROUP_LABELS.items()),
)


class IdeaFilterBar(QWidget):
    """Four drop-downs: budget (at most), indoors or out, time needed, kind of date."""

    changed = QtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topbar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.budget = ChoiceBox(BUDGET_CHOICES)
        self.budget.setToolTip("At most this much")
        self.setting = ChoiceBox(SETTING_CHOICES)
        self.setting.setToolTip("Where you'd like to be")
        self.time = ChoiceBox(TIME_CHOICES)
        self.time.setToolTip("How much time you have")
        self.group = ChoiceBox(GROUP_CHOICES)
        self.group.setToolTip("What kind of date")
        for combo in (self.budget, self.setting, self.time, self.group):
            combo.currentIndexChanged.connect(self.changed)
            layout.addWidget(combo)
        layout.addStretch(1)

    def filters(self) -> IdeaFilters:
        return IdeaFilters(
            max_budget=self.budget.value(),
            setting=self.setting.value(),
            max_minutes=self.time.value(),
            group=self.group.value(),
        )

    def clear(self) -> None:
        for combo in (self.budget, self.setting, self.time, self.group):
            combo.setCurrentIndex(0)


class SurprisePanel(QStackedWidget):
    """Where "Surprise us" answers: a hint at first, then an idea card or a gentle no."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = self._line(
            "Not sure what to do tonight? Let the jar choose, or choose together."
        )
        self.nothing = self._line(NOTHING_FITS)
        card_page = QWidget()
        box = QVBoxLayout(card_page)
        box.setContentsMargins(0, 0, 0, 0)
        self.card = IdeaSummary()
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 4, 0, 0)
        self.plan_button = QPushButton("Plan it")
        self.plan_button.setProperty("accent", True)
        self.another_button = QPushButton("Another one")
        buttons.addWidget(self.plan_button)
        buttons.addWidget(self.another_button)
        buttons.addStretch(1)
        self.card.box.addLayout(buttons)  # the buttons sit inside the card
        box.addWidget(self.card)
        for page in (self.hint, self.nothing, card_page):
            self.addWidget(page)
        self._card_page = card_page

    @staticmethod
    def _line(text: str) -> QLabel:
        label = QLabel(text)
        label.setProperty("role", "soft")
        label.setWordWrap(True)
        label.setContentsMargins(4, 6, 4, 6)
        return label

    @property
    def idea(self) -> Idea | None:
        """The idea on show, if the card is showing."""
        return self.card.idea if self.currentWidget() is self._card_page else None

    def show_idea(self, idea: Idea | None, done: str | None = None) -> None:
        if idea is None:
            self.setCurrentWidget(self.nothing)
            return
        self.card.show_idea(idea, done)
        self.setCurrentWidget(self._card_page)

    def sizeHint(self) -> QSize:
        # As tall as what is showing, not as the tallest page.
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()
