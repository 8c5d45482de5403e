"""The user's bookmarks and recently read articles, kept in the user data folder.

Each list is a small JSON file (``bookmarks.json``, ``history.json``) written atomically: a
temporary file in the folder of the real file (a symlinked list is written through to its
target), with the old file's mode, flushed, then renamed over the old one.

Nothing the user had is lost or silently cut:

* A file that cannot be read (damaged, not JSON, a FIFO, a folder, huge) gives a problem and
  an empty list, never an exception.
* A file this version cannot keep as it is — an unknown ``format``, more articles than the
  limit, entries that are not an article and a language — gives a problem and the articles
  that could be read.
* Either way the file is moved aside (``<name>.damaged``, numbered if taken; the message names
  it) before the first save, so it is never overwritten.
* Fields of an entry (or of the file) this version does not know are written back unchanged.
* A full bookmark list refuses a new bookmark with a problem; only the recent-articles list
  lets its oldest entry go (that is what it is for).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from faqdesk.core.problems import Problem
from faqdesk.core.storage import free_path
from faqdesk.core.text import Phrase

BOOKMARKS_FILE = "bookmarks.json"
HISTORY_FILE = "history.json"
#: How many recent articles are kept (the oldest goes when a new one is read).
HISTORY_LIMIT = 20
#: How many bookmarks are kept (a larger file is kept aside as damaged; a new one is refused).
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

    def __init__(
        self, path: Path, limit: int, *, durable: bool = True, drop_oldest: bool = False
    ) -> None:
        self.path = Path(path)
        self.limit = limit
        self.durable = durable  # flushed to the disk before the rename (bookmarks)
        #: A new article beyond the limit pushes the oldest out (history) instead of being
        #: refused (bookmarks).
        self.drop_oldest = drop_oldest
        self.items: list[ArticleRef] = []
        #: Why the file could not be read or saved (None: all is well).
        self.problem: Problem | None = None
        self._damaged = False
        self._aside: Path | None = None  # the name announced for the damaged file
        self._extra: dict[ArticleRef, dict[str, Any]] = {}  # unknown fields of each entry
        self._extra_top: dict[str, Any] = {}  # unknown fields of the file

    # -- reading ------------------------------------------------------------------
    def load(self) -> list[ArticleRef]:
        """Read the file; a missing file is an empty list, a bad one too (with a problem)."""
        self.items, self._extra, self._extra_top = [], {}, {}
        self.problem = None
        self._damaged = False
        self._aside = None
        try:
            raw = _read_small(self.path)
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as error:
            return self._bad(str(error) or type(error).__name__)
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            return self._bad(str(error) or type(error).__name__)
        items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(data, dict) or not isinstance(items, list):
            return self._bad("no list of articles")
        self._extra_top = {k: v for k, v in data.items() if k not in ("format", "items")}
        reasons = self._read_items(items)
        version = data.get("format", _FORMAT)
        if type(version) is not int or version != _FORMAT:
            reasons.insert(
                0, Phrase.of("content.reading_list.why.format", format=str(version)[:40])
            )
        if reasons:
            self._keep_aside(reasons)
        return list(self.items)

    def _read_items(self, items: list[Any]) -> list[Phrase]:
        """Take the entries this version can keep; why the file cannot be kept as it is."""
        odd = beyond = 0
        kept: set[ArticleRef] = set()
        for item in items:
            ref = _ref(item)
            if ref is None:
                odd += 1
            elif ref in kept:  # the same article twice: once is all there is to keep,
                odd += _fields_of(item) != self._extra.get(ref, {})  # unless it says more
            elif len(self.items) >= self.limit:
                beyond += 1
            else:
                self.items.append(ref)
                kept.add(ref)
                extra = _fields_of(item)
                if extra:
                    self._extra[ref] = extra
        reasons: list[Phrase] = []
        if beyond:
            reasons.append(
                Phrase.of("content.reading_list.why.too_many", count=len(items), limit=self.limit)
            )
        if odd:
            reasons.append(Phrase.of("content.reading_list.why.odd", count=odd))
        return reasons

    def _bad(self, why: str) -> list[ArticleRef]:
        self._damaged = True
        self.problem = Problem.of(str(self.path), "content.reading_list.damaged", why=why)
        return []

    def _keep_aside(self, reasons: list[Phrase]) -> None:
        self._damaged = True
        self._aside = _free_aside_name(self.path)
        self.problem = Problem.of(
            str(self.path),
            "content.reading_list.kept_aside",
            why=functools.reduce(
                lambda rest, first: Phrase.of(
                    "content.reading_list.why.and", first=first, rest=rest
                ),
                reversed(reasons[:-1]),
                reasons[-1],
            ),
            count=len(self.items),
            aside=self._aside.name,  # next to the file the message names
        )

    # -- changing -----------------------------------------------------------------
    def __contains__(self, ref: object) -> bool:
        return ref in self.items

    def add(self, ref: ArticleRef) -> Problem | None:
        """Put ``ref`` first (once) and save; beyond the limit the oldest goes (history) or
        ``ref`` is refused with a problem (bookmarks)."""
        rest = [item for item in self.items if item != ref]
        if len(rest) >= self.limit and not self.drop_oldest:
            self.problem = Problem.of(str(self.path), "content.reading_list.full", limit=self.limit)
            return self.problem
        self.items = [ref, *rest][: self.limit]
        return self.save()

    def remove(self, ref: ArticleRef) -> Problem | None:
        """Take ``ref`` out (by id: any language) and save."""
        self.items = [item for item in self.items if item.article_id != ref.article_id]
        return self.save()

    def has(self, article_id: str) -> bool:
        return any(item.article_id == article_id for item in self.items)

    def save(self) -> Problem | None:
        """Write the list atomically; a problem (and the old file kept) when it cannot."""
        entries = [
            {**self._extra.get(item, {}), "id": item.article_id, "lang": item.lang}
            for item in self.items
        ]
        data = {**self._extra_top, "format": _FORMAT, "items": entries}
        try:
            text = json.dumps(data, ensure_ascii=False, indent=1)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            moved = None
            if self._damaged:
                moved = _move_aside(self.path)
                self._damaged = False
                if moved is not None and moved != self._aside:  # said where it really is
                    self.problem = Problem.of(
                        str(self.path), "content.reading_list.moved", aside=moved.name
                    )
            _write_atomically(self.path, text, durable=self.durable, mode_of=moved)
        except (OSError, RuntimeError, ValueError) as error:  # RuntimeError: a symlink loop
            self.problem = Problem.of(
                str(self.path), "content.reading_list.not_saved", why=str(error)
            )
            return self.problem
        return None


def bookmarks(data_dir: Path) -> ReadingList:
    return ReadingList(Path(data_dir) / BOOKMARKS_FILE, BOOKMARKS_LIMIT)


def history(data_dir: Path) -> ReadingList:
    # Written on every article opened: atomic, but not worth a disk flush on the UI thread.
    return ReadingList(
        Path(data_dir) / HISTORY_FILE, HISTORY_LIMIT, durable=False, drop_oldest=True
    )


def _ref(item: object) -> ArticleRef | None:
    if not isinstance(item, dict):
        return None
    article_id, lang = item.get("id"), item.get("lang")
    if not isinstance(article_id, str) or not isinstance(lang, str):
        return None
    if not article_id or len(article_id) > 200 or not lang or len(lang) > 10:
        return None
    if any(ord(char) < 32 for char in article_id + lang):
        return None
    return ArticleRef(article_id, lang)


def _fields_of(item: dict[str, Any]) -> dict[str, Any]:
    """The fields of an entry besides the article id and language (kept as they are)."""
    return {key: value for key, value in item.items() if key not in ("id", "lang")}


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


def _free_aside_name(path: Path) -> Path:
    """``<name>.damaged``, or ``<name>.damaged-N`` when that is taken."""
    return free_path(
        path.with_name(path.name + ".damaged"), lambda n: path.with_name(f"{path.name}.damaged-{n}")
    )


def _move_aside(path: Path) -> Path | None:
    """Keep a damaged file next to where it was, under a name nothing else uses (a symlink is
    moved as the link: its target stays untouched). Where it went; None when there was none."""
    if not (path.is_symlink() or path.exists()):
        return None
    target = _free_aside_name(path)
    os.replace(path, target)
    return target


def _write_atomically(path: Path, text: str, *, durable: bool, mode_of: Path | None = None) -> None:
    """Replace the file ``path`` names (through a symlink: its target) by ``text``, keeping
    the old file's mode (or that of ``mode_of``, the file it replaces; a new file: the usual
    mode the umask gives)."""
    if path.is_symlink():
        path = path.resolve(strict=True)  # a dangling link or a loop: an error, nothing written
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder")
    mode = _regular_mode(path)
    if mode is None and mode_of is not None:
        mode = _regular_mode(mode_of)
    fd, temporary = _new_temporary(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            handle.write(text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _regular_mode(path: Path) -> int | None:
    """The permission bits of a regular file (not followed through a symlink); else None."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else None


def _new_temporary(path: Path) -> tuple[int, Path]:
    """A new file next to ``path``, created with the mode the umask gives (as any new file)."""
    for _attempt in range(100):
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name next to {path}")
