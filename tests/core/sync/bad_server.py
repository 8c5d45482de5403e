"""A small misbehaving HTTP server on 127.0.0.1 (stdlib ``http.server``): what a broken,
hostile or overloaded sync server answers. The real server tests use Radicale."""

from __future__ import annotations

import ipaddress
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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
        if mode == "drip-headers":  # the status line, then a header one byte at a time
            handler.wfile.write(b"HTTP/1.1 207 Multi-Status\r\n")
            for _ in range(400):
                try:
                    handler.wfile.write(b"X")
                    handler.wfile.flush()
                except OSError:
                    return
                if self.release.wait(0.05):
                    return
            return
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
        if mode == "drip":  # one byte now and then, for ever (until the test ends)
            handler.end_headers()
            for _ in range(400):
                try:
                    handler.wfile.write(b" ")
                    handler.wfile.flush()
                except OSError:
                    return
                if self.release.wait(0.05):
                    return
            return
        if mode == "huge":
            handler.end_headers()
            chunk = b"<D:response>" + b"x" * 65536
            for _ in range(64):  # 4 MB, far past the limit the test sets
                try:
                    handler.wfile.write(chunk)
                except OSError:
                    return
            return
        if mode == "gzip":  # compressed although the client asked for identity
            import gzip

            packed = gzip.compress(b'<?xml version="1.0"?><multistatus xmlns="DAV:"/>')
            handler.send_header("Content-Encoding", "gzip")
            handler.send_header("Content-Length", str(len(packed)))
            handler.end_headers()
            handler.wfile.write(packed)
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


def self_signed_files(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that nobody signed (and its key), as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    start = datetime(2026, 1, 1, tzinfo=UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=3650))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BadServer]:
    """The bad server behind TLS with a self-signed certificate."""
    server = BadServer()
    cert, key = self_signed_files(tmp_path_factory.mktemp("tls"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    server.url = server.url.replace("http://", "https://")
    try:
        yield server
    finally:
        server.close()
