"""Two (or more) FAQDesk desks, each with its own data folder, syncing with one server."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from clock_fixtures import FIXED_NOW_UTC, fixed_clock
from faqdesk.core.cases.model import Case, CaseEvent, NewCase
from faqdesk.core.cases.store import CaseStore
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.model import Contact, contact_from_mapping
from faqdesk.core.sync.account import Account
from faqdesk.core.sync.dav import DavClient
from faqdesk.core.sync.errors import SyncError
from faqdesk.core.sync.run import SyncReport, setup, sync_now
from faqdesk.core.sync.state import SyncState
from radicale_server import RadicaleServer


def contact(contact_id: str, name: str, **extra: Any) -> Contact:
    data: dict[str, Any] = {"id": contact_id, "name": {"zh": name}, **extra}
    data.setdefault("channels", [{"id": "phone", "kind": "phone", "value": "+7 495 000-00-00"}])
    made, problems = contact_from_mapping(data, "test", origin="user")
    assert made is not None and not problems, problems
    return made


class Desk:
    """One computer of the team: a data folder, its contact book, its sync state."""

    def __init__(self, folder: Path, server: RadicaleServer, user: str, password: str) -> None:
        self.folder = folder
        self.server = server
        self.user = user
        self.password = password
        self.runs = 0

    def book(self) -> ContactBook:
        return ContactBook.open(self.folder, clock=fixed_clock)

    def add(self, *contacts: Contact) -> None:
        with self.book() as book:
            for item in contacts:
                book.save(item)

    def contacts(self) -> dict[str, Contact]:
        with self.book() as book:
            return {c.id: c for c in book.contacts() if c.origin != "bundled"}

    def set_up(self, **options: Any) -> Account:
        with SyncState(self.folder) as state:
            return setup(state, Account(self.server.url, self.user, **options), self.password)

    def sync(self, **options: Any) -> SyncReport:
        self.runs += 1
        now = FIXED_NOW_UTC + timedelta(minutes=self.runs)
        options.setdefault("password", self.password)
        return sync_now(self.folder, now, **options)


def add_case(desk: Desk, title: str, contact_id: str = "forwarder") -> str:
    """A case about ``contact_id``'s phone, opened at the fixed time; returns its id."""
    with desk.book() as book, CaseStore.open(desk.folder, clock=fixed_clock) as store:
        contacts = {c.id: c for c in book.contacts()}
        case = store.add(
            NewCase(problem="delay", contact=contact_id, channel="phone", title=title,
                    posting="12345678-0001-1", opened_at=FIXED_NOW_UTC),
            contacts,
        )  # fmt: skip
    return case.id


def cases(desk: Desk) -> dict[str, Case]:
    with CaseStore.open(desk.folder, clock=fixed_clock) as store:
        return {case.title: case for case in store.cases()}


def log(desk: Desk, case_id: str, event: CaseEvent) -> None:
    with CaseStore.open(desk.folder, clock=fixed_clock) as store:
        store.log(case_id, event)


class DiesAfterWrites(DavClient):
    """A client whose server is killed right after it stored the ``n``-th PUT, before the
    answer reaches us: the nastiest moment (the server has it, we do not know)."""

    def __init__(self, server: RadicaleServer, n: int, *args: str) -> None:
        super().__init__(*args)
        self.server, self.left = server, n

    def put(self, href: str, body: str, content_type: str, *, etag: str | None) -> str:
        answer = super().put(href, body, content_type, etag=etag)
        self.left -= 1
        if self.left == 0:
            self.server.kill()
            raise SyncError("sync.error.down", url=href)
        return answer
