"""One instance per household and account, over a local socket.

A second ``closeness`` asks the running one to raise its window and exits; the command
line asks it to refresh after writing. Messages are one JSON line with a protocol version,
so a newer app can refuse an older peer cleanly instead of misreading it.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from closeness_desktop import APP_ID
from closeness_desktop.paths import Paths

log = logging.getLogger(__name__)

PROTOCOL = 1
COMMANDS = frozenset({"raise", "refresh"})
TIMEOUT_MS = 1000


def server_name(paths: Paths) -> str:
    """A socket name unique to this OS account and data folder."""
    key = f"{getpass.getuser()}\0{paths.data_dir}".encode()
    return f"{APP_ID}-{hashlib.sha256(key).hexdigest()[:16]}"


def _encode(command: str) -> bytes:
    return json.dumps({"app": APP_ID, "v": PROTOCOL, "cmd": command}).encode() + b"\n"


def tell_running_instance(paths: Paths, command: str) -> bool:
    """Send ``command`` to a running instance; False if none answers."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(paths))
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
        self._name = server_name(paths)

    def listen(self) -> bool:
        """Start listening; False if another live instance already does."""
        # Ask first: with access options set, Qt binds in a temporary folder and renames the
        # socket into place, so listen() would succeed over a live instance's socket.
        if tell_running_instance_by_name(self._name):
            return False
        if self._server.listen(self._name):
            return True
        # Nobody answered: a socket left behind by a crash. Clear it and take over.
        log.info("removing stale instance socket %s", self._name)
        QLocalServer.removeServer(self._name)
        if not self._server.listen(self._name):
            log.error("cannot listen on %s: %s", self._name, self._server.errorString())
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
