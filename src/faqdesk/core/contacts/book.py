"""The contact book: the bundled contacts (read-only) plus the user's own contacts and edits.

The user's data lives in ``contacts.sqlite3`` in the user data folder (stdlib ``sqlite3``):
WAL mode, schema version in ``PRAGMA user_version`` with migrations, each contact one row
holding its mapping form as JSON, every write one short ``BEGIN IMMEDIATE`` transaction. Two
processes editing at once lose no update: :meth:`ContactBook.update` reads, changes and writes
a contact inside one transaction, and a save that started from a copy read earlier passes the
:func:`contact_stamp` of that copy and fails with :class:`ContactConflict` when the contact
changed meanwhile.

Nothing here crashes on bad data: a corrupt database file is moved aside (kept, never
deleted) and a fresh one started; a folder that cannot be written leaves the book working
read-only. Both are explained in :attr:`ContactBook.messages`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

from faqdesk.core import paths, storage
from faqdesk.core.contacts import database
from faqdesk.core.contacts.import_writes import (
    ImportDone,
    ImportInterrupted,
    Progress,
    UndoDone,
    doc_of,
    undo,
    write_plan,
)
from faqdesk.core.contacts.importing import ImportPlan, plan
from faqdesk.core.contacts.model import (
    Contact,
    contact_from_mapping,
    contact_to_mapping,
    load_contacts_file,
)
from faqdesk.core.contacts.zones import MOSCOW
from faqdesk.core.log import get_logger
from faqdesk.core.problems import Problem
from faqdesk.core.text import Phrase

DB_NAME = "contacts.sqlite3"

_log = get_logger("contactbook")


class ContactBookError(Exception):
    """A contact book operation that could not be done; the message says why."""


class ContactBookReadOnly(ContactBookError):
    """The contact book is read-only (the data folder cannot be written)."""


class ContactInvalid(ContactBookError, ValueError):
    """A contact that cannot be saved; the message names the fields, ``problems`` are the
    typed problems (each with its ``field``) for a form to show under its widgets."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = tuple(problems)


class ContactMissing(ContactBookError, LookupError):
    """There is no contact with the given id."""


class ContactConflict(ContactBookError):
    """The contact changed (or was created or deleted) elsewhere since it was read."""


#: The stamp of a contact that does not exist (``save(new, expected=ABSENT)`` creates only).
ABSENT = ""


