"""What a search keeps between searches (issue 11) never changes what it finds.

Typing repeats words keystroke after keystroke, so a searcher keeps its recent clauses'
scores and prefix expansions; a search must give exactly the same hits, scores, totals and
snippets as the same search with nothing kept, before and after an index update.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from faqdesk.core.search import ranking
from faqdesk.core.search.clausecache import ClauseCache
from faqdesk.core.search.index import TEXT_FIELDS
from faqdesk.core.search.knowledge_base import MAX_PREFIX_TERMS, PREFIX_SCAN, KnowledgeBase
from faqdesk.core.search.scoring import ClauseVectors

REPO = Path(__file__).resolve().parents[3]

QUERIES = [
    "包裹 ",
    "包裹 物流 ",
    "物流 包裹 ",
    "lang:zh 包裹 ",
    "包裹 lang:en ",
    '"包裹物流" ',
    "包裹 物流",  # the last word is a prefix while typing
    "de",
    "del",
    "delivery ",
    "delivery parcel ",
    "посылка доставка ",
    "посыл",
    "包裹 parcel посылка ",
    "category:reference 包裹 ",
    "tag:包装 ",
    "parcle ",  # a typo: corrected
]


def _hits(kb: KnowledgeBase, query: str) -> tuple[object, ...]:
    results = kb.search(query, limit=30, snippets=10)
    return (
        results.total,
        results.suggestion,
        [(h.article_id, h.lang, round(h.score, 9), h.snippet) for h in results.hits],
    )


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = REPO / "benchmarks" / "synthetic_corpus.py"
    spec = importlib.util.spec_from_file_location("synthetic_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = tmp_path_factory.mktemp("corpus") / "content"
    module.write_corpus(folder, 600)
    return folder


@pytest.fixture()
def kb(content: Path, tmp_path: Path) -> Iterator[KnowledgeBase]:
    knowledge = KnowledgeBase.open(content, tmp_path / "index")
    yield knowledge
    knowledge.close()


def _nothing_kept(kb: KnowledgeBase, query: str) -> tuple[object, ...]:
    kb.drop_caches()
    return _hits(kb, query)


def test_kept_scores_give_the_same_results_as_a_fresh_search(kb: KnowledgeBase) -> None:
    expected = [_nothing_kept(kb, q) for q in QUERIES]
    assert any(e[0] for e in expected)  # the queries find things: the comparison is real
    # each query after the others (their clauses and prefixes kept), twice
    for _ in range(2):
        assert [_hits(kb, q) for q in QUERIES] == expected
    assert [_hits(kb, q) for q in reversed(QUERIES)] == list(reversed(expected))


def test_an_index_update_is_searched_at_once_whatever_was_kept(
    kb: KnowledgeBase, content: Path, tmp_path: Path
) -> None:
    assert _hits(kb, "zebracrossing ")[0] == 0
    kept = _hits(kb, "包裹 ")
    article = sorted((content / "articles" / "zh").glob("*.md"))[3]
    original = article.read_text(encoding="utf-8")
    try:
        article.write_text(original + "\nzebracrossing 包裹包裹包裹包裹\n", encoding="utf-8")
        # another opening of the same index updates it (a new segment) ...
        KnowledgeBase.open(content, tmp_path / "index").close()
        # ... and the open one searches the update at once, not its kept scores
        assert _hits(kb, "zebracrossing ")[0] == 1
        assert _hits(kb, "包裹 ") != kept
        assert _hits(kb, "包裹 ") == _nothing_kept(kb, "包裹 ")
    finally:
        article.write_text(original, encoding="utf-8")


def test_prefixes_stand_for_their_most_frequent_first_terms(kb: KnowledgeBase) -> None:
    kb.search("warm up ")
    searcher = kb._searcher
    assert searcher is not None
    reader = searcher.reader()
    for prefix in ("de", "p", "по", "包", "zz", "物流"):
        counts: dict[str, int] = {}
        for fieldname in TEXT_FIELDS:
            for n, btext in enumerate(reader.expand_prefix(fieldname, prefix)):
                if n >= PREFIX_SCAN:
                    break
                term = btext.decode("utf-8")
                counts[term] = counts.get(term, 0) + reader.doc_frequency(fieldname, term)
        expected = sorted(counts, key=lambda t: -counts[t])[:MAX_PREFIX_TERMS]
        assert kb._expand_prefixes({prefix}) == expected, prefix
        assert kb._expand_prefixes({prefix}) == expected, prefix  # kept: the same


def test_frequencies_kept_from_a_prefix_scan_are_the_index_s_after_an_update(
    kb: KnowledgeBase, content: Path, tmp_path: Path
) -> None:
    # a prefix scan keeps the document frequencies it read, summed over the segments, so
    # searching its terms looks nothing up again: they must be the index's own, also with
    # a second segment and a document deleted in the first
    article = sorted((content / "articles" / "zh").glob("*.md"))[5]
    original = article.read_text(encoding="utf-8")
    try:
        article.write_text(original + "\ndelivery 包裹 посылка\n", encoding="utf-8")
        KnowledgeBase.open(content, tmp_path / "index").close()
        for query in ("de", "p", "по", "包", "物"):
            kb.search(query)
        ranker = kb._ranker
        assert ranker is not None and len(ranker._leaves) > 1 and ranker.deleted
        kept = dict(ranker._df)
        assert len(kept) > 100
        ranker._df.clear()
        assert {key: ranker.doc_frequency(*key) for key in kept} == kept
        # a scan cut short (3 terms) knows nothing of the terms after its last one
        ranker._df.clear()
        reader = ranker.searcher.reader()
        for fieldname in TEXT_FIELDS:
            terms = [t.decode("utf-8") for t in reader.expand_prefix(fieldname, "p")][:40]
            assert len(terms) > 3
            ranker.prefix_terms(fieldname, "p", 3)
            ranker.keep_scanned(fieldname, "p", 3, [*terms, "pzzz", "xylophone"])
            assert {t for f, t in ranker._df if f == fieldname} == set(terms[:3])
        assert all(ranker._df[key] == reader.doc_frequency(*key) > 0 for key in ranker._df)
    finally:
        article.write_text(original, encoding="utf-8")


def vectors(count: int, shared: bool = False) -> ClauseVectors:
    """A clause's vectors finding ``count`` documents (kept in 12 bytes each)."""
    docs = np.ones(count)
    return ClauseVectors(docs, docs if shared else np.ones(count))


