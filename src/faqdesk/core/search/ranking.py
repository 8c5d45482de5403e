"""BM25F ranking over the Whoosh index's raw posting blocks.

Whoosh scores matches one posting at a time through layers of matcher objects, which costs
tens of milliseconds per query on 10,000 articles. The queries we build are simple (each
query word is a handful of alternative terms in two fields; words are combined with AND, or
OR as a fallback), so we read the posting blocks directly and compute each term's BM25F
scores once, with the same formula as Whoosh's ``BM25F`` (B=0.75, K1=1.2, field boosts
already folded into the posting weights); a query adds them up as vectors
(:mod:`faqdesk.core.search.scoring`), many times faster, and the complete set of matching
documents comes for free (an exact total).

Quoted phrases are matched here too (:mod:`faqdesk.core.search.phrases`: postings intersected
by document, positions checked only where every word is); filters go through Whoosh's own
matchers (they are rare and selective).
"""

from __future__ import annotations

import heapq
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from itertools import groupby
from math import log
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from faqdesk.core.search.clausecache import ClauseCache
from faqdesk.core.search.codec import BlockValues, DamagedPostings, increasing
from faqdesk.core.search.index import TEXT_FIELDS
from faqdesk.core.search.phrases import (
    Block,
    PositionBits,
    phrase_rows,
    position_column,
    tree_sum,
)
from faqdesk.core.search.scoring import Vector, add_postings, zeros

B = 0.75
K1 = 1.2
#: Decoded postings kept per searcher (about 8 bytes each: ~8 MB).
POSTING_CACHE_LIMIT = 1_000_000

#: Positions (as bit sets, about 85 bytes each: 250,000 added 12 MB to the peak RSS of a
#: 10,000-article search) kept per searcher, for phrases: the common words of a phrase stay
#: decoded from one phrase to the next.
VALUE_CACHE_LIMIT = 250_000

#: Prefix expansions kept per searcher.
PREFIX_CACHE_LIMIT = 512

#: Document frequencies kept per searcher (about 200 bytes each: ~4 MB). Every distinct
#: word typed, and each spelling candidate tried, adds one per field.
DF_CACHE_LIMIT = 20_000

#: Document numbers are C ints (array "i"): a segment's offset added past this would wrap.
_INT_LIMIT = 2**31

#: Scores of matching documents: global document number -> score.
Scores = dict[int, float]


