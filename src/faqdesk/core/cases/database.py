"""The cases database file: schema and migrations, opening it, and salvaging a damaged one.

Same habits as the contacts database (:mod:`faqdesk.core.contacts.database`): WAL, the schema
version in ``PRAGMA user_version``, every write one ``BEGIN IMMEDIATE`` transaction, a damaged
file moved aside (kept, never deleted). Times are stored as ISO 8601 text in UTC with whole
seconds, so they sort as text; numbers are also stored normalised (upper case) in
``case_numbers`` with an index, for search.
"""

from __future__ import annotations

import re
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

from faqdesk.core import storage
from faqdesk.core.cases.model import normalized_number, number_digits
from faqdesk.core.contacts.database import move_aside
from faqdesk.core.log import get_logger
from faqdesk.core.text import Phrase

SCHEMA_VERSION = 3
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
    (
        3,
        (
            # Numbers found however they are typed: full-width, any dash, or digits only.
            "ALTER TABLE case_numbers ADD COLUMN digits TEXT NOT NULL DEFAULT ''",
            "UPDATE case_numbers SET normalized = faqdesk_normalized(number), "
            "digits = faqdesk_digits(number)",
            "CREATE INDEX IF NOT EXISTS case_numbers_digits ON case_numbers (digits)",
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


class Foreign(Exception):
    """The file is an SQLite database FAQDesk did not write (another program's): it is never
    written, migrated or moved."""


def _schema_of(path: Path) -> tuple[int, set[str]] | None:
    """The ``user_version`` and table names of ``path``, read without writing anything
    beside it (no journal mode change); None when the file is missing or empty. Raises
    ``sqlite3.DatabaseError`` when it is not a readable database."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise Unusable(Phrase.of("cases.db.cannot_open", path=path, error=exc.strerror)) from exc
    if not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise Unusable(Phrase.of("cases.db.cannot_open", path=path, error="folder"))
        raise Foreign(str(path))  # a FIFO or a device: never opened, never written
    if info.st_size == 0:
        return None
    has_log = path.with_name(path.name + "-wal").exists()
    query = "mode=ro" if has_log else "mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?{query}", uri=True, isolation_level=None
        )
    except sqlite3.OperationalError as exc:
        raise Unusable(Phrase.of("cases.db.cannot_open", path=path, error=exc)) from exc
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        tables = {
            str(row[0])
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.OperationalError as exc:
        if storage.is_access_problem(exc):
            raise Unusable(Phrase.of("cases.db.cannot_open", path=path, error=exc)) from exc
        raise sqlite3.DatabaseError(str(exc)) from exc
    finally:
        connection.close()
    return version, {name for name in tables if not name.startswith("sqlite_")}


def check_ours(path: Path) -> None:
    """Make sure ``path`` is a cases database FAQDesk wrote (or missing, or empty) before
    anything writes to it. Raises :class:`Foreign` for another program's database,
    :class:`Unusable` for one a newer FAQDesk wrote, ``sqlite3.DatabaseError`` for a file
    that is not a readable database (damaged)."""
    schema = _schema_of(path)
    if schema is None:
        return
    version, tables = schema
    if version == 0 and not tables:
        return  # an empty database: nothing to lose
    if version > SCHEMA_VERSION and "cases" in tables:
        raise Unusable(Phrase.of("cases.db.newer", version=version))
    if version < 1 or not {"cases", "meta"} <= tables:
        raise Foreign(str(path))


def _number_functions(connection: sqlite3.Connection) -> None:
    """The number forms of :mod:`~faqdesk.core.cases.model`, callable from SQL."""
    connection.create_function("faqdesk_normalized", 1, _sql(normalized_number), deterministic=True)
    connection.create_function("faqdesk_digits", 1, _sql(number_digits), deterministic=True)


def _sql(function: Callable[[str], str]) -> Callable[[object], str]:
    return lambda value: function(value) if isinstance(value, str) else ""


def _migrate(connection: sqlite3.Connection) -> None:
    _number_functions(connection)
    storage.migrate(
        connection,
        SCHEMA_VERSION,
        MIGRATIONS,
        lambda found: Unusable(Phrase.of("cases.db.newer", version=found)),
    )
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
    cannot be written, :class:`Foreign` when it is another program's database (checked
    read-only first, never written) and ``sqlite3.DatabaseError`` when the file is damaged."""
    check_ours(path)
    return storage.open_wal(
        path,
        migrate=_migrate,
        probe=_probe_and_remember,
        unusable=lambda _why, error: Unusable(
            Phrase.of("cases.db.cannot_open", path=path, error=error)
        ),
    )


def _probe_and_remember(connection: sqlite3.Connection) -> None:
    _probe(connection)
    _remember_orphans(connection)


def memory_db() -> sqlite3.Connection:
    """An empty database in memory (when nothing on disk can be used)."""
    return storage.memory_db(_migrate)


def open_ro(path: Path, *, probe: bool = True) -> sqlite3.Connection | None:
    """``path`` opened read-only as it is on disk, or None (``probe``: only when every table
    can be read)."""

    def readable(connection: sqlite3.Connection) -> None:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
        if probe:
            _probe(connection)

    return storage.open_read_only(path, readable)


#: The columns each table is salvaged with, and the position of its case id.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "cases": (
        "id", "seq", "problem", "order_no", "posting", "title", "contact", "channel", "ticket",
        "escalation", "opened_at", "reply_hours", "reply_due", "last_sent_at", "status",
        "updated", "tracking",
    ),
    "case_numbers": ("case_id", "kind", "position", "number", "normalized"),
    "case_events": ("seq", "case_id", "kind", "at", "channel", "body", "outcome", "status"),
    "case_attachments": ("case_id", "position", "path"),
}  # fmt: skip
_ID_RE = re.compile(r"^C-(\d{1,9})$")
_MOST_ROWS = 2_000_000


