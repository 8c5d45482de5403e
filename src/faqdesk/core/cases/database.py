"""The cases database file: schema and migrations, opening it, and salvaging a damaged one.

Same habits as the contacts database (:mod:`faqdesk.core.contacts.database`): WAL, the schema
version in ``PRAGMA user_version``, every write one ``BEGIN IMMEDIATE`` transaction, a damaged
file moved aside (kept, never deleted). Times are stored as ISO 8601 text in UTC with whole
seconds, so they sort as text; numbers are also stored normalised (upper case) in
``case_numbers`` with an index, for search.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from faqdesk.core.contacts.database import move_aside
from faqdesk.core.log import get_logger
from faqdesk.core.text import Phrase

SCHEMA_VERSION = 2
_log = get_logger("cases")

#: The tables a salvage copies, in order (parents first).
TABLES = ("cases", "case_numbers", "case_events", "case_attachments")

MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
            """CREATE TABLE IF NOT EXISTS cases (
                   id TEXT PRIMARY KEY,
                   seq INTEGER NOT NULL UNIQUE,
                   problem TEXT NOT NULL,
                   order_no TEXT NOT NULL DEFAULT '',
                   posting TEXT NOT NULL DEFAULT '',
                   title TEXT NOT NULL DEFAULT '',
                   contact TEXT NOT NULL,
                   channel TEXT NOT NULL,
                   ticket TEXT NOT NULL DEFAULT '',
                   escalation TEXT NOT NULL DEFAULT '',
                   opened_at TEXT NOT NULL,
                   reply_hours REAL NOT NULL,
                   reply_due TEXT NOT NULL,
                   last_sent_at TEXT,
                   status TEXT NOT NULL,
                   updated TEXT NOT NULL
               )""",
            "CREATE INDEX IF NOT EXISTS cases_status_due ON cases (status, reply_due)",
            """CREATE TABLE IF NOT EXISTS case_numbers (
                   case_id TEXT NOT NULL,
                   kind TEXT NOT NULL,
                   position INTEGER NOT NULL,
                   number TEXT NOT NULL,
                   normalized TEXT NOT NULL,
                   PRIMARY KEY (case_id, kind, position)
               )""",
            "CREATE INDEX IF NOT EXISTS case_numbers_normalized ON case_numbers (normalized)",
            """CREATE TABLE IF NOT EXISTS case_events (
                   seq INTEGER PRIMARY KEY AUTOINCREMENT,
                   case_id TEXT NOT NULL,
                   kind TEXT NOT NULL,
                   at TEXT NOT NULL,
                   channel TEXT NOT NULL DEFAULT '',
                   body TEXT NOT NULL DEFAULT '',
                   outcome TEXT NOT NULL DEFAULT '',
                   status TEXT NOT NULL DEFAULT ''
               )""",
            "CREATE INDEX IF NOT EXISTS case_events_case ON case_events (case_id, seq)",
            """CREATE TABLE IF NOT EXISTS case_attachments (
                   case_id TEXT NOT NULL,
                   position INTEGER NOT NULL,
                   path TEXT NOT NULL,
                   PRIMARY KEY (case_id, position)
               )""",
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('revision', 0)",
        ),
    ),
    (
        2,
        (
            # The tracking numbers also on the case's row, space-separated, so a list of
            # 10,000 cases is one query (case_numbers stays the search index).
            "ALTER TABLE cases ADD COLUMN tracking TEXT NOT NULL DEFAULT ''",
            """UPDATE cases SET tracking = COALESCE((
                   SELECT group_concat(number, ' ') FROM (
                       SELECT number FROM case_numbers
                       WHERE case_id = cases.id AND kind = 'tracking' ORDER BY position
                   )
               ), '')""",
        ),
    ),
)


#: Indexes made on every read-write opening when missing (no schema change: older versions of
#: the app read the file as before). ``reply_due, id`` is the urgency order, so the most urgent
#: page of open cases is read without sorting them all.
INDEXES = {"cases_due_id": "CREATE INDEX IF NOT EXISTS cases_due_id ON cases (reply_due, id)"}


class Unusable(Exception):
    """The file cannot be opened for writing (read-only folder, locked, newer schema)."""

    def __init__(self, phrase: Phrase) -> None:
        super().__init__(str(phrase))
        self.phrase = phrase


def _migrate(connection: sqlite3.Connection) -> None:
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise Unusable(Phrase.of("cases.db.newer", version=version))
    if version == SCHEMA_VERSION:
        _ensure_indexes(connection)
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        for target, statements in MIGRATIONS:
            if target <= version:
                continue
            for statement in statements:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {int(target)}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    _ensure_indexes(connection)


def _ensure_indexes(connection: sqlite3.Connection) -> None:
    """Best effort: without an index the same queries work, only slower (a file locked by
    another process for longer than the busy timeout must not make the store read-only)."""
    names = {str(row[0]) for row in connection.execute("SELECT name FROM sqlite_master")}
    for name, statement in INDEXES.items():
        if name not in names:
            try:
                connection.execute(statement)
            except sqlite3.OperationalError as exc:
                _log.warning("could not make the index %s now: %s", name, exc)


def _probe(connection: sqlite3.Connection) -> None:
    for table in (*TABLES, "meta"):
        connection.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()


def open_rw(path: Path) -> sqlite3.Connection:
    """``path`` opened for reading and writing, migrated; raises :class:`Unusable` when it
    cannot be written and ``sqlite3.DatabaseError`` when the file is damaged."""
    try:
        connection = sqlite3.connect(
            path, timeout=10, isolation_level=None, check_same_thread=False
        )
    except sqlite3.OperationalError as exc:
        raise Unusable(Phrase.of("cases.db.cannot_open", path=path, error=exc)) from exc
    try:
        connection.execute("PRAGMA busy_timeout = 10000")
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            raise Unusable(Phrase.of("cases.db.cannot_open", path=path, error="WAL"))
        _migrate(connection)
        check = connection.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {check}")
        _probe(connection)
    except Unusable:
        connection.close()
        raise
    except sqlite3.OperationalError as exc:
        connection.close()
        text = str(exc).lower()
        if any(
            w in text for w in ("readonly", "read-only", "unable to open", "locked", "disk i/o")
        ):
            raise Unusable(Phrase.of("cases.db.cannot_open", path=path, error=exc)) from exc
        raise sqlite3.DatabaseError(str(exc)) from exc
    except sqlite3.DatabaseError:
        connection.close()
        raise
    return connection


def memory_db() -> sqlite3.Connection:
    """An empty database in memory (when nothing on disk can be used)."""
    connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    _migrate(connection)
    return connection


def open_ro(path: Path, *, probe: bool = True) -> sqlite3.Connection | None:
    """``path`` opened read-only as it is on disk, or None (``probe``: only when every table
    can be read)."""
    if not path.is_file():
        return None
    for query in ("mode=ro", "immutable=1"):
        try:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?{query}",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
            connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
            if probe:
                _probe(connection)
            return connection
        except sqlite3.Error:
            continue
    return None


def salvage(damaged: Path, into: sqlite3.Connection) -> int:
    """Copy every case row that can still be read from the ``damaged`` file (already moved
    aside) into the fresh database ``into``, with its numbers, events and attachments; returns
    how many cases were saved. Best effort: a table that cannot be read is skipped."""
    source = open_ro(damaged, probe=False)
    if source is None:
        return 0
    saved = 0
    try:
        into.execute("BEGIN IMMEDIATE")
        try:
            for table in TABLES:
                try:
                    cursor = source.execute(f"SELECT * FROM {table}")
                    rows = cursor.fetchall()
                except sqlite3.Error:
                    continue
                known = {str(r[1]) for r in into.execute(f"PRAGMA table_info({table})")}
                kept = [i for i, d in enumerate(cursor.description) if d[0] in known]
                names = ", ".join(cursor.description[i][0] for i in kept)
                marks = ", ".join("?" * len(kept))
                for row in rows:
                    try:
                        cursor = into.execute(
                            f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({marks})",
                            [row[i] for i in kept],
                        )
                    except sqlite3.Error:
                        continue
                    if table == "cases":
                        saved += max(cursor.rowcount, 0)
            into.execute("UPDATE meta SET value = value + 1 WHERE key = 'revision'")
            into.execute("COMMIT")
        except BaseException:
            into.execute("ROLLBACK")
            raise
    finally:
        source.close()
    return saved


__all__ = ["SCHEMA_VERSION", "Unusable", "memory_db", "move_aside", "open_ro", "open_rw", "salvage"]
