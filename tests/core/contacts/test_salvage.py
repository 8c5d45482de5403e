"""A damaged database page loses only what is on it (issue 10.4): the rest is recovered into a
fresh database, the damaged file is kept aside, and the user is told both."""

from __future__ import annotations

from pathlib import Path

from clock_fixtures import fixed_clock
from contact_db_fixtures import damage_one_table_leaf, fill
from faqdesk.core.contacts.book import ContactBook


def test_a_damaged_page_keeps_the_readable_contacts(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    fill(folder, 200)
    damage_one_table_leaf(folder / "contacts.sqlite3")
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


def test_changes_still_in_the_write_ahead_log_are_recovered_too(tmp_path: Path) -> None:
    import json
    import shutil
    import sqlite3

    source, crashed = tmp_path / "running", tmp_path / "crashed"
    fill(source, 150)
    writer = sqlite3.connect(source / "contacts.sqlite3", isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")  # the new rows stay in the -wal file
    for n in range(5):
        doc = json.dumps({"id": f"late-{n}", "name": {"en": f"Late {n}"}})
        writer.execute("INSERT INTO contacts VALUES (?, 'user', ?, 'x')", (f"late-{n}", doc))
    crashed.mkdir()
    for name in ("contacts.sqlite3", "contacts.sqlite3-wal", "contacts.sqlite3-shm"):
        shutil.copy(source / name, crashed / name)  # as the files were when the power went
    writer.close()
    damage_one_table_leaf(crashed / "contacts.sqlite3")
    with ContactBook.open(crashed, clock=fixed_clock) as book:
        ids = {c.id for c in book.contacts() if c.origin == "user"}
    assert {f"late-{n}" for n in range(5)} <= ids
    assert 130 <= len(ids) < 155
