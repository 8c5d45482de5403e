"""What sync remembers between runs, in its own ``sync.sqlite3`` in the user data folder.

- ``config``: the account (URL, user, collection paths; never the password), the automatic
  sync interval, the summary of the last run.
- ``items``: for each synced thing (a contact, a case) its path on the server, the ETag the
  server gave it and the stamp of the local copy at that moment. Comparing the stamp with the
  local thing now tells what changed here; a row whose local thing is gone is a **tombstone**:
  the deletion still to be sent. So the offline queue is never lost: it is the difference
  between the local data and these rows, and it survives a crash at any point.
- ``tokens``: the server's sync token of each collection (what we have seen of it).
- ``conflicts``: every conflict met, for the report and ``faqdesk sync status``.

The contacts database itself is not touched by this file.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from faqdesk.core import paths
from faqdesk.core.contacts.database import move_aside
from faqdesk.core.sync.account import Account
from faqdesk.core.text import Phrase

STATE_NAME = "sync.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    collection TEXT NOT NULL, local_id TEXT NOT NULL, href TEXT NOT NULL,
    etag TEXT NOT NULL, stamp TEXT NOT NULL, uid TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (collection, local_id));
CREATE INDEX IF NOT EXISTS items_href ON items (collection, href);
CREATE TABLE IF NOT EXISTS tokens (collection TEXT PRIMARY KEY, token TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS conflicts (
    at TEXT NOT NULL, collection TEXT NOT NULL, local_id TEXT NOT NULL,
    copy_id TEXT NOT NULL, what TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Item:
    """A thing as last synced: its path on the server, the server's ETag, the local stamp."""

    href: str
    etag: str
    stamp: str
    uid: str = ""


#: What a fresh state keeps from a damaged one, when it can still be read: the account and
#: the desk's own id (never the synced items or tokens: the next sync compares afresh).
_KEPT_ON_DAMAGE = ("url", "user", "addressbook", "calendar", "allow_http", "interval_minutes",
                   "desk_id")  # fmt: skip
#: SQLite's "database disk image is malformed" and "file is not a database".
_DAMAGED_CODES = (11, 26)
#: Config key naming the damaged state file kept aside, until a sync completes.
DAMAGED_KEY = "damaged_copy"


class SyncStateError(Exception):
    """The state file cannot be opened or written."""


class _Damaged(Exception):
    pass


