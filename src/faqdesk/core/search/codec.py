"""Whoosh's codec with posting blocks that load in a few C calls.

Whoosh 3 pickles each posting block as a tuple of Python objects: the document numbers as
deltas (one int object each, summed back by a Python generator), the weights as floats (one
object each) and the values as one bytes object each (pickle protocol 2 stores even an
``array`` as a list of numbers). Reading a common word's postings on
10,000 articles spends most of its time creating and freeing those objects — even when only
the numbers and weights are wanted, as for every unquoted word.

:class:`CompactCodec` writes the same block as the bytes of arrays: document numbers
(absolute, ``array('i')``), weights (``array('f')``) and the values joined into one bytes
object with the array of their ends. Unpickling a block is then a few copies; the values
are split only when a phrase (or Whoosh's own matcher) asks for them. Block info, term
info, skipping and everything else are Whoosh's; Whoosh's queries read the postings as
before.
"""

from __future__ import annotations

import sys
from array import array
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.matching import ListMatcher

#: Blocks of this many postings or more are written as arrays.
COMPACT_FROM = 32


class CompactPostingsWriter(W3PostingsWriter):  # type: ignore[misc]
    """Writes blocks of ``COMPACT_FROM`` postings or more as ``(ids, weights, values)``: the
    ids the bytes of an ``array('i')``, the weights None, one float (all equal) or the bytes
    of an ``array('f')``, the values None or ``(joined bytes, bytes of an array('I') of their
    ends)`` — little-endian; shorter blocks as Whoosh writes them."""

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
        return b"".join(values), _to_bytes(array("I", accumulate(map(len, values))))


class CompactLeafMatcher(W3LeafMatcher):  # type: ignore[misc]
    """Reads the blocks :class:`CompactPostingsWriter` wrote."""

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        ids = self._data[0]
        if isinstance(ids, bytes):
            self._ids = _from_bytes("i", ids)
        else:
            super()._read_ids()

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        weights = self._data[1]
        if isinstance(weights, bytes):
            self._weights = _from_bytes("f", weights)
        else:
            super()._read_weights()

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        values = self._data[2]
        if _is_compact(self._data) and isinstance(values, tuple) and len(values) == 2:
            self._values = split_values(values[0], _from_bytes("I", values[1]))
        else:
            super()._read_values()


def _is_compact(data: Any) -> bool:
    """A block :class:`CompactPostingsWriter` wrote as arrays: its ids are bytes (Whoosh
    writes a tuple), which tells how to read its weights and values."""
    return isinstance(data, tuple) and len(data) == 3 and isinstance(data[0], bytes)


def _to_bytes(numbers: array[Any]) -> bytes:
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers.tobytes()


def _from_bytes(typecode: str, data: bytes) -> array[Any]:
    numbers = array(typecode)
    numbers.frombytes(data[: len(data) - len(data) % numbers.itemsize])
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
