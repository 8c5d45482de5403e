"""Contact databases for the tests of a damaged book (no Qt): one filled with the user's
contacts, then one table page overwritten with garbage."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from clock_fixtures import fixed_clock
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.model import contact_from_mapping

PAGE = 4096


def fill(folder: Path, count: int) -> None:
    """``count`` contacts of the user's in the database of ``folder``, all in its main file."""
    with ContactBook.open(folder, clock=fixed_clock) as book:
        for n in range(count):
            contact, _ = contact_from_mapping(
                {
                    "id": f"forwarder-{n:03d}",
                    "name": {"en": f"Forwarder {n}"},
                    "notes": {"en": "ask for the warehouse manager " * 8},
                    "channels": [{"id": "phone", "kind": "phone", "value": f"+7 495 000-{n:04d}"}],
                },
                "test",
                origin="user",
            )
            assert contact is not None
            book.save(contact)
    connection = sqlite3.connect(folder / "contacts.sqlite3")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()


def damage_one_table_leaf(path: Path) -> None:
    """Overwrite the middle table-leaf page (b-tree page type 0x0D) with garbage."""
    data = bytearray(path.read_bytes())
    leaves = [n for n in range(1, len(data) // PAGE) if data[n * PAGE] == 0x0D]
    victim = leaves[len(leaves) // 2]
    data[victim * PAGE + 8 : (victim + 1) * PAGE] = b"\xa5" * (PAGE - 8)
    path.write_bytes(bytes(data))
