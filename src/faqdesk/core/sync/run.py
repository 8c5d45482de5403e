"""Set up, run and describe a sync: what the command line and the window call.

:func:`setup` checks the address, finds the user's address book on the server (or creates
one) and stores the account; :func:`sync_now` runs one two-way sync of every configured
collection and returns a :class:`SyncReport`; :func:`status` tells, without the network, the
last run and what is waiting to go up.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from faqdesk.core import paths
from faqdesk.core.cases.store import CaseStore
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.sync import SYNC_DEADLINE  # (defined there: the window needs no more of sync)
from faqdesk.core.sync.account import Account, stored_password, url_problem
from faqdesk.core.sync.cases import CasesSide
from faqdesk.core.sync.contacts import ContactsSide
from faqdesk.core.sync.dav import (
    CALDAV,
    CARDDAV,
    DAV,
    DEFAULT_TIMEOUT,
    REQUEST_DEADLINE,
    DavClient,
    Resource,
    normal_path,
)
from faqdesk.core.sync.engine import CollectionReport, CollectionSync
from faqdesk.core.sync.errors import NotFound, SyncError
from faqdesk.core.sync.side import LocalSide
from faqdesk.core.sync.state import DAMAGED_KEY, STATE_NAME, SyncState
from faqdesk.core.text import Phrase

ADDRESSBOOK_NAME = "faqdesk-contacts"
CALENDAR_NAME = "faqdesk-cases"
_VTODO = (
    "<K:supported-calendar-component-set>"
    '<K:comp name="VTODO"/></K:supported-calendar-component-set>'
)


@dataclass
class SyncReport:
    """What one sync did: a report per collection, or the error that stopped it."""

    at: datetime
    collections: list[CollectionReport] = field(default_factory=list)
    error: Phrase | None = None
    #: Something to know besides (the damaged state file replaced); None when nothing.
    notice: Phrase | None = None

    @property
    def conflicts(self) -> int:
        return sum(len(c.conflicts) for c in self.collections)

    @property
    def held(self) -> int:
        """Deletions from the server not applied here (too many at once)."""
        return sum(len(c.held) for c in self.collections)

    @property
    def exit_code(self) -> int:
        """0: done; 1: done with conflicts (kept as copies) or with deletions held back; 2: an
        error stopped it."""
        if self.error is not None:
            return 2
        return 1 if self.conflicts or self.held else 0

    def summary(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "ok": self.error is None,
            "error": None if self.error is None else str(self.error),
            "error_code": None if self.error is None else self.error.code,
            "error_params": {}
            if self.error is None
            else {key: str(value) for key, value in self.error.params},
            "conflicts": self.conflicts,
            "held": self.held,
            "notice": None if self.notice is None else str(self.notice),
            "collections": {c.collection: c.summary() for c in self.collections},
        }


class NoPassword(SyncError):
    def __init__(self) -> None:
        super().__init__("sync.error.no_password")


def _client(
    account: Account,
    password: str,
    timeout: tuple[float, float],
    deadline: float | None = None,
    request_deadline: float = REQUEST_DEADLINE,
) -> DavClient:
    """A client for the account; ``deadline``: seconds the whole job may take (None: no
    limit but :data:`REQUEST_DEADLINE` per request)."""
    problem = url_problem(account.url, allow_http=account.allow_http)
    if problem is not None:
        raise SyncError(problem.code, **dict(problem.params))
    client = DavClient(
        account.url, account.user, password, timeout=timeout, request_deadline=request_deadline
    )
    if deadline is not None:
        client.give_up_at = time.monotonic() + deadline
    return client


# --- setup ------------------------------------------------------------------------------------


def _home(client: DavClient, base: str, calendar: bool = False) -> str:
    """The user's address book (or calendar) home (RFC 6352 / 4791 discovery), else the
    base path."""
    found = client.propfind(base, "<D:current-user-principal/>", 0)
    principal = next((r.href_of(DAV, "current-user-principal") for r in found), None) or base
    principal = client.path_of(principal)  # on this server only, never another host
    namespace, name = (
        (CALDAV, "calendar-home-set") if calendar else (CARDDAV, "addressbook-home-set")
    )
    prefix = "K" if calendar else "C"
    homes = client.propfind(principal, f"<{prefix}:{name}/>", 0)
    home = next((r.href_of(namespace, name) for r in homes), None) or principal
    home = client.path_of(home)
    return home if home.endswith("/") else home + "/"


def _supports_todo(resource: Resource) -> bool:
    element = resource.props.get(f"{{{CALDAV}}}supported-calendar-component-set")
    if element is None:
        return True  # not said: every component
    return any(comp.get("name", "").upper() == "VTODO" for comp in element)


def find_calendar(client: DavClient, wanted: str = "") -> str:
    """The path of the task list to sync: ``wanted`` (created when missing), else the first
    calendar of the user named ``faqdesk-cases``, else a new one by that name."""
    base = urlsplit(client.base_url).path or "/"
    props = "<D:resourcetype/><K:supported-calendar-component-set/>"
    if wanted:
        wanted = normal_path(wanted)  # typed or pasted as it appears in a URL
        path = wanted if wanted.startswith("/") else base + wanted
        path = path if path.endswith("/") else path + "/"
        try:
            found = client.propfind(path, props, 0)
        except NotFound:
            client.make_collection(path, "<K:calendar/>", "FAQDesk cases", _VTODO)
            return path
        if not any(r.has_type(CALDAV, "calendar") and _supports_todo(r) for r in found):
            raise SyncError("sync.setup.not_calendar", path=path)
        return path
    home = _home(client, base, calendar=True)
    path = f"{home}{CALENDAR_NAME}/"
    for resource in client.propfind(home, props, 1):
        if resource.href.rstrip("/") == path.rstrip("/") and resource.has_type(CALDAV, "calendar"):
            return path
    client.make_collection(path, "<K:calendar/>", "FAQDesk cases", _VTODO)
    return path


def find_addressbook(client: DavClient, account: Account, wanted: str = "") -> str:
    """The path of the address book to sync: ``wanted`` (created when missing), else the
    first address book of the user, else a new ``faqdesk-contacts`` one."""
    base = urlsplit(client.base_url).path or "/"
    if wanted:
        wanted = normal_path(wanted)  # typed or pasted as it appears in a URL
        path = wanted if wanted.startswith("/") else base + wanted
        path = path if path.endswith("/") else path + "/"
        try:
            found = client.propfind(path, "<D:resourcetype/>", 0)
        except NotFound:
            client.make_collection(path, "<C:addressbook/>", "FAQDesk")
            return path
        if not any(r.has_type(CARDDAV, "addressbook") for r in found):
            raise SyncError("sync.setup.not_addressbook", path=path)
        return path
    home = _home(client, base)
    home = home if home.endswith("/") else home + "/"
    for resource in client.propfind(home, "<D:resourcetype/>", 1):
        if resource.has_type(CARDDAV, "addressbook"):
            return resource.href if resource.href.endswith("/") else resource.href + "/"
    path = f"{home}{ADDRESSBOOK_NAME}/"
    client.make_collection(path, "<C:addressbook/>", "FAQDesk")
    return path


def setup(
    state: SyncState,
    account: Account,
    password: str,
    *,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    deadline: float | None = SYNC_DEADLINE,
) -> Account:
    """Check the account against the server, find or create its address book and store it
    (never the password). Raises :class:`SyncError` and stores nothing when it fails."""
    with _client(account, password, timeout, deadline) as client:
        addressbook = find_addressbook(client, account, account.addressbook)
        calendar = find_calendar(client, account.calendar)
    ready = Account(
        account.url.strip(),
        account.user,
        addressbook=addressbook,
        calendar=calendar,
        allow_http=account.allow_http,
    )
    state.set_account(ready)
    return ready


def check_connection(
    account: Account,
    password: str,
    *,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    deadline: float | None = REQUEST_DEADLINE,
) -> None:
    """Log in and read the server's root; raises :class:`SyncError` with the reason."""
    with _client(account, password, timeout, deadline) as client:
        client.propfind(urlsplit(client.base_url).path or "/", "<D:resourcetype/>", 0)


