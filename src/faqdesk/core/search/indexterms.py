"""Index-time fast path: the terms and word positions of ``analyze`` (sub-words included,
stop words dropped) without character offsets, and each term's follow mask, from per-run
caches. Full builds spend most of their time here."""

from __future__ import annotations

from functools import lru_cache

from faqdesk.core.search.analysis import (
    STOP_WORDS,
    TOKEN_RE,
    has_digit,
    normalize,
    word_run_terms,
)
from faqdesk.core.search.chinese import SHORT_RUN, ensure_ready, han_subwords, segment
from faqdesk.core.search.positions import followers_bits

#: Per word position of a run: its terms (none: a stop word).
_Entries = tuple[tuple[str, ...], ...]


def _han_entries(run: str) -> _Entries:
    if len(run) <= SHORT_RUN:
        return _short_han_entries(run)
    return _han_run_entries(run)


@lru_cache(maxsize=20_000)
def _short_han_entries(run: str) -> _Entries:
    return _han_run_entries(run)


def _han_run_entries(run: str) -> _Entries:
    # segmented here, not through han_words' cache of short runs: this cache holds them
    # already, and an index worker would fill both for nothing
    return tuple(
        () if word in STOP_WORDS else (word, *(sub for _, sub in han_subwords(word)))
        for word in segment(ensure_ready(), run)
    )


def _word_entries(word_run: str) -> _Entries:
    if has_digit(word_run):  # codes and numbers: mostly unique, not worth caching
        return word_run_terms(word_run)
    return _cached_word_entries(word_run)


@lru_cache(maxsize=50_000)
def _cached_word_entries(word_run: str) -> _Entries:
    return word_run_terms(word_run)


def index_terms(text: str, follows: dict[str, int] | None = None) -> dict[str, list[int]]:
    """The index terms of ``text`` with their word positions, in order: exactly the terms and
    positions of ``analyze(text)`` (sub-words included, stop words dropped).

    ``follows``: filled with each term's follow mask (the :func:`follower_bits
    <faqdesk.core.search.positions.follower_bits>` of the terms right after it; a term with
    nothing after it is left out), as :func:`~faqdesk.core.search.positions.follow_masks`
    computes it, in the same pass."""
    out: dict[str, list[int]] = {}
    get = out.get
    pos = 0
    before: tuple[str, ...] = ()  # the terms of the previous position
    for match in TOKEN_RE.finditer(normalize(text)[0]):
        run = match.group()
        entries = _han_entries(run) if match.lastgroup == "han" else _word_entries(run)
        for terms in entries:
            if follows is not None:
                if before and terms:  # a stop word follows nothing and is followed by none
                    bits = followers_bits(terms)
                    for term in before:
                        follows[term] = follows.get(term, 0) | bits
                before = terms
            for term in terms:
                positions = get(term)
                if positions is None:
                    out[term] = [pos]
                else:
                    positions.append(pos)
            pos += 1
    return out
