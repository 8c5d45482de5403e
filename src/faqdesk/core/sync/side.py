"""What the sync engine needs from the local data of one kind (contacts, cases).

A :class:`LocalSide` lists the things that take part in sync with a stamp each (a short
fingerprint that changes whenever the thing changes), turns one into the text of its server
resource and back, saves, removes, and keeps a conflict copy. The engine
(:mod:`faqdesk.core.sync.engine`) knows nothing else about contacts or cases.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from faqdesk.core.problems import Problem


@dataclass(frozen=True)
class Incoming:
    """A server resource read as a local thing: its id, stamp, name and the thing itself."""

    id: str
    stamp: str
    name: str
    value: Any


class ChangedMeanwhile(Exception):
    """The local thing changed while the sync ran (e.g. edited in the window): left for the
    next run, which sees the edit."""


class Refused(Exception):
    """A received thing that cannot be stored here (e.g. a case naming a contact this desk
    does not have); it stays on the server and is tried again by the next sync."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class LocalSide(Protocol):
    #: The collection's key in the sync state: ``contacts`` or ``cases``.
    collection: str
    #: The resource's media type and file suffix on the server.
    content_type: str
    suffix: str
    #: True for a CalDAV task list, False for a CardDAV address book.
    calendar: bool
    #: True when a deletion from the server deletes the local thing (contacts); False when
    #: the thing is kept and sent again (cases).
    deletes_here: bool

    def version(self) -> str:
        """A cheap token that changes whenever any local thing changes ("" if unknown)."""
        ...

    def stamps(self) -> dict[str, str]:
        """Every local thing that takes part in sync: id → stamp."""
        ...

    def name(self, local_id: str) -> str:
        """What the user calls the thing (for reports); the id when unknown."""
        ...

    def body(self, local_id: str, uid: str) -> str | None:
        """The resource text of the thing with ``UID`` ``uid`` (None when it is gone)."""
        ...

    def parse(
        self, body: str, where: str, taken: Set[str]
    ) -> tuple[Incoming | None, list[Problem]]:
        """A resource text as a thing; its own id when it carries one, else a new id not in
        ``taken``, or "" when :meth:`save` gives it one. None (with problems) when it cannot
        be read."""
        ...

    def fresh_id(self, incoming: Incoming, taken: Set[str]) -> str:
        """A new id for a received thing whose own id another resource already has."""
        ...

    def with_id(self, incoming: Incoming, local_id: str) -> Incoming:
        """``incoming`` under another id."""
        ...

    def save(self, incoming: Incoming, expected: str | None) -> tuple[str, str]:
        """Store the thing (created, replaced or merged) if the local one is still
        ``expected`` (its stamp; None: absent), else raise :class:`ChangedMeanwhile`. Returns
        its local id (a new one when ``incoming.id`` is "") and the stamp it now has."""
        ...

    def edits_bundled(self, local_id: str) -> bool:
        """True when saving ``local_id`` changes a thing FAQDesk ships (a bundled contact):
        reported as such, not as a thing received."""
        ...

    def remove(self, local_id: str, expected: str) -> bool:
        """Delete the local thing if it is still ``expected`` (its stamp); False when it is
        kept (changed meanwhile, or a kind of thing that is never deleted)."""
        ...

    def new_uid(self, local_id: str) -> str:
        """The ``UID`` for a thing created here."""
        ...

    def resource_name(self, local_id: str, uid: str) -> str:
        """The file name of a thing created here on the server (without suffix)."""
        ...

    def keep_copy(self, local_id: str, now: datetime) -> str | None:
        """Keep the local version of a thing as a conflict copy before it is replaced by the
        server's; returns the copy's id (None when there was nothing to copy)."""
        ...
