"""The notifier chain against a real notification daemon (dunst) on a private desktop.

Each test runs the code under test in a child Python inside the desktop (its own X
display and session bus, which an in-process QApplication shared by pytest-qt could not
switch to) and asserts what the daemon received, read from ``dbus-monitor``.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import textwrap
import uuid
from pathlib import Path
from typing import Any

import pytest

from closeness_desktop.companion.notify import escape_markup
from tests.desktop.harness import Desktop, ScriptChild, wait_until

pytestmark = pytest.mark.desktop

# Sends one notification through the backend named in the spec and reports, as JSON
# lines, what happened and every click and close that comes back; quits when stdin closes.
NOTIFY_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer
    from closeness_desktop.companion import notify

    def report(*event):
        print(json.dumps(event), flush=True)

    app = QCoreApplication(sys.argv)
    spec = json.loads(sys.argv[1])
    stdin = QSocketNotifier(0, QSocketNotifier.Type.Read)
    stdin.activated.connect(app.quit)

    def banner(n):
        report("banner", n.title)

    backends = {
        "freedesktop": notify.FreedesktopNotifier,
        "plyer": notify.PlyerNotifier,
        "default_chain": lambda: notify.default_chain(sys.platform, None, banner),
    }
    backend = backends[spec["backend"]]()
    if isinstance(backend, (notify.NotifierEvents, notify.NotifierChain)):
        backend.action_invoked.connect(lambda tag, action: report("action", tag, action))
        backend.closed.connect(lambda tag, reason: report("closed", tag, reason))
    notification = notify.Notification(
        title=spec["title"],
        body=spec.get("body", ""),
        actions=tuple(tuple(action) for action in spec.get("actions", [])),
        tag=spec.get("tag", "test-tag"),
    )

    def send():
        try:
            if isinstance(backend, notify.NotifierChain):
                report("sent", backend.send(notification).name)
            else:
                report("available", backend.available())
                for _ in range(spec.get("times", 1)):
                    backend.send(notification)
                report("sent", backend.name)
        except notify.NotifyError as error:
            report("error", str(error))

    QTimer.singleShot(0, send)
    app.exec()
    """
)

# Shows a tray icon, then sends through [TrayNotifier, BannerNotifier] and reports which
# one showed it; quits when stdin closes.
TRAY_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QSocketNotifier, QTimer
    from PySide6.QtGui import QColor, QIcon, QPixmap
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon
    from closeness_desktop.companion import notify

    def report(*event):
        print(json.dumps(event), flush=True)

    app = QApplication(sys.argv)
    app.setApplicationName("closeness-tray-test")
    stdin = QSocketNotifier(0, QSocketNotifier.Type.Read)
    stdin.activated.connect(app.quit)
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("#c0392b"))
    tray = QSystemTrayIcon(QIcon(pixmap))
    tray.show()
    chain = notify.NotifierChain(
        [notify.TrayNotifier(tray), notify.BannerNotifier(lambda n: report("banner", n.title))]
    )

    def send():
        report("tray", QSystemTrayIcon.isSystemTrayAvailable(), tray.isVisible())
        report("sent", chain.send(notify.Notification(sys.argv[1], "from the tray")).name)

    QTimer.singleShot(0, send)
    app.exec()
    """
)


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
    assert child.wait_for("sent") == [backend]
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
    assert child.wait_for("sent") == ["freedesktop"]
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
    assert child.wait_for("sent") == ["freedesktop"]

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

    assert child.wait_for("sent") == ["freedesktop"]
    assert desktop.wait_for_notification(lambda n: n["summary"] == title)["id"] > 0
    finish_cleanly(child)


def test_tray_notifier_shows_a_balloon_from_the_embedded_icon(desktop: Desktop) -> None:
    title = unique("From the tray")
    child = desktop.python_script(TRAY_SCRIPT, title)

    assert child.wait_for("tray") == [True, True]
    assert child.wait_for("sent") == ["tray"]
    embedded = wait_until(
        lambda: [w for w in desktop.tray_embedded_windows() if "closeness-tray-test" in w["name"]],
        "the icon in trayer's panel",
    )
    assert embedded
    shot = desktop.screenshot(desktop.root / "tray.png")
    assert shot.stat().st_size > 0
    finish_cleanly(child)


def test_without_a_tray_host_the_chain_falls_back_to_the_banner(
    desktop_without_tray: Desktop,
) -> None:
    title = unique("No tray")
    child = desktop_without_tray.python_script(TRAY_SCRIPT, title)

    assert child.wait_for("tray")[0] is False
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
