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
from typing import Any

#: The positions of a term in one document as bits, from its posting value.
BitsOf = Callable[[bytes], int]


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


def _delta_bits(value: bytes) -> int:
    """:func:`position_bits` of a Whoosh ``Positions`` posting value (4 bytes of frequency,
    then the pickled position deltas, whose final STOP byte Whoosh may leave out: one more
    is harmless, pickle ignores what follows the end). Positions are distinct unless a
    delta after the first is 0: then the slower OR, else a plain sum of the bits."""
    deltas = loads(value[4:] + b".")
    if 0 in deltas[1:]:
        return reduce(or_, map(_ONE_AT, accumulate(deltas)), 0)
    return sum(map(_ONE_AT, accumulate(deltas)))


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
    """One term's positions in each document of its postings, as bit sets (``bits[i]``;
    -1 until decoded), decoded from the posting values when first needed and kept (the raw
    value is then dropped)."""

    __slots__ = ("_bits_of", "_values", "bits")

    def __init__(self, values: list[bytes | None], bits_of: BitsOf) -> None:
        self._values = values
        self._bits_of = bits_of
        self.bits: list[int] = [-1] * len(values)

    def __len__(self) -> int:
        return len(self.bits)

    def decode(self, indexes: Iterable[int]) -> list[int]:
        """Decodes the postings at ``indexes`` (those not decoded yet); returns ``bits``."""
        bits, values, bits_of = self.bits, self._values, self._bits_of
        for i in indexes:
            if bits[i] < 0:
                value = values[i]
                bits[i] = bits_of(value) if value else 0
                values[i] = None
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
    positions in that document as bits (:class:`PositionBits`). Only the postings of the
    documents that hold every term are decoded.
    """
    distinct = list(dict.fromkeys(words))
    lists = [postings(term) for term in distinct]
    alive = common_documents([ids for ids, _ in lists])
    # word by word in phrase order, each next word decoded only in the documents where the
    # phrase so far was found: ``ends`` are the bits where the phrase so far ends
    n = distinct.index(words[0])
    first = lists[n][1].decode(where[n] for where in alive)
    ends = [first[where[n]] for where in alive]
    for word in words[1:]:
        n = distinct.index(word)
        following = lists[n][1].decode(where[n] for where in alive)
        kept: list[list[int]] = []
        kept_ends: list[int] = []
        for where, end in zip(alive, ends, strict=True):
            allowed = end << 1
            for gap in range(2, slop + 1):
                allowed |= end << gap
            end = allowed & following[where[n]]
            if end:
                kept.append(where)
                kept_ends.append(end)
        alive, ends = kept, kept_ends
    first_ids = lists[0][0]
    return {first_ids[where[0]]: where for where in alive}


def bits_decoder(format_: Any) -> BitsOf:
    """The posting value to position bits of a field's format: fast for Whoosh's
    ``Positions``, through the format's own ``decode_positions`` for any other."""
    from whoosh.formats import Positions

    if type(format_) is Positions:
        return _delta_bits
    return lambda value: position_bits(format_.decode_positions(value))


def tree_sum(values: Sequence[float]) -> float:
    """The sum in the order Whoosh's binary matcher trees add scores (first half + second
    half, recursively)."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return tree_sum(values[:half]) + tree_sum(values[half:])
