"""The composer's "Just for me" and "Seal until…": a private entry, or a note that opens later.

"Just for me" can be ticked once the author has a lock and is unlocked
(``household.privacy.state``); while it is ticked the note goes to no one, so "To" is
cleared and off. "Seal until…" is for a new note to the other partner: it opens at the
start of the chosen day (or at their first arrival from then). A ticked box can always be
unticked, and is never unticked behind the person's back: the household decides, and its
refusal shows in the composer's error line.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.records import PRIVATE_KINDS, Draft, EntryKind, EntryRecord
from closeness_desktop.ui.date_fields import tab_leaves

if TYPE_CHECKING:
    from closeness_desktop.household import Household

JUST_FOR_ME = "Just for me"
SEAL = "Seal until…"
AT_ARRIVAL = "or at their next arrival from then"
NO_LOCK = "Set a lock in Settings ▸ Privacy first."
LOCKED = "Unlock your private corner first (Together ▸ Who's here?)."
PRIVATE_TIP = "Sealed under your lock: only you see it, and only while your corner is unlocked."
FOR_PARTNER = "A sealed note is for your partner: choose them in “To”."
NOT_BOTH = "A private note is just for you, so it cannot be sealed for your partner too."
SEAL_TIP = "They see that a note waits, and read it on the day it opens."
NO_ONE = "A private note goes to no one."
#: How far ahead "Seal until…" starts.
DEFAULT_WAIT = timedelta(days=7)


class PrivacyControls(QWidget):
    """The two choices under the composer's page; :meth:`apply` puts them in its draft."""

    def __init__(
        self,
        household: Household,
        kinds: tuple[Sequence[EntryKind], QButtonGroup],
        author: QComboBox,
        addressee: QComboBox,
        parent: QWidget | None = None,
    ) -> None:
        """``kinds``: the composer's kinds and the buttons choosing one (by number);
        ``author`` and ``addressee``: its From and To. (Its widgets, not the composer: a
        reference back to it would keep every closed composer alive until a collection.)"""
        super().__init__(parent)
        self._household = household
        self._kinds, self._kind_group = kinds
        self._author = author
        self._addressee = addressee
        self._editing = False
        self._read_only = False
        #: Where "To" was before "Just for me" cleared it, to go back to.
        self._to_before = 0

        self.just_for_me = QCheckBox(JUST_FOR_ME)
        self.just_for_me.setObjectName("just-for-me")
        self.seal = QCheckBox(SEAL)
        self.seal.setObjectName("seal")
        self.seal_date = QDateEdit()
        self.seal_date.setCalendarPopup(True)
        self.seal_date.setDisplayFormat("ddd d MMMM yyyy")
        self.seal_date.setAccessibleName("Opens on")
        tab_leaves(self.seal_date)
        self.at_arrival = QCheckBox(AT_ARRIVAL)
        #: Why "Just for me" is off, beside it (a tooltip alone is found by few).
        self.why_not = QLabel()
        self.why_not.setProperty("role", "soft")
        self.hint = QLabel()
        self.hint.setProperty("role", "soft")
        self.hint.setWordWrap(True)
        self.hint.hide()

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        private_row = QHBoxLayout()
        private_row.addWidget(self.just_for_me)
        private_row.addWidget(self.why_not, 1)
        box.addLayout(private_row)
        seal_row = QHBoxLayout()
        seal_row.addWidget(self.seal)
        seal_row.addWidget(self.seal_date)
        seal_row.addStretch(1)
        box.addLayout(seal_row)
        arrival_row = QHBoxLayout()
        arrival_row.addSpacing(24)  # under "Seal until…", as a part of it
        arrival_row.addWidget(self.at_arrival, 1)
        box.addLayout(arrival_row)
        box.addWidget(self.hint)

        self._reset_date()
        self.just_for_me.toggled.connect(self._private_toggled)
        self.seal.toggled.connect(self._seal_toggled)
        author.currentIndexChanged.connect(self.follow)
        addressee.currentIndexChanged.connect(self.follow)

    # -- what the composer asks -------------------------------------------------------

    def load(self, record: EntryRecord) -> None:
        """Open on ``record``: its box ticked when it is private; an entry written is not
        sealed afterwards (a sealed note is not edited at all)."""
        self._editing = True
        self.just_for_me.setChecked(record.private_to is not None)
        self.follow()

    def make_read_only(self) -> None:
        self._read_only = True
        self.follow()

    def apply(self, draft: Draft) -> Draft:
        """``draft`` private or sealed as the boxes say."""
        if self._private():
            return replace(draft, private=True, addressee_id=None)
        if self._sealed():
            return replace(
                draft, opens_at=self.opens_at(), opens_with_arrival=self.at_arrival.isChecked()
            )
        return draft

    def opens_at(self) -> datetime:
        """The start of the chosen day, here."""
        day = self.seal_date.date().toPython()
        assert isinstance(day, date)
        return datetime.combine(day, time(0), self._household.clock.local_zone())

    # -- following the form -----------------------------------------------------------

    def _kind(self) -> EntryKind:
        return self._kinds[max(self._kind_group.checkedId(), 0)]

    def follow(self, *_args: object) -> None:
        """Show, enable and explain the boxes for the kind, author and "To" now."""
        kind = self._kind()
        private = self._private()
        self.just_for_me.setVisible(kind in PRIVATE_KINDS)
        why = None if self.just_for_me.isChecked() else self._lock_refusal()
        self.just_for_me.setEnabled(why is None and not self._read_only)
        self.just_for_me.setToolTip(why or PRIVATE_TIP)
        self.why_not.setText(why or "")
        self.why_not.setVisible(why is not None and kind in PRIVATE_KINDS and not self._read_only)

        sealing = kind is EntryKind.NOTE and not self._editing and not self._read_only
        for field in (self.seal, self.seal_date, self.at_arrival):
            field.setVisible(sealing)
        seal_why = None
        if not self.seal.isChecked():
            seal_why = NOT_BOTH if private else None
            seal_why = seal_why or (None if self._to_partner() else FOR_PARTNER)
        self.seal.setEnabled(seal_why is None)
        self.seal.setToolTip(seal_why or SEAL_TIP)
        for field in (self.seal_date, self.at_arrival):
            field.setEnabled(self.seal.isChecked())
        self._follow_addressee(private)
        self._say(private)

    def _follow_addressee(self, private: bool) -> None:
        to = self._addressee
        if private and to.currentIndex() != -1:
            self._to_before = to.currentIndex()
            to.setCurrentIndex(-1)  # cleared: follow() runs again, with nothing to do
        elif not private and to.currentIndex() == -1 and to.count():
            to.setCurrentIndex(min(self._to_before, to.count() - 1))
        to.setEnabled(not private and not self._read_only)
        to.setToolTip(NO_ONE if private else "")

    def _say(self, private: bool) -> None:
        if private:
            self.hint.setText(PRIVATE_TIP)
        elif self._sealed():
            name = self._addressee.currentText()
            self.hint.setText(f"{name} sees that a note waits, and reads it when it opens.")
        self.hint.setVisible(not self._read_only and (private or self._sealed()))

    def _private_toggled(self, on: bool) -> None:
        if on and self.seal.isChecked():
            self.seal.setChecked(False)  # one or the other, as the person just chose
        self.follow()

    def _seal_toggled(self, _on: bool) -> None:
        self.follow()

    def _lock_refusal(self) -> str | None:
        """Why the author cannot keep an entry private now (None: they can)."""
        author = self._author.currentData()
        if not isinstance(author, uuid.UUID):
            return NO_LOCK
        state = self._household.privacy.state(author)
        if not state.has_lock:
            return NO_LOCK
        return None if state.unlocked else LOCKED

    def _to_partner(self) -> bool:
        to = self._addressee.currentData()
        return isinstance(to, uuid.UUID) and to != self._author.currentData()

    def _private(self) -> bool:
        return self._kind() in PRIVATE_KINDS and self.just_for_me.isChecked()

    def _sealed(self) -> bool:
        kind = self._kind()
        return kind is EntryKind.NOTE and not self._editing and self.seal.isChecked()

    def _reset_date(self) -> None:
        clock = self._household.clock
        today = clock.now().astimezone(clock.local_zone()).date()
        ahead = today + DEFAULT_WAIT
        self.seal_date.setMinimumDate(QDate(today.year, today.month, today.day).addDays(1))
        self.seal_date.setDate(QDate(ahead.year, ahead.month, ahead.day))
