"""One FAQDesk window per user: a second launch asks the first to come to the front.

The first instance listens on a ``QLocalServer`` whose name is per user (and per data
folder, so tests and portable set-ups do not collide). A later launch connects, sends one
versioned line (``faqdesk-ipc 1 activate``) and exits. A socket left behind by a crashed
instance (nobody answers) is removed before listening.
"""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from faqdesk.core import paths
from faqdesk.core.log import get_logger

_log = get_logger("ui.single_instance")

PROTOCOL = b"faqdesk-ipc"
VERSION = 1
CONNECT_TIMEOUT_MS = 500


def server_name(scope: str | None = None) -> str:
    """The per-user server name (``scope`` default: the user data folder)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError, ImportError):  # ImportError: Windows without USERNAME (no pwd)
        user = "user"
    where = scope if scope is not None else str(paths.user_data_dir())
    digest = hashlib.sha256(f"{user}\0{where}".encode()).hexdigest()[:12]
    return f"faqdesk-{digest}"


def message(command: str = "activate") -> bytes:
    return b"%s %d %s\n" % (PROTOCOL, VERSION, command.encode("ascii"))


class SingleInstance(QObject):
    """``claim()`` True: we are the first instance (``activateRequested`` fires when a later
    launch knocks); False: another instance runs and has been asked to come to the front."""

    activateRequested = Signal()

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._server: QLocalServer | None = None
        self._clients: set[QLocalSocket] = set()

    def claim(self) -> bool:
        if self._knock():
            return False
        QLocalServer.removeServer(self.name)  # a stale socket from a crashed instance
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            _log.warning("cannot listen on %s: %s", self.name, server.errorString())
            return True  # run anyway, just without single-instance
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def is_listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def close(self) -> None:
        for socket in list(self._clients):
            socket.abort()
            socket.deleteLater()
        self._clients.clear()
        if self._server is not None:
            self._server.close()
            self._server = None

    def _knock(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(message())
        socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return True

    def _on_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.setParent(self)
            self._clients.add(socket)
            socket.readyRead.connect(self._on_ready_read)
            socket.disconnected.connect(self._on_disconnected)
            self._read(socket)

    def _on_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _on_disconnected(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket) and socket in self._clients:
            self._read(socket)
            self._clients.discard(socket)
            socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            line = bytes(socket.readLine().data()).strip()
            parts = line.split()
            if len(parts) == 3 and parts[0] == PROTOCOL and parts[1] == str(VERSION).encode():
                if parts[2] == b"activate":
                    self.activateRequested.emit()
            else:
                _log.warning("ignored a message from another FAQDesk: %r", line[:80])
