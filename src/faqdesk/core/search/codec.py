"""Whoosh's codec with posting blocks that load in a few C calls.

Whoosh 3 pickles each posting block as a tuple of Python objects: the document numbers as
deltas (one int object each, summed back by a Python generator), the weights as floats (one
object each) and the values as one bytes object each (pickle protocol 2 stores even an
``array`` as a list of numbers). Reading a common word's postings on
10,000 articles spends most of its time creating and freeing those objects — even when only
the numbers and weights are wanted, as for every unquoted word.

:class:`CompactCodec` writes the same block as the bytes of arrays: document numbers
(absolute, ``array('i')``), weights (``array('f')``) and the values joined into one bytes
object with the array of their ends — for a format whose values start with a follow mask
(:class:`~faqdesk.core.search.positions.BitPositions`), the masks joined apart from the rest
of the values (their *cores*). Unpickling a block is then a few copies; the values are split
only when Whoosh's own matcher asks for them, and a phrase cuts out only the cores it needs.
Block info, term info, skipping and everything else are Whoosh's; Whoosh's queries read the
postings as before.
"""

from __future__ import annotations

import pickle
import sys
import zlib
from array import array
from itertools import accumulate, islice
from operator import le, lt
from typing import Any, NamedTuple

from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3LeafMatcher,
    W3PostingsWriter,
)
from whoosh.matching import ListMatcher
from whoosh.util.numeric import length_to_byte

#: Blocks of this many postings or more are written as arrays.
COMPACT_FROM = 32
#: The bytes of one posting's follow mask (:mod:`faqdesk.core.search.positions`), which the
#: compact blocks of such a format store apart from the rest of the values.
MASK_SIZE = 8


class CompactPostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    """Writes blocks of ``COMPACT_FROM`` postings or more as ``(ids, weights, values)``: the
    ids the bytes of an ``array('i')``, the weights None, one float (all equal) or the bytes
    of an ``array('f')``, the values None, ``(joined bytes, bytes of an array('I') of their
    ends)`` or, for a format with follow masks, ``(joined cores, ends of the cores, joined
    masks)`` — little-endian; shorter blocks as Whoosh writes them."""

    def _write_block(self, last: bool = False) -> None:
        """Whoosh's ``W3PostingsWriter._write_block``, the block's data pickled with the
        highest protocol instead of 2: protocol 2 stores bytes as text, and unpickling a
        block of 4,096 postings took 160 µs instead of a few (Whoosh's reader unpickles
        either). The block info stays as Whoosh writes it."""
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes = pickle.dumps(data, pickle.HIGHEST_PROTOCOL)
        comp = self._compression
        if comp:
            databytes = zlib.compress(databytes, comp)
        ids = self._ids
        infobytes = pickle.dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                comp,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        postfile = self._postfile
        blocklength = len(infobytes) + len(databytes)
        postfile.write_int(-blocklength if last else blocklength)  # the last one: negative
        postfile.write(infobytes)
        postfile.write(databytes)
        self._blockcount += 1
        self._new_block()

    def _compact(self) -> bool:
        # a short block (most terms have a few postings) is written Whoosh's way: arrays
        # would cost more to make than its few objects cost to read
        return not self._byteids and len(self._ids) >= COMPACT_FROM

    def _mini_ids(self) -> Any:
        if not self._compact():
            return super()._mini_ids()
        return _to_bytes(array("i", self._ids))

    def _mini_weights(self) -> Any:
        weights = super()._mini_weights()
        if isinstance(weights, tuple) and self._compact():
            return _to_bytes(array("f", weights))
        return weights

    def _mini_values(self) -> Any:
        values = super()._mini_values()
        if not isinstance(values, tuple) or not self._compact():
            return values
        split = getattr(self._format, "split_masks", None)
        parts = split(values) if split is not None else None
        if parts is not None:
            cores, masks = parts
            return b"".join(cores), _to_bytes(array("I", accumulate(map(len, cores)))), masks
        return b"".join(values), _to_bytes(array("I", accumulate(map(len, values))))


