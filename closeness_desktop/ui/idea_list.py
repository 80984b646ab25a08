"""The idea jar as a list: how the ideas are arranged, and the Qt model that shows them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from closeness_desktop.dates.ideas import Idea, IdeaFilters, IdeaGroup, load_builtin_ideas
from closeness_desktop.ui.idea_widgets import GROUP_LABELS, DetailRole, HeaderRole, IdeaRole

_Index = QModelIndex | QPersistentModelIndex


@cache
def shipped_ids() -> frozenset[str]:
    """The ids of the ideas that come with Closeness (the rest are the couple's own)."""
    return frozenset(idea.id for idea in load_builtin_ideas())


def arrange(
    ideas: Iterable[Idea], filters: IdeaFilters, own: Collection[str]
) -> list[tuple[IdeaGroup, list[Idea]]]:
    """The ideas ``filters`` allows, by group; in each group the couple's ``own`` come
    first, newest first (``ideas`` lists them oldest first, as the household does)."""
    fitting = [idea for idea in ideas if filters.allows(idea)]
    theirs = [idea for idea in reversed(fitting) if idea.id in own]
    shipped = [idea for idea in fitting if idea.id not in own]
    arranged = []
    for group in IdeaGroup:
        members = [idea for idea in (*theirs, *shipped) if idea.group is group]
        if members:
            arranged.append((group, members))
    return arranged


@dataclass(frozen=True, slots=True)
class _Row:
    header: str | None = None
    idea: Idea | None = None
    detail: str = ""


class IdeaListModel(QAbstractListModel):
    """The jar as a flat list: a header row before each group, then its ideas.

    ``IdeaRole`` gives a row's :class:`Idea` (``None`` on a header), ``HeaderRole`` a
    header's text and ``DetailRole`` an idea's second line. Headers can't be selected.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []

    def show(
        self,
        groups: Sequence[tuple[IdeaGroup, Sequence[Idea]]],
        details: Mapping[str, str],
    ) -> None:
        """List ``groups``; ``details`` holds each idea's second line, by id."""
        self.beginResetModel()
        self._rows = []
        for group, ideas in groups:
            self._rows.append(_Row(header=GROUP_LABELS[group]))
            self._rows.extend(_Row(idea=idea, detail=details.get(idea.id, "")) for idea in ideas)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == IdeaRole:
            return row.idea
        if role == HeaderRole:
            return row.header
        if role == DetailRole:
            return row.detail if row.idea else None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.idea.title if row.idea else row.header
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.idea.text if row.idea else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.idea.title}. {row.detail}" if row.idea else row.header
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()].idea is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def ideas(self) -> list[Idea]:
        """Every idea listed, top to bottom."""
        return [row.idea for row in self._rows if row.idea is not None]

    def row_of(self, idea_id: str) -> int | None:
        return next(
            (n for n, row in enumerate(self._rows) if row.idea and row.idea.id == idea_id), None
        )
