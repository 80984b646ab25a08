"""A date night's details inside an archive: written as ``date_plans`` keeps them, and
read back only if the planner could have kept them itself.

The details are checked field by field, then turned into a plan the way the store reads
one and put through the planner's own rules (:func:`validate_plan`): an imported plan can
be shown, repeated and reminded of like any other.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from closeness_desktop.dates.model import PlanError, PlanState, validate_plan
from closeness_desktop.household.archive_fields import INT_MAX, Fields, parse_moment, shown
from closeness_desktop.records import EntryKind, EntryRecord
from closeness_desktop.store.export import EntryRow, PlanRow
from closeness_desktop.store.models import PLACE_MAX, TEXT_MAX
from closeness_desktop.store.plans import to_plan

PLAN_KEYS = (
    "uid", "bring", "budget", "state", "rrule", "exdates", "overrides", "reminders", "zone",
)  # fmt: skip
CHANGE_KEYS = ("start", "end", "where", "state")
STATES = frozenset(state.value for state in PlanState)
#: Skipped or moved dates of one repeating plan: years of weekly dates.
MAX_DATES = 10_000
MAX_REMINDERS = 100
_BUDGET = re.compile(r"^[0-9]{1,8}(\.[0-9]{1,2})?$")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def plan_json(row: PlanRow) -> dict[str, Any]:
    found = asdict(row)
    found["budget"] = None if row.budget is None else f"{row.budget:.2f}"
    return found


def checked_plan(details: Any, entry: EntryRow, where: str) -> PlanRow:
    """``details`` as the store keeps them (times in UTC); :class:`ArchiveError` unless the
    planner could keep them."""
    fields = Fields(details, where, PLAN_KEYS)
    exdates = []
    for text in fields.items("exdates", MAX_DATES):
        if not isinstance(text, str) or len(text) > 40:
            fields.fail("has a skipped date that is not a time")
        exdates.append(_utc(parse_moment(text, fields.fail, "exdates")))
    changes = fields.mapping("overrides")
    assert changes is not None
    if len(changes) > MAX_DATES:
        fields.fail(f"moves more than {MAX_DATES:,} dates")
    overrides = {}
    for original, change in changes.items():
        if len(original) > 40:
            fields.fail("moves a date that is not a time")
        moment = parse_moment(original, fields.fail, "overrides")
        moved = Fields(change, f"{where}'s change of {shown(original)}", CHANGE_KEYS)
        end = moved.optional_moment("end")
        overrides[_utc(moment)] = {
            "start": _utc(moved.moment("start")),
            "end": None if end is None else _utc(end),
            "where": moved.text("where", PLACE_MAX),
            "state": moved.choice("state", STATES),
        }
    reminders = fields.items("reminders", MAX_REMINDERS)
    if any(type(lead) is not int or not 0 <= lead <= INT_MAX for lead in reminders):
        fields.fail("has a reminder that is not a whole number of seconds before the date")
    row = PlanRow(
        uid=fields.text("uid", 255, empty=False),
        bring=fields.text("bring", TEXT_MAX),
        budget=_budget(fields),
        state=fields.choice("state", STATES),
        rrule=fields.optional_text("rrule", 500),
        exdates=sorted(set(exdates)),
        overrides=dict(sorted(overrides.items())),
        reminders=list(reminders),
        zone=_zone(fields),
    )
    record = EntryRecord(
        id=entry.id, seq=0, kind=EntryKind.PLAN, author_id=entry.author_id,
        addressee_id=entry.addressee_id, title=entry.title, body=entry.body,
        place=entry.place, occurred_at=entry.occurred_at, ends_at=entry.ends_at,
        all_day=entry.all_day, mood=entry.mood, feelings=entry.feelings,
        delivered_at=entry.delivered_at, created_at=entry.created_at,
        updated_at=entry.updated_at, deleted_at=entry.deleted_at, version=entry.version,
    )  # fmt: skip
    try:
        validate_plan(to_plan(record, {f"plan_{k}": v for k, v in asdict(row).items()}, None))
    except PlanError as problem:
        fields.fail(f"cannot be kept: {problem}")
    return row


def _budget(fields: Fields) -> Decimal | None:
    text = fields.optional_text("budget", 12)
    if text is None:
        return None
    if not _BUDGET.match(text):
        fields.fail("has a “budget” that is not an amount like 45.50")
    return Decimal(text)


def _zone(fields: Fields) -> str:
    name = fields.text("zone", 64, empty=False)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        fields.fail(f"has a “zone” that is not a time zone Closeness knows (“{shown(name)}”)")
    return name
