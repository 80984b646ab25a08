"""The notifier chain and its backends, without a display or a bus (QtCore only)."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtDBus import QDBusArgument, QDBusMessage

from closeness_desktop.companion import notify
from closeness_desktop.companion.notify import (
    BannerNotifier,
    CloseReason,
    FreedesktopNotifier,
    Notification,
    NotifierChain,
    NotifyError,
    PlyerNotifier,
    Urgency,
    default_chain,
    escape_markup,
    gvariant_string,
)

#: QtDBus typed marshalling goes through libQt6DBus.so.6, and plyer picks notify-send, on Linux.
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="freedesktop notifications are Linux's"
)

QUOTED_TITLE = 'She said "it\'s <b>fine</b>" & left \\o/'


class FakeBackend:
    """A scripted :class:`notify.Notifier` that records what it was asked to show."""

    def __init__(
        self,
        name: str,
        *,
        available: bool = True,
        fails: Exception | None = None,
        supports_actions: bool = False,
    ) -> None:
        self.name = name
        self.supports_actions = supports_actions
        self._available = available
        self._fails = fails
        self.sent: list[Notification] = []

    def available(self) -> bool:
        return self._available

    def send(self, notification: Notification) -> None:
        if self._fails is not None:
            raise self._fails
        self.sent.append(notification)


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


def test_chain_falls_through_a_failing_backend_and_logs_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = FakeBackend("broken", fails=NotifyError("daemon said no"))
    working = FakeBackend("working")
    chain = NotifierChain([broken, working])
    notification = Notification("Tea")

    with caplog.at_level(logging.WARNING, logger="closeness.notify"):
        winner = chain.send(notification)

    assert winner is working
    assert working.sent == [notification]
    (record,) = caplog.records
    assert record.name == "closeness.notify"
    assert "broken" in record.getMessage()
    assert "daemon said no" in record.getMessage()


def test_chain_skips_unavailable_backends_without_calling_them() -> None:
    unavailable = FakeBackend("off", available=False)
    working = FakeBackend("on")

    assert NotifierChain([unavailable, working]).send(Notification("Tea")) is working
    assert unavailable.sent == []


def test_chain_survives_a_backend_that_crashes(caplog: pytest.LogCaptureFixture) -> None:
    crashing = FakeBackend("crashing", fails=RuntimeError("bug"))
    working = FakeBackend("working")

    with caplog.at_level(logging.ERROR, logger="closeness.notify"):
        assert NotifierChain([crashing, working]).send(Notification("Tea")) is working

    assert "crashing" in caplog.text
    assert caplog.records[0].exc_info is not None  # a bug keeps its traceback


def test_chain_raises_when_every_backend_fails() -> None:
    chain = NotifierChain(
        [FakeBackend("a", fails=NotifyError("x")), FakeBackend("b", available=False)]
    )
    with pytest.raises(NotifyError, match="no notifier"):
        chain.send(Notification("Tea"))


def test_chain_prefers_backends_with_buttons_for_a_notification_with_actions() -> None:
    plain = FakeBackend("plain")
    buttons = FakeBackend("buttons", supports_actions=True)
    chain = NotifierChain([plain, buttons])

    question = Notification("Who's here?", actions=(("sam", "I'm Sam"), ("alex", "I'm Alex")))
    assert chain.send(question) is buttons
    assert chain.send(Notification("Just a note")) is plain


def test_chain_keeps_the_configured_order_among_equals() -> None:
    first, second = FakeBackend("first"), FakeBackend("second")
    third = FakeBackend("third", supports_actions=True)
    chain = NotifierChain([first, second, third])

    order = chain.order_for(Notification("q", actions=(("a", "A"),)))
    assert [backend.name for backend in order] == ["third", "first", "second"]


def test_chain_forwards_clicks_and_closes_from_its_backends() -> None:
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


def test_banner_reports_a_failing_window_as_notify_error() -> None:
    def broken(_notification: Notification) -> None:
        raise RuntimeError("no window")

    with pytest.raises(NotifyError, match="no window"):
        BannerNotifier(broken).send(Notification("Tea"))


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("linux", ["freedesktop", "plyer", "banner"]),
        ("freebsd14", ["freedesktop", "plyer", "banner"]),
        ("win32", ["plyer", "banner"]),
        ("darwin", ["plyer", "banner"]),
    ],
)
def test_default_chain_order_per_platform_without_tray(platform: str, expected: list[str]) -> None:
    chain = default_chain(platform, None, lambda _n: None)
    assert [backend.name for backend in chain.backends] == expected


# ----------------------------------------------------------------------------- plyer


def fake_plyer_backend(kind: str, **attributes: Any) -> object:
    """An object whose class has the name of one of plyer's implementations."""
    return type(kind, (), attributes)()


