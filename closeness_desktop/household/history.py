"""Undo and Redo: one step per operation, each written only over what it last wrote.

A step remembers the versions it left its rows at. When the other partner (another
window, another account) has changed one of them since, undoing raises
:class:`ConflictError` and the step stays where it is: the screen asks, and undoes anyway
only if the person says so (``force=True``). Nothing is overwritten silently.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field

from closeness_desktop.records import Area, NotFoundError

#: Runs one direction of a step in one transaction; ``force`` writes over a newer version.
Apply = Callable[[bool], None]
Announce = Callable[[Collection[Area], object, Collection[uuid.UUID]], None]
#: Opens one transaction that the steps' own transactions join (``Database.writing``).
Atomically = Callable[[], AbstractContextManager[object]]


@dataclass
class LeftAt:
    """The version this household last left a row at: the one its undo steps expect."""

    version: int


#: A row as the history knows it: its table's word and its key.
RowKey = tuple[str, object]


@dataclass(frozen=True)
class UndoStep:
    #: What the step did, in a few words ("add note"): the Edit menu says "Undo add note".
    description: str
    areas: frozenset[Area]
    undo: Apply
    redo: Apply
    entry_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)


class History:
    def __init__(self, announce: Announce, atomically: Atomically) -> None:
        self._announce = announce
        self._atomically = atomically
        self._undo: list[UndoStep] = []
        self._redo: list[UndoStep] = []
        self._rows: dict[RowKey, LeftAt] = {}

    def wrote(self, row: RowKey, version: int) -> LeftAt:
        """Note that this household left ``row`` at ``version``. Every step touching the row
        shares the one :class:`LeftAt`, so undoing a later step moves on what the earlier
        ones expect, while a write from elsewhere still shows as a conflict."""
        left = self._rows.setdefault(row, LeftAt(version))
        left.version = version
        return left

    def push(self, step: UndoStep) -> None:
        self._undo.append(step)
        self._redo.clear()

    @contextmanager
    def one_step(self, description: str) -> Iterator[None]:
        """What the operations in the block push becomes one step ("Undo edit memory"), undone
        and redone in one transaction. Steps pushed before a refusal are kept, as one."""
        mark = len(self._undo)
        try:
            yield
        finally:
            steps = self._undo[mark:]
            if len(steps) > 1:
                del self._undo[mark:]
                self._undo.append(self._joined(description, steps))

    def forget(self, entry_ids: Collection[uuid.UUID]) -> None:
        """Drop the steps that touch ``entry_ids``: those entries are gone for good."""
        gone = set(entry_ids)
        self._undo = [step for step in self._undo if not step.entry_ids & gone]
        self._redo = [step for step in self._redo if not step.entry_ids & gone]

    def undo_text(self) -> str | None:
        return self._undo[-1].description if self._undo else None

    def redo_text(self) -> str | None:
        return self._redo[-1].description if self._redo else None

    def undo(self, *, force: bool = False, origin: object = None) -> str | None:
        """Take back the last step; its description, or None if there was nothing.

        :class:`ConflictError` if something it would write has changed since (the step
        stays, to be undone with ``force``); :class:`NotFoundError` if it is gone.
        """
        return self._step(self._undo, self._redo, force=force, origin=origin, undo=True)

    def redo(self, *, force: bool = False, origin: object = None) -> str | None:
        return self._step(self._redo, self._undo, force=force, origin=origin, undo=False)

    def _joined(self, description: str, steps: Sequence[UndoStep]) -> UndoStep:
        def undo(force: bool) -> None:
            with self._atomically():
                for step in reversed(steps):
                    step.undo(force)

        def redo(force: bool) -> None:
            with self._atomically():
                for step in steps:
                    step.redo(force)

        return UndoStep(
            description,
            frozenset().union(*(step.areas for step in steps)),
            undo,
            redo,
            frozenset().union(*(step.entry_ids for step in steps)),
        )

    def _step(
        self,
        source: list[UndoStep],
        target: list[UndoStep],
        *,
        force: bool,
        origin: object,
        undo: bool,
    ) -> str | None:
        if not source:
            return None
        step = source[-1]
        expected = {row: left.version for row, left in self._rows.items()}
        try:
            (step.undo if undo else step.redo)(force)
        except BaseException as problem:
            # The step's transaction was rolled back: so are the versions it noted.
            for row, version in expected.items():
                self._rows[row].version = version
            if isinstance(problem, NotFoundError):
                # What the step would change is gone for good: neither way works any more.
                source.pop()
                target.clear()
            raise  # a ConflictError leaves the step in place, to be retried with force
        source.pop()
        target.append(step)
        self._announce(step.areas, origin, step.entry_ids)
        return step.description
