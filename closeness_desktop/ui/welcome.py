"""First start: two names, a colour each, and who uses this computer account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QColorDialog,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.records import DEFAULT_COLOURS, SaveError, ValidationError
from closeness_desktop.ui import theme
from closeness_desktop.ui.save_failures import words_kept

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.ui.theme_colours import Colours

#: The id of "We share it"; not -1, which QButtonGroup takes as "pick an id for me".
SHARED = 2
#: How wide a name may be beside its radio button, in average letters: a longer one ends in
#: "…" (the whole name in its tooltip), never cut off mid-letter by the dialog's edge.
NAME_LETTERS = 18


class ColourButton(QPushButton):
    """A swatch that opens a colour picker."""

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(36, 28)
        self.setToolTip("Choose a colour")
        self.clicked.connect(self._choose)
        self.colour = colour.upper()
        theme.follow(self, self._paint)

    def set_colour(self, colour: str) -> None:
        self.colour = colour.upper()
        self._paint(theme.current())

    def _paint(self, colours: Colours) -> None:
        # The ring is the card's own colour, so the swatch sits on the page in both themes.
        self.setStyleSheet(
            f"background: {self.colour}; border: 2px solid {colours.card}; border-radius: 14px;"
        )

    def _choose(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour), self, "A colour for your entries")
        if chosen.isValid():
            self.set_colour(chosen.name())


class WelcomeDialog(QDialog):
    def __init__(
        self, household: Household, os_account: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.household = household
        self.os_account = os_account
        self.setWindowTitle("Welcome to Closeness")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        title = QLabel("Welcome to Closeness")
        title.setProperty("role", "title")
        layout.addWidget(title)
        intro = QLabel(
            "A small, private place for the two of you: love notes left for the other to find,"
            " memories, date nights and gentle check-ins. Everything stays on this computer."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "soft")
        layout.addWidget(intro)

        grid = QGridLayout()
        grid.addWidget(QLabel("What are your names?"), 0, 0, 1, 3)
        self.names = [QLineEdit(), QLineEdit()]
        self.colours = [ColourButton(DEFAULT_COLOURS[0]), ColourButton(DEFAULT_COLOURS[1])]
        for row, (field, swatch, hint) in enumerate(
            zip(self.names, self.colours, ("One of you", "The other"), strict=True), start=1
        ):
            field.setPlaceholderText(hint)
            field.setMaxLength(40)
            field.setObjectName(f"name-{row}")
            grid.addWidget(field, row, 0, 1, 2)
            grid.addWidget(swatch, row, 2)
        layout.addLayout(grid)

        layout.addWidget(QLabel(f"Who uses this computer account ({os_account})?"))
        who = QHBoxLayout()
        self.who = QButtonGroup(self)
        self.who_buttons = [QRadioButton(), QRadioButton(), QRadioButton("We share it")]
        for number, button in enumerate(self.who_buttons):
            self.who.addButton(button, number)  # the last one, "We share it", is SHARED
            who.addWidget(button)
        self.who_buttons[2].setChecked(True)
        who.addStretch(1)
        layout.addLayout(who)
        for field in self.names:
            field.textChanged.connect(self._name_radios)
        self._name_radios()

        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        start = QPushButton("Start our timeline")
        start.setDefault(True)
        start.setProperty("accent", True)
        start.clicked.connect(self.create_household)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(start)
        layout.addLayout(actions)
        self.names[0].setFocus()

    def _name_radios(self) -> None:
        for number, field in enumerate(self.names):
            name = field.text().strip() or ("the first" if number == 0 else "the second")
            button = self.who_buttons[number]
            metrics = button.fontMetrics()
            room = metrics.averageCharWidth() * NAME_LETTERS
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, room)
            button.setText(shown.replace("&", "&&"))  # a name's "&" is not a shortcut
            button.setToolTip(name if shown != name else "")

    def create_household(self) -> None:
        names = [field.text() for field in self.names]
        chosen = self.who.checkedId()
        this_account = names[chosen].strip() if chosen != SHARED else None
        try:
            self.household.partners.setup(
                names,
                [swatch.colour for swatch in self.colours],
                this_account=this_account,
                os_account=self.os_account,
            )
        except ValidationError as problem:
            self.error.setText(str(problem))
            self.error.show()
            return
        except SaveError as problem:  # nothing was written: the names stay in the dialog
            self.error.setText(words_kept("Your names were not saved", problem))
            self.error.show()
            return
        self.accept()
