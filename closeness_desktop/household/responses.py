"""Replies and reactions on entries: a sign from each partner, short answers from either.

Each operation validates, writes in one transaction, pushes one undo step and announces
one ``Change(RESPONSES, entry_ids={the entry})``. A reply belongs to its author: only they
change or delete it. What the other partner sent is news for the entry's author until the
companion's greeting has told them (:meth:`Responses.unseen_for`, :meth:`mark_seen`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable
from datetime import datetime
from typing import Any

from closeness_desktop.household.context import Context
from closeness_desktop.household.history import Apply, LeftAt, UndoStep
from closeness_desktop.household.partners import Partners
from closeness_desktop.records import (
    Area,
    ConflictError,
    EntryRecord,
    NewResponse,
    NotFoundError,
    ReplyRecord,
    Responses,
    Sign,
    ValidationError,
)
from closeness_desktop.store import entries as entry_store
from closeness_desktop.store import responses as store
from closeness_desktop.store.database import Session

AREAS = frozenset({Area.RESPONSES})
#: A reply is a few warm lines under an entry; a longer answer is a note of its own.
REPLY_MAX = 1000
EMPTY_REPLY = "Write a few words to reply."
TOO_LONG = (
    f"A reply holds up to {REPLY_MAX:,} characters; this one has {{count:,}}."
    " A longer answer could be a note of its own."
)
GONE_ENTRY = "That entry is no longer there."
GONE_REPLY = "That reply is no longer there."
SIGN_CHANGED = "This sign has been changed since, on this computer or another; nothing was changed."
REPLY_CHANGED = "This reply was changed elsewhere since you read it; nothing was overwritten."


def reply_text(text: str) -> str:
    """``text`` as a reply keeps it, or :class:`ValidationError` saying what to change."""
    text = text.strip()
    if not text:
        raise ValidationError(EMPTY_REPLY)
    if len(text) > REPLY_MAX:
        raise ValidationError(TOO_LONG.format(count=len(text)))
    return text


class ResponsesRoom:
    """``household.responses``."""

    def __init__(self, context: Context, partners: Partners) -> None:
        self._ctx = context
        self._partners = partners

    # -- reading ----------------------------------------------------------------------

    def of_entries(self, entry_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, Responses]:
        """The signs and replies on ``entry_ids`` (a page of the timeline), by entry; an
        entry with neither is left out. Two queries, whatever the number of entries."""
        if not entry_ids:
            return {}
        with self._ctx.db.reading() as session:
            reactions = store.reactions_of(session, entry_ids)
            replies = store.replies_of(session, entry_ids)
        order = {partner.id: partner.position for partner in self._partners.all()}
        found: dict[uuid.UUID, Responses] = {}
        for entry_id in reactions.keys() | replies.keys():
            signs = sorted(reactions.get(entry_id, ()), key=lambda r: order.get(r.partner_id, 9))
            found[entry_id] = Responses(tuple(signs), tuple(replies.get(entry_id, ())))
        return found

    def unseen_for(self, partner_id: uuid.UUID) -> list[NewResponse]:
        """What the other partner sent on ``partner_id``'s entries that they have not been
        told of yet, oldest first."""
        with self._ctx.db.reading() as session:
            return store.unseen_for(session, partner_id)

    def mark_seen(self, news: Iterable[NewResponse], *, origin: object = None) -> None:
        """The author has been told of ``news`` (the greeting went out): no undo, as for a
        delivery."""
        listed = list(news)
        if not listed:
            return
        signs = [item.row_id for item in listed if item.sign is not None]
        replies = [item.row_id for item in listed if item.sign is None]
        with self._ctx.db.writing() as session:
            store.mark_seen(session, signs, replies, self._ctx.now())
        self._ctx.announce(AREAS, origin, {item.entry.id for item in listed})

    # -- signs ------------------------------------------------------------------------

    def react(
        self, entry_id: uuid.UUID, sign: Sign, *, by: uuid.UUID, origin: object = None
    ) -> None:
        """``by``'s sign on the entry (it replaces their earlier one); Undo puts back what
        was there before."""
        self._set_sign(entry_id, Sign(sign), by, origin)

    def unreact(self, entry_id: uuid.UUID, *, by: uuid.UUID, origin: object = None) -> None:
        """Take ``by``'s sign off the entry; Undo puts it back."""
        self._set_sign(entry_id, None, by, origin)

    def _set_sign(
        self, entry_id: uuid.UUID, sign: Sign | None, by: uuid.UUID, origin: object
    ) -> None:
        self._check_partner(by)
        with self._ctx.db.writing() as session:
            entry = self._entry(session, entry_id)
            before = store.reaction(session, entry_id, by)
            previous = None if before is None or before.deleted_at else before.sign
            if previous == sign:
                return  # already so: nothing to write, nothing to undo
            expected = before.version if before else None
            version = store.write_reaction(
                session, entry_id, by, sign, expected=expected, now=self._ctx.now()
            )
        if version is None:
            raise ConflictError(SIGN_CHANGED)
        left = self._ctx.history.wrote(("reaction", (entry_id, by)), version)

        def write(wanted: Sign | None) -> Apply:
            def run(force: bool) -> None:
                with self._ctx.db.writing() as session:
                    current = store.reaction(session, entry_id, by)
                    if current is None:
                        raise NotFoundError(GONE_ENTRY)
                    if current.version != left.version and not force:
                        raise ConflictError(SIGN_CHANGED)
                    new = store.write_reaction(
                        session, entry_id, by, wanted, expected=current.version, now=self._ctx.now()
                    )
                assert new is not None  # read in this transaction
                left.version = new

            return run

        word = "take a sign off" if sign is None else f"send {sign.word}"
        self._push(word, entry, write(previous), write(sign))
        self._ctx.announce(AREAS, origin, {entry_id})

    # -- replies ----------------------------------------------------------------------

    def reply(
        self, entry_id: uuid.UUID, text: str, *, by: uuid.UUID, origin: object = None
    ) -> ReplyRecord:
        """A reply by ``by`` under the entry; Undo takes it away again."""
        body = reply_text(text)
        self._check_partner(by)
        reply_id = uuid.uuid4()
        with self._ctx.db.writing() as session:
            entry = self._entry(session, entry_id)
            store.add_reply(session, reply_id, entry_id, by, body, now=self._ctx.now())
            record = store.reply(session, reply_id)
        assert record is not None
        left = self._ctx.history.wrote(("reply", reply_id), record.version)
        self._push(
            "reply",
            entry,
            self._reply_writer(reply_id, self._gone, left),
            self._reply_writer(reply_id, lambda: {"deleted_at": None}, left),
        )
        self._ctx.announce(AREAS, origin, {entry_id})
        return record

    def edit_reply(
        self,
        reply_id: uuid.UUID,
        text: str,
        expected_version: int,
        *,
        by: uuid.UUID,
        origin: object = None,
    ) -> ReplyRecord:
        """Change a reply read at ``expected_version``; only its author may."""
        body = reply_text(text)
        with self._ctx.db.writing() as session:
            before = self._own_reply(session, reply_id, by)
            if before.version != expected_version:
                raise ConflictError(REPLY_CHANGED, before)
            if before.body == body:
                return before
            version = store.write_reply(
                session, reply_id, {"body": body}, expected_version, self._ctx.now()
            )
            after = store.reply(session, reply_id)
            entry = self._entry(session, before.entry_id, trash_too=True)
        if version is None or after is None:
            raise ConflictError(REPLY_CHANGED, after)
        left = self._ctx.history.wrote(("reply", reply_id), version)
        self._push(
            "edit reply",
            entry,
            self._reply_writer(reply_id, lambda: {"body": before.body}, left),
            self._reply_writer(reply_id, lambda: {"body": body}, left),
        )
        self._ctx.announce(AREAS, origin, {before.entry_id})
        return after

    def delete_reply(self, reply_id: uuid.UUID, *, by: uuid.UUID, origin: object = None) -> None:
        """Take a reply away; only its author may. Undo brings it back."""
        with self._ctx.db.writing() as session:
            before = self._own_reply(session, reply_id, by)
            version = store.write_reply(
                session, reply_id, self._gone(), before.version, self._ctx.now()
            )
            entry = self._entry(session, before.entry_id, trash_too=True)
        assert version is not None  # read in this transaction
        left = self._ctx.history.wrote(("reply", reply_id), version)
        self._push(
            "delete reply",
            entry,
            self._reply_writer(reply_id, lambda: {"deleted_at": None}, left),
            self._reply_writer(reply_id, self._gone, left),
        )
        self._ctx.announce(AREAS, origin, {before.entry_id})

    # -- shared -----------------------------------------------------------------------

    def _gone(self) -> dict[str, Any]:
        now: datetime = self._ctx.now()
        return {"deleted_at": now}

    def _check_partner(self, by: uuid.UUID) -> None:
        if by not in {partner.id for partner in self._partners.all()}:
            raise ValidationError("Who is answering? Pick one of the two of you.")

    @staticmethod
    def _entry(session: Session, entry_id: uuid.UUID, *, trash_too: bool = False) -> EntryRecord:
        entry = entry_store.get(session, entry_id)
        if entry is None or (entry.deleted_at is not None and not trash_too):
            raise NotFoundError(GONE_ENTRY)
        return entry

    def _own_reply(self, session: Session, reply_id: uuid.UUID, by: uuid.UUID) -> ReplyRecord:
        found = store.reply(session, reply_id)
        if found is None or found.deleted_at is not None:
            raise NotFoundError(GONE_REPLY)
        if found.author_id != by:
            name = self._partners.get(found.author_id).name
            raise ValidationError(f"Only {name} can change {name}'s reply.")
        return found

    def _reply_writer(
        self, reply_id: uuid.UUID, fields: Callable[[], dict[str, Any]], left: LeftAt
    ) -> Apply:
        def run(force: bool) -> None:
            with self._ctx.db.writing() as session:
                current = store.reply(session, reply_id)
                if current is None:
                    raise NotFoundError(GONE_REPLY)
                if current.version != left.version and not force:
                    raise ConflictError(REPLY_CHANGED, current)
                new = store.write_reply(
                    session, reply_id, fields(), current.version, self._ctx.now()
                )
            assert new is not None  # read in this transaction
            left.version = new

        return run

    def _push(self, description: str, entry: EntryRecord, undo: Apply, redo: Apply) -> None:
        self._ctx.history.push(
            UndoStep(description, AREAS, undo, redo, entry_ids=frozenset({entry.id}))
        )
