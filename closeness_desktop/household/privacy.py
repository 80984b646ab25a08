"""Each partner's lock, and sealed notes opening on their day.

The API the window and the command line build on (all of it without Qt):

- :meth:`Privacy.set_lock` gives a partner a passphrase (or a PIN of six digits or more)
  and returns the recovery code to write down, shown once; :meth:`change_secret` and
  :meth:`recover` wrap the same key again, so no entry is rewritten.
- :meth:`unlock` opens the partner's key for as long as they are here (a wrong passphrase
  is refused with a growing wait, kept in the database); :meth:`lock` forgets it, and the
  timeline hides their private entries at once (``Change(PRIVACY, ENTRIES)``).
- :meth:`open_due` opens the sealed notes whose time has come (at an arrival, those that
  wait for their addressee's), and they are handed over like a new note.

Argon2id takes about 0.1 s: the window calls the slow ones off its thread.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from closeness_desktop.household.context import Context
from closeness_desktop.household.partners import Partners
from closeness_desktop.household.private_words import PrivateWords
from closeness_desktop.privacy import attempts, keys, sealed_text
from closeness_desktop.privacy.keyring import Searchable
from closeness_desktop.records import Area, EntryRecord, ValidationError
from closeness_desktop.store import entries as entry_store
from closeness_desktop.store import privacy as store
from closeness_desktop.store.database import Session

log = logging.getLogger(__name__)

AREAS = frozenset({Area.PRIVACY, Area.ENTRIES})
SECRETS = ("passphrase", "pin")
#: Said before a lock is set, and by the command line as it sets one.
FORGETTING = (
    "If you forget your passphrase and lose the recovery code, your private entries cannot"
    " be opened again, by anyone; everything you share stays as it is."
)


HAS_LOCK = "You have a lock already: change its passphrase instead."


def _check_secret(secret: str) -> None:
    problem = keys.secret_problem(secret)
    if problem is not None:
        raise ValidationError(problem)


class LockRefused(ValidationError):
    """The passphrase or code was wrong, or came before the wait was over. ``until``: when
    the next try will be heard (None: now)."""

    def __init__(self, message: str, until: datetime | None, reason: str = "") -> None:
        super().__init__(message)
        self.until = until
        #: The refusal without its wait ("" when the try came too soon): a window that
        #: counts the wait down says it on its own.
        self.reason = reason


@dataclass(frozen=True)
class Opened:
    """A partner's corner opened on a worker, for :meth:`Privacy.hold` on the window's
    thread: their key and their private entries, words opened, for search."""

    partner_id: uuid.UUID
    key: bytes = field(repr=False)
    private: tuple[Searchable, ...] = field(repr=False)
    mark: object = field(repr=False)


@dataclass(frozen=True)
class LockState:
    has_lock: bool
    unlocked: bool
    #: "passphrase" or "pin" (None without a lock): what the prompt asks for.
    kind: str | None
    next_try: datetime | None


class Privacy:
    def __init__(self, context: Context, partners: Partners) -> None:
        self._ctx = context
        self._partners = partners
        self._words = PrivateWords(context.keys)

    # -- reading ----------------------------------------------------------------------

    def state(self, partner_id: uuid.UUID) -> LockState:
        with self._ctx.db.reading() as session:
            rows = store.keys_of(session, partner_id)
        own = next((rows[kind] for kind in SECRETS if kind in rows), None)
        if own is None:
            return LockState(False, False, None, None)
        return LockState(
            True,
            partner_id in self._ctx.keys.unlocked(),
            own.purpose,
            attempts.next_try(own.failures, own.failed_at),
        )

    def unlocked(self) -> frozenset[uuid.UUID]:
        return self._ctx.keys.unlocked()

    def locked_partners(self) -> set[uuid.UUID]:
        """The partners who have set a lock."""
        with self._ctx.db.reading() as session:
            return store.locked_partners(session)

    # -- the lock ---------------------------------------------------------------------

    def set_lock(self, partner_id: uuid.UUID, secret: str, *, origin: object = None) -> str:
        """Give ``partner_id`` a lock; the recovery code, to show once. They are unlocked
        after it. :class:`ValidationError` when they have one (change it instead) or the
        secret will not do."""
        code, opened = self.make_lock(partner_id, secret)
        self.hold(opened, origin=origin)
        return code

    def unlock(self, partner_id: uuid.UUID, secret: str, *, origin: object = None) -> None:
        """Open ``partner_id``'s key until :meth:`lock`. :class:`LockRefused` for a wrong
        secret, or one tried before the wait after the last wrong one is over."""
        self.hold(self.open_corner(partner_id, secret), origin=origin)

    def change_secret(
        self, partner_id: uuid.UUID, old: str, new: str, *, origin: object = None
    ) -> None:
        """A new passphrase or PIN for the same key: nothing else is rewritten."""
        self.hold(self.rewrap(partner_id, old, new), origin=origin)

    def recover(self, partner_id: uuid.UUID, code: str, new: str, *, origin: object = None) -> str:
        """A forgotten passphrase replaced through the recovery code; a new code (the old
        one has been used where it was written down)."""
        fresh, opened = self.rewrap_by_code(partner_id, code, new)
        self.hold(opened, origin=origin)
        return fresh

    def lock(self, partner_id: uuid.UUID | None = None, *, origin: object = None) -> bool:
        """Forget ``partner_id``'s key (None: everyone's); whether anyone was unlocked."""
        gone = self._ctx.keys.drop(partner_id)
        if gone:
            self._ctx.announce(AREAS, origin)
        return bool(gone)

    # -- the slow halves, for a worker thread -----------------------------------------
    #
    # Argon2id and opening every private entry take a noticeable moment, and the household
    # announces its changes on the window's thread only: a window runs these on a worker
    # (each writes what it must and announces nothing) and hands the answer to :meth:`hold`.

    def open_corner(self, partner_id: uuid.UUID, secret: str) -> Opened:
        """The passphrase checked, and the partner's private entries opened for search."""
        return self._opened(partner_id, self._open(partner_id, secret, SECRETS))

    def make_lock(self, partner_id: uuid.UUID, secret: str) -> tuple[str, Opened]:
        """The lock written; its recovery code and the corner opened."""
        self._partners.get(partner_id)  # NotFoundError in words for a stranger
        _check_secret(secret)
        if self.state(partner_id).has_lock:
            raise ValidationError(HAS_LOCK)
        key = keys.new_key()
        code = keys.new_recovery_code()
        own = keys.wrap(key, secret, partner_id, "passphrase")
        spare = keys.wrap(key, code, partner_id, "recovery")
        with self._ctx.db.writing() as session:
            if store.keys_of(session, partner_id):
                raise ValidationError(HAS_LOCK)
            self._keep(session, partner_id, _kind_of(secret), own)
            self._keep(session, partner_id, "recovery", spare)
        return code, self._opened(partner_id, key)

    def rewrap(self, partner_id: uuid.UUID, old: str, new: str) -> Opened:
        """The same key under a new passphrase or PIN (the old one checked first)."""
        _check_secret(new)
        key = self._open(partner_id, old, SECRETS)
        wrapped = keys.wrap(key, new, partner_id, "passphrase")
        with self._ctx.db.writing() as session:
            store.drop_keys(session, partner_id, SECRETS)
            self._keep(session, partner_id, _kind_of(new), wrapped)
        return self._opened(partner_id, key)

    def rewrap_by_code(self, partner_id: uuid.UUID, code: str, new: str) -> tuple[str, Opened]:
        """The same key under a new passphrase, opened with the recovery code; a new code."""
        _check_secret(new)
        key = self._open(partner_id, code, ("recovery",))
        fresh = keys.new_recovery_code()
        own = keys.wrap(key, new, partner_id, "passphrase")
        spare = keys.wrap(key, fresh, partner_id, "recovery")
        with self._ctx.db.writing() as session:
            store.drop_keys(session, partner_id, (*SECRETS, "recovery"))
            self._keep(session, partner_id, _kind_of(new), own)
            self._keep(session, partner_id, "recovery", spare)
        return fresh, self._opened(partner_id, key)

    def hold(self, opened: Opened, *, origin: object = None) -> None:
        """The quick half, on the window's thread: the key held until :meth:`lock`, and one
        change announced (the timeline shows the private entries)."""
        self._ctx.keys.hold(opened.partner_id, opened.key, opened.private, opened.mark)
        self._ctx.announce(AREAS, origin)

    # -- sealed notes -----------------------------------------------------------------

    def open_due(
        self, *, arrived: uuid.UUID | None = None, origin: object = None
    ) -> list[EntryRecord]:
        """Open the sealed notes whose time has come: those that open on a date, and, when
        ``arrived`` has just arrived, those waiting for that arrival. Each becomes a note
        like any other (its words in the row, found by search, handed over at the next
        greeting). The notes opened."""
        now = self._ctx.now()
        with self._ctx.db.reading() as session:
            if not store.due_to_open(session, now):
                return []  # the usual answer, at every greeting: no write for it
        opened: list[EntryRecord] = []
        with self._ctx.db.writing() as session:
            for entry_id in store.due_to_open(session, now):
                record = entry_store.get(session, entry_id)
                if record is None or record.opens_at is None:
                    continue
                if record.opens_with_arrival and record.addressee_id != arrived:
                    continue
                words = self._sealed_words(session, record)
                if words is None:
                    continue
                fields = {**words, "opens_at": None, "opens_with_arrival": False}
                version = entry_store.write(session, entry_id, fields, record.version, now)
                if version is None:
                    continue
                store.drop_sealed(session, entry_id)
                after = entry_store.get(session, entry_id)
                if after is not None:
                    opened.append(after)
        if opened:
            self._ctx.announce({Area.ENTRIES}, origin, {each.id for each in opened})
        return opened

    def next_opening(self) -> datetime | None:
        """When the next sealed note opens on its date (for a timer); None if none waits."""
        with self._ctx.db.reading() as session:
            return store.next_opening(session)

    # -- inside -----------------------------------------------------------------------

    def _sealed_words(self, session: Session, record: EntryRecord) -> dict[str, object] | None:
        found = store.sealed(session, [record.id]).get(record.id)
        if found is None:
            log.error("sealed note %s has no sealed words", record.id)
            return None
        try:
            key = self._words.seal_key(session, self._ctx.now())
            return sealed_text.unseal(key, record.id, record.author_id, found[1])
        except sealed_text.Unreadable as problem:
            log.error("sealed note %s does not open: %s", record.id, problem)
            return None

    def _open(self, partner_id: uuid.UUID, secret: str, purposes: tuple[str, ...]) -> bytes:
        now = self._ctx.now()
        with self._ctx.db.reading() as session:
            rows = store.keys_of(session, partner_id)
        row = next((rows[each] for each in purposes if each in rows), None)
        if row is None:
            raise ValidationError(f"{self._partners.get(partner_id).name} has no lock.")
        until = attempts.next_try(row.failures, row.failed_at)
        if until is not None and until > now:
            raise LockRefused(_wait_words(until - now), until)
        wrapped = keys.Wrapped(
            row.salt, keys.KdfParams(row.iterations, row.memory_kib, row.lanes), row.blob
        )
        purpose = "recovery" if row.purpose == "recovery" else "passphrase"
        try:
            key = keys.unwrap(wrapped, secret, partner_id, purpose)
        except keys.WrongSecret:
            failures = row.failures + 1
            with self._ctx.db.writing() as session:
                store.note_tries(session, partner_id, failures, now)
            until = attempts.next_try(failures, now)
            what = "recovery code" if purpose == "recovery" else _secret_word(row.purpose)
            reason = f"That {what} is not the right one."
            words = reason if until is None else f"{reason} {_wait_words(until - now)}"
            raise LockRefused(words, until, reason) from None
        if row.failures:
            with self._ctx.db.writing() as session:
                store.note_tries(session, partner_id, 0, None)
        return key

    def _opened(self, partner_id: uuid.UUID, key: bytes) -> Opened:
        with self._ctx.db.reading() as session:
            private, mark = self._words.searchable(session, partner_id, key)
        return Opened(partner_id, key, tuple(private), mark)

    def _keep(
        self, session: Session, partner_id: uuid.UUID, purpose: str, wrapped: keys.Wrapped
    ) -> None:
        row = store.KeyRow(
            partner_id,
            purpose,
            wrapped.salt,
            wrapped.params.iterations,
            wrapped.params.memory_kib,
            wrapped.params.lanes,
            wrapped.blob,
            0,
            None,
            1,
        )
        store.keep_key(session, row, self._ctx.now())


def _kind_of(secret: str) -> str:
    return "pin" if secret.strip().isdigit() else "passphrase"


def _secret_word(kind: str) -> str:
    return "PIN" if kind == "pin" else "passphrase"


def wait_in_words(wait: timedelta) -> str:
    """How long a wait is, as a person says it: "4 seconds", "3 minutes"."""
    seconds = max(1, round(wait.total_seconds()))
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{round(seconds / 60)} minutes"


def _wait_words(wait: timedelta) -> str:
    return f"Try again in {wait_in_words(wait)}."
