"""Quoted phrases, matched on the postings the ranker already reads.

Whoosh's phrase query (``SpanNear2``) walks every document holding the first word through
layers of span objects; on 10,000 articles a phrase of two common words took 80–250 ms. Here:

1. the candidate documents: for each adjacent pair of words, the documents whose first
   word's follow mask holds the second word (:mod:`faqdesk.core.search.positions`; a few
   hundred where thousands hold both common words), the pairs' documents intersected;
   without masks (slop > 1, an index of another format), the postings of the phrase's
   distinct terms intersected by document;
2. positions are decoded only for the documents that hold every term, and checked in phrase
   order: each next word 1 to ``slop`` positions after the previous one (``slop`` > 1 where the
   quoted text had stop words between its words) — exactly Whoosh's ordered, ``mindist=1``
   span rule, so the same documents match. Many candidates of adjacent words (the masks
   leave thousands where three very common words are quoted) are checked as a matrix: one
   row of 64-bit words per document, each word's rows cut out of the stored blocks at once,
   shifted by one position and and-ed with the next word's rows (:func:`adjacent_rows`);
   a few, or words ``slop`` apart, as one Python integer per document;
3. a matching document scores, per field, the sum of its phrase words' BM25F term scores
   (as Whoosh's intersection matcher adds them), the fields added together (as ``Or`` does).

Chinese phrases need the segmented words adjacent in order; Russian and English their stems.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import accumulate, compress, filterfalse, pairwise
from operator import and_, le, or_
from typing import Any

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view
from whoosh.system import _INT_SIZE

from faqdesk.core.search.codec import MASK_SIZE, BlockValues, DamagedPostings, split_values
from faqdesk.core.search.positions import (
    BitPositions,
    block_bits,
    core_bits,
    cores_bits,
    follower_bits,
    position_bits,
    split_masks,
    value_bounds,
)
from faqdesk.core.search.scoring import Vector, id_vector

#: The positions of a term in each of many documents as bits, from their posting values.
ColumnBits = Callable[[list[bytes]], list[int]]
#: Posting indexes as a vector.
Indexes = npt.NDArray[np.intp]
#: Document numbers as a vector (C ints where read in place from the postings).
Documents = npt.NDArray[np.intp] | npt.NDArray[np.intc]
#: Bit sets as rows of little-endian 64-bit words (bit ``p`` of a row: a word at position p).
BitRows = npt.NDArray[np.uint64]
#: From this many candidate documents on, adjacent words are checked as rows of bits.
ROWS_FROM = 48
#: The most bytes one word's rows may take (a damaged or very long article's positions
#: make wide rows): beyond, its documents are checked one by one.
ROWS_BUDGET = 1 << 23
_ONE_BIT = np.uint64(1)
_TOP_BIT = np.uint64(63)
_LOW_ORDER = "<u8"


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


_NEXT = (1).__add__  # x -> x + 1


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


#: One block of a term's posting values: a tuple of whole values (a block in Whoosh's own
#: form, inlined postings), or the compact block's values as stored.
Block = tuple[bytes, ...] | BlockValues


class PositionBits:
    """One term's positions in each document of its postings, as bit sets: cut out of the
    stored blocks and decoded only for the postings asked for, and kept. ``follows``: the
    term's follow masks, 8 little-endian bytes per posting, in order (None for an index
    without them)."""

    __slots__ = ("_bases", "_bits_of", "_blocks", "_decoded", "follows")

    def __init__(
        self,
        blocks: list[tuple[bytes, array[int]]],
        bits_of: ColumnBits,
        follows: bytes | None = None,
    ) -> None:
        """``blocks``: per block, the joined values (or cores) and the end of each."""
        self._blocks = [(joined, array("I", [0]) + ends) for joined, ends in blocks]
        self._bases = [0, *accumulate(len(ends) for _, ends in blocks)]
        self._bits_of = bits_of
        self._decoded: dict[int, int] = {}
        if follows is not None and len(follows) != MASK_SIZE * self._bases[-1]:
            raise DamagedPostings("follow masks that do not fit their postings")
        self.follows = follows

    def __len__(self) -> int:
        return self._bases[-1]

    def _spans(self, todo: Sequence[int] | Indexes) -> Iterator[tuple[int, int, int]]:
        """Per block holding some of the increasing indexes ``todo``: its number, and where
        its indexes start and end in ``todo``."""
        lo = 0
        for n in range(len(self._blocks)):
            if lo == len(todo):
                return
            hi = bisect_left(todo, self._bases[n + 1], lo)
            if hi > lo:
                yield n, lo, hi
                lo = hi

    def _values(self, todo: list[int]) -> list[bytes]:
        """The values at the increasing indexes ``todo``, cut out block by block (C loops)."""
        out: list[bytes] = []
        for n, lo, hi in self._spans(todo):
            joined, bounds = self._blocks[n]
            if hi - lo >= _MANY:
                first, last = value_bounds(joined, bounds, todo[lo:hi], self._bases[n])
                starts, ends = first.tolist(), last.tolist()
            else:
                at = list(map(self._bases[n].__rsub__, todo[lo:hi]))  # i - base
                starts = list(map(bounds.__getitem__, at))
                ends = list(map(bounds.__getitem__, map(_NEXT, at)))
                if not all(map(le, starts, ends)) or max(ends) > len(joined):
                    raise DamagedPostings("posting values whose ends do not fit their bytes")
            out.extend(map(joined.__getitem__, map(slice, starts, ends)))
        return out

    def column(self, indexes: list[int]) -> list[int]:
        """The bits of the postings at ``indexes``, decoding those not decoded yet."""
        decoded = self._decoded
        todo = sorted(filterfalse(decoded.__contains__, indexes))
        if todo:
            if self._bits_of is cores_bits:  # the index's own format: many at once
                bits = self._cut_bits(todo)
            else:
                bits = self._bits_of(self._values(todo))
            decoded.update(zip(todo, bits, strict=True))
            if todo == indexes:  # none decoded before, asked for in order
                return bits
        return list(map(decoded.__getitem__, indexes))

    def rows(self, indexes: Indexes) -> BitRows | None:
        """The bit sets of the postings at ``indexes`` (increasing) as :data:`BitRows`, all of
        one width (a multiple of 64 bits, the widest's), or None when they would take more
        than :data:`ROWS_BUDGET` bytes. Each block's rows are cut out of its bytes at once (a
        sliding window at each payload), the bytes past each payload zeroed; a value that is
        not a plain bit set (Whoosh's deltas, far into a long article) is decoded alone.
        Raises :class:`~faqdesk.core.search.codec.DamagedPostings` as :meth:`column`."""
        parts: list[tuple[int, bytes, Any, Any]] = []  # first row, bytes, payloads, sizes
        odd: dict[int, int] = {}  # row -> bits of a value that is not a plain bit set
        width = 0
        for n, lo, hi in self._spans(indexes):
            joined, bounds = self._blocks[n]
            starts, ends = value_bounds(joined, bounds, indexes[lo:hi], self._bases[n])
            sizes = ends - starts - (_INT_SIZE + 1)  # the payload after frequency and kind
            tagged = np.flatnonzero(sizes >= 0)
            kinds = np.frombuffer(joined, dtype=np.uint8)[starts[tagged] + _INT_SIZE]
            for row in tagged[kinds != 0].tolist():  # deltas (or damage: raises)
                bits = core_bits(joined[int(starts[row]) : int(ends[row])])
                odd[lo + row] = bits
                sizes[row] = 0
            sizes[sizes < 0] = 0  # too short for a kind: no positions, as core_bits
            width = max(width, int(sizes.max()))
            parts.append((lo, joined, starts + (_INT_SIZE + 1), sizes))
        width = max([width, *((bits.bit_length() + 7) // 8 for bits in odd.values())])
        width = max(8, -(-width // 8) * 8)
        if len(indexes) * width > ROWS_BUDGET:
            return None
        out = np.empty((len(indexes), width), dtype=np.uint8)
        for lo, joined, payloads, sizes in parts:
            windows = sliding_window_view(
                np.frombuffer(joined + bytes(width), dtype=np.uint8), width
            )
            block = out[lo : lo + len(sizes)]
            block[:] = windows[np.minimum(payloads, len(joined))]
            if width <= _KEPT_MASKS:  # the bytes past each payload (the next values) zeroed
                block &= _payload_masks(width)[sizes]
            else:
                block[np.arange(width) >= sizes[:, None]] = 0
        for row, bits in odd.items():
            out[row] = np.frombuffer(bits.to_bytes(width, "little"), dtype=np.uint8)
        return out.view(_LOW_ORDER)

    def _cut_bits(self, todo: list[int]) -> list[int]:
        """``cores_bits(self._values(todo))``, block by block: :func:`block_bits` where a
        block has many of them, all bit sets."""
        out: list[int] = []
        for n, lo, hi in self._spans(todo):
            joined, bounds = self._blocks[n]
            part = todo[lo:hi]
            bits = block_bits(joined, bounds, part, self._bases[n]) if hi - lo >= _MANY else None
            out.extend(bits if bits is not None else cores_bits(self._values(part)))
        return out


#: Rows up to this many bytes wide are cut to their payloads with a kept table of masks.
_KEPT_MASKS = 512


@lru_cache(maxsize=4)
def _payload_masks(width: int) -> npt.NDArray[np.uint8]:
    """Row ``size``: ``width`` bytes, the first ``size`` of them all ones, the others 0."""
    ones = np.arange(width) < np.arange(width + 1)[:, None]
    return np.where(ones, np.uint8(0xFF), np.uint8(0))


#: From this many values of one block on, their bounds are looked up as vectors.
_MANY = 32


def phrase_rows(
    words: Sequence[str],
    slop: int,
    postings: Callable[[str], tuple[Sequence[int], PositionBits]],
) -> tuple[Documents, list[Indexes]]:
    """The documents where ``words`` (index terms, in order) form the phrase (increasing)
    and, per distinct term (``dict.fromkeys(words)`` order), the index of each one's posting
    in the term's list, to look up its weight.

    ``postings(term)``: the term's sorted document numbers and, at the same index, its
    positions in that document as bits (:class:`PositionBits`). The candidate documents
    (:func:`followed_documents`, else :func:`common_documents`) are checked word by word in
    phrase order; each next word is decoded only in the documents where the phrase so far
    was found: many as rows of bits (:func:`adjacent_rows`), else one integer per document,
    column-wise in C loops (``map``, ``compress``), no Python code per document.
    """
    distinct = list(dict.fromkeys(words))
    lists = [postings(term) for term in distinct]
    first_ids = id_vector(lists[0][0])
    if slop == 1 and len(words) > 1 and all(bits.follows is not None for _, bits in lists):
        columns = followed_documents(words, distinct, lists)
        if len(columns[0]) >= ROWS_FROM:
            found = adjacent_rows(words, distinct, lists, columns)
            if found is not None:
                return first_ids[columns[0][found]], [column[found] for column in columns]
        matched = _matched_columns(words, slop, distinct, lists, [c.tolist() for c in columns])
    else:
        common = common_documents([ids for ids, _ in lists])
        matched = _matched_columns(words, slop, distinct, lists, common)
    vectors = [np.asarray(column, dtype=np.intp) for column in matched]
    return first_ids[vectors[0]], vectors


def _matched_columns(
    words: Sequence[str],
    slop: int,
    distinct: list[str],
    lists: Sequence[tuple[Sequence[int], PositionBits]],
    columns: list[list[int]],
) -> list[list[int]]:
    """The candidate ``columns`` where the words form the phrase, one integer of bits per
    document."""
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
    return columns


def adjacent_rows(
    words: Sequence[str],
    distinct: list[str],
    lists: Sequence[tuple[Sequence[int], PositionBits]],
    columns: list[Indexes],
) -> Indexes | None:
    """The candidates (row numbers of ``columns``) where the words are adjacent, in order:
    per word, its bit sets in the candidates still in the running as :data:`BitRows`; the
    phrase's ends so far shifted by one position (the top bit of each 64-bit word carried
    into the next) and and-ed with them. None when some word's rows would be too wide."""
    found = np.arange(len(columns[0]))
    ends = lists[distinct.index(words[0])][1].rows(columns[distinct.index(words[0])])
    if ends is None:
        return None
    for word in words[1:]:
        n = distinct.index(word)
        following = lists[n][1].rows(columns[n][found])
        if following is None:
            return None
        width = following.shape[1]
        if ends.shape[1] < width:  # the next word reaches further: room for the carry
            ends = np.pad(ends, ((0, 0), (0, width - ends.shape[1])))
        else:  # past the next word's last word, nothing can follow
            ends = ends[:, :width]
        allowed = ends << _ONE_BIT
        allowed[:, 1:] |= ends[:, :-1] >> _TOP_BIT
        ends = allowed & following
        kept = ends.any(axis=1)
        if not kept.all():
            found, ends = found[kept], ends[kept]
    return found


