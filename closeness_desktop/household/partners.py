"""The two partners: setting up the household, and who uses this computer account."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence

from closeness_desktop.household.context import Context
from closeness_desktop.household.validation import check_length
from closeness_desktop.records import (
    DEFAULT_COLOURS,
    Area,
    NotFoundError,
    PartnerInfo,
    ValidationError,
)
from closeness_desktop.store import partners as store
from closeness_desktop.store.models import NAME_MAX

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


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
        cleaned = [name.strip() for name in names]
        if len(cleaned) != 2:
            raise ValidationError("A household is two partners: give two names.")
        for name in cleaned:
            if not name:
                raise ValidationError("Each partner needs a name.")
            check_length(f"The name “{name[:20]}…”", name, NAME_MAX)
        if cleaned[0].casefold() == cleaned[1].casefold():
            raise ValidationError("The two names are the same; how should we tell you apart?")
        chosen = [
            colour or default for colour, default in zip(colours, DEFAULT_COLOURS, strict=True)
        ]
        for colour in chosen:
            if not _COLOUR.match(colour):
                raise ValidationError(f"“{colour}” is not a colour like #C8566B.")
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
