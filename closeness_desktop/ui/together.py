"""Together mode: two people at one screen say yes, maybe or no to the same ideas in turn,
then see where they agree.

All the choosing lives in :class:`~closeness_desktop.dates.ideas.TogetherSession`; this
dialog only shows whose turn it is, passes answers on, and lists the matches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.dates.ideas import Idea, Match, TogetherSession, Vote
from closeness_desktop.household import PartnerInfo
from closeness_desktop.ui.icons import app_icon
from closeness_desktop.ui.idea_widgets import (
    DetailRole,
    HeaderRole,
    IdeaDelegate,
    IdeaRole,
    IdeaSummary,
)

NO_MATCH = "No match this time — that's fine."
NO_MATCH_NOTE = "Try a few more, or plan something new together."
TIER_HEADERS = ("You both said yes", "A yes and a maybe", "Two maybes")
VOTE_BUTTONS = ((Vote.YES, "Yes", "Y"), (Vote.MAYBE, "Maybe", "M"), (Vote.NO, "No", "N"))


class VotingPage(QWidget):
    """One idea at a time: whose turn it is, the idea, and three big answers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addStretch(1)
        top = QHBoxLayout()
        self.turn = QLabel()
        self.progress = QLabel()
        self.progress.setProperty("role", "soft")
        top.addWidget(self.turn)
        top.addStretch(1)
        top.addWidget(self.progress)
        layout.addLayout(top)
        self.card = IdeaSummary()
        layout.addWidget(self.card)
        layout.addSpacing(8)
        answers = QHBoxLayout()
        self.buttons: dict[Vote, QPushButton] = {}
        for vote, text, key in VOTE_BUTTONS:
            button = QPushButton(text)
            button.setProperty("role", "big")
            button.setToolTip(f"{text} (press {key})")
            button.setMinimumHeight(48)
            button.setAutoDefault(False)  # no answer looks like the expected one
            # A shortcut of its own: a button's own shortcut clicks only after an animation.
            QShortcut(QKeySequence(key), self, button.click)
            answers.addWidget(button, 1)
            self.buttons[vote] = button
        layout.addLayout(answers)
        bottom = QHBoxLayout()
        hint = QLabel("Or press Y, M or N. You'll see each other's answers at the end.")
        hint.setProperty("role", "soft")
        hint.setWordWrap(True)
        self.back_button = QPushButton("Back")
        self.back_button.setAutoDefault(False)
        self.back_button.setToolTip("Change the last answer (Backspace)")
        QShortcut(QKeySequence(Qt.Key.Key_Backspace), self, self.back_button.click)
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.back_button)
        layout.addLayout(bottom)
        layout.addStretch(1)

    def show_turn(
        self, partner: PartnerInfo, idea: Idea, number: int, total: int, can_go_back: bool
    ) -> None:
        self.turn.setText(f"{partner.name}'s turn")
        self.turn.setStyleSheet(f"color: {partner.colour}; font-size: 22px; font-weight: 600;")
        self.progress.setText(f"Idea {number} of {total}")
        self.card.show_idea(idea)
        self.back_button.setEnabled(can_go_back)


