"""The "Date nights" tab: the next date at a glance, the evenings waiting for "How was
it?", a month calendar, and each day's dates (the widgets are in :mod:`.plan_views`,
:mod:`.plan_day` and :mod:`.after_date_cards`, the editor in :mod:`.plan_editor`).

The page reads plans from the household and changes them only through its operations
(``plans.save``, ``entries.delete``); it redraws when a change touches the plans or the
partners, and once a minute (a coarse timer, running only while the page is visible) so
the countdown stays true. Times are shown in the household's zone. It knows the window
only as a :class:`~.shell.Shell`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop import humanize
from closeness_desktop.agenda import (
    Mark,
    evenings_by_day,
    mark_for,
    next_evening,
    set_evening_state,
    skip_evening,
)
from closeness_desktop.dates import recurrence
from closeness_desktop.dates.model import DatePlan, PlanState
from closeness_desktop.household import (
    Area,
    Change,
    ConflictError,
    Household,
    NotFoundError,
    PlanRecord,
    ValidationError,
)
from closeness_desktop.records import SaveError
from closeness_desktop.ui.after_date import offer_to_write, tell_how_it_was
from closeness_desktop.ui.after_date_cards import WaitingLines
from closeness_desktop.ui.conflicts import newer_version
from closeness_desktop.ui.move_dialog import MoveDialog
from closeness_desktop.ui.plan_day import DayView, SkippedEvening
from closeness_desktop.ui.plan_editor import PlanEditor
from closeness_desktop.ui.plan_views import NextDateCard, PlanCalendar
from closeness_desktop.ui.save_failures import until_saved
from closeness_desktop.ui.shell import Shell

#: How often the countdown is brought up to date.
TICK_MS = 60_000
NOT_CHANGED = "It stays as it was."
#: Enough to catch a skipped all-day date whose zone is ahead of or behind the local one.
_MARGIN = timedelta(days=1)


class PlannerPage(QWidget):
    """The next date at a glance, the month, and the chosen day's dates."""

    def __init__(self, shell: Shell, household: Household, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shell = shell
        self.household = household
        self._records: dict[str, PlanRecord] = {}
        self._stale = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(12)
        self.card = NextDateCard()
        self.card.plan_requested.connect(self.plan_new)
        layout.addWidget(self.card)
        self.waiting = WaitingLines()
        self.waiting.tell.connect(self.tell)
        layout.addWidget(self.waiting)
        body = QHBoxLayout()
        body.setSpacing(16)
        self.calendar = PlanCalendar()
        self.calendar.setMinimumWidth(340)
        body.addWidget(self.calendar, 3)
        self.day = DayView()
        body.addWidget(self.day, 2)
        layout.addLayout(body, 1)
        self._connect_buttons()
        self.calendar.currentPageChanged.connect(lambda _y, _m: self._refresh_marks())
        self.calendar.selectionChanged.connect(self._show_selected_day)
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        shell.changed.connect(self._household_changed)
        self.calendar.show_day(self._today())
        self.reload()

    def _connect_buttons(self) -> None:
        self.day.edit_button.clicked.connect(self.edit_selected)
        self.day.move_button.clicked.connect(self.move_selected)
        self.day.tell_button.clicked.connect(self.tell_selected)
        self.day.skip_button.clicked.connect(self.skip_selected)
        self.day.done_button.clicked.connect(self.toggle_done)
        self.day.cancel_button.clicked.connect(self.toggle_cancelled)
        self.day.delete_button.clicked.connect(self.delete_selected)
        self.day.list.itemDoubleClicked.connect(lambda _item: self.edit_selected())

    # -- time -------------------------------------------------------------------------

    def _now(self) -> datetime:
        return self.household.clock.now()

    def _zone(self) -> tzinfo:
        return self.household.clock.local_zone()

    def _today(self) -> date:
        return self._now().astimezone(self._zone()).date()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()
        self.tick()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    # -- showing ----------------------------------------------------------------------

    def _household_changed(self, change: Change) -> None:
        if change.touches(Area.PLANS, Area.PARTNERS):
            if self.isVisible():
                self.reload()
            else:
                self._stale = True  # read again when the tab is shown, not on every note

    def reload(self) -> None:
        """Read the plans again and redraw everything."""
        self._stale = False
        self._records = {record.plan.uid: record for record in self.household.plans.all()}
        self.tick()
        self._show_selected_day()

    def plans(self) -> list[DatePlan]:
        return [record.plan for record in self._records.values()]

    def tick(self) -> None:
        """Bring the countdown and the marks up to date with the clock."""
        self.card.show_evening(next_evening(self.plans(), self._now()), self._now(), self._zone())
        self.waiting.show_waiting(self.household.plans.waiting(), self._now(), self._zone())
        self._refresh_marks()

    def _refresh_marks(self) -> None:
        first, last = self.calendar.visible_days()
        days = evenings_by_day(self.plans(), first, last, self._zone())
        now = self._now()
        marks = {day: mark_for(items, now) for day, items in days.items()}
        for day in self._skipped_by_day(first, last):  # a skipped day keeps a soft trace
            marks.setdefault(day, Mark.CANCELLED)
        self.calendar.set_marks(marks, self._today())

    def _skipped_by_day(self, first: date, last: date) -> dict[date, list[SkippedEvening]]:
        """The skipped evenings of each day from ``first`` to ``last``."""
        zone = self._zone()
        start = datetime.combine(first, time(0), zone) - _MARGIN
        end = datetime.combine(last + timedelta(days=1), time(0), zone) + _MARGIN
        days: dict[date, list[SkippedEvening]] = {}
        for plan in self.plans():
            day_zone = plan.tzinfo if plan.all_day else zone
            for original in recurrence.skipped_between(plan, start, end):
                day = original.astimezone(day_zone).date()
                if first <= day <= last:
                    days.setdefault(day, []).append(SkippedEvening(plan, original))
        return days

    def _show_selected_day(self) -> None:
        day = self.calendar.selected_day()
        evenings = evenings_by_day(self.plans(), day, day, self._zone()).get(day, [])
        skipped = self._skipped_by_day(day, day).get(day, [])
        self.day.show_day(day, evenings, self._zone(), self._now(), skipped)

    def show_plan(self, plan: DatePlan) -> None:
        """Bring the calendar to ``plan``'s next date (or its first)."""
        upcoming = recurrence.next_occurrence(plan, self._now())
        start = upcoming.start if upcoming is not None else plan.start
        self.calendar.show_day(start.astimezone(self._zone()).date())
        self.day.select(plan.uid)

    # -- planning -----------------------------------------------------------------------

    def plan_new(
        self, prefill_title: str = "", prefill_text: str = "", idea_id: str | None = None
    ) -> PlanRecord | None:
        """Open the editor for a new date night; an idea from the jar fills it in first."""
        chosen = self.calendar.selected_day()
        editor = PlanEditor(
            self.household,
            planner=self.shell.current_partner,
            title=prefill_title,
            notes=prefill_text,
            day=chosen if chosen > self._today() else None,
            idea_id=idea_id,
            parent=self,
        )
        saved = self._run(editor)
        if saved is None:
            return None
        self.show_plan(saved.plan)
        self.shell.say(f"Planned: {saved.plan.title}.", undoable=True)
        return saved

    def open(self, entry_id: uuid.UUID | None) -> None:
        """A new date night (None), or the one whose timeline entry is ``entry_id``, in
        the planner's editor: the one plan form, wherever it was asked for."""
        if entry_id is None:
            self.plan_new()
            return
        found = [r for r in self._records.values() if r.entry.id == entry_id]
        if found:
            self.show_plan(found[0].plan)
            self._edit(found[0])

    def edit_selected(self) -> None:
        record = self._selected_record()
        if record is not None:
            self._edit(record)

    def _edit(self, record: PlanRecord) -> None:
        saved = self._run(PlanEditor(self.household, editing=record, parent=self))
        if saved is not None:
            self.show_plan(saved.plan)
            self.shell.say("Changes saved.", undoable=True)

    def _run(self, editor: PlanEditor) -> PlanRecord | None:
        """Show an editor until it is saved or closed; what it saved, if anything."""
        if editor.exec() == QDialog.DialogCode.Accepted:
            return editor.saved
        return None

    # -- one evening --------------------------------------------------------------------

    def _selected_record(self) -> PlanRecord | None:
        plan = self.day.current_plan()
        return self._records.get(plan.uid) if plan is not None else None

    def skip_selected(self) -> None:
        chosen = self.day.current_skipped()
        if chosen is not None:  # the same button brings a skipped evening back
            self.unskip(chosen)
            return
        evening = self.day.current()
        if evening is None or not evening.plan.repeats:
            return
        day = humanize.day_name(evening.start.astimezone(self._zone()).date())
        skipped = skip_evening(evening.plan, evening.original_start)
        self._change(skipped, f"Skipped {day}; the other evenings stay as they are.")

    def move_selected(self) -> None:
        evening = self.day.current()
        if evening is None:
            return
        dialog = MoveDialog(evening, self._zone(), self._save, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.kept:
            return
        self.shell.say("Moved.", undoable=True)
        plan = dialog.moved_plan()
        moved = recurrence.find_evening(plan, evening.original_start)
        if moved is not None:  # follow the evening to its new day
            self.calendar.show_day(moved.start.astimezone(self._zone()).date())

    def unskip(self, skipped: SkippedEvening) -> None:
        day = humanize.day_name(skipped.original_start.astimezone(self._zone()).date())
        back = recurrence.unskip_evening(skipped.plan, skipped.original_start)
        self._change(back, f"{day} is back in the plan.")

    def tell_selected(self) -> None:
        evening = self.day.current()
        if evening is not None:
            self.tell(evening.plan.uid, evening.original_start)

    def tell(self, uid: str, original_start: datetime) -> bool:
        """Ask how one evening was; True once it is kept as a memory."""
        told = tell_how_it_was(self.household, uid, original_start, self)
        if told:
            self.shell.say(told, undoable=told.startswith("Kept"))
        return told is not None and told.startswith("Kept")

    def toggle_done(self) -> None:
        evening = self.day.current()
        # Done is the moment to write it down (an evening begun); the memory marks it done.
        if (
            evening is not None
            and evening.start <= self._now()
            and evening.state is not PlanState.DONE
            and offer_to_write(self)
            and self.tell(evening.plan.uid, evening.original_start)
        ):
            return
        self._toggle(PlanState.DONE, "Marked as done. We hope it was lovely.")

    def toggle_cancelled(self) -> None:
        self._toggle(PlanState.CANCELLED, "Cancelled. There will be other evenings.")

    def _toggle(self, state: PlanState, message: str) -> None:
        evening = self.day.current()
        if evening is None:
            return
        if evening.state is state:
            state, message = PlanState.PLANNED, "Back in the plan."
        self._change(set_evening_state(evening.plan, evening, state), message)

    def delete_selected(self) -> None:
        record = self._selected_record()
        if record is None:
            return
        delete = self.household.entries.delete
        try:
            until_saved(
                self,
                "This date night was not deleted",
                lambda: delete(record.entry.id, origin=self),
                "It is still in your plans.",
            )
        except (NotFoundError, ConflictError) as problem:
            self.shell.say(str(problem))
            return
        except SaveError:  # the person chose Cancel after being told why
            self.shell.say(f"“{record.plan.title}” was not deleted.")
            return
        self.shell.say(f"“{record.plan.title}” moved to the trash.", undoable=True)

    def _change(self, plan: DatePlan, message: str) -> None:
        """Save ``plan``, asking again while the database refuses; say ``message`` or why not."""
        try:
            kept = until_saved(
                self, "This date night was not changed", lambda: self._save(plan), NOT_CHANGED
            )
        except SaveError:  # the person chose Cancel after being told why
            self.shell.say("The date night was not changed.")
            return
        if kept:
            self.shell.say(message, undoable=True)

    def _save(self, plan: DatePlan) -> bool:
        """Save ``plan`` for whoever planned it; False once what went wrong is said.
        :class:`SaveError` passes through: the caller asks to try again."""
        record = self._records.get(plan.uid)
        if record is None:
            return False
        try:
            self.household.plans.save(plan, record.entry.author_id, record.version, origin=self)
        except ConflictError as problem:
            self.shell.say(f"{problem} {newer_version(problem, self._zone())}".strip())
            self.reload()  # show the newer version
            return False
        except (ValidationError, NotFoundError) as problem:
            self.shell.say(str(problem))
            return False
        return True
