"""The contacts database file: opening it for writing or reading, its schema and migrations,
and moving a damaged one aside (kept, never deleted).

The contact book (:mod:`faqdesk.core.contacts.book`) decides what to do when a file cannot be
used and says so; nothing here shows messages.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from faqdesk.core import storage
from faqdesk.core.text import Phrase

SCHEMA_VERSION = 1

#: Migrations: ``(version, statements)``; a database at version ``n`` runs every later one.
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
            """CREATE TABLE IF NOT EXISTS contacts (
                   id TEXT PRIMARY KEY,
                   kind TEXT NOT NULL CHECK (kind IN ('user', 'override')),
                   doc TEXT NOT NULL,
                   updated TEXT NOT NULL
               )""",
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('revision', 0)",
        ),
    ),
)


class Unusable(Exception):
    """The database file cannot be opened for writing (read-only folder, locked, newer);
    ``phrase`` says why in either language, ``str()`` in English."""

    def __init__(self, phrase: Phrase) -> None:
        super().__init__(str(phrase))
        self.phrase = phrase


class Foreign(Unusable):
    """The file is an SQLite database FAQDesk did not create (other tables, another
    ``user_version``): it is never written, migrated or moved."""


_SQLITE_HEADER = b"SQLite format 3\x00"


def _look_read_only(path: Path) -> tuple[int, set[str]] | None:
    """``(user_version, table names)`` of the database ``path``, read without writing a byte
    (no WAL switch, no lock file; with its write-ahead log only when it has one); None when
    it cannot be read that way."""
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except OSError:
        return None
    if not header.startswith(_SQLITE_HEADER):
        return None  # not SQLite at all: the open finds it damaged
    has_log = len(header) > 18 and header[18] == 2 and path.with_name(path.name + "-wal").exists()
    for query in ("mode=ro", "mode=ro&immutable=1") if has_log else ("mode=ro&immutable=1",):
        try:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?{query}", uri=True, isolation_level=None
            )
        except sqlite3.Error:
            continue
        try:
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            return version, {str(row[0]) for row in rows}
        except sqlite3.Error:
            continue
        finally:
            connection.close()
    return None


def check_ours(path: Path) -> None:
    """Raise :class:`Foreign` when ``path`` holds an SQLite database FAQDesk did not create:
    ours has ``user_version`` ≥ 1 and the ``contacts`` and ``meta`` tables; a new empty file
    (``user_version`` 0, no tables) is ours to fill. Reads only; a missing, empty or damaged
    file passes (the open creates it or finds it damaged)."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    looked = _look_read_only(path)
    if looked is None:
        return
    version, tables = looked
    if (version == 0 and not tables) or (version >= 1 and {"contacts", "meta"} <= tables):
        return
    shown = ", ".join(sorted(tables))[:200] or "—"
    raise Foreign(Phrase.of("contacts.db.foreign", path=path, tables=shown, version=version))


def _migrate(connection: sqlite3.Connection) -> None:
    storage.migrate(
        connection,
        SCHEMA_VERSION,
        MIGRATIONS,
        lambda found: Unusable(Phrase.of("contacts.db.newer", version=found)),
    )


def open_rw(path: Path) -> sqlite3.Connection:
    """Open ``path`` for reading and writing, migrated; raises :class:`Foreign` (before
    writing anything) for a database FAQDesk did not create, :class:`Unusable` when it cannot
    be written and ``sqlite3.DatabaseError`` when the file is damaged."""
    check_ours(path)

    def unusable(why: str, error: object) -> Unusable:
        if why == "connect":
            return Unusable(Phrase.of("contacts.db.cannot_open", path=path, error=error))
        if why == "wal":
            return Unusable(Phrase.of("contacts.db.cannot_write", path=path))
        return Unusable(Phrase.of("contacts.db.cannot_write_because", path=path, error=error))

    return storage.open_wal(path, migrate=_migrate, probe=_probe, unusable=unusable)


def _probe(connection: sqlite3.Connection) -> None:
    connection.execute("SELECT id, kind, doc, updated FROM contacts LIMIT 1").fetchall()
    connection.execute("SELECT value FROM meta WHERE key = 'revision'").fetchall()