class Ranker:
    """Scores for one searcher (one committed version of the index)."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._leaves: list[tuple[Any, int]] = [
            (leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()
        ]
        self.doc_count = int(searcher.doc_count_all())
        self._norms: dict[str, Vector] = {}
        self._df: dict[tuple[str, str], int] = {}
        self._postings: OrderedDict[tuple[str, str], tuple[array[int], array[float]]] = (
            OrderedDict()
        )
        self._cached_postings = 0
        self._values: OrderedDict[tuple[str, str], PositionBits] = OrderedDict()
        self._cached_values = 0
        self._prefixes: dict[tuple[str, str, int], list[tuple[str, int]]] = {}
        self.clause_cache = ClauseCache()
        self._keys: npt.NDArray[np.intp] | None = None
        self._keys_known = False
        self._avg: dict[str, float] = {
            f: float(searcher.avg_field_length(f) or 1.0) for f in TEXT_FIELDS
        }
        self._deleted: npt.NDArray[np.intp] | None = None
        self.deleted: frozenset[int] = frozenset(
            offset + d
            for reader, offset in self._leaves
            if reader.has_deletions()
            for d in range(reader.doc_count_all())
            if reader.is_deleted(d)
        )

    def _field_norms(self, fieldname: str) -> Vector:
        """Per document: the BM25 length normalisation K1 * (1 - B + B * length / average)
        (each computed in Python floats, kept as a vector)."""
        norms = self._norms.get(fieldname)
        if norms is None:
            lengths = [0] * self.doc_count
            for reader, offset in self._leaves:
                for d in range(reader.doc_count_all()):
                    # Whoosh returns None (not the default) for a stored length of 0: a
                    # title of punctuation alone ("!!!") has no words
                    lengths[offset + d] = int(reader.doc_field_length(d, fieldname, 0) or 0)
            c2 = K1 * (1 - B)
            c3 = K1 * B / self._avg[fieldname]
            norms = self._norms[fieldname] = np.asarray(
                [c2 + c3 * length for length in lengths], dtype=np.float64
            )
        return norms

    def _blocks(
        self, fieldname: str, term: str, values: bool = False
    ) -> Iterator[tuple[Any, Any, Any, int]]:
        """(ids, weights, values or None, offset) for each posting block of the term in every
        segment; ``values``: the raw posting values too (positions)."""
        for reader, offset in self._leaves:
            try:
                matcher = reader.postings(fieldname, term)
            except TermNotFound:
                continue
            if type(matcher) is FilterMatcher and matcher._exclude:
                # a segment with deleted documents (an article changed since the build):
                # its blocks as stored, not one posting at a time through Whoosh's filter;
                # the deleted documents' scores are dropped afterwards (``live``)
                matcher = matcher.child
                matcher.reset()  # the filter moved it past the first deleted documents
            if not hasattr(matcher, "_read_ids") or not hasattr(matcher, "_next_block"):
                # not Whoosh 3's block format: the slow but public way
                ids: list[int] = []
                weights: list[float] = []
                raw: list[bytes | None] = []
                while matcher.is_active():
                    ids.append(matcher.id())
                    weights.append(matcher.weight())
                    if values:
                        raw.append(matcher.value())
                    matcher.next()
                yield ids, weights, tuple(raw) if values else None, offset
                continue
            count = reader.doc_count_all()
            while matcher.is_active():
                block_ids = _block_ids(matcher)
                if block_ids[-1] >= count:  # the codec checked they are in order from 0 up
                    raise DamagedPostings(f"a posting of document {block_ids[-1]} of {count}")
                yield (
                    block_ids,
                    _block_weights(matcher),
                    (_block_values(matcher) if values else None),
                    offset,
                )
                matcher._next_block()

    def clear_postings(self) -> None:
        """Forget decoded postings and document frequencies."""
        self._postings.clear()
        self._cached_postings = 0
        self._values.clear()
        self._cached_values = 0
        self._df.clear()
        self._prefixes.clear()
        self.clause_cache.clear()

    def doc_frequency(self, fieldname: str, term: str) -> int:
        key = (fieldname, term)
        df = self._df.get(key)
        if df is None:
            df = int(self.searcher.doc_frequency(fieldname, term))
            self._keep_df(key, df)
        return df

    def _keep_df(self, key: tuple[str, str], df: int) -> None:
        if key not in self._df and len(self._df) >= DF_CACHE_LIMIT:
            del self._df[next(iter(self._df))]  # the oldest first (a look-up is cheap)
        self._df[key] = df

    def postings(self, fieldname: str, term: str) -> tuple[array[int], array[float]]:
        """Global document numbers and weights of a term, decoded once and kept in a
        bounded cache (search-as-you-type repeats the same words keystroke after keystroke)."""
        key = (fieldname, term)
        cached = self._postings.get(key)
        if cached is not None:
            self._postings.move_to_end(key)
            return cached
        return self._read(fieldname, term, values=False)

    def position_bits(self, fieldname: str, term: str) -> PositionBits:
        """The term's positions per document as bit sets, in the order of :meth:`postings`
        (decoded on first use; a bounded cache of their own)."""
        key = (fieldname, term)
        cached = self._values.get(key)
        if cached is not None:
            self._values.move_to_end(key)
            return cached
        self._read(fieldname, term, values=True)
        return self._values[key]

    def _read(self, fieldname: str, term: str, *, values: bool) -> tuple[array[int], array[float]]:
        key = (fieldname, term)
        ids: array[int] = array("i")
        weights: array[float] = array("f")
        blocks: list[Block] = []
        for block_ids, block_weights, block_values, offset in self._blocks(fieldname, term, values):
            if (
                offset
                and isinstance(block_ids, array)
                and block_ids.typecode == "i"
                and len(block_ids)
                and block_ids[-1] + offset < _INT_LIMIT
            ):
                # the segment's document numbers made global in one vector addition
                ids.frombytes((np.frombuffer(block_ids, dtype=np.intc) + offset).tobytes())
            elif offset:
                ids.extend(map(offset.__add__, block_ids))
            else:
                ids.extend(block_ids)
            weights.extend(block_weights)
            if values:
                blocks.append(block_values)
        if not increasing(ids, strict=True):
            # each block is checked alone: a damaged block may start behind the one before
            raise DamagedPostings("posting document numbers out of order across blocks")
        self._postings[key] = (ids, weights)
        self._cached_postings += len(ids)
        while self._cached_postings > POSTING_CACHE_LIMIT and len(self._postings) > 1:
            _, (old_ids, _) = self._postings.popitem(last=False)
            self._cached_postings -= len(old_ids)
        if values:
            format_ = self.searcher.schema[fieldname].format
            column = self._values[key] = position_column(format_, blocks)
            self._cached_values += len(column)
            while self._cached_values > VALUE_CACHE_LIMIT and len(self._values) > 1:
                _, old_values = self._values.popitem(last=False)
                self._cached_values -= len(old_values)
        return ids, weights

    def unit_scores(self, fieldname: str, term: str) -> tuple[array[int], Vector]:
        """The term's BM25F score in each document of its postings (weight 1): a query
        only scales them by its weights and adds them. Computed from the cached postings
        each time (a few vector operations), in the order a Python loop computed them
        (factor * weight / (weight + norm): the same floats)."""
        ids, weights = self.postings(fieldname, term)
        df = self.doc_frequency(fieldname, term)
        factor = (log(self.doc_count / (df + 1)) + 1) * (K1 + 1)
        w = np.frombuffer(weights, dtype=np.float32).astype(np.float64)
        norms = self._field_norms(fieldname)[np.frombuffer(ids, dtype=np.intc)]
        return ids, (factor * w) / (w + norms)

    def term_vector(self, terms: Mapping[str, float]) -> Vector:
        """BM25F scores of the documents containing any of the terms (weighted) in any
        searched field, per document (0.0: none of them): each term's cached scores added
        at its documents, the longest list first (the order the scores were always added in:
        the same floats)."""
        parts: list[tuple[array[int], Vector, float]] = []
        for term, boost in terms.items():
            for fieldname in TEXT_FIELDS:
                if self.doc_frequency(fieldname, term):
                    parts.append((*self.unit_scores(fieldname, term), boost))
        parts.sort(key=lambda part: len(part[0]), reverse=True)
        acc = zeros(self.doc_count)
        for ids, units, boost in parts:
            add_postings(acc, ids, units, boost)
        return acc

    def phrase_vector(self, words: Sequence[str], slop: int) -> Vector:
        """BM25F scores of the documents where the terms ``words`` form the phrase (each
        next word 1 to ``slop`` positions after the previous) in a searched field, per
        document (0.0: the phrase is not there): the same documents and scores as Whoosh's
        ``Or([Phrase(field, words, slop) ...])``. Per field, a document's score is its phrase
        words' term scores added in Whoosh's order (:func:`tree_sum`, on whole vectors: the
        same floats), the fields added after."""
        acc = zeros(self.doc_count)
        for fieldname in TEXT_FIELDS:
            if any(not self.doc_frequency(fieldname, word) for word in words):
                continue
            docs, columns = phrase_rows(words, slop, partial(self._ids_and_bits, fieldname))
            if not len(docs):
                continue
            slot = list(dict.fromkeys(words))  # the order of ``columns``
            parts = [
                self.unit_scores(fieldname, word)[1][columns[slot.index(word)]] for word in words
            ]
            acc[docs] += tree_sum(parts)
        return acc

    def phrase_scores(self, words: Sequence[str], slop: int) -> Scores:
        """:meth:`phrase_vector` as document -> score, for the documents found."""
        vector = self.phrase_vector(words, slop)
        found = np.flatnonzero(vector)
        return dict(zip(found.tolist(), vector[found].tolist(), strict=True))

    def prefix_terms(self, fieldname: str, prefix: str, limit: int) -> list[tuple[str, int]]:
        """The first ``limit`` terms of the field starting with ``prefix`` (in term order)
        with their document frequencies, from one pass over each segment's term list (kept:
        typing repeats a prefix keystroke after keystroke)."""
        key = (fieldname, prefix, limit)
        found = self._prefixes.get(key)
        if found is None:
            streams = [
                reader.iter_prefix(fieldname, prefix)
                for reader, _ in self._leaves
                if fieldname in reader.indexed_field_names()
            ]
            try:
                found = _first_terms(streams, limit)
            except (IndexError, KeyError, ValueError) as exc:  # a key of no field, not UTF-8…
                raise DamagedPostings(f"a damaged term list ({type(exc).__name__})") from exc
            if len(self._prefixes) >= PREFIX_CACHE_LIMIT:
                self._prefixes.pop(next(iter(self._prefixes)))
            self._prefixes[key] = found
        return found

    def keep_scanned(self, fieldname: str, prefix: str, limit: int, terms: Iterable[str]) -> None:
        """Keep the field's document frequencies of ``terms`` (a prefix's chosen expansions)
        that :meth:`prefix_terms` of these arguments read, so searching them looks nothing up:
        those it found, and 0 for a term with the prefix it passed without finding (it read
        the field's terms in order, up to the last it found, or all of them). Only the terms
        searched: keeping every term scanned would push others out of the bounded cache."""
        found = self._prefixes.get((fieldname, prefix, limit))
        if found is None:
            return
        scanned = dict(found)
        everything = len(found) < limit
        last = found[-1][0] if found else ""
        for term in terms:
            df = scanned.get(term)
            if df is None and term.startswith(prefix) and (everything or term < last):
                df = 0  # terms compare as Whoosh orders them (UTF-8 bytes: code points)
            if df is not None:
                self._keep_df((fieldname, term), df)

    def _ids_and_bits(self, fieldname: str, term: str) -> tuple[array[int], PositionBits]:
        bits = self.position_bits(fieldname, term)
        return self.postings(fieldname, term)[0], bits

    def article_keys(self, doc_ids: Sequence[str]) -> npt.NDArray[np.intp] | None:
        """Per document, its article's key document: the article's first live document
        (``doc_ids``: the article of each document); None when every article has one
        document (kept per searcher)."""
        if not self._keys_known:
            firsts: dict[str, int] = {}
            found = [
                d if d in self.deleted else firsts.setdefault(article_id, d)
                for d, article_id in enumerate(doc_ids)
            ]
            if len(firsts) != len(doc_ids) - len(self.deleted):
                self._keys = np.asarray(found, dtype=np.intp)
            self._keys_known = True
        return self._keys

    def query_scores(self, query: wq.Query) -> Scores:
        """Scores from Whoosh's own matchers (phrases)."""
        hits = self.searcher.search(query, limit=None)
        return {hit.docnum: float(hit.score or 0.0) for hit in hits}

    def allowed(self, query: wq.Query) -> set[int]:
        """Documents a filter query lets through."""
        return set(self.searcher.docs_for_query(query))

    def live(self, docs: Vector) -> Vector:
        """``docs`` with the deleted documents' scores at 0.0 (in place)."""
        if self.deleted:
            if self._deleted is None:
                self._deleted = np.fromiter(self.deleted, dtype=np.intp, count=len(self.deleted))
            docs[self._deleted] = 0.0
        return docs


def _first_terms(streams: list[Any], limit: int) -> list[tuple[str, int]]:
    """The first ``limit`` terms of the segments' sorted ``(term, terminfo)`` streams, with
    their document frequencies summed over the segments."""
    found: list[tuple[str, int]] = []
    for btext, infos in groupby(heapq.merge(*streams, key=itemgetter(0)), itemgetter(0)):
        if len(found) >= limit:
            break
        df = sum(int(info.doc_frequency()) for _, info in infos)
        found.append((btext.decode("utf-8") if isinstance(btext, bytes) else btext, df))
    return found


def _block_ids(matcher: Any) -> Any:
    if matcher._ids is None:
        matcher._read_ids()
    return matcher._ids


def _block_weights(matcher: Any) -> Any:
    if matcher._weights is None:
        matcher._read_weights()
    return matcher._weights


def _block_values(matcher: Any) -> Block:
    """The block's values as stored (compact blocks: the ends of the values are checked
    where a phrase cuts them), else as Whoosh reads them."""
    block_values = getattr(matcher, "block_values", None)
    found = block_values(check_ends=False) if block_values is not None else None
    if isinstance(found, BlockValues):
        return found
    if matcher._values is None:
        matcher._read_values()
    return tuple(matcher._values)
