"""Word positions in the index as bit sets: a quoted phrase reads them without unpickling.

Whoosh's ``Positions`` format stores a posting's positions as a pickled list of deltas; a
phrase of two common words must unpickle and sum them in thousands of documents, the cost
of a quoted phrase on 10,000 articles. :class:`BitPositions` stores the same positions as
the bytes of one integer (bit ``p`` set: a word at position ``p``), so a document's positions
become a bit set with one ``int.from_bytes`` (C), and many documents' with one ``map``.

A posting value is the term's *follow mask* (8 bytes, little-endian) and then its *core*: the
frequency (4 bytes, as Whoosh's), a tag byte, and for tag ``0`` the bit set's bytes
(little-endian), for tag ``1`` Whoosh's pickled deltas when that is shorter (a word far into
a long document: its bit set would be mostly zeros). The compact posting blocks
(:mod:`faqdesk.core.search.codec`) store the masks and the cores apart, so a phrase reads the
masks of a whole block with one copy. Whoosh's own queries (filters, the phrase equivalence
tests) read a value through :meth:`decode_positions`.

The follow mask is a 64-bit Bloom filter of the terms that come right after the term in the
document (two bits per following term, from a CRC of it): a phrase of two common words
starts from the documents whose first word's mask holds the second word's bits — a few
hundred of the thousands holding both words — and checks positions only there (a "next word
index" in miniature). A mask never misses a following term, so the phrase finds exactly what
it found without it.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache, reduce
from itertools import accumulate, pairwise, repeat
from operator import itemgetter, or_
from pickle import dumps, loads
from typing import Any

from whoosh.formats import Positions, tokens
from whoosh.system import _INT_SIZE, pack_uint, unpack_uint

from faqdesk.core.search.codec import MASK_SIZE, DamagedPostings

_BITS = 0
_DELTAS = 1
_BITS_TAG = bytes([_BITS])
_DELTAS_TAG = bytes([_DELTAS])
_TAG = itemgetter(_INT_SIZE)
_PAYLOAD = itemgetter(slice(_INT_SIZE + 1, None))
#: A posting value starts with its follow mask (``MASK_SIZE`` bytes).
_MASK = itemgetter(slice(0, MASK_SIZE))
_CORE = itemgetter(slice(MASK_SIZE, None))
#: A follow mask that holds every term: written where the following terms are not known
#: (Whoosh's own ``encode``), read from a value too short to hold one.
ANY_FOLLOWER = (1 << 64) - 1
_ONE_AT = (1).__lshift__
_pack_frequency: Callable[[int], bytes] = pack_uint  # 4 bytes, as Whoosh's
_ONE = _pack_frequency(1)
_FROM_BYTES: Callable[[bytes, str], int] = int.from_bytes  # type: ignore[assignment]
#: Bit sets up to this many bytes are always kept as bit sets.
BITS_ALWAYS = 64
#: No word of an article is further in than this (an article of 4 million words): a position
#: past it is damage, not a word, and would make a bit set of ``MAX_POSITION / 8`` bytes.
MAX_POSITION = 1 << 22


def position_bits(positions: Iterable[int]) -> int:
    """The positions as one integer's bits (bit p set: a word at position p)."""
    return reduce(or_, map(_ONE_AT, positions), 0)


def bit_positions(bits: int) -> list[int]:
    """The set bits of ``bits``, in increasing order."""
    out: list[int] = []
    while bits:
        low = bits & -bits
        out.append(low.bit_length() - 1)
        bits ^= low
    return out


#: Follower bits kept per term and per word position: few, since an index worker sees every
#: code and rare word once (bounded caches cost memory in each worker).
BITS_CACHE = 8192


@lru_cache(maxsize=BITS_CACHE)
def follower_bits(term: str) -> int:
    """The two bits a term sets in the follow mask of the term before it (from a CRC, the
    same in every process: Python's own string hash is not)."""
    h = zlib.crc32(term.encode("utf-8", "surrogatepass"))
    return (1 << (h & 63)) | (1 << ((h >> 6) & 63))


#: The follower bits of the terms of one word position (a word and its sub-words), kept
#: (bounded: cleared when full).
_POSITION_BITS: dict[tuple[str, ...], int] = {}


