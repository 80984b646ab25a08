"""The main window: a thin shell of menus, tabs, banners and a status bar around the pages.

The window is built and painted before the household is opened (``attach``), so it
appears at once while the database layer loads. The pages (:mod:`.timeline_page`,
:mod:`.planner`, :mod:`.ideas_view`) know the window only as a :class:`~.shell.Shell`; what
one page asks of another (plan this idea) comes here as a signal, and the window passes it
on. The planner and the idea jar are imported and built the first time their tab shows.
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop import APP_NAME, __version__
from closeness_desktop.records import Area, Change, EntryKind, PartnerInfo
from closeness_desktop.ui.bridge import HouseholdBridge
from closeness_desktop.ui.file_actions import FileActions
from closeness_desktop.ui.icons import app_icon
from closeness_desktop.ui.mood_dialog import mood_action
from closeness_desktop.ui.prompt_dialog import question_action
from closeness_desktop.ui.timeline_page import TimelinePage
from closeness_desktop.ui.timeline_view import TimelineView
from closeness_desktop.ui.undo_redo import UndoRedo
from closeness_desktop.ui.window_size import first_geometry

if TYPE_CHECKING:
    from closeness_desktop.companion.notifications.message import Notification
    from closeness_desktop.dates.ideas import Idea
    from closeness_desktop.household import Household
    from closeness_desktop.ui.ideas_view import IdeaJarPage
    from closeness_desktop.ui.planner import PlannerPage

Keys = QKeySequence | QKeySequence.StandardKey | str
STATUS_MS = 8000
TIMELINE_TAB, PLANNER_TAB, IDEAS_TAB = range(3)
COMPOSE_ACTIONS = (
    ("Write a &note…", "Ctrl+N", EntryKind.NOTE),
    ("Add a &memory…", "Ctrl+M", EntryKind.MEMORY),
    ("Plan a &date…", "Ctrl+D", EntryKind.PLAN),
    ("&Check in…", "Ctrl+K", EntryKind.CHECKIN),
)
#: minutes; 0: until tomorrow; -1: resume
PAUSE_ACTIONS = (
    ("Pause reminders for an &hour", 60),
    ("Pause reminders until &tomorrow", 0),
    ("&Resume reminders", -1),
)


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
    #: the household's changes, one Change per operation, once attached (the Shell's)
    changed = Signal(object)

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.household: Household | None = None
        self.bridge: HouseholdBridge | None = None
        self._current_partner: PartnerInfo | None = None
        self._partners: dict[uuid.UUID, PartnerInfo] = {}
        self.keep_running_in_tray = False
        self._quitting = False
        self._planner: PlannerPage | None = None
        self._idea_jar: IdeaJarPage | None = None
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setMinimumSize(560, 420)
        self.timeline_page = TimelinePage(self)
        self.timeline_page.first_page_shown.connect(self.first_page_shown)
        self.timeline_page.authorship.partner_chosen.connect(self.partner_chosen)
        self.timeline_page.plan_requested.connect(lambda entry: self.show_planner().open(entry))
        self.changed.connect(self._household_changed)
        self.undo_redo = UndoRedo(self, self.say)
        self._build_actions()
        self._build_menus()
        self._build_body()
        self._restore_geometry()
        self._set_enabled(False)

    # -- construction -----------------------------------------------------------------

    def _action(self, text: str, keys: Keys | None, slot: object) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.act_note, self.act_memory, self.act_plan, self.act_checkin = (
            self._action(text, keys, lambda _c=False, kind=kind: self.compose(kind))
            for text, keys, kind in COMPOSE_ACTIONS
        )
        self.files = FileActions(self, self)
        self.act_trash = self._action("&Trash…", None, self.timeline_page.show_trash)
        self.act_quit = self._action("&Quit", std.Quit, self.quit_requested)
        self.act_undo = self.undo_redo.undo_action
        self.act_redo = self.undo_redo.redo_action
        # Search, jump and newest are the timeline's: they bring its tab forward first.
        page = self.show_timeline
        self.act_search = self._action("&Search", std.Find, lambda: page().focus_search())
        self.act_jump = self._action("&Jump to date…", "Ctrl+G", lambda: page().jump_to_date())
        self.act_newest = self._action("Go to &newest", "Ctrl+Home", lambda: page().go_to_newest())
        self.act_about = self._action(f"&About {APP_NAME}", None, self.about)
        leave, prefs = self.heading_out_requested.emit, self.settings_requested.emit
        self.act_heading_out = self._action("I'm &heading out…", None, leave)
        self.act_settings = self._action("&Settings…", std.Preferences, prefs)
        self.act_pause_hour, self.act_pause_tomorrow, self.act_resume = (
            self._action(
                text, None, lambda _c=False, minutes=minutes: self.pause_requested.emit(minutes)
            )
            for text, minutes in PAUSE_ACTIONS
        )

    def _build_menus(self) -> None:
        bar, page = self.menuBar(), self.timeline_page
        compose = (self.act_note, self.act_memory, self.act_plan, self.act_checkin)
        pauses = (self.act_pause_hour, self.act_pause_tomorrow, self.act_resume)
        self.file_menu = bar.addMenu("&File")
        files = self.files
        kept = (self.act_trash, *files.keeping)
        groups = compose, files.calendars, files.archives, kept, [self.act_quit]
        _fill_menu(self.file_menu, *groups)
        entry = [page.act_edit, page.keep.action, *page.responses.actions, page.act_delete]
        edit = [self.act_undo, self.act_redo], entry
        _fill_menu(bar.addMenu("&Edit"), *edit)
        together = bar.addMenu("&Together")
        self.who_menu = together.addMenu("&Who's here?")
        together.addAction(question_action(self, self))
        _fill_menu(together, [self.act_heading_out], pauses, [self.act_settings])
        views = [self.act_search, self.act_jump, self.act_newest], [mood_action(self)]
        _fill_menu(bar.addMenu("&View"), *views)
        _fill_menu(bar.addMenu("&Help"), [self.act_about])

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
        self.tabs.addTab(self.timeline_page, "Timeline")
        outer.addWidget(self.tabs, 1)
        self.here_label = QLabel()
        self.here_label.setProperty("role", "soft")
        self.statusBar().addPermanentWidget(self.here_label)
        self.setCentralWidget(central)

    def _set_enabled(self, enabled: bool) -> None:
        # All but Quit and About wait for the household; Undo and Redo follow its history.
        always = (self.act_quit, self.act_about, self.act_undo, self.act_redo)
        for action in self.actions():
            if action not in always:
                action.setEnabled(enabled)

    # -- the household ----------------------------------------------------------------

    def attach(self, household: Household) -> None:
        """Show ``household``'s timeline (the window is already on screen)."""
        self.household = household
        self.files.attach(household)
        self.bridge = HouseholdBridge(household, self)
        self.bridge.changed.connect(self.changed)
        self._load_partners()
        self.timeline_page.attach(household)
        # The planner and the idea jar are built when first shown: not on the way to the
        # first painted page of the timeline.
        for title in ("Date nights", "Idea jar"):
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(holder, title)
        self.tabs.currentChanged.connect(self._tab_shown)
        self._set_enabled(True)
        self.undo_redo.attach(household)

    def detach(self) -> None:
        self.timeline_page.detach()
        if self.bridge is not None:
            self.bridge.detach()

    def _household_changed(self, change: Change) -> None:
        if change.touches(Area.PARTNERS):
            self._load_partners()
        self.undo_redo.update()

    def refresh(self) -> None:
        """Read the household again on every page built so far (after a change elsewhere)."""
        self.timeline_page.refresh()
        if self._planner is not None:
            self._planner.reload()
        if self._idea_jar is not None:
            self._idea_jar.refresh()

    @property
    def timeline(self) -> TimelineView:
        """The timeline's list (the start-up benchmark waits for its first paint)."""
        return self.timeline_page.timeline

    # -- the pages ----------------------------------------------------------------------

    def _planner_page(self) -> PlannerPage:
        if self._planner is None:
            from closeness_desktop.ui.planner import PlannerPage

            assert self.household is not None
            self._planner = PlannerPage(self, self.household)
            self._fill_tab(PLANNER_TAB, self._planner)
        return self._planner

    def _idea_jar_page(self) -> IdeaJarPage:
        if self._idea_jar is None:
            from closeness_desktop.ui.ideas_view import IdeaJarPage

            assert self.household is not None
            self._idea_jar = IdeaJarPage(self, self.household)
            self._idea_jar.plan_requested.connect(self.plan_idea)
            self._fill_tab(IDEAS_TAB, self._idea_jar)
        return self._idea_jar

    def _fill_tab(self, index: int, page: QWidget) -> None:
        holder = self.tabs.widget(index)
        layout = holder.layout() if holder is not None else None
        if layout is not None:
            layout.addWidget(page)

    def _tab_shown(self, index: int) -> None:
        if index == PLANNER_TAB:
            self._planner_page().show()
        elif index == IDEAS_TAB:
            self._idea_jar_page().show()

    def show_timeline(self) -> TimelinePage:
        """Bring the "Timeline" tab forward."""
        self.tabs.setCurrentIndex(TIMELINE_TAB)
        return self.timeline_page

    def show_planner(self) -> PlannerPage:
        """Bring the "Date nights" tab forward (building it the first time)."""
        self.tabs.setCurrentIndex(PLANNER_TAB)
        return self._planner_page()

    def show_idea_jar(self) -> IdeaJarPage:
        """Bring the "Idea jar" tab forward (building it the first time)."""
        self.tabs.setCurrentIndex(IDEAS_TAB)
        return self._idea_jar_page()

    def current_page(self) -> QWidget | None:
        """The page on the tab in front."""
        return (self.timeline_page, self._planner, self._idea_jar)[self.tabs.currentIndex()]

    def plan_idea(self, idea: Idea | None) -> None:
        """The idea jar asked to plan ``idea`` (None: something new): open the planner's
        editor on its tab, filled in from the idea."""
        planner = self.show_planner()
        if idea is None:
            planner.plan_new()
        else:
            planner.plan_new(prefill_title=idea.title, prefill_text=idea.text, idea_id=idea.id)

    def compose(self, kind: EntryKind) -> None:
        """Open the composer for a new entry of ``kind`` (the timeline shows it once saved);
        a date night opens the planner's editor, the one plan form, on the planner's tab."""
        if kind is EntryKind.PLAN:
            self.show_planner().plan_new()
            return
        self.timeline_page.compose(kind)

    # -- who is here --------------------------------------------------------------------

    @property
    def current_partner(self) -> PartnerInfo | None:
        return self._current_partner

    def set_current_partner(self, partner: PartnerInfo | None) -> None:
        """Who is at the computer: new entries are theirs by default."""
        self._current_partner = partner
        self.here_label.setText(f"{partner.name} is here" if partner else "Who's here?")
        self.timeline_page.authorship.refresh()  # Edit and Delete follow who is here
        self.timeline_page.responses.follow()  # and so do React and Reply
        self.who_menu.clear()
        for each in self._partners.values():
            action = self.who_menu.addAction(f"I'm {each.name}")
            action.setCheckable(True)
            action.setChecked(partner is not None and partner.id == each.id)
            action.triggered.connect(lambda _c=False, pid=each.id: self.partner_chosen.emit(pid))

    def _load_partners(self) -> None:
        assert self.household is not None
        self._partners = {partner.id: partner for partner in self.household.partners.all()}
        here = self._current_partner
        if here is None or here.id not in self._partners:
            self.set_current_partner(self.household.partners.for_account(getpass.getuser()))
        else:  # a new name or colour shows in the status bar and the menu at once
            self.set_current_partner(self._partners[here.id])

    # -- saying things ------------------------------------------------------------------

    def say(self, message: str, *, undoable: bool = False) -> None:
        hint = self.undo_redo.hint() if undoable else ""
        self.statusBar().showMessage(f"{message} {hint}".strip(), STATUS_MS)

    def set_paused(self, until_text: str | None) -> None:
        self.act_resume.setEnabled(until_text is not None)
        if until_text:
            self.say(f"Reminders paused until {until_text}.")

    def show_banner(self, notification: Notification) -> None:
        """Show a notification inside the window (when nothing else could show it)."""
        from closeness_desktop.ui.banner import Banner, add_banner

        banner = Banner(notification, self)
        banner.acted.connect(self.banner_action)
        banner.dismissed.connect(self.banner_dismissed)
        add_banner(self.banner_area, banner)
        self.bring_forward()

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

    # -- window state -----------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            return
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            self.setGeometry(first_geometry(screen.availableGeometry(), self.minimumSize()))

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


def _fill_menu(menu: QMenu, *groups: Sequence[QAction]) -> None:
    """Put ``groups`` of actions in ``menu``, a line between one group and the next."""
    for number, group in enumerate(groups):
        if number:
            menu.addSeparator()
        for action in group:
            menu.addAction(action)
