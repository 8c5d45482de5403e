"""The best articles for a query's clauses, from the ranker's score vectors
(:mod:`faqdesk.core.search.scoring`), with the clause cache and the filters."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from faqdesk.core.search.query import Clause
from faqdesk.core.search.ranking import Ranker
from faqdesk.core.search.scoring import ClauseVectors, Ranked, Vector, by_article, rank


def score_articles(
    clauses: Sequence[Clause],
    ranker: Ranker,
    allowed: set[int] | None,
    doc_ids: Sequence[str],
    limit: int,
) -> tuple[Ranked, list[Vector]] | None:
    """The best ``limit`` articles for a query's clauses (only among the documents
    ``allowed``, when not None), and each clause's document scores (to choose the
    translation to show); None when there is no clause and no filter."""
    keys = ranker.article_keys(doc_ids)
    permitted = None
    if allowed is not None:
        permitted = np.zeros(ranker.doc_count, dtype=bool)
        permitted[np.fromiter(allowed, dtype=np.intp, count=len(allowed))] = True

    def usable(docs: Vector) -> Vector:
        docs = ranker.live(docs)
        return docs if permitted is None else np.where(permitted, docs, 0.0)

    # Per query word, document scores; per article, the best of its translations: all words
    # must be in the article, not necessarily in one language ("refund 退款").
    doc_scores: list[Vector] = []
    article_scores: list[Vector] = []  # at each article's key document
    for clause in clauses:
        # kept per searcher (typing repeats the words); not under a filter
        cache = ranker.clause_cache
        key = cache.key(clause.terms, clause.phrase, clause.slop) if allowed is None else None
        vectors = cache.get(key)
        if vectors is None:
            if clause.is_phrase:
                docs = ranker.phrase_vector(clause.phrase, clause.slop)
            else:
                docs = ranker.term_vector(clause.terms)
            docs = usable(docs)
            vectors = ClauseVectors(docs, by_article(docs, keys))
            cache.put(key, vectors)
        if clause.is_phrase or vectors.docs.any():  # a phrase found nowhere: no article
            doc_scores.append(vectors.docs)
            article_scores.append(vectors.articles)
    if not clauses:
        if allowed is None:
            return None
        docs = usable(np.ones(ranker.doc_count, dtype=np.float64))  # filters only
        doc_scores, article_scores = [docs], [by_article(docs, keys)]
    return rank(article_scores, limit), doc_scores
