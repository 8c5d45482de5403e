"""Query scores as vectors: one float per document, added, maxed and ranked by NumPy.

A query word (a clause: the word and its synonyms, in every searched field) matches
thousands of documents in a large index, and combining its scores one document at a time in
Python dictionaries cost several milliseconds per query. Here a clause's scores are a vector
of one float per document (0.0 where the clause is not found: every score of a match is
above 0), and the steps are whole-vector operations:

- a clause's terms: their BM25F scores (:meth:`Ranker.unit_scores
  <faqdesk.core.search.ranking.Ranker.unit_scores>`) added at their documents, the longest
  posting list first, as the dictionaries added them (the same floats, in the same order);
- per article: the best of its translations (the vector indexed by each article's key
  document, its first);
- all words: the articles every clause found, their scores added from the clause that found
  the fewest articles up, as before; some words (the fallback when too few have all): added
  from the clause that found the most;
- the best ``limit``: a partial sort, then by score, ties by article (the key document).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

#: Per document (or per article, at its key document): a score, 0.0 where nothing matched.
Vector = npt.NDArray[np.float64]


class ClauseVectors(NamedTuple):
    """A clause's scores per document and per article (the same array when every article
    has one document)."""

    docs: Vector
    articles: Vector


def zeros(count: int) -> Vector:
    return np.zeros(count, dtype=np.float64)


def add_postings(acc: Vector, ids: Sequence[int], scores: Vector, boost: float) -> None:
    """Add one posting list's scores (times ``boost``) at its documents (``ids``, which
    never repeat; an array of C ints is read in place)."""
    acc[id_vector(ids)] += scores if boost == 1.0 else boost * scores


def by_article(docs: Vector, keys: npt.NDArray[np.intp] | None) -> Vector:
    """Per article, at its key document (``keys[d]``): the best score of its documents.
    ``keys`` None: every article has one document, and the vector is ``docs`` itself."""
    if keys is None:
        return docs
    found = np.flatnonzero(docs > 0.0)
    out = zeros(len(docs))
    np.maximum.at(out, keys[found], docs[found])
    return out


class Ranked(NamedTuple):
    """The best articles (key document, score), best first, and how many the query found."""

    found: list[tuple[int, float]]
    total: int


def rank(clauses: Sequence[Vector], limit: int) -> Ranked:
    """The best ``limit`` articles for these per-article clause vectors: first those every
    clause found, scores added; when fewer than ``limit``, then those some clause found,
    scaled below the last of the first kind (keeping their order). ``total``: every article
    some clause found (every clause, when there is one)."""
    if not clauses:
        return Ranked([], 0)
    found_by = [vector > 0.0 for vector in clauses]
    counts = [int(np.count_nonzero(mask)) for mask in found_by]
    every = np.logical_and.reduce(found_by)
    some = np.logical_or.reduce(found_by)
    keys = np.flatnonzero(every)
    # from the clause that found the fewest articles up (stable: ties in clause order)
    fewest_first = sorted(range(len(clauses)), key=counts.__getitem__)
    found = best(keys, _summed(clauses, fewest_first, keys), limit)
    total = int(np.count_nonzero(some)) if len(clauses) > 1 else len(keys)
    if len(found) < limit and total > len(keys):
        # from the clause that found the most articles down (stable)
        most_first = sorted(range(len(clauses)), key=counts.__getitem__, reverse=True)
        others = np.flatnonzero(some & ~every)
        more = best(others, _summed(clauses, most_first, others), limit - len(found))
        if found and more and more[0][1] >= found[-1][1]:
            scale = found[-1][1] * 0.99 / more[0][1]
            more = [(key, score * scale) for key, score in more]
        found.extend(more)
    return Ranked(found, total)


def _summed(clauses: Sequence[Vector], order: list[int], keys: npt.NDArray[np.intp]) -> Vector:
    """The clauses' scores at ``keys``, added in ``order`` (the order fixes the floats)."""
    scores = clauses[order[0]][keys]
    for k in order[1:]:
        scores = scores + clauses[k][keys]
    return scores


def best(keys: npt.NDArray[np.intp], scores: Vector, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best (key, score), by score, ties by key (both ascending keys)."""
    if limit <= 0 or not len(keys):
        return []
    if len(keys) > limit:
        # every score at least the limit-th best (ties at the edge all kept, then cut)
        edge = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        chosen = np.flatnonzero(scores >= edge)
        keys, scores = keys[chosen], scores[chosen]
    order = np.lexsort((keys, -scores))[:limit]
    return [(int(keys[i]), float(scores[i])) for i in order]


def id_vector(values: Sequence[int]) -> npt.NDArray[np.intp] | npt.NDArray[np.intc]:
    """Document numbers as a vector: an array of C ints read in place."""
    if isinstance(values, array) and values.typecode == "i":
        return np.frombuffer(values, dtype=np.intc)
    return np.asarray(values, dtype=np.intp)
