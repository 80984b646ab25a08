"""How tall a timeline card is and where its text goes, measured one card at a time.

A card's height follows its text: title and body are laid out with ``QTextLayout`` at the
card's width, paragraph breaks kept. A closed card lays out at most ``COLLAPSED_LINES``
lines of its body from at most ``MEASURE_CHARS`` characters, so a long note costs what a
short one does (about 50 µs); the whole text is laid out only when a person opens it.
Nothing here walks the household: the view asks for the rows it has loaded, and answers
are cached per (entry id, version, width, open, font): heights for every card asked
about, layouts only for the most recent cards (the ones being painted). A sealed note's
card shows one line about it instead of its words (``sealed_line``), keyed by that line.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple, Protocol

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout, QTextOption

from closeness_desktop import humanize
from closeness_desktop.records import EntryKind, EntryRecord, Responses
from closeness_desktop.ui.card_photos import BEFORE_ROW, ROW_HEIGHT
from closeness_desktop.ui.card_private import SEAL_ROOM, SEAL_SIZE

#: Lines of a closed card's body; more behind "Read more".
COLLAPSED_LINES = 6
#: A readable line on a wide screen: cards are at most this wide (logical pixels), centred.
MAX_CARD_WIDTH = 760
#: More than six lines hold at the widest card; a closed card measures no further.
MEASURE_CHARS = 4000
MARGIN_X = 18
PADDING = 14
STRIPE = 4  # the author's colour down the left edge, inside the padding
PAD_TOP = 12
PAD_BOTTOM = 12
AFTER_TOP_LINE = 8
AFTER_TITLE = 4
BEFORE_LINK = 6
BEFORE_FOOTER = 6
READ_MORE = "Read more"
SHOW_LESS = "Show less"
_BREAKS = re.compile(r"\n{3,}")
_LAYOUTS_KEPT = 400
_HEIGHTS_KEPT = 50_000


def _font(base: QFont, *, size_delta: float = 0, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont(base)
    if size_delta:
        font.setPointSizeF(max(base.pointSizeF() + size_delta, 6.0))
    font.setBold(bold)
    font.setItalic(italic)
    return font


@dataclass(frozen=True)
class Fonts:
    """The fonts of a card, made from the view's font."""

    key: str
    small: QFont
    name: QFont
    chip: QFont
    title: QFont
    body: QFont
    note: QFont
    link: QFont

    @classmethod
    def of(cls, base: QFont) -> Fonts:
        body = _font(base, size_delta=0.5)
        return cls(
            key=base.key(),
            small=_font(base, size_delta=-1),
            name=_font(base, size_delta=-1, bold=True),
            chip=_font(base, size_delta=-2, bold=True),
            title=_font(base, size_delta=1, bold=True),
            body=body,
            note=_font(body, italic=True),
            link=_font(base, size_delta=-1, bold=True),
        )


#: A prompt card's body: the answers are shown only in the prompt's dialog.
PROMPT_CARD_LINE = "A question for the two of you: open it to answer, or to read your answers."


def card_title(record: EntryRecord) -> str:
    if record.sealed:
        return ""
    if record.kind is EntryKind.CHECKIN:
        return humanize.headline(record)
    if record.kind is EntryKind.GOODBYE:
        return "Heading out"
    return record.title.strip()


def card_body(record: EntryRecord) -> str:
    """The body as the card shows it: paragraphs kept, runs of blank lines made one."""
    if record.sealed:  # its words are not here (see ``CardMeasure``'s sealed line)
        return ""
    if record.kind is EntryKind.GOODBYE and not record.body.strip():
        return "Said goodbye."
    if record.kind is EntryKind.PROMPT:  # the answers stay in their own dialog, never here
        return PROMPT_CARD_LINE
    return _BREAKS.sub("\n\n", record.body.replace("\r\n", "\n").strip())


