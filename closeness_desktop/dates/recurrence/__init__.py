"""Repeating dates: friendly presets, plain-word descriptions, and expansion.

Repeat rules are RFC 5545 ``RRULE`` values (see
:class:`closeness_desktop.dates.model.RecurrenceRule`) and are expanded with
python-dateutil's :class:`~dateutil.rrule.rrule`.

- :mod:`.presets`: the usual patterns ("every other Friday", "the first Saturday of
  each month") as rules, and :func:`~.presets.normalize_rrule` for saving and export.
- :mod:`.wording`: :func:`~.wording.describe`, a rule in plain words.
- :mod:`.expansion`: a plan's dates and reminders within a window, in local wall time,
  and finding or marking one date of a series.
"""

from closeness_desktop.dates.recurrence.expansion import (
    Reminder,
    find_evening,
    mark_evening,
    next_occurrence,
    occurrences,
    reminders_between,
    skipped_between,
    unskip_evening,
)
from closeness_desktop.dates.recurrence.presets import (
    every_n_weeks,
    monthly_nth_weekday,
    monthly_on_day,
    normalize_rrule,
    repeat_end,
    with_repeat_end,
    yearly,
)
from closeness_desktop.dates.recurrence.wording import describe

__all__ = [
    "Reminder",
    "describe",
    "every_n_weeks",
    "find_evening",
    "mark_evening",
    "monthly_nth_weekday",
    "monthly_on_day",
    "next_occurrence",
    "normalize_rrule",
    "occurrences",
    "reminders_between",
    "repeat_end",
    "skipped_between",
    "unskip_evening",
    "with_repeat_end",
    "yearly",
]
