"""The main window: the shared timeline, its search and filters, and the composer's doors.

The window is built and painted before the household is opened (``attach``), so it
appears at once while the database layer loads.
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop import APP_NAME, __version__
from closeness_desktop.records import (
    Change,
    ConflictError,
    EntryKind,
    EntryRecord,
    NotFoundError,
    PartnerInfo,
    TimelineFilter,
)
from closeness_desktop.ui.bridge import HouseholdBridge
from closeness_desktop.ui.combo import index_of
from closeness_desktop.ui.composer import Composer
from closeness_desktop.ui.dialogs import JumpDialog, TrashDialog
from closeness_desktop.ui.icons import app_icon
from closeness_desktop.ui.timeline_delegate import TimelineDelegate
from closeness_desktop.ui.timeline_model import EntryRole, TimelineModel
from closeness_desktop.ui.timeline_view import TimelineView

KIND_FILTERS: tuple[tuple[str, frozenset[EntryKind]], ...] = (
    ("Everything", frozenset()),
    ("Love notes", frozenset({EntryKind.NOTE})),
    ("Memories", frozenset({EntryKind.MEMORY})),
    ("Date nights", frozenset({EntryKind.PLAN})),
    ("Check-ins", frozenset({EntryKind.CHECKIN})),
    ("Goodbyes", frozenset({EntryKind.GOODBYE})),
)

if TYPE_CHECKING:
    from closeness_desktop.household import Household
    from closeness_desktop.companion.notify import Notification
    from closeness_desktop.ui.calendar_dialogs import CalendarTransfer
    from closeness_desktop.ui.ideas_view import IdeaJarPage
    from closeness_desktop.ui.planner import PlannerPage

SEARCH_DELAY_MS = 150
STATUS_MS = 8000
MAX_BANNERS = 3


class EmptyState(QWidget):
    """What a page shows when there is nothing to list: a line of text and a way forward."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.icon = QLabel()
        self.icon.setPixmap(app_icon().pixmap(72, 72))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.icon)
        self.title = QLabel(title)
        self.title.setProperty("role", "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        self.text = QLabel(text)
        self.text.setProperty("role", "soft")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.text)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        layout.addLayout(self.buttons)
        layout.addStretch(3)

    def add_button(self, text: str, action: QAction, *, accent: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setProperty("accent", accent)
        button.clicked.connect(action.trigger)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        if self.buttons.count() == 2:
            self.buttons.addStretch(1)
        return button


class MainWindow(QMainWindow):
    #: menu entries handled by the tray companion
    heading_out_requested = Signal()
    settings_requested = Signal()
    partner_chosen = Signal(object)  # a partner id
    pause_requested = Signal(int)  # minutes; 0: until tomorrow; -1: resume
    #: a banner's button (tag, action id) or close (tag)
    banner_action = Signal(str, str)
    banner_dismissed = Signal(str)
    #: the user closed the window but the app keeps running in the tray
    hidden_to_tray = Signal()
    #: the timeline's first page (or its empty state) is on screen; emitted once
    first_page_shown = Signal()

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.household: Household | None = None
        self.bridge: HouseholdBridge | None = None
        self.model: TimelineModel | None = None
        self.current_partner: PartnerInfo | None = None
        self._partners: dict[uuid.UUID, PartnerInfo] = {}
        self._select_after_reload: uuid.UUID | None = None
        self._scroll_after_reload: int | None = None
        self.keep_running_in_tray = False
        self._quitting = False
        self._first_page_told = False
        self._planner: PlannerPage | None = None
        self._calendar_transfer: CalendarTransfer | None = None
        self._idea_jar: IdeaJarPage | None = None
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setMinimumSize(560, 420)
        self._build_actions()
        self._build_menus()
        self._build_body()
        self._restore_geometry()
        self._set_enabled(False)

    # -- construction -----------------------------------------------------------------

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: object,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.act_note = self._action(
            "Write a &note…", "Ctrl+N", lambda: self.compose(EntryKind.NOTE)
        )
        self.act_memory = self._action(
            "Add a &memory…", "Ctrl+M", lambda: self.compose(EntryKind.MEMORY)
        )
        self.act_plan = self._action(
            "Plan a &date…", "Ctrl+D", lambda: self.compose(EntryKind.PLAN)
        )
        self.act_checkin = self._action(
            "&Check in…", "Ctrl+K", lambda: self.compose(EntryKind.CHECKIN)
        )
        self.act_export = self._action("E&xport date nights…", None, self._export_calendar)
        self.act_import = self._action("&Import calendar…", None, self._import_calendar)
        self.act_trash = self._action("&Trash…", None, self.show_trash)
        self.act_quit = self._action("&Quit", std.Quit, self.quit_requested)
        self.act_undo = self._action("&Undo", std.Undo, self.undo)
        self.act_redo = self._action("&Redo", std.Redo, self.redo)
        self.act_edit = self._action("&Edit entry…", "Return", self.edit_selected)
        self.act_delete = self._action("&Delete entry", std.Delete, self.delete_selected)
        self.act_search = self._action("&Search", std.Find, self.focus_search)
        self.act_jump = self._action("&Jump to date…", "Ctrl+G", self.jump_to_date)
        self.act_newest = self._action("Go to &newest", "Ctrl+Home", self.go_to_newest)
        self.act_about = self._action(f"&About {APP_NAME}", None, self.about)
        self.act_heading_out = self._action(
            "I'm &heading out…", None, self.heading_out_requested.emit
        )
        self.act_settings = self._action(
            "&Settings…", QKeySequence.StandardKey.Preferences, self.settings_requested.emit
        )
        self.act_pause_hour = self._action(
            "Pause reminders for an &hour", None, lambda: self.pause_requested.emit(60)
        )
        self.act_pause_tomorrow = self._action(
            "Pause reminders until &tomorrow", None, lambda: self.pause_requested.emit(0)
        )
        self.act_resume = self._action(
            "&Resume reminders", None, lambda: self.pause_requested.emit(-1)
        )
        for action in (self.act_edit, self.act_delete):
            # Only while the timeline has focus: Return and Delete belong to text fields too.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = self.file_menu = bar.addMenu("&File")
        for action in (self.act_note, self.act_memory, self.act_plan, self.act_checkin):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.act_export)
        file_menu.addAction(self.act_import)
        file_menu.addSeparator()
        file_menu.addAction(self.act_trash)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = bar.addMenu("&Edit")
        for action in (self.act_undo, self.act_redo):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_edit)
        edit_menu.addAction(self.act_delete)
        together = bar.addMenu("&Together")
        self.who_menu = together.addMenu("&Who's here?")
        together.addAction(self.act_heading_out)
        together.addSeparator()
        for action in (self.act_pause_hour, self.act_pause_tomorrow, self.act_resume):
            together.addAction(action)
        together.addSeparator()
        together.addAction(self.act_settings)
        view_menu = bar.addMenu("&View")
        for action in (self.act_search, self.act_jump, self.act_newest):
            view_menu.addAction(action)
        bar.addMenu("&Help").addAction(self.act_about)

    def _build_body(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.banner_area = QVBoxLayout()
        self.banner_area.setContentsMargins(14, 4, 14, 0)
        outer.addLayout(self.banner_area)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        outer.addWidget(self.tabs, 1)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        top = QWidget()
        top.setObjectName("topbar")
        top.setStyleSheet("#topbar { background: #F4ECE3; }")
        bar = QHBoxLayout(top)
        bar.setContentsMargins(14, 10, 14, 10)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search notes, memories, plans…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.textChanged.connect(self._search_changed)
        self.kind_filter = QComboBox()
        for label, kinds in KIND_FILTERS:
            self.kind_filter.addItem(label, kinds)
        self.kind_filter.currentIndexChanged.connect(self._apply_filter)
        self.partner_filter = QComboBox()
        self.partner_filter.addItem("Both of us", None)
        self.partner_filter.currentIndexChanged.connect(self._apply_filter)
        jump = QPushButton("Jump to date")
        jump.clicked.connect(self.act_jump.trigger)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.kind_filter)
        bar.addWidget(self.partner_filter)
        bar.addWidget(jump)
        layout.addWidget(top)

        compose = QHBoxLayout()
        compose.setContentsMargins(14, 10, 14, 4)
        self.compose_buttons = []
        for text, action in (
            ("Write a note", self.act_note),
            ("Add a memory", self.act_memory),
            ("Plan a date", self.act_plan),
            ("Check in", self.act_checkin),
        ):
            button = QPushButton(text)
            button.clicked.connect(action.trigger)
            compose.addWidget(button)
            self.compose_buttons.append(button)
        self.compose_buttons[0].setProperty("accent", True)
        compose.addStretch(1)
        layout.addLayout(compose)

        self.stack = QStackedWidget()
        self.loading_page = EmptyState("Closeness", "Opening your timeline…")
        self.timeline = TimelineView()
        self.timeline.first_painted.connect(self._tell_first_page)
        self.timeline.doubleClicked.connect(lambda _index: self.edit_selected())
        self.timeline.customContextMenuRequested.connect(self._context_menu)
        self.timeline.addAction(self.act_edit)
        self.timeline.addAction(self.act_delete)
        self.empty_page = EmptyState(
            "Your story starts here",
            "Leave a first love note, or write down a memory you both treasure.",
        )
        self.empty_page.add_button("Write a note", self.act_note, accent=True)
        self.empty_page.add_button("Add a memory", self.act_memory)
        self.no_results_page = EmptyState("Nothing found", "")
        clear = QAction("Clear the search", self)
        clear.triggered.connect(self.clear_filters)
        self.no_results_page.add_button("Clear the search", clear)
        self.here_label = QLabel()
        self.here_label.setProperty("role", "soft")
        self.statusBar().addPermanentWidget(self.here_label)
        for page in (self.loading_page, self.timeline, self.empty_page, self.no_results_page):
            self.stack.addWidget(page)
        layout.addWidget(self.stack, 1)
        self.tabs.addTab(body, "Timeline")
        self.setCentralWidget(central)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filter)

    def _set_enabled(self, enabled: bool) -> None:
        for action in (
            self.act_note, self.act_memory, self.act_plan, self.act_checkin, self.act_trash,
            self.act_undo, self.act_redo, self.act_edit, self.act_delete, self.act_jump,
            self.act_search, self.act_newest, self.act_heading_out, self.act_settings,
            self.act_export, self.act_import,
            self.act_pause_hour, self.act_pause_tomorrow, self.act_resume,
        ):  # fmt: skip
            action.setEnabled(enabled)
        for widget in (self.search, self.kind_filter, self.partner_filter, *self.compose_buttons):
            widget.setEnabled(enabled)

    # -- the household ----------------------------------------------------------------

    def attach(self, household: Household) -> None:
        """Show ``household``'s timeline (the window is already on screen)."""
        self.household = household
        self.bridge = HouseholdBridge(household, self)
        self.bridge.changed.connect(self._household_changed)
        self._load_partners()
        delegate = TimelineDelegate(
            self.partner_map, household.clock.now, household.clock.local_zone, self
        )
        self.delegate = delegate
        self.model = TimelineModel(household, self._filter(), self)
        self.model.reset_done.connect(self._after_reset)
        self.model.jumped.connect(self._scroll_to_row)
        self.model.prepended.connect(self._keep_place_after_prepend)
        self.timeline.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.model.failed.connect(self._load_failed)
        self.timeline.setModel(self.model)
        self.timeline.setItemDelegate(delegate)
        # The planner and the idea jar are built when first needed: not on the way to the
        # first painted page of the timeline.
        for title in ("Date nights", "Idea jar"):
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, title)
        self.tabs.currentChanged.connect(self._tab_shown)
        self._set_enabled(True)
        self._update_undo_actions()

    @property
    def calendar_transfer(self) -> CalendarTransfer:
        """Calendar export and import, loaded with the first use (icalendar is not small)."""
        if self._calendar_transfer is None:
            from closeness_desktop.ui.calendar_dialogs import CalendarTransfer

            assert self.household is not None
            self._calendar_transfer = CalendarTransfer(self, self.household)
        return self._calendar_transfer

    def _export_calendar(self) -> None:
        self.calendar_transfer.export_file()

    def _import_calendar(self) -> None:
        self.calendar_transfer.import_file()

    @property
    def planner(self) -> PlannerPage:
        if self._planner is None:
            from closeness_desktop.ui.planner import PlannerPage

            assert self.household is not None
            self._planner = PlannerPage(self, self.household)
            self._fill_tab(1, self._planner)
        return self._planner

    @property
    def idea_jar(self) -> IdeaJarPage:
        if self._idea_jar is None:
            from closeness_desktop.ui.ideas_view import IdeaJarPage

            assert self.household is not None
            self._idea_jar = IdeaJarPage(self, self.household)
            self._fill_tab(2, self._idea_jar)
        return self._idea_jar

    def _fill_tab(self, index: int, page: QWidget) -> None:
        holder = self.tabs.widget(index)
        layout = holder.layout() if holder is not None else None
        if layout is not None:
            layout.addWidget(page)

    def _tab_shown(self, index: int) -> None:
        if index == 1:
            self.planner.show()
        elif index == 2:
            self.idea_jar.show()

    def detach(self) -> None:
        if self.model is not None:
            self.model.shutdown()
        if self.bridge is not None:
            self.bridge.detach()

    def set_current_partner(self, partner: PartnerInfo | None) -> None:
        """Who is at the computer: new entries are theirs by default."""
        self.current_partner = partner
        self.here_label.setText(f"{partner.name} is here" if partner else "Who's here?")
        self.who_menu.clear()
        for each in self._partners.values():
            action = self.who_menu.addAction(f"I'm {each.name}")
            action.setCheckable(True)
            action.setChecked(partner is not None and partner.id == each.id)
            action.triggered.connect(lambda _c=False, pid=each.id: self.partner_chosen.emit(pid))

    def set_paused(self, until_text: str | None) -> None:
        self.act_resume.setEnabled(until_text is not None)
        if until_text:
            self.say(f"Reminders paused until {until_text}.")

    def show_banner(self, notification: Notification) -> None:
        """Show a notification inside the window (when nothing else could show it)."""
        from closeness_desktop.ui.banner import Banner

        banner = Banner(notification, self)
        banner.acted.connect(self.banner_action)
        banner.dismissed.connect(self.banner_dismissed)
        while self.banner_area.count() >= MAX_BANNERS:
            item = self.banner_area.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        self.banner_area.addWidget(banner)
        self.bring_forward()

    def partner_map(self) -> Mapping[uuid.UUID, PartnerInfo]:
        return self._partners

    def _load_partners(self) -> None:
        assert self.household is not None
        partners = self.household.partners()
        self._partners = {partner.id: partner for partner in partners}
        if self.current_partner is None or self.current_partner.id not in self._partners:
            self.set_current_partner(self.household.partner_for_account(getpass.getuser()))
        chosen = self.partner_filter.currentData()
        self.partner_filter.blockSignals(True)
        self.partner_filter.clear()
        self.partner_filter.addItem("Both of us", None)
        for partner in partners:
            self.partner_filter.addItem(f"By {partner.name}", partner.id)
        self.partner_filter.setCurrentIndex(max(index_of(self.partner_filter, chosen), 0))
        self.partner_filter.blockSignals(False)

    def _household_changed(self, changes: frozenset[Change]) -> None:
        if Change.PARTNERS in changes:
            self._load_partners()
        if changes & {Change.ENTRIES, Change.PARTNERS}:
            self.refresh()
        self._update_undo_actions()

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

    def _filter(self) -> TimelineFilter:
        return TimelineFilter(
            text=self.search.text(),
            kinds=self.kind_filter.currentData() or frozenset(),
            author_id=self.partner_filter.currentData(),
        )

    def _search_changed(self) -> None:
        self._search_timer.start()

    def _apply_filter(self) -> None:
        if self.model is not None:
            self.model.set_filter(self._filter())

    def clear_filters(self) -> None:
        self.search.clear()
        self.kind_filter.setCurrentIndex(0)
        self.partner_filter.setCurrentIndex(0)
        self._apply_filter()

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
        if self._scroll_after_reload is not None:
            self.timeline.verticalScrollBar().setValue(self._scroll_after_reload)
        self._select_after_reload = None
        self._scroll_after_reload = None

    def _load_failed(self, message: str) -> None:
        self.statusBar().showMessage(f"Could not load the timeline: {message}", STATUS_MS)

    # -- actions ----------------------------------------------------------------------

    def selected_entry(self) -> EntryRecord | None:
        index = self.timeline.currentIndex()
        if not index.isValid() or not self.timeline.selectionModel().isSelected(index):
            return None
        record: EntryRecord = index.data(EntryRole)
        return record

    def compose(self, kind: EntryKind) -> None:
        if self.household is None:
            return
        author = self.current_partner.id if self.current_partner else None
        composer = Composer(self.household, kind, author=author, parent=self)
        if composer.exec() and composer.saved is not None:
            self.show_entry(composer.saved)
            self.say(f"Saved. {self._undo_hint()}")

    def show_entry(self, record: EntryRecord) -> None:
        """Bring the timeline to ``record`` after the reload its save caused."""
        self._select_after_reload = record.id
        self._scroll_after_reload = 0
        if self.model is not None and self.model.filter != TimelineFilter():
            self.clear_filters()

    def edit_selected(self) -> None:
        record = self.selected_entry()
        if record is None or self.household is None:
            return
        composer = Composer(self.household, record.kind, editing=record, parent=self)
        if composer.exec() and composer.saved is not None:
            self._select_after_reload = record.id
            self.say(f"Changes saved. {self._undo_hint()}")

    def delete_selected(self) -> None:
        record = self.selected_entry()
        if record is None or self.household is None:
            return
        try:
            self.household.delete(record.id)
        except (NotFoundError, ConflictError) as problem:
            self.say(str(problem))
            return
        self.say(f"Moved to the trash. {self._undo_hint()}")

    def _undo_hint(self) -> str:
        keys = self.act_undo.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        return f"Undo with {keys}."

    def undo(self) -> None:
        self._step(undo=True)

    def redo(self) -> None:
        self._step(undo=False)

    def _step(self, *, undo: bool) -> None:
        if self.household is None:
            return
        try:
            done = self.household.undo() if undo else self.household.redo()
        except (NotFoundError, ConflictError) as problem:
            self.say(f"Could not {'undo' if undo else 'redo'} that: {problem}")
            return
        if done:
            self.say(f"{'Undone' if undo else 'Redone'}: {done}.")

    def _update_undo_actions(self) -> None:
        if self.household is None:
            return
        undo, redo = self.household.undo_text(), self.household.redo_text()
        self.act_undo.setEnabled(undo is not None)
        self.act_undo.setText(f"&Undo {undo}" if undo else "&Undo")
        self.act_redo.setEnabled(redo is not None)
        self.act_redo.setText(f"&Redo {redo}" if redo else "&Redo")

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def jump_to_date(self) -> None:
        if self.household is None or self.model is None:
            return
        clock = self.household.clock
        dialog = JumpDialog(clock.now().astimezone(clock.local_zone()).date(), self)
        if dialog.exec():
            self.model.jump_to(dialog.chosen())

    def _scroll_to_row(self, row: int) -> None:
        if self.model is None or row >= self.model.rowCount():
            return
        index = self.model.index(row)
        self.timeline.setCurrentIndex(index)
        self.timeline.scrollTo(index, QListView.ScrollHint.PositionAtTop)

    def _scrolled(self, value: int) -> None:
        # At the top of a window opened by a jump: bring in the newer entries above it.
        if self.model is not None and self.model.has_newer and value == 0:
            self.model.fetch_newer()

    def _keep_place_after_prepend(self, count: int) -> None:
        if self.model is not None and count < self.model.rowCount():
            self.timeline.scrollTo(self.model.index(count), QListView.ScrollHint.PositionAtTop)

    def go_to_newest(self) -> None:
        if self.model is not None and self.model.has_newer:
            self._scroll_after_reload = 0
            self.model.go_to_newest()
            return
        self.timeline.scrollToTop()
        if self.model is not None and self.model.rowCount():
            self.timeline.setCurrentIndex(self.model.index(0))

    def show_trash(self) -> None:
        if self.household is None:
            return
        TrashDialog(self.household, self.delegate, self).exec()

    def _context_menu(self, point: QPoint) -> None:
        index = self.timeline.indexAt(point)
        if not index.isValid():
            return
        self.timeline.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(self.act_edit)
        menu.addAction(self.act_delete)
        menu.exec(self.timeline.viewport().mapToGlobal(point))

    def about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3><p>A small, private place for two: love notes,"
            " memories, date nights and check-ins, kept on this computer.</p>",
        )

    def bring_forward(self) -> None:
        """Show the window, unminimised, in front."""
        self.show()
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.raise_()
        self.activateWindow()

    def say(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_MS)

    # -- window state -----------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            return
        self.resize(900, 720)

    def save_geometry(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()

    def allow_close(self) -> None:
        """Closing now means quitting (log-out, or Quit), not hiding in the tray."""
        self._quitting = True

    def quit_requested(self) -> None:
        self.allow_close()
        self.save_geometry()
        self.close()
        QApplication.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        if self.keep_running_in_tray and not self._quitting:
            event.ignore()
            self.hide()
            self.hidden_to_tray.emit()
            return
        super().closeEvent(event)
