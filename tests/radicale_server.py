"""A real Radicale CardDAV/CalDAV server for the sync tests (no mocks of the server).

``python -m radicale`` runs on 127.0.0.1 on a free port with htpasswd logins (SHA-256 crypt
hashes: no extra system install) and its storage in a temporary folder. Start-up is awaited by
polling the port (a bounded loop, no sleeps); the server is stopped after the tests of a
module. Each test takes its own user (:meth:`RadicaleServer.new_user`): Radicale reads the
htpasswd file on every request, so users are added while it runs and tests never see each
other's data.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import secrets
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from passlib.hash import sha256_crypt

_users = itertools.count(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RadicaleServer:
    """One Radicale process; :meth:`stop` and :meth:`start` again keep its data and port."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.storage = folder / "storage"
        self.htpasswd = folder / "users"
        folder.mkdir(parents=True, exist_ok=True)
        self.htpasswd.write_text("", encoding="utf-8")
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def new_user(self) -> tuple[str, str]:
        """A fresh user name and password that the server accepts from now on."""
        name = f"desk{next(_users)}x{secrets.token_hex(3)}"
        password = secrets.token_urlsafe(12)
        hashed = sha256_crypt.using(rounds=1000).hash(password)
        with self.htpasswd.open("a", encoding="utf-8") as stream:
            stream.write(f"{name}:{hashed}\n")
        return name, password

    def start(self) -> None:
        command = [
            sys.executable, "-m", "radicale", "--config", "",
            "--server-hosts", f"127.0.0.1:{self.port}",
            "--auth-type", "htpasswd",
            "--auth-htpasswd-filename", str(self.htpasswd),
            "--auth-htpasswd-encryption", "sha256",
            "--storage-filesystem-folder", str(self.storage),
            "--logging-level", os.environ.get("FAQDESK_TEST_RADICALE_LOG", "error"),
        ]  # fmt: skip
        env = {key: value for key, value in os.environ.items() if not key.startswith("RADICALE")}
        shown = bool(os.environ.get("FAQDESK_TEST_RADICALE_LOG"))  # to debug a test
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=None if shown else subprocess.DEVNULL,
            env=env,
        )
        for _ in range(600):  # up to ~30 s: each round waits on the socket, never sleeps
            if self.process.poll() is not None:
                raise RuntimeError(f"radicale exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.05):
                    return
            except OSError:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.process.wait(timeout=0.05)
        self.stop()
        raise RuntimeError("radicale did not start listening")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def kill(self) -> None:
        """Stop the server at once (SIGKILL), as a crash would."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


def radicale_fixture(scope: Any = "module") -> Callable[..., Iterator[RadicaleServer]]:
    """A fixture giving a running :class:`RadicaleServer`; ``radicale = radicale_fixture()``
    in a test module."""

    @pytest.fixture(scope=scope)
    def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
        server = RadicaleServer(tmp_path_factory.mktemp("radicale"))
        server.start()
        try:
            yield server
        finally:
            server.stop()

    return radicale