class ResultsPage(QWidget):
    """The matches, best agreement first, with who said what."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.icon = QLabel()
        self.icon.setPixmap(app_icon().pixmap(64, 64))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.note = QLabel()
        self.note.setProperty("role", "soft")
        self.note.setWordWrap(True)
        self.matches = QListWidget()
        self.matches.setObjectName("ideas")
        self.matches.setItemDelegate(IdeaDelegate(self.matches))
        self.matches.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Without a list to show, the two stretches hold the kind words in the middle.
        layout.addStretch(0)
        layout.addWidget(self.icon)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.matches, 1)
        layout.addStretch(0)
        buttons = QHBoxLayout()
        self.again_button = QPushButton("Try another round")
        self.fresh_button = QPushButton("Plan something new")
        self.close_button = QPushButton("Close")
        self.plan_button = QPushButton("Plan this one")
        # One rose button, the default one: Enter plans the chosen match (or, after a round
        # without one, tries another). No button becomes the default by taking the focus.
        for button in (self.again_button, self.fresh_button, self.close_button, self.plan_button):
            button.setAutoDefault(False)
        buttons.addWidget(self.again_button)
        buttons.addWidget(self.fresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.plan_button)
        layout.addLayout(buttons)
        self.matches.currentItemChanged.connect(self._selection_changed)

    def show_matches(self, matches: Sequence[Match], names: tuple[str, str], asked: int) -> None:
        self.matches.clear()
        self.matches.setVisible(bool(matches))
        self.plan_button.setVisible(bool(matches))
        self.plan_button.setDefault(bool(matches))
        self.again_button.setDefault(not matches)
        self.fresh_button.setVisible(not matches)
        self.icon.setVisible(not matches)
        align = Qt.AlignmentFlag.AlignLeft if matches else Qt.AlignmentFlag.AlignHCenter
        for label in (self.title, self.note):
            label.setAlignment(align)
        if not matches:
            self.title.setText(NO_MATCH)
            self.note.setText(NO_MATCH_NOTE)
            return
        count = "one idea" if len(matches) == 1 else f"{len(matches)} ideas"
        self.title.setText("Where you agree")
        self.note.setText(f"You found {count} you could both enjoy, out of {asked}.")
        tier = None
        for match in matches:
            if match.tier != tier:
                tier = match.tier
                header = QListWidgetItem(TIER_HEADERS[tier])
                header.setData(HeaderRole, TIER_HEADERS[tier])
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                self.matches.addItem(header)
            item = QListWidgetItem(match.idea.title)
            item.setData(IdeaRole, match.idea)
            item.setData(DetailRole, _who_said_what(match, names))
            item.setToolTip(match.idea.text)
            self.matches.addItem(item)
        self.matches.setCurrentRow(1)  # the best match, under its header

    def selected(self) -> Idea | None:
        item = self.matches.currentItem()
        idea: Idea | None = item.data(IdeaRole) if item is not None else None
        return idea

    def _selection_changed(self) -> None:
        self.plan_button.setEnabled(self.selected() is not None)


def _who_said_what(match: Match, names: tuple[str, str]) -> str:
    return " · ".join(
        f"{name}: {vote.value}" for name, vote in zip(names, match.votes, strict=True)
    )


class TogetherDialog(QDialog):
    """Both partners answer the same ideas in turn; the matches rise to the top.

    ``deal`` gives the ideas for a round (a fresh handful each time it is called). When
    the couple picks a match to plan, the dialog closes and emits :attr:`plan_requested`
    with it; after a round without a match they may plan something new (``None``).
    """

    plan_requested = Signal(object)  # the Idea to plan, or None for a date of their own

    def __init__(
        self,
        partners: tuple[PartnerInfo, PartnerInfo],
        deal: Callable[[], Sequence[Idea]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.partners = {partner.name: partner for partner in partners}
        self._names = (partners[0].name, partners[1].name)
        self._deal = deal
        self._history: list[TogetherSession] = []
        self.setWindowTitle("Choose together")
        self.setMinimumSize(580, 480)
        layout = QVBoxLayout(self)
        self.pages = QStackedWidget()
        self.voting = VotingPage()
        self.results = ResultsPage()
        self.pages.addWidget(self.voting)
        self.pages.addWidget(self.results)
        layout.addWidget(self.pages)
        for vote, button in self.voting.buttons.items():
            button.clicked.connect(lambda _checked=False, v=vote: self.answer(v))
        self.voting.back_button.clicked.connect(self.go_back)
        self.results.again_button.clicked.connect(self.new_round)
        self.results.close_button.clicked.connect(self.accept)
        self.results.plan_button.clicked.connect(self.plan_selected)
        self.results.fresh_button.clicked.connect(self.plan_something_new)
        self.results.matches.itemDoubleClicked.connect(lambda _item: self.plan_selected())
        self.session = TogetherSession.start((), self._names)
        self.new_round()

    def new_round(self) -> None:
        """Start again with a fresh handful of ideas."""
        self.session = TogetherSession.start(self._deal(), self._names)
        self._history.clear()
        self._show()

    def answer(self, vote: Vote) -> None:
        """The partner whose turn it is answers ``vote`` to the idea in front of them."""
        partner = self.session.whose_turn
        idea = self.session.next_idea(partner) if partner else None
        if partner is None or idea is None:
            return
        self._history.append(self.session)
        self.session = self.session.vote(partner, idea.id, vote)
        self._show()

    def go_back(self) -> None:
        """Take back the last answer."""
        if self._history:
            self.session = self._history.pop()
            self._show()

    def _show(self) -> None:
        partner = self.session.whose_turn
        idea = self.session.next_idea(partner) if partner else None
        if partner is None or idea is None:
            self.results.show_matches(self.session.matches(), self._names, len(self.session.ideas))
            self.pages.setCurrentWidget(self.results)
            return
        number = self.session.ideas.index(idea) + 1
        self.voting.show_turn(
            self.partners[partner], idea, number, len(self.session.ideas), bool(self._history)
        )
        self.pages.setCurrentWidget(self.voting)

    def plan_selected(self) -> None:
        """Close and ask for the chosen match to be planned."""
        idea = self.results.selected()
        if idea is None:
            return
        self.accept()
        self.plan_requested.emit(idea)

    def plan_something_new(self) -> None:
        """Close and ask for a blank plan: no idea this round, and that's fine."""
        self.accept()
        self.plan_requested.emit(None)

    def reject(self) -> None:
        if self._history and not self.session.finished:
            answer = QMessageBox.question(
                self,
                "Stop for now?",
                "You're partway through this round. Stop and let these answers go?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
