"""Which rituals are due, and when to look again: a pure rule engine.

Nothing here reads the clock or touches Qt or the database. The scheduler builds a
:class:`RitualState` from the settings and the log of what already fired, fires what
:func:`due` returns for "now", records each item with :meth:`Due.to_fired`, and sleeps
until :func:`next_check`.

The rules
=========

Occurrences
    A ritual occurs on each of its weekdays at its local wall time; see
    :func:`occurrence_at` for daylight-saving changes. An occurrence is identified by
    ``(key, occurrence)``, its scheduled instant in UTC, and the log is keyed the same
    way: nothing fires twice, not after a restart and not when the clock is set back.
Window
    An occurrence may fire from its instant until ``grace`` later (the item's own grace,
    else the state's), and only on its own local day. Anything older is skipped
    without a notification, on purpose: after a night or three days asleep the laptop
    offers at most today's occurrence of each ritual, never a backlog of stale greetings.
Quiet hours
    Nothing is due inside quiet hours. An occurrence that falls in them is held and
    fires when they end if its window is still open: quiet hours hold an item back but
    never stretch its grace. With the default 22:00-07:30 and a grace of 2 h a 07:00
    greeting fires at 07:30; a ritual set for 03:00 never fires (settings can warn with
    :meth:`QuietHours.contains`). A date's own reminders are not held: the couple chose
    that evening, and a late date still gets its hour-before nudge.
Pause
    While paused, no ritual is due; an occurrence whose window is still open when the
    pause ends fires then. Date reminders are not paused: the couple made that
    appointment themselves, and a pause is a rest from the nudges, not from each other.
Daily cap
    At most ``daily_cap`` counting items fire per local day, counted from the log by the
    day they fired; an occurrence counts once, however often it is snoozed. Items over
    the cap are dropped for the day, never delivered later. Items that do not count
    (date reminders by default) are never blocked.
Snooze
    A snoozed occurrence is not due before its snooze ends; then it is due again, with a
    fresh window of ``grace`` from the snooze's end (so past its original grace), still
    only on the occurrence's own day. Its re-fire is logged as another :class:`Fired`
    with the same ``(key, occurrence)``. A snooze is spent once the log holds a firing of
    that occurrence at or after the snooze's end, so the caller never has to delete it;
    snoozing again replaces the entry with a later end and arms it afresh.

Modules
=======

- :mod:`.wall_time`: when a local wall time happens, across daylight-saving changes.
- :mod:`.state`: rituals, one-offs, the log of what fired, what is due, and the
  :class:`~.state.RitualState` the rules look at.
- :mod:`.quiet`: quiet hours, pausing until tomorrow, and snoozing.
- :mod:`.timing`: :func:`~.timing.due` and :func:`~.timing.next_check`, the rules above.
- :mod:`.presets`: the rituals a household starts with, and the heading-out reminder.
"""

from closeness_desktop.rituals.rules.presets import default_rituals, leaving_ritual
from closeness_desktop.rituals.rules.quiet import QuietHours, pause_until_tomorrow, snooze_until
from closeness_desktop.rituals.rules.state import (
    EVERY_DAY,
    SUNDAY,
    WORKDAYS,
    Due,
    Fired,
    OccurrenceKey,
    OneOff,
    Ritual,
    RitualKind,
    RitualState,
)
from closeness_desktop.rituals.rules.timing import due, next_check
from closeness_desktop.rituals.rules.wall_time import occurrence_at

__all__ = [
    "EVERY_DAY",
    "SUNDAY",
    "WORKDAYS",
    "Due",
    "Fired",
    "OccurrenceKey",
    "OneOff",
    "QuietHours",
    "Ritual",
    "RitualKind",
    "RitualState",
    "default_rituals",
    "due",
    "leaving_ritual",
    "next_check",
    "occurrence_at",
    "pause_until_tomorrow",
    "snooze_until",
]
