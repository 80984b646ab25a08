"""Settings: the rituals in the couple's own words, quiet hours, the daily cap, leaving
times, and starting at login."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import time
from pathlib import Path

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.autostart import Autostart
from closeness_desktop.records import SaveError
from closeness_desktop.rituals import rules
from closeness_desktop.rituals.config import LeavingTime, RitualSettings
from closeness_desktop.ui.save_failures import words_kept
from closeness_desktop.ui.share_dialog import ShareDialog

DAY_LETTERS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def _qtime(moment: time) -> QTime:
    return QTime(moment.hour, moment.minute)


def _time(value: QTime) -> time:
    return time(value.hour(), value.minute())


class WeekdayPicker(QWidget):
    def __init__(self, days: frozenset[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.buttons = []
        for number, letters in enumerate(DAY_LETTERS):
            button = QPushButton(letters)
            button.setCheckable(True)
            button.setChecked(number in days)
            button.setFixedWidth(34)
            row.addWidget(button)
            self.buttons.append(button)

    def days(self) -> frozenset[int]:
        return frozenset(n for n, button in enumerate(self.buttons) if button.isChecked())


class RitualRow:
    """The editors of one ritual, laid out across a grid row."""

    def __init__(self, ritual: rules.Ritual, grid: QGridLayout, row: int) -> None:
        self.ritual = ritual
        self.enabled = QCheckBox(ritual.title)
        self.enabled.setChecked(ritual.enabled)
        self.at = QTimeEdit(_qtime(ritual.at))
        self.at.setDisplayFormat("HH:mm")
        self.days = WeekdayPicker(ritual.weekdays)
        self.text = QLineEdit(ritual.text)
        self.text.setMaxLength(300)
        grid.addWidget(self.enabled, row * 2, 0)
        grid.addWidget(self.at, row * 2, 1)
        grid.addWidget(self.days, row * 2, 2)
        grid.addWidget(self.text, row * 2 + 1, 0, 1, 3)

    def value(self) -> rules.Ritual:
        text = self.text.text().strip() or self.ritual.text
        return replace(
            self.ritual,
            enabled=self.enabled.isChecked(),
            at=_time(self.at.time()),
            weekdays=self.days.days(),
            text=text,
        )


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: RitualSettings,
        autostart: Autostart,
        parent: QWidget | None = None,
        data_dir: Path | None = None,
        keep: Callable[[RitualSettings], str] | None = None,
    ) -> None:
        """``keep`` stores the settings on Save and returns what to say once the dialog
        closes; while it raises :class:`SaveError` the dialog stays open, saying why."""
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(620)
        self.original = settings
        self.autostart = autostart
        self.keep = keep
        self.told = ""
        layout = QVBoxLayout(self)
        tabs = QTabWidget()
        layout.addWidget(tabs)

        rituals = QWidget()
        box = QVBoxLayout(rituals)
        intro = QLabel(
            "Gentle reminders, in your own words. Turn off what you don't need: nothing here"
            " keeps score."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "soft")
        box.addWidget(intro)
        grid = QGridLayout()
        self.rows = [RitualRow(r, grid, n) for n, r in enumerate(settings.rituals)]
        box.addLayout(grid)
        box.addStretch(1)
        tabs.addTab(rituals, "Rituals")

        quiet = QWidget()
        form = QFormLayout(quiet)
        self.quiet_start = QTimeEdit(_qtime(settings.quiet.start))
        self.quiet_end = QTimeEdit(_qtime(settings.quiet.end))
        for edit in (self.quiet_start, self.quiet_end):
            edit.setDisplayFormat("HH:mm")
        form.addRow("Quiet from", self.quiet_start)
        form.addRow("until", self.quiet_end)
        self.cap = QSpinBox()
        self.cap.setRange(0, 10)
        self.cap.setValue(settings.daily_cap)
        form.addRow("At most this many ritual reminders a day", self.cap)
        note = QLabel("Love notes, greetings and date-night reminders don't count.")
        note.setProperty("role", "soft")
        form.addRow(note)
        tabs.addTab(quiet, "Quiet hours")

        leaving = QWidget()
        leave_form = QFormLayout(leaving)
        first = settings.leaving[0] if settings.leaving else None
        self.leaving_on = QCheckBox("Remind whoever is leaving, ten minutes before")
        self.leaving_on.setChecked(first is not None)
        self.leaving_at = QTimeEdit(_qtime(first.at if first else time(8, 15)))
        self.leaving_at.setDisplayFormat("HH:mm")
        self.leaving_days = WeekdayPicker(first.weekdays if first else rules.WORKDAYS)
        leave_form.addRow(self.leaving_on)
        leave_form.addRow("Usually leaving at", self.leaving_at)
        leave_form.addRow("On", self.leaving_days)
        tabs.addTab(leaving, "Leaving")

        general = QWidget()
        general_box = QVBoxLayout(general)
        self.start_at_login = QCheckBox("Start Closeness when I log in")
        try:
            self.start_at_login.setChecked(autostart.is_enabled())
        except OSError as problem:
            self.start_at_login.setEnabled(False)
            self.start_at_login.setToolTip(str(problem))
        general_box.addWidget(self.start_at_login)
        self.share: QPushButton | None = None
        if data_dir is not None:
            self.share = QPushButton("Share with the other account…")
            self.share.clicked.connect(lambda: ShareDialog(data_dir, self).exec())
            general_box.addWidget(self.share, 0, Qt.AlignmentFlag.AlignLeft)
        general_box.addStretch(1)
        tabs.addTab(general, "General")

        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.result_settings: RitualSettings | None = None

    def value(self) -> RitualSettings:
        leaving: tuple[LeavingTime, ...] = ()
        if self.leaving_on.isChecked() and self.leaving_days.days():
            leaving = (LeavingTime(self.leaving_days.days(), _time(self.leaving_at.time())),)
        return replace(
            self.original,
            rituals=tuple(row.value() for row in self.rows),
            quiet=rules.QuietHours(_time(self.quiet_start.time()), _time(self.quiet_end.time())),
            daily_cap=self.cap.value(),
            leaving=leaving,
        )

    def _save(self) -> None:
        self.result_settings = self.value()
        if self.start_at_login.isEnabled():
            try:
                self.autostart.set_enabled(self.start_at_login.isChecked())
            except OSError as problem:
                self.error.setText(f"Could not change starting at login: {problem}")
                self.error.show()
                return
        if self.keep is not None:
            try:
                self.told = self.keep(self.result_settings)
            except SaveError as problem:  # nothing was written: every choice stays here
                kept = "Your changes are still here; try again."
                self.error.setText(words_kept("Your settings were not saved", problem, kept))
                self.error.show()
                return
        self.accept()
