"""Date nights, planned together: the pure core.

- :mod:`.model`: :class:`~.model.DatePlan` and friends, frozen dataclasses, and
  :func:`~.model.validate_plan`.
- :mod:`.recurrence`: repeat-rule presets, :func:`~.recurrence.describe`, and expanding a
  plan into dates and reminders.
- :mod:`.ideas`: the date-night ideas, the surprise picker and choosing together.
- :mod:`.ical`: iCalendar export and import.

Nothing here imports Qt or SQLAlchemy, and nothing reads the clock: every function that
needs "now" takes it as an argument. The data model is re-exported here; the other
modules are imported where they are used (``ical`` pulls in the icalendar package).
"""

from closeness_desktop.dates.model import (
    DEFAULT_REMINDERS,
    DatePlan,
    Occurrence,
    OccurrenceOverride,
    PlanError,
    PlanState,
    Weekday,
    validate_plan,
)

__all__ = [
    "DEFAULT_REMINDERS",
    "DatePlan",
    "Occurrence",
    "OccurrenceOverride",
    "PlanError",
    "PlanState",
    "Weekday",
    "validate_plan",
]
