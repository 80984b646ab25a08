"""The trash: one entry deleted for good, or the whole trash emptied, each after a question
that names how many and says it cannot be undone; Cancel keeps everything."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from closeness_desktop.household import (
    Draft,
    Household,
    NotFoundError,
    PartnerInfo,
    TimelineFilter,
)
from closeness_desktop.ui.dialogs import TrashDialog
from closeness_desktop.ui.timeline_delegate import TimelineDelegate

WAIT_MS = 20_000


@pytest.fixture
def trash(qtbot: QtBot, household: Household, sam: PartnerInfo) -> Iterator[TrashDialog]:
    """The trash with three notes in it (and one on the timeline)."""
    household.entries.add(Draft.note(sam.id, "staying"))
    for words in ("first gone", "second gone", "third gone"):
        household.entries.delete(household.entries.add(Draft.note(sam.id, words)).id)
    holder = QWidget()
    qtbot.addWidget(holder)
    partners = {p.id: p for p in household.partners.all()}
    clock = household.clock
    delegate = TimelineDelegate(lambda: partners, clock.now, clock.local_zone, holder)
    dialog = TrashDialog(household, delegate, holder)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=WAIT_MS)
    yield dialog
    dialog.accept()


class Asked:
    """Answers the trash's question like a person, and remembers it."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.questions: list[tuple[str, str, str]] = []

    def __call__(self, title: str, text: str, yes: str) -> bool:
        self.questions.append((title, text, yes))
        return self.answer


def trashed(household: Household) -> list[str]:
    return [row.body for row in household.entries.page(TimelineFilter(trash=True)).rows]


def test_delete_forever_asks_then_removes_one_entry_for_good(
    qtbot: QtBot, trash: TrashDialog, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = Asked(True)
    monkeypatch.setattr(trash, "confirm", asked)
    gone = trash.model.record(0)
    trash.view.setCurrentIndex(trash.model.index(0))

    qtbot.mouseClick(trash.forever_button, Qt.MouseButton.LeftButton)

    assert asked.questions == [
        (
            "Delete forever?",
            "This note will be gone for good, its words too. This cannot be undone.",
            "Delete forever",
        )
    ]
    qtbot.waitUntil(lambda: trash.model.rowCount() == 2, timeout=WAIT_MS)
    with pytest.raises(NotFoundError):
        household.entries.get(gone.id)
    assert trash.hint.text() == "Deleted for good."


def test_empty_trash_names_how_many_and_cancel_keeps_them(
    qtbot: QtBot, trash: TrashDialog, household: Household, monkeypatch: pytest.MonkeyPatch
) -> None:
    no = Asked(False)
    monkeypatch.setattr(trash, "confirm", no)

    qtbot.mouseClick(trash.empty_button, Qt.MouseButton.LeftButton)

    assert no.questions == [
        (
            "Empty the trash?",
            "All 3 entries in the trash will be gone for good. This cannot be undone.",
            "Empty trash",
        )
    ]
    assert len(trashed(household)) == 3

    monkeypatch.setattr(trash, "confirm", Asked(True))
    qtbot.mouseClick(trash.empty_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(
        lambda: trash.model.rowCount() == 0 and not trash.model.loading, timeout=WAIT_MS
    )
    assert trashed(household) == []
    assert [row.body for row in household.entries.page(TimelineFilter()).rows] == ["staying"]
    assert trash.empty.isVisible()
    assert not trash.empty_button.isEnabled()
    assert not trash.forever_button.isEnabled()
    assert household.history.undo_text() == "add note"  # nothing left to undo of them
