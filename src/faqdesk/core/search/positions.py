"""Word positions in the index as bit sets: a quoted phrase reads them without unpickling.

Whoosh's ``Positions`` format stores a posting's positions as a pickled list of deltas; a
phrase of two common words must unpickle and sum them in thousands of documents, the cost
of a quoted phrase on 10,000 articles. :class:`BitPositions` stores the same positions as
the bytes of one integer (bit ``p`` set: a word at position ``p``), so a document's positions
become a bit set with one ``int.from_bytes`` (C), and many documents' with one ``map``.

A posting value is the frequency (4 bytes, as Whoosh's) then a tag byte: ``0`` and the bit
set's bytes (little-endian), or ``1`` and Whoosh's pickled deltas when that is shorter (a
word far into a long document: its bit set would be mostly zeros). Whoosh's own queries
(filters, the phrase equivalence tests) read it through :meth:`decode_positions`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import reduce
from itertools import accumulate, pairwise, repeat
from operator import itemgetter, or_
from pickle import dumps, loads

from whoosh.formats import Positions
from whoosh.system import _INT_SIZE, pack_uint, unpack_uint

from faqdesk.core.search.codec import DamagedPostings

_BITS = 0
_DELTAS = 1
_BITS_TAG = bytes([_BITS])
_DELTAS_TAG = bytes([_DELTAS])
_TAG = itemgetter(_INT_SIZE)
_PAYLOAD = itemgetter(slice(_INT_SIZE + 1, None))
_ONE_AT = (1).__lshift__
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


def _frequency(count: int) -> bytes:
    return bytes(pack_uint(count))


def _deltas(positions: Sequence[int]) -> list[int]:
    return [positions[0], *(b - a for a, b in pairwise(positions))]


class BitPositions(Positions):  # type: ignore[misc]
    """Whoosh's ``Positions`` with each posting's positions stored as a bit set (or, when
    shorter, as Whoosh's pickled deltas). Frequency and weight are Whoosh's: a word twice at
    the same position (two sub-words of one Chinese word) counts twice."""

    def encode(self, poslist: Sequence[int]) -> bytes:
        bits = position_bits(poslist)
        size = (bits.bit_length() + 7) // 8
        # bits up to position 511 (an article of ordinary length), further only while they are
        # not much longer than the pickled deltas (about 2 bytes a position)
        if size > BITS_ALWAYS and size > 4 * (2 * len(poslist) + 4):
            return _frequency(len(poslist)) + _DELTAS_TAG + dumps(_deltas(poslist), 2)
        return _frequency(len(poslist)) + _BITS_TAG + bits.to_bytes(size, "little")

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return bit_positions(value_bits(valuestring))

    def decode_frequency(self, valuestring: bytes) -> int:
        return int(unpack_uint(valuestring[:_INT_SIZE])[0])

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * float(self.field_boost)

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, int]]:
        return [(pos, 1) for pos in self.decode_positions(valuestring)]

    def combine(self, vs: Iterable[bytes]) -> bytes:
        bits = reduce(or_, map(value_bits, vs), 0)
        return self.encode(bit_positions(bits))


def value_bits(value: bytes) -> int:
    """The bit set of one :class:`BitPositions` posting value (0 for an empty value); raises
    :class:`~faqdesk.core.search.codec.DamagedPostings` for a value it cannot have written."""
    if len(value) <= _INT_SIZE:
        return 0
    if value[_INT_SIZE] == _BITS:
        return int.from_bytes(value[_INT_SIZE + 1 :], "little")
    if value[_INT_SIZE] != _DELTAS:
        raise DamagedPostings(f"a posting value of unknown kind {value[_INT_SIZE]}")
    try:
        deltas = loads(value[_INT_SIZE + 1 :])
        positions = list(accumulate(deltas))
    except Exception as exc:  # pickle raises many kinds on damaged bytes
        raise DamagedPostings(f"unreadable word positions ({type(exc).__name__})") from exc
    if not all(type(p) is int and 0 <= p < MAX_POSITION for p in positions):
        raise DamagedPostings("word positions out of range")
    return position_bits(positions)


def values_bits(values: list[bytes]) -> list[int]:
    """:func:`value_bits` of many posting values: one ``int.from_bytes`` each, mapped (no
    Python code per value) when they are all bit sets, as nearly all are."""
    if all(map(_INT_SIZE.__lt__, map(len, values))) and not any(map(_TAG, values)):
        return list(map(_FROM_BYTES, map(_PAYLOAD, values), repeat("little")))
    return [value_bits(value) if value else 0 for value in values]


