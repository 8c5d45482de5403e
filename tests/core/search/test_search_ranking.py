"""Our BM25F ranking over raw postings gives Whoosh's own BM25F scores, on every segment."""

from __future__ import annotations

from pathlib import Path

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
from faqdesk.core.search.ranking import Ranker, combine_all, combine_any, top


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


def whoosh_scores(searcher: object, term: str) -> dict[int, float]:
    q = wq.Or([wq.Term(f, term) for f in TEXT_FIELDS])
    return {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}  # type: ignore[attr-defined]


@pytest.mark.parametrize("term", ["parcel", "lost", "包裹", "追踪号", "return", "nothing"])
def test_term_scores_equal_whoosh_bm25f(index_dir: Path, term: str) -> None:
    ix = open_index(index_dir)
    with ix.searcher(weighting=BM25F()) as searcher:
        assert len(searcher.leaf_searchers()) == 3
        ranker = Ranker(searcher)
        ours = ranker.live(ranker.term_scores({term: 1.0}))
        theirs = whoosh_scores(searcher, term)
        assert ours.keys() == theirs.keys()
        for docnum, score in theirs.items():
            assert ours[docnum] == pytest.approx(score, rel=1e-5)
        # cached postings give the same answer
        assert ranker.live(ranker.term_scores({term: 1.0})) == ours
    ix.close()


def test_deleted_documents_never_match(index_dir: Path) -> None:
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        ranker = Ranker(searcher)
        ids = {
            searcher.stored_fields(d)["key"] for d in ranker.live(ranker.term_scores({"delay": 1}))
        }
        assert ids == set()
        assert len(ranker.deleted) == 1
    ix.close()


def test_weights_scale_scores(index_dir: Path) -> None:
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        ranker = Ranker(searcher)
        one = ranker.term_scores({"parcel": 1.0})
        half = ranker.term_scores({"parcel": 0.5})
        assert all(half[d] == pytest.approx(one[d] / 2) for d in one)
    ix.close()


def test_combining_and_top() -> None:
    a = {1: 1.0, 2: 2.0, 3: 0.5}
    b = {2: 1.0, 3: 1.0, 4: 9.0}
    assert combine_all([a, b]) == {2: 3.0, 3: 1.5}
    assert combine_all([a, {}]) == {}
    assert combine_any([a, b]) == {1: 1.0, 2: 3.0, 3: 1.5, 4: 9.0}
    assert top(combine_any([a, b]), 2) == [(4, 9.0), (2, 3.0)]
    assert top(a, 5, exclude=[2]) == [(1, 1.0), (3, 0.5)]
