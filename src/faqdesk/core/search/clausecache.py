"""Scores of recent query clauses, kept per searcher: search-as-you-type repeats the same
words key after key, and scoring a common word's clause (the word and its synonyms, in every
searched field) reads and adds thousands of postings."""

from __future__ import annotations

from collections import OrderedDict

from faqdesk.core.search.scoring import ClauseVectors

#: Bytes of clause vectors kept per searcher: at 10,000 documents (80 kB a vector), about
#: 75 clauses.
CLAUSE_CACHE_LIMIT = 12_000_000

Key = tuple[object, ...]


class ClauseCache:
    """The scores of recent query clauses, bounded by their size in bytes; the least
    recently used go first. Callers never change the vectors they get."""

    def __init__(self, limit: int = CLAUSE_CACHE_LIMIT) -> None:
        self.limit = limit
        self._kept: OrderedDict[Key, ClauseVectors] = OrderedDict()
        self._size = 0

    @staticmethod
    def key(terms: dict[str, float], phrase: tuple[str, ...] | list[str], slop: int) -> Key:
        """What a query clause's scores depend on (for one searcher and no filter)."""
        return (tuple(sorted(terms.items())), tuple(phrase), slop)

    def get(self, key: Key | None) -> ClauseVectors | None:
        if key is None:
            return None
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found

    def put(self, key: Key | None, value: ClauseVectors) -> None:
        size = _size(value)
        if key is None or key in self._kept or size > self.limit:
            return
        self._kept[key] = value
        self._size += size
        while self._size > self.limit:
            _, old = self._kept.popitem(last=False)
            self._size -= _size(old)

    def clear(self) -> None:
        self._kept.clear()
        self._size = 0


def _size(value: ClauseVectors) -> int:
    """What a clause's scores count towards the limit: at least 1 (an index without
    documents), a vector shared by documents and articles once."""
    return max(1, value.nbytes)
