"""“Our year” from the household to PDF bytes, through Qt's own printing (QtGui, no widgets).

The window runs :func:`make_pdf` on a worker thread and the command line runs it in its
own process, so both print the same pages. The year is read a page of records at a time,
laid out once as one long column, cut into pages by :func:`~closeness_desktop.keepsake.
page_cuts` and printed a page at a time, telling ``on_progress`` after each step; a callback
that raises :class:`Cancelled` stops it there. Nothing is written to disk here: the bytes
go to :func:`closeness_desktop.keepsake_file.save`.

Why not Qt's own page breaks: it cannot keep a heading with the text under it, and a page
break set on a block after layout leaves the blocks after it unlaid (they print blank).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QIODevice, QLocale, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLayout,
    QTextOption,
)

from closeness_desktop import APP_NAME, keepsake_evenings
from closeness_desktop.keepsake import (
    KEPT_KINDS,
    Couple,
    Line,
    YearBook,
    locale_from_environment,
    page_cuts,
    paper_for,
    pdf_title,
    year_bounds,
)

if TYPE_CHECKING:
    from closeness_desktop.household import Household

#: Records read at a time: a step small enough to report and cancel between.
READ_STEP = 500
#: Dots per inch of the PDF's coordinates (text and lines stay vectors at any size).
RESOLUTION = 300
PAPERS = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
MARGINS_MM = QMarginsF(22, 20, 22, 14)
#: The band under each page's text that holds its number, in millimetres.
FOOTER_MM = 9.0
#: How far down the title page its words sit (of the space left over).
TITLE_HEIGHT = 0.38
_SOFT = QColor("#9A7B6C")


class Cancelled(Exception):
    """The person chose Cancel; nothing was written."""


@dataclass(frozen=True)
class Progress:
    """How far the keepsake has come: ``done`` of ``total`` (0: not known yet)."""

    stage: str
    done: int
    total: int


@dataclass(frozen=True)
class Keepsake:
    """A printed year: the PDF's bytes, its page count, and what it holds."""

    data: bytes
    pages: int
    book: YearBook


def default_paper() -> str:
    """A4 or Letter, as this computer's locale prints (LC_PAPER first, where there is one)."""
    return paper_for(locale_from_environment(os.environ) or QLocale.system().name())


def read_year(household: Household, year: int, on_progress: Callable[[Progress], None]) -> YearBook:
    """The year's memories, date nights and kept love notes, read oldest first, a step at a
    time; the evenings of repeating date nights first (a few hundred at most)."""
    zone = household.clock.local_zone()
    starting, ending = year_bounds(year, zone)
    book = YearBook(year, Couple.of(household.partners.all()), zone)
    plans = household.plans.all(starting_before=ending, ending_after=starting)
    found = ((record.entry, record.plan) for record in plans)
    book.add_evenings(keepsake_evenings.evenings(found, starting, ending))
    after = None
    while True:
        page = household.entries.span(
            KEPT_KINDS, starting, ending, after=after, limit=READ_STEP, keepsake=True
        )
        book.add(page.rows)
        on_progress(Progress("Gathering your year…", sum(book.counts.values()), 0))
        if page.next_cursor is None:
            return book
        after = page.next_cursor


def _sizes_as_written(document: QTextDocument) -> None:
    """Qt scales a heading's text by its level on top of the size the style gives it; the
    keepsake's styles say every size, so that scaling comes off."""
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                written = fragment.charFormat()
                written.clearProperty(QTextFormat.Property.FontSizeAdjustment)
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position())
                cursor.setPosition(
                    fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                )
                cursor.setCharFormat(written)
                fragments += 1
        block = block.next()


def laid_out(html: str, writer: QPdfWriter, width: float) -> QTextDocument:
    """``html`` laid out as one column ``width`` wide, measured on the PDF itself (fonts
    and CSS pixels at its resolution, not a screen's)."""
    document = QTextDocument()
    option = QTextOption()
    # A 20,000-character word still wraps inside the page instead of running off it.
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setDefaultFont(QFont("DejaVu Serif", 10))
    document.setDocumentMargin(0)
    document.setHtml(html)
    _sizes_as_written(document)  # before the layout: nothing is laid out twice
    document.documentLayout().setPaintDevice(writer)
    document.setTextWidth(width)
    return document


