"""What reading a calendar file gives: a preview of its plans, and what was skipped, or an
error that says which part of the file can't be read and why."""

from __future__ import annotations

from dataclasses import dataclass

from closeness_desktop.dates.model.plan import DatePlan

# What a third-party parser may throw at hostile input. Anything in here, raised while
# reading a file, means "this file can't be read".
READ_ERRORS = (
    ValueError,
    TypeError,
    LookupError,
    AttributeError,
    ArithmeticError,
    AssertionError,
    RecursionError,
)


class CalendarFileError(ValueError):
    """A calendar file that can't be imported; the message says which part and why."""


@dataclass(frozen=True, slots=True)
class SkippedItem:
    """Something in the file that won't become a plan, and why (a plain sentence)."""

    kind: str
    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """What importing a file would do: plans to add, plans to update, things skipped."""

    new_plans: tuple[DatePlan, ...] = ()
    updated_plans: tuple[DatePlan, ...] = ()
    skipped: tuple[SkippedItem, ...] = ()

    @property
    def plans(self) -> tuple[DatePlan, ...]:
        """Every plan the import would save, new ones first."""
        return self.new_plans + self.updated_plans