def id_number(value: object) -> int:
    """The number of a stored case id (``C-0012`` → 12), 0 for anything else."""
    match = _ID_RE.match(value) if isinstance(value, str) else None
    return int(match.group(1)) if match else 0


def _index_queries(source: sqlite3.Connection, table: str) -> list[str]:
    """Queries reading ``table``'s rowids through each of its indexes (they survive a damaged
    table page)."""
    queries: list[str] = []
    try:
        names = [
            str(row[0])
            for row in source.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,)
            )
        ]
        for name in names:
            first = source.execute(f'PRAGMA index_info("{name}")').fetchone()
            if first is not None:
                queries.append(
                    f'SELECT rowid FROM {table} INDEXED BY "{name}" ORDER BY "{first[2]}"'
                )
    except sqlite3.Error:
        pass
    return queries


def _rowids(source: sqlite3.Connection, table: str) -> list[int]:
    """The rowids of ``table`` read from wherever they still can be: a scan of the table,
    else one of its indexes, else every number up to the largest rowid."""
    found: set[int] = set()
    for query in (f"SELECT rowid FROM {table}", *_index_queries(source, table)):
        try:
            for (rowid,) in source.execute(query):
                found.add(int(rowid))
                if len(found) > _MOST_ROWS:
                    return sorted(found)
            return sorted(found)
        except sqlite3.Error:
            continue  # keep what was read, try the next way
    try:
        row = source.execute(f"SELECT max(rowid) FROM {table}").fetchone()
        largest = int(row[0]) if row and row[0] is not None else 0
    except sqlite3.Error:
        largest = max(found, default=0)  # no guessing through a tree that cannot be read
    return sorted(found | set(range(1, min(largest, _MOST_ROWS) + 1)))


