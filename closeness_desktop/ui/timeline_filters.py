"""The bar above the timeline: the search box, what it found, the kind and partner
filters, and "Jump to date". Widgets only: the timeline page decides what they do."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from closeness_desktop.records import EntryKind

KIND_FILTERS: tuple[tuple[str, frozenset[EntryKind]], ...] = (
    ("Everything", frozenset()),
    ("Love notes", frozenset({EntryKind.NOTE})),
    ("Memories", frozenset({EntryKind.MEMORY})),
    ("Date nights", frozenset({EntryKind.PLAN})),
    ("Check-ins", frozenset({EntryKind.CHECKIN})),
    ("Goodbyes", frozenset({EntryKind.GOODBYE})),
    ("Questions", frozenset({EntryKind.PROMPT})),
)


class FilterBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topbar")
        bar = QHBoxLayout(self)
        bar.setContentsMargins(14, 10, 14, 10)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search notes, memories, plans…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        # What the search or filter found, in words ("37 notes and memories").
        self.found = QLabel()
        self.found.setObjectName("found")
        self.found.setProperty("role", "soft")
        self.kind_filter = QComboBox()
        for label, kinds in KIND_FILTERS:
            self.kind_filter.addItem(label, kinds)
        self.partner_filter = QComboBox()
        self.partner_filter.addItem("Both of us", None)
        self.jump_button = QPushButton("Jump to date")
        bar.addWidget(self.search, 1)
        for widget in (self.found, self.kind_filter, self.partner_filter, self.jump_button):
            bar.addWidget(widget)

    def controls(self) -> tuple[QWidget, ...]:
        """What waits for the household before it can be used."""
        return self.search, self.kind_filter, self.partner_filter, self.jump_button
