"""Replies and signs an arrival greeting tells the author of, then marks seen.

They ride in the one greeting (never a notification of their own). A reply's words stay
on the card: the greeting names who answered and which entry, and nothing here logs text.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence

from closeness_desktop.household import Household, kind_word
from closeness_desktop.humanize import headline
from closeness_desktop.records import NewResponse, SaveError
from closeness_desktop.rituals.greeting import NewAnswer

log = logging.getLogger(__name__)


class Heard:
    """What the other partner sent on one partner's entries since they were last told."""

    def __init__(self, household: Household, partner_id: uuid.UUID) -> None:
        self._household = household
        self.news: list[NewResponse] = household.responses.unseen_for(partner_id)

    @property
    def words(self) -> list[NewAnswer]:
        """The news as the greeting says it."""
        names = self._household.partners.names() if self.news else {}
        return words_of(self.news, names)

    def told(self) -> None:
        """The greeting carrying the news went out: it is seen. A refused write only means
        the next arrival tells it again; it is logged without any words of theirs."""
        try:
            self._household.responses.mark_seen(self.news)
        except SaveError as problem:
            log.warning("could not mark replies seen: %s", problem)


def words_of(news: Sequence[NewResponse], names: Mapping[uuid.UUID, str]) -> list[NewAnswer]:
    """``news`` as the greeting says it."""
    return [
        NewAnswer(
            author=names.get(item.by, ""),
            sign=item.sign.glyph if item.sign is not None else None,
            kind=kind_word(item.entry.kind),
            about=headline(item.entry),
        )
        for item in news
    ]
