"""Settings, "The two of you": each partner's name and colour, saved with the dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QColorDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from closeness_desktop.records import (
    ConflictError,
    NotFoundError,
    PartnerInfo,
    SaveError,
    ValidationError,
)
from closeness_desktop.ui import theme
from closeness_desktop.ui.save_failures import words_kept

#: Saves one partner's new name and colour; returns the partner as stored. Raises what
#: ``household.partners.update`` raises.
Rename = Callable[[PartnerInfo, str, str], PartnerInfo]
#: As ``store.models.NAME_MAX``: the screens never import the store.
NAME_LENGTH = 40
KEPT = "Your changes are still here; try again."


class ColourSwatch(QPushButton):
    """A round swatch of a partner's colour; a click opens the colour chooser. Painted here,
    so its ring follows the theme in use and shows where the keyboard is."""

    def __init__(self, colour: str, whose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.whose = whose
        self.setAccessibleName(f"{whose}'s colour")
        self.set_colour(colour)
        self.clicked.connect(self._choose)

    def set_colour(self, colour: str) -> None:
        self.colour = colour.upper()
        self.setToolTip(f"{self.whose}'s colour, {self.colour}: click to choose another")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(56, 30)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ring = theme.colour("focus") if self.hasFocus() else theme.colour("field_border")
        width = 2.0 if self.hasFocus() else 1.0
        outer = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.setPen(QPen(ring, width))
        painter.setBrush(theme.colour("card"))
        painter.drawRoundedRect(outer, outer.height() / 2, outer.height() / 2)
        inner = outer.adjusted(4, 4, -4, -4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self.colour))
        painter.drawRoundedRect(inner, inner.height() / 2, inner.height() / 2)

    def _choose(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour), self, f"A colour for {self.whose}")
        if chosen.isValid():
            self.set_colour(chosen.name())


class PartnerRow:
    def __init__(self, partner: PartnerInfo, grid: QGridLayout, row: int) -> None:
        self.partner = partner
        self.name = QLineEdit(partner.name)
        self.name.setMaxLength(NAME_LENGTH)
        self.name.setMaximumWidth(360)  # a name's width, not the whole dialog's
        self.name.setAccessibleName(f"{partner.name}'s name")
        self.swatch = ColourSwatch(partner.colour, partner.name)
        grid.addWidget(self.name, row, 0)
        grid.addWidget(self.swatch, row, 1)

    def changed(self) -> bool:
        return (self.name.text().strip(), self.swatch.colour) != (
            self.partner.name,
            self.partner.colour.upper(),
        )


class PartnersPage(QWidget):
    """The two names and colours; :meth:`save` writes those that changed."""

    def __init__(
        self, partners: Sequence[PartnerInfo], rename: Rename, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.rename = rename
        box = QVBoxLayout(self)
        intro = QLabel(
            "Your names and colours, as your notes and memories show them. Each colour runs"
            " down the side of what that partner wrote."
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "soft")
        box.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setColumnStretch(2, 1)
        for column, heading in enumerate(("Name", "Colour")):
            label = QLabel(heading)
            label.setProperty("role", "soft")
            grid.addWidget(label, 0, column)
        self.rows = [PartnerRow(partner, grid, n + 1) for n, partner in enumerate(partners)]
        box.addLayout(grid)
        box.addStretch(1)

    def save(self) -> str:
        """Write each changed partner; '' when all went through, else what went wrong (the
        rows keep what was typed, and a second Save tries again)."""
        for row in self.rows:
            if not row.changed():
                continue
            typed = row.name.text().strip()
            try:
                row.partner = self.rename(row.partner, typed, row.swatch.colour)
            except ConflictError as problem:
                if isinstance(problem.current, PartnerInfo):
                    row.partner = problem.current  # a second Save goes over it, knowingly
                    return (
                        f"{problem} It now reads “{problem.current.name}”. Your change is"
                        " still here: Save again to put it in its place."
                    )
                return str(problem)
            except (ValidationError, NotFoundError) as problem:
                row.name.setFocus()
                return str(problem)
            except SaveError as problem:
                return words_kept(f"The name “{typed}” was not saved", problem, KEPT)
            row.name.setText(row.partner.name)
        return ""
