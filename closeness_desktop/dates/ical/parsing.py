"""From a file's bytes to iCalendar components, refusing damaged and hostile files.

Files are untrusted: they are limited to :data:`MAX_FILE_BYTES` and
:data:`~.limits.MAX_PARTS` events and other parts, may start with a byte-order mark, may
be UTF-8, UTF-16 (with a BOM) or Windows-1252 (old Outlook), and must have an END for
every BEGIN, so that a cut-off file is reported as such. Their time zones are read by
:mod:`.file_zones`, with bounded work.
"""

from __future__ import annotations

import codecs
import re
import warnings

from icalendar import Calendar

from closeness_desktop.dates.ical.file_zones import ZoneUnreadable, ZoneWindow, file_zones
from closeness_desktop.dates.ical.limits import MAX_PARTS, ReadWork
from closeness_desktop.dates.ical.preview import READ_ERRORS, CalendarFileError
from closeness_desktop.dates.ical.vocabulary import part_word

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_NESTING = 8


def calendars_in(data: bytes, work: ReadWork) -> tuple[list[Calendar], ZoneWindow]:
    """The calendars in a file, and the window its own time zones are worked out in
    (:mod:`.file_zones`: set its years before the first look-up); raises
    :class:`CalendarFileError` when the file can't be read."""
    text = _decode(data)
    _check_structure(text)
    with file_zones(work) as zones:
        return _parse(text), zones


def _decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise CalendarFileError(
            "This file is larger than 10 MB, far more than a calendar needs. "
            "Please check that it is the right file."
        )
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _decode_as(data[len(bom) :], (encoding,))
    return _decode_as(data, ("utf-8", "cp1252"))


def _decode_as(data: bytes, encodings: tuple[str, ...]) -> str:
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise CalendarFileError(
        "This file doesn't contain calendar text we can read. Calendar files are plain "
        "text, usually ending in .ics."
    )


_LINE_BREAK = re.compile(r"\r\n|\n|\r")


def _check_structure(text: str) -> None:
    """Make sure every BEGIN has its END, so a cut-off file is reported as such."""
    open_parts: list[tuple[str, int]] = []
    seen_any = False
    parts = 0
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if line[:1] in (" ", "\t"):
            continue  # the continuation of a folded line
        keyword, _, name = line.strip().upper().partition(":")
        if keyword == "BEGIN":
            if not open_parts and name != "VCALENDAR":
                raise CalendarFileError(_not_a_calendar(seen_any))
            if len(open_parts) >= MAX_NESTING:
                raise CalendarFileError(
                    f"This calendar file is damaged: the part on line {number} is nested "
                    "far deeper than calendars go."
                )
            open_parts.append((name, number))
            seen_any = True
            parts += len(open_parts) == 2  # an event, a to-do, a time zone...
            if parts > MAX_PARTS:
                raise CalendarFileError(_too_many_parts())
        elif keyword == "END":
            if not open_parts or open_parts[-1][0] != name:
                raise CalendarFileError(_unexpected_end(name, number, open_parts))
            open_parts.pop()
        elif line.strip() and not open_parts:
            raise CalendarFileError(_not_a_calendar(seen_any))
    if open_parts:
        name, number = open_parts[0] if len(open_parts) == 1 else open_parts[-1]
        raise CalendarFileError(
            f"This calendar file is cut off: the {part_word(name)} that begins on line "
            f"{number} never ends (END:{name} is missing)."
        )
    if not seen_any:
        raise CalendarFileError(_not_a_calendar(seen_any))


def _too_many_parts() -> str:
    return (
        f"This calendar file holds more than {MAX_PARTS:,} events and other parts, more "
        "than Closeness reads at once. Please save a shorter stretch of time from your "
        "calendar (a year or two) and import that."
    )


def _not_a_calendar(seen_any: bool) -> str:
    if seen_any:
        return "This calendar file is damaged: it has parts outside the calendar."
    return "This doesn't look like a calendar file: it should begin with BEGIN:VCALENDAR."


def _unexpected_end(name: str, number: int, open_parts: list[tuple[str, int]]) -> str:
    if not open_parts:
        return f"This calendar file is damaged: line {number} ends a {name} that never began."
    began, began_on = open_parts[-1]
    return (
        f"This calendar file is damaged: line {number} ends a {name}, but the "
        f"{part_word(began)} from line {began_on} is still open."
    )


def _parse(text: str) -> list[Calendar]:
    try:
        with warnings.catch_warnings():
            # icalendar warns about guessed time zone ids and the like; we only read.
            warnings.simplefilter("ignore")
            components = Calendar.from_ical(text, multiple=True)
    except ZoneUnreadable as unreadable:  # a look-up while parsing; events do their own
        raise CalendarFileError(
            "This calendar file can't be read: " + unreadable.reason.replace("Its", "its", 1)
        ) from None
    except READ_ERRORS as error:
        line = getattr(error, "line_number", None)
        where = f" near line {line}" if isinstance(line, int) else ""
        raise CalendarFileError(
            f"This calendar file can't be read: something{where} isn't written the way "
            "calendar files are."
        ) from error
    calendars = [component for component in components if isinstance(component, Calendar)]
    if len(calendars) != len(components):
        raise CalendarFileError("This calendar file is damaged: it has parts outside the calendar.")
    return calendars
