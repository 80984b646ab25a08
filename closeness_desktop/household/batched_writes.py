"""Writing many rows in batches, so a long import never starves other writers.

Written in one transaction, a 30,000-event calendar held SQLite's write lock for 29 s
(an archive of 100,000 entries about 13 s), and a note written meanwhile on another
account failed with "database is locked" after the 5 s busy timeout (issue 8). Here the
rows are written a batch at a time (:data:`BATCH_SIZE` unless the caller says), each
batch its own short transaction, with a pause between batches longer than the longest
sleep of SQLite's busy handler between two tries (100 ms), so a writer waiting for the
lock gets it at the next pause, whichever engine is behind the household.

It stays all or nothing for the person: when a batch fails, or the person cancels, the
batches already written are taken back, newest first, and the error is raised; a
successful import is one undo step, and undo and redo go in batches too, after checking
every row first (:func:`rewrite_all`).

What batches can't promise: a process killed between two batches keeps the batches it
had written (each one whole, as after any crash). Each caller says how importing the same
file again finishes the job instead of doubling it (calendar UIDs, archive UUIDs).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TypeVar

from closeness_desktop.store.database import Database, Session

#: Rows in one transaction: a few hundred plans hold the lock well under a second here.
BATCH_SIZE = 500
#: Seconds between two batches: longer than SQLite's longest wait between two tries.
PAUSE = 0.15

T = TypeVar("T")
W = TypeVar("W")
#: ``(done, total)`` after each batch written; False stops the import (and takes it back).
Progress = Callable[[int, int], bool]
#: Writes (or checks) one batch in the session it is given.
Batch = Callable[[Session, Sequence[W]], None]


class ImportCancelled(Exception):
    """The person stopped the import; what it had written was taken back."""


class ImportIncomplete(RuntimeError):
    """An import (or its undo) failed, and so did taking back what it had written.

    ``kept`` is what stays written; the operation makes it one undo step. The message
    says so in words.
    """

    def __init__(self, message: str, kept: Sequence[object]) -> None:
        super().__init__(message)
        self.kept = kept


def batches(items: Sequence[T], size: int | None = None) -> list[Sequence[T]]:
    size = size or BATCH_SIZE
    return [items[start : start + size] for start in range(0, len(items), size)]


def pause() -> None:
    """Leave the lock free for a moment, so a writer waiting for it gets its turn."""
    time.sleep(PAUSE)


def write_all(
    db: Database,
    items: Sequence[T],
    write: Callable[[Session, Sequence[T]], list[W]],
    take_back: Batch[W],
    progress: Progress | None = None,
    *,
    nouns: tuple[str, str],
    first: Callable[[Session], list[W]] | None = None,
    size: int | None = None,
) -> list[W]:
    """``write`` each batch of ``items`` in its own transaction; what was written.

    ``first`` (what the items need, such as the partners who wrote them) runs in a
    transaction of its own before them, and is taken back last. ``progress`` hears how
    many items were done. If a batch fails or ``progress`` says stop, the batches
    written are taken back with ``take_back`` and the error (or :class:`ImportCancelled`)
    is raised; if taking back fails too, :class:`ImportIncomplete` carries what stays
    written, its message counting it in ``nouns`` (one, many).
    """
    done: list[list[W]] = []
    total, processed = len(items), 0
    try:
        if first is not None:
            with db.writing() as session:
                done.append(first(session))
        for batch in batches(items, size):
            if done:
                pause()
            with db.writing() as session:
                done.append(write(session, batch))
            processed += len(batch)
            if progress is not None and not progress(processed, total):
                raise ImportCancelled
    except BaseException as failure:
        _take_back_all(db, done, take_back, failure, nouns)
        raise
    return [each for batch in done for each in batch]


def rewrite_all(
    db: Database,
    written: Sequence[W],
    check: Batch[W],
    rewrite: Batch[W],
    *,
    size: int | None = None,
) -> None:
    """Undo or redo a batched step: ``check`` every batch (reading only, so a conflict
    is found before anything is written), then ``rewrite`` each in its own transaction.

    A failure part way (a disk that fills up) leaves the batches rewritten so far, and
    the step where it was: trying again finishes it, after asking, since those rows
    have moved on from the versions the step remembers."""
    parts = batches(written, size)
    for part in parts:
        with db.reading() as session:
            check(session, part)
    for number, part in enumerate(parts):
        if number:
            pause()
        with db.writing() as session:
            rewrite(session, part)


def _take_back_all(
    db: Database,
    done: list[list[W]],
    take_back: Batch[W],
    failure: BaseException,
    nouns: tuple[str, str],
) -> None:
    while done:
        pause()
        try:
            with db.writing() as session:
                take_back(session, done[-1])
        except Exception as second:
            kept = [each for batch in done for each in batch]
            raise ImportIncomplete(_incomplete(failure, len(kept), nouns), kept) from second
        done.pop()


def _incomplete(failure: BaseException, kept: int, nouns: tuple[str, str]) -> str:
    why = "it was stopped" if isinstance(failure, ImportCancelled) else f"{failure}"
    what = nouns[0] if kept == 1 else nouns[1]
    them = "it" if kept == 1 else "them"
    return (
        f"The import didn't finish ({why}), and {kept:,} {what} saved before it stopped"
        f" could not be taken back. Undo takes {them} back."
    )
