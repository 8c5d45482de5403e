"""What can go wrong talking to a sync server, as typed errors carrying a catalog sentence.

Every failure the user can meet (server down, slow, wrong password, no rights, a redirect, a
server error, an answer that is not WebDAV, an answer too large) is a :class:`SyncError` whose
``phrase`` says what happened and what to do; the command line prints it, the window shows it
in the status bar. Nothing local has changed when one is raised mid-way that was not already
recorded as synced.
"""

from __future__ import annotations

from typing import Any

from faqdesk.core.text import Phrase


class SyncError(Exception):
    """A sync that could not go on; ``phrase`` is the sentence for the user."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.phrase = Phrase.of(code, **params)
        self.code = code
        super().__init__(str(self.phrase))


class PreconditionFailed(SyncError):
    """The server's copy changed since we last saw it (HTTP 412 on If-Match/If-None-Match)."""

    def __init__(self, href: str) -> None:
        super().__init__("sync.error.precondition", href=href)
        self.href = href


class NotFound(SyncError):
    """The resource or collection does not exist on the server (HTTP 404/410)."""

    def __init__(self, href: str) -> None:
        super().__init__("sync.error.not_found", href=href)
        self.href = href
