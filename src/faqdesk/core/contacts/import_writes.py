"""Writing an import plan into the contact book, and undoing it.

An import is one transaction (issue 10.3): every chosen card is written, or — when anything
interrupts it (a locked database, a full disk, the user's Cancel) — none is, and the error says
nothing was imported. Undo removes exactly the contacts that import added and, when the user
agrees, puts back the ones it replaced; a contact changed since the import is left alone.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection
from dataclasses import dataclass

from faqdesk.core.contacts.importing import ImportPlan, Outcome
from faqdesk.core.contacts.model import contact_to_mapping
from faqdesk.core.text import Phrase


class ImportInterrupted(Exception):
    """The import stopped before its end; nothing was imported. ``phrase`` says why."""

    def __init__(self, phrase: Phrase) -> None:
        super().__init__(str(phrase))
        self.phrase = phrase


class ImportCancelled(ImportInterrupted):
    """The user cancelled the import; nothing was imported."""


@dataclass(frozen=True)
class ImportDone:
    """What an import wrote: the ids it added and, for each contact it replaced, the stored
    document it replaced (None: the bundled contact had no edit). ``docs`` are the documents
    it wrote, by id, so undo can tell whether a contact changed since."""

    source: str
    added: tuple[str, ...] = ()
    replaced: tuple[tuple[str, str | None], ...] = ()
    docs: tuple[tuple[str, str], ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        """Every contact the import wrote (added, then replaced)."""
        return self.added + tuple(contact_id for contact_id, _ in self.replaced)

    def doc(self, contact_id: str) -> str:
        return dict(self.docs).get(contact_id, "")


@dataclass(frozen=True)
class UndoDone:
    """What undo did: contacts removed, contacts put back, contacts kept (changed since)."""

    removed: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()


Store = Callable[[sqlite3.Connection, str, str, str], None]
Progress = Callable[[int, int], None]


def doc_of(mapping: object) -> str:
    """The JSON document a contact is stored as."""
    return json.dumps(mapping, ensure_ascii=False, sort_keys=True)


def _stored(connection: sqlite3.Connection, contact_id: str) -> str | None:
    row = connection.execute("SELECT doc FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    return None if row is None else str(row[0])


def write_plan(
    connection: sqlite3.Connection,
    plan: ImportPlan,
    chosen: Collection[int] | None,
    store: Store,
    bundled_ids: Collection[str],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportDone:
    """Write the chosen items of ``plan`` (indexes into ``plan.items``; None: every item that
    writes) inside the open transaction of ``connection``. Raises :class:`ImportCancelled`
    when ``cancelled()`` turns true and :class:`ImportInterrupted` when a contact the plan
    meant to add exists by now (the caller rolls back)."""
    indexes = range(len(plan.items)) if chosen is None else sorted(set(chosen))
    items = [plan.items[i] for i in indexes if 0 <= i < len(plan.items) and plan.items[i].writes]
    added: list[str] = []
    replaced: list[tuple[str, str | None]] = []
    docs: list[tuple[str, str]] = []
    for number, item in enumerate(items, start=1):
        if cancelled is not None and cancelled():
            raise ImportCancelled(Phrase.of("import.cancelled"))
        contact = item.contact
        assert contact is not None  # items that write always carry their contact
        previous = _stored(connection, contact.id)
        if item.outcome is Outcome.REPLACE:
            replaced.append((contact.id, previous))
        elif previous is not None or contact.id in bundled_ids:
            raise ImportInterrupted(Phrase.of("import.changed_meanwhile", id=contact.id))
        else:
            added.append(contact.id)
        kind = "override" if contact.id in bundled_ids else "user"
        doc = doc_of(contact_to_mapping(contact))
        store(connection, contact.id, kind, doc)
        docs.append((contact.id, doc))
        if progress is not None:
            progress(number, len(items))
    return ImportDone(plan.source, tuple(added), tuple(replaced), tuple(docs))


def undo(
    connection: sqlite3.Connection,
    done: ImportDone,
    store: Store,
    *,
    restore_replaced: bool,
) -> UndoDone:
    """Undo ``done`` inside the open transaction of ``connection``: remove what it added and,
    with ``restore_replaced``, put back what it replaced — each only while the contact is still
    as the import wrote it."""
    removed: list[str] = []
    restored: list[str] = []
    kept: list[str] = []
    for contact_id in done.added:
        current = _stored(connection, contact_id)
        if current is None:
            continue  # already deleted by the user
        if current != done.doc(contact_id):
            kept.append(contact_id)
            continue
        connection.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
        removed.append(contact_id)
    if restore_replaced:
        for contact_id, previous in done.replaced:
            if _stored(connection, contact_id) != done.doc(contact_id):
                kept.append(contact_id)
                continue
            if previous is None:
                connection.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
            else:
                kind_row = connection.execute(
                    "SELECT kind FROM contacts WHERE id = ?", (contact_id,)
                ).fetchone()
                store(connection, contact_id, str(kind_row[0]), previous)
            restored.append(contact_id)
    if removed or restored:
        connection.execute("UPDATE meta SET value = value + 1 WHERE key = 'revision'")
    return UndoDone(tuple(removed), tuple(restored), tuple(kept))
