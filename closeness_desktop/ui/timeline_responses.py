"""The replies and signs of the entries the timeline has loaded, for their cards.

Fed by the model's pages: a new first page (a reset) reads them for every loaded entry, a
page added below reads them for its own rows, two queries each time (about a millisecond
for a page of 100 on SQLite, so on the GUI thread: the card heights need them before the
list lays the rows out). A change to the responses reads them again, and only the cards
whose replies or signs changed are measured again.

A question's card shows its answers the same way, as lines under it, as the partner who
is here may see them: their own, and the other's once they have answered too (before
that, only that the other answered). They are read again when someone else says they are
here, so a card never shows one partner what was hidden from them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtWidgets import QAbstractItemView

from closeness_desktop.records import Area, Change, EntryKind, ReplyRecord, Responses
from closeness_desktop.ui.timeline_delegate import TimelineDelegate
from closeness_desktop.ui.timeline_model import TimelineModel

if TYPE_CHECKING:
    from closeness_desktop.household import Household

_Index = QModelIndex | QPersistentModelIndex
#: Where the other's words would be, until the one here has written theirs.
HIDDEN_ANSWER = "Answered. Write yours to read it."


class PageResponses(QObject):
    def __init__(
        self,
        household: Household,
        model: TimelineModel,
        delegate: TimelineDelegate,
        view: QAbstractItemView,
        parent: QObject | None = None,
        *,
        here: Callable[[], uuid.UUID | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self._household = household
        self._here = here
        self._viewer = here()
        self._model = model
        self._delegate = delegate
        self._view = view
        self._found: dict[uuid.UUID, Responses] = {}
        model.modelReset.connect(self.reload)
        model.rowsInserted.connect(self._rows_added)
        delegate.responses = self.get
        self.reload()

    def get(self, entry_id: uuid.UUID) -> Responses | None:
        return self._found.get(entry_id)

    def _ids(self, first: int, last: int) -> list[uuid.UUID]:
        return [self._model.record(row).id for row in range(first, last + 1)]

    def reload(self) -> None:
        """Read them again for every loaded entry (the view measures the page anew)."""
        self._viewer = self._here()
        rows = self._model.rowCount()
        self._found = self._read(0, rows - 1)

    def _rows_added(self, _parent: _Index, first: int, last: int) -> None:
        self._found.update(self._read(first, last))

    def _read(self, first: int, last: int) -> dict[uuid.UUID, Responses]:
        found = self._household.responses.of_entries(self._ids(first, last))
        questions = [
            record.id
            for record in (self._model.record(row) for row in range(first, last + 1))
            if record.kind is EntryKind.PROMPT
        ]
        for entry_id in questions:
            answers = tuple(self._answers(entry_id))
            if answers:
                had = found.get(entry_id, Responses())
                found[entry_id] = replace(had, replies=answers + had.replies)
        return found

    def _answers(self, entry_id: uuid.UUID) -> Iterable[ReplyRecord]:
        """A question's answers as the one here may see them, as lines like replies."""
        if self._viewer is None:
            return
        seen = self._household.prompts.answers(entry_id, self._viewer)
        for answer in (seen.mine, seen.theirs):
            if answer is not None:
                yield ReplyRecord(
                    id=uuid.uuid5(entry_id, str(answer.partner_id)),
                    entry_id=entry_id,
                    author_id=answer.partner_id,
                    body=answer.body if answer.body is not None else HIDDEN_ANSWER,
                    created_at=answer.answered_at,
                    updated_at=answer.answered_at,
                    seen_at=None,
                    deleted_at=None,
                    version=answer.version * 2 + (answer.body is None),
                )

    def viewer_changed(self) -> None:
        """Someone else is here: the questions' answers as they may see them."""
        if self._here() != self._viewer:
            self.changed(Change(frozenset({Area.PROMPTS})))

    def changed(self, change: Change) -> None:
        """A change to replies or signs: read them again, and measure again the cards whose
        responses differ now."""
        if not change.touches(Area.RESPONSES, Area.PROMPTS):
            return
        before = self._found
        self.reload()
        for row in range(self._model.rowCount()):
            entry_id = self._model.record(row).id
            old, new = before.get(entry_id), self._found.get(entry_id)
            if (old.key() if old else ()) != (new.key() if new else ()):
                self._delegate.sizeHintChanged.emit(self._model.index(row))
        self._view.viewport().update()  # a sign changed for another keeps the card's height