def followers_bits(terms: tuple[str, ...]) -> int:
    """The :func:`follower_bits` of all the terms at one word position, OR-ed (kept: the
    same words come back document after document)."""
    bits = _POSITION_BITS.get(terms)
    if bits is None:
        bits = reduce(or_, map(follower_bits, terms), 0)
        if len(_POSITION_BITS) >= BITS_CACHE:
            _POSITION_BITS.clear()
        _POSITION_BITS[terms] = bits
    return bits


def follow_masks(found: Mapping[str, Sequence[int]]) -> dict[str, int]:
    """Per term of one document (``found``: term -> its positions), the follow mask: the
    :func:`follower_bits` of every term at a position right after one of its own."""
    at: dict[int, int] = {}
    get = at.get
    for term, positions in found.items():
        bits = follower_bits(term)
        for p in positions:
            at[p] = get(p, 0) | bits
    return {
        term: reduce(or_, map(get, map((1).__add__, positions), repeat(0)), 0)
        for term, positions in found.items()
    }


def _deltas(positions: Sequence[int]) -> list[int]:
    return [positions[0], *(b - a for a, b in pairwise(positions))]


class BitPositions(Positions):  # type: ignore[misc]
    """Whoosh's ``Positions`` with each posting's positions stored as a bit set (or, when
    shorter, as Whoosh's pickled deltas), after the term's follow mask. Frequency and weight
    are Whoosh's: a word twice at the same position (two sub-words of one Chinese word)
    counts twice."""

    def word_values(
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[str, int, float, bytes]]:
        """Whoosh's ``Positions.word_values`` (the writer of index updates), with each term's
        follow mask."""
        positions: defaultdict[str, list[int]] = defaultdict(list)
        weights: defaultdict[str, float] = defaultdict(float)
        kwargs["positions"] = True
        kwargs["boosts"] = True
        for token in tokens(value, analyzer, kwargs):
            positions[token.text].append(token.pos)
            weights[token.text] += token.boost
        follows = follow_masks(positions)
        for word, poslist in positions.items():
            encoded = self.encode(poslist, follows[word])
            yield word, len(poslist), weights[word] * self.field_boost, encoded

    def encode(self, poslist: Sequence[int], follow: int = ANY_FOLLOWER) -> bytes:
        """The posting value of these positions; ``follow``: the term's follow mask (by
        default one that holds every term)."""
        bits = position_bits(poslist)
        size = (bits.bit_length() + 7) // 8
        head = (follow & ANY_FOLLOWER).to_bytes(MASK_SIZE, "little") + _pack_frequency(len(poslist))
        # bits up to position 511 (an article of ordinary length), further only while they are
        # not much longer than the pickled deltas (about 2 bytes a position)
        if size > BITS_ALWAYS and size > 4 * (2 * len(poslist) + 4):
            return head + _DELTAS_TAG + dumps(_deltas(poslist), 2)
        return head + _BITS_TAG + bits.to_bytes(size, "little")

    def encode_one(self, position: int, follow: int) -> bytes:
        """:meth:`encode` of a single position (most postings), without the general path's
        per-position work; the same bytes."""
        if position > 8 * BITS_ALWAYS - 1:  # past position 511: maybe the deltas are shorter
            return self.encode([position], follow)
        head = (follow & ANY_FOLLOWER).to_bytes(MASK_SIZE, "little") + _ONE
        return head + _BITS_TAG + (1 << position).to_bytes(position // 8 + 1, "little")

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return bit_positions(value_bits(valuestring))

    def split_masks(self, values: Sequence[bytes]) -> tuple[list[bytes], bytes] | None:
        """For :class:`~faqdesk.core.search.codec.CompactCodec`: :func:`split_masks`."""
        return split_masks(values)

    def decode_frequency(self, valuestring: bytes) -> int:
        core = valuestring[MASK_SIZE:]
        if len(core) < _INT_SIZE:
            raise DamagedPostings("a posting value too short for its frequency")
        return int(unpack_uint(core[:_INT_SIZE])[0])

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * float(self.field_boost)

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, int]]:
        return [(pos, 1) for pos in self.decode_positions(valuestring)]

    def combine(self, vs: Iterable[bytes]) -> bytes:
        values = list(vs)
        bits = reduce(or_, map(value_bits, values), 0)
        return self.encode(bit_positions(bits), reduce(or_, map(value_follow, values), 0))


