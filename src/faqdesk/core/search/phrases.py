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
from functools import reduce
from itertools import accumulate
from operator import or_
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


_ONE_AT = (1).__lshift__


def position_bits(positions: Iterable[int]) -> int:
    """The positions as one integer's bits (bit p set: a word at position p)."""
    return reduce(or_, map(_ONE_AT, positions), 0)


def bits_form_phrase(bits: Sequence[int], slop: int) -> bool:
    """True when the words (their positions as bits, in phrase order) follow each other, each
    1 to ``slop`` positions after the previous: shifts and ands of whole bit sets."""
    ends = bits[0]
    for following in bits[1:]:
        allowed = ends << 1
        for gap in range(2, slop + 1):
            allowed |= ends << gap
        ends = allowed & following
        if not ends:
            return False
    return True


def has_phrase(positions: Sequence[Iterable[int]], slop: int) -> bool:
    """True when the words occur in order, each 1 to ``slop`` positions after the previous
    (``positions``: per phrase word, its positions in the document)."""
    return bits_form_phrase([position_bits(p) for p in positions], slop)


class PositionBits:
    """One term's positions in each document of its postings, as bit sets, decoded from the
    posting values on first use and kept (the raw value is then dropped)."""

    __slots__ = ("_bits", "_decode", "_values")

    def __init__(self, values: list[bytes | None], decode: DecodePositions) -> None:
        self._values = values
        self._decode = decode
        self._bits: list[int] = [-1] * len(values)

    def __len__(self) -> int:
        return len(self._bits)

    def __getitem__(self, index: int) -> int:
        bits = self._bits[index]
        if bits < 0:
            value = self._values[index]
            bits = self._bits[index] = position_bits(self._decode(value)) if value else 0
            self._values[index] = None
        return bits


def phrase_documents(
    words: Sequence[str],
    slop: int,
    postings: Callable[[str], tuple[Sequence[int], PositionBits]],
) -> dict[int, list[int]]:
    """The documents where ``words`` (index terms, in order) form the phrase: per document,
    the index of its posting in each distinct term's list (``dict.fromkeys(words)`` order), to
    look up the term's weight.

    ``postings(term)``: the term's sorted document numbers and, at the same index, its
    positions in that document as bits (:class:`PositionBits`).
    """
    distinct = list(dict.fromkeys(words))
    lists = [postings(term) for term in distinct]
    bit_lists = [bits for _, bits in lists]
    slot = [distinct.index(word) for word in words]
    first_ids = lists[0][0]
    found: dict[int, list[int]] = {}
    for where in common_documents([ids for ids, _ in lists]):
        bits = [bit_lists[n][where[n]] for n in slot]
        if bits_form_phrase(bits, slop):
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
