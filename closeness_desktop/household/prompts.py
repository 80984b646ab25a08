"""Conversation prompts: the deck's next question, skipping it, and the couple's answers.

The first answer writes the prompt's timeline entry (kind prompt, its title the question,
its author the first to answer, no body) and that partner's answer row; the second
partner's answer joins it. An answer stays hidden from the other partner until they have
answered too: :meth:`Prompts.answers` shows a viewer their own, and the other's only then.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from closeness_desktop import prompt_deck
from closeness_desktop.household.context import Context
from closeness_desktop.household.history import LeftAt, UndoStep
from closeness_desktop.household.partners import Partners
from closeness_desktop.household.validation import check_length
from closeness_desktop.prompt_deck import Deck, Prompt
from closeness_desktop.records import (
    Area,
    ConflictError,
    EntryKind,
    EntryRecord,
    NotFoundError,
    ValidationError,
)
from closeness_desktop.store import entries as entry_store
from closeness_desktop.store import prompts as store
from closeness_desktop.store import settings as settings_store
from closeness_desktop.store.database import Session
from closeness_desktop.store.models import TEXT_MAX

AREAS = frozenset({Area.PROMPTS, Area.ENTRIES})
NOT_A_PROMPT = "That entry is not a question for the two of you."
GONE = "That question is no longer on the timeline."
CHANGED = "This answer was changed elsewhere since it was read; nothing was overwritten."
CHANGED_SINCE = "This answer has been changed since; going back now would overwrite that change."


@dataclass(frozen=True)
class Answer:
    partner_id: uuid.UUID
    #: None while it is hidden: the viewer has not answered yet.
    body: str | None
    answered_at: datetime
    version: int


@dataclass(frozen=True)
class PromptAnswers:
    """A prompt entry's answers as one partner may see them."""

    entry_id: uuid.UUID
    prompt_key: str
    question: str
    mine: Answer | None
    theirs: Answer | None

    @property
    def both(self) -> bool:
        return self.mine is not None and self.theirs is not None


class AnswerWriter(Protocol):
    """Writes one answer row back, in the caller's transaction or (``session`` None) its own."""

    def __call__(self, force: bool, session: Session | None = None) -> None: ...


