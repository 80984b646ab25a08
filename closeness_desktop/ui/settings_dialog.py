"""Settings: the rituals in the couple's own words, quiet hours, the daily cap, leaving
times, the two of you, the private corner, light or dark, and starting at login.

Every page scrolls when the dialog is smaller than it (an 800x600 screen, 2x scaling), and
the dialog opens no larger than the screen it is on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.autostart import Autostart
from closeness_desktop.records import PartnerInfo, SaveError
from closeness_desktop.rituals import rules
from closeness_desktop.rituals.config import LeavingTime, RitualSettings
from closeness_desktop.ui import theme
from closeness_desktop.ui.save_failures import words_kept
from closeness_desktop.ui.settings_pages import (
    RitualRow,
    TimeField,
    WeekdayPicker,
    py_time,
    scrolling,
)
from closeness_desktop.ui.settings_partners import PartnersPage, Rename
from closeness_desktop.ui.share_dialog import ShareDialog

if TYPE_CHECKING:
    from closeness_desktop.ui.settings_privacy import PrivacyPage


class PhotoLocation(Protocol):
    """Whether the couple's new photos keep where they were taken (a household setting)."""

    on: bool

    def choose(self, on: bool) -> None: ...


#: The size the dialog asks for; a smaller screen gets a smaller dialog that scrolls.
PREFERRED = QSize(680, 580)
MINIMUM = QSize(480, 360)


