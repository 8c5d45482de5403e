"""An answer naming another server never gets our password there: every URL FAQDesk asks has
the account's scheme, host and port, else setup stops with a clear message. Two servers on
this computer's loopback network (127.0.0.1, our server; 127.0.0.2, another one)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from faqdesk.core.sync.account import Account
from faqdesk.core.sync.errors import SyncError
from faqdesk.core.sync.run import setup
from faqdesk.core.sync.state import SyncState

_ANSWER = (
    '<?xml version="1.0"?><D:multistatus xmlns:D="DAV:"><D:response><D:href>{path}</D:href>'
    "<D:propstat><D:prop><D:current-user-principal><D:href>{principal}</D:href>"
    "</D:current-user-principal></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>"
    "</D:response></D:multistatus>"
)


class Recorder:
    """A server that notes every request (path, Authorization) and names ``principal``."""

    def __init__(self, host: str) -> None:
        self.requests: list[tuple[str, str]] = []
        self.principal = "/principal/"
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def do_PROPFIND(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                recorder.requests.append((self.path, self.headers.get("Authorization", "")))
                if self.path != "/":
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = _ANSWER.format(path=self.path, principal=recorder.principal).encode()
                self.send_response(207)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_REPORT = do_PROPFIND

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def servers() -> Iterator[tuple[Recorder, Recorder]]:
    ours, other = Recorder("127.0.0.1"), Recorder("127.0.0.2")
    try:
        yield ours, other
    finally:
        ours.close()
        other.close()


def _set_up(folder: Path, url: str) -> SyncError:
    with SyncState(folder) as state, pytest.raises(SyncError) as raised:
        setup(state, Account(url, "owner"), "secret", timeout=(2.0, 2.0))
    with SyncState(folder) as state:
        assert state.account() is None  # nothing stored
    return raised.value


@pytest.mark.parametrize(
    "principal",
    ["//127.0.0.2:{port}/principal/", "http://127.0.0.2:{port}/principal/"],
)
def test_a_principal_on_another_host_is_refused_with_a_clear_message(
    servers: tuple[Recorder, Recorder], tmp_path: Path, principal: str
) -> None:
    ours, other = servers
    ours.principal = principal.format(port=other.port)
    error = _set_up(tmp_path, ours.url)
    assert error.code == "sync.error.other_host"
    assert f"127.0.0.2:{other.port}" in str(error) and "password" in str(error)
    assert other.requests == []


def test_an_encoded_path_is_decoded_once_and_stays_on_our_server(
    servers: tuple[Recorder, Recorder], tmp_path: Path
) -> None:
    ours, other = servers
    ours.principal = f"/%252F127.0.0.2:{other.port}/principal/"
    _set_up(tmp_path, ours.url)
    assert other.requests == []  # the password never went to 127.0.0.2
    assert ours.requests[1][0] == f"/%252F127.0.0.2:{other.port}/principal/"


def test_a_principal_over_another_scheme_is_refused(
    servers: tuple[Recorder, Recorder], tmp_path: Path
) -> None:
    ours, _other = servers
    ours.principal = f"https://127.0.0.1:{ours.port}/principal/"
    assert _set_up(tmp_path, ours.url).code == "sync.error.other_host"
    assert len(ours.requests) == 1
