"""The household's date nights as a calendar file, and a calendar file as a preview.

Shared by the window (File > Export date nights…, Import calendar…) and the command
line (``closeness ics``). Reading a file never changes anything: it gives an
:class:`~closeness_desktop.dates.ical.ImportPreview`, which
``household.plans.import_calendar`` then saves, all or nothing (in batches, so other
writers are not kept waiting). No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING

from closeness_desktop import APP_NAME, __version__
from closeness_desktop.agenda import plan_line
from closeness_desktop.clock import zone_name
from closeness_desktop.dates.ical import ImportPreview, export_plans, parse_calendar

if TYPE_CHECKING:
    from closeness_desktop.household import Household

PRODID = f"-//{APP_NAME}//{APP_NAME} {__version__}//EN"
DEFAULT_FILE_NAME = "date-nights.ics"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and its lines, one part of an import preview in words."""

    heading: str
    lines: tuple[str, ...]


def export_calendar(household: Household) -> tuple[bytes, int]:
    """Every date night not in the trash as an iCalendar file, and how many there are."""
    plans = [record.plan for record in household.plans.all()]
    data = export_plans(plans, now=household.clock.now(), prodid=PRODID)
    return data, len(plans)


def read_calendar(household: Household, data: bytes) -> ImportPreview:
    """What importing ``data`` would add and update; raises ``CalendarFileError``.

    Times without a zone are read in the household's zone; plans the household already
    has (by UID) are updates, so importing a file twice never doubles a date night.
    """
    existing = household.plans.uids()
    zone = zone_name(household.clock.local_zone())
    return parse_calendar(data, zone_fallback=zone, existing_uids=existing)


def preview_sections(preview: ImportPreview, zone: tzinfo) -> list[Section]:
    """The preview in words: what will be added, what updated, what skipped and why.
    Sections with nothing in them are left out."""
    sections = [
        Section("Will be added", tuple(plan_line(plan, zone) for plan in preview.new_plans)),
        Section("Will be updated", tuple(plan_line(plan, zone) for plan in preview.updated_plans)),
        Section("Skipped", tuple(f"{item.title}: {item.reason}" for item in preview.skipped)),
    ]
    return [section for section in sections if section.lines]
