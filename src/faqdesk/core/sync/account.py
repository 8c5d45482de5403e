"""The sync account: which server, which user, which collections — and where the password is.

The password is never written to a file by FAQDesk: it lives in the system keyring
(``keyring``); where no keyring exists (headless Linux, CI) it comes from the
``FAQDESK_SYNC_PASSWORD`` environment variable or is asked for each time.

Addresses are checked before anything is sent: HTTPS (certificates verified) anywhere, plain
HTTP only to this computer (localhost) unless the user confirmed it for that address, never a
password inside the URL.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from faqdesk.core.text import Phrase

PASSWORD_ENV = "FAQDESK_SYNC_PASSWORD"
KEYRING_SERVICE = "FAQDesk sync"


@dataclass(frozen=True)
class Account:
    """Where to sync: the server URL, the user, and the collections' paths on that server."""

    url: str
    user: str
    addressbook: str = ""
    calendar: str = ""
    allow_http: bool = False

    @property
    def keyring_name(self) -> str:
        return f"{self.user}@{self.url}"


def is_local_host(host: str) -> bool:
    """True for this computer: ``localhost``, 127.0.0.0/8, ``::1``."""
    if host.lower() in ("localhost", "localhost.localdomain") or host.lower().endswith(
        ".localhost"
    ):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str, *, allow_http: bool = False) -> Phrase | None:
    """Why ``url`` cannot be used as a sync server (None when it can).

    ``allow_http``: the user confirmed plain HTTP to a host other than this computer.
    """
    text = url.strip()
    if not text:
        return Phrase.of("sync.url.empty")
    if any(ord(char) < 32 or char.isspace() for char in text):
        return Phrase.of("sync.url.bad", url=text[:200])
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        _ = parts.port
    except ValueError:
        return Phrase.of("sync.url.bad", url=text[:200])
    if parts.scheme not in ("http", "https") or not host:
        return Phrase.of("sync.url.bad", url=text[:200])
    if parts.username or parts.password:
        return Phrase.of("sync.url.credentials")
    if parts.scheme == "http" and not is_local_host(host) and not allow_http:
        return Phrase.of("sync.url.insecure", host=host)
    return None


# --- the password ------------------------------------------------------------------------------


def _keyring_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring installation is the same as none
        return False
    return not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 1) > 0


def stored_password(account: Account) -> str | None:
    """The password from ``FAQDESK_SYNC_PASSWORD``, else from the keyring, else None."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not _keyring_usable():
        return None
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, account.keyring_name)
    except Exception:
        return None


def store_password(account: Account, password: str) -> bool:
    """Keep ``password`` in the system keyring; False when there is no keyring (then it is
    kept nowhere: set ``FAQDESK_SYNC_PASSWORD`` or give it each time)."""
    if not _keyring_usable():
        return False
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, account.keyring_name, password)
    except Exception:
        return False
    return True