# --- running ----------------------------------------------------------------------------------


def sync_now(
    data_dir: Path | None,
    now: datetime,
    *,
    password: str | None = None,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    clock: Callable[[], datetime] | None = None,
    accept_deletions: bool = False,
    deadline: float = SYNC_DEADLINE,
    request_deadline: float = REQUEST_DEADLINE,
) -> SyncReport:
    """One two-way sync of every configured collection; never raises for a server problem
    (the report's ``error`` says what stopped it). The run's summary is kept for
    :func:`status`. ``accept_deletions``: apply deletions from the server even when they are
    many (and those held back before); otherwise they are held back and reported.
    ``deadline`` / ``request_deadline``: seconds the whole sync / one request may take, however
    slowly the server answers."""
    report = SyncReport(now)
    with SyncState(data_dir, now) as state:
        account = state.account()
        report.notice = state.damage_notice()
        try:
            if account is None:
                raise SyncError("sync.error.not_set_up")
            secret = password if password is not None else stored_password(account)
            if not secret:
                raise NoPassword()
            with (
                _client(account, secret, timeout, deadline, request_deadline) as client,
                ContactBook.open(data_dir, clock=clock or (lambda: now)) as book,
                CaseStore.open(data_dir, clock=clock or (lambda: now)) as cases,
            ):
                sides: list[tuple[LocalSide, str]] = []
                if account.addressbook:  # contacts first: a received case names its contact
                    sides.append((ContactsSide(book), account.addressbook))
                if account.calendar:
                    contacts = lambda: {c.id: c for c in book.contacts()}  # noqa: E731
                    tasks = CasesSide(cases, contacts, now, state.desk_id)
                    sides.append((tasks, account.calendar))
                for side, href in sides:
                    run = CollectionSync(
                        client, side, state, href, now, accept_deletions=accept_deletions
                    )
                    try:
                        run.run()
                    finally:
                        report.collections.append(run.report)
        except SyncError as exc:
            report.error = exc.phrase
        if report.error is None and report.notice is not None:
            state.put(DAMAGED_KEY, "")  # said once, and the fresh state is complete now
        state.set_last_run(report.summary())
    return report


