"""The knowledge base: the articles plus an instant multilingual search over them.

>>> kb = KnowledgeBase.open()                 # bundled + user content, index in the cache dir
>>> results = kb.search("退货 流程", limit=20, lang="zh")
>>> [(hit.article_id, hit.snippet) for hit in results.hits]

``search`` never raises for anything the user types; it is safe to call from a worker thread
(one search at a time per knowledge base: a lock serialises them). ``KnowledgeBase.open`` does
the slow part (jieba, content, index) and is meant for a background thread; it prints nothing.
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from whoosh.index import Index
from whoosh.searching import Searcher

from faqdesk.core import paths
from faqdesk.core.content.loading import Article, Category, ContentLibrary, load_content
from faqdesk.core.log import get_logger
from faqdesk.core.problems import Problem
from faqdesk.core.search.analysis import ensure_ready
from faqdesk.core.search.chinese import FULL_DICTIONARY_FROM, ensure_full_dictionary
from faqdesk.core.search.filters import filter_query as build_filter
from faqdesk.core.search.filters import unknown_filters
from faqdesk.core.search.folder import IndexFolder, SyncReport, search_failure
from faqdesk.core.search.index import TEXT_FIELDS, IndexDoc, current_searcher, doc_content, doc_key
from faqdesk.core.search.query import Clause, ParsedQuery, Synonyms, parse_query
from faqdesk.core.search.snippets import TermMatcher, make_snippet, matched_words
from faqdesk.core.search.spelling import FUZZY_WEIGHT, correct
from faqdesk.core.search.vocabulary import Vocabulary

if TYPE_CHECKING:  # NumPy is loaded with the first search, not to build an index
    from faqdesk.core.search.ranking import Ranker
    from faqdesk.core.search.scoring import Vector

_log = get_logger("search")

SYNONYMS_FILE = "synonyms.yaml"
#: At most this many index terms stand for one prefix (the most frequent win).
MAX_PREFIX_TERMS = 24
#: The terms a prefix stands for are chosen among its first this many terms of each field.
PREFIX_SCAN = 120


@dataclass(frozen=True)
class SearchHit:
    """One article found. ``snippet`` is HTML-escaped with the matched words in ``<b>…</b>``."""

    article_id: str
    lang: str
    title: str
    category: str
    score: float
    snippet: str


@dataclass
class SearchResults:
    """The answer to one search.

    ``total``: how many articles match (not only the hits returned); ``suggestion``: a
    corrected query ("did you mean") when a word was misspelled; ``error``: a user-readable
    note (English) when part of the query could not be understood (the rest was still
    searched) or the search failed; ``notes``: the same, typed, to render in any language.
    """

    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    suggestion: str | None = None
    error: str | None = None
    notes: list[Problem] = field(default_factory=list)


@dataclass
class _Plan:
    """A parsed query resolved against the index (prefixes expanded, typos corrected)."""

    clauses: list[Clause]
    corrections: dict[str, str]  # raw word -> real word from the content
    matcher: TermMatcher


class KnowledgeBase:
    """The loaded content and its search index. Create with :meth:`open`."""

    def __init__(
        self,
        library: ContentLibrary,
        index: Index,
        index_dir: Path,
        synonyms: Synonyms,
        problems: Sequence[Problem] = (),
        report: SyncReport | None = None,
    ) -> None:
        self.library = library
        self.index_dir = index_dir
        self.synonyms = synonyms
        self.sync_report = report or SyncReport()
        self._problems = list(problems)
        self._index = index
        self._lock = threading.RLock()
        self._searcher: Searcher | None = None
        self._folder: tuple[int, int] | None = None  # the index folder the searcher reads
        self._vocabulary: Vocabulary | None = None
        self._columns: tuple[Searcher, list[str], list[str], dict[str, list[int]]] | None = None
        self._ranker: Ranker | None = None
        self._temporary: Path | None = None  # a fallback index folder to delete on close
        self._closed = False

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        content_dir: Path | str | None = None,
        index_dir: Path | str | None = None,
        *,
        user_dir: Path | str | None = None,
        rebuild: bool = False,
        procs: int | None = None,
        library: ContentLibrary | None = None,
    ) -> KnowledgeBase:
        """Load the content and open, build or update its index.

        ``content_dir`` None: the bundled content overlaid by the user's own articles.
        ``index_dir`` None: the user cache folder (one folder per content folder).
        ``library``: the content of ``content_dir`` (and ``user_dir``) already loaded, e.g. by
        the window to show the categories at once; it is used as it is, not loaded again.
        """
        ensure_ready()
        content = Path(content_dir) if content_dir is not None else None
        if library is None:
            library = load_content(content, user_dir=Path(user_dir) if user_dir else None)
        if index_dir is None:
            index_path = paths.default_index_dir()
            if content is not None:
                digest = hashlib.sha256(str(content.resolve()).encode()).hexdigest()[:12]
                index_path = index_path.with_name(f"{index_path.name}-{digest}")
        else:
            index_path = Path(index_dir)
        synonyms_path = (content or paths.bundled_content_dir()) / SYNONYMS_FILE
        if content is not None and not synonyms_path.exists():
            synonyms_path = paths.bundled_content_dir() / SYNONYMS_FILE
        synonyms, synonym_problems = Synonyms.load(synonyms_path)

        made = itertools.count(1)

        def make_doc(key: str) -> IndexDoc:
            if next(made) == FULL_DICTIONARY_FROM:  # a large indexing job: jieba's dict
                ensure_full_dictionary()
            lang, _, article_id = key.partition(":")
            return article_doc(library.articles[(article_id, lang)])

        sources = {
            doc_key(article.id, article.lang): str(article.path)
            for article in library.articles.values()
        }
        folder = IndexFolder(index_path)
        try:
            index, report = folder.sync(sources, make_doc, rebuild=rebuild, procs=procs)
        except OSError as exc:
            # e.g. the cache folder is read-only or full: search still works, from a
            # temporary index, deleted by close()
            fallback = Path(tempfile.mkdtemp(prefix="faqdesk-index-")) / "index"
            _log.warning(
                "cannot use the search index folder %s (%s); using %s for this session",
                index_path,
                exc,
                fallback,
            )
            index_path = fallback
            folder = IndexFolder(index_path)
            index, report = folder.sync(sources, make_doc, procs=procs)
            report.cause = "search.index.temporary"
            report.cause_params = {
                "folder": str(index_path.parent),
                "reason": exc.strerror or str(exc),
            }
        _log.info(
            "search index ready: %d articles (rebuilt=%s, +%d ~%d -%d, %.2fs)",
            len(sources),
            report.rebuilt,
            report.added,
            report.updated,
            report.deleted,
            report.seconds,
        )
        kb = cls(library, index, index_path, synonyms, synonym_problems, report)
        kb._vocabulary = folder.vocabulary  # checked (or rebuilt) by sync
        if report.cause == "search.index.temporary":
            kb._temporary = index_path.parent
        return kb

    def close(self) -> None:
        """Release the index files. The knowledge base cannot search afterwards."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._index.close()
            self._closed = True
            if self._temporary is not None:
                shutil.rmtree(self._temporary, ignore_errors=True)
                self._temporary = None

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ content

    @property
    def problems(self) -> list[Problem]:
        """Problems found in the content and the synonyms file (shown, never raised)."""
        return [*self.library.problems, *self._problems]

    def article(self, article_id: str, lang: str) -> Article | None:
        return self.library.article(article_id, lang)

    def articles(self) -> list[Article]:
        return list(self.library.articles.values())

    def categories(self) -> list[Category]:
        return list(self.library.categories)

    # ------------------------------------------------------------------ searching

    def _get_searcher(self) -> Searcher:
        if self._closed:
            raise RuntimeError("the knowledge base is closed")
        self._searcher, self._folder = current_searcher(
            self._index, self.index_dir, self._searcher, self._folder
        )
        self._get_ranker(self._searcher)
        return self._searcher

    def drop_caches(self) -> None:
        """Forget the decoded postings of earlier searches (benchmarks: cold searches)."""
        with self._lock:
            if self._ranker is not None:
                self._ranker.clear_postings()

    def search(
        self,
        query: str,
        limit: int = 20,
        lang: str | None = None,
        *,
        snippets: int | None = None,
    ) -> SearchResults:
        """Ranked articles for what the user typed (one hit per article). Never raises.

        ``lang``: the UI language, preferred when an article matches in both languages.
        ``snippets``: make snippets for the first N hits only (None: every hit returned).
        """
        text = query if isinstance(query, str) else ""
        try:
            limit = max(1, min(int(limit), 1000))
        except (TypeError, ValueError):
            limit = 20
        with_snippets = limit if snippets is None else max(0, int(snippets))
        with self._lock:
            try:
                return self._search(text, limit, lang, with_snippets)
            except Exception as exc:
                _log.exception("search failed for %r", text[:200])
                failed = search_failure(exc, self.index_dir)
                return SearchResults(query=text, error=failed.message, notes=[failed])

    def matched_words(self, query: str, article_id: str, lang: str) -> list[str]:
        """The words of that article (title, summary, tags, body) the query matched."""
        # the other language when the article has no ``lang`` version (what the reader shows)
        article = self.library.article(article_id, lang, fallback=True)
        if article is None or not isinstance(query, str):
            return []
        with self._lock:
            try:
                parsed = parse_query(query, self.synonyms)
                self._get_searcher()  # the ranker the plan asks
                plan = self._plan(parsed)
                return matched_words(doc_content(article_doc(article)), plan.matcher)
            except Exception:
                _log.exception("matched_words failed for %r", query[:200])
                return []

    # ------------------------------------------------------------------ internals

    def _search(self, text: str, limit: int, lang: str | None, snippets: int) -> SearchResults:
        parsed = parse_query(text, self.synonyms)
        results = SearchResults(query=text, notes=list(parsed.notes))
        if parsed.notes:
            results.error = " ".join(note.message for note in parsed.notes)
        if not parsed.clauses and not parsed.has_filters:
            return results
        searcher = self._get_searcher()
        if not searcher.doc_count_all():  # no article at all: nothing to find, no error
            return results
        plan = self._plan(parsed)
        if plan.corrections:
            results.suggestion = _apply_corrections(text, plan.corrections)
        ranker = self._get_ranker(searcher)
        unknown = unknown_filters(parsed, ranker.doc_frequency, self._doc_columns(searcher)[1])
        if unknown:  # nothing can match: say which filter value no article has
            results.notes.extend(unknown)
            results.error = " ".join(note.message for note in results.notes)
        filter_query = build_filter(parsed)
        allowed = ranker.allowed(filter_query) if filter_query is not None else None
        doc_ids, doc_langs, docs_of = self._doc_columns(searcher)
        from faqdesk.core.search.articles import score_articles  # NumPy: not for a build

        scored = score_articles(plan.clauses, ranker, allowed, doc_ids, limit)
        if scored is None:  # no word matched anything
            return results
        (found, total), doc_scores = scored
        results.total = total
        for first, score in found:
            article_id = doc_ids[first]
            chosen = _translation_to_show(docs_of.get(article_id, ()), doc_scores, doc_langs, lang)
            if chosen is None:
                continue
            docnum = next(d for d in docs_of[article_id] if doc_langs[d] == chosen)
            with_snippet = len(results.hits) < snippets
            stored = searcher.stored_fields(docnum) if with_snippet else {}
            article = self.library.article(article_id, chosen, fallback=False)
            title = article.title if article else str(stored.get("title", article_id))
            category = article.category if article else ""
            snippet = (
                make_snippet(str(stored.get("text", "")), plan.matcher) if with_snippet else ""
            )
            results.hits.append(SearchHit(article_id, chosen, title, category, score, snippet))
        return results

    def _doc_columns(self, searcher: Searcher) -> tuple[list[str], list[str], dict[str, list[int]]]:
        """Article id and language of every document number, and the live documents of
        each article (cached per searcher)."""
        if self._columns is None or self._columns[0] is not searcher:
            reader = searcher.reader()
            ids = [str(v) for v in reader.column_reader("id")]
            langs = [str(v) for v in reader.column_reader("lang")]
            deleted = self._ranker.deleted if self._ranker is not None else frozenset()
            docs_of: dict[str, list[int]] = {}
            for docnum, article_id in enumerate(ids):
                if docnum not in deleted:
                    docs_of.setdefault(article_id, []).append(docnum)
            self._columns = (searcher, ids, langs, docs_of)
        return self._columns[1], self._columns[2], self._columns[3]

    def _plan(self, parsed: ParsedQuery) -> _Plan:
        """The clauses to search (prefixes expanded, typos corrected); the searcher is open."""
        corrections: dict[str, str] = {}
        clauses: list[Clause] = []
        for clause in parsed.clauses:
            if clause.is_phrase:
                clauses.append(clause)
                continue
            if clause.prefixes:
                expanded = self._expand_prefixes(clause.prefixes)
                clause.prefixes = set()
                for term in expanded:
                    clause.terms.setdefault(term, 0.9)
            if self._found(clause.terms):
                clauses.append(clause)
                continue
            fixed = self._correct(clause) if clause.correctable else None
            if fixed is not None:
                clauses.append(fixed)
                if fixed.word != clause.word and clause.kind in ("latin", "ru"):
                    corrections[clause.raw] = fixed.word
            # else: a word nothing matches is left out (all the other words still count)
        # a phrase's words are marked where they form the phrase only (one span)
        terms = frozenset(t for c in clauses if not c.is_phrase for t in c.terms)
        phrases = tuple((c.phrase, c.slop) for c in clauses if c.is_phrase)
        primary = frozenset(
            t for c in clauses for t, w in c.terms.items() if w >= FUZZY_WEIGHT and not c.is_phrase
        )
        return _Plan(clauses, corrections, TermMatcher(terms, primary=primary, phrases=phrases))

    def _found(self, terms: dict[str, float]) -> bool:
        """Whether some of the terms is in the index (the first found ends the look-ups)."""
        ranker = self._ranker
        assert ranker is not None  # made by _get_searcher
        return any(ranker.doc_frequency(f, t) for t in terms for f in TEXT_FIELDS)

    def _df(self, terms: dict[str, float]) -> int:
        ranker = self._ranker
        assert ranker is not None  # made by _get_searcher
        return sum(ranker.doc_frequency(f, t) for t in terms for f in TEXT_FIELDS)

    def _expand_prefixes(self, prefixes: set[str]) -> list[str]:
        ranker = self._ranker
        assert ranker is not None  # made by _get_searcher
        counts: dict[str, int] = {}
        for prefix in prefixes:
            for fieldname in TEXT_FIELDS:
                for term, df in ranker.prefix_terms(fieldname, prefix, PREFIX_SCAN):
                    counts[term] = counts.get(term, 0) + df
        best = sorted(counts, key=lambda t: -counts[t])[:MAX_PREFIX_TERMS]
        for prefix in prefixes:
            for fieldname in TEXT_FIELDS:
                ranker.keep_scanned(fieldname, prefix, PREFIX_SCAN, best)
        return best

    def _correct(self, clause: Clause) -> Clause | None:
        """A clause for the nearest real word, or None when there is none."""
        assert self._vocabulary is not None  # set by open()
        return correct(clause, self._df, self._vocabulary, self.synonyms)

    def _get_ranker(self, searcher: Searcher) -> Ranker:
        if self._ranker is None or self._ranker.searcher is not searcher:
            from faqdesk.core.search.ranking import Ranker  # NumPy: with the first search

            self._ranker = Ranker(searcher)
        return self._ranker


