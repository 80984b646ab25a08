"""Text a person can read in both themes: WCAG 2.x contrast, computed from the colours the
app paints with, for every pair of text and background it uses."""

from __future__ import annotations

import re

import pytest

from closeness_desktop.ui.theme_colours import (
    CHIP_TINT,
    DARK,
    DISABLED_PAIR,
    LIGHT,
    MIN_DISABLED_CONTRAST,
    MIN_TEXT_CONTRAST,
    TEXT_PAIRS,
    THEMES,
    Colours,
    blend,
    colour_names,
    contrast,
    readable,
)

BOTH = pytest.mark.parametrize("colours", [LIGHT, DARK], ids=["light", "dark"])


def test_the_contrast_formula_gives_wcags_known_values() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the AA grey
    assert contrast("#FFFFFF", "#767676") == contrast("#767676", "#FFFFFF")


@BOTH
@pytest.mark.parametrize(("what", "text", "background"), TEXT_PAIRS)
def test_every_text_on_its_background_reaches_4_5_to_1(
    colours: Colours, what: str, text: str, background: str
) -> None:
    ratio = contrast(getattr(colours, text), getattr(colours, background))

    assert ratio >= MIN_TEXT_CONTRAST, f"{colours.name}: {what} is {ratio:.2f}:1"


@BOTH
@pytest.mark.parametrize("kind", ["note", "memory", "plan", "checkin", "goodbye", "prompt"])
@pytest.mark.parametrize("under", ["card", "card_selected"])
def test_each_kind_chip_reads_on_its_tint_on_a_card_selected_or_not(
    colours: Colours, kind: str, under: str
) -> None:
    ink = colours.kind_colours()[kind]
    chip = blend(ink, getattr(colours, under), CHIP_TINT)  # as the card paints it

    assert contrast(ink, chip) >= MIN_TEXT_CONTRAST, f"{colours.name} {kind} on {under}"


@BOTH
def test_disabled_text_stays_legible_though_wcag_exempts_it(colours: Colours) -> None:
    # WCAG 1.4.3 exempts the text of inactive controls; 3:1 keeps "not now" readable.
    _what, text, background = DISABLED_PAIR
    ratio = contrast(getattr(colours, text), getattr(colours, background))

    assert ratio >= MIN_DISABLED_CONTRAST


@BOTH
def test_every_colour_is_a_hex_colour_and_the_themes_name_themselves(colours: Colours) -> None:
    for name in colour_names():
        assert re.fullmatch(r"#[0-9A-F]{6}", getattr(colours, name)), name
    assert THEMES[colours.name] is colours


def test_dark_is_dark_and_light_is_light() -> None:
    assert contrast(DARK.paper, "#000000") < 2 < contrast(LIGHT.paper, "#000000")


@BOTH
def test_a_partners_colour_is_made_readable_on_the_cards(colours: Colours) -> None:
    for chosen in ("#3F7F8C", "#C8566B", "#112233", "#FFEE00", "#FFFFFF", "#000000"):
        shown = readable(chosen, colours.card, colours.ink)
        assert contrast(shown, colours.card) >= MIN_TEXT_CONTRAST, f"{chosen} on {colours.name}"


def test_a_colour_that_reads_already_is_kept() -> None:
    assert readable("#3F7F8C", LIGHT.card, LIGHT.ink) == "#3F7F8C"  # the default teal, light
    assert readable("#3F7F8C", DARK.card, DARK.ink) != "#3F7F8C"  # too dark on dark cards
