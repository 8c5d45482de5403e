"""Chinese words: jieba, set up once with the domain dictionary, and its segmentation.

jieba is initialised lazily, once, under a lock (:func:`ensure_ready`); its INFO chatter is
silenced; its dictionary cache (``jieba.cache``) lives in FAQDesk's user cache folder, not in
the shared temporary folder any local user can write to. From the second start on, jieba's
word counts are read from a word table in the same folder (:mod:`faqdesk.core.search.wordtable`,
opened in milliseconds instead of the dict's 0.2-0.4 s); large indexing jobs load the dict.
:func:`segment` gives jieba's own words (dictionary only, no HMM), faster; :func:`han_subwords`
its search-mode sub-words (追踪 inside 追踪号).
"""

from __future__ import annotations

import hashlib
import importlib.resources
import logging
import marshal
import os
import re
import stat
import sys
import tempfile
import threading
from functools import lru_cache
from math import log
from pathlib import Path
from typing import Any

from faqdesk.core import paths
from faqdesk.core.log import get_logger
from faqdesk.core.search.wordtable import WordTable, encode_table, read_table
from faqdesk.core.storage import write_atomically

_jieba_lock = threading.Lock()
_jieba_tokenizer: Any = None
#: The word table last encoded in this process: its dict, its version and its bytes (written
#: again as they are when another cache folder wants it, as each test's does).
_encoded: tuple[Any, str, bytes] | None = None
#: The word table file this process read (None: none).
_table_read_from: Path | None = None


def _userdict_bytes() -> bytes:
    return (importlib.resources.files("faqdesk.core.search.data") / "userdict.txt").read_bytes()


@lru_cache(maxsize=1)
def dictionary_version() -> str:
    """A short hash of the jieba version and the domain dictionary (part of the index stamp)."""
    jieba = _import_jieba()
    digest = hashlib.sha256(_userdict_bytes()).hexdigest()[:16]
    return f"jieba-{jieba.__version__}-{digest}"


#: The word table's file name in the user cache folder (:mod:`faqdesk.core.search.wordtable`).
WORD_TABLE_NAME = "jieba-words.table"
#: jieba's own cache of its dictionary, which jieba makes on the first start (~1.3 s).
JIEBA_CACHE_NAME = "jieba.cache"
#: Indexing this many documents loads jieba's dict (the knowledge base does at the document it
#: makes with this number, the index build before it starts): segmenting with the table costs
#: about 1 ms more per article than with the dict, which takes ~0.3 s to load.
FULL_DICTIONARY_FROM = 200


def ensure_ready() -> Any:
    """Set jieba up once (thread-safe) and return the tokenizer.

    Its word counts (``tokenizer.FREQ``) are the word table when a usable one is there
    (opened in ~10 ms: the bundle's, else the user cache folder's), else jieba's dict
    (0.2-0.4 s from jieba's cache; a second or more the first time, when jieba makes its
    cache). Both give the same words; :func:`ensure_full_dictionary` loads the dict for large
    indexing jobs, :func:`save_word_table` writes the table for the next start.
    """
    global _jieba_tokenizer
    if _jieba_tokenizer is not None:
        return _jieba_tokenizer
    with _jieba_lock:
        if _jieba_tokenizer is None:
            jieba = _import_jieba()
            jieba.setLogLevel(logging.WARNING)
            logging.getLogger("jieba").setLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.tmp_dir = _cache_folder()
            table = _open_word_table(jieba)
            if table is not None:
                tokenizer.FREQ, tokenizer.total = table, table.total
                tokenizer.initialized = True
            else:
                load_dictionary(tokenizer)
            _jieba_tokenizer = tokenizer
    return _jieba_tokenizer


def ensure_full_dictionary() -> Any:
    """:func:`ensure_ready`, with jieba's dict loaded in place of the word table (for
    indexing many documents: its look-ups are ~50 times faster). Returns the tokenizer."""
    tokenizer = ensure_ready()
    if isinstance(tokenizer.FREQ, WordTable):
        with _jieba_lock:
            if isinstance(tokenizer.FREQ, WordTable):
                jieba = _import_jieba()
                full = jieba.Tokenizer()
                full.tmp_dir = tokenizer.tmp_dir
                load_dictionary(full)
                tokenizer.FREQ, tokenizer.total = full.FREQ, full.total
    return tokenizer


