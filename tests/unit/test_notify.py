"""The notifier chain and what a notification is, without a display or a bus.

The backends have their own tests in ``test_notify_backends.py``.
"""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest
from pytestqt.qtbot import QtBot

from closeness_desktop.companion.notifications.chain import NotifierChain, default_chain
from closeness_desktop.companion.notifications.message import (
    CloseReason,
    Notification,
    NotifierEvents,
    NotifyError,
    Urgency,
    escape_markup,
)
from closeness_desktop.companion.notifications.tray import BannerNotifier

PRIVATE_TITLE = "Meet me at the blue door"


class FakeBackend(NotifierEvents):
    """A scripted backend: reports at once, or holds its answer until the test gives it.

    ``outcome`` is "shown" or "failed" (reported before ``send`` returns), "raise" (a
    :class:`NotifyError`), "crash" (a bug) or "hold" (nothing until :meth:`answer`).
    """

    def __init__(
        self,
        name: str,
        outcome: str = "shown",
        *,
        available: bool = True,
        supports_actions: bool = False,
    ) -> None:
        super().__init__()
        self.name = name
        self.supports_actions = supports_actions
        self.outcome = outcome
        self.is_available = available
        self.asked = 0
        self.sent: list[Notification] = []

    def available(self) -> bool:
        self.asked += 1
        return self.is_available

    def send(self, notification: Notification) -> None:
        self.sent.append(notification)
        if self.outcome == "raise":
            raise NotifyError("daemon said no")
        if self.outcome == "crash":
            raise RuntimeError("bug")
        if self.outcome in ("shown", "failed"):
            self.answer(notification.tag, self.outcome == "shown")

    def answer(self, tag: str, ok: bool) -> None:
        """What a backend reports when the daemon or helper program answered."""
        if ok:
            self.shown.emit(tag)
        else:
            self.failed.emit(tag, "daemon said no")


class Reports:
    """Everything a chain reported."""

    def __init__(self, chain: NotifierChain) -> None:
        self.shown: list[tuple[str, str]] = []
        self.failed: list[str] = []
        chain.shown.connect(lambda tag, backend: self.shown.append((tag, backend)))
        chain.failed.connect(self.failed.append)


def names(backends: list[FakeBackend] | tuple[object, ...]) -> list[str]:
    return [backend.name for backend in backends]  # type: ignore[attr-defined]


# ------------------------------------------------------------------------ notification


def test_notification_defaults_to_a_finite_timeout_and_a_unique_tag() -> None:
    first, second = Notification("a"), Notification("b")
    assert first.timeout_ms == 10_000
    assert first.urgency is Urgency.NORMAL
    assert first.tag != second.tag


@pytest.mark.parametrize("timeout_ms", [0, -1])
def test_notification_refuses_a_timeout_that_never_expires(timeout_ms: int) -> None:
    with pytest.raises(ValueError, match="timeout_ms"):
        Notification("a", timeout_ms=timeout_ms)


@pytest.mark.parametrize("actions", [(("a", "A"), ("a", "B")), (("", "Empty"),)])
def test_notification_refuses_duplicate_or_empty_action_ids(
    actions: tuple[tuple[str, str], ...],
) -> None:
    with pytest.raises(ValueError, match="action ids"):
        Notification("a", actions=actions)


def test_escape_markup_escapes_ampersand_first_and_angle_brackets() -> None:
    assert escape_markup('a & <b>"x"</b> &amp;') == 'a &amp; &lt;b&gt;"x"&lt;/b&gt; &amp;amp;'


# ----------------------------------------------------------------------------- chain


def test_send_returns_before_the_backend_answers_and_shown_follows(qapp: object) -> None:
    slow = FakeBackend("slow", "hold")
    chain = NotifierChain([slow, FakeBackend("banner")])
    reports = Reports(chain)
    notification = Notification("Tea", tag="tea")

    chain.send(notification)

    assert slow.sent == [notification]
    assert reports.shown == []
    assert reports.failed == []
    slow.answer("tea", ok=True)
    assert reports.shown == [("tea", "slow")]