def followed_documents(
    words: Sequence[str], distinct: list[str], lists: Sequence[tuple[Sequence[int], PositionBits]]
) -> list[Indexes]:
    """The documents where each phrase word's follow mask holds the next word (a superset of
    those where the words are adjacent), as :func:`common_documents` columns: per distinct
    term, the index in its list of each such document (in document order).

    Per adjacent pair, one vector test over the first word's masks (8 little-endian bytes
    each); the pairs' documents are intersected. A word that starts no pair (the last) may
    still be missing from a candidate (a mask can hold a word by chance), so its list is
    checked too. Vector operations throughout."""
    ids_of = [id_vector(ids) for ids, _ in lists]
    docs = None
    for word, following in pairwise(words):
        n = distinct.index(word)
        follows = lists[n][1].follows
        assert follows is not None
        masks = np.frombuffer(follows, dtype="<u8")
        bits = np.uint64(follower_bits(following))
        held = ids_of[n][(masks & bits) == bits]
        docs = held if docs is None else np.intersect1d(docs, held, assume_unique=True)
        if not len(docs):
            return [np.zeros(0, dtype=np.intp) for _ in distinct]
    assert docs is not None
    starters = set(words[:-1])
    for term, ids in zip(distinct, ids_of, strict=True):
        if term not in starters:
            docs = np.intersect1d(docs, ids, assume_unique=True)
    return [np.searchsorted(ids, docs) for ids in ids_of]


