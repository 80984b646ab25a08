"""The notifier chain against a real notification daemon (dunst) on a private desktop.

Each test runs the code under test in a child Python inside the desktop (its own X
display and session bus, which an in-process QApplication shared by pytest-qt could not
switch to) and asserts what the daemon received, read from ``dbus-monitor``.  A fake
notification service that answers only when the test lets it shows that nothing waits
for the daemon; a service name nobody owns shows the chain falling back.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import textwrap
import uuid
from pathlib import Path
from typing import Any

import pytest

from closeness_desktop.companion.notifications.message import escape_markup
from tests.desktop.harness import Desktop, ScriptChild, wait_until

pytestmark = pytest.mark.desktop

#: Reports every log line of the notifiers as an event (and keeps stderr for Qt's warnings).
_LOG_TO_EVENTS = """
import json, logging

def report(*event):
    print(json.dumps(event), flush=True)

class _Events(logging.Handler):
    def emit(self, record):
        report("log", record.levelname, record.getMessage())

_notify_log = logging.getLogger("closeness.notify")
_notify_log.addHandler(_Events())
_notify_log.setLevel(logging.INFO)
_notify_log.propagate = False
"""

# Sends through the backend (or chain) named in the spec and reports, as JSON lines, what
# happened and every click and close that comes back; quits when stdin closes.  "then"
# lists notifications sent one by one, each after the outcome of the one before.
NOTIFY_SCRIPT = _LOG_TO_EVENTS + textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer
    from closeness_desktop.companion.notifications.chain import NotifierChain, default_chain
    from closeness_desktop.companion.notifications.freedesktop import FreedesktopNotifier
    from closeness_desktop.companion.notifications.message import Notification
    from closeness_desktop.companion.notifications.plyer_backend import PlyerNotifier
    from closeness_desktop.companion.notifications.tray import BannerNotifier

    app = QCoreApplication(sys.argv)
    spec = json.loads(sys.argv[1])
    stdin = QSocketNotifier(0, QSocketNotifier.Type.Read)
    stdin.activated.connect(app.quit)

    def banner(n):
        report("banner", n.tag)

    def freedesktop():
        return FreedesktopNotifier(service=spec.get("service", FreedesktopNotifier.SERVICE))

    backends = {
        "freedesktop": freedesktop,
        "plyer": PlyerNotifier,
        "default_chain": lambda: default_chain(sys.platform, None, banner),
        "fallback_chain": lambda: NotifierChain(
            [freedesktop(), PlyerNotifier(), BannerNotifier(banner)]
        ),
    }
    backend = backends[spec["backend"]]()
    backend.action_invoked.connect(lambda tag, action: report("action", tag, action))
    backend.closed.connect(lambda tag, reason: report("closed", tag, reason))
    if isinstance(backend, NotifierChain):
        backend.shown.connect(lambda tag, name: report("sent", tag, name))
        backend.failed.connect(lambda tag: report("error", tag))
    else:
        backend.shown.connect(lambda tag: report("sent", tag, backend.name))
        backend.failed.connect(lambda tag, reason: report("error", tag, reason))

    def notification(fields):
        return Notification(
            title=fields["title"],
            body=fields.get("body", ""),
            actions=tuple(tuple(action) for action in fields.get("actions", [])),
            tag=fields.get("tag", "test-tag"),
        )

    later = [notification(fields) for fields in spec.get("then", [])]

    def send(n):
        backend.send(n)
        report("returned", n.tag)

    def send_next(*_outcome):
        if later:
            send(later.pop(0))

    backend.shown.connect(send_next)
    backend.failed.connect(send_next)
    first = notification(spec)
    QTimer.singleShot(0, lambda: [send(first) for _ in range(spec.get("times", 1))])
    app.exec()
    """
)

