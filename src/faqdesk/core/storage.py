"""The SQLite habits the contact book and the case store share: the schema migrated inside one
``BEGIN IMMEDIATE`` transaction (``PRAGMA user_version``), one writer transaction at a time
rolled back on any error, and a ``revision`` counter in a ``meta`` table that tells other
processes something changed."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

#: ``(version, statements)``: what takes a database from the version before to ``version``.
Migrations = Sequence[tuple[int, Sequence[str]]]


def migrate(
    connection: sqlite3.Connection,
    version: int,
    migrations: Migrations,
    too_new: Callable[[int], Exception],
) -> None:
    """Bring the database to schema ``version``; ``too_new(found)`` is raised for a database
    a newer FAQDesk wrote (it is never touched)."""
    found = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if found > version:
        raise too_new(found)
    if found == version:
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        found = int(connection.execute("PRAGMA user_version").fetchone()[0])
        for target, statements in migrations:
            if target <= found:
                continue
            for statement in statements:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {int(target)}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


#: Words of an SQLite error that mean the file cannot be reached or written, not damaged.
_ACCESS_WORDS = ("readonly", "read-only", "unable to open", "locked", "disk i/o")


def is_access_problem(error: sqlite3.Error) -> bool:
    """True when ``error`` says the database cannot be opened or written (permissions, a lock,
    the disk), as opposed to a damaged file."""
    text = str(error).lower()
    return any(word in text for word in _ACCESS_WORDS)


def read_revision(connection: sqlite3.Connection, lock: threading.RLock | threading.Lock) -> int:
    """The ``meta`` table's revision counter (0 when it cannot be read)."""
    with lock:
        try:
            row = connection.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
        except sqlite3.Error:
            return 0
    return int(row[0]) if row else 0


@contextmanager
def transaction(
    connection: sqlite3.Connection,
    lock: threading.RLock | threading.Lock,
    failed: Callable[[sqlite3.Error], Exception],
    *,
    bump_revision: bool = False,
) -> Iterator[sqlite3.Connection]:
    """One ``BEGIN IMMEDIATE`` transaction (other writers wait), committed at the end and
    rolled back on any error; an SQLite error becomes ``failed(error)``."""
    with lock:
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise failed(exc) from exc
        try:
            yield connection
            if bump_revision:
                connection.execute("UPDATE meta SET value = value + 1 WHERE key = 'revision'")
            connection.execute("COMMIT")
        except BaseException as exc:
            with suppress(sqlite3.Error):
                connection.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise failed(exc) from exc
            raise


def write_atomically(
    path: Path, data: bytes, *, durable: bool = True, mode: int | None = None
) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``: a
    reader sees the old file or the new one, never half of one. ``durable``: on disk before
    the rename (user data); ``mode``: the new file's permissions (default: private, 0600)."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


#: Why a database cannot be opened for writing: it cannot be opened at all ("connect"), not
#: in WAL mode ("wal"), or not written for the user's permissions ("access").
Refusal = Callable[[str, object], Exception]


def open_wal(
    path: Path,
    *,
    migrate: Callable[[sqlite3.Connection], None],
    probe: Callable[[sqlite3.Connection], None],
    unusable: Refusal,
) -> sqlite3.Connection:
    """``path`` opened for reading and writing in WAL mode, ``migrate``d, integrity-checked
    and ``probe``d (its tables read). Raises ``unusable(why, error)`` when it cannot be
    written and ``sqlite3.DatabaseError`` when the file is damaged; closed on any error."""
    try:
        connection = sqlite3.connect(
            path, timeout=10, isolation_level=None, check_same_thread=False
        )
    except sqlite3.OperationalError as exc:
        raise unusable("connect", exc) from exc
    try:
        connection.execute("PRAGMA busy_timeout = 10000")
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            raise unusable("wal", "WAL")
        migrate(connection)
        check = connection.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {check}")
        probe(connection)
    except sqlite3.OperationalError as exc:
        connection.close()
        if is_access_problem(exc):
            raise unusable("access", exc) from exc
        raise sqlite3.DatabaseError(str(exc)) from exc
    except BaseException:
        connection.close()
        raise
    return connection


def open_read_only(
    path: Path, probe: Callable[[sqlite3.Connection], None]
) -> sqlite3.Connection | None:
    """``path`` opened read-only as it is on disk (``mode=ro``, else ``immutable=1``) when
    ``probe`` can read it, else None."""
    if not path.is_file():
        return None
    for query in ("mode=ro", "immutable=1"):
        connection = None
        try:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?{query}",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
            probe(connection)
            return connection
        except sqlite3.Error:
            if connection is not None:
                connection.close()
    return None


def memory_db(migrate: Callable[[sqlite3.Connection], None]) -> sqlite3.Connection:
    """An empty database in memory, ``migrate``d (when nothing on disk can be used)."""
    connection = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    migrate(connection)
    return connection


def free_path(first: Path, numbered: Callable[[int], Path]) -> Path:
    """``first``, else ``numbered(1)``, ``numbered(2)``, …: the first of these names nothing
    uses (a dangling symlink counts as used: what it names is not ours to replace)."""
    target, number = first, 1
    while target.is_symlink() or target.exists():
        target = numbered(number)
        number += 1
    return target