def contact_stamp(contact: Contact | None) -> str:
    """A short fingerprint of what is stored for ``contact`` (:data:`ABSENT` for None).

    Pass the stamp of the copy an edit started from as ``save(..., expected=stamp)``: the save
    then fails with :class:`ContactConflict` unless the stored contact is still that copy.
    """
    if contact is None:
        return ABSENT
    text = json.dumps(contact_to_mapping(contact), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class ContactBook:
    """Bundled contacts with the user's overrides applied, plus the user's own contacts."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path | None,
        bundled: list[Contact],
        problems: list[Problem],
        *,
        read_only: bool,
        notices: list[Phrase],
        clock: Callable[[], datetime],
    ) -> None:
        self._connection = connection
        self._lock = threading.Lock()
        self._clock = clock
        self.path = path
        self.bundled = bundled
        self.problems = problems
        self.read_only = read_only
        self.notices = notices

    @property
    def messages(self) -> list[str]:
        """:attr:`notices` in English (what the command line prints)."""
        return [str(notice) for notice in self.notices]

    # --- opening ------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        bundled_file: str | os.PathLike[str] | None = None,
        clock: Callable[[], datetime],
    ) -> ContactBook:
        """Open the contact book of ``data_dir`` (default: the user data folder); never raises
        for bad files. ``clock`` (the app's one clock) stamps saves and moved-aside files."""
        bundled_path = (
            Path(bundled_file) if bundled_file else paths.bundled_content_dir() / "contacts.yaml"
        )
        if bundled_path.is_file():
            bundled, problems = load_contacts_file(bundled_path, origin="bundled")
        else:
            missing = Problem.of(
                bundled_path.name, "contacts.bundled.missing", value=str(bundled_path)
            )
            bundled, problems = [], [missing]
        folder = Path(data_dir) if data_dir is not None else paths.user_data_dir()
        db_path = folder / DB_NAME
        notices: list[Phrase] = []

        def read_only(connection: sqlite3.Connection, path: Path | None) -> ContactBook:
            return cls(
                connection, path, bundled, problems, read_only=True, notices=notices, clock=clock
            )

        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            error = exc.strerror or exc
            notices.append(Phrase.of("contacts.book.no_folder", folder=folder, error=error))
            return read_only(database.memory_db(), None)
        try:
            connection = database.open_rw(db_path)
        except database.Foreign as exc:  # someone else's file: not even opened again
            notices.append(Phrase.of("contacts.book.read_only", reason=exc.phrase))
            return read_only(database.memory_db(), None)
        except database.Unusable as exc:
            notices.append(Phrase.of("contacts.book.read_only", reason=exc.phrase))
            return read_only(database.open_ro(db_path, notices), db_path)
        except sqlite3.DatabaseError as exc:
            try:
                moved = database.move_aside(db_path, clock())
            except OSError as move_error:
                notices.append(
                    Phrase.of(
                        "contacts.book.damaged_unmovable",
                        path=db_path,
                        error=exc,
                        move_error=move_error.strerror or move_error,
                    )
                )
                return read_only(database.memory_db(), None)
            _log.warning("contacts database %s is damaged (%s); moved to %s", db_path, exc, moved)
            try:
                connection = database.open_rw(db_path)
            except (database.Unusable, sqlite3.DatabaseError) as again:
                notices.append(Phrase.of("contacts.book.moved_aside", moved=moved))
                notices.append(Phrase.of("contacts.book.fresh_failed", error=again))
                return read_only(database.memory_db(), None)
            recovered = database.salvage(moved, connection)
            _log.warning("recovered %s contacts from %s", recovered, moved)
            if recovered is None:
                notices.append(Phrase.of("contacts.book.moved_aside", moved=moved))
            else:
                notices.append(Phrase.of("contacts.book.salvaged", count=recovered, moved=moved))
        return cls(
            connection, db_path, bundled, problems, read_only=False, notices=notices, clock=clock
        )

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._connection.close()

    def __enter__(self) -> ContactBook:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- reading ------------------------------------------------------------------------------

    def _rows(self) -> list[tuple[str, str]]:
        with self._lock:
            try:
                cursor = self._connection.execute("SELECT id, doc FROM contacts ORDER BY id")
                return [(str(a), str(b)) for a, b in cursor.fetchall()]
            except sqlite3.Error as exc:
                self._note(Phrase.of("contacts.book.unreadable", error=exc))
                return []

    def _note(self, notice: Phrase) -> None:
        if notice not in self.notices:
            self.notices.append(notice)
            _log.warning("%s", notice)

    def _decode(self, contact_id: str, doc: str, origin: str) -> Contact | None:
        try:
            data = json.loads(doc)
        except ValueError:
            self._note(Phrase.of("contacts.book.contact_damaged", id=contact_id))
            return None
        contact, problems = contact_from_mapping(data, DB_NAME, origin=origin)
        for problem in problems:
            self._note(Phrase.of("contacts.book.stored_problem", problem=problem))
        return contact

    def _stored(self, contact_id: str, doc: str, bundled_ids: set[str]) -> Contact | None:
        """A stored row as a contact ("edited" over a bundled id, else "user"); None when the
        row is damaged or holds another id (the bundled contact then shows instead)."""
        origin = "edited" if contact_id in bundled_ids else "user"
        contact = self._decode(contact_id, doc, origin)
        return contact if contact is not None and contact.id == contact_id else None

    def contacts(self) -> list[Contact]:
        """Bundled contacts (in file order, with the user's edits applied), then the user's
        own contacts sorted by name."""
        overrides: dict[str, Contact] = {}
        own: list[Contact] = []
        bundled_ids = {contact.id for contact in self.bundled}
        for contact_id, doc in self._rows():
            stored = self._stored(contact_id, doc, bundled_ids)
            if stored is None:
                continue
            if contact_id in bundled_ids:
                overrides[contact_id] = stored
            else:
                own.append(stored)
        own.sort(key=lambda c: (c.display_name("en").casefold(), c.id))
        return [overrides.get(c.id, c) for c in self.bundled] + own

    def get(self, contact_id: str) -> Contact | None:
        """The contact with this id (with the user's edits applied), or None."""
        return next((c for c in self.contacts() if c.id == contact_id), None)

    def search(self, text: str) -> list[Contact]:
        """Contacts whose name (zh or en), id or a channel value contains ``text``
        (case-insensitive); all contacts for empty text."""
        needle = text.strip().casefold()
        if not needle:
            return self.contacts()
        found: list[Contact] = []
        for contact in self.contacts():
            haystack = [contact.id, *contact.name.values()]
            for channel in contact.channels:
                haystack.extend([channel.value, *channel.label.values()])
            if any(needle in item.casefold() for item in haystack):
                found.append(contact)
        return found

    def is_bundled(self, contact_id: str) -> bool:
        """True when ``contact_id`` is one of the bundled contacts (edits are overrides)."""
        return any(contact.id == contact_id for contact in self.bundled)

    def revision(self) -> int:
        """A number that changes whenever any process changed the stored contacts."""
        return storage.read_revision(self._connection, self._lock)

    def _check_writable(self) -> None:
        if self.read_only:
            reason = self.messages[-1] if self.messages else "the contacts are read-only"
            raise ContactBookReadOnly(f"cannot change contacts: {reason}")

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction (other writers wait); rolled back on any error."""
        return storage.transaction(
            self._connection,
            self._lock,
            lambda exc: ContactBookError(f"could not save to the contacts database: {exc}"),
        )

    def _current(self, connection: sqlite3.Connection, contact_id: str) -> Contact | None:
        """The contact as stored right now (inside a transaction): the user's row, else the
        bundled one, else None."""
        row = connection.execute("SELECT doc FROM contacts WHERE id = ?", (contact_id,)).fetchone()
        bundled = next((c for c in self.bundled if c.id == contact_id), None)
        if row is None:
            return bundled
        bundled_ids = {contact_id} if bundled is not None else set()
        current = self._stored(contact_id, str(row[0]), bundled_ids)
        return bundled if current is None else current  # damaged: as contacts() shows it

    def _checked(self, contact: Contact) -> dict[str, object]:
        mapping = contact_to_mapping(contact)
        rebuilt, problems = contact_from_mapping(mapping, "contact")
        if rebuilt is None or problems:
            raise ContactInvalid(problems)
        return mapping

    def _store(
        self, connection: sqlite3.Connection, contact: Contact, mapping: dict[str, object]
    ) -> None:
        kind = "override" if self.is_bundled(contact.id) else "user"
        self._store_doc(connection, contact.id, kind, doc_of(mapping))

    def _store_doc(
        self, connection: sqlite3.Connection, contact_id: str, kind: str, doc: str
    ) -> None:
        connection.execute(
            "INSERT INTO contacts (id, kind, doc, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, doc = excluded.doc, "
            "updated = excluded.updated",
            (contact_id, kind, doc, self._clock().astimezone(UTC).isoformat()),
        )
        connection.execute("UPDATE meta SET value = value + 1 WHERE key = 'revision'")

    def stamp(self, contact_id: str) -> str:
        """The :func:`contact_stamp` of the contact as stored now (:data:`ABSENT` if none)."""
        return contact_stamp(self.get(contact_id))

    def save(self, contact: Contact, *, expected: str | None = None) -> None:
        """Create or update ``contact``; for a bundled id this stores the user's edit.

        With ``expected`` (the :func:`contact_stamp` of the copy the edit started from, or
        :data:`ABSENT` for a new contact) the save happens only when the stored contact is
        still that copy; otherwise it raises :class:`ContactConflict` and changes nothing.
        Raises :class:`ContactInvalid` naming the bad fields, :class:`ContactBookReadOnly`
        when the book is read-only, :class:`ContactBookError` when the database fails.
        """
        self._check_writable()
        mapping = self._checked(contact)
        with self._transaction() as connection:
            if expected is not None:
                current = self._current(connection, contact.id)
                if contact_stamp(current) != expected:
                    if current is None:
                        what = "was deleted elsewhere"
                    elif expected == ABSENT:
                        what = "was created elsewhere"
                    else:
                        what = "was changed elsewhere"
                    raise ContactConflict(f"contact '{contact.id}' {what}")
            self._store(connection, contact, mapping)

    def update(self, contact_id: str, change: Callable[[Contact], Contact]) -> Contact:
        """Read the contact, apply ``change`` and store the result, all in one transaction, so
        concurrent updates (from other processes too) never overwrite each other.

        ``change`` gets the contact as stored right now and returns the new one (same id); an
        exception from it aborts the update and is raised as is. Raises
        :class:`ContactMissing` for an unknown id and otherwise like :meth:`save`.
        """
        self._check_writable()
        with self._transaction() as connection:
            current = self._current(connection, contact_id)
            if current is None:
                raise ContactMissing(f"no contact with id '{contact_id}'")
            changed = change(current)
            if changed.id != contact_id:
                changed_id = Problem.of(
                    "", "contacts.id.changed", field="id", value=changed.id, id=contact_id
                )
                raise ContactInvalid([changed_id])
            mapping = self._checked(changed)
            self._store(connection, changed, mapping)
        origin = "edited" if self.is_bundled(contact_id) else "user"
        return changed if changed.origin == origin else dataclasses.replace(changed, origin=origin)

    def delete(self, contact_id: str) -> None:
        """Delete the user's contact, or drop the user's edit of a bundled contact (which
        then shows as shipped again). Unknown ids are ignored."""
        self._check_writable()
        with self._transaction() as connection:
            if connection.execute("DELETE FROM contacts WHERE id = ?", (contact_id,)).rowcount:
                connection.execute("UPDATE meta SET value = value + 1 WHERE key = 'revision'")

    # --- import -------------------------------------------------------------------------------

    def plan_import(
        self,
        path: str | os.PathLike[str],
        *,
        replace: bool = False,
        home_tz: str = MOSCOW,
        mapping: Mapping[str, str] | None = None,
        encoding: str | None = None,
    ) -> ImportPlan:
        """Read a vCard or CSV file and decide what importing it does (nothing is written):
        see :mod:`faqdesk.core.contacts.importing`. ``home_tz``: the zone of a contact whose
        card tells none; ``mapping``: CSV column → field, over the guessed one. Never raises
        for a bad file (its problems are in the plan). ``encoding``: the one the user chose
        (default: found from the bytes)."""
        from faqdesk.core.contacts.sources import read_source

        file = Path(path).expanduser()
        incoming, problems = read_source(file, home_tz, mapping, encoding)
        return plan(file.name, incoming, self.contacts(), replace=replace, problems=problems)

    def apply_import(
        self,
        plan: ImportPlan,
        chosen: Collection[int] | None = None,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportDone:
        """Write the chosen items of ``plan`` (default: all that write) in ONE transaction: all
        or nothing. Raises :class:`ImportInterrupted` (:class:`ImportCancelled` for Cancel)
        saying nothing was imported, :class:`ContactBookReadOnly` for a read-only book."""
        self._check_writable()
        bundled = {contact.id for contact in self.bundled}
        try:
            with self._transaction() as db:
                return write_plan(db, plan, chosen, self._store_doc, bundled, progress, cancelled)
        except ContactBookError as exc:  # the database's own errors, rolled back
            cause = exc.__cause__ if exc.__cause__ is not None else exc
            raise ImportInterrupted(Phrase.of("import.interrupted", error=cause)) from exc

    def undo_import(self, done: ImportDone, *, restore_replaced: bool = False) -> UndoDone:
        """Remove exactly the contacts ``done`` added (and, with ``restore_replaced``, put back
        the ones it replaced), in one transaction; contacts changed since are kept."""
        self._check_writable()
        with self._transaction() as connection:
            return undo(connection, done, self._store_doc, restore_replaced=restore_replaced)

    def import_file(
        self, path: str | os.PathLike[str], *, replace: bool = False, home_tz: str = MOSCOW
    ) -> tuple[ImportPlan, ImportDone]:
        """Plan and apply the import of a vCard or CSV file in one go (the command line)."""
        planned = self.plan_import(path, replace=replace, home_tz=home_tz)
        return planned, self.apply_import(planned)

    def export_vcard(
        self, path: Path, ids: Sequence[str] | None = None, version: str = "4.0"
    ) -> int:
        """Write the chosen contacts (default: all) to a vCard file; returns how many."""
        from faqdesk.core.contacts.vcard import write_vcards

        chosen = self._chosen(ids)
        write_vcards(path, chosen, version=version)
        return len(chosen)

    def vcard_text(self, ids: Sequence[str] | None = None, version: str = "4.0") -> str:
        """The chosen contacts (default: all) as the text of a vCard file."""
        from faqdesk.core.contacts.vcard import vcards_text

        return vcards_text(self._chosen(ids), version=version)

    def _chosen(self, ids: Sequence[str] | None) -> list[Contact]:
        chosen = self.contacts()
        if ids is not None:
            wanted = set(ids)
            chosen = [contact for contact in chosen if contact.id in wanted]
        return chosen
