"""Checking a date plan before it is saved."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from closeness_desktop.dates.model.plan import (
    MAX_TITLE_LENGTH,
    MAX_YEAR,
    MIN_YEAR,
    DatePlan,
    PlanError,
)
from closeness_desktop.dates.model.rrule import RecurrenceRule


def validate_plan(plan: DatePlan) -> None:
    """Check a plan before it is saved; raise :class:`PlanError` with a sentence if not."""
    _check_text(plan)
    zone = _check_zone(plan.zone)
    _check_span(plan.start, plan.end, all_day=plan.all_day, zone=zone)
    _check_budget(plan.budget)
    _check_reminders(plan.reminders)
    if plan.rrule is not None:
        RecurrenceRule.parse(plan.rrule)
    elif plan.exdates or plan.overrides:
        raise PlanError("Only a repeating date can skip or move a single time.")
    for skipped in plan.exdates:
        _check_moment(skipped)
    for original, override in plan.overrides.items():
        _check_moment(original)
        _check_span(override.start, override.end, all_day=plan.all_day, zone=zone)


def _check_text(plan: DatePlan) -> None:
    if not plan.uid.strip() or any(char in plan.uid for char in "\r\n"):
        raise PlanError("This plan has no usable identifier.")
    title = plan.title.strip()
    if not title:
        raise PlanError("Please give the date a name.")
    if len(title) > MAX_TITLE_LENGTH:
        raise PlanError(f"Please keep the name to {MAX_TITLE_LENGTH} characters or fewer.")
    if plan.planned_by is not None and not plan.planned_by.strip():
        raise PlanError("Please say who planned this date, or leave it open.")


def _check_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PlanError(f'"{name}" is not a time zone we know.') from None


def _check_moment(when: datetime) -> None:
    if when.tzinfo is None or when.utcoffset() is None:
        raise PlanError("A time in this plan has no time zone.")
    if not MIN_YEAR <= when.year <= MAX_YEAR:
        raise PlanError(f"Please pick a date between the years {MIN_YEAR} and {MAX_YEAR}.")


def _check_span(start: datetime, end: datetime | None, *, all_day: bool, zone: ZoneInfo) -> None:
    _check_moment(start)
    if end is not None:
        _check_moment(end)
        if end < start:
            raise PlanError("The date can't end before it starts.")
    if all_day:
        for moment in (start, end):
            if moment is not None and moment.astimezone(zone).time() != time(0):
                raise PlanError("An all-day date has to start and end at midnight.")


def _check_budget(budget: Decimal | None) -> None:
    if budget is None:
        return
    if not budget.is_finite():
        raise PlanError("The budget needs to be an amount of money.")
    if budget < 0:
        raise PlanError("The budget can't be below zero.")


def _check_reminders(reminders: tuple[timedelta, ...]) -> None:
    if any(lead < timedelta(0) for lead in reminders):
        raise PlanError("A reminder has to come before the date, not after it.")
