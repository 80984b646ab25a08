"""A month with default settings stays gentle: no ordinary day brings more than four
notifications, never two in the same minute, none in quiet hours."""

from __future__ import annotations

from collections import Counter
from datetime import date, time

import pytest
from PySide6.QtWidgets import QApplication

from closeness_desktop.household import Household
from closeness_desktop.rituals.config import RitualSettings
from tests.ui.month_in_the_life import (
    Month,
    memories_from_earlier_years,
    run_month,
    table,
    weekly_date_nights,
)

FIRST = date(2027, 2, 1)  # a February, 28 days, from a Monday
DAYS = 28
MOST_A_DAY = 4


@pytest.fixture(scope="module")
def month_of(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Month:
    from closeness_desktop.clock import FakeClock
    from tests.conftest import START, ZONE

    folder = tmp_path_factory.mktemp("month")
    household = Household.open(f"sqlite:///{folder / 'closeness.sqlite3'}", FakeClock(START, ZONE))
    try:
        import getpass

        household.partners.setup(["Sam", "Alex"], this_account="Sam", os_account=getpass.getuser())
        weekly_date_nights(household, FIRST, DAYS)
        memories_from_earlier_years(household, FIRST, DAYS)
        return run_month(household, FIRST, DAYS)
    finally:
        household.close()


def test_no_ordinary_day_brings_more_than_four(month_of: Month) -> None:
    per_day = Counter(
        sent.at.astimezone(month_of.clock.local_zone()).date() for sent in month_of.sent
    )
    assert per_day, "nothing was sent all month:\n" + table(month_of)
    busiest = max(per_day.values())
    assert busiest <= MOST_A_DAY, f"a day brought {busiest}:\n{table(month_of)}"


def test_never_two_in_the_same_minute(month_of: Month) -> None:
    minutes = Counter(sent.at.replace(second=0, microsecond=0) for sent in month_of.sent)
    crowded = {minute: count for minute, count in minutes.items() if count > 1}
    assert not crowded, f"two at once at {sorted(crowded)}:\n{table(month_of)}"


def test_none_in_quiet_hours(month_of: Month) -> None:
    quiet = RitualSettings().quiet
    zone = month_of.clock.local_zone()

    def in_quiet(at: time) -> bool:
        if quiet.start <= quiet.end:
            return quiet.start <= at < quiet.end
        return at >= quiet.start or at < quiet.end

    loud = [sent for sent in month_of.sent if in_quiet(sent.at.astimezone(zone).time())]
    assert not loud, f"in quiet hours: {loud}:\n{table(month_of)}"
