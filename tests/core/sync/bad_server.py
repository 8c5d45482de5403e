"""A small misbehaving HTTP server on 127.0.0.1 (stdlib ``http.server``): what a broken,
hostile or overloaded sync server answers. The real server tests use Radicale."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class BadServer:
    def __init__(self) -> None:
        self.mode = "garbage"
        self.release = threading.Event()
        self.requests: list[tuple[str, str, str]] = []  # method, path, Authorization
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                server.requests.append(
                    (self.command, self.path, self.headers.get("Authorization", ""))
                )
                server.respond(self)

            do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_MKCOL = _answer

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        mode = self.mode
        if mode == "slow":
            self.release.wait(10)  # until the test ends; the client gave up long before
            return
        if mode == "redirect":
            handler.send_response(302)
            handler.send_header("Location", "http://attacker.example/steal")
            handler.end_headers()
            return
        if mode.isdigit():
            handler.send_response(int(mode))
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        handler.send_response(207)
        handler.send_header("Content-Type", "application/xml")
        if mode == "huge":
            handler.end_headers()
            chunk = b"<D:response>" + b"x" * 65536
            for _ in range(64):  # 4 MB, far past the limit the test sets
                try:
                    handler.wfile.write(chunk)
                except OSError:
                    return
            return
        bodies = {
            "garbage": b"\x00\xff<<<not xml at all",
            "html": b"<html><body><h1>Welcome to nginx!</h1></body></html>",
            "entities": (
                b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                b'<multistatus xmlns="DAV:">&b;</multistatus>'
            ),
        }
        body = bodies[mode]
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def bad_server() -> Iterator[BadServer]:
    server = BadServer()
    try:
        yield server
    finally:
        server.close()
