"""A real, private desktop for tests: X server, session bus, notification daemon, tray host.

:func:`start_desktop` starts, as children of the test process:

* ``Xvfb`` on a free display (``-displayfd`` lets the server pick one without races),
* a private ``dbus-daemon`` with no service activation, so nothing starts behind our back,
* ``dunst`` owning ``org.freedesktop.Notifications`` on that bus and display,
* ``dbus-monitor`` recording the notification traffic to a file,
* optionally ``trayer`` as an XEmbed tray host,

and returns a :class:`Desktop` whose :attr:`Desktop.env` points programs at all of this,
with HOME and the XDG folders in a temporary directory.  :meth:`Desktop.close` kills every
process group it started, also after a failed start.

What the daemon received is read from the ``dbus-monitor`` log (every ``Notify`` call
with its reply) and, for notifications that were closed, from ``dunstctl history``.

One desktop serves many tests, so each test sees only its own part of that log:
:meth:`Desktop.begin_test` clears the screen, sends a marker signal on the bus and waits
for ``dbus-monitor`` to record it; :meth:`Desktop.bus_messages` (and everything built on
it) parses only what came after the latest marker.  The bus delivers messages to a
monitor in the order it dispatches them, so nothing another test sent before can appear
after the marker.  To tell apart two processes of the same test, filter by sender:
:meth:`Desktop.connection_pid` maps a message's sender (a unique bus name) to the
process that owns it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

PROJECT_ROOT = Path(__file__).resolve().parents[2]

#: Generous: a loaded CI machine can take seconds to start an X server.
DEFAULT_TIMEOUT = 10.0

NOTIFICATIONS = "org.freedesktop.Notifications"
#: The interface of the harness's own marker signal (see :meth:`Desktop.begin_test`).
MARKER_INTERFACE = "org.closeness.test.Harness"

#: Program -> Debian package, for the message when something is missing.
REQUIRED_PROGRAMS = {
    "Xvfb": "xvfb",
    "dbus-daemon": "dbus",
    "dbus-monitor": "dbus",
    "dbus-send": "dbus",
    "dunst": "dunst",
    "dunstctl": "dunst",
}
TRAY_PROGRAMS = {"trayer": "trayer", "xwininfo": "x11-utils"}

# Inherited from the test process; everything else (DISPLAY, WAYLAND_DISPLAY, the real
# session bus, XDG_CURRENT_DESKTOP, QT_* ...) stays out so the desktop is really private.
_INHERITED_ENV = (
    "PATH",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "LC_CTYPE",
    "LC_MESSAGES",
    "TZ",
    "USER",
    "LOGNAME",
    "TMPDIR",
    "VIRTUAL_ENV",
    "COVERAGE_PROCESS_START",
    "COVERAGE_RCFILE",
)

_DUNSTRC = """\
[global]
    # "dunstctl context" pipes the actions to this program and invokes the line it prints.
    dmenu = {picker}
    history_length = 100
    show_indicators = no
"""

# Plays dmenu for dunst: records the menu and picks the line containing the chosen text.
_PICKER = """\
#!/bin/sh
tee "{menu}" | grep -m1 -F -e "$(cat "{choice}")"
"""

_BUS_CONFIG = """\
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>{listen}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class DesktopError(RuntimeError):
    """The private desktop could not be started or did not answer in time."""


def missing_programs(*, tray: bool) -> dict[str, str]:
    """The required programs that are not on PATH, mapped to their Debian packages."""
    needed = REQUIRED_PROGRAMS | (TRAY_PROGRAMS if tray else {})
    return {program: package for program, package in needed.items() if not shutil.which(program)}


def require_programs(*, tray: bool) -> None:
    """Raise :class:`DesktopError` naming the packages to install if a program is missing."""
    missing = missing_programs(tray=tray)
    if missing:
        listed = ", ".join(f"{program} (package {pkg})" for program, pkg in missing.items())
        packages = " ".join(sorted(set(missing.values())))
        raise DesktopError(
            f"The desktop tests need programs that are not installed: {listed}. "
            f"On Debian/Ubuntu: sudo apt-get install {packages}"
        )


