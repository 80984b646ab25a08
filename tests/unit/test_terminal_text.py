"""Control characters from notes and calendars are shown as escapes on a terminal."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from closeness_desktop.terminal_text import json_printable, one_line, printable


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain words, café ☕", "plain words, café ☕"),
        ("red \x1b[31m", "red \\x1b[31m"),
        ("title \x1b]0;owned\x07", "title \\x1b]0;owned\\x07"),
        ("C1 \x9b2J and DEL \x7f", "C1 \\x9b2J and DEL \\x7f"),
        ("back\rover", "back\\rover"),
        ("reversed \u202etxt.exe", "reversed \\u202etxt.exe"),
        ("isolate \u2066x\u2069", "isolate \\u2066x\\u2069"),
        ("two\nlines\tand a tab", "two\nlines\tand a tab"),
        ("👩\u200d❤\ufe0f\u200d👨", "👩\u200d❤\ufe0f\u200d👨"),
    ],
    ids=["plain", "csi", "osc", "c1-del", "cr", "bidi", "isolate", "lines", "couple-emoji"],
)
def test_printable_escapes_controls_and_keeps_the_rest(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_one_line_escapes_newlines_and_tabs_too() -> None:
    assert one_line("a\nb\tc\x1b") == "a\\nb\\tc\\x1b"


@given(st.text())
def test_nothing_that_acts_on_a_terminal_survives(text: str) -> None:
    for shown in (printable(text), one_line(text)):
        assert not any(
            (ord(char) < 0x20 and char not in "\n\t") or 0x7F <= ord(char) <= 0x9F for char in shown
        )
    assert "\n" not in one_line(text)


@given(st.text())
def test_json_lines_stay_json_with_the_same_text(text: str) -> None:
    line = json_printable(json.dumps({"text": text}, ensure_ascii=False))

    assert json.loads(line) == {"text": text}
    assert printable(line) == line  # nothing left for the terminal to act on
