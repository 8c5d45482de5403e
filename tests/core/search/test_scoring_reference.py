"""The vectors give exactly what the dictionaries gave (``ranking_reference.py``): the same
articles, scores (to the last bit), order and totals, on generated scores full of ties and
on the bundled content's index."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from faqdesk.core.search.knowledge_base import KnowledgeBase
from faqdesk.core.search.query import parse_query
from faqdesk.core.search.scoring import by_article, rank, zeros

from . import ranking_reference as reference

DOCS = 12
# few distinct values: ties everywhere
SCORE = st.one_of(st.sampled_from([0.5, 1.0, 1.5, 2.25]), st.floats(0.01, 30.0))
CLAUSE = st.dictionaries(st.integers(0, DOCS - 1), SCORE, max_size=DOCS)


@st.composite
def article_keys(draw: st.DrawFn) -> list[int] | None:
    """Each document's article (its first document), or None: one document each."""
    if draw(st.booleans()):
        return None
    sizes = draw(st.lists(st.integers(1, 3), min_size=1, max_size=DOCS))
    keys: list[int] = []
    for size in sizes:
        keys.extend([len(keys)] * size)
    return (keys + list(range(len(keys), DOCS)))[:DOCS]


@settings(max_examples=300, deadline=None)
@given(st.lists(CLAUSE, max_size=4), article_keys(), st.integers(1, 8))
def test_vectors_rank_as_the_dictionaries_did(
    clauses: list[dict[int, float]], keys: list[int] | None, limit: int
) -> None:
    # the search keeps a clause when it found something (a phrase: even when not)
    clauses = [c for c in clauses if c]
    key_array = None if keys is None else np.asarray(keys, dtype=np.intp)
    ours = rank([by_article(reference.from_mapping(DOCS, c), key_array) for c in clauses], limit)
    theirs = reference.rank([reference.by_article(c, keys) for c in clauses], limit)
    assert (ours.found, ours.total) == theirs


def test_term_vectors_hold_the_dictionaries_scores_on_the_bundled_index(
    bundled_content: Path, tmp_path: Path
) -> None:
    queries = ["包裹 丢失", "delivery delay", "追踪号", "посылка", "refund 退款", "de", "包"]
    with KnowledgeBase.open(bundled_content, tmp_path / "index") as kb:
        ranker = kb._get_ranker(kb._get_searcher())
        checked = 0
        for query in queries:
            for clause in kb._plan(parse_query(query, kb.synonyms)).clauses:
                expected = reference.term_scores(ranker, clause.terms)
                vector = ranker.term_vector(clause.terms)
                assert {int(d): float(vector[d]) for d in np.flatnonzero(vector)} == expected
                checked += bool(expected)
        assert checked >= 8


def test_a_vector_of_nothing_ranks_nothing() -> None:
    assert rank([zeros(5)], 3) == ([], 0)
    assert rank([zeros(0)], 3) == ([], 0)
