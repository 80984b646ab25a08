"""One instance per household and account, over a local socket.

A second ``closeness`` asks the running one to raise its window and exits; the command
line asks it to refresh after writing. Messages are one JSON line with a protocol version,
so a newer app can refuse an older peer cleanly instead of misreading it.

The socket lives in a folder only this account can enter: ``$XDG_RUNTIME_DIR`` when the
session has one, else a 0700 folder of our own in the temporary folder. A name in the shared
``/tmp`` could be bound first by another account, which would keep Closeness from starting
and receive its messages; a folder or socket that is not ours is refused in words instead.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import logging
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from closeness_desktop import APP_ID
from closeness_desktop.paths import Paths

log = logging.getLogger(__name__)

PROTOCOL = 1
COMMANDS = frozenset({"raise", "refresh"})
TIMEOUT_MS = 1000
#: A socket's path must fit ``sun_path`` (108 bytes on Linux, 104 on macOS).
MAX_SOCKET_PATH = 100
PRIVATE_FOLDER = 0o700


class InstanceRefused(Exception):
    """Another account holds the place where Closeness finds itself; said in words."""


def server_name(paths: Paths) -> str:
    """A socket name unique to this OS account and data folder."""
    key = f"{getpass.getuser()}\0{paths.data_dir}".encode()
    return f"{APP_ID}-{hashlib.sha256(key).hexdigest()[:16]}"


def _runtime_folder(environ: Mapping[str, str]) -> Path | None:
    """``$XDG_RUNTIME_DIR`` if it is there and, as the spec demands, ours alone."""
    value = environ.get("XDG_RUNTIME_DIR")
    if not value:
        return None
    folder = Path(value)
    try:
        info = folder.stat()
    except OSError:
        info = None
    if (
        info is None
        or not stat.S_ISDIR(info.st_mode)
        or info.st_uid != os.geteuid()
        or info.st_mode & 0o077
    ):
        log.warning("XDG_RUNTIME_DIR %s is not a private folder; using one of our own", folder)
        return None
    return folder


def _own_temp_folder(environ: Mapping[str, str]) -> Path:
    """A 0700 folder of this account in the temporary folder; :class:`InstanceRefused` if
    someone else made it, or made it a link."""
    base = Path(environ.get("TMPDIR") or tempfile.gettempdir())
    folder = base / f"{APP_ID}-{os.geteuid()}"
    # Already there: ours from an earlier start, or a trap; looked at just below.
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=PRIVATE_FOLDER)
    info = folder.lstat()
    cannot = "Closeness cannot start safely:"
    if stat.S_ISLNK(info.st_mode):
        raise InstanceRefused(
            f"{cannot} {folder} is a link, not a folder of its own, so another account could"
            " listen in. Please remove it and start Closeness again."
        )
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
        raise InstanceRefused(
            f"{cannot} {folder}, where Closeness finds its own open window, belongs to"
            " another account. Please ask whoever looks after this computer to remove it,"
            " then start Closeness again."
        )
    if stat.S_IMODE(info.st_mode) != PRIVATE_FOLDER:
        folder.chmod(PRIVATE_FOLDER)
    return folder


def socket_path(paths: Paths, environ: Mapping[str, str] | None = None) -> str:
    """Where this account's instance for ``paths`` listens (``environ``: whose session;
    this process's by default). :class:`InstanceRefused` if that place is not safe."""
    name = server_name(paths)
    if os.name != "posix":
        return name  # a named pipe on Windows, private to the session
    environ = os.environ if environ is None else environ
    runtime = _runtime_folder(environ)
    if runtime is not None and len(os.fsencode(runtime / name)) <= MAX_SOCKET_PATH:
        return str(runtime / name)
    return str(_own_temp_folder(environ) / name)


def _owner(path: str) -> int | None:
    """The account that owns the socket file at ``path``; None if there is none."""
    if os.name != "posix":
        return None
    try:
        return os.lstat(path).st_uid
    except FileNotFoundError:
        return None


def _squatted(path: str) -> InstanceRefused:
    return InstanceRefused(
        f"Closeness cannot start safely: another account is listening at {path}, where"
        " Closeness finds its own open window. Nothing was sent to it. Please ask whoever"
        " looks after this computer to remove it, then start Closeness again."
    )


def _encode(command: str) -> bytes:
    return json.dumps({"app": APP_ID, "v": PROTOCOL, "cmd": command}).encode() + b"\n"


def tell_running_instance(
    paths: Paths, command: str, environ: Mapping[str, str] | None = None
) -> bool:
    """Send ``command`` to a running instance; False if none answers.

    ``environ``: the session of the instance (its ``XDG_RUNTIME_DIR``), this one's by default.
    """
    try:
        path = socket_path(paths, environ)
    except InstanceRefused as refused:
        log.warning("not telling the running instance: %s", refused)
        return False
    owner = _owner(path)
    if owner is not None and owner != os.geteuid():
        log.warning("not telling the running instance: %s", _squatted(path))
        return False
    socket = QLocalSocket()
    socket.connectToServer(path)
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    socket.write(_encode(command))
    socket.waitForBytesWritten(TIMEOUT_MS)
    answered = (
        socket.waitForReadyRead(TIMEOUT_MS) and bytes(socket.readAll().data()).strip() == b"ok"
    )
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for later starts; emits :attr:`command` with what they asked."""

    command = Signal(str)

    def __init__(self, paths: Paths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._paths = paths

    def listen(self) -> bool:
        """Start listening; False if another live instance already does.

        :class:`InstanceRefused` when the socket's place belongs to another account.
        """
        name = socket_path(self._paths)
        owner = _owner(name)
        if owner is not None and owner != os.geteuid():
            raise _squatted(name)
        # Ask first: with access options set, Qt binds in a temporary folder and renames the
        # socket into place, so listen() would succeed over a live instance's socket.
        if tell_running_instance_by_name(name):
            return False
        if self._server.listen(name):
            return True
        # Nobody answered: a socket left behind by a crash. Clear it and take over.
        log.info("removing stale instance socket %s", name)
        QLocalServer.removeServer(name)
        if not self._server.listen(name):
            log.error("cannot listen on %s: %s", name, self._server.errorString())
        return True

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data())
        try:
            message = json.loads(line)
            valid = (
                message.get("app") == APP_ID
                and message.get("v") == PROTOCOL
                and message.get("cmd") in COMMANDS
            )
        except (ValueError, AttributeError):
            valid = False
        if not valid:
            log.warning("ignoring an instance message we do not understand: %r", line[:200])
            socket.write(b"unknown\n")
            return
        socket.write(b"ok\n")
        socket.flush()
        self.command.emit(message["cmd"])


def tell_running_instance_by_name(name: str) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(name)
    alive = socket.waitForConnected(TIMEOUT_MS)
    socket.abort()
    return alive
