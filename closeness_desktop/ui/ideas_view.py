"""The "Idea jar" tab: ideas for date nights, "surprise us", and together mode.

The page reads the jar from the household (the shipped ideas and the couple's own) and
keeps no state of its own beyond the filters and a random generator. Picking an idea
asks for it to be planned (``plan_requested``), which the window hands to the planner
tab; adding one goes through the household, whose changes to the ideas refresh the list.
The list and its model are in :mod:`.idea_list`, the filters and the surprise card in
:mod:`.idea_controls`.
"""

from __future__ import annotations

import random
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.dates.ideas import Idea, IdeaFilters, surprise
from closeness_desktop.household import Area, Change, Household
from closeness_desktop.ui.idea_controls import NOTHING_FITS, IdeaFilterBar, SurprisePanel
from closeness_desktop.ui.idea_editor import OwnIdeaDialog
from closeness_desktop.ui.idea_list import IdeaListModel, arrange, shipped_ids
from closeness_desktop.ui.idea_widgets import IdeaDelegate, IdeaRole, chips, last_done_phrase
from closeness_desktop.ui.shell import Shell
from closeness_desktop.ui.together import TogetherDialog

ROUND_SIZE = 12
"""How many ideas one round of together mode asks about."""


class IdeaJarPage(QWidget):
    """The idea jar: filters, "Surprise us", the whole jar, your own ideas, together mode."""

    #: plan this idea (an :class:`Idea`), or something new (None)
    plan_requested = Signal(object)

    def __init__(
        self,
        shell: Shell,
        household: Household,
        rng: random.Random | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.shell = shell
        self.household = household
        #: all randomness of the page (surprises, together rounds); tests seed it
        self.rng = rng or random.Random()
        self.idea_dialog: OwnIdeaDialog | None = None
        self.together_dialog: TogetherDialog | None = None
        self._ideas: tuple[Idea, ...] = ()
        self._done: dict[str, date] = {}
        self._today = self._local_today()
        self._build()
        shell.changed.connect(self._household_changed)
        self.refresh()

    # -- construction -------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.filter_bar = IdeaFilterBar()
        self.filter_bar.changed.connect(self._filters_changed)
        layout.addWidget(self.filter_bar)

        body = QVBoxLayout()
        body.setContentsMargins(14, 10, 14, 0)
        body.setSpacing(8)
        actions = QHBoxLayout()
        self.surprise_button = QPushButton("Surprise us")
        self.surprise_button.setProperty("accent", True)
        self.surprise_button.clicked.connect(self.surprise_us)
        self.together_button = QPushButton("Choose together")
        self.together_button.setToolTip(
            "Together mode: each of you says yes, maybe or no, then you see where you agree."
        )
        self.together_button.clicked.connect(self.choose_together)
        self.add_button = QPushButton("Add our own idea…")
        self.add_button.clicked.connect(self.add_own_idea)
        actions.addWidget(self.surprise_button)
        actions.addWidget(self.together_button)
        actions.addStretch(1)
        actions.addWidget(self.add_button)
        body.addLayout(actions)

        self.panel = SurprisePanel()
        self.panel.plan_button.clicked.connect(self._plan_shown)
        self.panel.another_button.clicked.connect(self.surprise_us)
        self.panel.currentChanged.connect(lambda _page: self.panel.updateGeometry())
        body.addWidget(self.panel)

        self.count_label = QLabel()
        self.count_label.setProperty("role", "soft")
        body.addWidget(self.count_label)
        layout.addLayout(body)

        self.model = IdeaListModel(self)
        self.list = QListView()
        self.list.setObjectName("ideas")
        self.list.setModel(self.model)
        self.list.setItemDelegate(IdeaDelegate(self.list))
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.verticalScrollBar().setSingleStep(24)
        self.list.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.list.doubleClicked.connect(self._plan_index)
        plan_selected = QAction("Plan this idea", self.list)
        plan_selected.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        plan_selected.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        plan_selected.triggered.connect(lambda: self._plan_index(self.list.currentIndex()))
        self.list.addAction(plan_selected)
        layout.addWidget(self.list, 1)

    # -- reading the jar ----------------------------------------------------------------

    def _local_today(self) -> date:
        clock = self.household.clock
        return clock.now().astimezone(clock.local_zone()).date()

    def _household_changed(self, change: Change) -> None:
        if change.touches(Area.IDEAS):
            self.refresh()

    def refresh(self) -> None:
        """Read the jar again and list what the filters allow, keeping selection and scroll."""
        self._ideas = self.household.ideas.all()
        self._done = self.household.ideas.done()
        self._today = self._local_today()
        self._relist()

    def _relist(self) -> None:
        selected = self.selected_idea()
        scroll = self.list.verticalScrollBar().value()
        filters = self.filter_bar.filters()
        own = {idea.id for idea in self._ideas} - shipped_ids()
        groups = arrange(self._ideas, filters, own)
        details = {idea.id: self._detail(idea, idea.id in own) for idea in self._ideas}
        self.model.show(groups, details)
        shown = len(self.model.ideas())
        if not shown:
            self.count_label.setText(NOTHING_FITS)
        elif filters == IdeaFilters():
            self.count_label.setText(f"{shown} ideas in the jar")
        else:
            self.count_label.setText(f"{shown} of {len(self._ideas)} ideas fit")
        if selected is not None:
            self.select(selected.id)
        self.list.verticalScrollBar().setValue(scroll)

    def _detail(self, idea: Idea, own: bool) -> str:
        parts = ["Our idea"] if own else []
        parts += chips(idea)
        done = self._done_phrase(idea)
        if done:
            parts.append(done)
        return " · ".join(parts)

    def _done_phrase(self, idea: Idea) -> str | None:
        day = self._done.get(idea.id)
        return last_done_phrase(day, self._today) if day else None

    def _filters_changed(self) -> None:
        self._relist()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._local_today() != self._today:  # "3 weeks ago" moves on with the days
            self.refresh()

    def fitting(self) -> list[Idea]:
        """Every idea in the jar that the filters allow."""
        filters = self.filter_bar.filters()
        return [idea for idea in self._ideas if filters.allows(idea)]

    # -- the list -----------------------------------------------------------------------

    def selected_idea(self) -> Idea | None:
        index = self.list.currentIndex()
        if not index.isValid() or not self.list.selectionModel().isSelected(index):
            return None
        idea: Idea | None = index.data(IdeaRole)
        return idea

    def select(self, idea_id: str) -> bool:
        """Select and show the idea ``idea_id``; False when the filters hide it."""
        row = self.model.row_of(idea_id)
        if row is None:
            return False
        index = self.model.index(row)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
        return True

    def _plan_index(self, index: QModelIndex) -> None:
        idea: Idea | None = index.data(IdeaRole) if index.isValid() else None
        if idea is not None:
            self.plan_it(idea)

    # -- surprise us --------------------------------------------------------------------

    def surprise_us(self) -> Idea | None:
        """Pick an idea that fits the filters, favouring ones not done lately, and show it.

        "Another one" never shows the same idea twice in a row while others fit.
        """
        fitting = self.fitting()
        shown = self.panel.idea
        others = [idea for idea in fitting if shown is None or idea.id != shown.id]
        picked = surprise(
            others or fitting,
            recently_done=self._done,
            today=self._local_today(),
            rng=self.rng,
        )
        self.panel.show_idea(picked, self._done_phrase(picked) if picked else None)
        return picked

    def _plan_shown(self) -> None:
        if self.panel.idea is not None:
            self.plan_it(self.panel.idea)

    def plan_it(self, idea: Idea | None) -> None:
        """Ask for a date night planned from ``idea`` (None: something new). The page does
        not plan: the window opens the planner's editor on its tab."""
        self.plan_requested.emit(idea)

    # -- our own ideas ------------------------------------------------------------------

    def add_own_idea(self) -> None:
        """Open the small form for an idea of the couple's own."""
        dialog = OwnIdeaDialog(self.household, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._idea_added(dialog.saved))
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.idea_dialog = dialog
        dialog.open()

    def _idea_added(self, idea: Idea | None) -> None:
        if idea is None:
            return
        if self.select(idea.id):  # listed already: the household's change refreshed the jar
            self.shell.say(f"“{idea.title}” is in the jar.", undoable=True)
        else:
            self.shell.say(
                f"“{idea.title}” is in the jar; the filters hide it for now.", undoable=True
            )

    def _forget(self, dialog: QDialog) -> None:
        """Drop the reference to a dialog that has closed (it deletes itself)."""
        if self.idea_dialog is dialog:
            self.idea_dialog = None
        if self.together_dialog is dialog:
            self.together_dialog = None

    # -- together mode ------------------------------------------------------------------

    def deal(self) -> list[Idea]:
        """A shuffled handful of the ideas the filters allow, for one round together."""
        fitting = self.fitting()
        return self.rng.sample(fitting, k=min(ROUND_SIZE, len(fitting)))

    def choose_together(self) -> None:
        """Open together mode for the two partners, on ideas that fit the filters."""
        if not self.fitting():
            self.panel.show_idea(None)
            return
        partners = self.household.partners.all()
        here = self.shell.current_partner
        if here is not None:
            partners.sort(key=lambda partner: partner.id != here.id)  # who's here goes first
        dialog = TogetherDialog((partners[0], partners[1]), self.deal, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.plan_requested.connect(self.plan_it)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.together_dialog = dialog
        dialog.open()
