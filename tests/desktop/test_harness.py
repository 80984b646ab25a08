"""The harness's own promises: each test sees only its own bus traffic, and a message's
sender leads back to the process that sent it."""

from __future__ import annotations

import pytest

from tests.desktop.harness import Desktop
from tests.desktop.test_notify_desktop import finish_cleanly, start_notify, unique

pytestmark = pytest.mark.desktop


def test_a_new_test_does_not_see_what_was_sent_before_it_began(desktop: Desktop) -> None:
    earlier = unique("Sent before")
    child = start_notify(desktop, "freedesktop", title=earlier)
    desktop.wait_for_notification(lambda n: n["summary"] == earlier)
    finish_cleanly(child)

    desktop.begin_test()  # what the fixture does before every test

    assert desktop.notifications() == []
    assert desktop.displayed_count() == 0
    later = unique("Sent after")
    child = start_notify(desktop, "freedesktop", title=later)
    desktop.wait_for_notification(lambda n: n["summary"] == later)
    assert [n["summary"] for n in desktop.notifications()] == [later]
    finish_cleanly(child)


def test_notifications_can_be_told_apart_by_the_process_that_sent_them(
    desktop: Desktop,
) -> None:
    first, second = unique("From the first"), unique("From the second")
    one = start_notify(desktop, "freedesktop", title=first)
    two = start_notify(desktop, "freedesktop", title=second)

    from_one = desktop.wait_for_notification(lambda _n: True, sent_by=one.process.pid)
    from_two = desktop.wait_for_notification(lambda _n: True, sent_by=two.process.pid)

    assert (from_one["summary"], from_two["summary"]) == (first, second)
    assert desktop.connection_pid(from_one["sender"]) == one.process.pid
    assert [n["summary"] for n in desktop.notifications(sent_by=one.process.pid)] == [first]
    finish_cleanly(one)
    finish_cleanly(two)
