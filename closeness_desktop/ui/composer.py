"""One dialog to write or edit any entry: a note, a memory, a date-night plan, a check-in.

The household validates; a problem shows under the form and the dialog stays open, so
nothing typed is lost. Closing with text in it asks first. An entry keeps its author, so
"From" is a name, not a choice, once written; the other partner's words open read-only
(``read_only``): selectable, with Close and no Save. "Just for me" and "Seal until…"
are :mod:`.composer_privacy`'s.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.records import (
    ConflictError,
    Draft,
    EntryKind,
    EntryRecord,
    NotFoundError,
    SaveError,
    ValidationError,
    draft_of,
)
from closeness_desktop.ui.checkin_page import CheckinPage
from closeness_desktop.ui.combo import index_of
from closeness_desktop.ui.composer_privacy import PrivacyControls
from closeness_desktop.ui.conflicts import editor_message
from closeness_desktop.ui.date_fields import tab_leaves
from closeness_desktop.ui.forms import FormDialog
from closeness_desktop.ui.photo_strip import PhotoStrip
from closeness_desktop.ui.save_failures import this_entry, words_kept

if TYPE_CHECKING:
    from closeness_desktop.household import Household

KINDS = (EntryKind.NOTE, EntryKind.MEMORY, EntryKind.PLAN, EntryKind.CHECKIN)
KIND_BUTTONS = {
    EntryKind.NOTE: "Love note",
    EntryKind.MEMORY: "Memory",
    EntryKind.PLAN: "Date night",
    EntryKind.CHECKIN: "Check-in",
}
PROMPTS = {
    EntryKind.NOTE: "Something you love about them, something you're looking forward to…",
    EntryKind.MEMORY: "What happened, and what you want to remember of it",
    EntryKind.PLAN: "Ideas, what to bring, anything to keep in mind",
}
BOTH = "both"
#: What the read-only view's title calls an entry: "Sam's note".
READ_WORDS = {
    EntryKind.NOTE: "note",
    EntryKind.MEMORY: "memory",
    EntryKind.PLAN: "date night",
    EntryKind.CHECKIN: "check-in",
    EntryKind.GOODBYE: "goodbye",
}
#: The read-only view's result when nobody had said who is here and the author says "I'm
#: Sam": the timeline then makes Sam the one here and opens the editor.
CLAIMED = 2


def to_qdatetime(moment: datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


def from_qdatetime(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toMSecsSinceEpoch() / 1000, UTC)


class Composer(FormDialog):
    def __init__(
        self,
        household: Household,
        kind: EntryKind = EntryKind.NOTE,
        *,
        author: uuid.UUID | None = None,
        editing: EntryRecord | None = None,
        by: uuid.UUID | None = None,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        """``by``: who is at the computer (the household refuses an edit of another's
        words); ``read_only`` shows ``editing`` to read, with no way to change it."""
        super().__init__(parent)
        self.household = household
        self.editing = editing
        self.by = by
        self.read_only = read_only and editing is not None
        self.saved: EntryRecord | None = None
        self._partners = household.partners.all()
        names = {partner.id: partner.name for partner in self._partners}
        self._author_name = names.get(editing.author_id, "") if editing else ""
        if self.read_only and editing is not None:
            self.setWindowTitle(f"{self._author_name}'s {READ_WORDS[editing.kind]}")
        else:
            self.setWindowTitle("Edit entry" if editing else "Write something")
        self.setMinimumWidth(480)

        layout = QVBoxLayout(self)
        kinds_row = QHBoxLayout()
        self._kind_group = QButtonGroup(self)
        self._kind_group.setExclusive(True)
        for number, each in enumerate(KINDS):
            button = QPushButton(KIND_BUTTONS[each])
            button.setCheckable(True)
            button.setObjectName(f"kind-{each.value}")
            self._kind_group.addButton(button, number)
            kinds_row.addWidget(button)
            # Date nights are planned in the planner's editor, the one plan form; the page
            # here only shows a plan it was handed.
            planned_elsewhere = each is EntryKind.PLAN and kind is not EntryKind.PLAN
            if self.read_only or planned_elsewhere:
                button.hide()  # (showing a parentless button would open it as a window)
        kinds_row.addStretch(1)
        layout.addLayout(kinds_row)

        people = QFormLayout()
        self.author = QComboBox(self)
        for partner in self._partners:
            self.author.addItem(partner.name, partner.id)
        self.author_name = QLabel(self._author_name)
        self.author.setVisible(editing is None)
        people.addRow("From", self.author if editing is None else self.author_name)
        self.addressee = QComboBox(self)
        self.addressee_name = QLabel()
        self.addressee.setVisible(not self.read_only)
        self._to_field: QWidget = self.addressee_name if self.read_only else self.addressee
        people.addRow("To", self._to_field)
        self._to_label = people.labelForField(self._to_field)
        layout.addLayout(people)

        self.pages = QStackedWidget()
        self.note_text = QPlainTextEdit()
        self.note_text.setPlaceholderText(PROMPTS[EntryKind.NOTE])
        self.pages.addWidget(self._page(self.note_text))

        memory = QFormLayout()
        self.memory_title = QLineEdit()
        self.memory_title.setPlaceholderText("Our first snow in the new flat")
        self.memory_date = QDateEdit()
        self.memory_date.setCalendarPopup(True)
        self.memory_date.setDisplayFormat("d MMMM yyyy")
        self.memory_date.setMinimumDate(QDate(1900, 1, 1))
        tab_leaves(self.memory_date)  # Tab goes to "Where", not to the month
        self.memory_place = QLineEdit()
        self.memory_text = QPlainTextEdit()
        self.memory_text.setPlaceholderText(PROMPTS[EntryKind.MEMORY])
        memory.addRow("Title", self.memory_title)
        memory.addRow("When", self.memory_date)
        memory.addRow("Where", self.memory_place)
        memory.addRow(self.memory_text)
        self.photos = PhotoStrip(household, editing)  # "Add photos…" and the chosen ones
        memory.addRow(self.photos)
        self.pages.addWidget(self._page(memory))

        plan = QFormLayout()
        self.plan_title = QLineEdit()
        self.plan_title.setPlaceholderText("Dinner by the river")
        self.plan_when = QDateTimeEdit()
        self.plan_when.setCalendarPopup(True)
        self.plan_when.setDisplayFormat("ddd d MMMM yyyy, HH:mm")
        tab_leaves(self.plan_when)
        self.plan_where = QLineEdit()
        self.plan_notes = QPlainTextEdit()
        self.plan_notes.setPlaceholderText(PROMPTS[EntryKind.PLAN])
        plan.addRow("What", self.plan_title)
        plan.addRow("When", self.plan_when)
        plan.addRow("Where", self.plan_where)
        plan.addRow(self.plan_notes)
        self.pages.addWidget(self._page(plan))

        self.checkin = CheckinPage()
        self.checkin.problem.connect(self.show_error)
        # The check-in's fields by the names the composer has always given them.
        self.mood_group, self.feelings = self.checkin.mood_group, self.checkin.own_words
        self.checkin_text = self.checkin.line
        self.pages.addWidget(self.checkin)
        layout.addWidget(self.pages, 1)
        kinds = (KINDS, self._kind_group)
        self.privacy = PrivacyControls(household, kinds, self.author, self.addressee)
        layout.addWidget(self.privacy)

        safe = QLabel("This is a safe space: whatever you write here is met with care.")
        safe.setProperty("role", "soft")
        safe.setWordWrap(True)
        layout.addWidget(safe)
        self.add_error_line(layout)
        if self.read_only:
            safe.setText(self._whose_words_text())
            self._add_close_buttons(layout)
        else:
            self.add_save_buttons(layout)

        self._kind_group.idClicked.connect(self._show_kind)
        self.author.currentIndexChanged.connect(self._fill_addressees)
        self._reset_times()
        if author is not None:
            self.author.setCurrentIndex(max(index_of(self.author, author), 0))
        self._fill_addressees()
        if editing is not None:
            self._load(editing)
            kind = editing.kind
            for kind_button in self._kind_group.buttons():
                kind_button.setEnabled(False)
        self._show_kind(KINDS.index(kind) if kind in KINDS else 0)  # a goodbye reads as a note
        if self.read_only:
            self._make_read_only()

    # -- reading another's words ------------------------------------------------------

    def _whose_words_text(self) -> str:
        name = self._author_name
        if self.by is None:
            return (
                f"{name} wrote this, and only {name} can change it. Nobody has said who is"
                " here yet: if it's you, say so."
            )
        return f"{name} wrote this, so it opens for reading: only {name} can change it."

    def _add_close_buttons(self, layout: QVBoxLayout) -> None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        if self.by is None:  # nobody said who is here: the author may say so, and edit
            claim = buttons.addButton(
                f"I'm {self._author_name}: change it", QDialogButtonBox.ButtonRole.ActionRole
            )
            claim.clicked.connect(lambda: self.done(CLAIMED))
            claim.setAutoDefault(False)  # Close stays the one default (Enter closes)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        layout.addWidget(buttons)

    def _make_read_only(self) -> None:
        """Every field shows, none changes; the text stays selectable (and copyable)."""
        texts = (self.note_text, self.memory_text, self.plan_notes)
        lines = (self.memory_title, self.memory_place, self.plan_title, self.plan_where)
        for field in (*texts, *lines):
            field.setReadOnly(True)
        self.checkin.make_read_only()
        self.privacy.make_read_only()
        self.photos.make_read_only()
        for date_field in (self.memory_date, self.plan_when):
            date_field.setReadOnly(True)
            date_field.setButtonSymbols(QDateEdit.ButtonSymbols.NoButtons)
            date_field.setCalendarPopup(False)

    @staticmethod
    def _page(content: QWidget | QFormLayout) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        if isinstance(content, QWidget):
            box.addWidget(content)
        else:
            box.addLayout(content)
        return page

    def _reset_times(self) -> None:
        now = self.household.clock.now()
        local = to_qdatetime(now)
        self.memory_date.setDate(local.date())
        self.memory_date.setMaximumDate(local.date().addDays(1))
        evening = QDateTime(local.date().addDays(1), QTime(19, 0), QTimeZone.systemTimeZone())
        self.plan_when.setDateTime(evening)

    @property
    def kind(self) -> EntryKind:
        return KINDS[max(self._kind_group.checkedId(), 0)]

    def _show_kind(self, number: int) -> None:
        self._kind_group.button(number).setChecked(True)
        self.pages.setCurrentIndex(number)
        is_note = KINDS[number] is EntryKind.NOTE
        self._to_field.setVisible(is_note)
        self._to_label.setVisible(is_note)
        focus = (self.note_text, self.memory_title, self.plan_title, self.checkin.first_focus())
        focus[number].setFocus()
        self.privacy.follow()

    def _fill_addressees(self) -> None:
        current = self.addressee.currentData()
        self.addressee.clear()
        author = self.author.currentData()
        for partner in self._partners:
            if partner.id != author:
                self.addressee.addItem(partner.name, partner.id)
        self.addressee.addItem("Both of us", BOTH)
        index = index_of(self.addressee, current)
        self.addressee.setCurrentIndex(max(index, 0))

    def _load(self, record: EntryRecord) -> None:
        self.privacy.load(record)  # first: a private note's "To" stays empty
        self.author.setCurrentIndex(max(index_of(self.author, record.author_id), 0))
        self._fill_addressees()
        if record.kind in (EntryKind.NOTE, EntryKind.GOODBYE):
            self.addressee.setCurrentIndex(index_of(self.addressee, record.addressee_id or BOTH))
            self.addressee_name.setText(self.addressee.currentText())
            self.note_text.setPlainText(record.body)
        elif record.kind is EntryKind.MEMORY:
            self.memory_title.setText(record.title)
            self.memory_date.setDate(to_qdatetime(record.occurred_at).date())
            self.memory_place.setText(record.place)
            self.memory_text.setPlainText(record.body)
        elif record.kind is EntryKind.PLAN:
            self.plan_title.setText(record.title)
            self.plan_when.setDateTime(to_qdatetime(record.occurred_at))
            self.plan_where.setText(record.place)
            self.plan_notes.setPlainText(record.body)
        elif record.kind is EntryKind.CHECKIN:
            self.checkin.load(record)

    def draft(self) -> Draft:
        """The entry as the form now describes it."""
        return self.privacy.apply(self._form_draft())

    def _form_draft(self) -> Draft:
        author: uuid.UUID = self.author.currentData()
        kind = self.kind
        if kind is EntryKind.NOTE:
            to = self.addressee.currentData()
            return Draft.note(author, self.note_text.toPlainText(), None if to == BOTH else to)
        if kind is EntryKind.MEMORY:
            return Draft.memory(
                author,
                self.memory_title.text(),
                self.memory_date.date().toPython(),  # type: ignore[arg-type]
                self.household.clock.local_zone(),
                text=self.memory_text.toPlainText(),
                place=self.memory_place.text(),
            )
        if kind is EntryKind.PLAN:
            return Draft.plan(
                author,
                self.plan_title.text(),
                from_qdatetime(self.plan_when.dateTime()),
                self.plan_where.text(),
                self.plan_notes.toPlainText(),
            )
        return self.checkin.draft(author)

    def is_dirty(self) -> bool:
        """True when closing would lose something typed."""
        if self.photos.is_dirty() and self.kind is EntryKind.MEMORY:
            return True
        if self.editing is not None:
            before, now = draft_of(self.editing), self.draft()
            fields = ("title", "body", "place", "feelings", "mood", "addressee_id", "private")
            return any(getattr(before, name) != getattr(now, name) for name in fields)
        return self.checkin.has_words() or any(
            field.strip()
            for field in (
                self.note_text.toPlainText(),
                self.memory_title.text(),
                self.memory_text.toPlainText(),
                self.plan_title.text(),
                self.plan_notes.toPlainText(),
            )
        )

    def save(self) -> None:
        if self.read_only:
            return  # Ctrl+Return in a view for reading: there is nothing to save
        try:
            # A memory's photos are written with it (see photo_strip).
            self.saved = self.photos.write(self.draft(), self.editing, self.by, origin=self)
        except ConflictError as problem:
            self.show_error(editor_message(problem, self.household.clock.local_zone()))
            if isinstance(problem.current, EntryRecord):
                self.editing = problem.current  # a second Save is a choice, made knowingly
            return
        except (ValidationError, NotFoundError) as problem:
            self.show_error(str(problem))
            return
        except SaveError as problem:  # the database refused: the dialog keeps every word
            self.show_error(words_kept(f"{this_entry(self.kind)} was not saved", problem))
            return
        self.accept()