def dictionary_for(documents: int) -> Any:
    """The tokenizer set up for indexing ``documents`` documents (see
    :data:`FULL_DICTIONARY_FROM`)."""
    if documents >= FULL_DICTIONARY_FROM:
        return ensure_full_dictionary()
    return ensure_ready()


def save_word_table() -> Path | None:
    """Write the word table to the user cache folder when no usable one is there (the first
    start, a new jieba or domain dictionary, a damaged file); loads jieba's dict to make it
    (once). Returns the file written, None when there was nothing to do or it could not be
    written (logged). Takes 1-2 s: run it in the background."""
    ensure_ready()
    jieba = _import_jieba()
    read_now = {paths.user_cache_dir() / WORD_TABLE_NAME, _bundled_table(jieba)} - {None}
    if _table_read_from in read_now or _open_word_table(jieba):
        return None  # there is one: this start read it (not again), or it is usable
    global _encoded
    tokenizer = ensure_full_dictionary()
    path = Path(_cache_folder()) / WORD_TABLE_NAME
    freq, version = tokenizer.FREQ, dictionary_version()
    if _encoded is None or _encoded[0] is not freq or _encoded[1] != version:
        _encoded = (freq, version, encode_table(freq, tokenizer.total, version))
    try:
        write_atomically(path, _encoded[2], durable=False)  # a cache: a damaged one is remade
    except OSError as exc:
        get_logger("search").warning("cannot write %s: %s", path, exc)
        return None
    return path


def _open_word_table(jieba: Any) -> WordTable | None:
    """The bundle's word table (named by its run-time hook), else the user cache folder's."""
    global _table_read_from
    version = dictionary_version()
    bundled = _bundled_table(jieba)
    if bundled is not None:
        table = read_table(bundled, version, installed=True)
        if table is not None:
            _table_read_from = bundled
            return table
    path = paths.user_cache_dir() / WORD_TABLE_NAME
    table = read_table(path, version)
    if table is not None:
        _table_read_from = path
    return table


def _bundled_table(jieba: Any) -> Path | None:
    """The word table the bundle's run-time hook names (None: not the bundle)."""
    bundled = getattr(jieba, "faqdesk_word_table", None)
    return Path(bundled) if isinstance(bundled, str) else None


def load_dictionary(tokenizer: Any) -> None:
    """Load jieba's dict of its main dictionary (its cache, else ``dict.txt``) and the domain
    words (``userdict.txt``) into ``tokenizer``."""
    jieba = _import_jieba()
    if not _load_cached_dictionary(tokenizer, jieba.DEFAULT_DICT):
        tokenizer.initialize()  # builds jieba's cache the first time
    for line in _userdict_bytes().decode("utf-8").splitlines():
        parts = line.split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        tokenizer.add_word(parts[0], freq, tag)


def _cache_folder() -> str:
    """FAQDesk's user cache folder, created if needed, where jieba keeps its cache. When it
    cannot be created, jieba builds its dictionary each time and fails to write its cache
    (logged), rather than writing to the shared temporary folder."""
    folder = paths.user_cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        get_logger("search").warning("cannot create %s: %s", folder, exc)
    return str(folder)


def _import_jieba() -> Any:
    """``import jieba`` without ``pkg_resources`` (about 0.1 s, a third of jieba's import):
    jieba only uses it to open its own data files, and opens them by path without it."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import fails: the fallback
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


#: jieba's prefix dictionary cache is about 9 MB; anything much larger is not it.
_CACHE_LIMIT = 64 * 1024 * 1024


def _load_cached_dictionary(tokenizer: Any, default_dict: Any) -> bool:
    """Load jieba's own cache of its default dictionary (``jieba.cache`` in ``tmp_dir``,
    FAQDesk's cache folder, written by ``initialize()`` the first time) in one read:
    ``initialize()`` unmarshals it from the open file, about three times slower (0.9 s of
    1.2 s at start-up). Only a regular file of this user's is read; otherwise (or when it is
    unreadable) False, and jieba's own ``initialize()`` runs."""
    if tokenizer.dictionary != default_dict or tokenizer.cache_file:
        return False
    path = Path(tokenizer.tmp_dir or tempfile.gettempdir()) / JIEBA_CACHE_NAME
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _CACHE_LIMIT:
            return False
        owner = getattr(os, "getuid", None)  # POSIX only; Windows has no other users' /tmp
        if owner is not None and info.st_uid != owner():
            return False  # planted by another user of a shared temporary folder
        with open(path, "rb") as cache:
            freq, total = marshal.loads(cache.read())
    except (OSError, ValueError, EOFError, TypeError):
        return False
    if not isinstance(freq, dict) or not freq or not isinstance(total, int):
        return False
    tokenizer.FREQ, tokenizer.total = freq, total
    tokenizer.initialized = True
    return True


