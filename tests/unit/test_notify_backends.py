"""The plyer and freedesktop backends, without a display or a notification daemon.

plyer's helper programs are small fake programs on PATH, run by a real QProcess; the
D-Bus backend talks to a fake bus whose replies arrive on the event loop, as real ones do.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtDBus import QDBusArgument, QDBusMessage, QDBusPendingCall
from pytestqt.qtbot import QtBot

from closeness_desktop.companion.notifications import freedesktop, plyer_backend
from closeness_desktop.companion.notifications.freedesktop import FreedesktopNotifier
from closeness_desktop.companion.notifications.message import (
    CloseReason,
    Notification,
    NotifierEvents,
    NotifyError,
    Urgency,
)
from closeness_desktop.companion.notifications.plyer_backend import (
    PlyerNotifier,
    gvariant_string,
)

#: QtDBus typed marshalling goes through libQt6DBus.so.6, and plyer picks notify-send, on Linux.
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="freedesktop notifications are Linux's"
)
#: The fake helper programs are scripts with a #! line.
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="fake programs are scripts")

QUOTED_TITLE = 'She said "it\'s <b>fine</b>" & left \\o/'
WAIT_MS = 10_000


class Outcome:
    """The one report a backend gives for a send: ``("shown", tag)`` or ``("failed", ...)``."""

    def __init__(self, backend: NotifierEvents) -> None:
        self.reports: list[tuple[str, ...]] = []
        backend.shown.connect(lambda tag: self.reports.append(("shown", tag)))
        backend.failed.connect(lambda tag, reason: self.reports.append(("failed", tag, reason)))

    def wait(self, qtbot: QtBot) -> tuple[str, ...]:
        qtbot.waitUntil(lambda: bool(self.reports), timeout=WAIT_MS)
        (report,) = self.reports
        return report


# ----------------------------------------------------------------------------- plyer


def fake_plyer_backend(kind: str, **attributes: Any) -> object:
    """An object whose class has the name of one of plyer's implementations."""
    return type(kind, (), attributes)()


def plyer_with(kind: str, timeout_ms: int = WAIT_MS, **attributes: Any) -> PlyerNotifier:
    backend = fake_plyer_backend(kind, **attributes)
    return PlyerNotifier(load_backend=lambda: backend, timeout_ms=timeout_ms)