def _readable_rows(source: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
    """Every row of ``table`` that can still be read, one by one (a damaged page loses only
    the rows on it)."""
    columns = ", ".join(_COLUMNS[table])
    try:
        present = {str(row[1]) for row in source.execute(f"PRAGMA table_info({table})")}
    except sqlite3.Error:
        return []
    if not set(_COLUMNS[table]) <= present:
        if table == "cases" and set(_COLUMNS[table]) - present == {"tracking"}:
            columns = columns.replace(", tracking", ", ''")  # a version 1 file
        else:
            return []
    rows: list[tuple[object, ...]] = []
    for rowid in _rowids(source, table):
        try:
            row = source.execute(f"SELECT {columns} FROM {table} WHERE rowid = ?", (rowid,))
            found = row.fetchone()
        except sqlite3.Error:
            continue  # on the damaged page
        if found is not None:
            rows.append(tuple(found))
    return rows


def salvage(damaged: Path, into: sqlite3.Connection) -> int:
    """Copy every case row that can still be read from the ``damaged`` file (already moved
    aside, opened read-only) into the fresh database ``into``, row by row, with the numbers,
    events and attachments of the cases saved (never another case's rows); returns how many
    cases were saved. The largest case number seen anywhere is remembered, so no id of the
    damaged file is ever given to a new case."""
    source = open_ro(damaged, probe=False)
    if source is None:
        return 0
    saved: set[str] = set()
    highest = 0
    try:
        tables = {table: _readable_rows(source, table) for table in TABLES}
    finally:
        source.close()
    into.execute("BEGIN IMMEDIATE")
    try:
        for table in TABLES:
            at = _COLUMNS[table].index("id" if table == "cases" else "case_id")
            names = ", ".join(_COLUMNS[table])
            marks = ", ".join("?" * len(_COLUMNS[table]))
            for row in tables[table]:
                highest = max(highest, id_number(row[at]))
                if table != "cases" and row[at] not in saved:
                    continue  # its case was lost: it must not join a new one
                if table == "cases" and (id_number(row[0]) == 0 or row[1] != id_number(row[0])):
                    continue
                try:
                    cursor = into.execute(
                        f"INSERT OR IGNORE INTO {table} ({names}) VALUES ({marks})", row
                    )
                except sqlite3.Error:
                    continue
                if table == "cases" and cursor.rowcount > 0:
                    saved.add(str(row[0]))
        into.execute(
            "UPDATE case_numbers SET normalized = faqdesk_normalized(number), "
            "digits = faqdesk_digits(number)"
        )
        into.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_seq', MAX(?, COALESCE("
            "(SELECT value FROM meta WHERE key = 'last_seq'), 0)))",
            (highest,),
        )
        into.execute("UPDATE meta SET value = value + 1 WHERE key = 'revision'")
        into.execute("COMMIT")
    except BaseException:
        into.execute("ROLLBACK")
        raise
    return len(saved)


def _remember_orphans(connection: sqlite3.Connection) -> None:
    """Numbers, events or attachments whose case is gone (left by an older FAQDesk's salvage)
    keep their id taken: the largest is remembered, so a new case never inherits them."""
    highest = 0
    for table in TABLES[1:]:
        for (value,) in connection.execute(
            f"SELECT DISTINCT case_id FROM {table} WHERE case_id NOT IN (SELECT id FROM cases)"
        ):
            highest = max(highest, id_number(value))
    if highest <= _last_seq(connection):
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_seq', ?)",
            (max(highest, _last_seq(connection)),),
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _last_seq(connection: sqlite3.Connection) -> int:
    row = connection.execute("SELECT value FROM meta WHERE key = 'last_seq'").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def next_seq(connection: sqlite3.Connection) -> int:
    """The number of the next new case: above every case and every id a salvage or an
    orphan row took, so an id is never given twice."""
    row = connection.execute("SELECT COALESCE(MAX(seq), 0) FROM cases").fetchone()
    return max(int(row[0]), _last_seq(connection)) + 1


__all__ = [
    "SCHEMA_VERSION",
    "Foreign",
    "Unusable",
    "check_ours",
    "memory_db",
    "move_aside",
    "next_seq",
    "open_ro",
    "open_rw",
    "salvage",
]
