"""How much of a calendar file Closeness reads, and the count of the work it did.

Files are untrusted, and reading one must stay quick whatever it holds: every bound here
turns a hostile file into a sentence (a skip reason or a refusal) instead of minutes of
work or a value the database can't hold. Column sizes are restated from the store (this
pure package may not import it); ``tests/unit/test_ical_hostile.py`` checks they agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

#: Events and other parts of one file (to-dos, time zones...): a year of a busy shared
#: calendar has a few thousand; the 10 MB size limit alone would let through 100,000.
MAX_PARTS = 50_000
#: Steps of time-zone work for a whole file: each year a zone's rule is walked and each
#: change of the clocks listed is one. A real zone described from 1601 (as Outlook does)
#: costs a few dozen for the years a calendar uses; a rule changing the clocks every hour
#: from year 1 would cost 17 million.
MAX_ZONE_STEPS = 20_000

#: ``date_plans.uid`` is ``String(255)``.
MAX_UID_LENGTH = 255
#: The names of real zones are at most a few dozen characters (vendor prefixes included).
MAX_TZID_LENGTH = 255
#: Longer titles are cut to the plan's 200 characters with an ellipsis; a "title" this
#: long is something else, and is skipped with its length said.
MAX_SUMMARY_LENGTH = 1_000
#: ``entries.place`` is ``String(200)``.
MAX_PLACE_LENGTH = 200
#: What a note may hold (``store.models.TEXT_MAX``), for the description and "bring".
MAX_NOTES_LENGTH = 20_000
#: ``date_plans.budget`` is ``Numeric(10, 2)``: eight digits before the point, two after.
MAX_BUDGET = Decimal("99999999.99")
#: Longer budget text is not an amount anyone wrote by hand.
MAX_BUDGET_TEXT = 32
#: Skipped dates and changed dates one repeating plan keeps; reminders one plan keeps.
MAX_EXDATES = 1_000
MAX_CHANGED_DATES = 1_000
MAX_REMINDERS = 20


@dataclass
class ReadWork:
    """The work one file cost, counted: the tests bound it, ``bench/ics_import.py`` times it."""

    #: Years walked and changes of the clocks listed while reading the file's time zones.
    zone_steps: int = 0
    #: Time zones described in the file that its events used (and so were worked out).
    zones_worked_out: int = 0
