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

from collections.abc import Callable, Iterable, Sequence
from itertools import compress
from operator import and_, or_
from typing import Any

from faqdesk.core.search.positions import BitPositions, position_bits, values_bits

#: The positions of a term in one document as bits, from its posting value.
BitsOf = Callable[[bytes], int]
#: The same for many posting values at once.
ColumnBits = Callable[[list[bytes]], list[int]]


def common_documents(id_lists: Sequence[Sequence[int]]) -> list[list[int]]:
    """The documents present in every (sorted) id list, as columns: per list, the index in
    it of each common document (in document order). The shortest list is turned into a set
    and intersected with the others; each list's indexes are its positions holding a common
    document (one membership test per entry) — C loops, no Python loop per document."""
    if not id_lists or any(len(ids) == 0 for ids in id_lists):
        return [[] for _ in id_lists]
    order = sorted(range(len(id_lists)), key=lambda n: len(id_lists[n]))
    common = set(id_lists[order[0]]).intersection(*(id_lists[n] for n in order[1:]))
    has = common.__contains__
    return [list(compress(range(len(ids)), map(has, ids))) for ids in id_lists]


_NEGATIVE = (0).__gt__  # x -> 0 > x


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

    def __init__(self, values: list[bytes | None], bits_of: ColumnBits) -> None:
        self._values = values
        self._bits_of = bits_of
        self.bits: list[int] = [-1] * len(values)

    def __len__(self) -> int:
        return len(self.bits)

    def column(self, indexes: list[int]) -> list[int]:
        """The bits of the postings at ``indexes``, decoding those not decoded yet."""
        bits, values = self.bits, self._values
        todo = list(compress(indexes, map(_NEGATIVE, map(bits.__getitem__, indexes))))
        if todo:
            raw = [value or b"" for value in map(values.__getitem__, todo)]
            for i, decoded in zip(todo, self._bits_of(raw), strict=True):
                bits[i] = decoded
                values[i] = None
        return list(map(bits.__getitem__, indexes))


def phrase_documents(
    words: Sequence[str],
    slop: int,
    postings: Callable[[str], tuple[Sequence[int], PositionBits]],
) -> dict[int, list[int]]:
    """The documents where ``words`` (index terms, in order) form the phrase: per document,
    the index of its posting in each distinct term's list (``dict.fromkeys(words)`` order), to
    look up the term's weight.

    ``postings(term)``: the term's sorted document numbers and, at the same index, its
    positions in that document as bits (:class:`PositionBits`). The documents that hold every
    term are checked word by word in phrase order; each next word is decoded only in the
    documents where the phrase so far was found. Column-wise, in C loops (``map``,
    ``compress``): Python code runs per document only to decode a posting the first time.
    """
    distinct = list(dict.fromkeys(words))
    lists = [postings(term) for term in distinct]
    columns = common_documents([ids for ids, _ in lists])
    shifts = [gap.__rlshift__ for gap in range(1, max(1, slop) + 1)]  # x -> x << gap
    # ``ends``: per document still in the running, the bits where the phrase so far ends
    n = distinct.index(words[0])
    ends = lists[n][1].column(columns[n])
    for word in words[1:]:
        n = distinct.index(word)
        following = lists[n][1].column(columns[n])
        allowed = list(map(shifts[0], ends))
        for shift in shifts[1:]:
            allowed = list(map(or_, allowed, map(shift, ends)))
        ends = list(map(and_, allowed, following))
        if not all(ends):
            columns = [list(compress(column, ends)) for column in columns]
            ends = list(filter(None, ends))
    first_ids = lists[0][0]
    return {first_ids[row[0]]: list(row) for row in zip(*columns, strict=True)}


def bits_decoder(format_: Any) -> ColumnBits:
    """Posting values to position bits for a field's format: one C call per value for the
    index's :class:`~faqdesk.core.search.positions.BitPositions`, through the format's own
    ``decode_positions`` for any other."""
    if type(format_) is BitPositions:
        return values_bits
    return lambda values: [
        position_bits(format_.decode_positions(value)) if value else 0 for value in values
    ]


def tree_sum(values: Sequence[float]) -> float:
    """The sum in the order Whoosh's binary matcher trees add scores (first half + second
    half, recursively)."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return tree_sum(values[:half]) + tree_sum(values[half:])
