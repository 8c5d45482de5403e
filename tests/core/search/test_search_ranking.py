"""Our BM25F ranking over raw postings gives Whoosh's own BM25F scores, on every segment."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from whoosh import query as wq
from whoosh.scoring import BM25F

from faqdesk.core.search.index import (
    TEXT_FIELDS,
    IndexDoc,
    build_index,
    open_index,
    posting_codec,
    whoosh_fields,
)
from faqdesk.core.search.ranking import Ranker
from faqdesk.core.search.scoring import Vector, by_article, rank


def doc(n: int, title: str, body: str, lang: str = "en") -> IndexDoc:
    return IndexDoc(f"{lang}:a{n}", f"a{n}", lang, title, "", body, (), "c")


FIRST = [
    doc(1, "Lost parcel", "The parcel was lost. Parcel lost parcel."),
    doc(2, "Delivery delay", "The parcel is late; delivery takes long."),
    doc(3, "包裹丢失", "包裹丢失了，请联系客服。追踪号", "zh"),
]
SECOND = [
    doc(4, "Returns", "Return the parcel to the warehouse."),
    doc(5, "Phone", "Call support about a lost parcel, lost again."),
    doc(6, "退货", "退货的包裹，追踪号和订单号。", "zh"),
]


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    """An index of three segments (no merging) with one deleted document."""
    folder = tmp_path / "ix"
    folder.mkdir()
    build_index(folder, FIRST, procs=1).close()
    ix = open_index(folder)
    for batch in (SECOND[:2], SECOND[2:]):
        writer = ix.writer(codec=posting_codec())
        for item in batch:
            writer.add_document(**whoosh_fields(item))
        writer.commit(merge=False)
    writer = ix.writer(codec=posting_codec())
    writer.delete_by_term("key", "en:a2")
    writer.commit(merge=False)
    ix.close()
    return folder


def found(vector: Vector) -> dict[int, float]:
    """The documents a vector scores, with their scores."""
    return {int(d): float(vector[d]) for d in np.flatnonzero(vector)}


def whoosh_scores(searcher: object, term: str) -> dict[int, float]:
    q = wq.Or([wq.Term(f, term) for f in TEXT_FIELDS])
    return {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}  # type: ignore[attr-defined]


@pytest.mark.parametrize("term", ["parcel", "lost", "包裹", "追踪号", "return", "nothing"])
def test_term_scores_equal_whoosh_bm25f(index_dir: Path, term: str) -> None:
    ix = open_index(index_dir)
    with ix.searcher(weighting=BM25F()) as searcher:
        assert len(searcher.leaf_searchers()) == 3
        ranker = Ranker(searcher)
        ours = found(ranker.live(ranker.term_vector({term: 1.0})))
        theirs = whoosh_scores(searcher, term)
        assert ours.keys() == theirs.keys()
        for docnum, score in theirs.items():
            assert ours[docnum] == pytest.approx(score, rel=1e-5)
        # cached postings give the same answer
        assert found(ranker.live(ranker.term_vector({term: 1.0}))) == ours
    ix.close()


def test_deleted_documents_never_match(index_dir: Path) -> None:
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        ranker = Ranker(searcher)
        ids = {
            searcher.stored_fields(d)["key"]
            for d in found(ranker.live(ranker.term_vector({"delay": 1})))
        }
        assert ids == set()
        assert len(ranker.deleted) == 1
    ix.close()


def test_weights_scale_scores(index_dir: Path) -> None:
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        ranker = Ranker(searcher)
        one = found(ranker.term_vector({"parcel": 1.0}))
        half = found(ranker.term_vector({"parcel": 0.5}))
        assert one and half.keys() == one.keys()
        assert all(half[d] == pytest.approx(one[d] / 2) for d in one)
    ix.close()


def vector(scores: dict[int, float], count: int = 6) -> Vector:
    out = np.zeros(count)
    for key, score in scores.items():
        out[key] = score
    return out


def test_articles_found_by_every_word_come_first_then_those_with_some() -> None:
    a = vector({1: 1.0, 2: 2.0, 3: 0.5})
    b = vector({2: 1.0, 3: 1.0, 4: 9.0})
    # every word: articles 2 and 3; then, scaled below article 3, 4 before 1
    ranked = rank([a, b], 4)
    assert [key for key, _ in ranked.found] == [2, 3, 4, 1]
    assert ranked.found[:2] == [(2, 3.0), (3, 1.5)]
    assert ranked.found[2][1] < 1.5 and ranked.found[3][1] < ranked.found[2][1]
    assert ranked.total == 4
    assert rank([a, b], 1) == ([(2, 3.0)], 4)
    # one word: its articles, best first; a word found nowhere: nothing
    assert rank([b], 5).found == [(4, 9.0), (2, 1.0), (3, 1.0)]  # a tie: by article
    assert rank([b], 5).total == 3
    assert rank([vector({})], 5) == ([], 0)
    assert rank([], 5) == ([], 0)


def test_the_best_are_found_among_many_with_ties_at_the_edge() -> None:
    scores = vector({d: float(d % 7) for d in range(1, 200)}, count=200)
    ranked = rank([scores], 10).found
    expected = sorted(
        ((d, float(d % 7)) for d in range(1, 200) if d % 7), key=lambda x: (-x[1], x[0])
    )
    assert ranked == expected[:10]


def test_an_article_scores_the_best_of_its_translations() -> None:
    keys = np.asarray([0, 0, 2, 2, 4, 5], dtype=np.intp)  # articles (0, 1), (2, 3), 4, 5
    docs = vector({1: 2.0, 2: 1.0, 3: 3.0, 5: 0.5})
    assert found(by_article(docs, keys)) == {0: 2.0, 2: 3.0, 5: 0.5}
    assert by_article(docs, None) is docs
