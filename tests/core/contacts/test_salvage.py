"""A damaged database page loses only what is on it (issue 10.4): the rest is recovered into a
fresh database, the damaged file is kept aside, and the user is told both."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from clock_fixtures import fixed_clock
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.model import contact_from_mapping

PAGE = 4096


def _fill(folder: Path, count: int) -> None:
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


def _damage_one_table_leaf(path: Path) -> None:
    """Overwrite the middle table-leaf page (b-tree page type 0x0D) with garbage."""
    data = bytearray(path.read_bytes())
    leaves = [n for n in range(1, len(data) // PAGE) if data[n * PAGE] == 0x0D]
    victim = leaves[len(leaves) // 2]
    data[victim * PAGE + 8 : (victim + 1) * PAGE] = b"\xa5" * (PAGE - 8)
    path.write_bytes(bytes(data))


def test_a_damaged_page_keeps_the_readable_contacts(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    _fill(folder, 200)
    _damage_one_table_leaf(folder / "contacts.sqlite3")
    with ContactBook.open(folder, clock=fixed_clock) as book:
        own = [c for c in book.contacts() if c.origin == "user"]
        messages = book.messages
        assert not book.read_only
    assert 150 <= len(own) < 200  # one page of ~10 contacts lost, not the whole book
    assert own[0].channels[0].value.startswith("+7 495")
    kept = sorted(folder.glob("contacts.sqlite3.corrupt-*"))
    assert len(kept) == 1
    [message] = [m for m in messages if "recovered" in m]
    assert f"{len(own)} contact(s) were recovered" in message
    assert str(kept[0]) in message
    with ContactBook.open(folder, clock=fixed_clock) as again:  # the fresh database is sound
        assert len([c for c in again.contacts() if c.origin == "user"]) == len(own)
        assert again.messages == []


def test_a_file_that_is_not_a_database_is_kept_and_nothing_is_made_up(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "contacts.sqlite3").write_bytes(b"not a database at all" * 100)
    with ContactBook.open(folder, clock=fixed_clock) as book:
        assert [c for c in book.contacts() if c.origin == "user"] == []
        assert any("moved aside" in m or "0 contact(s) were recovered" in m for m in book.messages)
    assert len(list(folder.glob("contacts.sqlite3.corrupt-*"))) == 1
