"""The plan editor: one date night, what it is, when (and when it ends), where, how it
repeats (and for how long), who planned it. It is the one plan form: the planner, the idea
jar and Ctrl+D open it (its fields are in :mod:`.plan_fields`; moving one evening is
:mod:`.move_dialog`).

Like the composer, the household validates: a problem shows under the form and the
dialog stays open, so nothing typed is lost; closing with typed text asks first. Times
are entered as wall times in the household's zone (``household.clock.local_zone()``),
and a saved plan lives in that zone, so 19:00 stays 19:00 when the clocks change.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.clock import zone_name
from closeness_desktop.dates.model import DEFAULT_REMINDERS, DatePlan, PlanState
from closeness_desktop.household import (
    ConflictError,
    Household,
    NotFoundError,
    PartnerInfo,
    PlanRecord,
    ValidationError,
)
from closeness_desktop.records import SaveError
from closeness_desktop.ui.combo import index_of
from closeness_desktop.ui.conflicts import editor_message
from closeness_desktop.ui.forms import FormDialog
from closeness_desktop.ui.plan_fields import (
    BudgetSpinBox,
    WhenEdit,
    first_evening,
    lead_words,
    to_date,
    to_qdate,
    wall_time,
)
from closeness_desktop.ui.plan_repeat import RepeatFields
from closeness_desktop.ui.save_failures import words_kept

DAY_BEFORE = timedelta(days=1)
HOUR_BEFORE = timedelta(hours=1)
#: A new end time is this long after the start.
USUAL_LENGTH = timedelta(hours=3)
STATES = (
    (PlanState.PLANNED, "Planned"),
    (PlanState.DONE, "Done"),
    (PlanState.CANCELLED, "Cancelled"),
)


class PlanEditor(FormDialog):
    """Plan a new date night, or change one; ``saved`` holds the result after Save."""

    def __init__(
        self,
        household: Household,
        *,
        editing: PlanRecord | None = None,
        planner: PartnerInfo | None = None,
        title: str = "",
        notes: str = "",
        day: date | None = None,
        idea_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.household = household
        self.editing = editing
        #: the jar's idea this plan comes from: saving marks it done
        self.idea_id = idea_id
        self.saved: PlanRecord | None = None
        self._zone = ZoneInfo(zone_name(household.clock.local_zone()))
        self._uid = editing.plan.uid if editing else f"{uuid.uuid4().hex}@closeness"
        self._extra_reminders: tuple[timedelta, ...] = ()
        self.setWindowTitle("Change the date night" if editing else "Plan a date night")
        self.setMinimumWidth(520)
        self._build()
        if editing is not None:
            self._load(editing)
        else:
            self._start_new(planner, title, notes, day)
        self._initial = self._typed()
        self.title_edit.setFocus()

    # -- construction -----------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel("Set aside the evening and treat it like any other appointment.")
        intro.setProperty("role", "soft")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Dinner by the river")
        form.addRow("What", self.title_edit)
        self._build_when(form)
        self.repeats = RepeatFields(self)
        self.repeat = self.repeats.menu
        form.addRow("Repeats", self.repeat)
        # How long a repeat goes on: shown only for a plan that repeats.
        form.addRow("How long", self.repeats.how_long_box)
        self.repeat.currentIndexChanged.connect(
            lambda _n: form.setRowVisible(self.repeats.how_long_box, self.repeat_rule() is not None)
        )
        self.where = QLineEdit()
        self.where.setPlaceholderText("The old mill, or at home")
        form.addRow("Where", self.where)
        self.bring = QLineEdit()
        self.bring.setPlaceholderText("A blanket, the good camera")
        form.addRow("Bring", self.bring)
        self.budget = BudgetSpinBox()
        form.addRow("Budget", self.budget)
        self.planner = QComboBox()
        for partner in self.household.partners.all():
            self.planner.addItem(partner.name, partner.id)
        form.addRow("Planned by", self.planner)
        self.state = QComboBox()
        for _state, label in STATES:
            self.state.addItem(label)
        form.addRow("Status", self.state)
        form.addRow("Remind us", self._build_reminders())
        layout.addLayout(form)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Ideas, a table booked, anything to keep in mind")
        self.notes.setTabChangesFocus(True)
        layout.addWidget(self.notes, 1)
        self.add_error_line(layout)
        self.add_save_buttons(layout)

    def _build_when(self, form: QFormLayout) -> None:
        self.start = WhenEdit()
        self.all_day = QCheckBox("All day")
        self.all_day.setFixedWidth(self.all_day.sizeHint().width())
        start_row = QHBoxLayout()
        start_row.addWidget(self.start, 1)
        start_row.addWidget(self.all_day)
        form.addRow("When", start_row)
        # The end of this evening, not of the repeat (that is "How long", below "Repeats").
        self.has_end = QCheckBox("Ends at")
        self.has_end.setToolTip("When the evening is over; leave it open if you like.")
        self.end = WhenEdit()
        self.end.setEnabled(False)
        end_row = QHBoxLayout()
        end_row.addWidget(self.end, 1)
        beside = QWidget()  # keeps the end's fields under the start's
        beside.setFixedWidth(self.all_day.sizeHint().width())
        end_row.addWidget(beside)
        form.addRow(self.has_end, end_row)
        self.all_day.toggled.connect(self._all_day_toggled)
        self.has_end.toggled.connect(self._end_toggled)
        self.start.day.dateChanged.connect(self._start_day_changed)
        self._last_start_day = to_date(self.start.day.date())

    def _build_reminders(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.remind_day = QCheckBox("The day before")
        self.remind_hour = QCheckBox("An hour before")
        self.other_reminders = QLabel()
        self.other_reminders.setProperty("role", "soft")
        for widget in (self.remind_day, self.remind_hour, self.other_reminders):
            row.addWidget(widget)
        row.addStretch(1)
        return box

    def _start_new(
        self, planner: PartnerInfo | None, title: str, notes: str, day: date | None
    ) -> None:
        start = first_evening(self.household.clock.now(), self._zone, day)
        self.start.set_value(start)
        self.end.set_value(start + USUAL_LENGTH)
        self.repeats.fill(start.date(), "none")
        self.repeats.set_end(None, None, start.date())
        if planner is not None:
            self.planner.setCurrentIndex(max(index_of(self.planner, planner.id), 0))
        self.title_edit.setText(title)
        self.notes.setPlainText(notes)
        self.remind_day.setChecked(DAY_BEFORE in DEFAULT_REMINDERS)
        self.remind_hour.setChecked(HOUR_BEFORE in DEFAULT_REMINDERS)

    def _load(self, record: PlanRecord) -> None:
        plan = record.plan
        shown = plan.tzinfo if plan.all_day else self._zone
        start = plan.start.astimezone(shown)
        self.all_day.setChecked(plan.all_day)
        self.start.set_value(start)
        self._last_start_day = start.date()
        if plan.end is not None:
            end = plan.end.astimezone(shown)
            if plan.all_day:  # shown as the last day; kept as the midnight after it
                end -= timedelta(days=1)
            self.has_end.setChecked(True)
            self.end.set_value(end)
        else:
            self.end.set_value(start + (timedelta(0) if plan.all_day else USUAL_LENGTH))
        self.repeats.load(plan, start.date())
        self.title_edit.setText(plan.title)
        self.where.setText(plan.where)
        self.bring.setText(plan.bring)
        self.budget.set_budget(plan.budget)
        self.notes.setPlainText(plan.notes)
        self.planner.setCurrentIndex(max(index_of(self.planner, record.entry.author_id), 0))
        self.state.setCurrentIndex([state for state, _ in STATES].index(plan.state))
        self.remind_day.setChecked(DAY_BEFORE in plan.reminders)
        self.remind_hour.setChecked(HOUR_BEFORE in plan.reminders)
        self._extra_reminders = tuple(
            lead for lead in plan.reminders if lead not in (DAY_BEFORE, HOUR_BEFORE)
        )
        if self._extra_reminders:
            leads = ", ".join(lead_words(lead) for lead in self._extra_reminders)
            self.other_reminders.setText(f"and {leads}")

    # -- keeping the form consistent --------------------------------------------------

    def _start_day_changed(self, value: QDate) -> None:
        day = to_date(value)
        shift = day - self._last_start_day
        self._last_start_day = day
        if self.has_end.isChecked():  # keep the length: the end moves with the start
            self.end.day.setDate(to_qdate(to_date(self.end.day.date()) + shift))
        else:
            self.end.day.setDate(value)
        self.repeats.follow_start(day)

    def _all_day_toggled(self, all_day: bool) -> None:
        self.start.at.setVisible(not all_day)
        self.end.at.setVisible(not all_day)
        self.has_end.setText("Last day" if all_day else "Ends at")

    def _end_toggled(self, has_end: bool) -> None:
        self.end.setEnabled(has_end)
        all_day = self.all_day.isChecked()
        start = self.start.value(self._zone, all_day=all_day)
        if has_end and self.end.value(self._zone, all_day=all_day) < start:
            self.end.set_value(start if all_day else start + USUAL_LENGTH)

    def repeat_rule(self) -> str | None:
        """The RRULE of the chosen repeat (without its end), or None for a one-off."""
        return self.repeats.pattern()

    # -- the plan -----------------------------------------------------------------------

    def plan(self) -> DatePlan:
        """The plan as the form now describes it; ``ValidationError`` if it can't be one."""
        zone = self._zone
        all_day = self.all_day.isChecked()
        start = self.start.value(zone, all_day=all_day)
        rrule = self.repeats.rrule(start, zone_name(zone), all_day=all_day)
        before = self.editing.plan if self.editing else None
        partner: uuid.UUID | None = self.planner.currentData()
        names = {partner.id: partner.name for partner in self.household.partners.all()}
        return DatePlan(
            uid=self._uid,
            title=self.title_edit.text().strip(),
            start=start,
            end=self._end(start, zone, all_day=all_day),
            all_day=all_day,
            where=self.where.text().strip(),
            bring=self.bring.text().strip(),
            budget=self.budget.budget(),
            notes=self.notes.toPlainText().strip(),
            planned_by=names.get(partner) if partner else None,
            state=STATES[self.state.currentIndex()][0],
            rrule=rrule,
            # Skipped and moved dates belong to a series; a one-off has none.
            exdates=before.exdates if before and rrule else frozenset(),
            overrides=before.overrides if before and rrule else {},
            reminders=self._reminders(),
            zone=zone_name(zone),
        )

    def _end(self, start: datetime, zone: ZoneInfo, *, all_day: bool) -> datetime | None:
        if not self.has_end.isChecked():
            return None
        if not all_day:
            return self.end.value(zone, all_day=False)
        last_day = to_date(self.end.day.date())
        if last_day < start.date():
            raise ValidationError("The date can't end before it starts.")
        if last_day == start.date():
            return None
        return wall_time(last_day + timedelta(days=1), time(0), zone)

    def _reminders(self) -> tuple[timedelta, ...]:
        chosen = [
            lead
            for lead, box in ((DAY_BEFORE, self.remind_day), (HOUR_BEFORE, self.remind_hour))
            if box.isChecked()
        ]
        return (*chosen, *self._extra_reminders)

    def save(self) -> None:
        try:
            plan = self.plan()
            planner = self.planner.currentData()
            if planner is None:
                raise ValidationError("Who planned it? Pick one of the two of you.")
            version = self.editing.version if self.editing else None
            self.saved = self.household.plans.save(
                plan, planner, version, idea_id=self.idea_id, origin=self
            )
        except ConflictError as problem:
            self.show_error(editor_message(problem, self._zone))
            if isinstance(problem.current, PlanRecord):
                self.editing = problem.current  # a second Save is a choice, made knowingly
            return
        except (ValidationError, NotFoundError) as problem:
            self.show_error(str(problem))
            return
        except SaveError as problem:  # the database refused: the dialog keeps every word
            self.show_error(words_kept("This date night was not saved", problem))
            return
        self.accept()

    # -- closing ------------------------------------------------------------------------

    def _typed(self) -> tuple[str, ...]:
        return (
            self.title_edit.text(),
            self.where.text(),
            self.bring.text(),
            self.notes.toPlainText(),
        )

    def is_dirty(self) -> bool:
        """True when closing would lose something typed."""
        return self._typed() != self._initial
