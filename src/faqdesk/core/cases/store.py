"""The user's support cases, kept in ``cases.sqlite3`` in the user data folder.

Every change is one short ``BEGIN IMMEDIATE`` transaction that reads the case as stored and
writes the result, so two processes adding events to one case lose none, and nothing is ever
half-written. A damaged file is moved aside (kept), what can still be read is salvaged into a
fresh one, and the store says so in :attr:`CaseStore.notices`; a folder that cannot be written
leaves the store read-only.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import cast

from faqdesk.core import paths, storage
from faqdesk.core.cases import database
from faqdesk.core.cases.errors import CaseInvalid as CaseInvalid
from faqdesk.core.cases.errors import CaseMissing as CaseMissing
from faqdesk.core.cases.errors import CasesError as CasesError
from faqdesk.core.cases.errors import CasesReadOnly as CasesReadOnly
from faqdesk.core.cases.model import (
    PROBLEM_KINDS,
    Case,
    CaseEvent,
    CaseStatus,
    EventKind,
    NewCase,
    canonical_number,
    case_id,
    case_seq,
    check_attachments,
    check_channel,
    check_event,
    check_new_case,
    due_after,
    normalized_number,
    number_digits,
    reply_hours_of,
    utc_seconds,
)
from faqdesk.core.cases.rows import (
    CASE_COLUMNS,
    DamagedCase,
    damaged_cases,
    load_cases,
    time_text,
)
from faqdesk.core.cases.search import matching_ids
from faqdesk.core.contacts.model import Contact
from faqdesk.core.log import get_logger
from faqdesk.core.problems import Problem
from faqdesk.core.scripts import without_direction_controls
from faqdesk.core.text import Phrase

DB_NAME = "cases.sqlite3"
_AWAITING = "WHERE status IN ('open', 'waiting', 'escalated')"
#: The same, read along the ``reply_due, id`` index (urgency order) rather than by status.
_AWAITING_BY_DUE = "WHERE +status IN ('open', 'waiting', 'escalated')"
_log = get_logger("cases")


def template_ids() -> list[str]:
    """The ids of the composer's templates installed (bundled and the user's own)."""
    from faqdesk.core.compose.templates import load_templates

    try:
        return load_templates().ids()
    except OSError:
        return []


class CaseStore:
    """The stored cases; open with :meth:`open`, close when done."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path | None,
        *,
        read_only: bool,
        notices: list[Phrase],
        clock: Callable[[], datetime],
    ) -> None:
        self._connection = connection
        self._lock = threading.RLock()
        self._clock = clock
        self.path = path
        self.read_only = read_only
        self.notices = notices

    @property
    def messages(self) -> list[str]:
        """:attr:`notices` in English."""
        return [str(notice) for notice in self.notices]

    # --- opening ----------------------------------------------------------------------------

    @classmethod
    def open(
        cls, data_dir: str | os.PathLike[str] | None = None, *, clock: Callable[[], datetime]
    ) -> CaseStore:
        """The cases of ``data_dir`` (default: the user data folder); never raises for bad
        files. ``clock`` stamps changes and is the default opening time of new cases."""
        folder = Path(data_dir) if data_dir is not None else paths.user_data_dir()
        db_path = folder / DB_NAME
        notices: list[Phrase] = []

        def read_only(connection: sqlite3.Connection | None) -> CaseStore:
            used = connection if connection is not None else database.memory_db()
            return cls(used, db_path, read_only=True, notices=notices, clock=clock)

        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            notices.append(Phrase.of("cases.store.no_folder", folder=folder, error=exc.strerror))
            return read_only(None)
        try:
            connection = database.open_rw(db_path)
        except database.Foreign:
            notices.append(Phrase.of("casesfix.store.foreign", path=db_path))
            return read_only(None)
        except database.Unusable as exc:
            notices.append(Phrase.of("cases.store.read_only", reason=exc.phrase))
            return read_only(database.open_ro(db_path))
        except sqlite3.DatabaseError as exc:
            opened = cls._fresh(db_path, exc, notices, clock)
            if opened is None:
                return read_only(None)
            connection = opened
        return cls(connection, db_path, read_only=False, notices=notices, clock=clock)

    @staticmethod
    def _fresh(
        db_path: Path, error: Exception, notices: list[Phrase], clock: Callable[[], datetime]
    ) -> sqlite3.Connection | None:
        """Move the damaged file aside, start a fresh one and salvage what can be read."""
        try:
            moved = database.move_aside(db_path, clock())
        except OSError as move_error:
            notices.append(
                Phrase.of("cases.store.unmovable", path=db_path, error=move_error.strerror)
            )
            return None
        _log.warning("cases database %s is damaged (%s); moved to %s", db_path, error, moved)
        try:
            connection = database.open_rw(db_path)
        except (database.Foreign, database.Unusable, sqlite3.DatabaseError) as again:
            notices.append(Phrase.of("cases.store.fresh_failed", error=again))
            return None
        try:
            saved = database.salvage(moved, connection)
        except sqlite3.Error:
            saved = 0
        notices.append(Phrase.of("cases.store.moved_aside", moved=moved, saved=saved))
        return connection

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._connection.close()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- reading ----------------------------------------------------------------------------

    def _note(self, notice: Phrase) -> None:
        if notice not in self.notices:
            self.notices.append(notice)
            _log.warning("%s", notice)

    def _select(
        self,
        where: str = "",
        params: Sequence[object] = (),
        *,
        with_events: bool = True,
        order: str = "seq",
        limit: int | None = None,
    ) -> list[Case]:
        with self._lock:
            try:
                return load_cases(
                    self._connection, where, params, self._note, with_events=with_events,
                    order=order, limit=limit,
                )  # fmt: skip
            except sqlite3.Error as exc:
                self._note(Phrase.of("cases.store.unreadable", error=exc))
                return []

    def cases(self, *, open_only: bool = False, with_events: bool = True) -> list[Case]:
        """Every case (or those still awaiting a reply), oldest first. Without
        ``with_events`` the cases' ``events`` are left empty (lists are faster)."""
        if open_only:
            return self._select(
                "WHERE status IN ('open', 'waiting', 'escalated')", with_events=with_events
            )
        return self._select(with_events=with_events)

    def open_by_urgency(self, limit: int | None = None) -> list[Case]:
        """The cases awaiting a reply (the ``limit`` most urgent), without their events, most
        urgent first: earliest ``reply_due`` first (so the overdue ones, longest overdue first),
        then by id — the order of :func:`~faqdesk.core.cases.next_step.by_urgency`, read along
        the ``(reply_due, id)`` index (the store writes every time as UTC text, which sorts as
        time)."""
        return self._select(
            _AWAITING_BY_DUE, with_events=False, order="reply_due, id", limit=limit
        )  # fmt: skip

    def open_count(self, now: datetime) -> tuple[int, int]:
        """How many cases await a reply, and how many of those are overdue at ``now``."""
        with self._lock:
            try:
                row = self._connection.execute(
                    f"SELECT count(*), total(reply_due <= ?) FROM cases {_AWAITING}",
                    (time_text(now),),
                ).fetchone()
            except sqlite3.Error as exc:
                self._note(Phrase.of("cases.store.unreadable", error=exc))
                return 0, 0
        return int(row[0]), int(row[1])

    def get(self, case_ref: str) -> Case | None:
        """The case with this id (``C-0007``, ``c-7`` and ``7`` all name it), or None."""
        seq = case_seq(case_ref)
        if seq is None:
            return None
        found = self._select("WHERE seq = ?", (seq,))
        return found[0] if found else None

    def search(self, text: str, limit: int = 50) -> list[Case]:
        """Cases whose id, order, posting or tracking number starts with ``text`` (case and
        spaces ignored) or whose title or ticket contains it; at most ``limit``."""
        ids = self._search_ids(text, limit)
        if not ids:
            return []
        return self._select(f"WHERE id IN ({', '.join('?' * len(ids))})", ids)

    def search_damaged(self, text: str, limit: int = 50) -> list[DamagedCase]:
        """The damaged rows :meth:`search` would find (it cannot return them as cases)."""
        ids = self._search_ids(text, limit)
        if not ids:
            return []
        with self._lock:
            try:
                where = f"WHERE id IN ({', '.join('?' * len(ids))})"
                return damaged_cases(self._connection, where, ids)
            except sqlite3.Error as exc:
                self._note(Phrase.of("cases.store.unreadable", error=exc))
                return []

    def _search_ids(self, text: str, limit: int) -> list[str]:
        with self._lock:
            try:
                return matching_ids(self._connection, text, limit)
            except sqlite3.Error as exc:
                self._note(Phrase.of("cases.store.unreadable", error=exc))
                return []

    def damaged(self, case_ref: str | None = None) -> list[DamagedCase]:
        """The case rows that cannot be read (all, or the one ``case_ref`` names), with what
        can be read of them: they are kept as they are and shown as damaged."""
        where, params = "", cast(tuple[object, ...], ())
        if case_ref is not None:
            seq = case_seq(case_ref)
            if seq is None:
                return []
            where, params = "WHERE seq = ?", (seq,)
        with self._lock:
            try:
                return damaged_cases(self._connection, where, params)
            except sqlite3.Error as exc:
                self._note(Phrase.of("cases.store.unreadable", error=exc))
                return []

    def revision(self) -> int:
        """A number that changes whenever any process changed the cases."""
        return storage.read_revision(self._connection, self._lock)

    def _check_writable(self) -> None:
        if self.read_only:
            reason = self.messages[-1] if self.messages else "read-only"
            phrase = (
                Phrase.of("casesfix.store.read_only", reason=self.notices[-1])
                if self.notices
                else Phrase.of("casesfix.store.read_only_plain")
            )
            raise CasesReadOnly(f"cannot change cases: {reason}", phrase)

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction that also moves the revision on."""
        return storage.transaction(
            self._connection,
            self._lock,
            lambda exc: CasesError(
                f"could not save to the cases database: {exc}",
                Phrase.of("casesfix.store.not_saved", path=self.path or "", error=exc),
            ),
            bump_revision=True,
        )

    def add(
        self,
        new: NewCase,
        contacts: Mapping[str, Contact],
        *,
        templates: Collection[str] | None = None,
    ) -> Case:
        """Store a new case (id ``C-0001``, ``C-0002``…) and return it. ``contacts`` by id:
        the case's contact and channel must exist; the channel's ``reply_within_hours``
        (default 24) sets ``reply_due``; the problem is a kind or one of the composer's
        ``templates`` (default: the templates installed). Raises :class:`CaseInvalid` naming
        the fields."""
        self._check_writable()
        new = replace(
            new,
            order=canonical_number(new.order),
            posting=canonical_number(new.posting),
            tracking=tuple(canonical_number(t) for t in new.tracking if t.strip()),
            title=without_direction_controls(new.title).strip(),
            ticket=without_direction_controls(new.ticket).strip(),
            text=without_direction_controls(new.text),
        )
        if templates is None and new.problem not in PROBLEM_KINDS:
            templates = template_ids()
        problems = check_new_case(new, contacts, templates=templates or (), now=self._clock())
        if problems:
            raise CaseInvalid(problems)
        opened = utc_seconds(new.opened_at if new.opened_at is not None else self._clock())
        hours = reply_hours_of(contacts.get(new.contact), new.channel)
        status = CaseStatus.WAITING if new.sent else CaseStatus.OPEN
        with self._transaction() as connection:
            seq = database.next_seq(connection)
            new_id = case_id(seq)
            connection.execute(
                f"INSERT INTO cases (seq, {CASE_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    seq, new_id, new.problem, new.order, new.posting, new.title, new.contact,
                    new.channel, new.ticket, new.escalation_contact, time_text(opened), hours,
                    time_text(due_after(opened, hours)), time_text(opened) if new.sent else None,
                    status.value, time_text(self._clock()), " ".join(new.tracking),
                ),
            )  # fmt: skip
            numbers = [("order", 0, new.order), ("posting", 0, new.posting)]
            numbers += [("tracking", i, number) for i, number in enumerate(new.tracking)]
            connection.executemany(
                "INSERT INTO case_numbers (case_id, kind, position, number, normalized, digits) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (new_id, k, i, n, normalized_number(n), number_digits(n))
                    for k, i, n in numbers
                    if n
                ],
            )
            self._insert_event(connection, new_id, CaseEvent(EventKind.CREATED, opened))
            if new.sent:
                sent = CaseEvent(EventKind.SENT, opened, new.channel, new.text, status=status)
                self._insert_event(connection, new_id, sent)
            self._insert_attachments(connection, new_id, new.attachments, 0)
            return load_cases(connection, "WHERE seq = ?", (seq,), self._note)[0]

    @staticmethod
    def _insert_event(connection: sqlite3.Connection, cid: str, event: CaseEvent) -> None:
        connection.execute(
            "INSERT INTO case_events (case_id, kind, at, channel, body, outcome, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                cid,
                event.kind.value,
                time_text(event.at),
                event.channel,
                event.text,
                event.outcome,
                event.status.value if event.status is not None else "",
            ),
        )

    @staticmethod
    def _insert_attachments(
        connection: sqlite3.Connection, cid: str, items: Sequence[str], start: int
    ) -> None:
        connection.executemany(
            "INSERT INTO case_attachments (case_id, position, path) VALUES (?, ?, ?)",
            [(cid, start + i, path) for i, path in enumerate(items)],
        )

    def _current(self, connection: sqlite3.Connection, case_ref: str) -> Case:
        seq = case_seq(case_ref)
        found = (
            load_cases(connection, "WHERE seq = ?", (seq,), self._note) if seq is not None else []
        )
        if not found:
            raise CaseMissing(
                f"no case with id '{case_ref}'", Phrase.of("cli.cases.no_case", id=case_ref)
            )
        return found[0]

    def log(
        self, case_ref: str, event: CaseEvent, contacts: Mapping[str, Contact] | None = None
    ) -> Case:
        """Add ``event`` to the case and update its status and ``reply_due``, in one
        transaction; returns the case as stored now.

        ``sent``: waiting again, a reply is due ``reply_hours`` after it; ``called``: escalated,
        the wait starts again; ``reply``: answered; ``status``: the event's status; ``note``:
        only recorded. Given ``contacts``, a ``channel`` must be one of the case's contact's.
        Raises :class:`CaseInvalid` (a time before the opening…),
        :class:`CaseMissing`, :class:`CasesReadOnly`, :class:`CasesError`.
        """
        self._check_writable()
        if event.kind is EventKind.CREATED:
            raise CaseInvalid([Problem.of("case", "cases.event.created", field="kind")])
        event = replace(
            event,
            text=without_direction_controls(event.text),
            outcome=without_direction_controls(event.outcome),
        )
        with self._transaction() as connection:
            case = self._current(connection, case_ref)
            problems = check_event(case, event, self._clock())
            if contacts is not None and event.channel:
                problems += check_channel(contacts, case.contact, event.channel)
            if problems:
                raise CaseInvalid(problems)
            status, due, last = self._after(case, event)
            stored = replace(event, at=utc_seconds(event.at), status=event.status or (
                status if status is not case.status else None
            ))  # fmt: skip
            self._insert_event(connection, case.id, stored)
            connection.execute(
                "UPDATE cases SET status = ?, reply_due = ?, last_sent_at = ?, updated = ? "
                "WHERE id = ?",
                (status.value, time_text(due), time_text(last), time_text(self._clock()), case.id),
            )
            return self._current(connection, case.id)

    @staticmethod
    def _after(case: Case, event: CaseEvent) -> tuple[CaseStatus, datetime, datetime | None]:
        """The status, ``reply_due`` and last-contact time once ``event`` happened."""
        status, due, last = case.status, case.reply_due, case.last_sent_at
        at = utc_seconds(event.at)
        if event.kind in (EventKind.SENT, EventKind.CALLED):
            status = CaseStatus.WAITING if event.kind is EventKind.SENT else CaseStatus.ESCALATED
            if last is None or at >= last:
                last, due = at, due_after(at, case.reply_hours)
        elif event.kind is EventKind.REPLY:
            status = CaseStatus.ANSWERED
        elif event.kind is EventKind.STATUS and event.status is not None:
            status = event.status
        return status, due, last

    def set_status(self, case_ref: str, status: CaseStatus, at: datetime | None = None) -> Case:
        """Change the status (a ``status`` event at ``at``, default now)."""
        moment = at if at is not None else self._clock()
        return self.log(case_ref, CaseEvent(EventKind.STATUS, moment, status=status))

    def close_case(self, case_ref: str, at: datetime | None = None) -> Case:
        """Close the case."""
        return self.set_status(case_ref, CaseStatus.CLOSED, at)

    def attach(self, case_ref: str, attachment_paths: Sequence[str]) -> Case:
        """Add references to the user's files (they are not copied)."""
        self._check_writable()
        with self._transaction() as connection:
            case = self._current(connection, case_ref)
            problems = check_attachments([*[a.path for a in case.attachments], *attachment_paths])
            if problems:
                raise CaseInvalid(problems)
            self._insert_attachments(connection, case.id, attachment_paths, len(case.attachments))
            return self._current(connection, case.id)
