"""Down, slow, refusing, redirecting, broken or hostile servers: a clear message, exit code 2,
and nothing local lost or changed (the changes still wait to be sent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.core.sync.bad_server import BadServer, bad_server, tls_server
from tests.core.sync.desks import Desk, contact

from clock_fixtures import FIXED_NOW_UTC, fixed_clock
from faqdesk.core.sync import dav
from faqdesk.core.sync.account import Account
from faqdesk.core.sync.run import status, sync_now
from faqdesk.core.sync.state import SyncState
from radicale_server import free_port

__all__ = ["bad_server", "tls_server"]


def _desk_at(url: str, folder: Path) -> Desk:
    desk = Desk(folder, None, "owner", "secret")  # type: ignore[arg-type]
    with SyncState(folder) as state:
        state.set_account(Account(url, "owner", addressbook="/owner/book/"))
    desk.add(contact("forwarder", "货代小王"))
    return desk


def _sync(desk: Desk) -> tuple[int, str, str]:
    report = sync_now(desk.folder, FIXED_NOW_UTC, password="secret", timeout=(2.0, 0.5))
    assert report.error is not None
    assert set(desk.contacts()) == {"forwarder"}
    assert status(desk.folder, fixed_clock).pending["contacts"].new == 1
    return report.exit_code, report.error.code, str(report.error)


@pytest.mark.parametrize(
    ("mode", "code", "words"),
    [
        ("garbage", "sync.error.garbage", "not WebDAV"),
        ("html", "sync.error.garbage", "check the address"),
        ("entities", "sync.error.garbage", "not WebDAV"),
        ("401", "sync.error.unauthorized", "user name or password"),
        ("403", "sync.error.forbidden", "403"),
        ("500", "sync.error.server", "HTTP 500"),
        ("503", "sync.error.server", "try again later"),
        ("507", "sync.error.full", "no room"),
        ("redirect", "sync.error.redirect", "http://attacker.example/steal"),
        ("slow", "sync.error.timeout", "did not answer"),
        ("501", "sync.error.not_dav", "is not a CardDAV/CalDAV server"),
        ("405", "sync.error.not_dav", "check the address"),
    ],
)
def test_a_bad_answer_is_explained_and_nothing_is_lost(
    bad_server: BadServer, tmp_path: Path, mode: str, code: str, words: str
) -> None:
    bad_server.mode = mode
    exit_code, got, message = _sync(_desk_at(bad_server.url, tmp_path))
    assert (exit_code, got) == (2, code)
    assert words in message


def test_a_redirect_is_not_followed_with_the_password(
    bad_server: BadServer, tmp_path: Path
) -> None:
    bad_server.mode = "redirect"
    bad_server.requests.clear()
    _sync(_desk_at(bad_server.url, tmp_path))
    assert len(bad_server.requests) == 1  # nobody went to the other host


def test_a_huge_answer_is_cut_off(
    bad_server: BadServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dav, "MAX_RESPONSE_BYTES", 1024 * 1024)
    bad_server.mode = "huge"
    exit_code, code, message = _sync(_desk_at(bad_server.url, tmp_path))
    assert (exit_code, code) == (2, "sync.error.too_large")
    assert "1 MB" in message


def test_a_server_that_is_not_running(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    exit_code, code, message = _sync(_desk_at(url, tmp_path))
    assert (exit_code, code) == (2, "sync.error.down")
    assert "cannot reach" in message and "wait for the next sync" in message


def test_plain_http_to_another_host_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    exit_code, code, message = _sync(_desk_at("http://dav.example.com/", tmp_path))
    assert (exit_code, code) == (2, "sync.url.insecure")
    assert "https://" in message


def test_sync_before_setup_says_how_to_set_it_up(tmp_path: Path) -> None:
    report = sync_now(tmp_path, FIXED_NOW_UTC, password="x")
    assert report.exit_code == 2
    assert report.error is not None and "faqdesk sync setup" in str(report.error)


def test_a_certificate_nobody_vouches_for_is_refused(tls_server: BadServer, tmp_path: Path) -> None:
    tls_server.mode = "garbage"
    tls_server.requests.clear()
    exit_code, code, message = _sync(_desk_at(tls_server.url, tmp_path))
    assert (exit_code, code) == (2, "sync.error.tls")
    assert "could not be verified" in message and "Nothing was sent" in message
    assert tls_server.requests == []  # the password never left


@pytest.mark.parametrize("mode", ["drip", "drip-headers"])
def test_a_server_that_trickles_its_answer_is_given_up_as_too_slow(
    bad_server: BadServer, tmp_path: Path, mode: str
) -> None:
    bad_server.mode = mode  # a byte every 0.05 s: never a read timeout, never an end
    desk = _desk_at(bad_server.url, tmp_path)
    report = sync_now(
        desk.folder, FIXED_NOW_UTC, password="secret", timeout=(2.0, 2.0), request_deadline=0.5
    )
    assert report.exit_code == 2 and report.error is not None
    assert report.error.code == "sync.error.too_slow"
    assert "too slow" in str(report.error)
    assert set(desk.contacts()) == {"forwarder"}


def test_the_whole_sync_has_a_deadline_too(bad_server: BadServer, tmp_path: Path) -> None:
    bad_server.mode = "drip"
    desk = _desk_at(bad_server.url, tmp_path)
    report = sync_now(desk.folder, FIXED_NOW_UTC, password="secret", deadline=0.5)
    assert report.error is not None and report.error.code == "sync.error.sync_too_long"
    assert "Sync again to go on" in str(report.error)
    assert status(desk.folder, fixed_clock).pending["contacts"].new == 1


def test_an_answer_compressed_anyway_is_still_read(bad_server: BadServer) -> None:
    bad_server.mode = "gzip"
    with dav.DavClient(bad_server.url, "owner", "secret") as client:
        assert client.propfind("/owner/book/", "<D:getetag/>", 1) == []
