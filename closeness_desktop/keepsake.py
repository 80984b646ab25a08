"""“Our year”: one year of memories, date nights and the love notes the couple kept, laid
out as a keepsake.

Pure: records in, safe HTML out (the subset Qt's ``QTextDocument`` understands), no Qt
and no database, so the window and the command line print the same pages. Every word a
person wrote (names, titles, notes, places) goes through :func:`text` first: it is escaped
and its control characters dropped, so a note holding HTML, a bidi override or a NUL prints
as the characters it is and cannot reach into the rest of the page.

Memories and date nights are always in; a love note when one of you marked it "Keep for
Our year" (``EntryRecord.kept``); a repeating date night once for each of its evenings in
the year (:mod:`closeness_desktop.keepsake_evenings`).
"""

from __future__ import annotations

import html
import re
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo

from closeness_desktop.records import DEFAULT_COLOURS, EntryKind, EntryRecord, PartnerInfo

#: What the keepsake holds, in the order the title page counts them.
KEPT_KINDS = (EntryKind.MEMORY, EntryKind.PLAN, EntryKind.NOTE)
#: The years a keepsake can be made of: a couple's years, not the calendar's limits (a
#: zone's offset at year 1 or 9999 would overflow a datetime).
FIRST_YEAR, LAST_YEAR = 1900, 9998

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_INK, _SOFT, _ACCENT = "#3B2F2A", "#7D6A61", "#C8566B"
_SERIF = "'DejaVu Serif', Georgia, 'Times New Roman', serif"
_SANS = "'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif"
_ORNAMENT = "\N{FLORAL HEART}"
#: Where the countries that print on US Letter are (glibc's LC_PAPER "letter" locales).
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "CL", "CO", "CR", "GT", "NI", "PA", "PR", "SV", "VE", "DO", "PH"}
)


def text(words: str) -> str:
    """``words`` as HTML text: escaped, line breaks kept, control characters left out."""
    words = words.replace("\r\n", "\n").replace("\r", "\n")
    words = words.replace("\u2028", "\n").replace("\u2029", "\n")
    kept = "".join(
        char for char in words if char in "\n\t" or unicodedata.category(char) not in {"Cc", "Cs"}
    )
    return html.escape(kept, quote=True)


def direction(words: str) -> str:
    """``' dir="rtl"'`` for words whose first strong letter reads right to left (Hebrew,
    Arabic...), so the paragraph starts at the right; else nothing (Qt's default)."""
    for char in words:
        kind = unicodedata.bidirectional(char)
        if kind in {"R", "AL"}:
            return ' dir="rtl"'
        if kind == "L":
            return ""
    return ""


def in_the_book(record: EntryRecord) -> bool:
    """True for what a year's book prints: a memory, a date night, a note marked kept."""
    return record.kind in KEPT_KINDS and (record.kind is not EntryKind.NOTE or record.kept)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def paper_for(locale_name: str) -> str:
    """ "Letter" where the locale's country prints on it, else "A4" (``en_US.UTF-8`` ->
    Letter, ``de_DE`` -> A4, ``C`` -> A4)."""
    match = re.match(r"^[A-Za-z]{2,3}[_-]([A-Za-z]{2})\b", locale_name)
    territory = match.group(1).upper() if match else ""
    return "Letter" if territory in LETTER_TERRITORIES else "A4"


def locale_from_environment(environ: Mapping[str, str]) -> str | None:
    """The locale that decides the paper on a POSIX system (LC_ALL, then LC_PAPER, then
    LANG), or None when none is set."""
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = environ.get(name, "").strip()
        if value:
            return value
    return None


def check_year(year: int) -> int:
    """``year`` if a keepsake can be made of it; else ValueError in words."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            f"there is no year {year} to print: choose one from {FIRST_YEAR} to {LAST_YEAR}"
        )
    return year


def year_bounds(year: int, zone: tzinfo) -> tuple[datetime, datetime]:
    """The first moment of ``year`` and of the next, in the household's zone."""
    check_year(year)
    return datetime.combine(date(year, 1, 1), time(0), zone), datetime.combine(
        date(year + 1, 1, 1), time(0), zone
    )


@dataclass(frozen=True)
class Couple:
    """The two of you as the keepsake names you: names and colours by partner id."""

    names: Mapping[uuid.UUID, str]
    colours: Mapping[uuid.UUID, str]
    order: Sequence[uuid.UUID]

    @classmethod
    def of(cls, partners: Iterable[PartnerInfo]) -> Couple:
        ordered = sorted(partners, key=lambda partner: partner.position)
        return cls(
            names={partner.id: partner.name for partner in ordered},
            colours={partner.id: partner.colour for partner in ordered},
            order=[partner.id for partner in ordered],
        )

    @property
    def title(self) -> str:
        """ "Sam & Alex" (plain text: escape it before it goes into HTML)."""
        return " & ".join(self.names[pid] for pid in self.order) or "the two of you"

    def name(self, partner_id: uuid.UUID | None) -> str:
        if partner_id is None:
            return "you both"
        return self.names.get(partner_id, "one of you")

    def colour(self, partner_id: uuid.UUID) -> str:
        colour = self.colours.get(partner_id, "")
        if _COLOUR.match(colour):
            return colour
        index = self.order.index(partner_id) if partner_id in self.order else 0
        return DEFAULT_COLOURS[index % len(DEFAULT_COLOURS)]


