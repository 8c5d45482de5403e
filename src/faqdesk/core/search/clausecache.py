"""Scores of recent query clauses, kept per searcher: search-as-you-type repeats the same
words key after key, and a quoted phrase's documents take milliseconds to find.

A clause's vectors hold a float for every document, most often 0.0: they are kept packed
(the documents found and their scores, 12 bytes each) and unpacked when asked for again."""

from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from faqdesk.core.search.scoring import ClauseVectors, Vector

#: Bytes of packed clause scores kept per searcher: at 10,000 documents, a common word's
#: clause (found in half of them) takes about 120 kB, a phrase a few.
CLAUSE_CACHE_LIMIT = 4_000_000

Key = tuple[object, ...]


class ClauseCache:
    """The scores of recent query clauses, bounded by their size in bytes; the least
    recently used go first. Callers never change the vectors they get."""

    def __init__(self, limit: int = CLAUSE_CACHE_LIMIT) -> None:
        self.limit = limit
        self._kept: OrderedDict[Key, _Packed] = OrderedDict()
        self._size = 0

    @staticmethod
    def key(terms: dict[str, float], phrase: tuple[str, ...] | list[str], slop: int) -> Key:
        """What a query clause's scores depend on (for one searcher and no filter)."""
        return (tuple(sorted(terms.items())), tuple(phrase), slop)

    def get(self, key: Key | None) -> ClauseVectors | None:
        """The clause's vectors (new arrays: the caller may change them)."""
        if key is None:
            return None
        found = self._kept.get(key)
        if found is None:
            return None
        self._kept.move_to_end(key)
        return found.unpack()

    def put(self, key: Key | None, value: ClauseVectors) -> None:
        if key is None or key in self._kept:
            return
        packed = _Packed.pack(value)
        size = packed.size
        if size > self.limit:
            return
        self._kept[key] = packed
        self._size += size
        while self._size > self.limit:
            _, old = self._kept.popitem(last=False)
            self._size -= old.size

    def clear(self) -> None:
        self._kept.clear()
        self._size = 0


class _Packed(NamedTuple):
    """A clause's vectors as the documents (and articles) found and their scores."""

    length: int  # documents in the index
    docs: tuple[npt.NDArray[np.int32], Vector]
    articles: tuple[npt.NDArray[np.int32], Vector] | None  # None: the same as the documents

    @staticmethod
    def pack(value: ClauseVectors) -> _Packed:
        docs = _found(value.docs)
        articles = None if value.articles is value.docs else _found(value.articles)
        return _Packed(len(value.docs), docs, articles)

    def unpack(self) -> ClauseVectors:
        docs = _spread(self.length, self.docs)
        return ClauseVectors(
            docs, docs if self.articles is None else _spread(self.length, self.articles)
        )

    @property
    def size(self) -> int:
        """Bytes, at least 1: clauses matching nothing cannot pile up without bound."""
        parts = [self.docs] if self.articles is None else [self.docs, self.articles]
        return max(1, sum(int(at.nbytes) + int(scores.nbytes) for at, scores in parts))


def _found(vector: Vector) -> tuple[npt.NDArray[np.int32], Vector]:
    at = np.flatnonzero(vector).astype(np.int32)
    return at, vector[at]


def _spread(count: int, found: tuple[npt.NDArray[np.int32], Vector]) -> Vector:
    out = np.zeros(count, dtype=np.float64)
    at, scores = found
    out[at] = scores
    return out
