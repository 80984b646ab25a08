"""The composer's check-in page: a mood in five words, feeling chips, and a line.

The mood is five labelled buttons, one choice (Tab reaches them, the arrow keys move the
choice like radio buttons, Space picks); the feelings are chips from the shipped list
(``resources/feelings.json``) beside the person's own words, which the line under them
turns into chips of their own (Enter or a comma). What the page holds becomes the
entry's ``mood``, ``feelings`` (comma-separated, in the order chosen) and ``body``.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.humanize import MOOD_WORDS
from closeness_desktop.records import Draft, EntryRecord
from closeness_desktop.rituals.feelings import FEELING_MAX, shipped_feelings, split_feelings

NO_KEYS = Qt.KeyboardModifier.NoModifier
ARROWS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}
#: Chips per row: six short words fit the composer's width.
CHIPS_PER_ROW = 6
TOO_LONG = f"A feeling can be up to {FEELING_MAX} characters; the line below has room for more."


class CheckinPage(QWidget):
    #: a word typed that cannot become a chip, in words (the composer shows it)
    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        question = QLabel("How are you feeling today?")
        layout.addWidget(question)

        moods = QHBoxLayout()
        self.mood_group = QButtonGroup(self)
        self.mood_group.setExclusive(True)
        for value, word in enumerate(MOOD_WORDS, start=1):
            button = QPushButton(word.capitalize())
            button.setCheckable(True)
            button.setAutoDefault(False)  # Enter saves the check-in, it does not pick
            button.setObjectName(f"mood-{value}")
            button.setAccessibleName(f"{word.capitalize()}, {value} of 5")
            button.installEventFilter(self)
            self.mood_group.addButton(button, value)
            moods.addWidget(button)
        question.setBuddy(self.mood_group.button(1))
        layout.addLayout(moods)

        feelings_label = QLabel("Any of these, or your own words")
        feelings_label.setProperty("role", "soft")
        layout.addWidget(feelings_label)
        self._chips: dict[str, QPushButton] = {}
        self._chosen: list[str] = []  # in the order picked: the way the card will read
        shipped = QGridLayout()
        shipped.setSpacing(6)
        for row, group in enumerate(shipped_feelings()):
            for column, word in enumerate(group.words):
                shipped.addWidget(self._chip(word, group.name), row, column)
        layout.addLayout(shipped)
        self._own = QGridLayout()
        self._own.setSpacing(6)
        self._own.setColumnStretch(CHIPS_PER_ROW, 1)  # own chips keep their size, at the left
        layout.addLayout(self._own)

        self.own_words = QLineEdit()
        self.own_words.setObjectName("own-words")
        self.own_words.setPlaceholderText("Your own words: type one and press Enter")
        self.own_words.setAccessibleName("Your own feeling words")
        self.own_words.installEventFilter(self)
        layout.addWidget(self.own_words)
        self.line = QLineEdit()
        self.line.setObjectName("checkin-line")
        self.line.setPlaceholderText("One line about today, if you like")
        self.line.setAccessibleName("A line about today")
        layout.addWidget(self.line)
        layout.addStretch(1)

    # -- chips ------------------------------------------------------------------------

    def _chip(self, word: str, group: str) -> QPushButton:
        chip = QPushButton(word)
        chip.setCheckable(True)
        chip.setAutoDefault(False)
        chip.setProperty("role", "chip")
        chip.setObjectName(f"feeling-{word}")
        chip.setAccessibleDescription(group)
        chip.toggled.connect(lambda on, word=word: self._toggle(word, on))
        self._chips[word.casefold()] = chip
        return chip

    def _toggle(self, word: str, on: bool) -> None:
        if on and word not in self._chosen:
            self._chosen.append(word)
        elif not on and word in self._chosen:
            self._chosen.remove(word)

    def chip(self, word: str) -> QPushButton | None:
        """The chip for ``word`` (shipped or own), if the page has one."""
        return self._chips.get(word.strip().casefold())

    def add_words(self, text: str, *, check: bool = True) -> bool:
        """Turn ``text`` ("a bit tired, hopeful") into chosen chips; False (and a word on
        :attr:`problem`) when one is too long, and then nothing is added. ``check=False``
        takes what an entry already holds as it is."""
        words = split_feelings(text)
        if check and any(len(word) > FEELING_MAX for word in words):
            self.problem.emit(TOO_LONG)
            return False
        for word in words:
            chip = self.chip(word)
            if chip is None:
                count = self._own.count()
                chip = self._chip(word, "your own words")
                self._own.addWidget(chip, count // CHIPS_PER_ROW, count % CHIPS_PER_ROW)
            chip.setChecked(True)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter (or a comma) in "your own words" makes chips; on an empty line Enter saves."""
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        if watched in self.mood_group.buttons():
            return self._mood_key(watched, event)
        if watched is not self.own_words:
            return super().eventFilter(watched, event)
        plain = event.modifiers() in (NO_KEYS, Qt.KeyboardModifier.KeypadModifier)
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain
        if (enter or event.text() == ",") and self.own_words.text().strip():
            if self.add_words(self.own_words.text()):
                self.own_words.clear()
            return True  # a word too long stays in the line, to be shortened
        return super().eventFilter(watched, event)

    def _mood_key(self, button: QObject, event: QKeyEvent) -> bool:
        """The arrows move the mood like radio buttons (Qt leaves push buttons out of
        that unless the window is active); 1 to 5 pick one at once."""
        assert isinstance(button, QPushButton)
        step = ARROWS.get(Qt.Key(event.key()))
        if step is not None:
            value = self.mood_group.id(button) + step
        elif event.text() in ("1", "2", "3", "4", "5"):
            value = int(event.text())
        else:
            return False
        chosen = self.mood_group.button(min(max(value, 1), len(MOOD_WORDS)))
        chosen.setChecked(True)
        chosen.setFocus()
        return True

    # -- the composer's side ------------------------------------------------------------

    def first_focus(self) -> QWidget:
        return self.mood_group.checkedButton() or self.mood_group.button(1)

    def feelings(self) -> list[str]:
        """The chosen words, then any still typed in "your own words" (nothing is lost)."""
        chosen = {word.casefold() for word in self._chosen}
        typed = split_feelings(self.own_words.text())
        return [*self._chosen, *(word for word in typed if word.casefold() not in chosen)]

    def draft(self, author: uuid.UUID) -> Draft:
        return Draft.checkin(author, self.mood_group.checkedId(), self.feelings(), self.line.text())

    def has_words(self) -> bool:
        return bool(self.feelings() or self.line.text().strip())

    def load(self, record: EntryRecord) -> None:
        if record.mood:
            self.mood_group.button(record.mood).setChecked(True)
        self.add_words(record.feelings, check=False)
        self.line.setText(record.body)

    def make_read_only(self) -> None:
        """Only what was chosen shows, unclickable: a disabled look would hide which."""
        buttons = [*self.mood_group.buttons(), *self._chips.values()]
        for button in buttons:
            button.setVisible(button.isChecked())
            button.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.own_words.hide()
        self.line.setReadOnly(True)