def _soft(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("role", "soft")
    return label


def _line(*parts: str | QWidget) -> QHBoxLayout:
    """Words and fields on one line, as a sentence: "Quiet from [22:00] until [07:30]"."""
    line = QHBoxLayout()
    line.setSpacing(8)
    fields = [part for part in parts if isinstance(part, QWidget)]
    for number, part in enumerate(parts):
        if isinstance(part, QWidget):
            line.addWidget(part)
            continue
        label = QLabel(part)
        if number == 0 and fields:
            label.setBuddy(fields[0])
        line.addWidget(label)
    line.addStretch(1)
    return line


def _form(body: QWidget) -> QFormLayout:
    form = QFormLayout(body)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(10)
    return form


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: RitualSettings,
        autostart: Autostart,
        parent: QWidget | None = None,
        data_dir: Path | None = None,
        keep: Callable[[RitualSettings], str] | None = None,
        *,
        partners: Sequence[PartnerInfo] = (),
        rename: Rename | None = None,
        appearance: theme.Appearance | None = None,
        days: Callable[[], QWidget] | None = None,
        photo_location: PhotoLocation | None = None,
        privacy: Callable[[], PrivacyPage] | None = None,
    ) -> None:
        """``keep`` stores the settings on Save and returns what to say once the dialog
        closes; while it raises :class:`SaveError` the dialog stays open, saying why.
        ``rename`` saves a partner's new name and colour ("The two of you" is shown only
        with it); ``appearance`` takes the choice of light or dark (shown only with it);
        ``days`` builds the "Special days" page (shown only with it); ``photo_location``
        whether new photos keep where they were taken, and how to change that; ``privacy``
        builds the "Privacy" page (shown only with it: its lock acts at once, its minutes
        are kept on Save)."""
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumSize(MINIMUM)
        self.original = settings
        self.autostart = autostart
        self.keep = keep
        self.appearance = appearance
        self.photo_location = photo_location
        self.told = ""
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        layout.addWidget(self.tabs, 1)

        self.tabs.addTab(scrolling(self._rituals_page(settings)), "Rituals")
        self.tabs.addTab(scrolling(self._quiet_page(settings)), "Quiet hours")
        self.tabs.addTab(scrolling(self._leaving_page(settings)), "Leaving")
        self.partners: PartnersPage | None = None
        if rename is not None and partners:
            self.partners = PartnersPage(partners, rename)
            self.partners_tab = scrolling(self.partners)
            self.tabs.addTab(self.partners_tab, "The two of you")
        if days is not None:  # kept as each change is made, not on Save
            self.tabs.addTab(scrolling(days()), "Special days")
        self.privacy: PrivacyPage | None = None
        if privacy is not None:
            self.privacy = privacy()
            self.privacy_tab = scrolling(self.privacy)
            self.tabs.addTab(self.privacy_tab, "Privacy")
        self.tabs.addTab(scrolling(self._general_page(data_dir)), "General")

        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.result_settings: RitualSettings | None = None
        self.resize(self._fitting_size())

    # -- the pages ----------------------------------------------------------------------

    def _rituals_page(self, settings: RitualSettings) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setSpacing(16)
        box.addWidget(
            _soft(
                "Gentle reminders, in your own words. Turn off what you don't need: nothing"
                " here keeps score."
            )
        )
        self.rows = [RitualRow(ritual, box) for ritual in settings.rituals]
        self.checkin_question = QCheckBox("Offer a conversation question with the check-in")
        self.checkin_question.setChecked(settings.checkin_question)
        box.addWidget(self.checkin_question)
        box.addStretch(1)
        return page

    def _quiet_page(self, settings: RitualSettings) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setSpacing(12)
        box.addWidget(_soft("No reminders between these times; notes still wait for you."))
        self.quiet_start = TimeField(settings.quiet.start)
        self.quiet_end = TimeField(settings.quiet.end)
        self.quiet_start.setAccessibleName("Quiet from")
        self.quiet_end.setAccessibleName("Quiet until")
        box.addLayout(_line("Quiet from", self.quiet_start, "until", self.quiet_end))
        self.cap = QSpinBox()
        self.cap.setRange(0, 10)
        self.cap.setValue(settings.daily_cap)
        self.cap.setAccessibleName("At most this many ritual reminders a day")
        box.addLayout(_line("At most", self.cap, "ritual reminders a day"))
        box.addWidget(_soft("Love notes, greetings and date-night reminders don't count."))
        box.addStretch(1)
        return page

    def _leaving_page(self, settings: RitualSettings) -> QWidget:
        page = QWidget()
        form = _form(page)
        first = settings.leaving[0] if settings.leaving else None
        self.leaving_on = QCheckBox("Remind whoever is leaving, ten minutes before")
        self.leaving_on.setChecked(first is not None)
        self.leaving_at = TimeField(first.at if first else time(8, 15))
        self.leaving_days = WeekdayPicker(first.weekdays if first else rules.WORKDAYS)
        form.addRow(self.leaving_on)
        form.addRow("Usually leaving at", self.leaving_at)
        form.addRow("On", self.leaving_days)
        return page

    def _general_page(self, data_dir: Path | None) -> QWidget:
        page = QWidget()
        form = _form(page)
        self.colours: QComboBox | None = None
        if self.appearance is not None:
            self.colours = QComboBox()
            for choice, words in theme.CHOICE_WORDS.items():
                self.colours.addItem(words, choice)
            self.colours.setCurrentIndex(self.colours.findData(self.appearance.choice()))
            form.addRow("Colours", self.colours)
            form.addRow(_soft("Kept for this computer account; it does not change the other's."))
        self.start_at_login = QCheckBox("Start Closeness when I log in")
        try:
            self.start_at_login.setChecked(self.autostart.is_enabled())
        except OSError as problem:
            self.start_at_login.setEnabled(False)
            self.start_at_login.setToolTip(str(problem))
        form.addRow(self.start_at_login)
        self.keep_location: QCheckBox | None = None
        if self.photo_location is not None:
            self.keep_location = QCheckBox("Keep where photos were taken (their location)")
            self.keep_location.setChecked(self.photo_location.on)
            form.addRow(self.keep_location)
            form.addRow(_soft("Off, the copies in Closeness leave it out; your own files keep it."))
        self.share: QPushButton | None = None
        if data_dir is not None:
            self.share = QPushButton("Share with the other account…")
            self.share.clicked.connect(lambda: ShareDialog(data_dir, self).exec())
            form.addRow(self.share)
        return page

    def _fitting_size(self) -> QSize:
        room = self.screen().availableGeometry().size() - QSize(40, 60)  # the frame, some air
        return PREFERRED.boundedTo(room).expandedTo(MINIMUM)

    # -- saving -------------------------------------------------------------------------

    def value(self) -> RitualSettings:
        leaving: tuple[LeavingTime, ...] = ()
        if self.leaving_on.isChecked() and self.leaving_days.days():
            leaving = (LeavingTime(self.leaving_days.days(), py_time(self.leaving_at.time())),)
        return replace(
            self.original,
            rituals=tuple(row.value() for row in self.rows),
            quiet=rules.QuietHours(
                py_time(self.quiet_start.time()), py_time(self.quiet_end.time())
            ),
            daily_cap=self.cap.value(),
            leaving=leaving,
            checkin_question=self.checkin_question.isChecked(),
        )

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _save(self) -> None:
        if self.partners is not None and (problem := self.partners.save()):
            self.tabs.setCurrentWidget(self.partners_tab)
            self._refuse(problem)
            return
        if self.privacy is not None and (unkept := self.privacy.save()):
            self.tabs.setCurrentWidget(self.privacy_tab)
            self._refuse(unkept)
            return
        self.result_settings = self.value()
        if self.start_at_login.isEnabled():
            try:
                self.autostart.set_enabled(self.start_at_login.isChecked())
            except OSError as problem:
                self._refuse(f"Could not change starting at login: {problem}")
                return
        # Before the rituals: the choice remembers what it wrote, so a second Save after a
        # refusal below does not write it again.
        if self.photo_location is not None and self.keep_location is not None:
            wanted = self.keep_location.isChecked()
            if wanted != self.photo_location.on:
                try:
                    self.photo_location.choose(wanted)
                except SaveError as problem:
                    self._refuse(words_kept("Your settings were not saved", problem, "Try again."))
                    return
        if self.keep is not None:
            try:
                self.told = self.keep(self.result_settings)
            except SaveError as problem:  # nothing was written: every choice stays here
                kept = "Your changes are still here; try again."
                self._refuse(words_kept("Your settings were not saved", problem, kept))
                return
        if self.appearance is not None and self.colours is not None:
            chosen = self.colours.currentData()
            if chosen is not self.appearance.choice():
                self.appearance.choose(chosen)
        self.accept()
