"""Which addresses sync talks to, and where the password is (never a file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clock_fixtures import fixed_clock
from faqdesk.core.sync.account import is_local_host, url_problem
from faqdesk.core.sync.run import status


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.8.9.10", "::1", "desk.localhost"])
def test_this_computer_is_local(host: str) -> None:
    assert is_local_host(host)


@pytest.mark.parametrize("host", ["192.168.1.5", "10.0.0.1", "example.com", "localhost.evil.com"])
def test_other_hosts_are_not(host: str) -> None:
    assert not is_local_host(host)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("", "sync.url.empty"),
        ("   ", "sync.url.empty"),
        ("ftp://dav.example.com/", "sync.url.bad"),
        ("dav.example.com", "sync.url.bad"),
        ("https://", "sync.url.bad"),
        ("https://dav.example.com:99999/", "sync.url.bad"),
        ("https://dav.exa mple.com/", "sync.url.bad"),
        ("https://dav.example.com/\x00", "sync.url.bad"),
        ("https://me:secret@dav.example.com/", "sync.url.credentials"),
        ("http://192.168.1.5:5232/", "sync.url.insecure"),
        ("http://dav.example.com/", "sync.url.insecure"),
    ],
)
def test_bad_or_unsafe_addresses_are_refused_with_a_reason(url: str, code: str) -> None:
    problem = url_problem(url)
    assert problem is not None and problem.code == code


@pytest.mark.parametrize(
    "url",
    [
        "https://dav.example.com/",
        "http://127.0.0.1:5232/",
        "http://[::1]:5232/",
        "http://localhost/",
    ],
)
def test_https_anywhere_and_http_to_this_computer_are_fine(url: str) -> None:
    assert url_problem(url) is None


def test_plain_http_elsewhere_once_confirmed() -> None:
    assert url_problem("http://192.168.1.5:5232/", allow_http=True) is None
    assert "192.168.1.5" in str(url_problem("http://192.168.1.5:5232/"))


def test_status_before_setup_creates_nothing(tmp_path: Path) -> None:
    found = status(tmp_path / "data", fixed_clock)
    assert found.account is None and found.pending_total == 0
    assert not (tmp_path / "data").exists()
