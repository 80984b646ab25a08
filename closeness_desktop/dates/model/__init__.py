"""Date plans as plain, frozen data.

A :class:`DatePlan` is one evening (or afternoon, or weekend) a couple has planned
together, possibly repeating. Everything here is pure Python: no Qt, no database.
The store maps these dataclasses to its tables; :mod:`closeness_desktop.dates.recurrence`
expands repeating plans; :mod:`closeness_desktop.dates.ical` reads and writes them as
iCalendar.

- :mod:`.plan`: the plan, its dates and their states, and the limits a plan keeps to.
- :mod:`.rrule`: :class:`~.rrule.RecurrenceRule`, the strict RRULE grammar we accept.
- :mod:`.validation`: :func:`~.validation.validate_plan`, checking a plan before it is saved.

Times are always aware. A plan also remembers the IANA zone it was made in
(:attr:`DatePlan.zone`), so a date at 19:00 stays at 19:00 local time when the clocks
change.
"""

from closeness_desktop.dates.model.plan import (
    DEFAULT_REMINDERS,
    DatePlan,
    Occurrence,
    OccurrenceOverride,
    PlanError,
    PlanState,
    Weekday,
)
from closeness_desktop.dates.model.rrule import RecurrenceRule
from closeness_desktop.dates.model.validation import validate_plan

__all__ = [
    "DEFAULT_REMINDERS",
    "DatePlan",
    "Occurrence",
    "OccurrenceOverride",
    "PlanError",
    "PlanState",
    "RecurrenceRule",
    "Weekday",
    "validate_plan",
]