def test_the_clause_cache_keeps_the_newest_scores_within_its_limit() -> None:
    cache = ClauseCache(limit=120)
    cache.put(("a",), vectors(2))  # 48 bytes
    cache.put(("b",), vectors(1))  # 24
    assert cache.get(("a",)) is not None  # "a" is now the newest
    cache.put(("c",), vectors(2))  # 48: 120 in all
    assert all(cache.get((k,)) is not None for k in "bca")  # used in this order
    cache.put(("d",), vectors(1))  # 144 > 120: the least recently used ("b") goes
    assert cache.get(("b",)) is None
    assert all(cache.get((k,)) is not None for k in "cad")
    cache.put(("huge",), vectors(20))  # never kept
    assert cache.get(("huge",)) is None
    cache.put(None, vectors(1))  # a filtered search: not kept
    assert cache.get(None) is None


def test_the_clause_cache_keeps_only_the_documents_found_and_gives_back_the_same_scores() -> None:
    cache = ClauseCache(limit=100)
    docs = np.zeros(10_000)
    docs[[3, 500, 9_999]] = [0.5, 2.25, 1e-300]
    articles = np.zeros(10_000)
    articles[[2, 500, 9_998]] = [0.5, 2.25, 1e-300]
    cache.put(("rare",), ClauseVectors(docs, articles))  # 72 bytes, not 160,000
    kept = cache.get(("rare",))
    assert kept is not None
    assert np.array_equal(kept.docs, docs) and np.array_equal(kept.articles, articles)
    kept.docs[3] = 7.0  # the caller's own copy: the cache is not changed
    again = cache.get(("rare",))
    assert again is not None and again.docs[3] == 0.5


def test_scores_shared_by_documents_and_articles_count_once_in_the_clause_cache() -> None:
    # every article with one document: a clause's article scores are its document scores
    cache = ClauseCache(limit=120)
    cache.put(("a",), vectors(6, shared=True))  # 72 bytes, not 144
    kept = cache.get(("a",))
    assert kept is not None and kept.articles is kept.docs
    cache.put(("b",), vectors(2))  # 120 in all: both kept
    assert cache.get(("a",)) is not None and cache.get(("b",)) is not None


def test_clauses_that_match_nothing_do_not_pile_up_in_the_clause_cache() -> None:
    # a quoted phrase of real words found nowhere: its vectors hold nothing, and typing
    # thousands of such phrases must not keep thousands of entries
    cache = ClauseCache(limit=10)
    for n in range(1000):
        cache.put((f"phrase {n}",), ClauseVectors(np.zeros(50), np.zeros(50)))
    assert len(cache._kept) <= 10
    assert cache.get(("phrase 999",)) is not None  # the newest are kept


def test_thousands_of_distinct_words_keep_a_bounded_number_of_document_frequencies(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # typing all day: every distinct word (and each spelling candidate) asks for document
    # frequencies; the searcher lives until the index changes
    monkeypatch.setattr(ranking, "DF_CACHE_LIMIT", 200, raising=False)
    expected = _nothing_kept(kb, "delivery parcel ")
    for n in range(600):
        kb.search(f"zq{n:04d}x ")
    ranker = kb._ranker
    assert ranker is not None
    assert len(ranker._df) <= 200
    assert _hits(kb, "delivery parcel ") == expected
