"""One instance per household: a later start talks to the running one over a local socket.

``tell_running_instance`` blocks in Qt's ``waitFor…`` calls while holding the GIL, so a
client on a Python thread would starve the server's slots; the real client runs as a
separate process, as it does in life.

Every test gets a private ``XDG_RUNTIME_DIR`` of its own (short: a socket's path must fit
in 108 bytes); the tests of the fallback folder take it away and give a ``TMPDIR`` instead.
Those where another account owns the place need root to make such a file, and skip without.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from closeness_desktop.ipc import (
    PROTOCOL,
    InstanceRefused,
    InstanceServer,
    server_name,
    socket_path,
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
#: An account that is not this one, for the files "another account" made (as root).
NOBODY = 65534
needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="making a file owned by another account needs root"
)


def short_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="cl-ipc-"))  # 0700, and a short path
    yield folder
    shutil.rmtree(folder)


@pytest.fixture(autouse=True)
def runtime_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private ``XDG_RUNTIME_DIR``, as a desktop session has; children inherit it."""
    for folder in short_folder():
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
        yield folder


@pytest.fixture
def temp_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No runtime folder: a session without one, and a ``TMPDIR`` of this test's own."""
    for folder in short_folder():
        folder.chmod(0o1777)  # like /tmp: anyone may make things here
        monkeypatch.delenv("XDG_RUNTIME_DIR")
        monkeypatch.setenv("TMPDIR", str(folder))
        yield folder


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
    return Path(socket_path(paths))


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
        client.connectToServer(socket_path(paths))
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


# -- where the socket lives, and a place another account has taken


def test_the_socket_lives_in_the_sessions_private_runtime_folder(
    runtime_dir: Path, paths: Paths, servers: list[InstanceServer]
) -> None:
    assert new_server(paths, servers).listen()

    assert socket_file(paths) == runtime_dir / server_name(paths)
    assert stat.S_ISSOCK(socket_file(paths).lstat().st_mode)


def test_without_a_runtime_folder_it_makes_a_private_folder_of_its_own(
    temp_dir: Path, paths: Paths, servers: list[InstanceServer]
) -> None:
    assert new_server(paths, servers).listen()

    folder = temp_dir / f"closeness-{os.geteuid()}"
    info = folder.lstat()
    assert stat.S_ISDIR(info.st_mode)
    assert stat.S_IMODE(info.st_mode) == 0o700
    assert info.st_uid == os.geteuid()
    assert socket_file(paths).parent == folder


def test_a_runtime_folder_others_can_enter_is_not_used(
    runtime_dir: Path, temp_dir: Path, paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime_dir.chmod(0o755)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime_dir))

    assert socket_file(paths).parent == temp_dir / f"closeness-{os.geteuid()}"


def test_its_own_folder_left_open_is_closed_again(temp_dir: Path, paths: Paths) -> None:
    folder = temp_dir / f"closeness-{os.geteuid()}"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)

    socket_file(paths)

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_link_in_place_of_its_folder_is_refused_in_words(
    qapp: object, temp_dir: Path, paths: Paths, tmp_path: Path, servers: list[InstanceServer]
) -> None:
    elsewhere = tmp_path / "someone-elses"
    elsewhere.mkdir()
    (temp_dir / f"closeness-{os.geteuid()}").symlink_to(elsewhere)

    with pytest.raises(InstanceRefused, match="is a link, not a folder of its own"):
        new_server(paths, servers).listen()
    assert tell_running_instance(paths, "raise") is False
    assert list(elsewhere.iterdir()) == []


@needs_root
def test_a_folder_another_account_made_is_refused_in_words(
    qapp: object, temp_dir: Path, paths: Paths, servers: list[InstanceServer]
) -> None:
    folder = temp_dir / f"closeness-{os.geteuid()}"
    folder.mkdir(mode=0o777)
    os.chown(folder, NOBODY, NOBODY)

    with pytest.raises(InstanceRefused, match="belongs to another account"):
        new_server(paths, servers).listen()
    assert tell_running_instance(paths, "raise") is False
    assert list(folder.iterdir()) == []


@pytest.fixture
def squatter(paths: Paths) -> Iterator[socket.socket]:
    """Another account listening where this account's instance would."""
    taken = socket_file(paths)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(os.fspath(taken))
    listener.listen()
    os.chown(taken, NOBODY, NOBODY)
    listener.settimeout(0.0)
    yield listener
    listener.close()


@needs_root
def test_a_socket_another_account_bound_is_refused_and_told_nothing(
    qapp: object, paths: Paths, squatter: socket.socket, servers: list[InstanceServer]
) -> None:
    with pytest.raises(InstanceRefused, match="another account is listening at"):
        new_server(paths, servers).listen()

    assert tell_running_instance(paths, "refresh") is False
    with pytest.raises(BlockingIOError):
        squatter.accept()  # nobody ever connected to it
    assert socket_file(paths).lstat().st_uid == NOBODY  # and it was not replaced


def test_the_app_refuses_to_start_in_words_and_exits_non_zero(
    temp_dir: Path, tmp_path: Path
) -> None:
    """The real app, started over a trap: a message, a non-zero exit, never a silent 0."""
    elsewhere = tmp_path / "someone-elses"
    elsewhere.mkdir()
    (temp_dir / f"closeness-{os.geteuid()}").symlink_to(elsewhere)
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    app = subprocess.Popen(
        [sys.executable, "-m", "closeness_desktop", "--data-dir", str(tmp_path / "household")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stderr is not None
        said = ""
        while "closeness:" not in said and (line := app.stderr.readline()):
            said += line
        # The same words wait in a dialog; SIGTERM (a log-out) ends it as a person's OK would.
        app.send_signal(signal.SIGTERM)
        said += app.communicate(timeout=WAIT_MS / 1000)[1]
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()

    assert "closeness: Closeness cannot start safely:" in said
    assert "is a link, not a folder of its own" in said
    assert "Traceback" not in said
    assert app.returncode == 1
    assert list(elsewhere.iterdir()) == []
