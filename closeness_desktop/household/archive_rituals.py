"""The reminder settings inside an archive, checked strictly.

The settings' own reader (``RitualSettings.from_json``) forgives what it cannot read, so
one bad value never costs a couple their rituals; an import must not lean on that: it
would keep a half-read value without a word. So each part is checked here first, and only
what passes is stored, in the form the app itself writes.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from closeness_desktop.household.archive_fields import Fields
from closeness_desktop.rituals import rules
from closeness_desktop.rituals.config import RitualSettings
from closeness_desktop.store.models import TEXT_MAX, TITLE_MAX

WHERE = "the reminder part"
MAX_ITEMS = 1_000
_WALL = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
KINDS = frozenset(kind.value for kind in rules.RitualKind)


def checked_rituals(value: Any) -> dict[str, Any]:
    """``value`` (a stored settings object) as the app writes it; :class:`ArchiveError`
    naming the first part that does not hold."""
    top = Fields(
        value,
        WHERE,
        (
            "version",
            "rituals",
            "quiet",
            "daily_cap",
            "leaving",
            "paused_until",
            "snoozes",
            "checkin_question",
        ),
    )
    if top.integer("version", 1, 1) != 1:
        top.fail("are of a kind this version does not know")
    for number, item in enumerate(top.items("rituals", MAX_ITEMS), 1):
        ritual = Fields(
            item,
            f"reminder {number}",
            ("key", "kind", "enabled", "at", "weekdays", "title", "text"),
        )
        ritual.text("key", 100, empty=False)
        ritual.choice("kind", KINDS)
        ritual.boolean("enabled")
        _wall_time(ritual, "at")
        _weekdays(ritual)
        ritual.text("title", TITLE_MAX)
        ritual.text("text", TEXT_MAX)
    quiet = top.mapping("quiet")
    hours = Fields(quiet, "the quiet hours", ("start", "end"))
    _wall_time(hours, "start")
    _wall_time(hours, "end")
    top.integer("daily_cap", 0, 1_000)
    for number, item in enumerate(top.items("leaving", MAX_ITEMS), 1):
        leaving = Fields(item, f"leaving time {number}", ("weekdays", "at"))
        _weekdays(leaving)
        _wall_time(leaving, "at")
    top.optional_moment("paused_until")
    for number, item in enumerate(top.items("snoozes", MAX_ITEMS), 1):
        snooze = Fields(item, f"snooze {number}", ("key", "occurrence", "until"))
        snooze.text("key", 100, empty=False)
        snooze.moment("occurrence")
        snooze.moment("until")
    if top.has("checkin_question"):  # archives of before it was a choice lack it
        top.boolean("checkin_question")  # null is not false: refused, as by the schema
    # Everything the reader takes is checked above, so it reads all of it without a word.
    return RitualSettings.from_json(value).to_json()


def _wall_time(fields: Fields, name: str) -> time:
    text = fields.text(name, 5)
    try:
        if not _WALL.match(text):
            raise ValueError(text)
        return time.fromisoformat(text)
    except ValueError:
        fields.fail(f"has an “{name}” that is not a time of day like 07:30")


def _weekdays(fields: Fields) -> None:
    days = fields.items("weekdays", 7)
    if any(type(day) is not int or not 0 <= day <= 6 for day in days):
        fields.fail("has “weekdays” outside 0 (Monday) to 6 (Sunday)")
    if len(set(days)) != len(days):
        fields.fail("names a weekday twice")
