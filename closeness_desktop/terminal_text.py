"""Text from notes, files and calendars made safe to print on a terminal.

A note or a calendar's SUMMARY may hold control characters: an escape sequence can move
the cursor, retitle the window or hide the lines before it, and a bidirectional override
can make a line read differently from what it holds. Printed, each shows as an escape
(``\\x1b``, ``\\u202e``) instead of acting. Pure: no Qt, no database.
"""

from __future__ import annotations

import re

#: C0 controls but tab and newline, DEL, C1 controls (0x9b is CSI on many terminals), and
#: the bidirectional embeddings, overrides and isolates. Joiners (ZWJ) stay: emoji need them.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_UNSAFE_IN_LINE = re.compile(f"[{_UNSAFE}\\n\\t]")
_UNSAFE_IN_TEXT = re.compile(f"[{_UNSAFE}]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with its control characters escaped; newlines and tabs kept."""
    return _UNSAFE_IN_TEXT.sub(_escape, text)


def one_line(text: str) -> str:
    """``text`` escaped to one line: newlines and tabs escaped too (for error messages)."""
    return _UNSAFE_IN_LINE.sub(_escape, text)


def json_printable(line: str) -> str:
    """A line of JSON with the characters :func:`printable` escapes written as ``\\uXXXX``
    (still valid JSON: outside strings JSON has none of them, inside they mean the same)."""
    return _UNSAFE_IN_LINE.sub(lambda match: f"\\u{ord(match.group()):04x}", line)
