""" "How we've been": the mood chart in a dialog of its own, from the View menu.

The dialog reads ``household.checkins`` for the span shown (8 weeks by day, 12 months by
week) and reads again when a Change touches the timeline. A point opens the check-ins
behind it, each with its feelings and its line, in a small list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop import humanize
from closeness_desktop.records import Area, Change, EntryRecord
from closeness_desktop.rituals.mood_series import SPAN_WORDS, MoodPoint, Span
from closeness_desktop.ui.mood_chart import MoodChart, bucket_words

if TYPE_CHECKING:
    from closeness_desktop.household import Household

TITLE = "How we've been"
SHORTCUT = "Ctrl+Shift+M"
POINT_HINT = "Each point is a check-in, or a week of them: point at one to see its day."
HINT = "Click a point to read what was said. Nothing here is a score: just how it has been."


class MoodDialog(QDialog):
    def __init__(self, household: Household, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.household = household
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        spans = QHBoxLayout()
        self.span_group = QButtonGroup(self)
        for number, span in enumerate(Span):
            button = QPushButton(SPAN_WORDS[span])
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setObjectName(f"span-{span.value}")
            self.span_group.addButton(button, number)
            spans.addWidget(button)
        spans.addStretch(1)
        layout.addLayout(spans)
        self.chart = MoodChart()
        self.chart.point_chosen.connect(self.open_point)
        layout.addWidget(self.chart, 1)
        self.pointed = QLabel(POINT_HINT)  # the point under the pointer or the arrow keys
        self.pointed.setAccessibleName("The point chosen")
        self.chart.described.connect(lambda words: self.pointed.setText(words or POINT_HINT))
        layout.addWidget(self.pointed)
        hint = QLabel(HINT)
        hint.setProperty("role", "soft")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.span_group.idClicked.connect(lambda _number: self.reload())
        self.span_group.button(0).setChecked(True)
        self.popup: CheckinsPopup | None = None
        self.reload()

    @property
    def span(self) -> Span:
        return list(Span)[max(self.span_group.checkedId(), 0)]

    def reload(self) -> None:
        self.chart.set_series(
            self.household.checkins.series(self.span), self.household.partners.all()
        )

    def household_changed(self, change: Change) -> None:
        if change.touches(Area.ENTRIES, Area.PARTNERS):
            self.reload()

    def open_point(self, point: MoodPoint) -> None:
        records = self.household.checkins.behind(point.entry_ids)
        names = {partner.id: partner.name for partner in self.household.partners.all()}
        title = f"{names.get(point.partner_id, '')} · {bucket_words(point, self.span)}"
        self.popup = CheckinsPopup(title, records, self.household, self)
        self.popup.open()


class CheckinsPopup(QDialog):
    """The check-ins behind one point: when, how, which feelings, and the line."""

    def __init__(
        self, title: str, records: list[EntryRecord], household: Household, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(360)
        now, zone = household.clock.now(), household.clock.local_zone()
        body = QWidget()
        rows = QVBoxLayout(body)
        rows.setSpacing(14)  # one check-in, then air, then the next
        self.items: list[QLabel] = []
        for record in records:
            one = QVBoxLayout()
            one.setSpacing(2)
            stamp = QLabel(humanize.stamp(record.occurred_at, now, zone))
            stamp.setProperty("role", "soft")
            one.addWidget(stamp)
            for text in (humanize.headline(record), record.body):
                if not text:
                    continue
                label = QLabel(text)
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                one.addWidget(label)
                self.items.append(label)
            rows.addLayout(one)
        if not records:
            rows.addWidget(QLabel("These check-ins are no longer on the timeline."))
        rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def texts(self) -> list[str]:
        return [label.text() for label in self.items]


class MoodShell(Protocol):
    """What the dialog needs of the main window (a protocol: no import of the window)."""

    @property
    def household(self) -> Household | None: ...

    @property
    def changed(self) -> SignalInstance: ...


def mood_action(window: MoodShell) -> QAction:
    """The View menu's "How we've been…", for the window's household once attached."""
    assert isinstance(window, QWidget)
    action = QAction("How we've &been…", window)
    action.setShortcut(QKeySequence(SHORTCUT))
    action.triggered.connect(lambda: show_moods(window))
    window.addAction(action)  # the window enables it with the others once attached
    return action


def show_moods(window: MoodShell) -> MoodDialog | None:
    assert isinstance(window, QWidget)
    if window.household is None:
        return None
    dialog = MoodDialog(window.household, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.changed.connect(dialog.household_changed)
    dialog.show()
    return dialog