def wait_until(condition: Callable[[], Any], what: str, timeout: float = DEFAULT_TIMEOUT) -> Any:
    """Poll ``condition`` until it returns something truthy; return that, or raise."""
    deadline = time.monotonic() + timeout
    delay = 0.02
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


# ------------------------------------------------------------------- dbus-monitor parsing


@dataclass
class BusMessage:
    """One message from the ``dbus-monitor`` log."""

    kind: str  # "method call", "method return", "error" or "signal"
    header: dict[str, str]
    args: list[Any]
    #: D-Bus type names of the arguments (and, for dicts of variants, per key).
    types: list[Any]

    @property
    def member(self) -> str:
        return self.header.get("member", "")


_HEADER = re.compile(r"^(method call|method return|error|signal) time=")
_HEADER_FIELD = re.compile(r"(\w+)=([^\s;]*)")
_SCALAR = re.compile(
    r"^(byte|boolean|int16|uint16|int32|uint32|int64|uint64|double|unix_fd) (\S+)$"
)


# How dbus-monitor starts an indented argument line (or closes a container).
_NEXT_VALUE = re.compile(
    r'^ +(string "|object path "|signature "|variant |array \[|dict entry\(|struct \{|[])}]'
    r"|(byte|boolean|u?int(16|32|64)|double|unix_fd) )"
)


class _ValueParser:
    """Parses the arguments dbus-monitor prints, one value per line, nested by brackets.

    Each value comes back with its type: a D-Bus type name for scalars, ``("array",
    [types])``, ``("struct", [types])``, or for a dict ``{key: value type}``.  Strings are
    printed raw between quotes and may span lines, so a string runs to a line that ends
    with a quote and is followed by an indented value line (or the end of the message).
    """

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = list(lines)
        self._pos = 0

    def values(self, closing: str | None = None) -> tuple[list[Any], list[Any]]:
        """Values up to the ``closing`` bracket line (consumed), or to the end."""
        values: list[Any] = []
        types: list[Any] = []
        while self._pos < len(self._lines):
            line = self._lines[self._pos].lstrip()
            if line.strip() == closing:
                self._pos += 1
                break
            if not line.strip():
                self._pos += 1
                continue
            value, kind = self._value(line)
            values.append(value)
            types.append(kind)
        return values, types

    def _value(self, line: str) -> tuple[Any, Any]:
        """The value that starts at ``line`` (the current line, without its indentation)."""
        if line.startswith("variant "):
            return self._value(line.removeprefix("variant ").lstrip())
        for kind in ("string", "object path", "signature"):
            if line.startswith(f'{kind} "'):
                return self._string(line.removeprefix(f'{kind} "')), kind
        token = line.strip()
        self._pos += 1
        if token == "array [":
            return self._array()
        if token == "dict entry(":
            (key, value), (_key_type, value_type) = self.values(")")
            return (key, value), ("dict entry", value_type)
        if token == "struct {":
            values, types = self.values("}")
            return tuple(values), ("struct", types)
        scalar = _SCALAR.match(token)
        if scalar is None:
            return token, "unknown"
        return _scalar_value(scalar[1], scalar[2]), scalar[1]

    def _string(self, text: str) -> str:
        """A string value: up to a closing quote that is followed by the next value."""
        self._pos += 1
        while self._pos < len(self._lines) and not (
            text.endswith('"') and _NEXT_VALUE.match(self._lines[self._pos])
        ):
            text += "\n" + self._lines[self._pos]
            self._pos += 1
        return text.removesuffix('"')

    def _array(self) -> tuple[Any, Any]:
        values, types = self.values("]")
        entries = [kind for kind in types if isinstance(kind, tuple) and kind[0] == "dict entry"]
        if values and len(entries) == len(types):
            return dict(values), {
                key: kind[1] for (key, _), kind in zip(values, types, strict=True)
            }
        return values, ("array", types)


