"""The contact book as one side of a sync with a CardDAV address book.

Every contact of the user (and every user edit of a bundled contact) is one vCard 4.0
resource named ``<id>.vcf``: the standard properties (FN, N, TEL, EMAIL, URL, TZ, NOTE) for
other programs, FAQDesk's own fields as ``X-FAQDESK-*`` properties (see
:mod:`faqdesk.core.contacts.vcard`) so nothing is lost on the way. A card made by another
program (a phone, Thunderbird) becomes a contact with a readable id and no hours.

A conflict copy is a new contact holding the local version, named "<name> (conflict copy
<date>)"; it syncs like any other, so the whole team sees both versions until someone
deletes the one that is wrong.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Set
from datetime import datetime

from faqdesk.core.contacts.book import (
    ContactBook,
    ContactBookError,
    ContactConflict,
    contact_stamp,
)
from faqdesk.core.contacts.ids import IdAllocator
from faqdesk.core.contacts.model import Contact
from faqdesk.core.contacts.vcard import contact_to_vcard, vcards_from_text
from faqdesk.core.problems import Problem
from faqdesk.core.sync.side import ChangedMeanwhile, Incoming
from faqdesk.core.text import render

SYNCED_ORIGINS = ("user", "edited")
_OWN_ID_RE = re.compile(r"^X-FAQDESK-ID(?:;[^:\r\n]*)?:([^\r\n]*)$", re.IGNORECASE | re.MULTILINE)


def _has_own_id(body: str, contact_id: str) -> bool:
    found = _OWN_ID_RE.search(body)
    return found is not None and found.group(1).strip() == contact_id


def over_bundled(card: Contact, shipped: Contact) -> Contact:
    """A card from the server for a bundled contact, read as the user's edit of it: what the
    card does not say (its channels by id, hours, notes, time zone…) stays as shipped, so a
    card from another program never takes away the bundled ticket or chat channels."""
    named = {channel.id for channel in card.channels}
    kept = tuple(channel for channel in shipped.channels if channel.id not in named)
    default = Contact(id=card.id, name={})
    changes: dict[str, object] = {"channels": card.channels + kept}
    for name in ("tz", "calendar", "margin_minutes", "verified", "source", "hours"):
        if getattr(card, name) == getattr(default, name):
            changes[name] = getattr(shipped, name)
    if not any(card.notes.values()):
        changes["notes"] = shipped.notes
    changes["name"] = {**shipped.name, **{k: v for k, v in card.name.items() if v}}
    return dataclasses.replace(card, **changes)  # type: ignore[arg-type]


class ContactsSide:
    """:class:`~faqdesk.core.sync.side.LocalSide` over a :class:`ContactBook`."""

    collection = "contacts"
    content_type = "text/vcard; charset=utf-8"
    suffix = ".vcf"
    calendar = False
    deletes_here = True

    def __init__(self, book: ContactBook) -> None:
        self.book = book
        self._cache: dict[str, Contact] = {}
        self._read = False

    def _synced(self) -> dict[str, Contact]:
        self._cache = {c.id: c for c in self.book.contacts() if c.origin in SYNCED_ORIGINS}
        self._read = True
        return self._cache

    def version(self) -> str:
        if self.book.path is None or self.book.read_only:
            return ""
        return f"{self.book.path}#{self.book.revision()}"

    def stamps(self) -> dict[str, str]:
        return {contact_id: contact_stamp(c) for contact_id, c in self._synced().items()}

    def _contact(self, local_id: str) -> Contact | None:
        if not self._read:  # the engine skipped stamps(): nothing changed here since
            self._synced()
        return self._cache.get(local_id)

    def name(self, local_id: str) -> str:
        contact = self._contact(local_id)
        return contact.display_name("zh") if contact is not None else local_id

    def body(self, local_id: str, uid: str) -> str | None:
        # the copy read with stamps(): the text sent is the one the stamp recorded stands for
        contact = self._contact(local_id)
        if contact is None:
            return None
        text = contact_to_vcard(contact, "4.0")
        return text.replace("VERSION:4.0\r\n", f"VERSION:4.0\r\nUID:{uid}\r\n", 1)

    def parse(
        self, body: str, where: str, taken: Set[str]
    ) -> tuple[Incoming | None, list[Problem]]:
        # A card FAQDesk wrote keeps its id (the same contact on every desk); any other card
        # gets a readable id of its own, not taken here.
        contacts, problems = vcards_from_text(body, where)
        if contacts and not _has_own_id(body, contacts[0].id):
            contacts, problems = vcards_from_text(body, where, taken_ids=taken)
        if not contacts:
            return None, problems
        return self._incoming(contacts[0]), problems

    def _incoming(self, contact: Contact) -> Incoming:
        return Incoming(contact.id, contact_stamp(contact), contact.display_name("zh"), contact)

    def fresh_id(self, incoming: Incoming, taken: Set[str]) -> str:
        return IdAllocator(taken).allocate(incoming.name or incoming.id)

    def with_id(self, incoming: Incoming, local_id: str) -> Incoming:
        if incoming.id == local_id:
            return incoming
        contact: Contact = incoming.value
        return self._incoming(dataclasses.replace(contact, id=local_id))

    def new_uid(self, local_id: str) -> str:
        return f"faqdesk-{local_id}"  # one contact id is one contact on every desk

    def resource_name(self, local_id: str, uid: str) -> str:
        return local_id

    def edits_bundled(self, local_id: str) -> bool:
        return self.book.is_bundled(local_id)

    def save(self, incoming: Incoming, expected: str | None) -> tuple[str, str]:
        contact: Contact = incoming.value
        shipped = next((c for c in self.book.bundled if c.id == contact.id), None)
        if shipped is not None:  # a card can only be the user's edit of a bundled contact
            contact = over_bundled(contact, shipped)
        if expected is None:  # not synced here: absent, or a bundled contact not edited
            expected = contact_stamp(shipped)
        try:
            self.book.save(contact, expected=expected)
        except ContactConflict as exc:
            raise ChangedMeanwhile(str(exc)) from exc
        self._cache[contact.id] = contact
        return contact.id, contact_stamp(contact)  # get() gives the same: it round-trips

    def remove(self, local_id: str, expected: str) -> bool:
        # Compared with the copy read at the start of the run (reading one contact costs as
        # much as reading all): an edit made in the window during this very run is lost to
        # the server's deletion only when it lands between that read and this call.
        cached = self._contact(local_id)
        if cached is not None and contact_stamp(cached) != expected:
            return False
        self.book.delete(local_id)
        self._cache.pop(local_id, None)
        return True

    def keep_copy(self, local_id: str, now: datetime) -> str | None:
        contact = self.book.get(local_id)
        if contact is None:
            return None
        taken = {c.id for c in self.book.contacts()}
        copy_id = IdAllocator(taken).allocate(f"{local_id} conflict")
        day = now.date().isoformat()
        names = {
            lang: render("sync.conflict.copy_name", lang, name=text, date=day)
            for lang, text in contact.name.items()
            if text
        } or {"en": render("sync.conflict.copy_name", "en", name=local_id, date=day)}
        copy = dataclasses.replace(contact, id=copy_id, name=names, origin="user")
        try:
            self.book.save(copy, expected=contact_stamp(None))
        except ContactBookError:
            return None
        return copy_id
