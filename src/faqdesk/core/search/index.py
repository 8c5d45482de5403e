"""The Whoosh index on disk: schema, version stamp, incremental updates, recovery.

The Markdown files are the source of truth; the index is a cache in the user cache folder.

- ``stamp.json`` inside the index folder records the schema, analyzer, dictionary and app
  versions and a manifest: per source file its size, mtime_ns and sha256, and per indexed
  document the file it came from. A different version means a full rebuild.
- On open, changed files are found by size and mtime, confirmed by their sha256; added,
  edited and deleted articles are updated incrementally under Whoosh's writer lock. When
  another process holds the lock, the last committed version is searched as it is.
- A full rebuild is written into a fresh sibling folder and swapped in, so a reader never
  sees a half-built index. Full builds use :mod:`faqdesk.core.search.indexbuild` (compact postings,
  forked workers for large content); incremental updates use Whoosh's own writer.
- An index that cannot be opened or read (truncated or garbage files) is moved aside to
  ``<index>.broken-<n>`` and rebuilt, with a log warning.
- ``vocabulary.json`` (the "did you mean" words) records each document's fingerprint and
  words. An incremental update replaces the changed and deleted documents' words; a missing,
  unreadable, malformed, truncated or stale one (other versions or documents than the stamp's) is
  rebuilt from the content on open, with a log warning. Both files are written atomically.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import shutil
import time
import uuid
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import Index, LockError

from faqdesk import __version__
from faqdesk.core.log import get_logger
from faqdesk.core.search import indexbuild
from faqdesk.core.search.analysis import (
    ANALYZER_VERSION,
    dictionary_version,
    ensure_ready,
    surface_words,
)

_log = get_logger("index")

T = TypeVar("T")

#: Bump when the fields change (forces a rebuild).
SCHEMA_VERSION = "6"
STAMP_FILE = "stamp.json"
#: Real words of the content with their document counts, for "did you mean".
VOCABULARY_FILE = "vocabulary.json"
INDEX_NAME = "MAIN"
#: The searched fields: ``title`` (boosted) and ``content`` (title, tags, summary and body:
#: one field keeps the number of posting lists per query word low, which is what costs).
TEXT_FIELDS: tuple[str, ...] = ("title", "content")
FIELD_BOOSTS: Mapping[str, float] = {"title": 2.5, "content": 1.0}


@dataclass(frozen=True)
class IndexDoc:
    """One article in one language, ready to index (plain text, no Markdown)."""

    key: str  # "<lang>:<id>"
    article_id: str
    lang: str
    title: str
    summary: str
    body_text: str
    tags: tuple[str, ...]
    category: str


def doc_key(article_id: str, lang: str) -> str:
    return f"{lang}:{article_id}"


#: Read the index with plain file reads instead of memory maps: mapped pages of a large index
#: count towards the process's memory (RSS) as searches touch them.
USE_MMAP = False


def open_index(path: Path) -> Index:
    """Open the committed index in ``path`` (raises on a missing or damaged index)."""
    return FileStorage(str(path), supports_mmap=USE_MMAP).open_index(INDEX_NAME)


def make_schema() -> Schema:
    from faqdesk.core.search.analysis import mixed_analyzer

    analyzer = mixed_analyzer()
    return Schema(
        key=ID(stored=True, unique=True),
        id=ID(stored=True, sortable=True),
        lang=ID(stored=True, sortable=True),
        category=ID(stored=True),
        tag=KEYWORD(lowercase=True, commas=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=FIELD_BOOSTS["title"]),
        content=TEXT(analyzer=analyzer, field_boost=FIELD_BOOSTS["content"]),
        text=STORED(),
    )


def versions() -> dict[str, str]:
    """What the index was built with; any difference means a full rebuild."""
    return {
        "schema": SCHEMA_VERSION,
        "analyzer": ANALYZER_VERSION,
        "dictionary": dictionary_version(),
        "app": __version__,
    }


def doc_content(doc: IndexDoc) -> str:
    """Everything searchable of a document, as one text (the "content" field)."""
    return f"{doc.title}\n{' '.join(doc.tags)}\n{doc.summary}\n{doc.body_text}"


def _whoosh_fields(doc: IndexDoc) -> dict[str, Any]:
    content = doc_content(doc)
    return {
        "key": doc.key,
        "id": doc.article_id,
        "lang": doc.lang,
        "category": doc.category,
        "tag": ",".join(t.replace(",", " ").strip() for t in doc.tags if t.strip()),
        "title": doc.title,
        "content": content,
        "text": f"{doc.summary}\n{doc.body_text}" if doc.summary else doc.body_text,
    }


def _write_atomically(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (or its chunks) to a temporary file beside ``path``, then rename it over
    ``path``: a reader sees the old file or the new one, never a half-written one."""
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as out:
            if isinstance(text, str):
                out.write(text)
            else:
                out.writelines(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


# --------------------------------------------------------------------------- vocabulary


class VocabularyError(ValueError):
    """The vocabulary file cannot be used (it is then rebuilt from the content)."""


class Vocabulary:
    """Surface words (Latin and Cyrillic, unstemmed) with the number of documents using them.

    The file (JSON Lines) records per document its fingerprint and its words, so that an
    incremental update replaces exactly the changed and deleted documents' words, and a
    vocabulary not made from the indexed documents (missing, unreadable, malformed,
    truncated, or made for other versions or files than the stamp's) is recognised and
    rebuilt from the content::

        {"format": 3, "versions": {...}, "docs": {key: fingerprint}, "counts": {word: n}}
        [key, fingerprint, "word word ..."]      (one line per document)
        {"end": number of documents}

    Searching needs the first line only; an update streams the document lines through,
    so the words of all documents are never held in memory at once.
    """

    FORMAT = 3

    def __init__(
        self,
        versions: Mapping[str, str] | None = None,
        fingerprints: Mapping[str, str] | None = None,
        counts: Mapping[str, int] | None = None,
    ) -> None:
        self.versions: dict[str, str] = dict(versions or {})
        self.fingerprints: dict[str, str] = dict(fingerprints or {})
        self.counts: dict[str, int] = dict(counts or {})
        self._by_first: dict[str, list[tuple[str, int]]] | None = None

    def add_words(self, key: str, fingerprint: str, words: str) -> None:
        counts = self.counts
        for word in words.split():
            counts[word] = counts.get(word, 0) + 1
        self.fingerprints[key] = fingerprint

    def describes(self, stamp: Stamp) -> bool:
        """Whether this vocabulary was made from exactly the documents of ``stamp``."""
        return self.versions == stamp.versions and self.fingerprints == stamp.docs

    def starting_with(self, first: str) -> list[tuple[str, int]]:
        if self._by_first is None:
            grouped: dict[str, list[tuple[str, int]]] = {}
            for word, count in self.counts.items():
                grouped.setdefault(word[0], []).append((word, count))
            self._by_first = grouped
        return self._by_first.get(first, [])

    @classmethod
    def load(cls, path: Path) -> tuple[Vocabulary | None, str]:
        """The vocabulary in ``path`` (its first line), or None and what is wrong with it."""
        try:
            with path.open("rb") as file:
                header = _parse_header(file.readline())
                _check_footer(file, len(header.fingerprints))
            return header, ""
        except FileNotFoundError:
            return None, "missing"
        except (OSError, ValueError) as exc:  # VocabularyError, JSON and UTF-8 errors
            return None, f"unusable ({type(exc).__name__}: {exc})"

    @classmethod
    def read(cls, path: Path) -> Vocabulary:
        """The vocabulary beside an index; empty (no suggestions) when unusable."""
        vocabulary, problem = cls.load(path)
        if vocabulary is None:
            _log.info("no spelling vocabulary at %s (%s)", path, problem)
            return cls()
        return vocabulary


def _parse_header(line: bytes) -> Vocabulary:
    data = json.loads(line.decode("utf-8")) if line.strip() else None
    if not isinstance(data, dict) or data.get("format") != Vocabulary.FORMAT:
        raise VocabularyError("malformed or of an old format")
    versions, docs, counts = data.get("versions"), data.get("docs"), data.get("counts")
    if not (isinstance(versions, dict) and isinstance(docs, dict) and isinstance(counts, dict)):
        raise VocabularyError("malformed")
    if not all(isinstance(n, int) and n > 0 and w for w, n in counts.items()):
        raise VocabularyError("malformed counts")
    return Vocabulary(
        {str(k): str(v) for k, v in versions.items()},
        {str(k): str(v) for k, v in docs.items()},
        counts,
    )


def _check_footer(file: Any, count: int) -> None:
    """Raise unless the file ends with the footer of ``count`` documents (not truncated)."""
    size = file.seek(0, os.SEEK_END)
    file.seek(max(0, size - 64))
    tail = file.read().rstrip(b"\n").rsplit(b"\n", 1)[-1]
    try:
        footer = json.loads(tail.decode("utf-8"))
    except ValueError:
        footer = None
    if not isinstance(footer, dict) or footer.get("end") != count:
        raise VocabularyError("truncated")


class VocabularyWriter:
    """Writes a vocabulary file: document lines go to a temporary file as they come, the
    complete file (header, lines, footer) is then renamed into place (atomic)."""

    def __init__(self, path: Path, base: Vocabulary | None = None) -> None:
        self.path = path
        self.vocabulary = Vocabulary(versions())
        if base is not None:
            self.vocabulary.fingerprints = dict(base.fingerprints)
            self.vocabulary.counts = dict(base.counts)
        self._lines = path.with_name(f"{path.name}.{uuid.uuid4().hex}.lines.tmp")
        self._out = self._lines.open("w+", encoding="utf-8")

    def add_words(self, key: str, fingerprint: str, words: str) -> None:
        """Add one document's words (sorted, space-separated, as :func:`doc_words` gives)."""
        self.vocabulary.add_words(key, fingerprint, words)
        self._out.write(json.dumps([key, fingerprint, words], ensure_ascii=False))
        self._out.write("\n")

    def merge_from(self, path: Path, replaced: Collection[str]) -> None:
        """Copy the document lines of the vocabulary file in ``path`` (whose header this
        writer started from), leaving out the documents in ``replaced`` and their words.
        Raises :class:`VocabularyError` (or OSError, ValueError) when the file's lines do not
        match its header."""
        vocabulary = self.vocabulary
        counts = vocabulary.counts
        expected = dict(vocabulary.fingerprints)
        decode = json.JSONDecoder().raw_decode
        with path.open(encoding="utf-8") as lines:
            next(lines, None)  # the header
            footer = ""
            for line in lines:
                if not line.startswith("["):
                    footer = line
                    break
                key, _ = decode(line, 1)
                if expected.pop(key, None) is None:
                    raise VocabularyError(f"a line for {key!r} not in the header")
                if key not in replaced:
                    self._out.write(line)
                    continue
                _, _, words = json.loads(line)
                for word in str(words).split():
                    left = counts.get(word, 0) - 1
                    if left < 0:
                        raise VocabularyError("counts do not match the documents")
                    if left:
                        counts[word] = left
                    else:
                        del counts[word]
                del vocabulary.fingerprints[key]
            if expected or next(lines, None) is not None or not footer.startswith('{"end"'):
                raise VocabularyError("document lines missing")

    def commit(self) -> Vocabulary:
        vocabulary = self.vocabulary
        header = {
            "format": Vocabulary.FORMAT,
            "versions": vocabulary.versions,
            "docs": vocabulary.fingerprints,
            "counts": vocabulary.counts,
        }

        def chunks() -> Iterator[str]:
            yield json.dumps(header, ensure_ascii=False, sort_keys=True) + "\n"
            self._out.seek(0)
            while chunk := self._out.read(1 << 16):
                yield chunk
            yield json.dumps({"end": len(vocabulary.fingerprints)}) + "\n"

        try:
            _write_atomically(self.path, chunks())
        finally:
            self.close()
        return vocabulary

    def close(self) -> None:
        self._out.close()
        with contextlib.suppress(OSError):
            self._lines.unlink()


# --------------------------------------------------------------------------- stamp


@dataclass
class Stamp:
    versions: dict[str, str]
    files: dict[str, dict[str, Any]]  # path -> {"size", "mtime_ns", "sha256"}
    docs: dict[str, str]  # doc key -> "path#sha256"

    def to_json(self) -> str:
        return json.dumps(
            {"versions": self.versions, "files": self.files, "docs": self.docs},
            ensure_ascii=False,
            indent=0,
            sort_keys=True,
        )

    @classmethod
    def read(cls, path: Path) -> Stamp | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                versions={str(k): str(v) for k, v in dict(data["versions"]).items()},
                files={str(k): dict(v) for k, v in dict(data["files"]).items()},
                docs={str(k): str(v) for k, v in dict(data["docs"]).items()},
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def write(self, path: Path) -> None:
        _write_atomically(path, self.to_json())


def file_states(
    paths: Iterable[str], previous: Mapping[str, Mapping[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Size, mtime_ns and sha256 of each file; the hash is reused when size and mtime match."""
    states: dict[str, dict[str, Any]] = {}
    for path in paths:
        if not path:
            continue
        try:
            st = os.stat(path)
        except OSError:
            continue
        old = previous.get(path)
        if old and old.get("size") == st.st_size and old.get("mtime_ns") == st.st_mtime_ns:
            states[path] = dict(old)
            continue
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            continue
        states[path] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": digest}
    return states


def _fingerprint(path: str, files: Mapping[str, Mapping[str, Any]]) -> str:
    if path and path in files:
        return f"{path}#{files[path]['sha256']}"
    return f"{path}#unreadable"


# --------------------------------------------------------------------------- the index


@dataclass
class SyncReport:
    """What opening the index did (for logs, the CLI and tests)."""

    rebuilt: bool = False
    reason: str = ""
    added: int = 0
    updated: int = 0
    deleted: int = 0
    locked: bool = False  # another writer held the lock: the committed version is used
    moved_aside: Path | None = None
    seconds: float = 0.0
    #: why the spelling vocabulary was rebuilt from the content ("" when it was usable)
    vocabulary_rebuilt: str = ""


class IndexFolder:
    """The index folder: open, validate, update or rebuild it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        #: the spelling vocabulary of the opened index (set by :meth:`sync`)
        self.vocabulary: Vocabulary | None = None

    @property
    def stamp_path(self) -> Path:
        return self.path / STAMP_FILE

    @property
    def vocabulary_path(self) -> Path:
        return self.path / VOCABULARY_FILE

    # ---------------------------------------------------------------- opening

    def _try_open(self) -> tuple[Index | None, str]:
        """The index, or None and what is wrong with it."""
        # Whoosh leaves file handles open when it fails on damaged files; they are closed
        # when the exception is dropped. Their ResourceWarnings are about files we discard.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                return self._open_valid(), ""
            except Exception as exc:  # whoosh raises many kinds on damaged files
                damage = f"{type(exc).__name__}: {exc}"
            gc.collect()
        return None, damage

    def _open_valid(self) -> Index:
        """Open and read enough of the index to trust it; raises on any damage."""
        ix = open_index(self.path)
        try:
            with ix.searcher() as searcher:
                reader = searcher.reader()
                count = reader.doc_count_all()
                if count:
                    for docnum in {0, count // 2, count - 1}:
                        if reader.has_deletions() and reader.is_deleted(docnum):
                            continue
                        reader.stored_fields(docnum)
                    for fieldname in (*TEXT_FIELDS, "key"):
                        for _ in zip(range(3), reader.lexicon(fieldname), strict=False):
                            pass
                        if reader.field_length(fieldname) < 0:
                            raise ValueError("negative field length")
                    # read the postings of a few real terms
                    for term in zip(range(3), reader.lexicon("content"), strict=False):
                        list(reader.postings("content", term[1]).all_ids())
        except BaseException:
            ix.close()
            raise
        return ix

    def sync(
        self,
        sources: Mapping[str, str],
        make_doc: Callable[[str], IndexDoc],
        *,
        rebuild: bool = False,
        procs: int | None = None,
    ) -> tuple[Index, SyncReport]:
        """Bring the index up to date and return it, opened.

        ``sources`` maps each wanted document key to its source file; ``make_doc(key)`` builds
        the document (called only for documents that need indexing).
        """
        started = time.perf_counter()
        report = SyncReport()
        ensure_ready()
        wanted_versions = versions()
        stamp = None if rebuild else Stamp.read(self.stamp_path)
        ix: Index | None = None
        if rebuild:
            report.reason = "rebuild requested"
        elif not self.path.exists() or not any(self.path.iterdir()):
            report.reason = "no index yet"
        elif stamp is None:
            report.reason = "missing or unreadable stamp"
        elif stamp.versions != wanted_versions:
            report.reason = "versions changed"
        else:
            ix, damage = self._try_open()
            if ix is None:
                report.reason = f"damaged index ({damage})"
                report.moved_aside = self._move_aside()
                _log.warning(
                    "search index at %s is unreadable (%s); moved aside to %s, rebuilding",
                    self.path,
                    damage,
                    report.moved_aside,
                )
                stamp = None
        if ix is None or stamp is None:
            if report.reason and report.moved_aside is None:
                _log.info("building the search index at %s (%s)", self.path, report.reason)
            ix = self._rebuild(sources, make_doc, procs=procs)
            report.rebuilt = True
            report.added = len(sources)
        else:
            ix = self._update(ix, stamp, sources, make_doc, report)
        report.seconds = time.perf_counter() - started
        return ix, report

    # ---------------------------------------------------------------- incremental

    def _update(
        self,
        ix: Index,
        stamp: Stamp,
        sources: Mapping[str, str],
        make_doc: Callable[[str], IndexDoc],
        report: SyncReport,
    ) -> Index:
        files = file_states(sources.values(), stamp.files)
        fingerprints = {key: _fingerprint(path, files) for key, path in sources.items()}
        changed = [key for key, fp in fingerprints.items() if stamp.docs.get(key) != fp]
        deleted = [key for key in stamp.docs if key not in sources]
        if not changed and not deleted:
            if files != stamp.files:  # e.g. touched but identical: remember the new mtimes
                stamp.files = files
                self._write_stamp_quietly(stamp)
            self._check_vocabulary(stamp, sources, make_doc, report, write=True)
            return ix
        try:
            writer = ix.writer(codec=posting_codec())
        except LockError:
            report.locked = True
            _log.info("search index is being updated by another process; using the last version")
            # the committed index is searched: its vocabulary, never written from here
            self._check_vocabulary(stamp, sources, make_doc, report, write=False)
            return ix
        # read under the writer lock: no other process updates it meanwhile
        vocabulary = self._usable_vocabulary(stamp, report)
        made: dict[str, IndexDoc] = {}
        try:
            for key in deleted:
                writer.delete_by_term("key", key)
            for key in changed:
                doc = made[key] = make_doc(key)
                writer.update_document(**_whoosh_fields(doc))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        report.added = sum(1 for k in changed if k not in stamp.docs)
        report.updated = len(changed) - report.added
        report.deleted = len(deleted)
        merged = None
        if vocabulary is not None:  # merge: replace the changed and deleted documents' words
            merged = self._merge_vocabulary(vocabulary, deleted, made, fingerprints, report)
        if merged is None:
            merged = self._build_vocabulary(fingerprints, sources, make_doc, made, write=True)
        self.vocabulary = merged
        self._write_stamp_quietly(Stamp(versions(), files, fingerprints))
        ix.close()
        return open_index(self.path)

    # ---------------------------------------------------------------- vocabulary

    def _usable_vocabulary(self, stamp: Stamp, report: SyncReport) -> Vocabulary | None:
        """The saved vocabulary if it describes exactly the documents of ``stamp``."""
        vocabulary, problem = Vocabulary.load(self.vocabulary_path)
        if vocabulary is not None and not vocabulary.describes(stamp):
            vocabulary, problem = None, "stale: made from other documents or versions"
        if vocabulary is None:
            self._vocabulary_unusable(problem, report)
        return vocabulary

    def _vocabulary_unusable(self, problem: str, report: SyncReport) -> None:
        report.vocabulary_rebuilt = problem
        _log.warning(
            "spelling vocabulary at %s is %s; rebuilding it from the content",
            self.vocabulary_path,
            problem,
        )

    def _merge_vocabulary(
        self,
        vocabulary: Vocabulary,
        deleted: Iterable[str],
        made: Mapping[str, IndexDoc],
        fingerprints: Mapping[str, str],
        report: SyncReport,
    ) -> Vocabulary | None:
        """The saved vocabulary with the changed and deleted documents' words replaced,
        written; None when the file turns out unusable (or cannot be written)."""
        deleted = list(deleted)
        try:
            writer = VocabularyWriter(self.vocabulary_path, vocabulary)
        except OSError as exc:
            _log.warning("cannot write the spelling vocabulary %s: %s", self.vocabulary_path, exc)
            return None
        try:
            writer.merge_from(self.vocabulary_path, {*deleted, *made})
            for key, doc in made.items():
                writer.add_words(key, fingerprints[key], doc_words(doc))
            return writer.commit()
        except (OSError, ValueError) as exc:
            writer.close()
            if isinstance(exc, OSError):
                _log.warning("cannot update the spelling vocabulary: %s", exc)
            else:
                self._vocabulary_unusable(f"unusable ({type(exc).__name__}: {exc})", report)
            return None

    def _check_vocabulary(
        self,
        stamp: Stamp,
        sources: Mapping[str, str],
        make_doc: Callable[[str], IndexDoc],
        report: SyncReport,
        *,
        write: bool,
    ) -> None:
        """Load the vocabulary of an up-to-date index; rebuild it when unusable."""
        vocabulary = self._usable_vocabulary(stamp, report)
        if vocabulary is None:
            fingerprints = {key: fp for key, fp in stamp.docs.items() if key in sources}
            vocabulary = self._build_vocabulary(fingerprints, sources, make_doc, {}, write=write)
        self.vocabulary = vocabulary

    def _build_vocabulary(
        self,
        fingerprints: Mapping[str, str],
        sources: Mapping[str, str],
        make_doc: Callable[[str], IndexDoc],
        made: Mapping[str, IndexDoc],
        *,
        write: bool,
    ) -> Vocabulary:
        """The vocabulary of the documents in ``fingerprints``, from the content; written
        beside the index when ``write`` (kept in memory only when that fails)."""
        if write:
            try:
                writer = VocabularyWriter(self.vocabulary_path)
                try:
                    for key, fingerprint in fingerprints.items():
                        if key in sources:
                            doc = made.get(key) or make_doc(key)
                            writer.add_words(key, fingerprint, doc_words(doc))
                    return writer.commit()
                finally:
                    writer.close()
            except OSError as exc:
                _log.warning(
                    "cannot write the spelling vocabulary %s: %s", self.vocabulary_path, exc
                )
        vocabulary = Vocabulary(versions())
        for key, fingerprint in fingerprints.items():
            if key in sources:
                vocabulary.add_words(key, fingerprint, doc_words(made.get(key) or make_doc(key)))
        return vocabulary

    def _write_stamp_quietly(self, stamp: Stamp) -> None:
        try:
            stamp.write(self.stamp_path)
        except OSError as exc:
            _log.warning("cannot write the index stamp %s: %s", self.stamp_path, exc)

    # ---------------------------------------------------------------- full build

    def _rebuild(
        self,
        sources: Mapping[str, str],
        make_doc: Callable[[str], IndexDoc],
        *,
        procs: int | None,
    ) -> Index:
        parent = self.path.parent
        parent.mkdir(parents=True, exist_ok=True)
        fresh = parent / f"{self.path.name}.new-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        fresh.mkdir()
        try:
            files = file_states(sources.values(), {})
            fingerprints = {k: _fingerprint(p, files) for k, p in sources.items()}
            keys = list(sources)
            weights = [files.get(sources[key], {}).get("size", 1) for key in keys]
            ix, words = build_documents(
                fresh, keys, make_doc, summarize=doc_words, weights=weights, procs=procs
            )
            ix.close()
            vocabulary = VocabularyWriter(fresh / VOCABULARY_FILE)
            try:
                for key, doc_word_string in zip(keys, words, strict=True):
                    vocabulary.add_words(key, fingerprints[key], doc_word_string)
                self.vocabulary = vocabulary.commit()
            finally:
                vocabulary.close()
            Stamp(versions(), files, fingerprints).write(fresh / STAMP_FILE)
            self._swap_in(fresh)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        return open_index(self.path)

    def _swap_in(self, fresh: Path) -> None:
        old: Path | None = None
        try:
            if self.path.exists():
                old = self.path.with_name(f"{self.path.name}.old-{uuid.uuid4().hex[:8]}")
                os.replace(self.path, old)
            os.replace(fresh, self.path)
        except OSError:
            if not self.path.is_dir():
                raise
            # another process swapped in its fresh build at the same moment: use that one
            _log.info("another process installed a fresh index at %s; using it", self.path)
            shutil.rmtree(fresh, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def _move_aside(self) -> Path | None:
        # numbered, not time-stamped: the core reads no clock (the folder's mtime tells when)
        n = 1
        target = self.path.with_name(f"{self.path.name}.broken-{n}")
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.broken-{n}")
        try:
            os.replace(self.path, target)
        except OSError as exc:
            _log.warning("cannot move the damaged index aside (%s); deleting it", exc)
            shutil.rmtree(self.path, ignore_errors=True)
            return None
        return target


def posting_codec() -> Any:
    """Whoosh's codec with bigger, uncompressed posting blocks: a search decodes a common
    word's postings several times faster (pickle + zlib per 128 postings dominate otherwise),
    for a somewhat larger index."""
    from whoosh.codec.whoosh3 import W3Codec

    return W3Codec(blocklimit=1024, compression=0)


def doc_words(doc: IndexDoc) -> str:
    """The vocabulary words of one document, sorted, separated by spaces (one string is
    much smaller than a list of words when an index worker sends them back)."""
    return " ".join(sorted(surface_words(doc_content(doc))))


def build_documents(
    folder: Path,
    keys: Sequence[str],
    make_doc: Callable[[str], IndexDoc],
    *,
    summarize: Callable[[IndexDoc], T] | None = None,
    weights: Sequence[int] | None = None,
    procs: int | None = None,
) -> tuple[Index, list[T]]:
    """Write a fresh index of the documents ``make_doc(key)`` into ``folder`` (empty); see
    :func:`faqdesk.core.search.indexbuild.build_index`."""
    return indexbuild.build_index(
        folder,
        make_schema(),
        INDEX_NAME,
        posting_codec(),
        keys,
        make_doc,
        _whoosh_fields,
        summarize=summarize,
        weights=weights,
        procs=procs,
    )


def build_index(folder: Path, docs: Sequence[IndexDoc], *, procs: int | None = None) -> Index:
    """Write a fresh index of ``docs`` into ``folder`` (empty)."""
    by_key = {doc.key: doc for doc in docs}
    return build_documents(folder, list(by_key), by_key.__getitem__, procs=procs)[0]
