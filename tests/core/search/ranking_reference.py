"""The dictionary pipeline the search used before its scores became vectors
(``faqdesk.core.search.scoring``), kept as the reference the vectors are compared with: one
dictionary of document -> score per clause, per article the best translation, then the
articles with every word, then those with some. Its one change: ties are broken by article
(the vectors' rule; the dictionaries kept their insertion order)."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from math import log

import numpy as np

from faqdesk.core.search.index import TEXT_FIELDS
from faqdesk.core.search.ranking import K1, Ranker
from faqdesk.core.search.scoring import Vector, zeros

Scores = dict[int, float]


def unit_scores(ranker: Ranker, fieldname: str, term: str) -> tuple[list[int], list[float]]:
    """A term's BM25F score per document of its postings, computed in Python floats."""
    ids, weights = ranker.postings(fieldname, term)
    df = ranker.doc_frequency(fieldname, term)
    factor = (log(ranker.doc_count / (df + 1)) + 1) * (K1 + 1)
    norms = ranker._field_norms(fieldname).tolist()  # Python floats
    return list(ids), [factor * w / (w + norms[d]) for d, w in zip(ids, weights, strict=True)]


def term_scores(ranker: Ranker, terms: Mapping[str, float]) -> Scores:
    parts = []
    for term, boost in terms.items():
        for fieldname in TEXT_FIELDS:
            if ranker.doc_frequency(fieldname, term):
                parts.append((*unit_scores(ranker, fieldname, term), boost))
    if not parts:
        return {}
    parts.sort(key=lambda part: len(part[0]), reverse=True)
    ids, units, boost = parts[0]
    acc: Scores = dict(zip(ids, units if boost == 1.0 else map(boost.__mul__, units), strict=True))
    get = acc.get
    for ids, units, boost in parts[1:]:
        for d, score in zip(ids, units, strict=True):
            acc[d] = get(d, 0.0) + (score if boost == 1.0 else boost * score)
    return acc


def by_article(scores: Scores, first: Sequence[int] | None) -> Scores:
    if first is None:
        return scores
    out: Scores = {}
    get = out.get
    for d, score in scores.items():
        key = first[d]
        if score > get(key, 0.0):
            out[key] = score
    return out


def combine_all(clauses: list[Scores]) -> Scores:
    if not clauses:
        return {}
    ordered = sorted(clauses, key=len)
    out = dict(ordered[0])
    for other in ordered[1:]:
        out = {d: score + other[d] for d, score in out.items() if d in other}
    return out


def combine_any(clauses: list[Scores]) -> Scores:
    if not clauses:
        return {}
    ordered = sorted(clauses, key=len, reverse=True)
    out = dict(ordered[0])
    get = out.get
    for clause in ordered[1:]:
        for d, score in clause.items():
            out[d] = get(d, 0.0) + score
    return out


def top(scores: Scores, limit: int, exclude: Iterable[int] = ()) -> list[tuple[int, float]]:
    skip = set(exclude)
    best = heapq.nsmallest(limit, ((-s, d) for d, s in scores.items() if d not in skip))
    return [(d, -s) for s, d in best]


def rank(article_scores: list[Scores], limit: int) -> tuple[list[tuple[int, float]], int]:
    """The best articles and the total, as the search found them with dictionaries."""
    matched = combine_all(article_scores)
    found = top(matched, limit)
    total = len(set().union(*article_scores)) if len(article_scores) > 1 else len(matched)
    if len(found) < limit and total > len(matched):
        more = top(combine_any(article_scores), limit - len(found), exclude=matched)
        if found and more and more[0][1] >= found[-1][1]:
            scale = found[-1][1] * 0.99 / more[0][1]
            more = [(a, score * scale) for a, score in more]
        found.extend(more)
    return found, total


def from_mapping(count: int, scores: Mapping[int, float]) -> Vector:
    """A vector of ``count`` documents from a dictionary of document -> score."""
    out = zeros(count)
    if scores:
        out[np.fromiter(scores.keys(), dtype=np.intp, count=len(scores))] = np.fromiter(
            scores.values(), dtype=np.float64, count=len(scores)
        )
    return out
