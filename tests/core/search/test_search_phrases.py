"""Quoted phrases matched on FAQDesk's own postings (issue 11): the same documents and scores
as Whoosh's phrase query, on the bundled content and on a 1,000-article corpus, and snippets
that show the phrase marked as one span."""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from whoosh import query as wq

from faqdesk.core import paths
from faqdesk.core.search.analysis import analyze
from faqdesk.core.search.index import TEXT_FIELDS
from faqdesk.core.search.knowledge_base import KnowledgeBase
from faqdesk.core.search.phrases import common_documents, has_phrase
from faqdesk.core.search.query import parse_query
from faqdesk.core.search.ranking import Ranker, Scores

REPO = Path(__file__).resolve().parents[3]


def _bench_corpus() -> ModuleType:
    """The seeded zh/en/ru corpus generator of the search benchmark."""
    path = REPO / "benchmarks" / "synthetic_corpus.py"
    spec = importlib.util.spec_from_file_location("synthetic_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _phrases_of(kb: KnowledgeBase, count: int, seed: int) -> list[str]:
    """Quoted phrases a user could copy from the articles (2–4 neighbouring words, some with
    a stop word inside), and as many made of words that are not neighbours."""
    rng = random.Random(seed)
    articles = sorted(kb.articles(), key=lambda a: (a.id, a.lang))
    phrases: list[str] = []
    while len(phrases) < count:
        article = rng.choice(articles)
        text = article.summary + " " + article.body[:3000]
        spans = analyze(text, subwords=False, stops=False)
        if len(spans) < 6:
            continue
        n = rng.randint(2, 4)
        start = rng.randrange(0, len(spans) - n)
        # neighbours (usually found), or words from anywhere (usually not a phrase)
        chosen = spans[start : start + n] if rng.random() < 0.7 else rng.sample(spans, n)
        words = [text[s.start : s.end] for s in chosen]
        joiner = "" if all(s.kind == "han" for s in chosen) and rng.random() < 0.5 else " "
        phrases.append('"' + joiner.join(words) + '"')
    return phrases


def _whoosh_scores(ranker: Ranker, words: tuple[str, ...], slop: int) -> Scores:
    return ranker.query_scores(wq.Or([wq.Phrase(f, list(words), slop=slop) for f in TEXT_FIELDS]))


def _compare(kb: KnowledgeBase, phrases: list[str]) -> int:
    """Asserts both ways give the same documents and scores; returns how many phrases matched."""
    kb.search("warm up ")
    ranker = kb._ranker
    assert ranker is not None
    matched = 0
    for text in phrases:
        clauses = [c for c in parse_query(text + " ").clauses if c.is_phrase]
        for clause in clauses:
            ours = ranker.phrase_scores(clause.phrase, clause.slop)
            theirs = _whoosh_scores(ranker, clause.phrase, clause.slop)
            assert set(ours) == set(theirs), text
            for doc, score in theirs.items():
                assert ours[doc] == pytest.approx(score, rel=1e-9), text
            matched += bool(ours)
    return matched


@pytest.fixture(scope="module")
def bundled_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    knowledge = KnowledgeBase.open(
        paths.bundled_content_dir(), tmp_path_factory.mktemp("bundled") / "index"
    )
    yield knowledge
    knowledge.close()


@pytest.fixture(scope="module")
def large_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    content = tmp_path_factory.mktemp("large") / "content"
    _bench_corpus().write_corpus(content, 1000)
    knowledge = KnowledgeBase.open(content, tmp_path_factory.mktemp("large-ix") / "index")
    yield knowledge
    knowledge.close()


def test_phrases_match_what_whoosh_matches_on_the_bundled_content(
    bundled_kb: KnowledgeBase,
) -> None:
    phrases = _phrases_of(bundled_kb, 300, seed=11)
    phrases += ['"清关包裹"', '"lost parcel"', '"the parcel is lost"', '"потеря посылки"']
    assert _compare(bundled_kb, phrases) > 100  # most are found: the test compares real hits


def test_phrases_match_what_whoosh_matches_on_a_thousand_articles(
    large_kb: KnowledgeBase,
) -> None:
    phrases = _phrases_of(large_kb, 200, seed=12)
    phrases += ['"包裹 丢失"', '"包裹物流"', '"посылка доставка"', '"parcel delivery"']
    assert _compare(large_kb, phrases) > 60


def test_a_phrase_search_finds_the_articles_whoosh_finds(large_kb: KnowledgeBase) -> None:
    large_kb.search("warm up ")  # the ranker is made by a search, not by another test's
    ranker = large_kb._ranker
    assert ranker is not None
    reader = ranker.searcher.reader()
    for text in ('"包裹 丢失"', '"delivery status"', '"доставка посылки"'):
        [clause] = parse_query(text + " ").clauses
        expected = {
            reader.stored_fields(d)["id"]
            for d in _whoosh_scores(ranker, clause.phrase, clause.slop)
        }
        results = large_kb.search(text + " ", limit=1000)
        assert results.total == len(expected)
        assert {hit.article_id for hit in results.hits} == expected


def test_the_documents_every_list_has_are_indexed_in_every_list() -> None:
    lists = [[1, 4, 7, 9, 12], [4, 9], [0, 4, 5, 9, 30]]
    # documents 4 and 9: their index in each list
    assert common_documents(lists) == [[1, 3], [0, 1], [1, 3]]
    assert common_documents([[1, 2], []]) == [[], []]
    assert common_documents([[1, 2], [3, 4]]) == [[], []]


def test_words_must_follow_in_order_within_the_slop() -> None:
    assert has_phrase([[3, 10], [11]], slop=1)
    assert not has_phrase([[3, 10], [12]], slop=1)  # a word between
    assert has_phrase([[3, 10], [12]], slop=2)  # a stop word between
    assert not has_phrase([[11], [10]], slop=2)  # the wrong order
    assert not has_phrase([[5], [5]], slop=1)  # the same position (a Chinese sub-word)
    assert has_phrase([[1, 5], [6, 2], [3]], slop=1)  # 1 2 3
    assert not has_phrase([[1, 5], [6], [3]], slop=1)


def test_the_snippet_shows_the_phrase_as_one_marked_span(kb: KnowledgeBase) -> None:
    [hit] = [h for h in kb.search('"lost parcel" ', lang="en").hits if h.lang == "en"]
    assert "<b>lost parcel</b>" in hit.snippet
    # "the parcel is lost" elsewhere in the text is not the phrase: not marked
    assert "<b>parcel</b>" not in hit.snippet and "<b>lost</b>" not in hit.snippet
    zh = kb.search('"包裹丢失" ', lang="zh").hits[0]
    assert "<b>包裹丢失</b>" in zh.snippet
    ru = kb.search('"задержки доставки" ', lang="en").hits[0]
    assert "<b>задержка доставки</b>" in ru.snippet  # Russian: the stems follow each other
    assert kb.matched_words('"lost parcel" ', "lost-parcel", "en") == ["Lost parcel", "lost parcel"]


def test_a_phrase_only_in_the_title_marks_its_words_in_the_snippet(kb: KnowledgeBase) -> None:
    # "Delivery delayed" is the title; the text never has the two words together
    hits = kb.search('"delivery delayed" ', lang="en").hits
    assert [h.article_id for h in hits] == ["delivery-delay"]
    assert "<b>" in hits[0].snippet


def test_positions_decoded_a_column_at_a_time_are_each_documents_positions() -> None:
    from whoosh.formats import Positions

    from faqdesk.core.search.phrases import bits_decoder, position_bits

    format_ = Positions()
    lists = [[0], [3, 5, 400, 70_000, 70_001], [7, 7, 9], [], [255, 256, 65_535, 65_536]]
    values = [format_.encode(positions) for positions in lists]  # as Whoosh indexes them
    expected = [position_bits(positions) for positions in lists]
    decode = bits_decoder(format_)
    assert decode(values) == expected
    # a value without its final STOP byte, or an empty one: decoded one by one, the same
    assert decode([values[1][:-1], values[0], b""]) == [expected[1], expected[0], 0]
