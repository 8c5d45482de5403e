"""Cut a request that outlives its deadline, whatever the server is doing.

``requests`` only knows timeouts per read: a server that sends one byte every few seconds (in
its headers or its body) keeps a request alive for ever. :class:`ConnectionWatch` notes which
connection each request of a session uses and, when the request's time is up, shuts that
connection's socket down from a timer thread, so the waiting read ends at once.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # requests is imported by the client that makes the session (dav.py)
    import requests


class ConnectionWatch:
    """Watches the connections of one ``requests`` session (one request at a time)."""

    def __init__(self, session: requests.Session) -> None:
        self.current: Any = None
        self.fired = False
        for prefix in ("http://", "https://"):
            manager = getattr(session.get_adapter(prefix), "poolmanager", None)
            classes = getattr(manager, "pool_classes_by_scheme", None)
            if isinstance(classes, dict):  # else (another urllib3): per-read timeouts only
                watched = {scheme: self._watched(cls) for scheme, cls in classes.items()}
                manager.pool_classes_by_scheme = watched  # type: ignore[union-attr]

    def _watched(self, pool_class: type[Any]) -> type[Any]:
        watch = self

        class Watched(pool_class):  # type: ignore[misc]
            def _get_conn(self, *args: Any, **kwargs: Any) -> Any:
                connection = super()._get_conn(*args, **kwargs)
                watch.current = connection
                return connection

        return Watched

    @contextlib.contextmanager
    def deadline(self, seconds: float) -> Iterator[None]:
        """Within the block, the connection in use is cut after ``seconds``; then
        :attr:`fired` is True."""
        self.fired = False
        timer = threading.Timer(max(0.0, seconds), self._cut)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()
            self.current = None

    def _cut(self) -> None:
        self.fired = True
        sock = getattr(self.current, "sock", None)
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
