"""A damaged or foreign cases database: what is salvaged, and that new cases still save."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from case_fixtures import contacts, lost_parcel
from clock_fixtures import fixed_clock
from faqdesk.core.cases.store import DB_NAME, CaseStore


def _fill(tmp_path: Path, count: int) -> None:
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        for _ in range(count):
            store.add(lost_parcel(), contacts())


def _leaf_page_of_cases(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as connection:
        page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
        pages = [
            int(row[0])
            for row in connection.execute(
                "SELECT pageno FROM dbstat WHERE name = 'cases' AND pagetype = 'leaf' "
                "ORDER BY pageno"
            )
        ]
    connection.close()
    return pages[len(pages) // 2], page_size


def test_a_damaged_leaf_page_loses_only_its_rows(tmp_path: Path) -> None:
    _fill(tmp_path, 300)
    path = tmp_path / DB_NAME
    page, size = _leaf_page_of_cases(path)
    data = bytearray(path.read_bytes())
    data[(page - 1) * size : page * size] = b"\x7f" * size
    path.write_bytes(bytes(data))
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        kept = store.cases()
        assert 250 < len(kept) < 300
        assert any(f"{len(kept)} case(s) were recovered" in m for m in store.messages)
        assert all(case.events for case in kept)  # each with its own events


def test_after_a_salvage_new_cases_save_and_never_reuse_an_id(tmp_path: Path) -> None:
    _fill(tmp_path, 9)
    path = tmp_path / DB_NAME
    data = bytearray(path.read_bytes())
    data[5000:9000] = b"\xa5" * 4000
    path.write_bytes(bytes(data))
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        salvaged = {case.id for case in store.cases()}
        new = store.add(lost_parcel(), contacts())
        assert new.id == "C-0010"  # above every id the damaged file held
        assert new.id not in salvaged
        assert [event.kind.value for event in new.events] == ["created", "sent"]
        again = store.add(lost_parcel(), contacts())
        assert again.id == "C-0011"
    with sqlite3.connect(path) as connection:  # no rows of lost cases came along
        orphans = connection.execute(
            "SELECT count(*) FROM case_events WHERE case_id NOT IN (SELECT id FROM cases)"
        ).fetchone()[0]
        numbers = connection.execute(
            "SELECT count(*) FROM case_numbers WHERE case_id NOT IN (SELECT id FROM cases)"
        ).fetchone()[0]
    connection.close()
    assert orphans == 0 and numbers == 0


def test_orphan_rows_already_in_a_file_do_not_block_new_cases(tmp_path: Path) -> None:
    _fill(tmp_path, 2)
    with sqlite3.connect(tmp_path / DB_NAME) as connection:
        connection.execute("DELETE FROM cases WHERE id = 'C-0002'")
    connection.close()
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        new = store.add(lost_parcel(), contacts())
    assert new.id == "C-0003"
    assert [event.kind.value for event in new.events] == ["created", "sent"]


def test_another_programs_database_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, court TEXT)")
        connection.execute("INSERT INTO cases (court) VALUES ('Arbitrazh court of Moscow')")
    connection.close()
    before = path.read_bytes()
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        assert store.read_only
        assert store.cases() == []
        assert any(str(path) in m and "not a FAQDesk cases database" in m for m in store.messages)
        assert "不是 FAQDesk 的工单数据库" in store.notices[-1].render("zh")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_NAME]  # no -wal, -shm, no move


def test_an_empty_file_becomes_the_cases_database(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"")
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        assert not store.read_only
        assert store.add(lost_parcel(), contacts()).id == "C-0001"


def test_numbers_are_found_however_they_are_typed(tmp_path: Path) -> None:
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        store.add(lost_parcel(), contacts())  # posting 12345678-0001-1
        wide = store.add(
            lost_parcel(posting="８７６５４３２１–０００２–１", tracking=("ＬＰ４２",)), contacts()
        )
        assert wide.posting == "87654321-0002-1" and wide.tracking == ("LP42",)
        for typed in (
            "1234567800011",
            "12345678 0001 1",
            "12345678–0001–1",
            "１２３４５６７８-０００１-１",
        ):
            assert [case.id for case in store.search(typed)] == ["C-0001"], typed
        for typed in ("87654321-0002-1", "876543210002", "lp42", "８７６５４３２１—0002"):
            assert [case.id for case in store.search(typed)] == ["C-0002"], typed


def test_numbers_stored_by_an_older_version_are_found_without_dashes(tmp_path: Path) -> None:
    _fill(tmp_path, 1)
    path = tmp_path / DB_NAME
    with sqlite3.connect(path) as connection:  # as schema version 2 left it
        connection.execute("DROP INDEX case_numbers_digits")
        connection.execute("ALTER TABLE case_numbers DROP COLUMN digits")
        connection.execute("PRAGMA user_version = 2")
    connection.close()
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:
        assert [case.id for case in store.search("1234567800011")] == ["C-0001"]


def test_a_fifo_named_like_the_database_is_left_alone(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / DB_NAME)
    with CaseStore.open(tmp_path, clock=fixed_clock) as store:  # returns: never reads it
        assert store.read_only and store.cases() == []
    assert stat.S_ISFIFO((tmp_path / DB_NAME).lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_NAME]
