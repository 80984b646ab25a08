"""Calendar files: share date plans as iCalendar, and read ``.ics`` files from elsewhere.

- :mod:`.export`: :func:`~.export.export_plans`, plans to an iCalendar file.
- :mod:`.reading`: :func:`~.reading.parse_calendar`, a file to an
  :class:`~.preview.ImportPreview`, all or nothing; it reads the file's bytes with
  :mod:`.parsing`, groups its events with :mod:`.series`, reads their properties with
  :mod:`.properties` and their time zones with :mod:`.zones`.
- :mod:`.preview`: what reading gives: the preview, what was skipped and why, or a
  :class:`~.preview.CalendarFileError`.
- :mod:`.vocabulary`: Closeness's own ``X-CLOSENESS-*`` properties, and the plain words
  messages use for the parts of a file.
- :mod:`.limits`: how much of a file is read (parts, text lengths, budgets, time-zone
  work) and the count of the work one file cost.
- :mod:`.file_zones` and :mod:`.zone_rules`: the time zones a file describes itself,
  worked out once, for the years its events need, within a budget.

This is the only place that imports the icalendar package; import it only when a
calendar file is read or written.
"""

from closeness_desktop.dates.ical.export import export_plans
from closeness_desktop.dates.ical.parsing import MAX_FILE_BYTES
from closeness_desktop.dates.ical.preview import CalendarFileError, ImportPreview, SkippedItem
from closeness_desktop.dates.ical.reading import parse_calendar

__all__ = [
    "MAX_FILE_BYTES",
    "CalendarFileError",
    "ImportPreview",
    "SkippedItem",
    "export_plans",
    "parse_calendar",
]