def bits_decoder(format_: Any) -> ColumnBits:
    """Posting values (for the index's
    :class:`~faqdesk.core.search.positions.BitPositions`: their cores, after the masks) to
    position bits: one C call per value for ours, through the format's own
    ``decode_positions`` for any other."""
    if type(format_) is BitPositions:
        return cores_bits
    return lambda values: [
        position_bits(format_.decode_positions(value)) if value else 0 for value in values
    ]


def position_column(format_: Any, blocks: list[Block]) -> PositionBits:
    """The :class:`PositionBits` of one term's posting blocks in a field of ``format_``:
    with follow masks for the index's :class:`~faqdesk.core.search.positions.BitPositions`
    (a compact block stores them apart; a short block's values start with theirs)."""
    parts: list[tuple[bytes, array[int]]] = []
    if type(format_) is not BitPositions:
        parts = [_joined(_whole_values(block)) for block in blocks]
        return PositionBits(parts, bits_decoder(format_))
    masks: list[bytes] = []
    for block in blocks:
        if isinstance(block, BlockValues):  # the writer always cuts the masks off
            if block.masks is None:
                raise DamagedPostings("a posting block without its follow masks")
            parts.append((block.joined, block.ends))
            masks.append(block.masks)
            continue
        split = split_masks(block)
        if split is None:
            raise DamagedPostings("posting values too short for their follow masks")
        parts.append(_joined(split[0]))
        masks.append(split[1])
    return PositionBits(parts, cores_bits, b"".join(masks))


def _whole_values(block: Block) -> Sequence[bytes]:
    if isinstance(block, BlockValues):
        return split_values(block.joined, block.ends)
    return block


def _joined(values: Sequence[bytes]) -> tuple[bytes, array[int]]:
    return b"".join(values), array("I", accumulate(map(len, values)))


def tree_sum(values: Sequence[Vector]) -> Vector:
    """The sum in the order Whoosh's binary matcher trees add scores (first half + second
    half, recursively), of whole vectors (element by element: the same floats)."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return tree_sum(values[:half]) + tree_sum(values[half:])