def test_the_backend_is_chosen_once_and_kept(qapp: object) -> None:
    first, second = FakeBackend("first"), FakeBackend("second")
    chain = NotifierChain([first, second])

    for title in ("Tea", "Dinner", "Check-in"):
        chain.send(Notification(title))

    assert first.asked == 1  # "available?" on the first send only, not before every send
    assert len(first.sent) == 3
    assert second.asked == 0
    assert second.sent == []


def test_a_failing_backend_is_replaced_once_and_the_notification_resent(
    qapp: object, caplog: pytest.LogCaptureFixture
) -> None:
    broken = FakeBackend("broken", "hold")
    working = FakeBackend("working")
    chain = NotifierChain([broken, working, FakeBackend("banner")])
    reports = Reports(chain)
    first = Notification(PRIVATE_TITLE, "Bring the map", tag="first")

    with caplog.at_level(logging.INFO, logger="closeness.notify"):
        chain.send(first)
        assert working.sent == []  # nothing is tried before the kept backend answers
        broken.answer("first", ok=False)

    assert working.sent == [first]  # the failed notification, re-sent
    assert reports.shown == [("first", "working")]
    assert reports.failed == []
    (warning,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "broken" in warning.getMessage()
    assert "working" in warning.getMessage()
    assert "first" in warning.getMessage()
    assert PRIVATE_TITLE not in caplog.text
    assert "Bring the map" not in caplog.text

    later = Notification("Later", tag="later")
    chain.send(later)

    assert broken.sent == [first]  # retired: never tried again
    assert working.sent == [first, later]
    assert reports.shown[-1] == ("later", "working")


def test_a_backend_that_raises_is_replaced_at_once(qapp: object) -> None:
    refusing = FakeBackend("refusing", "raise")
    working = FakeBackend("working")
    chain = NotifierChain([refusing, working])
    reports = Reports(chain)

    chain.send(Notification("Tea", tag="tea"))
    chain.send(Notification("Dinner", tag="dinner"))

    assert len(refusing.sent) == 1
    assert names(chain.backends) == ["refusing", "working"]
    assert reports.shown == [("tea", "working"), ("dinner", "working")]


def test_a_backend_that_crashes_is_replaced_and_keeps_its_traceback(
    qapp: object, caplog: pytest.LogCaptureFixture
) -> None:
    chain = NotifierChain([FakeBackend("crashing", "crash"), FakeBackend("working")])
    reports = Reports(chain)

    with caplog.at_level(logging.ERROR, logger="closeness.notify"):
        chain.send(Notification("Tea", tag="tea"))

    assert reports.shown == [("tea", "working")]
    assert "crashing" in caplog.text
    assert caplog.records[0].exc_info is not None  # a bug keeps its traceback


def test_unavailable_backends_are_skipped_without_being_called(qapp: object) -> None:
    unavailable = FakeBackend("off", available=False)
    working = FakeBackend("on")
    chain = NotifierChain([unavailable, working])

    chain.send(Notification("Tea"))

    assert unavailable.sent == []
    assert chain.current(Notification("x")) is working


def test_failed_is_reported_when_every_backend_fails(
    qapp: object, caplog: pytest.LogCaptureFixture
) -> None:
    last = FakeBackend("last", "failed")
    chain = NotifierChain(
        [FakeBackend("first", "raise"), FakeBackend("off", available=False), last]
    )
    reports = Reports(chain)

    with caplog.at_level(logging.ERROR, logger="closeness.notify"):
        chain.send(Notification(PRIVATE_TITLE, tag="tea"))

    assert reports.failed == ["tea"]
    assert reports.shown == []
    assert "no notifier could show tea" in caplog.text
    assert PRIVATE_TITLE not in caplog.text
    # Nothing could replace the last one, so it stays: the next notification may fare better.
    last.outcome = "shown"
    chain.send(Notification("Dinner", tag="dinner"))
    assert reports.shown == [("dinner", "last")]


def test_nothing_available_is_reported_as_failed(qapp: object) -> None:
    chain = NotifierChain([FakeBackend("off", available=False)])
    reports = Reports(chain)

    chain.send(Notification("Tea", tag="tea"))

    assert reports.failed == ["tea"]


def test_a_late_answer_from_a_retired_backend_still_counts(qapp: object) -> None:
    broken = FakeBackend("broken", "hold")
    working = FakeBackend("working")
    chain = NotifierChain([broken, working])
    reports = Reports(chain)
    chain.send(Notification("One", tag="one"))
    chain.send(Notification("Two", tag="two"))
    chain.send(Notification("Three", tag="three"))

    broken.answer("one", ok=False)  # retires it; "one" goes to the replacement
    broken.answer("two", ok=True)  # was already on its way, and made it
    broken.answer("three", ok=False)  # did not: the replacement shows it

    assert [n.tag for n in working.sent] == ["one", "three"]
    assert sorted(reports.shown) == [("one", "working"), ("three", "working"), ("two", "broken")]


def test_an_answer_for_a_replaced_send_of_the_same_tag_is_ignored(qapp: object) -> None:
    broken = FakeBackend("broken", "hold")
    working = FakeBackend("working", "hold")
    chain = NotifierChain([broken, working])
    reports = Reports(chain)
    chain.send(Notification("Tea", tag="tea"))
    broken.answer("tea", ok=False)  # re-sent through "working", which holds it

    broken.answer("tea", ok=True)  # a stray report from the retired backend

    assert reports.shown == []
    working.answer("tea", ok=True)
    assert reports.shown == [("tea", "working")]


def test_notifications_with_actions_prefer_a_backend_with_buttons(qapp: object) -> None:
    plain = FakeBackend("plain")
    buttons = FakeBackend("buttons", supports_actions=True)
    chain = NotifierChain([plain, buttons])
    reports = Reports(chain)

    chain.send(Notification("Who's here?", actions=(("sam", "I'm Sam"),), tag="who"))
    chain.send(Notification("Just a note", tag="note"))

    assert reports.shown == [("who", "buttons"), ("note", "plain")]


def test_order_keeps_the_configured_order_among_equals(qapp: object) -> None:
    first, second = FakeBackend("first"), FakeBackend("second")
    third = FakeBackend("third", supports_actions=True)
    chain = NotifierChain([first, second, third])

    order = chain.order_for(Notification("q", actions=(("a", "A"),)))
    assert names(order) == ["third", "first", "second"]  # type: ignore[arg-type]


def test_chain_forwards_clicks_and_closes_from_its_backends(qapp: object) -> None:
    shown: list[Notification] = []
    banner = BannerNotifier(shown.append)
    chain = NotifierChain([banner])
    clicks: list[tuple[str, str]] = []
    closes: list[tuple[str, int]] = []
    chain.action_invoked.connect(lambda tag, action: clicks.append((tag, action)))
    chain.closed.connect(lambda tag, reason: closes.append((tag, reason)))

    chain.send(Notification("Who's here?", actions=(("sam", "I'm Sam"),), tag="greeting"))
    banner.invoke("greeting", "sam")
    banner.dismiss("greeting")

    assert [n.tag for n in shown] == ["greeting"]
    assert clicks == [("greeting", "sam")]
    assert closes == [("greeting", CloseReason.DISMISSED)]


def test_banner_reports_a_failing_window_without_its_message(qapp: object) -> None:
    def broken(_notification: Notification) -> None:
        raise RuntimeError(PRIVATE_TITLE)

    with pytest.raises(NotifyError, match="banner failed: RuntimeError") as raised:
        BannerNotifier(broken).send(Notification(PRIVATE_TITLE))
    assert PRIVATE_TITLE not in str(raised.value)


def test_banner_reports_shown_before_send_returns(qtbot: QtBot) -> None:
    banner = BannerNotifier(lambda _notification: None)
    with qtbot.waitSignal(banner.shown, timeout=0) as shown:
        banner.send(Notification("Tea", tag="tea"))
    assert shown.args == ["tea"]


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("linux", ["freedesktop", "plyer", "banner"]),
        ("freebsd14", ["freedesktop", "plyer", "banner"]),
        ("win32", ["plyer", "banner"]),
        ("darwin", ["plyer", "banner"]),
    ],
)
def test_default_chain_order_per_platform_without_tray(
    qapp: object, platform: str, expected: list[str]
) -> None:
    chain = default_chain(platform, None, lambda _n: None)
    assert names(chain.backends) == expected


def test_importing_the_notifiers_imports_neither_plyer_nor_widgets() -> None:
    code = (
        "import sys\n"
        "import closeness_desktop.companion.notifications.chain\n"
        "assert 'plyer' not in sys.modules\n"
        "assert 'PySide6.QtWidgets' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