class FakeRun:
    """Stands in for ``subprocess.run``; records every command."""

    def __init__(self, returncode: int = 0, stderr: str = "", raises: Exception | None = None):
        self.commands: list[list[str]] = []
        self.kwargs: list[dict[str, Any]] = []
        self._returncode = returncode
        self._stderr = stderr
        self._raises = raises

    def __call__(self, command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        self.commands.append(command)
        self.kwargs.append(kwargs)
        if self._raises is not None:
            raise self._raises
        return subprocess.CompletedProcess(command, self._returncode, "", self._stderr)


def plyer_with(kind: str, run: FakeRun | None = None, **attributes: Any) -> PlyerNotifier:
    backend = fake_plyer_backend(kind, **attributes)
    return PlyerNotifier(load_backend=lambda: backend, run=run or FakeRun())


def test_plyer_notify_send_path_passes_icon_timeout_and_escaped_body() -> None:
    run = FakeRun()
    notifier = plyer_with("NotifySendNotification", run)

    notifier.send(Notification("-Tea time", "a & <b>", urgency=Urgency.LOW, category="x-c.r"))

    (command,) = run.commands
    assert command == [
        "notify-send",
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
    assert run.kwargs[0]["timeout"] > 0
    assert run.kwargs[0]["check"] is False  # the exit code is checked by the wrapper


def test_plyer_notify_send_failure_raises_with_the_error_text() -> None:
    notifier = plyer_with("NotifySendNotification", FakeRun(1, "Could not connect"))
    with pytest.raises(NotifyError, match="exited with 1: Could not connect"):
        notifier.send(Notification("Tea"))


@pytest.mark.parametrize(
    "error", [FileNotFoundError("notify-send"), subprocess.TimeoutExpired("notify-send", 5)]
)
def test_plyer_notify_send_missing_or_hanging_raises(error: Exception) -> None:
    notifier = plyer_with("NotifySendNotification", FakeRun(raises=error))
    with pytest.raises(NotifyError, match="could not run"):
        notifier.send(Notification("Tea"))


def test_plyer_notify_send_is_unavailable_without_the_program(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert plyer_with("NotifySendNotification").available() is False


def test_plyer_portal_path_quotes_the_gvariant_so_quotes_cannot_break_it() -> None:
    run = FakeRun()
    notifier = plyer_with("NotifyDesktopPortals", run)

    notifier.send(Notification(QUOTED_TITLE, "it's\nfine", tag="t1"))

    (command,) = run.commands
    assert command[:2] == ["gdbus", "call"]
    assert command[-2] == "t1"
    assert command[-1] == (
        "{'title': <'She said \"it\\'s <b>fine</b>\" & left \\\\o/'>, "
        "'body': <'it\\'s\nfine'>, 'priority': <'normal'>}"
    )


def test_gvariant_string_escapes_backslash_before_quote() -> None:
    assert gvariant_string("a'b\\") == "'a\\'b\\\\'"


def test_plyer_portal_failure_raises() -> None:
    notifier = plyer_with("NotifyDesktopPortals", FakeRun(1, "no portal"))
    with pytest.raises(NotifyError, match="no portal"):
        notifier.send(Notification("Tea"))


def facade_calls(kind: str) -> tuple[PlyerNotifier, list[dict[str, Any]]]:
    calls: list[dict[str, Any]] = []

    def notify_(self: object, **kwargs: Any) -> None:
        calls.append(kwargs)

    return plyer_with(kind, notify=notify_), calls


def test_plyer_facade_gets_the_keywords_it_reads_with_seconds_for_timeout() -> None:
    notifier, calls = facade_calls("NotifyDbus")

    notifier.send(Notification(QUOTED_TITLE, "a & b", timeout_ms=7_400))

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


def test_plyer_on_windows_passes_only_an_ico_icon_and_a_plain_body() -> None:
    notifier, calls = facade_calls("WindowsNotification")

    notifier.send(Notification("Tea", "a & b", timeout_ms=300))

    assert calls[0]["app_icon"] == ""
    assert calls[0]["message"] == "a & b"
    assert calls[0]["timeout"] == 1  # never 0


def test_plyer_facade_errors_become_notify_error() -> None:
    def notify_(self: object, **kwargs: Any) -> None:
        raise OSError("balloon failed")

    notifier = plyer_with("OSXNotification", notify=notify_)
    with pytest.raises(NotifyError, match="balloon failed"):
        notifier.send(Notification("Tea"))


def test_plyer_without_an_implementation_is_unavailable() -> None:
    assert plyer_with("Notification").available() is False


def test_plyer_that_cannot_load_is_unavailable() -> None:
    def load() -> object:
        raise NotifyError("no plyer")

    assert PlyerNotifier(load_backend=load).available() is False


@linux_only
def test_real_plyer_loads_without_leaking_its_warning() -> None:
    # filterwarnings=error: plyer's "dbus is not installed" warning would fail this test.
    backend = notify._load_plyer_backend()
    assert type(backend).__module__.startswith("plyer.platforms.")


def test_importing_notify_imports_neither_plyer_nor_widgets() -> None:
    code = (
        "import sys, closeness_desktop.companion.notify\n"
        "assert 'plyer' not in sys.modules\n"
        "assert 'PySide6.QtWidgets' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# ----------------------------------------------------------------------- freedesktop


class FakeBus:
    """Stands in for QDBusConnection: records calls and answers with ``reply``."""

    def __init__(self, reply: Callable[[QDBusMessage], QDBusMessage]) -> None:
        self.calls: list[QDBusMessage] = []
        self.subscriptions: list[str] = []
        self._reply = reply

    def isConnected(self) -> bool:
        return True

    def call(self, message: QDBusMessage, *_args: Any) -> QDBusMessage:
        self.calls.append(message)
        return self._reply(message)

    def connect(self, *args: Any) -> bool:
        self.subscriptions.append(args[3])
        return True


def replies_with_id(notification_id: int) -> Callable[[QDBusMessage], QDBusMessage]:
    return lambda message: message.createReply(notification_id)


def freedesktop(bus: FakeBus) -> FreedesktopNotifier:
    return FreedesktopNotifier(bus=bus)  # type: ignore[arg-type]


def signal(member: str, *arguments: Any) -> QDBusMessage:
    message = QDBusMessage.createSignal(
        FreedesktopNotifier.PATH, FreedesktopNotifier.INTERFACE, member
    )
    message.setArguments(list(arguments))
    return message


@linux_only
def test_dbus_scalar_marshals_uint32_and_byte() -> None:
    assert notify.dbus_scalar("u", 7).currentSignature() == "u"
    assert notify.dbus_scalar("y", 2).currentSignature() == "y"


@linux_only
def test_freedesktop_sends_the_spec_types_and_our_name_icon_and_timeout() -> None:
    bus = FakeBus(replies_with_id(42))
    question = Notification(
        QUOTED_TITLE,
        "Kettle & cups",
        actions=(("sam", "I'm Sam"), ("alex", "I'm Alex")),
        urgency=Urgency.CRITICAL,
        category="x-closeness.greeting",
    )

    freedesktop(bus).send(question)

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
    assert set(bus.subscriptions) == {"ActionInvoked", "NotificationClosed"}


@linux_only
def test_freedesktop_sends_an_empty_action_list_as_strings() -> None:
    bus = FakeBus(replies_with_id(1))
    freedesktop(bus).send(Notification("Tea"))
    actions = bus.calls[0].arguments()[5]
    assert isinstance(actions, QDBusArgument)
    assert actions.currentSignature() == "as"  # a plain [] would go out as "av"


@linux_only
def test_freedesktop_error_reply_raises_notify_error() -> None:
    bus = FakeBus(lambda message: message.createErrorReply("org.x.Failed", "daemon sulks"))
    with pytest.raises(NotifyError, match=r"org\.x\.Failed: daemon sulks"):
        freedesktop(bus).send(Notification("Tea"))


@linux_only
def test_freedesktop_maps_clicks_and_closes_back_to_tags() -> None:
    notifier = freedesktop(FakeBus(replies_with_id(42)))
    clicks: list[tuple[str, str]] = []
    closes: list[tuple[str, int]] = []
    notifier.action_invoked.connect(lambda tag, action: clicks.append((tag, action)))
    notifier.closed.connect(lambda tag, reason: closes.append((tag, reason)))
    notifier.send(Notification("Who's here?", actions=(("alex", "I'm Alex"),), tag="greeting"))

    notifier._on_action_invoked(signal("ActionInvoked", 41, "sam"))  # someone else's
    notifier._on_action_invoked(signal("ActionInvoked", 42, "alex"))
    notifier._on_notification_closed(signal("NotificationClosed", 42, 2))
    notifier._on_action_invoked(signal("ActionInvoked", 42, "alex"))  # already closed

    assert clicks == [("greeting", "alex")]
    assert closes == [("greeting", CloseReason.DISMISSED)]


@linux_only
def test_freedesktop_keeps_one_id_per_tag() -> None:
    ids = iter([42, 43])
    notifier = freedesktop(FakeBus(lambda message: message.createReply(next(ids))))
    clicks: list[tuple[str, str]] = []
    notifier.action_invoked.connect(lambda tag, action: clicks.append((tag, action)))

    notifier.send(Notification("First", actions=(("ok", "OK"),), tag="tea"))
    notifier.send(Notification("Second", actions=(("ok", "OK"),), tag="tea"))
    notifier._on_action_invoked(signal("ActionInvoked", 42, "ok"))  # the replaced one
    notifier._on_action_invoked(signal("ActionInvoked", 43, "ok"))

    assert clicks == [("tea", "ok")]


@linux_only
def test_freedesktop_close_calls_close_notification_for_the_tag() -> None:
    bus = FakeBus(replies_with_id(42))
    notifier = freedesktop(bus)
    notifier.send(Notification("Tea", tag="tea"))

    notifier.close("tea")
    notifier.close("unknown")

    assert [call.member() for call in bus.calls] == ["Notify", "CloseNotification"]