def _scalar_value(kind: str, text: str) -> Any:
    if kind == "boolean":
        return text == "true"
    if kind == "double":
        return float(text)
    return int(text)


def parse_monitor_log(text: str) -> list[BusMessage]:
    """All messages in a ``dbus-monitor`` (default format) log."""
    messages: list[BusMessage] = []
    current: tuple[str, dict[str, str], list[str]] | None = None
    for raw in text.split("\n"):
        stripped = raw.lstrip(" \0")
        header = _HEADER.match(stripped)
        if header:
            if current is not None:
                messages.append(_finish(*current))
            fields = dict(_HEADER_FIELD.findall(stripped[len(header[1]) :]))
            current = (header[1], fields, [])
        elif current is not None:
            current[2].append(raw)
    if current is not None:
        messages.append(_finish(*current))
    return messages


def _finish(kind: str, header: dict[str, str], lines: list[str]) -> BusMessage:
    try:
        args, types = _ValueParser(lines).values()
    except ValueError:  # the last message may be half written while we read the log
        args, types = [], []
    return BusMessage(kind, header, args, types)


def notify_calls(messages: Sequence[BusMessage]) -> list[tuple[BusMessage, BusMessage | None]]:
    """Every ``Notify`` call, paired with the daemon's reply (or None if none came yet)."""
    replies = {
        (message.header.get("destination"), message.header.get("reply_serial")): message
        for message in messages
        if message.kind in ("method return", "error")
    }
    return [
        (message, replies.get((message.header.get("sender"), message.header.get("serial"))))
        for message in messages
        if message.kind == "method call" and message.member == "Notify" and len(message.args) == 8
    ]


def notifications_from(messages: Sequence[BusMessage]) -> list[dict[str, Any]]:
    """Every ``Notify`` call, with the daemon's answer (``id`` or ``error``)."""
    return [_notification(call, reply) for call, reply in notify_calls(messages)]


def _notification(call: BusMessage, reply: BusMessage | None) -> dict[str, Any]:
    app_name, replaces_id, app_icon, summary, body, actions, hints, expire = call.args
    hint_types = call.types[6] if isinstance(call.types[6], dict) else {}
    return {
        "app_name": app_name,
        "replaces_id": replaces_id,
        "app_icon": app_icon,
        "summary": summary,
        "body": body,
        "actions": list(zip(actions[0::2], actions[1::2], strict=False)),
        "hints": hints if isinstance(hints, dict) else {},
        "hint_types": hint_types,
        "expire_timeout": expire,
        "signature": "".join(_code(kind) for kind in call.types),
        "sender": call.header.get("sender"),
        "answered": reply is not None,
        "id": reply.args[0] if reply is not None and reply.kind == "method return" else None,
        "error": reply.header.get("error_name")
        if reply is not None and reply.kind == "error"
        else None,
    }


_CODES = {
    "string": "s",
    "uint32": "u",
    "int32": "i",
    "byte": "y",
    "boolean": "b",
    "int16": "n",
    "uint16": "q",
    "int64": "x",
    "uint64": "t",
    "double": "d",
}


def _code(kind: Any) -> str:
    """A rough D-Bus signature code for a parsed argument type (for the top level)."""
    if isinstance(kind, dict):
        return "a{sv}"
    if isinstance(kind, tuple) and kind[0] == "array":
        codes = {_code(inner) for inner in kind[1]}
        return "a" + (codes.pop() if len(codes) == 1 else "?")
    return _CODES.get(kind, "?") if isinstance(kind, str) else "?"


# ------------------------------------------------------------------------------ processes


@dataclass
class _Child:
    name: str
    process: subprocess.Popen[bytes]
    log: Path