def value_bits(value: bytes) -> int:
    """The bit set of one :class:`BitPositions` posting value, mask and core (0 for an empty
    value); raises :class:`~faqdesk.core.search.codec.DamagedPostings` for a value it cannot
    have written."""
    if not value:
        return 0
    if len(value) <= MASK_SIZE + _INT_SIZE:
        raise DamagedPostings("a posting value too short for its positions")
    return core_bits(value[MASK_SIZE:])


def core_bits(core: bytes) -> int:
    """The bit set of one posting value's core (after its mask; 0 for an empty one)."""
    if len(core) <= _INT_SIZE:
        return 0
    if core[_INT_SIZE] == _BITS:
        return int.from_bytes(core[_INT_SIZE + 1 :], "little")
    if core[_INT_SIZE] != _DELTAS:
        raise DamagedPostings(f"a posting value of unknown kind {core[_INT_SIZE]}")
    try:
        deltas = loads(core[_INT_SIZE + 1 :])
        positions = list(accumulate(deltas))
    except Exception as exc:  # pickle raises many kinds on damaged bytes
        raise DamagedPostings(f"unreadable word positions ({type(exc).__name__})") from exc
    if not all(type(p) is int and 0 <= p < MAX_POSITION for p in positions):
        raise DamagedPostings("word positions out of range")
    return position_bits(positions)


def cores_bits(cores: list[bytes]) -> list[int]:
    """:func:`core_bits` of many cores: one ``int.from_bytes`` each, mapped (no Python code
    per value) when they are all bit sets, as nearly all are."""
    if all(map(_INT_SIZE.__lt__, map(len, cores))) and not any(map(_TAG, cores)):
        return list(map(_FROM_BYTES, map(_PAYLOAD, cores), repeat("little")))
    return [core_bits(core) if core else 0 for core in cores]


def value_bounds(
    joined: bytes, bounds: Any, indexes: Sequence[int] | Any, base: int
) -> tuple[Any, Any]:
    """The start and end (NumPy vectors) of the values at ``indexes`` (from ``base``) of one
    block (its values ``joined``; ``bounds``: an array of C unsigned ints, the end of each
    value after a 0), checked to fit the bytes (raises :class:`DamagedPostings`). NumPy:
    search time only."""
    import numpy as np

    at = np.asarray(indexes, dtype=np.int64) - base
    column = np.frombuffer(bounds, dtype=np.uintc)
    starts = column[at].astype(np.int64)
    ends = column[at + 1].astype(np.int64)
    if len(ends) and (bool((starts > ends).any()) or int(ends.max()) > len(joined)):
        raise DamagedPostings("posting values whose ends do not fit their bytes")
    return starts, ends


def block_bits(joined: bytes, bounds: Any, indexes: list[int], base: int) -> list[int] | None:
    """:func:`cores_bits` of the values at ``indexes`` of one block (see
    :func:`value_bounds`), for many values at once: bounds, their checks and the kind bytes
    as vectors, then one slice and one ``int.from_bytes`` per value. None unless every one is
    a bit set (the caller decodes them one by one)."""
    import numpy as np

    starts, ends = value_bounds(joined, bounds, indexes, base)
    if not bool((ends - starts > _INT_SIZE).all()):
        return None
    if bool((np.frombuffer(joined, dtype=np.uint8)[starts + _INT_SIZE] != _BITS).any()):
        return None
    payloads = map(joined.__getitem__, map(slice, (starts + _INT_SIZE + 1).tolist(), ends.tolist()))
    return list(map(_FROM_BYTES, payloads, repeat("little")))


def value_follow(value: bytes) -> int:
    """The follow mask of one :class:`BitPositions` posting value (every term for a value too
    short to hold one: a damaged mask must not hide a phrase)."""
    if len(value) < MASK_SIZE:
        return ANY_FOLLOWER
    return int.from_bytes(_MASK(value), "little")


def split_masks(values: Sequence[bytes]) -> tuple[list[bytes], bytes] | None:
    """Posting values as their cores and their follow masks joined (C loops), as the compact
    blocks store them; None when a value is too short to hold a mask (damage)."""
    if not all(map((MASK_SIZE - 1).__lt__, map(len, values))):
        return None
    return list(map(_CORE, values)), b"".join(map(_MASK, values))
