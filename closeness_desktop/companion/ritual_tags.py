"""A ritual notification's tag: which occurrence it was about, all a snooze or a click
needs to find it again, even after a restart."""

from __future__ import annotations

from datetime import UTC, datetime


def ritual_tag(key: str, occurrence: datetime) -> str:
    """The notification tag of a ritual's occurrence; it carries all a snooze needs."""
    return f"ritual|{key}|{occurrence.astimezone(UTC).isoformat()}"


def parse_ritual_tag(tag: str) -> tuple[str, datetime] | None:
    if not tag.startswith("ritual|"):
        return None
    key, _, moment = tag.removeprefix("ritual|").rpartition("|")
    try:
        return key, datetime.fromisoformat(moment)
    except ValueError:
        return None
