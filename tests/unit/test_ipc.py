"""One instance per household: a later start talks to the running one over a local socket.

``tell_running_instance`` blocks in Qt's ``waitFor…`` calls while holding the GIL, so a
client on a Python thread would starve the server's slots; the real client runs as a
separate process, as it does in life.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from closeness_desktop.ipc import (
    PROTOCOL,
    InstanceServer,
    server_name,
    tell_running_instance,
)
from closeness_desktop.paths import Paths, resolve

CLIENT = (
    "import sys\n"
    "from closeness_desktop.ipc import tell_running_instance\n"
    "from closeness_desktop.paths import resolve\n"
    "sys.exit(0 if tell_running_instance(resolve(sys.argv[1]), sys.argv[2]) else 3)\n"
)
WAIT_MS = 30_000


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return resolve(tmp_path / "household")


@pytest.fixture
def servers(qapp: object) -> Iterator[list[InstanceServer]]:
    made: list[InstanceServer] = []
    yield made
    for server in made:
        server.close()


def new_server(paths: Paths, servers: list[InstanceServer]) -> InstanceServer:
    server = InstanceServer(paths)
    servers.append(server)
    return server


def tell_from_another_process(qtbot: QtBot, paths: Paths, command: str) -> int:
    """Run ``tell_running_instance`` in a child process while this one serves events."""
    child = subprocess.Popen(
        [sys.executable, "-c", CLIENT, str(paths.data_dir), command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        qtbot.waitUntil(lambda: child.poll() is not None, timeout=WAIT_MS)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return child.returncode


def socket_file(paths: Paths) -> Path:
    return Path(QDir.tempPath()) / server_name(paths)


def test_the_socket_name_depends_on_the_data_folder(tmp_path: Path) -> None:
    first, second = resolve(tmp_path / "a"), resolve(tmp_path / "b")

    assert server_name(first) == server_name(resolve(tmp_path / "a"))
    assert server_name(first) != server_name(second)
    assert server_name(first).startswith("closeness-")


def test_nobody_answers_when_no_instance_runs(qapp: object, paths: Paths) -> None:
    assert tell_running_instance(paths, "raise") is False


def test_a_running_instance_is_asked_to_raise(
    qtbot: QtBot, paths: Paths, servers: list[InstanceServer]
) -> None:
    server = new_server(paths, servers)
    assert server.listen()

    with qtbot.waitSignal(server.command, timeout=WAIT_MS) as received:
        answered = tell_from_another_process(qtbot, paths, "raise")

    assert received.args == ["raise"]
    assert answered == 0  # tell_running_instance returned True


def test_a_running_instance_is_asked_to_refresh(
    qtbot: QtBot, paths: Paths, servers: list[InstanceServer]
) -> None:
    server = new_server(paths, servers)
    assert server.listen()

    with qtbot.waitSignal(server.command, timeout=WAIT_MS) as received:
        assert tell_from_another_process(qtbot, paths, "refresh") == 0

    assert received.args == ["refresh"]


def test_a_second_instance_does_not_take_over_a_live_one(
    qtbot: QtBot, paths: Paths, servers: list[InstanceServer]
) -> None:
    first = new_server(paths, servers)
    assert first.listen()

    second = new_server(paths, servers)
    assert second.listen() is False

    with qtbot.waitSignal(first.command, timeout=WAIT_MS) as received:
        assert tell_from_another_process(qtbot, paths, "raise") == 0
    assert received.args == ["raise"]


def test_after_the_instance_closes_a_new_one_can_listen(
    paths: Paths, servers: list[InstanceServer]
) -> None:
    first = new_server(paths, servers)
    assert first.listen()
    first.close()

    assert new_server(paths, servers).listen()


def test_a_socket_left_by_a_crash_is_cleared(
    qtbot: QtBot, paths: Paths, servers: list[InstanceServer]
) -> None:
    stale = socket_file(paths)
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(os.fspath(stale))  # bound, never listening: what a crash leaves behind
    leftover.close()
    assert stale.exists()

    server = new_server(paths, servers)
    assert server.listen()

    with qtbot.waitSignal(server.command, timeout=WAIT_MS) as received:
        assert tell_from_another_process(qtbot, paths, "raise") == 0
    assert received.args == ["raise"]


@pytest.fixture
def listening(paths: Paths, servers: list[InstanceServer]) -> InstanceServer:
    server = new_server(paths, servers)
    assert server.listen()
    return server


def send_raw(qtbot: QtBot, paths: Paths, payload: bytes) -> bytes:
    """Send ``payload`` without blocking this thread; the server's one-line answer."""
    client = QLocalSocket()
    try:
        client.connectToServer(server_name(paths))
        qtbot.waitUntil(
            lambda: client.state() == QLocalSocket.LocalSocketState.ConnectedState,
            timeout=WAIT_MS,
        )
        client.write(payload)
        qtbot.waitUntil(client.canReadLine, timeout=WAIT_MS)
        return bytes(client.readLine().data())
    finally:
        client.abort()


@pytest.mark.parametrize(
    "payload",
    [
        {"app": "closeness", "v": PROTOCOL - 1, "cmd": "raise"},
        {"app": "closeness", "v": PROTOCOL + 1, "cmd": "raise"},
        {"app": "another-app", "v": PROTOCOL, "cmd": "raise"},
        {"app": "closeness", "v": PROTOCOL, "cmd": "format-disk"},
        {"app": "closeness", "v": PROTOCOL},
        [1, 2, 3],
        "raise",
    ],
    ids=["older", "newer", "other-app", "unknown-command", "no-command", "a-list", "bare-word"],
)
def test_a_message_it_does_not_understand_gets_unknown_and_does_nothing(
    qtbot: QtBot, paths: Paths, listening: InstanceServer, payload: object
) -> None:
    commands: list[str] = []
    listening.command.connect(commands.append)

    answer = send_raw(qtbot, paths, json.dumps(payload).encode() + b"\n")

    assert answer == b"unknown\n"
    assert commands == []


def test_a_line_that_is_not_json_gets_unknown(
    qtbot: QtBot, paths: Paths, listening: InstanceServer
) -> None:
    commands: list[str] = []
    listening.command.connect(commands.append)

    assert send_raw(qtbot, paths, b"RAISE PLEASE\n") == b"unknown\n"
    assert commands == []


def test_a_current_message_gets_ok(qtbot: QtBot, paths: Paths, listening: InstanceServer) -> None:
    message = {"app": "closeness", "v": PROTOCOL, "cmd": "refresh"}

    with qtbot.waitSignal(listening.command, timeout=WAIT_MS) as received:
        answer = send_raw(qtbot, paths, json.dumps(message).encode() + b"\n")

    assert answer == b"ok\n"
    assert received.args == ["refresh"]