def has_footer(record: EntryRecord) -> bool:
    """Whether the card ends in a line of details (a place, a note's delivery: a private
    note and a sealed one are delivered to no one yet)."""
    if record.kind in (EntryKind.MEMORY, EntryKind.PLAN):
        return bool(record.place)
    if record.sealed or record.private_to is not None:
        return False
    return record.kind in (EntryKind.NOTE, EntryKind.GOODBYE)


def card_width(view_width: int) -> int:
    return max(min(view_width - 2 * MARGIN_X, MAX_CARD_WIDTH), 120)


def text_width(view_width: int) -> int:
    """The width the card's text wraps at."""
    return card_width(view_width) - 2 * PADDING - STRIPE


class Laid(NamedTuple):
    layout: QTextLayout
    height: float
    #: characters laid out (and drawn) from the start of the text
    shown: int
    #: there is text after the last line laid out
    more: bool


def lay_out(text: str, font: QFont, width: int, max_lines: int = 0) -> Laid:
    """``text`` wrapped at ``width``, newlines kept as line breaks; at most ``max_lines``
    lines (0: all of it)."""
    source = text[:MEASURE_CHARS] if max_lines else text
    # U+2028 breaks a line inside one layout, one character for one, so offsets hold.
    layout = QTextLayout(source.replace("\n", "\u2028"), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.setCacheEnabled(True)
    layout.beginLayout()
    y, lines, shown, inked = 0.0, 0, 0, 0.0
    while not max_lines or lines < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
        lines += 1
        start, shown = line.textStart(), line.textStart() + line.textLength()
        if source[start:shown].strip():
            inked = y  # a closed card does not end in the blank line between paragraphs
    layout.endLayout()
    return Laid(layout, inked, shown, bool(text[shown:].strip()))


class Block(Protocol):
    """Something laid out under the card's text (its replies and signs)."""

    @property
    def height(self) -> float: ...


#: Lays out a card's responses at the text's width (``card_responses.lay_out_answers``).
AnswersLayout = Callable[[Responses, "Fonts", int], Block]
#: A sealed note's line in words (``card_private.sealed_line`` with names, now and zone).
SealedLine = Callable[[EntryRecord], str]


@dataclass(frozen=True)
class CardText:
    """One card's laid-out text; tops are relative to the card's top edge."""

    height: int
    title: Laid | None
    title_text: str
    title_top: float
    body: Laid | None
    body_text: str
    body_top: float
    #: long enough to open and close ("Read more" / "Show less")
    expandable: bool
    #: open: the whole body laid out
    expanded: bool
    link_top: float | None
    footer_top: float | None
    #: the replies and signs at the card's foot, and where their block starts
    answers: Block | None = None
    answers_top: float | None = None
    #: a memory's row of photos (a fixed height), and how many photos it has
    photos_top: float | None = None
    photo_count: int = 0
    #: a sealed note's seal (its line is the body, ``SEAL_ROOM`` to the right of it)
    seal_top: float | None = None


class _Key(NamedTuple):
    entry: object
    version: int
    width: int
    expanded: bool
    font: str
    #: the ids and versions of its replies and signs (see ``Responses.key``)
    answers: tuple[object, ...] = ()
    photos: int = 0
    #: a sealed note's line: a rename or the new year measures it again
    sealed: str = ""


class CardMeasure:
    """Lays out cards and remembers them (see the module's docstring); ``answers`` lays
    out a card's replies and signs, when it has any; ``sealed`` words a sealed note."""

    def __init__(
        self, answers: AnswersLayout | None = None, sealed: SealedLine | None = None
    ) -> None:
        self._texts: OrderedDict[_Key, CardText] = OrderedDict()
        self._heights: dict[_Key, int] = {}
        self._answers = answers
        self._sealed = sealed

    def _key(
        self,
        record: EntryRecord,
        fonts: Fonts,
        width: int,
        expanded: bool,
        responses: Responses | None,
        *,
        photos: int,
    ) -> _Key:
        answers = responses.key() if responses is not None else ()
        line = self._sealed(record) if record.sealed and self._sealed is not None else ""
        return _Key(record.id, record.version, width, expanded, fonts.key, answers, photos, line)

    def height(
        self,
        record: EntryRecord,
        fonts: Fonts,
        width: int,
        expanded: bool,
        responses: Responses | None = None,
        *,
        photos: int = 0,
    ) -> int:
        key = self._key(record, fonts, width, expanded, responses, photos=photos)
        known = self._heights.get(key)
        if known is None:
            known = self.text(record, fonts, width, expanded, responses, photos=photos).height
        return known

    def text(
        self,
        record: EntryRecord,
        fonts: Fonts,
        width: int,
        expanded: bool,
        responses: Responses | None = None,
        *,
        photos: int = 0,
    ) -> CardText:
        """The card's text at text ``width``; ``expanded`` opens a card that is long enough;
        ``photos``: how many photos the memory shows in its row."""
        key = self._key(record, fonts, width, expanded, responses, photos=photos)
        made = self._texts.get(key)
        if made is not None:
            self._texts.move_to_end(key)
            return made
        if key.sealed:
            made = self._measure_sealed(key.sealed, fonts, width)
        else:
            made = self._measure(record, fonts, width, expanded, photos)
        if key.answers and responses is not None and self._answers is not None:
            block = self._answers(responses, fonts, width)
            top = float(made.height - PAD_BOTTOM)
            height = round(top + block.height + PAD_BOTTOM)
            made = replace(made, height=height, answers=block, answers_top=top)
        self._texts[key] = made
        if len(self._texts) > _LAYOUTS_KEPT:
            self._texts.popitem(last=False)
        if len(self._heights) > _HEIGHTS_KEPT:
            self._heights.clear()  # widths long gone; the loaded rows ask again
        self._heights[key] = made.height
        return made

    def _measure(
        self, record: EntryRecord, fonts: Fonts, width: int, expanded: bool, photos: int
    ) -> CardText:
        small = QFontMetrics(fonts.small).height()
        y = float(PAD_TOP + small + AFTER_TOP_LINE)
        title_text = card_title(record)
        title = lay_out(title_text, fonts.title, width) if title_text else None
        title_top = y
        if title is not None:
            y += title.height + AFTER_TITLE
        body_text = card_body(record)
        body: Laid | None = None
        expandable = False
        body_top = y
        if body_text:
            font = fonts.note if record.kind is EntryKind.NOTE else fonts.body
            body = lay_out(body_text, font, width, COLLAPSED_LINES)
            expandable = body.more
            if expandable and expanded:
                body = lay_out(body_text, font, width)
            y += body.height
        link_top: float | None = None
        if expandable:
            link_top = y + BEFORE_LINK
            y = link_top + small
        photos_top: float | None = None
        if photos:
            photos_top = y + BEFORE_ROW
            y = photos_top + ROW_HEIGHT
        footer_top: float | None = None
        if has_footer(record):
            footer_top = y + BEFORE_FOOTER
            y = footer_top + small
        return CardText(
            height=round(y + PAD_BOTTOM),
            title=title,
            title_text=title_text,
            title_top=title_top,
            body=body,
            body_text=body_text,
            body_top=body_top,
            expandable=expandable,
            expanded=expandable and expanded,
            link_top=link_top,
            footer_top=footer_top,
            photos_top=photos_top,
            photo_count=photos,
        )

    @staticmethod
    def _measure_sealed(line: str, fonts: Fonts, width: int) -> CardText:
        """A sealed note: its seal and one line beside it (no words, no footer)."""
        small = QFontMetrics(fonts.small)
        top = float(PAD_TOP + small.height() + AFTER_TOP_LINE)
        body = lay_out(line, fonts.note, max(width - SEAL_ROOM, 40))
        # The line sits level with the seal's middle while it is one line.
        body_top = top + max((SEAL_SIZE - body.height) / 2, 0)
        return CardText(
            height=round(top + max(body.height, SEAL_SIZE) + PAD_BOTTOM),
            title=None,
            title_text="",
            title_top=top,
            body=body,
            body_text=line,
            body_top=body_top,
            expandable=False,
            expanded=False,
            link_top=None,
            footer_top=None,
            seal_top=top,
        )