#: The high byte (sign bit, top 7 exponent bits) of every little-endian float32 weight is
#: checked with one C call: 0x7F or more is a negative weight, or one of 2**127 or more, an
#: infinity or not a number — damage (weights are word counts times a field boost).
_BELOW_7F = bytes(range(0x7F))
_HUGE = 2.0**127


class DamagedPostings(ValueError):
    """A posting block that cannot be one :class:`CompactPostingsWriter` wrote (a damaged
    index file): its parts disagree with each other or with the block's info."""


class CompactLeafMatcher(W3LeafMatcher):  # type: ignore[misc]
    """Reads the blocks :class:`CompactPostingsWriter` wrote, checking that their parts
    agree (raises :class:`DamagedPostings`): damaged bytes never become wrong postings."""

    def _read_header(self) -> None:
        try:
            super()._read_header()
        except Exception as exc:  # "Block tag error" or a short read
            raise DamagedPostings(f"unreadable postings ({type(exc).__name__})") from exc

    def _goto(self, position: int) -> None:
        try:
            super()._goto(position)
        except Exception as exc:  # a short read, a bad pickle, an info of another shape
            raise DamagedPostings(f"unreadable posting block ({type(exc).__name__})") from exc
        if type(self._blocklength) is not int or self._blocklength < 1:
            raise DamagedPostings("a posting block of no postings")

    def _read_data(self) -> None:
        try:
            super()._read_data()
        except Exception as exc:  # pickle, zlib or a short read: many kinds
            raise DamagedPostings(f"unreadable posting block ({type(exc).__name__})") from exc
        if not isinstance(self._data, tuple) or len(self._data) != 3:
            raise DamagedPostings("a posting block that is not (ids, weights, values)")

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        ids = self._data[0]
        if isinstance(ids, bytes):
            self._ids = _from_bytes("i", ids, self._blocklength)
        else:
            super()._read_ids()
        if not self._byteids:
            check_ids(self._ids, self._blocklength, self._maxid)

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        weights = self._data[1]
        if isinstance(weights, bytes):
            if weights[3::4].translate(None, _BELOW_7F):
                raise DamagedPostings("a posting weight that is negative or not a number")
            self._weights = _from_bytes("f", weights, self._blocklength)
        elif weights is None or (isinstance(weights, float) and 0 <= weights < _HUGE):
            super()._read_weights()
        elif isinstance(weights, tuple) and not _is_compact(self._data):  # a short block
            if len(weights) != self._blocklength or not all(map(_weight_ok, weights)):
                raise DamagedPostings("posting weights of an unknown kind or out of range")
            super()._read_weights()
        else:
            raise DamagedPostings("posting weights of an unknown kind or out of range")

    def _read_values(self) -> None:
        parts = self.block_values()
        if parts is None:
            super()._read_values()
            if not isinstance(self._values, tuple) or len(self._values) != self._blocklength:
                raise DamagedPostings("a posting block with more or fewer values than postings")
            return
        values = split_values(parts.joined, parts.ends)
        if parts.masks is not None:  # each value is its mask, then its core
            total = len(parts.masks)
            cuts = map(slice, range(0, total, MASK_SIZE), range(MASK_SIZE, total + 1, MASK_SIZE))
            values = list(map(bytes.__add__, map(parts.masks.__getitem__, cuts), values))
        self._values: Any = values

    def block_values(self, *, check_ends: bool = True) -> BlockValues | None:
        """The current block's values as stored, not split (None for a block in Whoosh's own
        form: a short one); raises :class:`DamagedPostings` when its parts disagree.
        ``check_ends`` False: the ends are not checked against each other here (a caller that
        cuts out only a few values checks those cuts)."""
        if self._data is None:
            self._read_data()
        values = self._data[2]
        if not _is_compact(self._data) or not isinstance(values, tuple):
            return None
        if len(values) not in (2, 3):
            raise DamagedPostings("posting values of an unknown shape")
        joined, ends = values[0], _from_bytes("I", values[1], self._blocklength)
        if not isinstance(joined, bytes) or (check_ends and not _ends_fit(ends, len(joined))):
            raise DamagedPostings("posting values whose ends do not fit their bytes")
        masks = values[2] if len(values) == 3 else None
        if masks is not None and (
            not isinstance(masks, bytes) or len(masks) != MASK_SIZE * self._blocklength
        ):
            raise DamagedPostings("follow masks that do not fit their postings")
        return BlockValues(joined, ends, masks)


