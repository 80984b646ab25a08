"""The idea jar: the shipped ideas, the couple's own (each a row), and when each was done."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from closeness_desktop.dates import ideas as jar
from closeness_desktop.household.context import Context
from closeness_desktop.household.history import UndoStep
from closeness_desktop.household.validation import check_length
from closeness_desktop.records import Area, ConflictError, NotFoundError, ValidationError
from closeness_desktop.store import ideas as store
from closeness_desktop.store.database import Session
from closeness_desktop.store.models import TEXT_MAX

IDEA_AREAS = frozenset({Area.IDEAS})
#: Takes back (or puts back) a mark inside the caller's transaction.
MarkApply = Callable[[Session, bool], None]
MARK_CHANGED = "When this idea was done has been changed since; going back would overwrite it."


class Ideas:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    def all(self) -> tuple[jar.Idea, ...]:
        """The couple's own ideas and the shipped ones, theirs first (oldest first)."""
        with self._ctx.db.reading() as session:
            own = tuple(store.own_ideas(session))
        return own + jar.load_builtin_ideas()

    def done(self) -> dict[str, date]:
        """When each idea was last done (planned for), by idea id."""
        with self._ctx.db.reading() as session:
            return store.done_marks(session)

    def add_own(
        self,
        title: str,
        text: str = "",
        *,
        group: jar.IdeaGroup = jar.IdeaGroup.AT_HOME,
        budget: jar.Budget = jar.Budget.FREE,
        setting: jar.Setting = jar.Setting.EITHER,
        minutes: int = 120,
        origin: object = None,
    ) -> jar.Idea:
        """Put an idea of the couple's own in the jar; Undo takes it out again."""
        title = title.strip()
        if not title:
            raise ValidationError("Give the idea a few words.")
        check_length("The idea", title, jar.MAX_TITLE_LENGTH)
        check_length("The idea's words", text, TEXT_MAX)
        if not 1 <= minutes <= jar.MAX_MINUTES:
            raise ValidationError(f"An idea takes from 1 to {jar.MAX_MINUTES:,} minutes.")
        row_id = uuid.uuid4()
        idea = jar.Idea(
            id=f"own-{row_id.hex}",
            title=title,
            text=text.strip() or title,
            group=group,
            budget=budget,
            setting=setting,
            minutes=minutes,
        )
        with self._ctx.db.writing() as session:
            store.add(session, row_id, idea, self._ctx.now())
        left = self._ctx.history.wrote(("idea", row_id), 1)

        def move(deleted: bool) -> Callable[[bool], None]:
            def run(force: bool) -> None:
                with self._ctx.db.writing() as session:
                    current = store.get(session, row_id)
                    if current is None:
                        raise NotFoundError("That idea is no longer in the jar.")
                    if current.version != left.version and not force:
                        raise ConflictError(
                            "This idea has been changed since; going back would overwrite it.",
                            current.idea,
                        )
                    now = self._ctx.now()
                    version = store.set_deleted(
                        session, row_id, now if deleted else None, current.version, now
                    )
                assert version is not None  # read in this transaction
                left.version = version

            return run

        self._ctx.history.push(
            UndoStep("add an idea", IDEA_AREAS, undo=move(True), redo=move(False))
        )
        self._ctx.announce(IDEA_AREAS, origin)
        return idea

    def mark_done(self, idea_id: str, day: date, *, origin: object = None) -> None:
        """Remember that ``idea_id`` was done on ``day``; Undo forgets it again."""
        with self._ctx.db.writing() as session:
            undo, redo = self.mark_done_in(session, idea_id, day)

        def within(apply: MarkApply) -> Callable[[bool], None]:
            def run(force: bool) -> None:
                with self._ctx.db.writing() as session:
                    apply(session, force)

            return run

        self._ctx.history.push(
            UndoStep("mark an idea done", IDEA_AREAS, within(undo), within(redo))
        )
        self._ctx.announce(IDEA_AREAS, origin)

    def mark_done_in(
        self, session: Session, idea_id: str, day: date
    ) -> tuple[MarkApply, MarkApply]:
        """Mark ``idea_id`` done on ``day`` inside the caller's transaction (planning a date
        from the jar); how to take the mark back, and put it back, in a later one."""
        before = store.done_mark(session, idea_id)
        version = store.write_done(
            session, idea_id, day, before.version if before else None, self._ctx.now()
        )
        assert version is not None  # read in this transaction
        left = self._ctx.history.wrote(("done", idea_id), version)
        previous = before.done_on if before else None

        def write(wanted: date | None) -> MarkApply:
            def run(session: Session, force: bool) -> None:
                current = store.done_mark(session, idea_id)
                if current is None:
                    raise NotFoundError("That idea's mark is gone.")
                if current.version != left.version and not force:
                    raise ConflictError(MARK_CHANGED)
                new = store.write_done(session, idea_id, wanted, current.version, self._ctx.now())
                assert new is not None  # read in this transaction
                left.version = new

            return run

        return write(previous), write(day)