def pdf_title(year: int, couple: Couple) -> str:
    """The PDF's own title (plain text): "Our year 2026 — Sam & Alex"."""
    return f"Our year {year} \N{EM DASH} {couple.title}"


def _day(moment: datetime, zone: tzinfo, *, with_time: bool) -> str:
    local = moment.astimezone(zone)
    day = f"{_WEEKDAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]}"
    return f"{day}, {local:%H:%M}" if with_time else day


def _byline(record: EntryRecord, couple: Couple) -> str:
    author = couple.name(record.author_id)
    if record.kind is EntryKind.NOTE:
        return f"Love note from {author} to {couple.name(record.addressee_id)}"
    if record.kind is EntryKind.PLAN:
        return f"Date night, planned by {author}"
    return f"Memory, kept by {author}"


def item(record: EntryRecord, couple: Couple, zone: tzinfo) -> str:
    """One memory, date night or note: its day, who wrote it, its words."""
    colour = couple.colour(record.author_id)
    when = _day(record.occurred_at, zone, with_time=not record.all_day)
    parts = [
        f'<h4 style="margin-top: 18px; margin-bottom: 2px; font-family: {_SANS};'
        f' font-size: 8.5pt; color: {colour}; font-weight: 600;">'
        f"{text(when)} \N{MIDDLE DOT} {text(_byline(record, couple))}</h4>"
    ]
    if record.title.strip():
        parts.append(
            f'<h3{direction(record.title)} style="margin-top: 2px; margin-bottom: 4px;'
            f' font-family: {_SERIF}; font-size: 13pt; font-weight: 600; color: {_INK};">'
            f"{text(record.title)}</h3>"
        )
    if record.body.strip():
        parts.append(
            f'<p{direction(record.body)} style="margin-top: 0px; margin-bottom: 2px;'
            f" font-family: {_SERIF};"
            f' font-size: 10.5pt; color: {_INK}; white-space: pre-wrap;">'
            f"{text(record.body.strip())}</p>"
        )
    if record.place.strip():
        parts.append(
            f'<p style="margin-top: 2px; margin-bottom: 0px; font-family: {_SANS};'
            f' font-size: 8.5pt; font-style: italic; color: {_SOFT};">'
            f"at {text(record.place)}</p>"
        )
    return "\n".join(parts)


def month_heading(month: int, *, first: bool) -> str:
    space = 10 if first else 36
    return (
        f'<h2 style="margin-top: {space}px; margin-bottom: 4px; font-family: {_SERIF};'
        f' font-size: 22pt; font-weight: normal; color: {_ACCENT};">{MONTHS[month - 1]}</h2>'
    )


def _counts(counts: Counter[EntryKind]) -> str:
    words = {
        EntryKind.MEMORY: ("memory", "memories"),
        EntryKind.PLAN: ("date night", "date nights"),
        EntryKind.NOTE: ("love note", "love notes"),
    }
    shown = [_plural(counts[kind], *words[kind]) for kind in KEPT_KINDS if counts[kind]]
    return " \N{MIDDLE DOT} ".join(shown)


#: What the book says while no note is marked, so the two of you know how to add one.
HOW_TO_KEEP = "Mark a note with Keep for Our year on the timeline and it will be printed here."


def _how_to_keep(size: float, space: int) -> str:
    return (
        f'<p align="center" style="margin-top: {space}px; font-family: {_SANS};'
        f' font-size: {size}pt; font-style: italic; color: {_SOFT};">{text(HOW_TO_KEEP)}</p>'
    )


def title_page(year: int, couple: Couple, counts: Counter[EntryKind]) -> str:
    """The first page: "Our year 2026", "Sam & Alex", what the year holds, and how to
    keep a note while none is."""
    summary = _counts(counts)
    hint = _how_to_keep(8.5, 18) if counts and not counts[EntryKind.NOTE] else ""
    return (
        f'<h5 align="center" style="margin-top: 0px; font-size: 20pt; font-weight: normal;'
        f' color: {_ACCENT};">{_ORNAMENT}</h5>'
        f'<p align="center" style="margin-top: 24px; margin-bottom: 0px; font-family: {_SERIF};'
        f' font-size: 34pt; color: {_INK};">Our year {year}</p>'
        f'<p align="center" style="margin-top: 14px; font-family: {_SERIF}; font-size: 18pt;'
        f' font-style: italic; color: {_SOFT};">{text(couple.title)}</p>'
        + (
            f'<p align="center" style="margin-top: 40px; font-family: {_SANS}; font-size: 10pt;'
            f' color: {_SOFT};">{summary}</p>'
            if summary
            else ""
        )
        + hint
    )


