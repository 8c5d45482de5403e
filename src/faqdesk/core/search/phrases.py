"""Quoted phrases, matched on the postings the ranker already reads.

Whoosh's phrase query (``SpanNear2``) walks every document holding the first word through
layers of span objects; on 10,000 articles a phrase of two common words took 80–250 ms. Here:

1. the postings of the phrase's distinct terms are intersected by document, starting from the
   rarest term (a binary search per candidate in the longer lists);
2. positions are decoded only for the documents that hold every term, and checked in phrase
   order: each next word 1 to ``slop`` positions after the previous one (``slop`` > 1 where the
   quoted text had stop words between its words) — exactly Whoosh's ordered, ``mindist=1``
   span rule, so the same documents match;
3. a matching document scores, per field, the sum of its phrase words' BM25F term scores
   (as Whoosh's intersection matcher adds them), the fields added together (as ``Or`` does).

Chinese phrases need the segmented words adjacent in order; Russian and English their stems.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate
from pickle import loads
from typing import Any, cast

#: The positions of a term in one document, decoded from its posting value.
DecodePositions = Callable[[bytes], Iterable[int]]


def common_documents(id_lists: Sequence[Sequence[int]]) -> list[list[int]]:
    """For the documents present in every (sorted) id list: per document, its index in each
    list (in the order of ``id_lists``). Starts from the shortest list; the others are only
    searched (binary search) for the documents every list has."""
    if not id_lists or any(len(ids) == 0 for ids in id_lists):
        return []
    order = sorted(range(len(id_lists)), key=lambda n: len(id_lists[n]))
    rarest = id_lists[order[0]]
    common = set(rarest).intersection(*(id_lists[n] for n in order[1:]))
    if not common:
        return []
    found: list[list[int]] = []
    for first_index, doc in enumerate(rarest):
        if doc not in common:
            continue
        where = [0] * len(id_lists)
        where[order[0]] = first_index
        for n in order[1:]:
            where[n] = bisect_left(id_lists[n], doc)
        found.append(where)
    return found


_ONE_AFTER = (1).__add__
_ONE_BEFORE = (-1).__add__


def has_phrase(positions: Sequence[Iterable[int]], slop: int) -> bool:
    """True when the words occur in order, each 1 to ``slop`` positions after the previous
    (``positions``: per phrase word, its positions in the document). Set operations only:
    the positions where the next word may stand, intersected with where it stands."""
    if len(positions) == 2 and slop == 1:  # the usual phrase: the smaller set is built
        first, second = list(positions[0]), list(positions[1])
        if len(first) <= len(second):
            return not set(map(_ONE_AFTER, first)).isdisjoint(second)
        return not set(map(_ONE_BEFORE, second)).isdisjoint(first)
    shifts = [gap.__add__ for gap in range(1, slop + 1)]
    current: Iterable[int] = positions[0]
    last = len(positions) - 1
    for n in range(1, last + 1):
        if len(shifts) == 1:
            allowed = set(map(shifts[0], current))
        else:
            allowed = set()
            found = list(current)
            for shift in shifts:
                allowed.update(map(shift, found))
        if n == last:
            return not allowed.isdisjoint(positions[n])
        current = allowed.intersection(positions[n])
        if not current:
            return False
    return True


def phrase_documents(
    words: Sequence[str],
    slop: int,
    postings: Callable[[str], tuple[Sequence[int], Sequence[bytes]]],
    decode: DecodePositions,
) -> dict[int, list[int]]:
    """The documents where ``words`` (index terms, in order) form the phrase: per document,
    the index of its posting in each distinct term's list (``dict.fromkeys(words)`` order), to
    look up the term's weight.

    ``postings(term)``: the term's sorted document numbers and posting values (positions).
    """
    distinct = list(dict.fromkeys(words))
    lists = [postings(term) for term in distinct]
    values = [vals for _, vals in lists]
    first_ids = lists[0][0]
    found: dict[int, list[int]] = {}
    if len(distinct) == len(words):
        for where in common_documents([ids for ids, _ in lists]):
            positions = [decode(vals[i]) for vals, i in zip(values, where, strict=True)]
            if has_phrase(positions, slop):
                found[first_ids[where[0]]] = where
        return found
    slot = [distinct.index(word) for word in words]  # a word repeated in the phrase
    for where in common_documents([ids for ids, _ in lists]):
        decoded = [list(decode(vals[i])) for vals, i in zip(values, where, strict=True)]
        if has_phrase([decoded[n] for n in slot], slop):
            found[first_ids[where[0]]] = where
    return found


def positions_decoder(format_: Any) -> DecodePositions:
    """A fast decoder of Whoosh's ``Positions`` posting values (4 bytes of frequency, then
    the pickled position deltas, whose final STOP byte Whoosh may leave out: one more is
    harmless, pickle ignores what follows the end); any other format: its own
    ``decode_positions``."""
    from whoosh.formats import Positions

    if type(format_) is not Positions:
        return cast(DecodePositions, format_.decode_positions)

    def decode(value: bytes) -> Iterable[int]:
        return accumulate(loads(value[4:] + b"."))

    return decode


def tree_sum(values: Sequence[float]) -> float:
    """The sum in the order Whoosh's binary matcher trees add scores (first half + second
    half, recursively)."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return tree_sum(values[:half]) + tree_sum(values[half:])
