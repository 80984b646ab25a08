"""The "Idea jar" tab: ideas for date nights, "surprise us", and together mode.

The page reads the jar from the household (the shipped ideas and the couple's own) and
keeps no state of its own beyond the filters and a random generator. Picking an idea
hands it to the planner tab; adding one goes through the household, whose ``changed``
signal refreshes the list.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.dates.ideas import (
    Budget,
    Idea,
    IdeaFilters,
    IdeaGroup,
    Setting,
    load_builtin_ideas,
    surprise,
)
from closeness_desktop.household import Change, Household
from closeness_desktop.ui.idea_editor import OwnIdeaDialog
from closeness_desktop.ui.idea_widgets import (
    GROUP_LABELS,
    ChoiceBox,
    DetailRole,
    HeaderRole,
    IdeaDelegate,
    IdeaRole,
    IdeaSummary,
    chips,
    last_done_phrase,
)
from closeness_desktop.ui.together import TogetherDialog

if TYPE_CHECKING:
    from closeness_desktop.ui.main_window import MainWindow

NOTHING_FITS = "Nothing in the jar fits these filters; loosen one?"
ROUND_SIZE = 12
"""How many ideas one round of together mode asks about."""

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

_Index = QModelIndex | QPersistentModelIndex


@cache
def shipped_ids() -> frozenset[str]:
    """The ids of the ideas that come with Closeness (the rest are the couple's own)."""
    return frozenset(idea.id for idea in load_builtin_ideas())


def arrange(
    ideas: Iterable[Idea], filters: IdeaFilters, own: Collection[str]
) -> list[tuple[IdeaGroup, list[Idea]]]:
    """The ideas ``filters`` allows, by group; in each group the couple's ``own`` come
    first, newest first (``ideas`` lists them oldest first, as the household does)."""
    fitting = [idea for idea in ideas if filters.allows(idea)]
    theirs = [idea for idea in reversed(fitting) if idea.id in own]
    shipped = [idea for idea in fitting if idea.id not in own]
    arranged = []
    for group in IdeaGroup:
        members = [idea for idea in (*theirs, *shipped) if idea.group is group]
        if members:
            arranged.append((group, members))
    return arranged


def show_tab_of(tabs: QTabWidget, page: QWidget) -> None:
    """Bring forward the tab that holds ``page`` (a tab may wrap its page in a holder)."""
    for index in range(tabs.count()):
        holder = tabs.widget(index)
        if holder is page or (holder is not None and holder.isAncestorOf(page)):
            tabs.setCurrentIndex(index)
            return


@dataclass(frozen=True, slots=True)
class _Row:
    header: str | None = None
    idea: Idea | None = None
    detail: str = ""


class IdeaListModel(QAbstractListModel):
    """The jar as a flat list: a header row before each group, then its ideas.

    ``IdeaRole`` gives a row's :class:`Idea` (``None`` on a header), ``HeaderRole`` a
    header's text and ``DetailRole`` an idea's second line. Headers can't be selected.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []

    def show(
        self,
        groups: Sequence[tuple[IdeaGroup, Sequence[Idea]]],
        details: Mapping[str, str],
    ) -> None:
        """List ``groups``; ``details`` holds each idea's second line, by id."""
        self.beginResetModel()
        self._rows = []
        for group, ideas in groups:
            self._rows.append(_Row(header=GROUP_LABELS[group]))
            self._rows.extend(_Row(idea=idea, detail=details.get(idea.id, "")) for idea in ideas)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == IdeaRole:
            return row.idea
        if role == HeaderRole:
            return row.header
        if role == DetailRole:
            return row.detail if row.idea else None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.idea.title if row.idea else row.header
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.idea.text if row.idea else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.idea.title}. {row.detail}" if row.idea else row.header
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].idea is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def ideas(self) -> list[Idea]:
        """Every idea listed, top to bottom."""
        return [row.idea for row in self._rows if row.idea is not None]

    def row_of(self, idea_id: str) -> int | None:
        return next(
            (n for n, row in enumerate(self._rows) if row.idea and row.idea.id == idea_id), None
        )


class IdeaFilterBar(QWidget):
    """Four drop-downs: budget (at most), indoors or out, time needed, kind of date."""

    changed = QtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topbar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet("#topbar { background: #F4ECE3; }")
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


class IdeaJarPage(QWidget):
    """The idea jar: filters, "Surprise us", the whole jar, your own ideas, together mode."""

    def __init__(
        self, window: MainWindow, household: Household, rng: random.Random | None = None
    ) -> None:
        super().__init__(window)
        self.window_ = window
        self.household = household
        #: all randomness of the page (surprises, together rounds); tests seed it
        self.rng = rng or random.Random()
        self.idea_dialog: OwnIdeaDialog | None = None
        self.together_dialog: TogetherDialog | None = None
        self._ideas: tuple[Idea, ...] = ()
        self._done: dict[str, date] = {}
        self._today = self._local_today()
        self._build()
        self._listening = window.bridge is not None
        if window.bridge is not None:
            window.bridge.changed.connect(self._household_changed)
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

    def _household_changed(self, changes: frozenset[Change]) -> None:
        # Own ideas and "last done" days are household settings.
        if Change.SETTINGS in changes:
            self.refresh()

    def refresh(self) -> None:
        """Read the jar again and list what the filters allow, keeping selection and scroll."""
        self._ideas = self.household.ideas()
        self._done = self.household.ideas_done()
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
        """Open the plan editor on the planner tab, filled in from ``idea`` (or blank)."""
        planner = self.window_.planner
        if idea is None:
            planner.plan_new()
        else:
            planner.plan_new(prefill_title=idea.title, prefill_text=idea.text, idea_id=idea.id)
        show_tab_of(self.window_.tabs, planner)

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
        if not self._listening:
            self.refresh()
        if self.select(idea.id):
            self.window_.say(f"“{idea.title}” is in the jar.")
        else:
            self.window_.say(f"“{idea.title}” is in the jar; the filters hide it for now.")

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
        partners = self.household.partners()
        here = self.window_.current_partner
        if here is not None:
            partners.sort(key=lambda partner: partner.id != here.id)  # who's here goes first
        dialog = TogetherDialog((partners[0], partners[1]), self.deal, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.plan_requested.connect(self.plan_it)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.together_dialog = dialog
        dialog.open()
