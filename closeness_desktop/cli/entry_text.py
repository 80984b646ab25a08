"""One timeline entry as ``closeness list`` prints it: the humanized line, with a private
entry marked as such, and a sealed note as who sealed it for whom and when it opens (never
its words, which are not readable until then)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, tzinfo

from closeness_desktop.humanize import KIND_LABELS, day_name, describe_entry, when
from closeness_desktop.records import EntryRecord


def entry_text(
    row: EntryRecord, names: Mapping[uuid.UUID, str], now: datetime, zone: tzinfo
) -> str:
    if row.opens_at is not None:
        author = names.get(row.author_id, "?")
        to = names.get(row.addressee_id, "?") if row.addressee_id else "?"
        moment = when(row.occurred_at, now, zone, all_day=row.all_day)
        label = KIND_LABELS[row.kind]
        return f"{moment:>18}  {label:<10}  {author} to {to}: sealed, {opening(row, names, zone)}"
    line = describe_entry(row, names, now, zone)
    return f"{line}  (private)" if row.private_to is not None else line


def opening(row: EntryRecord, names: Mapping[uuid.UUID, str], zone: tzinfo) -> str:
    """When a sealed note opens, in words: "opens on Tuesday 1 December 2026"."""
    assert row.opens_at is not None
    local = row.opens_at.astimezone(zone)
    # A date from the command line opens at midnight; a time chosen elsewhere is said.
    at_midnight = (local.hour, local.minute) == (0, 0)
    day = day_name(local.date()) + ("" if at_midnight else f" {local:%H:%M}")
    if row.opens_with_arrival:
        whose = names.get(row.addressee_id, "?") if row.addressee_id else "?"
        return f"opens at {whose}'s first arrival from {day}"
    return f"opens on {day}"