# --- status -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    """Changes waiting to go up, per kind."""

    new: int = 0
    changed: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        return self.new + self.changed + self.deleted


def pending(state: SyncState, side: LocalSide) -> Pending:
    local = side.stamps()
    known = state.items(side.collection)
    return Pending(
        new=sum(1 for local_id in local if local_id not in known),
        changed=sum(1 for i, stamp in local.items() if i in known and known[i].stamp != stamp),
        deleted=sum(1 for local_id in known if local_id not in local),
    )


@dataclass(frozen=True)
class Status:
    account: Account | None
    last_run: dict[str, Any]
    pending: dict[str, Pending]
    interval_minutes: int
    #: The damaged state file replaced, said until a sync completes (None: nothing).
    notice: Phrase | None = None

    @property
    def pending_total(self) -> int:
        return sum(p.total for p in self.pending.values())

    @property
    def last_at(self) -> datetime | None:
        """When the last sync ran (None: never)."""
        try:
            at = datetime.fromisoformat(str(self.last_run["at"]))
        except (KeyError, ValueError):
            return None
        return at if at.tzinfo is not None else None  # a hand-edited state: no naive time

    @property
    def last_error(self) -> Phrase | None:
        """Why the last sync stopped, in any language (None: it did not)."""
        code = self.last_run.get("error_code")
        if not code or not isinstance(code, str):
            return None
        params = self.last_run.get("error_params")
        return Phrase.of(code, **(params if isinstance(params, dict) else {}))


def status(data_dir: Path | None, clock: Callable[[], datetime]) -> Status:
    """The account, the last run and the waiting changes; no network. Before any setup
    nothing is created (the state file appears with ``faqdesk sync setup``)."""
    folder = data_dir if data_dir is not None else paths.user_data_dir()
    if not (folder / STATE_NAME).exists():
        return Status(None, {}, {}, 0)
    with SyncState(data_dir, clock()) as state:
        account = state.account()
        waiting: dict[str, Pending] = {}
        if account is not None and account.addressbook:
            with ContactBook.open(data_dir, clock=clock) as book:
                waiting["contacts"] = pending(state, ContactsSide(book))
        if account is not None and account.calendar:
            with CaseStore.open(data_dir, clock=clock) as cases:
                waiting["cases"] = pending(state, CasesSide(cases, dict, clock()))
        notice = state.damage_notice()
        return Status(account, state.last_run(), waiting, state.interval_minutes, notice)
