"""Scores of recent query clauses, kept per searcher: search-as-you-type repeats the same
words key after key, and scoring a common word's clause (the word and its synonyms, in every
searched field) reads and adds thousands of postings."""

from __future__ import annotations

from collections import OrderedDict

#: Scores: global document number (or an article's first document) -> score.
Scores = dict[int, float]

#: A clause's scores per document and per article (the same dictionary when every
#: matching document is the first of its article).
ClauseScores = tuple[Scores, Scores]

#: Scores (documents and articles together) kept per searcher: about 10 MB.
CLAUSE_CACHE_LIMIT = 150_000

Key = tuple[object, ...]


class ClauseCache:
    """The scores of recent query clauses, bounded by the number of scores kept; the oldest
    go first. Callers never change the dictionaries they get."""

    def __init__(self, limit: int = CLAUSE_CACHE_LIMIT) -> None:
        self.limit = limit
        self._kept: OrderedDict[Key, ClauseScores] = OrderedDict()
        self._size = 0

    @staticmethod
    def key(terms: dict[str, float], phrase: tuple[str, ...] | list[str], slop: int) -> Key:
        """What a query clause's scores depend on (for one searcher and no filter)."""
        return (tuple(sorted(terms.items())), tuple(phrase), slop)

    def get(self, key: Key | None) -> ClauseScores | None:
        if key is None:
            return None
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found

    def put(self, key: Key | None, value: ClauseScores) -> None:
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


def _size(value: ClauseScores) -> int:
    """What a clause's scores count towards the limit: at least 1, so that clauses matching
    nothing (a phrase found nowhere) cannot pile up without bound; a dictionary shared by
    documents and articles once."""
    scores, per_article = value
    return max(1, len(scores) + (0 if per_article is scores else len(per_article)))