# A notification service that takes Notify calls and answers none of them until it reads
# "answer" on stdin; quits when stdin closes.
SLOW_SERVICE_SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    from PySide6.QtCore import QCoreApplication, QSocketNotifier
    from PySide6.QtDBus import QDBusConnection, QDBusVirtualObject
    from closeness_desktop.companion.notifications.freedesktop import dbus_scalar

    def report(*event):
        print(json.dumps(event), flush=True)

    app = QCoreApplication(sys.argv)
    bus = QDBusConnection.sessionBus()
    held = []

    class SlowNotifications(QDBusVirtualObject):
        def handleMessage(self, message, connection):
            if message.member() != "Notify":
                return False
            held.append(message)  # handled, and no reply until the test says so
            report("call", message.arguments()[3])
            return True

        def introspect(self, path):
            return ""

    service = SlowNotifications()
    assert bus.registerVirtualObject("/org/freedesktop/Notifications", service)
    assert bus.registerService(sys.argv[1])

    def command():
        data = os.read(0, 4096)
        if not data:
            app.quit()
            return
        for line in data.decode().split():
            if line == "answer":
                for number, message in enumerate(held, start=1):
                    reply = message.createReply()
                    reply.setArguments([dbus_scalar("u", number)])  # a list alone goes as "av"
                    bus.send(reply)
                report("answered", len(held))
                held.clear()

    stdin = QSocketNotifier(0, QSocketNotifier.Type.Read)
    stdin.activated.connect(command)
    report("ready")
    app.exec()
    """
)

# Sends one notification to the service named in argv[1] and counts event-loop turns
# (timer ticks) after send() returned; reports "loop ran" after three of them, and the
# count again with the outcome.  Quits when stdin closes.
SENDER_SCRIPT = _LOG_TO_EVENTS + textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer
    from closeness_desktop.companion.notifications.chain import NotifierChain
    from closeness_desktop.companion.notifications.freedesktop import FreedesktopNotifier
    from closeness_desktop.companion.notifications.message import Notification
    from closeness_desktop.companion.notifications.tray import BannerNotifier

    app = QCoreApplication(sys.argv)
    stdin = QSocketNotifier(0, QSocketNotifier.Type.Read)
    stdin.activated.connect(app.quit)
    # A long D-Bus timeout: however slow the machine, only the test's "answer" ends the wait.
    chain = NotifierChain(
        [
            FreedesktopNotifier(service=sys.argv[1], timeout_ms=600_000),
            BannerNotifier(lambda n: report("banner", n.tag)),
        ]
    )
    ticks = 0

    def tick():
        global ticks
        ticks += 1
        if ticks == 3:
            report("loop ran", ticks)

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    chain.shown.connect(lambda tag, name: report("shown", tag, name, ticks))
    chain.failed.connect(lambda tag: report("failed", tag))

    def send():
        chain.send(Notification(sys.argv[2], tag="slow"))
        report("returned", ticks)
        timer.start()

    QTimer.singleShot(0, send)
    app.exec()
    """
)

# Shows a tray icon and, for each line on stdin, sends through [TrayNotifier,
# BannerNotifier] and reports which one showed it; quits when stdin closes.
TRAY_SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    from PySide6.QtCore import QSocketNotifier, QTimer
    from PySide6.QtGui import QColor, QIcon, QPixmap
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon
    from closeness_desktop.companion.notifications.chain import NotifierChain
    from closeness_desktop.companion.notifications.message import Notification
    from closeness_desktop.companion.notifications.tray import BannerNotifier, TrayNotifier

    def report(*event):
        print(json.dumps(event), flush=True)

    app = QApplication(sys.argv)
    app.setApplicationName("closeness-tray-test")
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("#c0392b"))
    tray = QSystemTrayIcon(QIcon(pixmap))
    tray.show()
    chain = NotifierChain(
        [TrayNotifier(tray), BannerNotifier(lambda n: report("banner", n.title))]
    )
    chain.shown.connect(lambda tag, name: report("sent", name))

    def command():
        data = os.read(0, 4096)
        if not data:
            app.quit()
            return
        for _line in data.decode().splitlines():
            chain.send(Notification(sys.argv[1], "from the tray"))

    stdin = QSocketNotifier(0, QSocketNotifier.Type.Read)
    stdin.activated.connect(command)
    QTimer.singleShot(
        0, lambda: report("tray", QSystemTrayIcon.isSystemTrayAvailable(), tray.isVisible())
    )
    app.exec()
    """
)

#: A well-formed bus name that nobody owns: the bus answers ServiceUnknown at once.
NOBODY = "org.closeness.test.Nobody"


def unique(text: str) -> str:
    """``text`` with a token no other test uses, to find this test's notification."""
    return f"{text} {uuid.uuid4().hex[:8]}"


def start_notify(desktop: Desktop, backend: str, **spec: Any) -> ScriptChild:
    return desktop.python_script(NOTIFY_SCRIPT, json.dumps({"backend": backend, **spec}))


def finish_cleanly(child: ScriptChild) -> None:
    """Stop the child and check it ended well and printed nothing on stderr (Qt warnings)."""
    assert child.finish() == 0, child.stderr()
    assert child.stderr() == ""


def sent_through(desktop: Desktop, backend: str, **spec: Any) -> dict[str, Any]:
    """Send through ``backend`` in the desktop and return what the daemon received."""
    child = start_notify(desktop, backend, **spec)
    assert child.wait_for("sent") == [spec.get("tag", "test-tag"), backend]
    received = desktop.wait_for_notification(lambda n: n["summary"] == spec["title"])
    finish_cleanly(child)
    return received


