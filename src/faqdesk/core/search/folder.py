"""The index folder on disk: version stamp, incremental updates, full rebuilds, recovery.

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
- Damage a search finds later (postings, terms or stored text the open's checks did not
  read) is said to the user, and the stamp is removed so that the next open rebuilds the
  index (:func:`search_failure`).
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import struct
import time
import uuid
import warnings
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.index import Index, LockError

from faqdesk.core import text
from faqdesk.core.log import get_logger
from faqdesk.core.problems import Problem
from faqdesk.core.search.analysis import ensure_ready
from faqdesk.core.search.codec import DamagedPostings
from faqdesk.core.search.index import (
    STAMP_FILE,
    TEXT_FIELDS,
    VOCABULARY_FILE,
    IndexDoc,
    build_documents,
    open_index,
    posting_codec,
    versions,
    whoosh_fields,
)
from faqdesk.core.search.stamp import Stamp, file_states, fingerprint
from faqdesk.core.search.vocabulary import Vocabulary, VocabularyWriter, doc_words
from faqdesk.core.storage import free_path

_log = get_logger("index")


@dataclass
class SyncReport:
    """What opening the index did (for logs, the CLI and tests)."""

    rebuilt: bool = False
    #: why the index was built: a catalog key ("" when it was not) and its parameters
    cause: str = ""
    cause_params: dict[str, str] = field(default_factory=dict)
    added: int = 0
    updated: int = 0
    deleted: int = 0
    locked: bool = False  # another writer held the lock: the committed version is used
    moved_aside: Path | None = None
    seconds: float = 0.0
    #: why the spelling vocabulary was rebuilt from the content ("" when it was usable)
    vocabulary_rebuilt: str = ""
    #: a requested rebuild could not replace the index folder (e.g. it is read-only): why;
    #: the existing index was kept (and updated where it could be)
    kept: str = ""

    def reason_in(self, lang: str) -> str:
        """Why the index was built, in ``lang`` ("" when it was not)."""
        return text.render(self.cause, lang, **self.cause_params) if self.cause else ""

    @property
    def reason(self) -> str:
        """Why the index was built, in English (logs, the command line)."""
        return self.reason_in("en")


#: Written into every index folder FAQDesk builds: the proof that the folder is its own, and
#: so one it may replace or move aside. (Folders built before it existed carry the stamp.)
MARKER_FILE = "FAQDESK-INDEX"


class IndexNotReplaced(OSError):
    """A fresh build could not take the index folder's place (the folder cannot be moved,
    e.g. it is read-only); the fresh build was deleted, the folder is as it was."""


class NotAnIndexFolder(Exception):
    """The index folder holds files FAQDesk did not make (notes, articles…): it is never
    written, moved or deleted. ``problem`` says so in either language."""

    def __init__(self, path: Path) -> None:
        self.problem = Problem.of("", "search.index.not_ours", value=str(path))
        super().__init__(str(self.problem))


def is_own_folder(path: Path) -> bool:
    """True when ``path`` is missing, empty, or an index folder FAQDesk made (its marker; for an
    older build, its stamp or Whoosh's table of contents); anything else is someone else's."""
    try:
        if path.is_symlink() and not path.exists():
            return False  # a dangling link (or a loop): replacing it would delete the user's link
        if not path.exists():
            return True
        if not path.is_dir():
            return False
        names = {entry.name for entry in path.iterdir()}
    except OSError:
        return False
    whoosh_toc = any(name.startswith("_MAIN_") and name.endswith(".toc") for name in names)
    return not names or MARKER_FILE in names or STAMP_FILE in names or whoosh_toc


#: What reading a damaged index file raises (Whoosh's term table, stored fields and
#: columns, FAQDesk's postings); nothing else in a search does.
DAMAGE_ERRORS = (DamagedPostings, struct.error, zlib.error, pickle.UnpicklingError, EOFError)


def search_failure(exc: Exception, path: Path) -> Problem:
    """What to tell the user when a search of the index in ``path`` raised ``exc``. Damage
    (:data:`DAMAGE_ERRORS`): the index's stamp (FAQDesk's own file) is removed, so the next
    open rebuilds the index instead of trusting it again."""
    if not isinstance(exc, DAMAGE_ERRORS):
        return Problem.of("", "search.failed", value=type(exc).__name__)
    stamp = Path(path) / STAMP_FILE
    _log.warning("search index at %s is damaged (%r); it is rebuilt on the next start", path, exc)
    try:
        stamp.unlink(missing_ok=True)
    except OSError as error:
        _log.warning("cannot remove the index stamp %s: %s", stamp, error)
    damage = str(exc) if isinstance(exc, DamagedPostings) else f"{type(exc).__name__}: {exc}"
    return Problem.of("", "search.index.damaged_found", damage=damage)


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
        if not is_own_folder(self.path):
            raise NotAnIndexFolder(self.path)
        ensure_ready()
        wanted_versions = versions()
        stamp = None if rebuild else Stamp.read(self.stamp_path)
        ix: Index | None = None
        if rebuild:
            report.cause = "search.index.rebuild_requested"
        elif not self.path.exists() or not any(self.path.iterdir()):
            report.cause = "search.index.missing"
        elif stamp is None:
            report.cause = "search.index.no_stamp"
        elif stamp.versions != wanted_versions:
            report.cause = "search.index.versions_changed"
        else:
            ix, damage = self._try_open()
            if ix is not None and ix.doc_count() != len(stamp.docs):  # a stamp write failed
                ix.close()
                ix, stamp, report.cause = None, None, "search.index.stamp_behind"
            elif ix is None:
                report.cause = "search.index.damaged"
                report.cause_params = {"damage": damage}
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
            try:
                ix = self._rebuild(sources, make_doc, procs=procs)
            except IndexNotReplaced as exc:
                if not rebuild:
                    raise  # the index is unusable as it is: the caller finds another folder
                _log.warning("cannot rebuild the search index at %s: %s", self.path, exc)
                ix, report = self.sync(sources, make_doc, procs=procs)
                report.kept = exc.strerror or str(exc)
                report.seconds = time.perf_counter() - started
                return ix, report
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
        fingerprints = {key: fingerprint(path, files) for key, path in sources.items()}
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
                writer.update_document(**whoosh_fields(doc))
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
            fingerprints = {k: fingerprint(p, files) for k, p in sources.items()}
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
            (fresh / MARKER_FILE).write_text("FAQDesk search index\n", encoding="utf-8")
            self._swap_in(fresh)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        return open_index(self.path)

    def _swap_in(self, fresh: Path) -> None:
        old: Path | None = None
        if self.path.exists():
            old = self.path.with_name(f"{self.path.name}.old-{uuid.uuid4().hex[:8]}")
            try:
                os.replace(self.path, old)
            except FileNotFoundError:
                old = None  # another process moved it meanwhile
            except OSError as exc:  # read-only, in use…: the old index stays where it is
                raise IndexNotReplaced(exc.errno, exc.strerror, str(self.path)) from exc
        try:
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
        name = self.path.name
        target = free_path(
            self.path.with_name(f"{name}.broken-1"),
            lambda n: self.path.with_name(f"{name}.broken-{n + 1}"),
        )
        try:
            os.replace(self.path, target)
        except OSError as exc:
            _log.warning("cannot move the damaged index aside (%s); deleting it", exc)
            shutil.rmtree(self.path, ignore_errors=True)
            return None
        return target
