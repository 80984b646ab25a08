"""The two sets of colours, light and dark, and the contrast rule they keep.

Plain hex strings, no Qt: the style sheet is written from them, the palette and the
painted cards read them through :mod:`closeness_desktop.ui.theme`, and a unit test
checks every pair of text and background named in :data:`TEXT_PAIRS` against WCAG's
4.5:1 for normal text.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache

#: WCAG 2.x, success criterion 1.4.3 (AA) for text below 18 pt (14 pt bold).
MIN_TEXT_CONTRAST = 4.5
#: How strongly a kind's colour tints its chip (alpha out of 255, as the cards paint it).
CHIP_TINT = 38


@dataclass(frozen=True)
class Colours:
    name: str
    paper: str  # the window's background
    card: str  # cards, fields, list popups, tab pages
    card_border: str
    card_selected: str  # a selected card, a highlighted row in a list
    bar: str  # tool bar, status bar, calendar navigation, tab bar
    field_border: str
    ink: str  # text
    ink_soft: str  # secondary text: stamps, hints
    header_ink: str  # the day headers between cards
    accent: str  # rose: lines, marks and text in rose
    accent_button: str  # the fill of a default button
    accent_button_border: str
    on_accent: str  # text on the default button
    checked: str  # a toggled chip or button
    focus: str  # the focus ring
    error: str
    chip: str  # a label chip's background
    banner: str
    banner_border: str
    disabled_ink: str
    disabled_fill: str
    tooltip: str
    tooltip_ink: str
    note: str
    memory: str
    plan: str
    checkin: str
    goodbye: str
    prompt: str

    def kind_colours(self) -> dict[str, str]:
        return {
            "note": self.note,
            "memory": self.memory,
            "plan": self.plan,
            "checkin": self.checkin,
            "goodbye": self.goodbye,
            "prompt": self.prompt,
        }


LIGHT = Colours(
    name="light",
    paper="#FAF5EF",
    card="#FFFFFF",
    card_border="#EADFD3",
    card_selected="#FCF0F2",
    bar="#F4ECE3",
    field_border="#D9C8BA",
    ink="#3B2F2A",
    ink_soft="#6F5D55",
    header_ink="#876757",
    accent="#B8495F",
    accent_button="#B8495F",
    accent_button_border="#A23F54",
    on_accent="#FFFFFF",
    checked="#FBE3E8",
    focus="#7A2A3C",
    error="#A8323E",
    chip="#F4ECE3",
    banner="#FCEFF1",
    banner_border="#F0C9D1",
    disabled_ink="#8F7E74",
    disabled_fill="#F6EFE8",
    tooltip="#3B2F2A",
    tooltip_ink="#FAF5EF",
    note="#A33F55",
    memory="#825829",
    plan="#415F97",
    checkin="#336C4C",
    goodbye="#6F4F98",
    prompt="#2B6770",
)

# Warm and dim, not inverted: deep brown-grey paper, cards a step lighter, the rose
# lightened so that it reads as text, and a deeper rose under the white button text.
DARK = Colours(
    name="dark",
    paper="#1E1917",
    card="#2A2320",
    card_border="#40352F",
    card_selected="#3A292D",
    bar="#261F1C",
    field_border="#54463F",
    ink="#F2E8E0",
    ink_soft="#BBA99E",
    header_ink="#C9A48F",
    accent="#E8899A",
    accent_button="#A9465B",
    accent_button_border="#C25A70",
    on_accent="#FFFFFF",
    checked="#4A2C34",
    focus="#F4B8C4",
    error="#F4948F",
    chip="#3A302B",
    banner="#3A262B",
    banner_border="#6B3F4A",
    disabled_ink="#8A7A71",
    disabled_fill="#262020",
    tooltip="#F2E8E0",
    tooltip_ink="#2A2320",
    note="#F29DAC",
    memory="#D9A66B",
    plan="#93B1E6",
    checkin="#86C6A2",
    goodbye="#C4A8E2",
    prompt="#7FC3CB",
)

THEMES = {LIGHT.name: LIGHT, DARK.name: DARK}

#: The planner's pill for each state of an evening, in each theme: (background, text),
#: each pair at least :data:`MIN_TEXT_CONTRAST` (tests/ui/test_planner_theme.py).
PLAN_PILLS: dict[str, dict[str, tuple[str, str]]] = {
    "light": {
        "planned": ("#FCE3E8", "#A8404F"),
        "done": ("#E2F0E7", "#3A7053"),
        "cancelled": ("#EFE8E2", "#6E5D55"),
        "not_told": ("#FBEFD9", "#7F5312"),
        "skipped": ("#F1ECE7", "#6E5D55"),
    },
    "dark": {
        "planned": ("#4A2C34", "#F4B8C4"),
        "done": ("#23382B", "#A9D8B9"),
        "cancelled": ("#3A302B", "#D3C3B8"),
        "not_told": ("#3D3020", "#F0C987"),
        "skipped": ("#332B27", "#C4B3A8"),
    },
}

#: Every pair of text and background the app draws: (what it is, text field, background field).
TEXT_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("text on the window", "ink", "paper"),
    ("text on a card or in a field", "ink", "card"),
    ("text on a selected card", "ink", "card_selected"),
    ("text on the tool bar and status bar", "ink", "bar"),
    ("text on a toggled chip", "ink", "checked"),
    ("text on a banner", "ink", "banner"),
    ("a stamp or hint on a card", "ink_soft", "card"),
    ("a stamp on a selected card", "ink_soft", "card_selected"),
    ("a hint on the window", "ink_soft", "paper"),
    ("a hint on the tool bar", "ink_soft", "bar"),
    ("a label chip", "ink_soft", "chip"),
    ("a day header", "header_ink", "paper"),
    ("the default button", "on_accent", "accent_button"),
    ("rose text on a card", "accent", "card"),
    ("rose text on a selected card", "accent", "card_selected"),
    ("rose text on the window", "accent", "paper"),
    ("an error under a form", "error", "paper"),
    ("an error on a card", "error", "card"),
    ("a tool tip", "tooltip_ink", "tooltip"),
)

#: Contrast kept by disabled text. WCAG exempts inactive controls from 1.4.3; it is held
#: at 3:1 all the same, so that "not now" can still be read.
DISABLED_PAIR = ("disabled text", "disabled_ink", "disabled_fill")
MIN_DISABLED_CONTRAST = 3.0


def _channels(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def blend(colour: str, under: str, alpha: int) -> str:
    """``colour`` painted at ``alpha`` (0-255) over ``under``, as one opaque colour."""
    top, bottom = _channels(colour), _channels(under)
    mixed = (round((t * alpha + b * (255 - alpha)) / 255) for t, b in zip(top, bottom, strict=True))
    return "#" + "".join(f"{channel:02X}" for channel in mixed)


def luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a ``#RRGGBB`` colour."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(text: str, background: str) -> float:
    """WCAG 2.x contrast ratio, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((luminance(text), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colour_names() -> tuple[str, ...]:
    return tuple(field.name for field in fields(Colours) if field.name != "name")


@cache
def readable(colour: str, background: str, ink: str) -> str:
    """``colour`` (a partner's own, say) as text on ``background``: itself where it reads
    at :data:`MIN_TEXT_CONTRAST`, else mixed toward ``ink`` just far enough that it does,
    so a colour chosen on a light theme still reads on a dark one."""
    if contrast(colour, background) >= MIN_TEXT_CONTRAST:
        return colour.upper()
    for alpha in range(16, 256, 16):
        mixed = blend(ink, colour, alpha)
        if contrast(mixed, background) >= MIN_TEXT_CONTRAST:
            return mixed
    return ink.upper()
