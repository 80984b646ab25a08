"""The "Timeline" tab: search and filters, the composer's doors, and the shared timeline.

The page is built with the window, before the household is opened, so "Opening your
timeline…" paints at once; :meth:`TimelinePage.attach` then brings the entries. It reads
through the household and changes entries only through its operations, and reloads when
a change touches the entries or the partners.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop import humanize
from closeness_desktop.records import (
    Area,
    Change,
    EntryKind,
    EntryRecord,
    PartnerInfo,
    TimelineFilter,
)
from closeness_desktop.ui import prompt_dialog
from closeness_desktop.ui.authorship import Authorship
from closeness_desktop.ui.combo import index_of
from closeness_desktop.ui.composer import Composer
from closeness_desktop.ui.dialogs import TrashDialog
from closeness_desktop.ui.empty_state import EmptyState
from closeness_desktop.ui.keep_action import KeepForOurYear
from closeness_desktop.ui.response_actions import ResponseActions
from closeness_desktop.ui.shell import Shell
from closeness_desktop.ui.timeline_delegate import TimelineDelegate
from closeness_desktop.ui.timeline_filters import FilterBar
from closeness_desktop.ui.timeline_model import EntryRole, TimelineModel
from closeness_desktop.ui.timeline_photos import TimelinePhotos
from closeness_desktop.ui.timeline_places import Places
from closeness_desktop.ui.timeline_view import TimelineView

if TYPE_CHECKING:  # the household (and SQLAlchemy) loads after the window has painted
    from closeness_desktop.household import Household
    from closeness_desktop.ui.after_date_cards import AfterDateCards

COMPOSE_BUTTONS = (
    ("Write a note", EntryKind.NOTE),
    ("Add a memory", EntryKind.MEMORY),
    ("Plan a date", EntryKind.PLAN),
    ("Check in", EntryKind.CHECKIN),
)
SEARCH_DELAY_MS = 150


class TimelinePage(QWidget):
    """Search, filters and compose buttons above the timeline (or its empty states)."""

    #: the first page of entries (or the empty state) is on screen; emitted once
    first_page_shown = Signal()
    #: a date night to plan (None) or edit (its entry id), in the planner's one plan form
    plan_requested = Signal(object)

    def __init__(self, shell: Shell, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.after_dates: AfterDateCards | None = None
        self.household: Household | None = None
        self.model: TimelineModel | None = None
        self.delegate: TimelineDelegate | None = None
        self.places: Places | None = None
        self._partners: dict[uuid.UUID, PartnerInfo] = {}
        self._select_after_reload: uuid.UUID | None = None
        self._scroll_after_reload: int | None = None
        self._first_page_told = False
        # The list's own actions; the window lists them in its Edit menu too. Only while the
        # timeline has focus: Return and Delete belong to text fields as well. Edit and
        # Delete are for the author alone; Return opens (the editor, or a view to read).
        self.authorship = Authorship(self, self)
        self.act_edit = QAction("&Edit entry…", self)
        self.act_edit.triggered.connect(self.edit_selected)
        self.act_delete = QAction("&Delete entry", self)
        self.act_delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.act_delete.triggered.connect(self.authorship.delete_selected)
        self.keep = KeepForOurYear(self)  # "Keep for Our year", a note's mark for the keepsake
        self.responses = ResponseActions(self)  # "React ▸" and "Reply…", and read receipts
        self.photos = TimelinePhotos(self)  # photos on cards, the viewer, drops and paste
        for action in (self.act_edit, self.act_delete):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self._build()
        self._set_enabled(False)

    # -- construction -------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_top())

        compose = QHBoxLayout()
        compose.setContentsMargins(14, 10, 14, 4)
        compose.setSpacing(8)  # the page's own spacing is 0: buttons would touch
        self.compose_buttons: list[QPushButton] = []
        for text, kind in COMPOSE_BUTTONS:
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, kind=kind: self.compose(kind))
            compose.addWidget(button)
            self.compose_buttons.append(button)
        self.compose_buttons[0].setProperty("accent", True)
        compose.addStretch(1)
        layout.addLayout(compose)
        self._above_list = layout  # "How was it?" cards go here after the first page

        self.stack = QStackedWidget()
        self.loading_page = EmptyState("Closeness", "Opening your timeline…")
        self.timeline = TimelineView()
        self.timeline.first_painted.connect(self._tell_first_page)
        self.timeline.doubleClicked.connect(lambda _index: self.authorship.open_selected())
        self.timeline.addAction(self.authorship.act_open)
        self.timeline.customContextMenuRequested.connect(self._context_menu)
        self.timeline.addActions([self.act_edit, self.act_delete, self.keep.action])
        self.empty_page = EmptyState(
            "Your story starts here",
            "Leave a first love note, or write down a memory you both treasure.",
        )
        self.empty_page.add_button(
            "Write a note", lambda: self.compose(EntryKind.NOTE), accent=True
        )
        self.empty_page.add_button("Add a memory", lambda: self.compose(EntryKind.MEMORY))
        self.no_results_page = EmptyState("Nothing found", "")
        self.no_results_page.add_button("Clear the search", self.clear_filters)
        for page in (self.loading_page, self.timeline, self.empty_page, self.no_results_page):
            self.stack.addWidget(page)
        layout.addWidget(self.stack, 1)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filter)

    def _build_top(self) -> QWidget:
        top = FilterBar()
        self.search, self.found = top.search, top.found
        self.kind_filter, self.partner_filter = top.kind_filter, top.partner_filter
        self.jump_button = top.jump_button
        self.search.textChanged.connect(self._search_changed)
        self.kind_filter.currentIndexChanged.connect(self._apply_filter)
        self.partner_filter.currentIndexChanged.connect(self._apply_filter)
        self.jump_button.clicked.connect(self.jump_to_date)
        self._controls = top.controls()
        return top

    def _set_enabled(self, enabled: bool) -> None:
        for action in (self.act_edit, self.act_delete):
            action.setEnabled(enabled)
        for widget in (*self._controls, *self.compose_buttons):
            widget.setEnabled(enabled)

    # -- the household ------------------------------------------------------------------

    def attach(self, household: Household) -> None:
        """Show ``household``'s timeline."""
        self.household = household
        self._load_partners()
        self.delegate = TimelineDelegate(
            self.partner_map,
            household.clock.now,
            household.clock.local_zone,
            self,
            matcher=household.entries.match_spans,
        )
        self.model = TimelineModel(household, self._filter(), self)
        self.model.reset_done.connect(self._after_reset)
        self.model.counted.connect(self._counted)
        self.model.failed.connect(self._load_failed)
        self.places = Places(household, self.model, self.timeline, self)
        self.timeline.setModel(self.model)
        self.timeline.setItemDelegate(self.delegate)
        self.keep.attach(self.timeline, self.model)
        self.responses.attach(household, self.timeline, self.model, self.delegate)
        self.photos.attach(household, self.timeline, self.model, self.delegate)
        # Built and read once the first page is on screen: start-up reads only that page.
        self.first_page_shown.connect(lambda: self._show_after_dates(household))
        self.shell.changed.connect(self._household_changed)
        self._set_enabled(True)
        selection = self.timeline.selectionModel()
        for moved in (selection.currentChanged, selection.selectionChanged):
            moved.connect(self.authorship.refresh)
        self.authorship.refresh()

    def _show_after_dates(self, household: Household) -> None:
        from closeness_desktop.ui.after_date_cards import AfterDateCards
        from closeness_desktop.ui.special_days_strip import SpecialDaysStrip

        self.after_dates = AfterDateCards.above(self.stack, self._above_list, self.shell, household)
        SpecialDaysStrip.above(self, self._above_list, household)

    def detach(self) -> None:
        if self.model is not None:
            self.model.shutdown()

    def partner_map(self) -> Mapping[uuid.UUID, PartnerInfo]:
        return self._partners

    def _load_partners(self) -> None:
        assert self.household is not None
        partners = self.household.partners.all()
        self._partners = {partner.id: partner for partner in partners}
        chosen = self.partner_filter.currentData()
        self.partner_filter.blockSignals(True)
        self.partner_filter.clear()
        self.partner_filter.addItem("Both of us", None)
        for partner in partners:
            self.partner_filter.addItem(f"By {partner.name}", partner.id)
        self.partner_filter.setCurrentIndex(max(index_of(self.partner_filter, chosen), 0))
        self.partner_filter.blockSignals(False)

    def _household_changed(self, change: Change) -> None:
        if change.touches(Area.PARTNERS):
            self._load_partners()
        if change.touches(Area.ENTRIES, Area.PARTNERS):
            self.refresh()

    def refresh(self) -> None:
        """Reload the timeline, keeping what is loaded, the selection and the scroll position."""
        if self.model is None:
            return
        selected = self.selected_entry()
        if self._select_after_reload is None and selected is not None:
            self._select_after_reload = selected.id
        if self._scroll_after_reload is None:
            self._scroll_after_reload = self.timeline.verticalScrollBar().value()
        self.model.reload(keep=self.model.rowCount())

    # -- search and filters -------------------------------------------------------------

    def _filter(self) -> TimelineFilter:
        return TimelineFilter(
            text=self.search.text(),
            kinds=self.kind_filter.currentData() or frozenset(),
            author_id=self.partner_filter.currentData(),
        )

    def _search_changed(self) -> None:
        self._search_timer.start()

    def _apply_filter(self) -> None:
        if self.model is None or self.places is None:
            return
        flt = self._filter()
        if flt == self.model.filter:
            return
        self.found.clear()
        self._select_after_reload = None
        # Results open at the newest match, wherever the list was scrolled to before.
        if self.places.set_filter(flt):
            self._scroll_after_reload = 0
        else:
            self._scroll_after_reload = None  # back where the search began

    def _counted(self, counts: dict[EntryKind, int]) -> None:
        if self.model is not None and self.model.counts_wanted(self.model.filter):
            self.found.setText(humanize.found(counts))

    def settled(self) -> bool:
        """The search as typed has been applied and its answer has arrived."""
        return (
            self.model is not None
            and not self._search_timer.isActive()
            and self.model.filter.text == self.search.text()
            and not self.model.loading
        )

    def clear_filters(self) -> None:
        self.search.clear()
        self.kind_filter.setCurrentIndex(0)
        self.partner_filter.setCurrentIndex(0)
        self._apply_filter()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- after a load -------------------------------------------------------------------

    def _tell_first_page(self) -> None:
        if not self._first_page_told:
            self._first_page_told = True
            self.first_page_shown.emit()

    def _after_reset(self, rows: int) -> None:
        if not rows:
            QTimer.singleShot(0, self._tell_first_page)  # painted by then: nothing to wait for
        if rows:
            self.stack.setCurrentWidget(self.timeline)
        elif self._filter() == TimelineFilter():
            self.stack.setCurrentWidget(self.empty_page)
        else:
            words = self.search.text().strip()
            self.no_results_page.text.setText(
                f"Nothing matches “{words}” here yet."
                if words
                else "Nothing matches these filters."
            )
            self.stack.setCurrentWidget(self.no_results_page)
        if self._select_after_reload is not None and self.model is not None:
            row = self.model.row_of(self._select_after_reload)
            if row is not None:
                self.timeline.setCurrentIndex(self.model.index(row))
        if self._scroll_after_reload:
            self.timeline.lay_out_now()  # the whole page's height, or the place is cut short
        if self._scroll_after_reload is not None:
            self.timeline.verticalScrollBar().setValue(self._scroll_after_reload)
        self._select_after_reload = None
        self._scroll_after_reload = None
        if self.places is not None:
            self.places.after_reset()

    def _load_failed(self, message: str) -> None:
        self.shell.say(f"Could not load the timeline: {message}")
        # What starts after the first page (the tray above all) must start all the same.
        QTimer.singleShot(0, self._tell_first_page)

    # -- one entry ----------------------------------------------------------------------

    def selected_entry(self) -> EntryRecord | None:
        index = self.timeline.currentIndex()
        if not index.isValid() or not self.timeline.selectionModel().isSelected(index):
            return None
        record: EntryRecord = index.data(EntryRole)
        return record

    def compose(self, kind: EntryKind) -> None:
        if kind is EntryKind.PLAN:
            self.plan_requested.emit(None)
            return
        if self.household is None:
            return
        here = self.shell.current_partner
        composer = Composer(self.household, kind, author=here.id if here else None, parent=self)
        if composer.exec() and composer.saved is not None:
            self.show_entry(composer.saved)
            self.shell.say("Saved.", undoable=True)

    def show_entry(self, record: EntryRecord) -> None:
        """Bring the timeline to ``record`` after the reload its save caused."""
        self._select_after_reload = record.id
        self._scroll_after_reload = 0
        if self.places is not None:
            self.places.forget_search()  # the new entry, not the place before the search
        if self.model is not None and self.model.filter != TimelineFilter():
            self.clear_filters()

    def edit_selected(self) -> None:
        record = self.selected_entry()
        if record is None or self.household is None or self.authorship.edit_refusal(record):
            return
        if record.kind is EntryKind.PLAN:
            self.plan_requested.emit(record.id)
            return
        if record.kind is EntryKind.PROMPT:  # both answer it, each in the question's dialog
            return prompt_dialog.open_entry(self.shell, self.household, record, self)
        by = self.authorship.here_id()
        composer = Composer(self.household, record.kind, editing=record, by=by, parent=self)
        if composer.exec() and composer.saved is not None:
            self._select_after_reload = record.id
            self.shell.say("Changes saved.", undoable=True)

    def delete_selected(self) -> None:
        self.authorship.delete_selected()

    def show_trash(self) -> None:
        if self.household is None or self.delegate is None:
            return
        TrashDialog(self.household, self.delegate, self).exec()

    def _context_menu(self, point: QPoint) -> None:
        index = self.timeline.indexAt(point)
        if not index.isValid():
            return
        self.timeline.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setToolTipsVisible(True)  # why Edit or Delete is off: another's words
        for action in (self.authorship.act_open, self.act_edit, self.keep.action):
            menu.addAction(action)
        menu.addActions([*self.responses.actions, *self.photos.actions, self.act_delete])
        menu.exec(self.timeline.viewport().mapToGlobal(point))

    # -- moving through time ------------------------------------------------------------

    def jump_to_date(self) -> None:
        if self.places is not None:
            self.places.jump_to_date()

    def go_to_newest(self) -> None:
        if self.places is not None and self.places.go_to_newest():
            self._scroll_after_reload = 0