@lru_cache(maxsize=64)  # the reader asks for the words of the article on screen at each key
def article_doc(article: Article) -> IndexDoc:
    """The indexable form of an article (plain text body)."""
    from faqdesk.core.content.render import markdown_to_text

    try:
        body = markdown_to_text(article.body)
    except Exception:  # pragma: no cover - the renderer should not fail; index raw text then
        _log.exception("cannot convert %s to plain text", article.path)
        body = article.body
    return IndexDoc(
        key=doc_key(article.id, article.lang),
        article_id=article.id,
        lang=article.lang,
        title=article.title,
        summary=article.summary,
        body_text=body,
        tags=tuple(article.tags),
        category=article.category,
    )


def _translation_to_show(
    docnums: Sequence[int], doc_scores: list[Vector], doc_langs: Sequence[str], lang: str | None
) -> str | None:
    """The language of the article to list: of its translations that match the most query
    words (all of them when one does), the UI language, else the best scoring one; None when
    no translation matches."""
    matches: dict[str, tuple[int, float]] = {}
    for docnum in docnums:
        found = [float(scores[docnum]) for scores in doc_scores if scores[docnum] > 0.0]
        if found:
            matches[doc_langs[docnum]] = (len(found), sum(found))
    if not matches:
        return None
    most = max(words for words, _score in matches.values())
    if lang in matches and matches[lang][0] == most:
        return lang
    return max((m for m in matches if matches[m][0] == most), key=lambda m: matches[m][1])


def _apply_corrections(text: str, corrections: dict[str, str]) -> str:
    out = text
    for raw, real in corrections.items():
        out = out.replace(raw, real, 1)
    return out.strip()