def test_freedesktop_notification_arrives_with_actions_name_and_timeout(desktop: Desktop) -> None:
    title = unique("Tea time")
    received = sent_through(
        desktop,
        "freedesktop",
        title=title,
        body="Kettle & cups <ready>",
        actions=[["sam", "I'm Sam"], ["alex", "I'm Alex"]],
    )

    assert received["signature"] == "susssasa{sv}i"
    assert received["error"] is None
    assert received["id"] > 0
    assert received["app_name"] == "Closeness"
    assert received["app_icon"] == "closeness"
    assert received["body"] == "Kettle &amp; cups &lt;ready&gt;"
    assert received["actions"] == [("sam", "I'm Sam"), ("alex", "I'm Alex")]
    assert received["expire_timeout"] == 10_000
    assert received["hints"]["desktop-entry"] == "closeness"
    assert (received["hints"]["urgency"], received["hint_types"]["urgency"]) == (1, "byte")


def test_plyer_notify_send_path_keeps_icon_and_a_finite_timeout(desktop: Desktop) -> None:
    assert importlib.util.find_spec("dbus") is None, "this covers plyer without dbus-python"
    assert shutil.which("notify-send"), "plyer's Linux path needs notify-send (libnotify-bin)"
    title = unique("Plyer says hi")

    received = sent_through(desktop, "plyer", title=title, body="a & b")

    assert received["error"] is None
    assert received["app_name"] == "Closeness"
    assert received["app_icon"] == "closeness"  # plyer alone drops it
    assert received["expire_timeout"] == 10_000  # plyer alone sends 0: never expire
    assert received["body"] == "a &amp; b"
    assert received["hints"]["desktop-entry"] == "closeness"


@pytest.mark.parametrize("backend", ["freedesktop", "plyer"])
def test_quotes_and_markup_characters_arrive_intact(desktop: Desktop, backend: str) -> None:
    title = unique('She said "it\'s <b>fine</b>" & left \\o/')
    body = 'Bring <b>&</b> "snacks"\nand a second line'

    received = sent_through(desktop, backend, title=title, body=body)

    assert received["error"] is None
    assert received["summary"] == title
    assert received["body"] == escape_markup(body)
    desktop.close_all()  # dunst keeps closed notifications in a history we can read as JSON
    remembered = wait_until(
        lambda: [n for n in desktop.history() if n["summary"] == title], "dunst's history"
    )
    assert remembered[0]["body"] == escape_markup(body)
    assert remembered[0]["appname"] == "Closeness"


def test_clicking_an_action_reports_tag_and_action_id(desktop: Desktop) -> None:
    title = unique("Who is here")
    child = start_notify(
        desktop,
        "freedesktop",
        title=title,
        actions=[["sam", "I'm Sam"], ["alex", "I'm Alex"]],
        tag="greeting",
    )
    assert child.wait_for("sent") == ["greeting", "freedesktop"]
    desktop.wait_for_notification(lambda n: n["summary"] == title)
    wait_until(desktop.displayed_count, "dunst to show the notification")

    desktop.invoke_action(f"#I'm Alex ({title})")

    assert child.wait_for("action") == ["greeting", "alex"]
    desktop.close_all()
    assert child.wait_for("closed") == ["greeting", 2]  # 2: dismissed by the user
    finish_cleanly(child)


def test_sending_the_same_tag_again_replaces_the_notification(desktop: Desktop) -> None:
    title = unique("Again")
    child = start_notify(desktop, "freedesktop", title=title, times=2)
    assert child.wait_for("sent") == ["test-tag", "freedesktop"]  # one report for both

    def both() -> list[dict[str, Any]]:
        sent = [n for n in desktop.notifications() if n["summary"] == title and n["answered"]]
        return sent if len(sent) == 2 else []

    first, second = wait_until(both, "two notifications")
    assert first["replaces_id"] == 0
    assert second["replaces_id"] == first["id"] == second["id"]
    finish_cleanly(child)


def test_default_chain_on_linux_uses_the_daemon(desktop: Desktop) -> None:
    title = unique("Chain")
    child = start_notify(desktop, "default_chain", title=title)

    assert child.wait_for("sent") == ["test-tag", "freedesktop"]
    assert desktop.wait_for_notification(lambda n: n["summary"] == title)["id"] > 0
    finish_cleanly(child)


def tell(child: ScriptChild, line: str) -> None:
    """Write ``line`` to the child's stdin."""
    assert child.process.stdin is not None
    child.process.stdin.write(line + "\n")
    child.process.stdin.flush()