def _start(
    name: str,
    command: Sequence[str],
    env: dict[str, str],
    log: Path,
    *,
    pass_fds: Sequence[int] = (),
    stdout: int | None = None,
) -> _Child:
    """Start ``command`` in its own process group (so it can be killed with its children).

    Through ``setpriv --pdeathsig`` where there is one (util-linux): a test run that is
    itself killed, whose clean-up never runs, then takes its desktop with it.
    """
    if shutil.which("setpriv"):
        command = ["setpriv", "--pdeathsig", "TERM", "--", *command]
    with log.open("ab") as log_file:
        process = subprocess.Popen(
            list(command),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=stdout if stdout is not None else log_file,
            stderr=log_file,
            pass_fds=tuple(pass_fds),
            start_new_session=True,
        )
    return _Child(name, process, log)


def _stop(child: _Child, timeout: float = 5.0) -> int | None:
    """SIGTERM the child's process group, then SIGKILL what is left."""
    if child.process.returncode is not None:
        return child.process.returncode  # reaped earlier: its group id may belong to others
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.process.pid, sig)
        try:
            return child.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            continue
    return child.process.poll()


def _read_line_from_fd(fd: int, what: str, timeout: float) -> str:
    """One line a child writes to the pipe ``fd`` (Xvfb's display, dbus-daemon's address)."""
    deadline = time.monotonic() + timeout
    data = b""
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise DesktopError(f"timed out after {timeout:g} s waiting for {what}")
        chunk = os.read(fd, 4096)
        if not chunk:
            raise DesktopError(f"{what}: the program exited before answering")
        data += chunk
    return data.decode().strip()


def _tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


