"""Ready-made rituals: the four a household starts with, and the heading-out reminder."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time, timedelta

from closeness_desktop.rituals.rules.state import EVERY_DAY, SUNDAY, WORKDAYS, Ritual, RitualKind
from closeness_desktop.rituals.rules.wall_time import DAY, require_wall_time

DEFAULT_LEAVING_LEAD = timedelta(minutes=10)


def leaving_ritual(
    key: str,
    leave_at: time,
    weekdays: Iterable[int] = WORKDAYS,
    lead: timedelta = DEFAULT_LEAVING_LEAD,
) -> Ritual:
    """A "heading out soon?" reminder ``lead`` before leaving at ``leave_at`` on ``weekdays``.

    Its grace is the lead: a reminder arriving after one has left is only noise. A lead
    that reaches back past midnight moves the reminder to the evening before.
    """
    require_wall_time("leave_at", leave_at)
    if not timedelta(0) < lead < DAY:
        raise ValueError(f"lead must be positive and under a day, got {lead}")
    since_midnight = timedelta(
        hours=leave_at.hour, minutes=leave_at.minute, seconds=leave_at.second
    )
    days_back, remind = divmod(since_midnight - lead, DAY)
    seconds = remind.seconds
    return Ritual(
        key=key,
        kind=RitualKind.LEAVING,
        at=time(seconds // 3600, seconds // 60 % 60, seconds % 60),
        weekdays=frozenset((weekday + days_back) % 7 for weekday in weekdays),
        title="Heading out",
        text="Heading out soon? Part on good terms.",
        grace=lead,
        # A goodbye belongs with the greetings: it never takes a ritual's place in the cap.
        counts_toward_cap=False,
    )


def default_rituals() -> tuple[Ritual, ...]:
    """The rituals a new household starts with; each can be reworded, moved or turned off."""
    return (
        _default(
            RitualKind.MORNING_GREETING,
            time(8),
            "Good morning",
            "Start the day with a warm hello: a hug, a kiss, a kind word or a little note.",
            # A greeting, like the arrival greetings: it leaves the cap to the rituals.
            counts_toward_cap=False,
        ),
        _default(
            RitualKind.DINNER,
            time(19),
            "Dinner together",
            "Dinner time: phones away, just the two of you.",
        ),
        _default(
            RitualKind.CHECKIN,
            time(20, 30),
            "Check-in",
            "How are you feeling today? Ask each other, and take the time to listen.",
        ),
        _default(
            RitualKind.PLAN_DATE,
            time(18),
            "Plan your next date night",
            "Pick an evening for just the two of you and keep it like any appointment.",
            weekdays=frozenset({SUNDAY}),
        ),
    )


def _default(
    kind: RitualKind,
    at: time,
    title: str,
    text: str,
    weekdays: frozenset[int] = EVERY_DAY,
    *,
    counts_toward_cap: bool = True,
) -> Ritual:
    return Ritual(
        key=kind.value,
        kind=kind,
        at=at,
        title=title,
        text=text,
        weekdays=weekdays,
        counts_toward_cap=counts_toward_cap,
    )