def is_known_han_word(word: str) -> bool:
    """True when ``word`` is in jieba's (or the domain) dictionary."""
    tokenizer = ensure_ready()
    return bool(tokenizer.FREQ.get(word))


def _after_fork_in_child() -> None:
    """Index workers are forked, perhaps while another thread of the app sets jieba up; the
    child has only the forking thread, so it starts with a fresh lock."""
    global _jieba_lock
    _jieba_lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


# jieba's own Han class, not faqdesk.core.scripts': the characters jieba segments with its
# dictionary (``jieba.re_han_default`` without the Latin letters, digits and symbols it accepts).
_JIEBA_HAN = re.compile("[\u4e00-\u9fd5]+")


def segment(tokenizer: Any, run: str) -> tuple[str, ...]:
    """``tokenizer.cut(run, HMM=False)`` for a run of Chinese characters, in one pass.

    jieba builds a dict of candidate word ends, then picks the most probable route with
    a generator of tuples per character; this does the same arithmetic in one loop, which
    makes segmenting about twice as fast. The words are the same
    (``tests/core/search/test_analysis.py`` compares it with jieba on every run of the content and
    on random text).
    """
    if not _JIEBA_HAN.fullmatch(run):
        return tuple(tokenizer.cut(run, HMM=False))
    freq = tokenizer.FREQ
    logtotal = log(tokenizer.total)
    n = len(run)
    score = [0.0] * (n + 1)
    end = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        # candidates: dictionary words run[k : i + 1], i increasing; the best (score, i)
        # wins, the longer word on a tie (as ``max`` over (score, i) tuples does)
        best = 0.0
        best_i = -1
        i = k
        frag = run[k]
        while i < n and frag in freq:
            count = freq[frag]
            if count:
                value = log(count) - logtotal + score[i + 1]
                if best_i < 0 or value >= best:
                    best = value
                    best_i = i
            i += 1
            frag = run[k : i + 1]
        if best_i < 0:  # no word starts here: the character alone
            best = log(freq.get(run[k]) or 1) - logtotal + score[k + 1]
            best_i = k
        score[k] = best
        end[k] = best_i + 1
    words: list[str] = []
    x = 0
    while x < n:
        y = end[x]
        words.append(run[x:y])
        x = y
    return tuple(words)


#: Chinese runs up to this long are cached: short runs (包裹, 客服) repeat a lot, long ones
#: (whole clauses) hardly ever, and caching those costs memory for nothing.
SHORT_RUN = 8


@lru_cache(maxsize=20_000)
def _short_han_words(run: str) -> tuple[str, ...]:
    return segment(ensure_ready(), run)


def han_words(run: str) -> tuple[str, ...]:
    """jieba's words of one Chinese run."""
    if len(run) <= SHORT_RUN:
        return _short_han_words(run)
    return segment(ensure_ready(), run)


def han_subwords(word: str) -> list[tuple[int, str]]:
    """jieba search-mode sub-words of ``word`` with their offsets inside it."""
    if len(word) <= 2:
        return []
    freq = ensure_ready().FREQ
    subs: list[tuple[int, str]] = []
    for i in range(len(word) - 1):
        gram = word[i : i + 2]
        if freq.get(gram):
            subs.append((i, gram))
    if len(word) > 3:
        for i in range(len(word) - 2):
            gram = word[i : i + 3]
            if freq.get(gram):
                subs.append((i, gram))
    return subs