def nothing_yet(year: int) -> str:
    """The page of a year that holds nothing yet: warm, never a reproach."""
    return (
        f'<h1 align="center" style="margin-top: 0px; font-family: {_SERIF}; font-size: 20pt;'
        f' font-weight: normal; color: {_INK};">Nothing kept from {year} yet</h1>'
        f'<p align="center" style="margin-top: 16px; font-family: {_SERIF}; font-size: 12pt;'
        f' color: {_SOFT};">This year is still yours to fill. A memory, an evening you plan'
        " together, a love note you keep: each finds its place here, month by month.</p>"
        + _how_to_keep(9, 24)
    )


def _closing() -> str:
    return (
        f'<h5 align="center" style="margin-top: 40px; font-size: 14pt; font-weight: normal;'
        f' color: {_ACCENT};">{_ORNAMENT}</h5>'
        f'<p align="center" style="margin-top: 8px; font-family: {_SERIF}; font-size: 11pt;'
        f' font-style: italic; color: {_SOFT};">Here\N{RIGHT SINGLE QUOTATION MARK}s to the'
        " next chapter, together.</p>"
    )


@dataclass
class YearBook:
    """The keepsake of one year, built a page of records at a time (oldest first).

    ``add`` takes each page as it is read, so a large year never needs all its records at
    once; ``html`` puts the title page in front (it counts what the year holds). The
    evenings of repeating date nights, handed in first, go in between them by their time.
    """

    year: int
    couple: Couple
    zone: tzinfo
    counts: Counter[EntryKind] = field(default_factory=Counter)
    _body: list[str] = field(default_factory=list)
    _month: int = 0
    #: Evenings not yet placed, the latest first (the next to place is the last).
    _waiting: list[EntryRecord] = field(default_factory=list)

    def add_evenings(self, evenings: Iterable[EntryRecord]) -> None:
        """Evenings of repeating date nights, placed by time among what :meth:`add` brings."""
        self._waiting = sorted(
            [*self._waiting, *evenings], key=lambda evening: evening.occurred_at, reverse=True
        )

    def add(self, records: Iterable[EntryRecord]) -> None:
        for record in records:
            if in_the_book(record):
                self._place_evenings(until=record.occurred_at)
                self._place(record)

    def _place_evenings(self, until: datetime | None = None) -> None:
        while self._waiting and (until is None or self._waiting[-1].occurred_at <= until):
            self._place(self._waiting.pop())

    def _place(self, record: EntryRecord) -> None:
        month = record.occurred_at.astimezone(self.zone).month
        if month != self._month:
            self._body.append(month_heading(month, first=not self._month))
            self._month = month
        self._body.append(item(record, self.couple, self.zone))
        self.counts[record.kind] += 1

    @property
    def empty(self) -> bool:
        return not self.counts and not self._waiting

    def title_html(self) -> str:
        """The first page (it counts what the year holds, so it is made last)."""
        self._place_evenings()
        return _document(title_page(self.year, self.couple, self.counts))

    def body_html(self) -> str:
        """The months, or the warm page of a year that holds nothing yet."""
        self._place_evenings()
        return _document(
            nothing_yet(self.year) if self.empty else "\n".join([*self._body, _closing()])
        )


def _document(body: str) -> str:
    return f'<html><body style="font-family: {_SERIF}; color: {_INK};">{body}</body></html>'


# -- pages ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One laid-out line of the body: where it is (document units, downwards), which unit
    it belongs to (a month's heading, or one entry) and whether it is part of a heading."""

    top: float
    bottom: float
    unit: int
    heading: bool


def page_cuts(lines: Sequence[Line], page_height: float) -> list[float]:
    """Where each page of the body starts, cut between lines, never through one.

    A page ends before the first line that does not fit, except that an entry (or a
    month's heading with the entry under it) that started on this page moves whole to the
    next when it is short (up to a third of a page) or when only its headings would stay
    behind: no day and author alone at a page's foot, no place name alone at the top.
    """
    cuts = [0.0]
    if not lines:
        return cuts
    unit_top: dict[int, float] = {}
    unit_bottom: dict[int, float] = {}
    for line in lines:
        unit_top.setdefault(line.unit, line.top)
        unit_bottom[line.unit] = line.bottom
    first = 0  # the first line on the page being filled
    while True:
        start = cuts[-1]
        limit = start + page_height
        over = first
        while over < len(lines) and lines[over].bottom <= limit + 0.5:
            over += 1
        if over == len(lines):
            return cuts
        line = lines[over]
        # The line starts the next page; only a line taller than a page is cut through.
        cut = line.top if line.top > start else limit
        top = unit_top[line.unit]
        if over > first and top > start:
            behind = [each for each in lines[first:over] if each.unit == line.unit]
            short = unit_bottom[line.unit] - top <= page_height / 3
            if short or all(each.heading for each in behind):
                cut = top
        if cut <= start:  # lines of no height: never stand still
            cut = limit
        cuts.append(cut)
        while first < len(lines) and lines[first].top < cut:
            first += 1


__all__ = [
    "FIRST_YEAR",
    "KEPT_KINDS",
    "LAST_YEAR",
    "Couple",
    "Line",
    "YearBook",
    "check_year",
    "in_the_book",
    "item",
    "locale_from_environment",
    "page_cuts",
    "paper_for",
    "pdf_title",
    "text",
    "year_bounds",
]
