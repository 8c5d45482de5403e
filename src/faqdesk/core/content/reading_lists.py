"""The user's bookmarks and recently read articles, kept in the user data folder.

Each list is a small JSON file (``bookmarks.json``, ``history.json``) written atomically: a
temporary file in the same folder, flushed, then renamed over the old one. A file that cannot
be read (damaged, not JSON, a FIFO, a folder, huge) gives a problem and an empty list, never an
exception; it is moved aside (``<name>.damaged``, numbered if taken) before the first save, so
nothing the user had is overwritten.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from faqdesk.core.problems import Problem

BOOKMARKS_FILE = "bookmarks.json"
HISTORY_FILE = "history.json"
#: How many recent articles are kept.
HISTORY_LIMIT = 20
#: How many bookmarks are kept (a larger file is refused as damaged).
BOOKMARKS_LIMIT = 500
MAX_FILE_BYTES = 1024 * 1024
_FORMAT = 1


@dataclass(frozen=True)
class ArticleRef:
    """One article in one language, as the user last read it."""

    article_id: str
    lang: str


class ReadingList:
    """An ordered list of articles (newest first) stored in one JSON file."""

    def __init__(self, path: Path, limit: int, *, durable: bool = True) -> None:
        self.path = Path(path)
        self.limit = limit
        self.durable = durable  # flushed to the disk before the rename (bookmarks)
        self.items: list[ArticleRef] = []
        #: Why the file could not be read (None: it was read, or there was none).
        self.problem: Problem | None = None
        self._damaged = False

    # -- reading ------------------------------------------------------------------
    def load(self) -> list[ArticleRef]:
        """Read the file; a missing file is an empty list, a bad one too (with a problem)."""
        self.items = []
        self.problem = None
        self._damaged = False
        try:
            raw = _read_small(self.path)
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as error:
            return self._bad(str(error) or type(error).__name__)
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            return self._bad(str(error))
        items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(items, list):
            return self._bad("no list of articles")
        for item in items:
            ref = _ref(item)
            if ref is not None and ref not in self.items:
                self.items.append(ref)
                if len(self.items) >= self.limit:
                    break
        return list(self.items)

    def _bad(self, why: str) -> list[ArticleRef]:
        self._damaged = True
        self.problem = Problem.of(str(self.path), "content.reading_list.damaged", why=why)
        return []

    # -- changing -----------------------------------------------------------------
    def __contains__(self, ref: object) -> bool:
        return ref in self.items

    def add(self, ref: ArticleRef) -> None:
        """Put ``ref`` first (once), drop the oldest beyond the limit, and save."""
        self.items = [ref, *(item for item in self.items if item != ref)][: self.limit]
        self.save()

    def remove(self, ref: ArticleRef) -> None:
        """Take ``ref`` out (by id: any language) and save."""
        self.items = [item for item in self.items if item.article_id != ref.article_id]
        self.save()

    def has(self, article_id: str) -> bool:
        return any(item.article_id == article_id for item in self.items)

    def save(self) -> Problem | None:
        """Write the list atomically; a problem (and the old file kept) when it cannot."""
        data = {
            "format": _FORMAT,
            "items": [{"id": item.article_id, "lang": item.lang} for item in self.items],
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self._damaged:
                _move_aside(self.path)
                self._damaged = False
            text = json.dumps(data, ensure_ascii=False, indent=1)
            _write_atomically(self.path, text, durable=self.durable)
        except OSError as error:
            self.problem = Problem.of(
                str(self.path), "content.reading_list.not_saved", why=str(error)
            )
            return self.problem
        return None


def bookmarks(data_dir: Path) -> ReadingList:
    return ReadingList(Path(data_dir) / BOOKMARKS_FILE, BOOKMARKS_LIMIT)


def history(data_dir: Path) -> ReadingList:
    # Written on every article opened: atomic, but not worth a disk flush on the UI thread.
    return ReadingList(Path(data_dir) / HISTORY_FILE, HISTORY_LIMIT, durable=False)


def _ref(item: object) -> ArticleRef | None:
    if not isinstance(item, dict):
        return None
    article_id, lang = item.get("id"), item.get("lang")
    if not isinstance(article_id, str) or not isinstance(lang, str):
        return None
    if not article_id or len(article_id) > 200 or len(lang) > 10:
        return None
    if any(ord(char) < 32 for char in article_id + lang):
        return None
    return ArticleRef(article_id, lang)


def _read_small(path: Path) -> bytes:
    """The bytes of a regular file of at most ``MAX_FILE_BYTES`` (never blocks on a FIFO)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise ValueError("too large")
        data = os.read(fd, MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise ValueError("too large")
    return data


def _move_aside(path: Path) -> None:
    """Keep a damaged file next to where it was, under a name nothing else uses."""
    if not (path.is_symlink() or path.exists()):
        return
    target = path.with_name(path.name + ".damaged")
    number = 1
    while target.is_symlink() or target.exists():
        target = path.with_name(f"{path.name}.damaged-{number}")
        number += 1
    os.replace(path, target)


def _write_atomically(path: Path, text: str, *, durable: bool) -> None:
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
