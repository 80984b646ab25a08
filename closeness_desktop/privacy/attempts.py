"""The growing wait after a wrong passphrase: none after the first, then doubling.

Kept with the lock in the database, so quitting and starting again does not reset it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

#: The longest wait between two tries.
LONGEST = timedelta(minutes=5)


def wait_after(failures: int) -> timedelta:
    """How long to wait after ``failures`` wrong tries in a row before the next is heard."""
    if failures <= 1:
        return timedelta(0)
    # The power capped first: from 48 tries on, 2**47 seconds is more than timedelta holds.
    return min(timedelta(seconds=2 ** min(failures - 1, 16)), LONGEST)


def next_try(failures: int, last_failed: datetime | None) -> datetime | None:
    """When the next try will be heard; None when it may come now."""
    if last_failed is None:
        return None
    wait = wait_after(failures)
    return last_failed + wait if wait else None
