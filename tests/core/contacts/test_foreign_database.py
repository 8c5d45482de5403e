"""A ``contacts.sqlite3`` FAQDesk did not create is never written, migrated or moved: its
schema is looked at read-only, it stays byte-identical, and the book says so (read-only)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from clock_fixtures import fixed_clock
from contact_fixtures import make_contact
from faqdesk.core.contacts.book import DB_NAME, ContactBook, ContactBookReadOnly


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _foreign(folder: Path, schema: str, version: int = 0) -> Path:
    folder.mkdir(parents=True)
    path = folder / DB_NAME
    connection = sqlite3.connect(path)
    connection.execute(schema)
    connection.execute("INSERT INTO contacts VALUES ('Иван', '+7 913 555-01-02')")
    if version:
        connection.execute(f"PRAGMA user_version = {version}")
    connection.commit()
    connection.close()
    return path


@pytest.mark.parametrize("version", [0, 1, 7])
def test_someone_elses_database_is_left_exactly_as_it_was(tmp_path: Path, version: int) -> None:
    folder = tmp_path / "data"
    path = _foreign(folder, "CREATE TABLE contacts (name TEXT, phone TEXT)", version)
    before = _digest(path)
    listing = sorted(p.name for p in folder.iterdir())

    with ContactBook.open(folder, clock=fixed_clock) as book:
        assert book.read_only
        message = " ".join(book.messages)
        assert f"{path} is not a FAQDesk contacts database" in message
        assert "its tables: contacts" in message and "contacts are read-only" in message
        assert "您" in " ".join(notice.render("zh") for notice in book.notices)
        with pytest.raises(ContactBookReadOnly):
            book.save(make_contact({"id": "x", "name": {"en": "X"}}))

    assert _digest(path) == before
    assert sorted(p.name for p in folder.iterdir()) == listing  # no -wal, -shm, no moved copy
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == version
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        tables = connection.execute("SELECT name FROM sqlite_master").fetchall()
        assert tables == [("contacts",)]


def test_a_new_empty_database_is_ours_to_fill(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    sqlite3.connect(folder / DB_NAME).close()  # user_version 0, no tables
    with ContactBook.open(folder, clock=fixed_clock) as book:
        assert not book.read_only and not book.notices
        book.save(make_contact({"id": "x", "name": {"en": "X"}}))
    with ContactBook.open(folder, clock=fixed_clock) as book:
        assert book.get("x") is not None and not book.notices


def test_our_own_database_opens_for_writing_again(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with ContactBook.open(folder, clock=fixed_clock) as book:
        book.save(make_contact({"id": "mine", "name": {"zh": "我的"}}))
    with ContactBook.open(folder, clock=fixed_clock) as book:
        assert not book.read_only and not book.notices
        assert book.get("mine") is not None


def test_a_foreign_database_in_wal_mode_gets_no_companion_files(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / DB_NAME
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE people (name TEXT)")
    connection.commit()
    connection.close()
    before = _digest(path)
    with ContactBook.open(folder, clock=fixed_clock) as book:
        assert book.read_only and "its tables: people" in book.messages[0]
    assert _digest(path) == before
    assert [p.name for p in folder.iterdir()] == [DB_NAME]  # no -shm, no -wal
