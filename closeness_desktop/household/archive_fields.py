"""Reading the values of ``closeness.json`` strictly: every refusal is one
:class:`ArchiveError` saying where and what, in words.

JSON from an archive may be anything (hand-edited, damaged, hostile), so nothing is
taken on trust: each object names exactly the keys it may have, each value is checked
for its type and its bounds, and text shown back in a message has its control characters
escaped (a hostile name must not move a terminal's cursor).
"""

from __future__ import annotations

import re
import unicodedata
from base64 import b64decode
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, date, datetime
from typing import Any, NoReturn, TypeVar
from uuid import UUID

from closeness_desktop.records import ValidationError

T = TypeVar("T")
#: Versions, positions and counts fit a signed 32-bit column on every database.
INT_MAX = 2**31 - 1
MOMENT_MAX = 40  # "2026-11-26T18:30:00.123456+00:00" is 32
#: What Python reads as ISO 8601 is wider (a space for the T, the basic form); the archive
#: keeps to the form its JSON Schema names, so both say yes and no alike.
_MOMENT = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:[0-9]{2})$"
)
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
#: Base64 as an export writes it (RFC 4648, padded, no line breaks): the pattern the JSON
#: Schema names, so both say yes and no alike.
_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")


class ArchiveError(ValidationError):
    """An archive that cannot be imported, and why; nothing was changed."""


def shown(text: str, limit: int = 60) -> str:
    """``text`` safe to print in one line: control characters escaped, long text cut."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return "".join(
        char if unicodedata.category(char)[0] != "C" else repr(char)[1:-1] for char in cut
    )


class Fields:
    """One JSON object of the archive, read field by field.

    ``where`` says in words which object it is ("entry 12"), for the messages.
    """

    def __init__(self, value: Any, where: str, allowed: Collection[str]) -> None:
        self.where = where
        if not isinstance(value, dict):
            self.fail(f"is {_kind_of(value)}, not an object")
        unknown = sorted(set(value) - set(allowed))
        if unknown:
            self.fail(f"has a field this version does not know: “{shown(unknown[0])}”")
        self._value: dict[str, Any] = value

    def fail(self, problem: str) -> NoReturn:
        raise ArchiveError(f"In this archive, {self.where} {problem}.")

    def has(self, name: str) -> bool:
        return name in self._value

    def raw(self, name: str) -> Any:
        if name not in self._value:
            self.fail(f"has no “{name}”")
        return self._value[name]

    def _typed(self, name: str, kind: type[T], word: str, *, nullable: bool = False) -> T | None:
        value = self.raw(name)
        if value is None and nullable:
            return None
        # bool is an int to Python, but never a number in the archive.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(f"has a “{name}” that is {_kind_of(value)}, not {word}")
        return value

    def text(self, name: str, limit: int, *, empty: bool = True) -> str:
        value = self._typed(name, str, "text")
        assert value is not None
        if len(value) > limit:
            self.fail(f"has a “{name}” of {len(value):,} characters; it can hold up to {limit:,}")
        if not empty and not value.strip():
            self.fail(f"has an empty “{name}”")
        return value

    def optional_text(self, name: str, limit: int) -> str | None:
        if self.raw(name) is None:
            return None
        return self.text(name, limit)

    def integer(self, name: str, low: int = 0, high: int = INT_MAX) -> int:
        value = self._typed(name, int, "a whole number")
        assert value is not None
        if not low <= value <= high:
            self.fail(f"has a “{name}” outside {low:,} to {high:,}")
        return value

    def optional_integer(self, name: str, low: int, high: int) -> int | None:
        return None if self.raw(name) is None else self.integer(name, low, high)

    def boolean(self, name: str) -> bool:
        value = self._typed(name, bool, "true or false")
        assert value is not None
        return value

    def choice(self, name: str, choices: Collection[str]) -> str:
        value = self.text(name, 64)
        if value not in choices:
            self.fail(f"has a “{name}” this version does not know: “{shown(value)}”")
        return value

    def uuid(self, name: str) -> UUID:
        return parse_uuid(self.text(name, 36), self.fail, name)

    def optional_uuid(self, name: str) -> UUID | None:
        return None if self.raw(name) is None else self.uuid(name)

    def moment(self, name: str) -> datetime:
        return parse_moment(self.text(name, MOMENT_MAX), self.fail, name)

    def optional_moment(self, name: str) -> datetime | None:
        return None if self.raw(name) is None else self.moment(name)

    def day(self, name: str) -> date:
        text = self.text(name, 10)
        try:
            if not _DAY.match(text):
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            self.fail(f"has a “{name}” that is not a date like 2026-11-26")

    def binary(self, name: str, low: int, high: int) -> bytes:
        """Bytes written as base64, from ``low`` to ``high`` of them."""
        text = self.text(name, (high + 2) // 3 * 4)
        if not _BASE64.fullmatch(text):
            self.fail(f"has a “{name}” that is not base64")
        value = b64decode(text)
        if not low <= len(value) <= high:
            size = f"{low:,}" if low == high else f"{low:,} to {high:,}"
            self.fail(f"has a “{name}” of {len(value):,} bytes, where {size} belong")
        return value

    def optional_binary(self, name: str, low: int, high: int) -> bytes | None:
        return None if self.raw(name) is None else self.binary(name, low, high)

    def items(self, name: str, limit: int) -> list[Any]:
        value = self._typed(name, list, "a list")
        assert value is not None
        if len(value) > limit:
            self.fail(f"has {len(value):,} “{name}”; this version takes up to {limit:,}")
        return value

    def mapping(self, name: str, *, nullable: bool = False) -> dict[str, Any] | None:
        return self._typed(name, dict, "an object", nullable=nullable)


def parse_uuid(text: str, fail: Callable[[str], NoReturn], name: str) -> UUID:
    """A UUID in its one canonical form (lower case, with dashes), as an export writes it."""
    try:
        value = UUID(text)
    except ValueError:
        fail(f"has a “{name}” that is not a UUID")
    if str(value) != text:
        fail(f"has a “{name}” that is not a UUID written like 1b4e28ba-2fa1-11d2-883f-0016d3cca427")
    return value


def parse_moment(text: str, fail: Callable[[str], NoReturn], name: str) -> datetime:
    """An ISO 8601 time with its UTC offset, in the one extended form an export writes."""
    try:
        if not _MOMENT.match(text):
            raise ValueError(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(f"has a “{name}” that is not a time like 2026-11-26T18:30:00+00:00")
    if moment.tzinfo is None or moment.utcoffset() is None:
        fail(f"has a “{name}” without its UTC offset")
    try:
        moment.astimezone(UTC)  # the store keeps UTC: year 1 at +01:00 has none
    except OverflowError:
        fail(f"has a “{name}” out of the range of times")
    return moment


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    kinds: Mapping[type, str] = {
        bool: "true or false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
    }
    return kinds.get(type(value), "something else")