class BlockValues(NamedTuple):
    """A compact block's posting values as stored: joined (or their cores, after the masks
    were cut off), the ends of each, and the joined masks (None: the values have none)."""

    joined: bytes
    ends: array[int]
    masks: bytes | None


def check_ids(ids: Any, count: int, maxid: Any) -> None:
    """Raise :class:`DamagedPostings` unless ``ids`` are ``count`` document numbers, from
    0 up, strictly increasing, the last ``maxid`` (what the block's info says)."""
    if len(ids) != count or (count and (ids[0] < 0 or ids[-1] != maxid)):
        raise DamagedPostings("posting document numbers that disagree with their block")
    if not increasing(ids, strict=True):
        raise DamagedPostings("posting document numbers out of order")


def _ends_fit(ends: array[int], size: int) -> bool:
    """Whether the ends of the values are in order and end at the joined bytes' end."""
    if not ends:
        return size == 0
    return ends[-1] == size and increasing(ends, strict=False)


#: NumPy's types for the arrays checked in one vector operation.
_VECTOR_TYPES = {"i": "intc", "I": "uintc"}


def increasing(numbers: Any, *, strict: bool) -> bool:
    """Whether ``numbers`` increase (``strict``) or never decrease. With NumPy already
    loaded (by the first search; never loaded here, so that an index build's processes do
    without it), an array of C ints in one vector operation: a few microseconds for 4,096
    numbers instead of 200."""
    numpy = sys.modules.get("numpy")
    kind = _VECTOR_TYPES.get(getattr(numbers, "typecode", ""))
    if numpy is not None and kind is not None and len(numbers) > 64:
        steps = numpy.diff(
            numpy.frombuffer(numbers, dtype=getattr(numpy, kind)).astype(numpy.int64)
        )
        return bool((steps > 0).all() if strict else (steps >= 0).all())
    return all(map(lt if strict else le, numbers, islice(numbers, 1, None)))


def _weight_ok(weight: object) -> bool:
    return isinstance(weight, float | int) and 0 <= weight < _HUGE


def _is_compact(data: Any) -> bool:
    """A block :class:`CompactPostingsWriter` wrote as arrays: its ids are bytes (Whoosh
    writes a tuple), which tells how to read its weights and values."""
    return isinstance(data, tuple) and len(data) == 3 and isinstance(data[0], bytes)


def _to_bytes(numbers: array[Any]) -> bytes:
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers.tobytes()


def _from_bytes(typecode: str, data: bytes, count: int) -> array[Any]:
    """The ``count`` numbers of ``data`` (raises :class:`DamagedPostings` unless it holds
    exactly that many)."""
    numbers = array(typecode)
    if not isinstance(data, bytes) or len(data) != count * numbers.itemsize:
        raise DamagedPostings("a posting block whose parts disagree in length")
    numbers.frombytes(data)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def split_values(joined: bytes, ends: array[int]) -> list[bytes]:
    """The values of a block from their joined bytes and ends (C loops only)."""
    starts = [0, *ends[:-1]] if ends else []
    return list(map(joined.__getitem__, map(slice, starts, ends)))


class CompactCodec(W3Codec):  # type: ignore[misc]
    """:class:`whoosh.codec.whoosh3.W3Codec` with compact posting blocks."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> CompactPostingsWriter:
        return CompactPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(
        self,
        dbfile: Any,
        terminfo: Any,
        format_: Any,
        term: Any = None,
        scorer: Any = None,
    ) -> Any:
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(
                ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo
            )
        offset, length = terminfo.extent()
        return CompactLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
