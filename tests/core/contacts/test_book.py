"""The contact book: SQLite store of the user's contacts and edits of bundled ones."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from faqdesk.core.contacts.book import (
    ABSENT,
    DB_NAME,
    ContactBook,
    ContactBookReadOnly,
    ContactConflict,
    ContactInvalid,
    ContactMissing,
    contact_stamp,
)
from faqdesk.core.contacts.database import SCHEMA_VERSION
from faqdesk.core.contacts.model import Contact, contact_from_mapping

BUNDLED = """
contacts:
  - id: ozon-seller-support
    name: {zh: Ozon 卖家支持, en: Ozon seller support}
    channels:
      - {id: phone, kind: phone, value: ""}
      - {id: ticket, kind: ticket, value: "https://seller.ozon.ru"}
"""

FIXED = datetime(2026, 11, 26, 12, 30, 5, tzinfo=UTC)


def clock() -> datetime:
    return FIXED


@pytest.fixture
def bundled_file(tmp_path: Path) -> Path:
    path = tmp_path / "bundled" / "contacts.yaml"
    path.parent.mkdir()
    path.write_text(BUNDLED, encoding="utf-8")
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


def open_book(data_dir: Path, bundled_file: Path) -> ContactBook:
    return ContactBook.open(data_dir, bundled_file=bundled_file, clock=clock)


def make(contact_id: str, name_en: str, **fields: object) -> Contact:
    data: dict[str, object] = {
        "id": contact_id,
        "name": {"en": name_en},
        "channels": [{"id": "phone", "kind": "phone", "value": "+7 900"}],
    }
    data.update(fields)
    contact, problems = contact_from_mapping(data, "test", origin="user")
    assert contact is not None, problems
    return contact


def test_fresh_book_shows_bundled_contacts(data_dir: Path, bundled_file: Path) -> None:
    with open_book(data_dir, bundled_file) as book:
        assert [c.id for c in book.contacts()] == ["ozon-seller-support"]
        assert book.contacts()[0].origin == "bundled"
        assert not book.read_only
        assert book.messages == []
        assert book.revision() == 0
    db = sqlite3.connect(data_dir / DB_NAME)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_default_folders_come_from_paths(isolated_user_dirs: Path) -> None:
    with ContactBook.open(clock=clock) as book:
        assert book.path == isolated_user_dirs / "data" / DB_NAME
        assert any(c.id == "ozon-seller-support" for c in book.contacts())  # the shipped file


def test_create_edit_delete_a_users_contact(data_dir: Path, bundled_file: Path) -> None:
    with open_book(data_dir, bundled_file) as book:
        book.save(make("zz-translator", "Anna translator"))
        book.save(make("forwarder", "Best forwarder"))
        # Bundled first, then the user's own by name: "Anna translator" before "Best forwarder".
        assert [c.id for c in book.contacts()] == [
            "ozon-seller-support",
            "zz-translator",
            "forwarder",
        ]
        assert book.revision() == 2
        edited = dataclasses.replace(make("forwarder", "Best forwarder"), tz="Asia/Shanghai")
        book.save(edited)
        found = book.get("forwarder")
        assert found is not None
        assert found.tz == "Asia/Shanghai"
        assert found.origin == "user"
        book.delete("forwarder")
        assert book.get("forwarder") is None
        assert book.revision() == 4
        book.delete("no-such-contact")
        assert book.revision() == 4
    with open_book(data_dir, bundled_file) as again:  # persisted
        assert [c.id for c in again.contacts()] == ["ozon-seller-support", "zz-translator"]


def test_own_contacts_sorted_by_name(data_dir: Path, bundled_file: Path) -> None:
    with open_book(data_dir, bundled_file) as book:
        book.save(make("b", "zebra"))
        book.save(make("a", "Yak"))
        book.save(make("c", "apple"))
        assert [c.id for c in book.contacts()] == ["ozon-seller-support", "c", "a", "b"]


def test_editing_a_bundled_contact_stores_an_override_and_delete_reverts(
    data_dir: Path, bundled_file: Path
) -> None:
    with open_book(data_dir, bundled_file) as book:
        original = book.get("ozon-seller-support")
        assert original is not None
        phone = dataclasses.replace(original.channels[0], value="+7 800 000-00-00")
        book.save(dataclasses.replace(original, channels=(phone, original.channels[1])))
        edited = book.get("ozon-seller-support")
        assert edited is not None
        assert edited.origin == "edited"
        assert edited.channels[0].value == "+7 800 000-00-00"
        assert len(book.contacts()) == 1
        book.delete("ozon-seller-support")
        reverted = book.get("ozon-seller-support")
        assert reverted == original
        assert reverted is not None and reverted.origin == "bundled"
    kinds = sqlite3.connect(data_dir / DB_NAME).execute("SELECT kind FROM contacts").fetchall()
    assert kinds == []


def test_invalid_contacts_are_refused_with_the_field(data_dir: Path, bundled_file: Path) -> None:
    with open_book(data_dir, bundled_file) as book:
        with pytest.raises(ContactInvalid, match="field 'tz'"):
            book.save(dataclasses.replace(make("x", "X"), tz="Mars/Base"))
        with pytest.raises(ContactInvalid, match="field 'id'"):
            book.save(dataclasses.replace(make("x", "X"), id="Bad Id"))
        with pytest.raises(ContactInvalid) as info:
            book.save(dataclasses.replace(make("x", "X"), margin_minutes=999))
        (problem,) = info.value.problems
        assert (problem.field, problem.value) == ("margin_minutes", 999)
        assert "不是 0 到 240 之间的整数分钟" in problem.render("zh")
        assert book.revision() == 0


def test_search_by_name_id_and_channel_value(data_dir: Path, bundled_file: Path) -> None:
    with open_book(data_dir, bundled_file) as book:
        book.save(make("wh-nsk", "Novosibirsk warehouse", name={"zh": "新西伯利亚仓库"}))
        book.save(make("anna", "Anna", channels=[{"id": "m", "kind": "email", "value": "A@X.ru"}]))
        assert [c.id for c in book.search("卖家")] == ["ozon-seller-support"]
        assert [c.id for c in book.search("仓库")] == ["wh-nsk"]
        assert [c.id for c in book.search("ANNA")] == ["anna"]
        assert [c.id for c in book.search("a@x.RU")] == ["anna"]
        assert [c.id for c in book.search("wh-")] == ["wh-nsk"]
        assert len(book.search("  ")) == 3
        assert book.search("nothing like this") == []


def test_two_books_on_one_file_lose_no_update(data_dir: Path, bundled_file: Path) -> None:
    first = open_book(data_dir, bundled_file)
    second = open_book(data_dir, bundled_file)
    try:
        seen = second.revision()
        for number in range(10):
            first.save(make(f"first-{number}", f"First {number}"))
            second.save(make(f"second-{number}", f"Second {number}"))
        assert second.revision() != seen  # the other book's changes are visible
        ids = {c.id for c in first.contacts()}
        assert {f"first-{n}" for n in range(10)} <= ids
        assert {f"second-{n}" for n in range(10)} <= ids
        assert {c.id for c in second.contacts()} == ids
        assert first.revision() == second.revision() == 20
    finally:
        first.close()
        second.close()


def test_two_processes_editing_at_once_lose_no_update(data_dir: Path, bundled_file: Path) -> None:
    open_book(data_dir, bundled_file).close()
    script = textwrap.dedent(
        """
        import sys
        from datetime import UTC, datetime
        from pathlib import Path
        from faqdesk.core.contacts.book import ContactBook
        from faqdesk.core.contacts.model import contact_from_mapping
        prefix, data_dir, bundled = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
        book = ContactBook.open(
            data_dir, bundled_file=bundled, clock=lambda: datetime(2026, 11, 26, tzinfo=UTC)
        )
        assert not book.read_only, book.messages
        for n in range(40):
            contact, _ = contact_from_mapping({"id": f"{prefix}-{n}", "name": {"en": prefix}}, "p")
            book.save(contact)
        book.close()
        """
    )
    env = dict(os.environ)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, prefix, str(data_dir), str(bundled_file)], env=env
        )
        for prefix in ("alpha", "beta")
    ]
    assert [p.wait(timeout=120) for p in processes] == [0, 0]
    with open_book(data_dir, bundled_file) as book:
        ids = {c.id for c in book.contacts()}
        assert len(ids) == 81
        assert book.revision() == 80


def test_processes_updating_the_same_contact_lose_no_update(
    data_dir: Path, bundled_file: Path
) -> None:
    """N processes each add their own channel to one contact at the same time; all N stay."""
    with open_book(data_dir, bundled_file) as book:
        book.save(make("race", "Race"))
    script = textwrap.dedent(
        """
        import dataclasses, sys, time
        from datetime import UTC, datetime
        from pathlib import Path
        from faqdesk.core.contacts.book import ContactBook
        from faqdesk.core.contacts.model import Channel, ChannelKind
        name, data_dir, bundled = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
        book = ContactBook.open(
            data_dir, bundled_file=bundled, clock=lambda: datetime(2026, 11, 26, tzinfo=UTC)
        )
        assert not book.read_only, book.messages

        def add_channel(contact):
            time.sleep(0.05)  # widen the window between reading and writing
            channel = Channel(id=name, kind=ChannelKind.EMAIL, value=f"{name}@example.org")
            return dataclasses.replace(contact, channels=(*contact.channels, channel))

        book.update("race", add_channel)
        book.close()
        """
    )
    names = [f"c{n}" for n in range(8)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, name, str(data_dir), str(bundled_file)],
            env=dict(os.environ),
        )
        for name in names
    ]
    assert [p.wait(timeout=120) for p in processes] == [0] * len(names)
    with open_book(data_dir, bundled_file) as book:
        race = book.get("race")
        assert race is not None
        assert sorted(c.id for c in race.channels) == sorted(["phone", *names])
        assert book.revision() == 1 + len(names)


def test_update_reads_the_current_contact_inside_the_transaction(
    data_dir: Path, bundled_file: Path
) -> None:
    with open_book(data_dir, bundled_file) as book, open_book(data_dir, bundled_file) as other:
        book.save(make("a", "A"))
        seen: list[str] = []

        def rename(contact: Contact) -> Contact:
            seen.append(contact.display_name("en"))
            return dataclasses.replace(contact, name={"en": contact.display_name("en") + "!"})

        other.save(make("a", "Changed elsewhere"))
        updated = book.update("a", rename)
        assert seen == ["Changed elsewhere"]
        assert updated.display_name("en") == "Changed elsewhere!" and updated.origin == "user"
        assert book.get("a") == updated
        # A bundled contact: the update stores an override.
        edited = book.update("ozon-seller-support", lambda c: dataclasses.replace(c, tz="UTC"))
        assert edited.origin == "edited" and book.get("ozon-seller-support") == edited
        with pytest.raises(ContactMissing, match="no contact with id 'nobody'"):
            book.update("nobody", rename)
        revision = book.revision()

        def broken(contact: Contact) -> Contact:
            raise RuntimeError("changed my mind")

        with pytest.raises(RuntimeError):
            book.update("a", broken)
        with pytest.raises(ContactInvalid, match="contact 'a': the id cannot change") as info:
            book.update("a", lambda c: dataclasses.replace(c, id="b"))
        assert [(p.field, p.value) for p in info.value.problems] == [("id", "b")]
        assert book.revision() == revision  # nothing written
        assert book.get("a") == updated


def test_save_with_the_stamp_it_started_from(data_dir: Path, bundled_file: Path) -> None:
    with open_book(data_dir, bundled_file) as book, open_book(data_dir, bundled_file) as other:
        # A new contact: ABSENT means "only if nobody created it meanwhile".
        book.save(make("a", "A"), expected=ABSENT)
        with pytest.raises(ContactConflict, match="'a' was created elsewhere"):
            other.save(make("a", "Mine"), expected=ABSENT)
        loaded = book.get("a")
        assert loaded is not None
        stamp = contact_stamp(loaded)
        assert stamp == book.stamp("a") == other.stamp("a") != ABSENT
        other.save(make("a", "Changed elsewhere"))
        with pytest.raises(ContactConflict, match="'a' was changed elsewhere"):
            book.save(dataclasses.replace(loaded, tz="UTC"), expected=stamp)
        current = book.get("a")
        assert current is not None and current.display_name("en") == "Changed elsewhere"
        # Starting again from the current version works; so does overwriting on purpose.
        book.save(dataclasses.replace(current, tz="UTC"), expected=book.stamp("a"))
        book.save(dataclasses.replace(loaded, tz="Asia/Shanghai"))
        # Deleted elsewhere.
        stamp = book.stamp("a")
        other.delete("a")
        with pytest.raises(ContactConflict, match="'a' was deleted elsewhere"):
            book.save(make("a", "A"), expected=stamp)
        assert book.get("a") is None
        # A bundled contact never edited: its stamp is the shipped contact's.
        bundled = book.get("ozon-seller-support")
        assert bundled is not None
        book.save(dataclasses.replace(bundled, tz="UTC"), expected=contact_stamp(bundled))
        tokyo = dataclasses.replace(bundled, tz="Asia/Tokyo")
        with pytest.raises(ContactConflict):
            other.save(tokyo, expected=contact_stamp(bundled))


def test_corrupt_database_is_moved_aside_and_kept(data_dir: Path, bundled_file: Path) -> None:
    data_dir.mkdir()
    garbage = b"this is not a database\x00" * 200
    (data_dir / DB_NAME).write_bytes(garbage)
    with open_book(data_dir, bundled_file) as book:
        kept = data_dir / "contacts.sqlite3.corrupt-20261126-123005"
        assert kept.read_bytes() == garbage
        assert not book.read_only
        assert len(book.messages) == 1
        assert "damaged" in book.messages[0]
        assert str(kept) in book.messages[0]
        assert [c.id for c in book.contacts()] == ["ozon-seller-support"]
        book.save(make("fresh", "Fresh start"))
        assert book.get("fresh") is not None
    # A second damaged file on the same second is kept too.
    (data_dir / DB_NAME).write_bytes(garbage)
    (data_dir / (DB_NAME + "-wal")).unlink(missing_ok=True)
    with open_book(data_dir, bundled_file) as book:
        assert (data_dir / "contacts.sqlite3.corrupt-20261126-123005-1").exists()


def test_damaged_row_is_skipped_with_a_message(data_dir: Path, bundled_file: Path) -> None:
    with open_book(data_dir, bundled_file) as book:
        book.save(make("good", "Good"))
    db = sqlite3.connect(data_dir / DB_NAME)
    db.execute("INSERT INTO contacts VALUES ('broken', 'user', '{not json', 'x')")
    db.commit()
    db.close()
    with open_book(data_dir, bundled_file) as book:
        assert [c.id for c in book.contacts()] == ["ozon-seller-support", "good"]
        assert any("'broken'" in m and "damaged" in m for m in book.messages)


def test_unwritable_data_folder_works_read_only(tmp_path: Path, bundled_file: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with ContactBook.open(blocker / "data", bundled_file=bundled_file, clock=clock) as book:
        assert book.read_only
        assert "read-only" in book.messages[0]
        assert [c.id for c in book.contacts()] == ["ozon-seller-support"]
        with pytest.raises(ContactBookReadOnly, match="read-only"):
            book.save(make("x", "X"))
        with pytest.raises(ContactBookReadOnly):
            book.delete("ozon-seller-support")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores modes")
def test_read_only_folder_with_existing_database(data_dir: Path, bundled_file: Path) -> None:
    with open_book(data_dir, bundled_file) as book:
        book.save(make("mine", "Mine"))
    data_dir.chmod(0o555)
    (data_dir / DB_NAME).chmod(0o444)
    try:
        with open_book(data_dir, bundled_file) as book:
            assert book.read_only
            assert book.get("mine") is not None
            with pytest.raises(ContactBookReadOnly):
                book.save(make("x", "X"))
    finally:
        data_dir.chmod(0o755)
        (data_dir / DB_NAME).chmod(0o644)


def test_database_that_cannot_be_written_is_shown_read_only(
    data_dir: Path, bundled_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a read-only folder looks like when the tests run as root (modes are ignored)."""
    from faqdesk.core.contacts import database
    from faqdesk.core.text import Phrase

    with open_book(data_dir, bundled_file) as book:
        book.save(make("mine", "Mine"))

    def refuse(path: Path) -> sqlite3.Connection:
        why = Phrase.of("contacts.db.cannot_write_because", path=path, error="read-only")
        raise database.Unusable(why)

    monkeypatch.setattr(database, "open_rw", refuse)
    with open_book(data_dir, bundled_file) as book:
        assert book.read_only
        assert book.messages[0].endswith("contacts are read-only")
        assert book.notices[0].render("zh").endswith("联系人只能查看，不能修改")
        assert [c.id for c in book.contacts()] == ["ozon-seller-support", "mine"]
        with pytest.raises(ContactBookReadOnly, match="cannot change contacts"):
            book.save(make("x", "X"))


def test_database_from_a_newer_version_is_read_only(data_dir: Path, bundled_file: Path) -> None:
    with open_book(data_dir, bundled_file) as book:
        book.save(make("mine", "Mine"))
    db = sqlite3.connect(data_dir / DB_NAME)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with open_book(data_dir, bundled_file) as book:
        assert book.read_only
        assert "newer FAQDesk" in book.messages[0]
        assert book.get("mine") is not None


def test_bundled_file_problems_are_reported(data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "contacts.yaml"
    bad.write_text(BUNDLED + "  - id: x\n    tz: Nowhere/City\n", encoding="utf-8")
    with ContactBook.open(data_dir, bundled_file=bad, clock=clock) as book:
        assert [c.id for c in book.contacts()] == ["ozon-seller-support"]
        assert any("field 'tz'" in str(p) for p in book.problems)
    with ContactBook.open(data_dir, bundled_file=tmp_path / "missing.yaml", clock=clock) as book:
        assert book.contacts() == []
        assert "missing" in str(book.problems[0])