@dataclass(frozen=True)
class Column:
    """A document's lines, in order: where each is (:class:`Line`, for cutting pages) and
    how to draw it (its block's layout, its number there, where the block sits)."""

    lines: list[Line]
    drawn: list[tuple[QTextLayout, int, QPointF]]


def lines_of(document: QTextDocument) -> Column:
    """Every line of ``document`` with its place, its unit (a new one at each heading that
    follows text: a month, or an entry's day and author) and whether it is a heading's."""
    layout = document.documentLayout()
    column = Column([], [])
    unit, after_text = -1, True
    block = document.begin()
    while block.isValid():
        heading = bool(block.blockFormat().headingLevel())
        if unit < 0 or (heading and after_text):
            unit += 1
        after_text = not heading
        origin = layout.blockBoundingRect(block).topLeft()
        lines = block.layout()
        for number in range(lines.lineCount()):
            line = lines.lineAt(number)
            top = origin.y() + line.y()
            column.lines.append(Line(top, top + line.height(), unit, heading))
            column.drawn.append((lines, number, origin))
        block = block.next()
    return column


def _writer(buffer: QBuffer, book: YearBook, paper: str) -> QPdfWriter:
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setTitle(pdf_title(book.year, book.couple))
    writer.setCreator(APP_NAME)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(PAPERS[paper]),
            QPageLayout.Orientation.Portrait,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    return writer


def render(book: YearBook, paper: str, on_progress: Callable[[Progress], None]) -> Keepsake:
    """Lay out ``book`` on ``paper`` ("A4" or "Letter") and print it, page by page."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, book, paper)
    area = writer.pageLayout().paintRectPixels(RESOLUTION)
    footer = FOOTER_MM / 25.4 * RESOLUTION
    width, height = float(area.width()), area.height() - footer

    on_progress(Progress("Laying out the pages…", 0, 0))
    title = laid_out(book.title_html(), writer, width)
    body = laid_out(book.body_html(), writer, width)
    title_column, column = lines_of(title), lines_of(body)
    cuts = page_cuts(column.lines, height)
    pages = 1 + len(cuts)

    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("Qt could not start the PDF")
    try:
        _draw(painter, title_column, 0.0, math.inf, _centred(title, height))
        on_progress(Progress("Printing the pages…", 1, pages))
        number_font = QFont("DejaVu Sans", 8)
        for index, cut in enumerate(cuts):
            writer.newPage()
            end = cuts[index + 1] if index + 1 < len(cuts) else math.inf
            offset = _centred(body, height) if book.empty else 0.0
            _draw(painter, column, cut, min(end, cut + height), offset - cut)
            painter.setFont(number_font)
            painter.setPen(_SOFT)
            band = QRectF(0, height, width, footer)
            painter.drawText(band, Qt.AlignmentFlag.AlignCenter, str(index + 2))
            on_progress(Progress("Printing the pages…", index + 2, pages))
    finally:
        painter.end()
    data = bytes(buffer.data().data())
    buffer.close()
    return Keepsake(data, pages, book)


def _centred(document: QTextDocument, height: float) -> float:
    return max(0.0, (height - document.size().height()) * TITLE_HEIGHT)


def _draw(painter: QPainter, column: Column, top: float, end: float, shift: float) -> None:
    """Draw the lines that start in ``[top, end)``, moved down by ``shift``: line by line,
    so a page's file holds its own words only (a whole block drawn under a clip would
    hide the rest of a long note in every page it touches, where search and copy find it)."""
    painter.save()
    painter.translate(0, shift)
    for line, (layout, number, origin) in zip(column.lines, column.drawn, strict=True):
        if top <= line.top < end or (line.top < top < line.bottom):  # or a line cut in two
            layout.lineAt(number).draw(painter, origin)
    painter.restore()


def make_pdf(
    household: Household,
    year: int,
    paper: str,
    on_progress: Callable[[Progress], None] = lambda _progress: None,
) -> Keepsake:
    """The keepsake of ``year``: read, laid out and printed (not yet saved)."""
    return render(read_year(household, year, on_progress), paper, on_progress)


__all__ = ["PAPERS", "Cancelled", "Keepsake", "Progress", "default_paper", "make_pdf"]