class SyncState:
    """The sync state file of one data folder. A damaged file is kept aside (renamed, never
    deleted) and a fresh one started, keeping the account when it can still be read;
    :attr:`damaged_copy` then names the file kept, until the next complete sync."""

    def __init__(self, data_dir: Path | None = None, now: datetime | None = None) -> None:
        folder = data_dir if data_dir is not None else paths.user_data_dir()
        self.path = folder / STATE_NAME
        self._lock = threading.Lock()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._connect()
            except _Damaged:
                self._db = self._start_afresh(now)
        except (OSError, sqlite3.Error) as exc:
            raise SyncStateError(f"{self.path}: {exc}") from exc

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            checked = db.execute("PRAGMA quick_check").fetchone()
            if not checked or checked[0] != "ok":
                raise _Damaged(str(checked))
        except sqlite3.DatabaseError as exc:
            db.close()
            if getattr(exc, "sqlite_errorcode", None) in _DAMAGED_CODES:
                raise _Damaged(str(exc)) from exc
            raise
        except _Damaged:
            db.close()
            raise
        return db

    def _start_afresh(self, now: datetime | None) -> sqlite3.Connection:
        kept = _readable_config(self.path)
        when = now or datetime.fromtimestamp(self.path.stat().st_mtime, UTC)
        aside = move_aside(self.path, when)
        db = self._connect()
        for key, value in kept.items():
            db.execute("INSERT OR REPLACE INTO config (key, value) VALUES (?, ?)", (key, value))
        db.execute(
            "INSERT OR REPLACE INTO config (key, value) VALUES (?, ?)", (DAMAGED_KEY, str(aside))
        )
        return db

    @property
    def damaged_copy(self) -> str:
        """The damaged state file kept aside when this one was started ("" when none)."""
        return self.get(DAMAGED_KEY)

    def damage_notice(self) -> Phrase | None:
        """What to tell the user about a damaged state file replaced (None: nothing)."""
        aside = self.damaged_copy
        if not aside:
            return None
        key = "sync.state.recovered" if self.account() else "sync.state.recovered_setup"
        return Phrase.of(key, path=aside)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> SyncState:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _run(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return list(self._db.execute(sql, params).fetchall())
            except sqlite3.Error as exc:
                raise SyncStateError(f"{self.path}: {exc}") from exc

    # --- config -----------------------------------------------------------------------------

    def get(self, key: str, default: str = "") -> str:
        rows = self._run("SELECT value FROM config WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else default

    def put(self, key: str, value: str) -> None:
        self._run(
            "INSERT INTO config (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def account(self) -> Account | None:
        """The configured account, or None before ``faqdesk sync setup``."""
        url, user = self.get("url"), self.get("user")
        if not url or not user:
            return None
        return Account(
            url,
            user,
            addressbook=self.get("addressbook"),
            calendar=self.get("calendar"),
            allow_http=self.get("allow_http") == "1",
        )

    def set_account(self, account: Account) -> None:
        """Store the account; when the server or a collection changed, forget what was synced
        with the old one (the next sync starts afresh; local data is kept as it is)."""
        old = self.account()
        for key, value in (
            ("url", account.url),
            ("user", account.user),
            ("addressbook", account.addressbook),
            ("calendar", account.calendar),
            ("allow_http", "1" if account.allow_http else "0"),
        ):
            self.put(key, value)
        if old is None or (old.url, old.user) != (account.url, account.user):
            self.reset("")
            return
        if old.addressbook != account.addressbook:
            self.reset("contacts")
        if old.calendar != account.calendar:
            self.reset("cases")

    def reset(self, collection: str) -> None:
        """Forget items and token of ``collection`` ("" for all)."""
        where, params = ("WHERE collection = ?", (collection,)) if collection else ("", ())
        self._run(f"DELETE FROM items {where}", params)
        self._run(f"DELETE FROM tokens {where}", params)
        self._run("DELETE FROM config WHERE key LIKE 'local_version:%'")

    @property
    def desk_id(self) -> str:
        """A random id of this desk (this data folder), made once: names what it creates on
        the server, so a retry after a crash finds its own earlier upload."""
        found = self.get("desk_id")
        if not found:
            found = uuid.uuid4().hex[:12]
            self.put("desk_id", found)
        return found

    @property
    def interval_minutes(self) -> int:
        """Automatic sync every N minutes while the window is open; 0: off (the default)."""
        try:
            return max(0, min(24 * 60, int(self.get("interval_minutes", "0"))))
        except ValueError:
            return 0

    @interval_minutes.setter
    def interval_minutes(self, value: int) -> None:
        self.put("interval_minutes", str(max(0, min(24 * 60, int(value)))))

    def last_run(self) -> dict[str, Any]:
        """The summary of the last sync (see :meth:`SyncReport.summary`), {} before any."""
        try:
            data = json.loads(self.get("last_run", "{}"))
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def set_last_run(self, summary: dict[str, Any]) -> None:
        self.put("last_run", json.dumps(summary, ensure_ascii=False, sort_keys=True))

    # --- items and tokens -------------------------------------------------------------------

    def items(self, collection: str) -> dict[str, Item]:
        rows = self._run(
            "SELECT local_id, href, etag, stamp, uid FROM items WHERE collection = ?",
            (collection,),
        )
        return {str(r[0]): Item(str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows}

    def remember(self, collection: str, local_id: str, item: Item) -> None:
        self._run(
            "INSERT INTO items (collection, local_id, href, etag, stamp, uid) "
            "VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(collection, local_id) DO UPDATE SET href = excluded.href, "
            "etag = excluded.etag, stamp = excluded.stamp, uid = excluded.uid",
            (collection, local_id, item.href, item.etag, item.stamp, item.uid),
        )

    def forget(self, collection: str, local_id: str) -> None:
        self._run("DELETE FROM items WHERE collection = ? AND local_id = ?", (collection, local_id))

    def token(self, collection: str) -> str:
        rows = self._run("SELECT token FROM tokens WHERE collection = ?", (collection,))
        return str(rows[0][0]) if rows else ""

    def set_token(self, collection: str, token: str) -> None:
        self._run(
            "INSERT INTO tokens (collection, token) VALUES (?, ?) "
            "ON CONFLICT(collection) DO UPDATE SET token = excluded.token",
            (collection, token),
        )

    def log_conflict(
        self, now: datetime, collection: str, local_id: str, copy_id: str, what: str
    ) -> None:
        self._run(
            "INSERT INTO conflicts (at, collection, local_id, copy_id, what) "
            "VALUES (?, ?, ?, ?, ?)",
            (now.isoformat(), collection, local_id, copy_id, what),
        )

    def conflicts(self, limit: int = 50) -> list[tuple[str, str, str, str, str]]:
        rows = self._run(
            "SELECT at, collection, local_id, copy_id, what FROM conflicts "
            "ORDER BY rowid DESC LIMIT ?",
            (limit,),
        )
        return [(str(a), str(b), str(c), str(d), str(e)) for a, b, c, d, e in rows]


def _readable_config(path: Path) -> dict[str, str]:
    """The account settings still readable in a damaged state file ({} when none)."""
    try:
        damaged = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return {}
    try:
        wanted = ",".join("?" * len(_KEPT_ON_DAMAGE))
        rows = damaged.execute(
            f"SELECT key, value FROM config WHERE key IN ({wanted})", _KEPT_ON_DAMAGE
        ).fetchall()
        return {str(key): str(value) for key, value in rows}
    except sqlite3.Error:
        return {}
    finally:
        damaged.close()
