"""The two partners: setting up the household, and who uses this computer account."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence

from closeness_desktop.household.context import Context
from closeness_desktop.household.history import UndoStep
from closeness_desktop.household.validation import check_length
from closeness_desktop.records import (
    DEFAULT_COLOURS,
    Area,
    ConflictError,
    NotFoundError,
    PartnerInfo,
    ValidationError,
)
from closeness_desktop.store import partners as store
from closeness_desktop.store.database import Session
from closeness_desktop.store.models import NAME_MAX

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
SAME_NAMES = "The two names are the same; how should we tell you apart?"
#: The longest name a partner can have, in characters.
NAME_LIMIT = NAME_MAX
RENAME_AREAS = frozenset({Area.PARTNERS})


def _checked_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise ValidationError("Each partner needs a name.")
    check_length(f"The name “{cleaned[:20]}…”", cleaned, NAME_MAX)
    return cleaned


def _check_colour(colour: str) -> None:
    if not _COLOUR.match(colour):
        raise ValidationError(f"“{colour}” is not a colour like #C8566B.")


class Partners:
    def __init__(self, context: Context) -> None:
        self._ctx = context

    # -- reading ----------------------------------------------------------------------

    def all(self) -> list[PartnerInfo]:
        with self._ctx.db.reading() as session:
            return store.all_partners(session)

    def names(self) -> dict[uuid.UUID, str]:
        return {partner.id: partner.name for partner in self.all()}

    def is_set_up(self) -> bool:
        return len(self.all()) == 2

    def get(self, partner_id: uuid.UUID) -> PartnerInfo:
        for partner in self.all():
            if partner.id == partner_id:
                return partner
        raise NotFoundError("That partner is not part of this household.")

    def named(self, name: str) -> PartnerInfo:
        partners = self.all()
        for partner in partners:
            if partner.name.casefold() == name.strip().casefold():
                return partner
        if not partners:
            raise NotFoundError("No household yet: run “closeness setup” or open the app.")
        known = " and ".join(partner.name for partner in partners)
        raise NotFoundError(f"No partner called “{name}”; this household is {known}.")

    def other(self, partner_id: uuid.UUID) -> PartnerInfo:
        for partner in self.all():
            if partner.id != partner_id:
                return partner
        raise NotFoundError("The household has no second partner.")

    def for_account(self, account: str) -> PartnerInfo | None:
        for partner in self.all():
            if partner.os_account == account:
                return partner
        return None

    def check_member(self, partner_id: uuid.UUID | None, problem: str) -> None:
        """:class:`ValidationError` saying ``problem`` unless ``partner_id`` is one of us."""
        if partner_id not in {partner.id for partner in self.all()}:
            raise ValidationError(problem)

    # -- changing ---------------------------------------------------------------------

    def setup(
        self,
        names: Sequence[str],
        colours: Sequence[str | None] = (None, None),
        *,
        this_account: str | None = None,
        os_account: str = "",
        origin: object = None,
    ) -> list[PartnerInfo]:
        """Create the household's two partners; ``this_account`` names who uses ``os_account``."""
        if existing := self.all():
            known = " and ".join(partner.name for partner in existing)
            raise ValidationError(f"This household is already set up ({known}).")
        cleaned = [_checked_name(name) for name in names]
        if len(cleaned) != 2:
            raise ValidationError("A household is two partners: give two names.")
        if cleaned[0].casefold() == cleaned[1].casefold():
            raise ValidationError(SAME_NAMES)
        chosen = [
            colour or default for colour, default in zip(colours, DEFAULT_COLOURS, strict=True)
        ]
        for colour in chosen:
            _check_colour(colour)
        linked = this_account.strip().casefold() if this_account is not None else None
        if linked is not None and linked not in {name.casefold() for name in cleaned}:
            raise ValidationError(f"“{this_account}” is not one of the two names.")
        people = [
            (name, colour.upper(), os_account if name.casefold() == linked else None)
            for name, colour in zip(cleaned, chosen, strict=True)
        ]
        with self._ctx.db.writing() as session:
            store.add(session, people, self._ctx.now())
        self._ctx.announce({Area.PARTNERS}, origin)
        return self.all()

    def link_account(
        self, partner_id: uuid.UUID | None, os_account: str, *, origin: object = None
    ) -> None:
        """Make ``partner_id`` the one who uses ``os_account`` (None: nobody in particular)."""
        with self._ctx.db.writing() as session:
            store.link_account(session, partner_id, os_account, self._ctx.now())
        self._ctx.announce({Area.PARTNERS}, origin)

    def update(
        self,
        partner_id: uuid.UUID,
        name: str,
        colour: str,
        expected_version: int,
        *,
        origin: object = None,
    ) -> PartnerInfo:
        """Give a partner a new name and colour, checked as at set-up; Undo gives back the
        old ones. :class:`ConflictError` (carrying the partner as they are now) if the
        partner was changed since ``expected_version`` was read."""
        name = _checked_name(name)
        _check_colour(colour)
        colour = colour.upper()
        with self._ctx.db.writing() as session:
            before = self._unchanged_since(session, partner_id, expected_version)
            self._check_distinct(session, partner_id, name)
            version = store.rename(
                session,
                partner_id,
                name=name,
                colour=colour,
                expected=before.version,
                now=self._ctx.now(),
            )
            assert version is not None  # read in this transaction
        left = self._ctx.history.wrote(("partner", partner_id), version)

        def write(wanted_name: str, wanted_colour: str) -> Callable[[bool], None]:
            def run(force: bool) -> None:
                with self._ctx.db.writing() as session:
                    current = store.get(session, partner_id)
                    if current is None:
                        raise NotFoundError("That partner is not part of this household.")
                    if current.version != left.version and not force:
                        raise ConflictError(
                            f"{current.name}'s name or colour has been changed since;"
                            " going back would overwrite it.",
                            current,
                        )
                    self._check_distinct(session, partner_id, wanted_name, conflict=True)
                    new = store.rename(
                        session,
                        partner_id,
                        name=wanted_name,
                        colour=wanted_colour,
                        expected=current.version,
                        now=self._ctx.now(),
                    )
                assert new is not None  # read in this transaction
                left.version = new

            return run

        self._ctx.history.push(
            UndoStep(
                "change a name or colour",
                RENAME_AREAS,
                undo=write(before.name, before.colour),
                redo=write(name, colour),
            )
        )
        self._ctx.announce(RENAME_AREAS, origin)
        return self.get(partner_id)

    @staticmethod
    def _unchanged_since(session: Session, partner_id: uuid.UUID, expected: int) -> PartnerInfo:
        current = store.get(session, partner_id)
        if current is None:
            raise NotFoundError("That partner is not part of this household.")
        if current.version != expected:
            raise ConflictError(
                f"{current.name}'s name or colour was changed elsewhere in the meantime.",
                current,
            )
        return current

    @staticmethod
    def _check_distinct(
        session: Session, partner_id: uuid.UUID, name: str, *, conflict: bool = False
    ) -> None:
        for partner in store.all_partners(session):
            if partner.id != partner_id and partner.name.casefold() == name.casefold():
                if conflict:  # an undo meeting a name taken since: nothing to force
                    raise ConflictError(f"{partner.name} is called that now; {SAME_NAMES}")
                raise ValidationError(
                    f"{partner.name} is already called that; how should we tell you apart?"
                )