class Prompts:
    def __init__(self, context: Context, partners: Partners) -> None:
        self._ctx = context
        self._partners = partners

    # -- the deck ---------------------------------------------------------------------

    def next_prompt(self) -> Prompt:
        """The question on offer: the same on both computers until it is answered or skipped."""
        with self._ctx.db.reading() as session:
            return self._prompt(self._deck(session)[0])

    def waiting_for(self, viewer: uuid.UUID) -> uuid.UUID | None:
        """The newest question the other has answered and ``viewer`` not yet (its entry)."""
        with self._ctx.db.reading() as session:
            return store.open_entry(session, None, viewer)

    def skip(self, *, origin: object = None) -> Prompt:
        """Put the question on offer at the back of the deck; the next one."""
        with self._ctx.db.writing() as session:
            deck, version = self._deck(session)
            deck = prompt_deck.skip(deck)
            self._keep(session, deck, version)
        self._ctx.announce({Area.PROMPTS}, origin)
        return self._prompt(deck)

    def _seed(self) -> int:
        # The first partner's id: both computers shuffle alike before either writes the deck.
        everyone = self._partners.all()
        return everyone[0].id.int % 2**32 if everyone else 0

    def _deck(self, session: Session) -> tuple[Deck, int]:
        value, version = settings_store.read(session, prompt_deck.SETTING_KEY)
        keys = [prompt.key for prompt in prompt_deck.builtin_prompts()]
        return prompt_deck.from_json(value, keys, self._seed()), version

    def _keep(self, session: Session, deck: Deck, version: int) -> None:
        written = settings_store.write(
            session, prompt_deck.SETTING_KEY, deck.to_json(), version, self._ctx.now()
        )
        if written is None:  # the write lock is held, so only a broken file gets here
            raise ConflictError("The question deck was changed elsewhere; nothing was written.")

    @staticmethod
    def _prompt(deck: Deck) -> Prompt:
        prompt = prompt_deck.prompt_named(deck.current)
        assert prompt is not None  # the deck is fitted to the shipped prompts
        return prompt

    # -- answers ----------------------------------------------------------------------

    def answer(
        self,
        prompt_key: str,
        text: str,
        by: uuid.UUID,
        *,
        entry_id: uuid.UUID | None = None,
        origin: object = None,
    ) -> uuid.UUID:
        """``by`` answers the prompt (in ``entry_id``, or where the other is waiting for it,
        or in a new entry); Undo takes the answer back. The entry's id."""
        text = self._checked(text)
        if by not in {partner.id for partner in self._partners.all()}:
            raise ValidationError("Who is answering? Pick one of the two of you.")
        prompt = prompt_deck.prompt_named(prompt_key)
        now = self._ctx.now()
        with self._ctx.db.writing() as session:
            if entry_id is None:
                entry_id = store.open_entry(session, prompt_key, by)
            if entry_id is None:
                if prompt is None:
                    raise ValidationError("That question is not in the deck any more.")
                entry_id = uuid.uuid4()
                entry_store.add(session, entry_id, self._entry_fields(prompt, by, now), now)
                deck, version = self._deck(session)
                self._keep(session, prompt_deck.used(deck, prompt_key), version)
                first = True
            else:
                self._check_entry(session, entry_id)
                first = False
            rows = store.answers(session, entry_id)
            if rows and rows[0].prompt_key != prompt_key:
                raise ValidationError("That answer belongs to another question.")
            own = next((row for row in rows if row.partner_id == by), None)
            if own is not None and own.deleted_at is None:
                raise ValidationError("You have answered this one; change your answer instead.")
            if own is None:
                row_id = uuid.uuid4()
                store.add(
                    session,
                    row_id=row_id,
                    entry_id=entry_id,
                    prompt_key=prompt_key,
                    partner_id=by,
                    body=text,
                    now=now,
                )
                row_version = 1
            else:
                row_id = own.id
                written = store.write(
                    session, row_id, body=text, deleted_at=None, expected=own.version, now=now
                )
                assert written is not None  # read in this transaction
                row_version = written
            entry = entry_store.get(session, entry_id)
        assert entry is not None
        self._push_answer_step(
            entry_id,
            prompt_key,
            row_id=row_id,
            row_version=row_version,
            entry_version=entry.version,
            first=first,
        )
        self._ctx.announce(AREAS, origin, {entry_id})
        return entry_id

    def edit_answer(
        self,
        entry_id: uuid.UUID,
        text: str,
        by: uuid.UUID,
        expected_version: int,
        *,
        origin: object = None,
    ) -> None:
        """Change ``by``'s answer read at ``expected_version``; :class:`ConflictError` if it
        moved on since. Undo puts the words back."""
        text = self._checked(text)
        with self._ctx.db.writing() as session:
            self._check_entry(session, entry_id)
            own = next(
                (row for row in store.answers(session, entry_id) if row.partner_id == by), None
            )
            if own is None or own.deleted_at is not None:
                raise NotFoundError("There is no answer of yours to change here.")
            if own.version != expected_version:
                raise ConflictError(CHANGED, own.body)
            now = self._ctx.now()
            version = store.write(
                session, own.id, body=text, deleted_at=None, expected=own.version, now=now
            )
        assert version is not None  # read in this transaction
        left = self._ctx.history.wrote(("prompt_answer", own.id), version)

        def put(words: str) -> Callable[[bool], None]:
            return self._answer_writer(own.id, left, lambda: words, deleted=False)

        self._ctx.history.push(
            UndoStep("change your answer", AREAS, put(own.body), put(text), frozenset({entry_id}))
        )
        self._ctx.announce(AREAS, origin, {entry_id})

    def answers(self, entry_id: uuid.UUID, viewer: uuid.UUID) -> PromptAnswers:
        """The entry's answers as ``viewer`` may see them: their own always; the other's
        words only once ``viewer`` has answered too (before that, only when they answered)."""
        with self._ctx.db.reading() as session:
            entry = self._check_entry(session, entry_id, live=False)
            rows = [row for row in store.answers(session, entry_id) if row.deleted_at is None]
            keys = store.answers(session, entry_id)
        own = next((row for row in rows if row.partner_id == viewer), None)
        other = next((row for row in rows if row.partner_id != viewer), None)
        mine = None if own is None else Answer(viewer, own.body, own.created_at, own.version)
        theirs = None
        if other is not None:
            shown = other.body if own is not None else None
            theirs = Answer(other.partner_id, shown, other.created_at, other.version)
        key = keys[0].prompt_key if keys else ""
        return PromptAnswers(entry_id, key, entry.title, mine, theirs)

    # -- helpers ----------------------------------------------------------------------

    @staticmethod
    def _checked(text: str) -> str:
        text = text.strip()
        if not text:
            raise ValidationError("Write a few words first; a line is plenty.")
        check_length("The answer", text, TEXT_MAX)
        return text

    @staticmethod
    def _entry_fields(prompt: Prompt, by: uuid.UUID, now: datetime) -> dict[str, object]:
        return {
            "kind": EntryKind.PROMPT.value,
            "author_id": by,
            "title": prompt.text,
            "body": "",
            "occurred_at": now,
        }

    @staticmethod
    def _check_entry(session: Session, entry_id: uuid.UUID, *, live: bool = True) -> EntryRecord:
        entry = entry_store.get(session, entry_id)
        if entry is None or (live and entry.deleted_at is not None):
            raise NotFoundError(GONE)
        if entry.kind is not EntryKind.PROMPT:
            raise ValidationError(NOT_A_PROMPT)
        return entry

    def _push_answer_step(
        self,
        entry_id: uuid.UUID,
        prompt_key: str,
        *,
        row_id: uuid.UUID,
        row_version: int,
        entry_version: int,
        first: bool,
    ) -> None:
        """Undo takes the answer back (and, for the first, the entry to the trash and its
        question back to the front of the deck)."""
        row_left = self._ctx.history.wrote(("prompt_answer", row_id), row_version)
        entry_left = self._ctx.history.wrote(("entry", entry_id), entry_version)

        def move(deleted: bool) -> Callable[[bool], None]:
            answer = self._answer_writer(row_id, row_left, lambda: None, deleted=deleted)

            def run(force: bool) -> None:
                with self._ctx.db.writing() as session:
                    answer(force, session)
                    if first and self._write_entry(session, entry_id, entry_left, deleted, force):
                        deck, version = self._deck(session)
                        if deleted:
                            deck = prompt_deck.returned(deck, prompt_key)
                        else:
                            deck = prompt_deck.used(deck, prompt_key)
                        self._keep(session, deck, version)

            return run

        self._ctx.history.push(
            UndoStep("answer a question", AREAS, move(True), move(False), frozenset({entry_id}))
        )

    def _write_entry(
        self, session: Session, entry_id: uuid.UUID, left: LeftAt, deleted: bool, force: bool
    ) -> bool:
        """Move the question's entry to the trash or back; whether it moved."""
        current = entry_store.get(session, entry_id)
        if current is None:
            raise NotFoundError(GONE)
        if deleted and any(row.deleted_at is None for row in store.answers(session, entry_id)):
            return False  # the other has answered too: the question stays, with their answer
        if (current.deleted_at is not None) == deleted:
            return False
        if current.version != left.version and not force:
            raise ConflictError(CHANGED_SINCE, current)
        now = self._ctx.now()
        values = {"deleted_at": now if deleted else None}
        version = entry_store.write(session, entry_id, values, current.version, now)
        assert version is not None  # read in this transaction
        left.version = version
        return True

    def _answer_writer(
        self, row_id: uuid.UUID, left: LeftAt, words: Callable[[], str | None], *, deleted: bool
    ) -> AnswerWriter:
        def run(force: bool, session: Session | None = None) -> None:
            if session is None:
                with self._ctx.db.writing() as own_session:
                    run(force, own_session)
                return
            current = store.get(session, row_id)
            if current is None:
                raise NotFoundError("That answer is gone.")
            if current.version != left.version and not force:
                raise ConflictError(CHANGED_SINCE, current.body)
            now = self._ctx.now()
            gone = now if deleted else None
            version = store.write(
                session, row_id, body=words(), deleted_at=gone, expected=current.version, now=now
            )
            assert version is not None  # read in this transaction
            left.version = version

        return run