class FakePrograms:
    """A folder on PATH of fake helper programs that record how they were called."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def add(self, name: str, body: str = "") -> Path:
        """``name`` records its arguments (and pid) to ``name.json``, then runs ``body``."""
        script = self.folder / name
        record = self.folder / f"{name}.json"
        script.write_text(
            f"#!{sys.executable}\n"
            "import json, os, sys, time\n"
            f"open({str(record)!r}, 'w').write(json.dumps([os.getpid(), sys.argv[1:]]))\n"
            + textwrap.dedent(body)
        )
        script.chmod(0o755)
        return script

    def call(self, name: str) -> tuple[int, list[str]]:
        pid, arguments = json.loads((self.folder / f"{name}.json").read_text())
        return pid, arguments


@pytest.fixture
def programs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakePrograms:
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return FakePrograms(folder)


@posix_only
def test_notify_send_gets_icon_timeout_and_escaped_body(
    qtbot: QtBot, programs: FakePrograms
) -> None:
    programs.add("notify-send")
    notifier = plyer_with("NotifySendNotification")
    outcome = Outcome(notifier)

    notifier.send(
        Notification("-Tea time", "a & <b>", urgency=Urgency.LOW, category="x-c.r", tag="t")
    )

    assert outcome.wait(qtbot) == ("shown", "t")
    assert programs.call("notify-send")[1] == [
        "--app-name=Closeness",
        "--icon=closeness",
        "--urgency=low",
        "--expire-time=10000",
        "--hint=string:desktop-entry:closeness",
        "--category=x-c.r",
        "--",
        "-Tea time",
        "a &amp; &lt;b&gt;",
    ]


@posix_only
def test_send_returns_before_the_helper_finishes(
    qtbot: QtBot, programs: FakePrograms, tmp_path: Path
) -> None:
    gate = tmp_path / "gate"
    # It cannot finish before the test opens the gate, whatever the machine's speed.
    programs.add("notify-send", f"while not os.path.exists({str(gate)!r}): time.sleep(0.01)\n")
    notifier = plyer_with("NotifySendNotification")
    outcome = Outcome(notifier)

    notifier.send(Notification("Tea", tag="t"))

    assert outcome.reports == []
    qtbot.waitUntil((programs.folder / "notify-send.json").exists, timeout=WAIT_MS)
    assert outcome.reports == []  # running, and the event loop with it
    gate.touch()
    assert outcome.wait(qtbot) == ("shown", "t")


@posix_only
def test_a_failing_helper_reports_its_exit_code_and_error(
    qtbot: QtBot, programs: FakePrograms
) -> None:
    programs.add(
        "notify-send", "print('Could not connect: nobody', file=sys.stderr)\nsys.exit(1)\n"
    )
    notifier = plyer_with("NotifySendNotification")
    outcome = Outcome(notifier)

    notifier.send(Notification("Tea", tag="t"))

    assert outcome.wait(qtbot) == (
        "failed",
        "t",
        "notify-send exited with 1: Could not connect: nobody",
    )


@posix_only
def test_an_error_line_that_quotes_the_notification_is_withheld(
    qtbot: QtBot, programs: FakePrograms
) -> None:
    programs.add("gdbus", "print('cannot parse ' + sys.argv[-1], file=sys.stderr)\nsys.exit(1)\n")
    notifier = plyer_with("NotifyDesktopPortals")
    outcome = Outcome(notifier)

    notifier.send(Notification("Secret plans", tag="t"))

    _failed, _tag, reason = outcome.wait(qtbot)
    assert reason == "gdbus exited with 1: (its error message quotes the notification)"


@posix_only
def test_a_missing_helper_is_a_failure(qtbot: QtBot, programs: FakePrograms) -> None:
    notifier = plyer_with("NotifySendNotification")
    outcome = Outcome(notifier)

    notifier.send(Notification("Tea", tag="t"))

    report = outcome.wait(qtbot)
    assert report[:2] == ("failed", "t")
    assert "notify-send could not run" in report[2]


@posix_only
def test_a_hanging_helper_is_killed_and_counts_as_a_failure(
    qtbot: QtBot, programs: FakePrograms
) -> None:
    programs.add("notify-send", "time.sleep(600)\n")
    notifier = plyer_with("NotifySendNotification", timeout_ms=200)
    outcome = Outcome(notifier)

    notifier.send(Notification("Tea", tag="t"))

    assert outcome.wait(qtbot) == ("failed", "t", "notify-send did not finish within 200 ms")
    pid, _arguments = programs.call("notify-send")

    def gone() -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False

    qtbot.waitUntil(gone, timeout=WAIT_MS)  # killed, and reaped by QProcess
    assert len(outcome.reports) == 1  # the kill is not reported a second time


def test_notify_send_is_unavailable_without_the_program(programs: FakePrograms) -> None:
    assert plyer_with("NotifySendNotification").available() is False


@posix_only
def test_portal_path_quotes_the_gvariant_so_quotes_cannot_break_it(
    qtbot: QtBot, programs: FakePrograms
) -> None:
    programs.add("gdbus")
    notifier = plyer_with("NotifyDesktopPortals")
    outcome = Outcome(notifier)

    notifier.send(Notification(QUOTED_TITLE, "it's\nfine", tag="t1"))

    assert outcome.wait(qtbot) == ("shown", "t1")
    arguments = programs.call("gdbus")[1]
    assert arguments[0] == "call"
    assert arguments[-2] == "t1"
    assert arguments[-1] == (
        "{'title': <'She said \"it\\'s <b>fine</b>\" & left \\\\o/'>, "
        "'body': <'it\\'s\nfine'>, 'priority': <'normal'>}"
    )


def test_gvariant_string_escapes_backslash_before_quote() -> None:
    assert gvariant_string("a'b\\") == "'a\\'b\\\\'"


def facade_calls(kind: str) -> tuple[PlyerNotifier, list[dict[str, Any]]]:
    calls: list[dict[str, Any]] = []

    def notify_(self: object, **kwargs: Any) -> None:
        calls.append(kwargs)

    return plyer_with(kind, notify=notify_), calls


def test_dbus_python_facade_runs_off_the_gui_thread_with_the_keywords_it_reads(
    qtbot: QtBot,
) -> None:
    notifier, calls = facade_calls("NotifyDbus")
    outcome = Outcome(notifier)

    notifier.send(Notification(QUOTED_TITLE, "a & b", timeout_ms=7_400, tag="t"))

    assert outcome.wait(qtbot) == ("shown", "t")
    assert calls == [
        {
            "title": QUOTED_TITLE,
            "message": "a &amp; b",
            "app_name": "Closeness",
            "app_icon": "closeness",
            "timeout": 7,
            "hints": {"desktop-entry": "closeness"},
        }
    ]


def test_plyer_on_windows_passes_only_an_ico_icon_and_a_plain_body(qapp: object) -> None:
    notifier, calls = facade_calls("WindowsNotification")
    outcome = Outcome(notifier)

    notifier.send(Notification("Tea", "a & b", timeout_ms=300, tag="t"))

    assert outcome.reports == [("shown", "t")]  # the balloon starts its own thread
    assert calls[0]["app_icon"] == ""
    assert calls[0]["message"] == "a & b"
    assert calls[0]["timeout"] == 1  # never 0


@pytest.mark.parametrize("kind", ["OSXNotification", "NotifyDbus"])
def test_plyer_facade_errors_become_failures(qtbot: QtBot, kind: str) -> None:
    def notify_(self: object, **kwargs: Any) -> None:
        raise OSError("balloon failed")

    notifier = plyer_with(kind, notify=notify_)
    outcome = Outcome(notifier)

    notifier.send(Notification("Tea", tag="t"))

    _failed, _tag, reason = outcome.wait(qtbot)
    assert "balloon failed" in reason


def test_plyer_without_an_implementation_is_unavailable(qapp: object) -> None:
    assert plyer_with("Notification").available() is False


def test_plyer_that_cannot_load_is_unavailable(qapp: object) -> None:
    def load() -> object:
        raise NotifyError("no plyer")

    assert PlyerNotifier(load_backend=load).available() is False


@linux_only
def test_real_plyer_loads_without_leaking_its_warning() -> None:
    # filterwarnings=error: plyer's "dbus is not installed" warning would fail this test.
    backend = plyer_backend._load_plyer_backend()
    assert type(backend).__module__.startswith("plyer.platforms.")


# ----------------------------------------------------------------------- freedesktop


class FakeBus:
    """Stands in for QDBusConnection: records calls; replies arrive on the event loop."""

    def __init__(self, reply: Callable[[QDBusMessage], QDBusMessage]) -> None:
        self.calls: list[QDBusMessage] = []
        self.subscriptions: list[tuple[str, str]] = []
        self._reply = reply

    def isConnected(self) -> bool:
        return True

    def asyncCall(self, message: QDBusMessage, _timeout: int = -1) -> QDBusPendingCall:
        self.calls.append(message)
        return QDBusPendingCall.fromCompletedCall(self._reply(message))

    def connect(self, *args: Any) -> bool:
        self.subscriptions.append((args[0], args[3]))
        return True


def replies_with_id(notification_id: int) -> Callable[[QDBusMessage], QDBusMessage]:
    return lambda message: message.createReply(notification_id)


def notifier_on(bus: FakeBus) -> FreedesktopNotifier:
    return FreedesktopNotifier(bus=bus)  # type: ignore[arg-type]


def signal(member: str, *arguments: Any) -> QDBusMessage:
    message = QDBusMessage.createSignal(
        FreedesktopNotifier.PATH, FreedesktopNotifier.INTERFACE, member
    )
    message.setArguments(list(arguments))
    return message


def shown(qtbot: QtBot, notifier: FreedesktopNotifier, notification: Notification) -> None:
    """Send and wait for the reply to arrive."""
    with qtbot.waitSignal(notifier.shown, timeout=WAIT_MS):
        notifier.send(notification)


@linux_only
def test_dbus_scalar_marshals_uint32_and_byte() -> None:
    assert freedesktop.dbus_scalar("u", 7).currentSignature() == "u"
    assert freedesktop.dbus_scalar("y", 2).currentSignature() == "y"


@linux_only
def test_freedesktop_sends_the_spec_types_and_our_name_icon_and_timeout(qtbot: QtBot) -> None:
    bus = FakeBus(replies_with_id(42))
    question = Notification(
        QUOTED_TITLE,
        "Kettle & cups",
        actions=(("sam", "I'm Sam"), ("alex", "I'm Alex")),
        urgency=Urgency.CRITICAL,
        category="x-closeness.greeting",
    )

    shown(qtbot, notifier_on(bus), question)

    (call,) = bus.calls
    assert (call.service(), call.path(), call.member()) == (
        "org.freedesktop.Notifications",
        "/org/freedesktop/Notifications",
        "Notify",
    )
    app, replaces, icon, summary, body, actions, hints, timeout = call.arguments()
    assert (app, icon, summary, body, timeout) == (
        "Closeness",
        "closeness",
        QUOTED_TITLE,  # the summary is plain text: the daemon escapes it
        "Kettle &amp; cups",
        10_000,
    )
    assert isinstance(replaces, QDBusArgument)
    assert replaces.currentSignature() == "u"
    assert actions == ["sam", "I'm Sam", "alex", "I'm Alex"]
    assert hints["desktop-entry"] == "closeness"
    assert hints["category"] == "x-closeness.greeting"
    assert hints["urgency"].currentSignature() == "y"
    # Any sender: naming the service would make QtDBus ask the bus for its owner, and wait.
    assert set(bus.subscriptions) == {("", "ActionInvoked"), ("", "NotificationClosed")}


@linux_only
def test_freedesktop_asks_the_bus_nothing_before_a_send(qapp: object) -> None:
    bus = FakeBus(replies_with_id(1))
    notifier = notifier_on(bus)

    assert notifier.available() is True
    assert bus.calls == []


@linux_only
def test_freedesktop_send_returns_before_the_reply(qtbot: QtBot) -> None:
    notifier = notifier_on(FakeBus(replies_with_id(1)))
    outcome = Outcome(notifier)

    notifier.send(Notification("Tea", tag="t"))

    assert outcome.reports == []  # the reply is read on the event loop
    assert outcome.wait(qtbot) == ("shown", "t")


@linux_only
def test_freedesktop_sends_an_empty_action_list_as_strings(qtbot: QtBot) -> None:
    bus = FakeBus(replies_with_id(1))
    shown(qtbot, notifier_on(bus), Notification("Tea"))
    actions = bus.calls[0].arguments()[5]
    assert isinstance(actions, QDBusArgument)
    assert actions.currentSignature() == "as"  # a plain [] would go out as "av"


@linux_only
def test_freedesktop_error_reply_is_a_failure(qtbot: QtBot) -> None:
    bus = FakeBus(lambda message: message.createErrorReply("org.x.Failed", "daemon sulks"))
    notifier = notifier_on(bus)
    outcome = Outcome(notifier)

    notifier.send(Notification("Tea", tag="t"))

    assert outcome.wait(qtbot) == ("failed", "t", "Notify failed: org.x.Failed: daemon sulks")


@linux_only
def test_freedesktop_maps_clicks_and_closes_back_to_tags(qtbot: QtBot) -> None:
    notifier = notifier_on(FakeBus(replies_with_id(42)))
    clicks: list[tuple[str, str]] = []
    closes: list[tuple[str, int]] = []
    notifier.action_invoked.connect(lambda tag, action: clicks.append((tag, action)))
    notifier.closed.connect(lambda tag, reason: closes.append((tag, reason)))
    question = Notification("Who's here?", actions=(("alex", "I'm Alex"),), tag="greeting")
    notifier._on_action_invoked(signal("ActionInvoked", 42, "alex"))  # not ours before the reply
    shown(qtbot, notifier, question)

    notifier._on_action_invoked(signal("ActionInvoked", 41, "sam"))  # someone else's
    notifier._on_action_invoked(signal("ActionInvoked", 42, "alex"))
    notifier._on_notification_closed(signal("NotificationClosed", 42, 2))
    notifier._on_action_invoked(signal("ActionInvoked", 42, "alex"))  # already closed

    assert clicks == [("greeting", "alex")]
    assert closes == [("greeting", CloseReason.DISMISSED)]


@linux_only
def test_freedesktop_keeps_one_id_per_tag(qtbot: QtBot) -> None:
    ids = iter([42, 43])
    notifier = notifier_on(FakeBus(lambda message: message.createReply(next(ids))))
    clicks: list[tuple[str, str]] = []
    notifier.action_invoked.connect(lambda tag, action: clicks.append((tag, action)))

    shown(qtbot, notifier, Notification("First", actions=(("ok", "OK"),), tag="tea"))
    shown(qtbot, notifier, Notification("Second", actions=(("ok", "OK"),), tag="tea"))
    notifier._on_action_invoked(signal("ActionInvoked", 42, "ok"))  # the replaced one
    notifier._on_action_invoked(signal("ActionInvoked", 43, "ok"))

    assert clicks == [("tea", "ok")]


@linux_only
def test_a_second_send_of_a_tag_waits_for_the_first_reply(qtbot: QtBot) -> None:
    bus = FakeBus(replies_with_id(42))
    notifier = notifier_on(bus)
    outcome = Outcome(notifier)

    notifier.send(Notification("First", tag="tea"))
    notifier.send(Notification("Second", tag="tea"))

    # The second must replace the first, whose id is not known before its reply.
    assert [call.arguments()[3] for call in bus.calls] == ["First"]
    qtbot.waitUntil(lambda: len(bus.calls) == 2, timeout=WAIT_MS)
    assert bus.calls[1].arguments()[3] == "Second"
    assert outcome.wait(qtbot) == ("shown", "tea")  # one report for both


@linux_only
def test_freedesktop_close_calls_close_notification_for_the_tag(qtbot: QtBot) -> None:
    bus = FakeBus(replies_with_id(42))
    notifier = notifier_on(bus)
    shown(qtbot, notifier, Notification("Tea", tag="tea"))

    notifier.close("tea")
    notifier.close("unknown")

    assert [call.member() for call in bus.calls] == ["Notify", "CloseNotification"]