class ScriptChild:
    """A Python child that reports events as JSON lists, one per line on stdout."""

    def __init__(self, process: subprocess.Popen[str], stderr_log: Path) -> None:
        self.process = process
        self.stderr_log = stderr_log
        self.events: list[list[Any]] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                event = ["stdout", line.rstrip("\n")]
            with self._lock:
                self.events.append(event if isinstance(event, list) else ["stdout", event])

    def event(self, name: str) -> list[Any] | None:
        """The first event called ``name`` so far, without its name."""
        with self._lock:
            return next((event[1:] for event in self.events if event and event[0] == name), None)

    def wait_for(self, name: str, timeout: float = DEFAULT_TIMEOUT) -> list[Any]:
        """The first event called ``name``, waiting for it; fails early if the child died."""

        def arrived() -> tuple[list[Any]] | None:
            found = self.event(name)
            if found is None and self.process.poll() is not None:
                self._reader.join(timeout=1)  # the last lines may still be in the pipe
                found = self.event(name)
                if found is None:
                    raise AssertionError(
                        f"the script exited ({self.process.returncode}) without {name!r}; "
                        f"events {self.events!r}, stderr:\n{self.stderr()}"
                    )
            return None if found is None else (found,)

        try:
            (found,) = wait_until(arrived, repr(name), timeout)
        except TimeoutError as error:
            raise TimeoutError(f"{error}; events so far {self.events!r}") from None
        return list(found)

    def stderr(self) -> str:
        return self.stderr_log.read_text(errors="replace")

    def finish(self, timeout: float = DEFAULT_TIMEOUT) -> int:
        """Close the child's stdin (its cue to quit) and wait for it; kill it if it hangs."""
        self._close_stdin()
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        self._close_stdout()
        return code

    def kill(self) -> None:
        """Kill the child's process group if it is still running, and close the pipes."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=DEFAULT_TIMEOUT)
        self._close_stdin()
        self._close_stdout()

    def _close_stdin(self) -> None:
        if self.process.stdin is not None and not self.process.stdin.closed:
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.close()

    def _close_stdout(self) -> None:
        """After the child exited: let the reader drain the pipe, then close it."""
        self._reader.join(timeout=DEFAULT_TIMEOUT)
        if self.process.stdout is not None:
            self.process.stdout.close()


# -------------------------------------------------------------------------------- desktop


@dataclass
class Desktop:
    """A running private desktop; see the module docstring."""

    root: Path
    tray: bool
    env: dict[str, str] = field(default_factory=dict)
    display: str = ""
    _children: list[_Child] = field(default_factory=list)
    _apps: dict[subprocess.Popen[bytes], tuple[_Child, Path]] = field(default_factory=dict)
    _scripts: list[ScriptChild] = field(default_factory=list)
    #: Where the current test's part of the monitor log starts (bytes; see begin_test).
    _monitor_start: int = 0
    #: Unique bus name -> the pid that owned it (None: gone before we asked).  A bus never
    #: hands out the same unique name twice, so this never goes stale.
    _pids: dict[str, int | None] = field(default_factory=dict)

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def monitor_log(self) -> Path:
        return self.logs / "dbus-monitor.log"

    # ---- running things inside the desktop

    def run(
        self, command: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run a short command with :attr:`env` and return its output."""
        return subprocess.run(
            list(command),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=check,
        )

    def python_script(self, code: str, *args: str) -> ScriptChild:
        """Run ``python -c code args...`` in the desktop; it reports JSON lines on stdout.

        The script should quit when its stdin closes (:meth:`ScriptChild.finish` closes it).
        """
        number = len(self._scripts) + 1
        stderr_log = self.logs / f"script-{number}.stderr.log"
        with stderr_log.open("ab") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-c", code, *args],
                env=self.env,
                cwd=PROJECT_ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                text=True,
                start_new_session=True,
            )
        child = ScriptChild(process, stderr_log)
        self._scripts.append(child)
        return child

    def run_app(
        self, args: Sequence[str], data_dir: Path, env: Mapping[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        """Start ``python -m closeness_desktop --data-dir DIR args...``, output to log files.

        ``env`` adds to (or overrides) :attr:`env` for this app only, for example its own
        XDG folders or ``CLOSENESS_FAKE_TIME_FILE``.  :meth:`app_output` reads the logs;
        :meth:`stop_app` (or :meth:`close`) ends it.
        """
        number = len(self._apps) + 1
        log = self.logs / f"app-{number}.stderr.log"
        stdout = self.logs / f"app-{number}.stdout.log"
        command = [sys.executable, "-m", "closeness_desktop", "--data-dir", str(data_dir), *args]
        app_env = {**self.env, **(env or {})}
        with stdout.open("ab") as out:
            child = _start(f"app-{number}", command, app_env, log, stdout=out.fileno())
        self._apps[child.process] = (child, stdout)
        return child.process

    def app_output(self, process: subprocess.Popen[bytes]) -> tuple[str, str]:
        """The app's stdout and stderr so far."""
        child, stdout = self._apps[process]
        return stdout.read_text(errors="replace"), child.log.read_text(errors="replace")

    def stop_app(
        self, process: subprocess.Popen[bytes], timeout: float = DEFAULT_TIMEOUT
    ) -> int | None:
        """Terminate the app (its whole process group) and return its exit code."""
        child, _stdout = self._apps[process]
        return _stop(child, timeout)

    # ---- what the notification daemon saw

    def begin_test(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Give a new test a clean view: no notification on screen, no bus message so far.

        Closes every notification (and waits until dunst has: the NotificationClosed
        signals go out before its answer), then sends a marker signal and waits until
        ``dbus-monitor`` has written it; from now on :meth:`bus_messages` starts after it.
        """
        self.close_all()
        wait_until(lambda: self.displayed_count() == 0, "dunst to close everything", timeout)
        token = uuid.uuid4().hex.encode()
        self.run(
            [
                "dbus-send",
                "--session",
                "--type=signal",
                "/org/closeness/test",
                f"{MARKER_INTERFACE}.Begin",
                f"string:{token.decode()}",
            ]
        )

        def marker_end() -> int | None:
            log = self.monitor_log.read_bytes()
            found = log.find(token, self._monitor_start)
            end = log.find(b"\n", found)
            return None if found < 0 or end < 0 else end + 1

        self._monitor_start = wait_until(marker_end, "dbus-monitor to record the marker", timeout)

    def bus_messages(self) -> list[BusMessage]:
        """What ``dbus-monitor`` recorded since the current test began (see begin_test)."""
        with self.monitor_log.open("rb") as log:
            log.seek(self._monitor_start)
            text = log.read().decode(errors="replace")
        return parse_monitor_log(text)

    def connection_pid(self, bus_name: str) -> int | None:
        """The process id behind a bus connection (a message's ``sender``), or None if
        that connection is gone; asked of the bus once per name."""
        if bus_name not in self._pids:
            reply = self.run(
                [
                    "dbus-send",
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.GetConnectionUnixProcessID",
                    f"string:{bus_name}",
                ],
                check=False,
            )
            found = re.search(r"uint32 (\d+)", reply.stdout)
            self._pids[bus_name] = int(found[1]) if reply.returncode == 0 and found else None
        return self._pids[bus_name]

    def notifications(self, *, sent_by: int | None = None) -> list[dict[str, Any]]:
        """Every ``Notify`` call in this test (of process ``sent_by`` only, if given):
        app_name, app_icon, summary, body, actions (pairs), hints, hint_types,
        expire_timeout, signature, sender, answered, id (if the daemon accepted it) and
        error (if it refused)."""
        found = notifications_from(self.bus_messages())
        if sent_by is None:
            return found
        return [n for n in found if n["sender"] and self.connection_pid(n["sender"]) == sent_by]

    def signals(self, member: str | None = None) -> list[BusMessage]:
        """The notification daemon's signals (ActionInvoked, NotificationClosed...)."""
        return [
            message
            for message in self.bus_messages()
            if message.kind == "signal"
            and message.header.get("interface") == NOTIFICATIONS
            and (member is None or message.member == member)
        ]

    def wait_for_notification(
        self,
        predicate: Callable[[dict[str, Any]], bool],
        timeout: float = DEFAULT_TIMEOUT,
        *,
        answered: bool = True,
        sent_by: int | None = None,
    ) -> dict[str, Any]:
        """The first notification in this test matching ``predicate`` (by default once the
        daemon replied; if ``sent_by`` is given, one sent by that process)."""

        def match() -> dict[str, Any] | None:
            for notification in self.notifications(sent_by=sent_by):
                if predicate(notification) and (notification["answered"] or not answered):
                    return notification
            return None

        try:
            found: dict[str, Any] = wait_until(match, "a matching notification", timeout)
        except TimeoutError as error:
            seen = [(n["summary"], n["sender"]) for n in self.notifications()]
            raise TimeoutError(f"{error}; in this test the daemon saw {seen!r}") from None
        return found

    def history(self) -> list[dict[str, Any]]:
        """dunst's history (closed notifications), newest first, as plain dicts."""
        result = self.run(["dunstctl", "history"])
        data = json.loads(result.stdout)["data"][0]
        return [{key: value["data"] for key, value in entry.items()} for entry in data]

    def close_all(self) -> None:
        """Close every notification on screen (dunst moves them to its history)."""
        self.run(["dunstctl", "close-all"])

    def displayed_count(self) -> int:
        return int(self.run(["dunstctl", "count", "displayed"]).stdout.strip() or 0)

    def wait_until_on_screen(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Until dunst displays every notification of this test that it accepted and has
        not closed (it answers a Notify before it draws it), so its actions can be clicked."""

        def all_displayed() -> bool:
            accepted = {n["id"] for n in self.notifications() if n["id"] is not None}
            closed = {message.args[0] for message in self.signals("NotificationClosed")}
            showing = accepted - closed
            return bool(showing) and self.displayed_count() == len(showing)

        wait_until(all_displayed, "dunst to display this test's notifications", timeout)

    def invoke_action(self, text: str) -> None:
        """Click the action whose menu line contains ``text``, as a user would.

        dunst lists the actions of all notifications on screen as ``#label (summary)
        [id,action]`` and pipes them to its menu program, here a script that picks the
        first line containing ``text``.
        """
        (self.root / "dmenu-choice").write_text(text)
        self.run(["dunstctl", "context"])

    # ---- the X side

    def tray_embedded_windows(self) -> list[dict[str, str]]:
        """Windows embedded in trayer's panel: ``{"id", "name", "class"}`` for each named one."""
        tree = self.run(["xwininfo", "-root", "-tree"]).stdout.splitlines()
        panel_indent = None
        found = []
        for line in tree:
            indent = len(line) - len(line.lstrip())
            if panel_indent is None:
                if '"panel": ("panel" "trayer")' in line:
                    panel_indent = indent
                continue
            if indent <= panel_indent and line.strip():
                break
            window = re.match(r'\s*(0x[0-9a-f]+) "([^"]*)": \(([^)]*)\)', line)
            if window:
                found.append({"id": window[1], "name": window[2], "class": window[3]})
        return found

    def screenshot(self, path: Path) -> Path:
        """Save the whole screen to ``path`` (ImageMagick's ``import``)."""
        if not shutil.which("import"):
            raise DesktopError("screenshots need ImageMagick's import (package imagemagick)")
        self.run(["import", "-window", "root", str(path)])
        return path

    # ---- start and stop

    def close(self) -> None:
        """Stop the scripts, the apps and every process of the desktop, newest first."""
        for script in self._scripts:
            script.kill()
        self._scripts.clear()
        for child, _stdout in list(self._apps.values()):
            _stop(child)
        self._apps.clear()
        while self._children:
            _stop(self._children.pop())

    def _dirs(self) -> None:
        for name in ("home", "config/dunst", "data", "cache", "state", "logs", "bin"):
            (self.root / name).mkdir(parents=True, exist_ok=True)
        (self.root / "runtime").mkdir(mode=0o700, exist_ok=True)

    def _base_env(self) -> dict[str, str]:
        env = {key: os.environ[key] for key in _INHERITED_ENV if key in os.environ}
        env.setdefault("LANG", "C.UTF-8")
        env.update(
            HOME=str(self.root / "home"),
            XDG_CONFIG_HOME=str(self.root / "config"),
            XDG_DATA_HOME=str(self.root / "data"),
            XDG_CACHE_HOME=str(self.root / "cache"),
            XDG_STATE_HOME=str(self.root / "state"),
            XDG_RUNTIME_DIR=str(self.root / "runtime"),
            QT_QPA_PLATFORM="xcb",
            NO_AT_BRIDGE="1",  # GTK programs (trayer) skip the accessibility bus
            PYTHONPATH=str(PROJECT_ROOT),
            PYTHONUNBUFFERED="1",
            PYTHONNOUSERSITE="1",
        )
        return env

    def _start_x(self, timeout: float) -> None:
        read_fd, write_fd = os.pipe()
        try:
            command = ["Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp"]
            command += ["-screen", "0", "1280x800x24"]
            self._children.append(
                _start("Xvfb", command, self.env, self.logs / "xvfb.log", pass_fds=[write_fd])
            )
            os.close(write_fd)
            write_fd = -1
            number = _read_line_from_fd(read_fd, "Xvfb to pick a display", timeout)
        finally:
            os.close(read_fd)
            if write_fd >= 0:
                os.close(write_fd)
        # Xvfb writes the number only once it accepts connections: no socket polling needed.
        self.display = f":{number}"
        self.env["DISPLAY"] = self.display

    def _start_bus(self, timeout: float) -> None:
        socket = self.root / "runtime" / "bus"
        listen = f"unix:path={socket}" if len(str(socket)) < 100 else "unix:tmpdir=/tmp"
        config = self.root / "bus.conf"
        config.write_text(_BUS_CONFIG.format(listen=escape(listen)))
        read_fd, write_fd = os.pipe()
        try:
            command = ["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile"]
            command.append(f"--print-address={write_fd}")
            self._children.append(
                _start(
                    "dbus-daemon", command, self.env, self.logs / "dbus.log", pass_fds=[write_fd]
                )
            )
            os.close(write_fd)
            write_fd = -1
            address = _read_line_from_fd(read_fd, "dbus-daemon's address", timeout)
        finally:
            os.close(read_fd)
            if write_fd >= 0:
                os.close(write_fd)
        self.env["DBUS_SESSION_BUS_ADDRESS"] = address

    def _start_monitor(self, timeout: float) -> None:
        rules = [
            f"interface={NOTIFICATIONS}",
            f"type=method_return,sender={NOTIFICATIONS}",
            f"type=error,sender={NOTIFICATIONS}",
            f"type=signal,interface={MARKER_INTERFACE}",
        ]
        with self.monitor_log.open("ab") as log:
            self._children.append(
                _start(
                    "dbus-monitor",
                    ["dbus-monitor", "--session", *rules],
                    self.env,
                    self.logs / "dbus-monitor.stderr.log",
                    stdout=log.fileno(),
                )
            )
        # dbus-monitor prints the NameLost of its own name once it has become a monitor.
        wait_until(lambda: "NameLost" in self.monitor_log.read_text(), "dbus-monitor", timeout)

    def _start_dunst(self, timeout: float) -> None:
        picker = self.root / "bin" / "pick-action"
        picker.write_text(
            _PICKER.format(menu=self.root / "dmenu-input", choice=self.root / "dmenu-choice")
        )
        picker.chmod(0o755)
        (self.root / "dmenu-choice").write_text("")
        config = self.root / "config" / "dunst" / "dunstrc"
        config.write_text(_DUNSTRC.format(picker=picker))
        command = ["dunst", "-config", str(config), "-verbosity", "info"]
        self._children.append(_start("dunst", command, self.env, self.logs / "dunst.log"))
        wait_until(self._daemon_owns_name, f"dunst to own {NOTIFICATIONS}", timeout)

    def _daemon_owns_name(self) -> bool:
        result = self.run(
            [
                "dbus-send",
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                f"string:{NOTIFICATIONS}",
            ],
            check=False,
        )
        return result.returncode == 0 and "boolean true" in result.stdout

    def _start_tray(self, timeout: float) -> None:
        command = ["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel"]
        command += ["--width", "120", "--height", "24"]
        self._children.append(_start("trayer", command, self.env, self.logs / "trayer.log"))
        wait_until(self._tray_panel_exists, "trayer's panel window", timeout)

    def _tray_panel_exists(self) -> bool:
        tree = self.run(["xwininfo", "-root", "-tree"], check=False).stdout
        return '"panel": ("panel" "trayer")' in tree

    def log_tails(self) -> str:
        """The last lines of every log, for error messages."""
        return "\n".join(f"--- {log.name}\n{_tail(log)}" for log in sorted(self.logs.glob("*.log")))

    def _check_alive(self) -> None:
        for child in self._children:
            if child.process.poll() is not None:
                raise DesktopError(
                    f"{child.name} exited with {child.process.returncode}:\n{_tail(child.log)}"
                )


def start_desktop(root: Path, *, tray: bool = True, timeout: float = DEFAULT_TIMEOUT) -> Desktop:
    """Start a private desktop under ``root``; the caller must :meth:`Desktop.close` it."""
    require_programs(tray=tray)
    desktop = Desktop(root=root, tray=tray)
    desktop._dirs()
    desktop.env = desktop._base_env()
    steps = [desktop._start_x, desktop._start_bus, desktop._start_monitor, desktop._start_dunst]
    if tray:
        steps.append(desktop._start_tray)
    try:
        for step in steps:
            try:
                step(timeout)
            except TimeoutError as error:
                desktop._check_alive()  # a crashed program explains more than a timeout
                raise DesktopError(f"{error}\n{desktop.log_tails()}") from error
        desktop._check_alive()
    except BaseException:
        desktop.close()
        raise
    return desktop


@contextlib.contextmanager
def running_desktop(root: Path, *, tray: bool = True) -> Iterator[Desktop]:
    """:func:`start_desktop` as a context manager that always cleans up."""
    desktop = start_desktop(root, tray=tray)
    try:
        yield desktop
    finally:
        desktop.close()