def _readable(connection: sqlite3.Connection) -> None:
    connection.execute("SELECT id, kind, doc FROM contacts LIMIT 1").fetchall()
    connection.execute("SELECT value FROM meta LIMIT 1").fetchall()


def memory_db() -> sqlite3.Connection:
    return storage.memory_db(_migrate)


def open_ro(path: Path, notices: list[Phrase]) -> sqlite3.Connection:
    """The database opened read-only (as it is on disk), else an empty one in memory."""
    connection = storage.open_read_only(path, _readable)
    if connection is not None:
        return connection
    if path.is_file():
        notices.append(Phrase.of("contacts.db.unreadable", path=path))
    return memory_db()


def move_aside(path: Path, now: datetime) -> Path:
    """Rename a damaged database (and its -wal/-shm files) to ``….corrupt-<timestamp>``."""
    stamp = now.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    target = storage.free_path(
        path.with_name(f"{path.name}.corrupt-{stamp}"),
        lambda n: path.with_name(f"{path.name}.corrupt-{stamp}-{n}"),
    )
    os.replace(path, target)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    return target


def _readable_rowids(damaged: sqlite3.Connection) -> list[int]:
    """The rowids of the contacts table, read from wherever they still can be: a scan of the
    table, else its primary-key index, else every number up to the largest rowid."""
    for query in (
        "SELECT rowid FROM contacts",
        "SELECT rowid FROM contacts INDEXED BY sqlite_autoindex_contacts_1 ORDER BY id",
    ):
        found: list[int] = []
        try:
            for (rowid,) in damaged.execute(query):
                found.append(int(rowid))
            return found
        except sqlite3.Error:
            continue
    try:
        row = damaged.execute("SELECT max(rowid) FROM contacts").fetchone()
        largest = int(row[0]) if row and row[0] is not None else 0
    except sqlite3.Error:
        largest = 0
    return list(range(1, min(largest, 2_000_000) + 1))


def _open_damaged(damaged_path: Path) -> sqlite3.Connection | None:
    """The damaged file opened read-only: with its write-ahead log when that can be read
    (the latest changes), else as it is on disk. Nothing is created beside it."""
    has_log = damaged_path.with_name(damaged_path.name + "-wal").exists()
    queries = ("mode=ro", "mode=ro&immutable=1") if has_log else ("mode=ro&immutable=1",)
    for query in queries:
        try:
            connection = sqlite3.connect(
                f"{damaged_path.resolve().as_uri()}?{query}",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error:
            continue
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection
        except sqlite3.Error:
            connection.close()
    return None


def salvage(damaged_path: Path, fresh: sqlite3.Connection) -> int | None:
    """Copy every contact row still readable in the damaged database ``damaged_path`` (kept as
    it is: opened read-only) into ``fresh``, row by row, in one transaction; returns how many
    were recovered, or None when the damaged file cannot be opened at all."""
    damaged = _open_damaged(damaged_path)
    if damaged is None:
        return None
    recovered = 0
    try:
        rowids = _readable_rowids(damaged)
        fresh.execute("BEGIN IMMEDIATE")
        try:
            for rowid in rowids:
                try:
                    row = damaged.execute(
                        "SELECT id, kind, doc, updated FROM contacts WHERE rowid = ?", (rowid,)
                    ).fetchone()
                except sqlite3.Error:
                    continue  # on the damaged page
                if row is None or not all(isinstance(value, str) for value in row):
                    continue
                if row[1] not in ("user", "override"):
                    continue
                try:
                    json.loads(row[2])
                except ValueError:
                    continue
                cursor = fresh.execute(
                    "INSERT OR IGNORE INTO contacts (id, kind, doc, updated) VALUES (?, ?, ?, ?)",
                    row,
                )
                recovered += cursor.rowcount
            if recovered:
                fresh.execute("UPDATE meta SET value = value + 1 WHERE key = 'revision'")
            fresh.execute("COMMIT")
        except BaseException:
            fresh.execute("ROLLBACK")
            raise
    except sqlite3.Error:
        return None  # rolled back: nothing was copied
    finally:
        damaged.close()
    return recovered