def test_send_returns_and_the_loop_runs_while_the_daemon_has_not_answered(
    desktop: Desktop,
) -> None:
    name = f"org.closeness.test.Slow{uuid.uuid4().hex[:8]}"
    service = desktop.python_script(SLOW_SERVICE_SCRIPT, name)
    assert service.wait_for("ready") == []
    title = unique("Slow daemon")

    sender = desktop.python_script(SENDER_SCRIPT, name, title)

    assert sender.wait_for("returned") == [0]  # send() came back before any loop turn
    assert service.wait_for("call") == [title]  # Notify reached the service, unanswered
    assert sender.wait_for("loop ran") == [3]  # and the sender's event loop kept turning
    assert sender.event("shown") is None  # nothing can have answered yet
    tell(service, "answer")
    assert service.wait_for("answered") == [1]
    tag, backend, ticks = sender.wait_for("shown")
    assert (tag, backend) == ("slow", "freedesktop")
    assert ticks >= 3
    assert sender.event("banner") is None
    finish_cleanly(sender)
    finish_cleanly(service)


def test_a_failing_backend_is_replaced_and_its_notification_resent(desktop: Desktop) -> None:
    first, second = unique("First after the fall"), unique("Second after the fall")

    child = start_notify(
        desktop,
        "fallback_chain",
        service=NOBODY,
        title=first,
        tag="first",
        then=[{"title": second, "tag": "second"}],
    )

    assert child.wait_for("sent") == ["first", "plyer"]  # re-sent by the next backend
    received = desktop.wait_for_notification(lambda n: n["summary"] == first)
    assert received["app_name"] == "Closeness"  # through notify-send to dunst
    desktop.wait_for_notification(lambda n: n["summary"] == second)
    reports = [event[1:] for event in child.events if event[0] == "sent"]
    assert reports == [["first", "plyer"], ["second", "plyer"]]
    # The D-Bus backend was asked once: the second went straight to its replacement.
    calls = [
        m
        for m in desktop.bus_messages()
        if m.kind == "method call" and m.header.get("destination") == NOBODY
    ]
    assert [m.args[3] for m in calls] == [first]
    warnings = [event[2] for event in child.events if event[:2] == ["log", "WARNING"]]
    assert len(warnings) == 1
    assert "freedesktop failed on first, plyer takes over" in warnings[0]
    assert "ServiceUnknown" in warnings[0]
    logged = " ".join(str(event) for event in child.events if event[0] == "log")
    assert first not in logged
    assert second not in logged
    finish_cleanly(child)


def top_level_windows(desktop: Desktop) -> dict[str, str]:
    """The root window's children: id -> what ``xwininfo`` says (name, class, geometry)."""
    listing = desktop.run(["xwininfo", "-root", "-children"]).stdout
    return dict(re.findall(r"^\s+(0x[0-9a-f]+) (.+)$", listing, flags=re.MULTILINE))


def is_viewable(desktop: Desktop, window: str) -> bool:
    """Whether ``window`` is mapped and all its ancestors too: on screen."""
    info = desktop.run(["xwininfo", "-id", window], check=False).stdout
    return "Map State: IsViewable" in info


def test_tray_notifier_shows_a_balloon_from_the_embedded_icon(desktop: Desktop) -> None:
    title = unique("From the tray")
    child = desktop.python_script(TRAY_SCRIPT, title)
    assert child.wait_for("tray") == [True, True]
    wait_until(
        lambda: [w for w in desktop.tray_embedded_windows() if "closeness-tray-test" in w["name"]],
        "the icon in trayer's panel",
    )
    before = top_level_windows(desktop)

    tell(child, "send")

    assert child.wait_for("sent") == ["tray"]

    # With an XEmbed tray, Qt draws the balloon itself: a new top-level window of the app.
    def balloon() -> list[str]:
        return [
            window
            for window, description in top_level_windows(desktop).items()
            if window not in before
            and "closeness-tray-test" in description
            and is_viewable(desktop, window)
        ]

    (window,) = wait_until(balloon, "the balloon's window on screen")
    width, height = map(int, re.findall(r"(\d+)x(\d+)", top_level_windows(desktop)[window])[0])
    assert width > 22
    assert height > 22
    assert desktop.displayed_count() == 0  # drawn by Qt, not sent to the daemon
    finish_cleanly(child)


def test_without_a_tray_host_the_chain_falls_back_to_the_banner(
    desktop_without_tray: Desktop,
) -> None:
    title = unique("No tray")
    child = desktop_without_tray.python_script(TRAY_SCRIPT, title)
    assert child.wait_for("tray")[0] is False

    tell(child, "send")

    assert child.wait_for("banner") == [title]
    assert child.wait_for("sent") == ["banner"]
    assert child.finish() == 0


def test_run_app_starts_the_app_inside_the_desktop(desktop: Desktop, tmp_path: Path) -> None:
    # The harness's own plumbing; the app's behaviour is tested where it is built.
    app = desktop.run_app(["--version"], tmp_path)
    wait_until(lambda: app.poll() is not None, "the app to answer --version")

    assert desktop.stop_app(app) == 0
    stdout, stderr = desktop.app_output(app)
    assert stdout.startswith("closeness ")
    assert stderr == ""
