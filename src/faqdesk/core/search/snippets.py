"""Snippets and highlights: which words of a text a query matched, marked as whole words.

Whoosh's own highlighter breaks on the overlapping Chinese sub-word tokens (追踪 inside
追踪号), so we mark on our own analyzer's token offsets: a matched sub-word marks its whole
word, overlapping marks merge, and everything else is HTML-escaped.

Cheap by design: the best window is found with plain string search on the normalised text,
and only that window is tokenized, into plain tuples (``analysis.word_spans``), leaving out
the Chinese runs that hold none of the query's words. The result equals the straightforward
algorithm kept in ``tests/core/search/snippet_reference.py``, character for character.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from faqdesk.core.scripts import has_han
from faqdesk.core.search.analysis import TokenSpan, analyze, has_cyrillic, normalize, word_spans

SNIPPET_CHARS = 160
_BREAK = re.compile(r"[\s。！？；，、.!?;,:：]")
_LAST_BREAK = re.compile(r"(?s:.*)" + _BREAK.pattern)
#: A character two columns wide in a snippet (CJK and everything after it).
_WIDE = re.compile("[\u2e80-\U0010ffff]")


#: A quoted phrase: its index terms in order and the slop between them.
Phrase = tuple[tuple[str, ...], int]

#: The weight of a phrase in the snippet window (a word of the user's own weighs 10).
_PHRASE_WEIGHT = 20


@dataclass(frozen=True)
class TermMatcher:
    """The index terms (and term prefixes) a query can match, and its quoted phrases (whose
    words are marked only where they form the phrase, as one span)."""

    terms: frozenset[str]
    prefixes: tuple[str, ...] = ()
    #: the terms of the user's own words (not synonyms): snippets prefer windows showing them
    primary: frozenset[str] = frozenset()
    phrases: tuple[Phrase, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes or self.phrases)

    def matches(self, term: str) -> bool:
        return term in self.terms or any(term.startswith(p) for p in self.prefixes)

    def needles(self) -> dict[str, int]:
        """Strings to look for in normalised text to find likely matches quickly, with weights
        (the user's own words weigh more than synonyms)."""
        found: dict[str, int] = {}
        for term in self.terms:
            needle = _needle(term)
            weight = 10 if term in self.primary or not self.primary else 1
            if needle:
                found[needle] = max(found.get(needle, 0), weight)
        for prefix in self.prefixes:
            found[prefix] = 10
        for words, _ in self.phrases:  # where the phrase is not found as such: its words
            for term in words:
                found.setdefault(_needle(term), 1)
        return found

    @cached_property
    def window_needles(
        self,
    ) -> tuple[dict[str, int], dict[str, re.Pattern[str]], dict[str, int]]:
        """:meth:`needles`, :meth:`phrase_patterns` and the weights of both, made once: a
        search makes the snippets of ten articles with the same matcher (do not change them)."""
        needles = self.needles()
        patterns = self.phrase_patterns()
        return needles, patterns, {**needles, **dict.fromkeys(patterns, _PHRASE_WEIGHT)}

    @cached_property
    def han_needles(self) -> re.Pattern[str]:
        """Finds in a Chinese run any term, prefix or phrase word that a word or sub-word of it
        can match (one that is, or starts with, it): a run where it finds nothing has none."""
        words = (w for phrase, _ in self.phrases for w in phrase)
        inside = {t for t in (*self.terms, *self.prefixes, *words) if not t or has_han(t)}
        return re.compile("|".join(map(re.escape, sorted(inside))) if inside else "(?!)")

    def phrase_patterns(self) -> dict[str, re.Pattern[str]]:
        """Per phrase, a pattern that finds it (likely) in normalised text: its words' needles
        in order, close together (the marks are then checked on the analysed words)."""
        patterns: dict[str, re.Pattern[str]] = {}
        for n, (words, slop) in enumerate(self.phrases):
            parts = [
                re.escape(needle) + (r"\w*" if needle != term else "")
                for term, needle in ((t, _needle(t)) for t in words)
            ]
            gap = f".{{0,{2 + 12 * (slop - 1)}}}?"
            patterns[f"\x00phrase{n}"] = re.compile(gap.join(parts))
        return patterns


def _needle(term: str) -> str:
    """The part of an index term to look for in text: a Latin or Russian stem may have lost
    its last letter (deliveri for delivery), a Chinese word is itself."""
    if term.isascii() or has_cyrillic(term):
        return term[: max(2, len(term) - 1)] if len(term) > 3 else term
    return term


def matched_spans(spans: Iterable[TokenSpan], matcher: TermMatcher) -> list[tuple[int, int]]:
    """Character ranges of the whole words that match, merged, in order; a phrase found is
    one range from its first word to its last."""
    by_pos: dict[int, tuple[int, int]] = {}
    terms_at: dict[int, set[str]] = {}
    hits: list[tuple[int, int]] = []
    pending_subs: list[TokenSpan] = []
    for span in spans:
        terms_at.setdefault(span.pos, set()).add(span.term)
        if not span.sub:
            by_pos[span.pos] = (span.start, span.end)
            if matcher.matches(span.term):
                hits.append((span.start, span.end))
        elif matcher.matches(span.term):
            pending_subs.append(span)
    for sub in pending_subs:
        hits.append(by_pos.get(sub.pos, (sub.start, sub.end)))
    hits.extend(_phrase_hits(matcher.phrases, terms_at, by_pos))
    return _merged(hits)


def _chunk_spans(text: str, matcher: TermMatcher) -> list[tuple[int, int]]:
    """``matched_spans(analyze(text), matcher)``, cheaper: the words as plain tuples, one per
    position with its sub-words (a matching sub-word marks its whole word)."""
    # the Chinese runs holding none of the terms (nor a prefix or a phrase word) hold no word
    # to mark, and are not segmented; a phrase's words are then still next to each other
    # exactly where they are in the text, unless a phrase may skip words (slop over 1)
    adjacent = all(slop <= 1 for _, slop in matcher.phrases)
    words = word_spans(text, han_with=matcher.han_needles if adjacent else None)
    hits: list[tuple[int, int]]
    if matcher.prefixes:
        matches = matcher.matches
        hits = [(w[0], w[1]) for w in words if w is not None and any(map(matches, w[2]))]
    else:
        disjoint = matcher.terms.isdisjoint
        hits = [(w[0], w[1]) for w in words if w is not None and not disjoint(w[2])]
    if matcher.phrases:
        terms_at = {pos: set(w[2]) for pos, w in enumerate(words) if w is not None}
        by_pos = {pos: (w[0], w[1]) for pos, w in enumerate(words) if w is not None}
        hits.extend(_phrase_hits(matcher.phrases, terms_at, by_pos))
    return _merged(hits)


def _phrase_hits(
    phrases: tuple[Phrase, ...], terms_at: dict[int, set[str]], by_pos: dict[int, tuple[int, int]]
) -> list[tuple[int, int]]:
    """Each phrase found as one range; a phrase not in this text (it matched in the title or
    tags) marks its words wherever they are."""
    hits: list[tuple[int, int]] = []
    for phrase in phrases:
        ranges = _phrase_ranges(phrase, terms_at, by_pos)
        if not ranges:
            words = set(phrase[0])
            ranges = [by_pos[p] for p, t in terms_at.items() if p in by_pos and t & words]
        hits.extend(ranges)
    return hits


def _merged(hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The ranges sorted, overlapping and touching ones merged."""
    hits.sort()
    merged: list[tuple[int, int]] = []
    for start, end in hits:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _phrase_ranges(
    phrase: Phrase, terms_at: dict[int, set[str]], by_pos: dict[int, tuple[int, int]]
) -> list[tuple[int, int]]:
    """Where the phrase's words follow each other (each 1 to slop positions after the
    previous, as the search matched them): from the first word's start to the last's end."""
    words, slop = phrase
    found: list[tuple[int, int]] = []
    for pos in sorted(p for p, terms in terms_at.items() if words[0] in terms):
        ends = {pos}
        for word in words[1:]:
            ends = {
                e + gap
                for e in ends
                for gap in range(1, slop + 1)
                if word in terms_at.get(e + gap, ())
            }
            if not ends:
                break
        first, last = by_pos.get(pos), by_pos.get(min(ends)) if ends else None
        if first is not None and last is not None:
            found.append((first[0], last[1]))
    return found


def matched_words(text: str, matcher: TermMatcher) -> list[str]:
    """The distinct surface words of ``text`` that the matcher matches, in order of appearance."""
    if not matcher or not text:
        return []
    seen: list[str] = []
    for start, end in matched_spans(_analyzed(text), matcher):
        word = text[start:end]
        if word not in seen:
            seen.append(word)
    return seen


@lru_cache(maxsize=32)
def _analyzed(text: str) -> tuple[TokenSpan, ...]:
    """A whole article's words, kept: the reader marks the words of each keystroke's query
    in the article on screen, most often the same one."""
    return tuple(analyze(text))


def highlight(text: str, ranges: list[tuple[int, int]]) -> str:
    """HTML-escape ``text`` and wrap the ranges in ``<b>…</b>``."""
    out: list[str] = []
    last = 0
    for start, end in ranges:
        out.append(html.escape(text[last:start], quote=False))
        out.append("<b>" + html.escape(text[start:end], quote=False) + "</b>")
        last = end
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def _occurrences(
    norm: str,
    needles: dict[str, int],
    patterns: dict[str, re.Pattern[str]] | None = None,
    limit: int = 64,
) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for key, pattern in (patterns or {}).items():
        for count, match in enumerate(pattern.finditer(norm)):
            if count >= limit:
                break
            found.append((match.start(), key))
    for needle in needles:
        start = norm.find(needle)
        count = 0
        while start != -1 and count < limit:
            found.append((start, needle))
            count += 1
            start = norm.find(needle, start + len(needle))
    found.sort()
    return found


def _best_window_start(
    occurrences: list[tuple[int, str]], width: int, weights: dict[str, int]
) -> int | None:
    """The start of the window (in normalised offsets) covering the most distinct needles
    (the user's own words first, synonyms after); on a tie the earliest window, since the
    text starts with the summary."""
    if not occurrences:
        return None
    # what each needle adds to "own" (the user's own words 1, phrases 2, synonyms 0)
    own_of = {n: w // 10 if w > 1 else 0 for n, w in weights.items()}
    # the score of a window holding every needle found: no window beats it
    found = {needle for _, needle in occurrences}
    own_found = sum(own_of[n] for n in found)
    top = own_found * 10 if own_found else min(len(found), 9)
    best_start, best_score = occurrences[0][0], -1
    j = 0
    total = len(occurrences)
    counts: dict[str, int] = {}
    own = 0  # the sum of own_of over the needles in the window, kept as it slides
    for pos, needle in occurrences:
        while j < total and occurrences[j][0] < pos + width:
            entering = occurrences[j][1]
            count = counts.get(entering, 0)
            if not count:
                own += own_of[entering]
            counts[entering] = count + 1
            j += 1
        others = len(counts) - own  # synonyms: a little bonus, capped
        # synonyms only count where none of the user's own words is; the earliest wins ties
        score = own * 10 if own else min(others, 9)
        if score > best_score:
            best_start, best_score = pos, score
            if score == top:  # later windows can only tie, and the earliest wins ties
                break
        count = counts[needle] - 1
        if count:
            counts[needle] = count
        else:
            del counts[needle]
            own -= own_of[needle]
    return best_start


def _snap_back(text: str, start: int, reach: int) -> int:
    """Move ``start`` back to just after a word or sentence break (at most ``reach`` chars)."""
    if start <= 0:
        return 0
    lo = max(0, start - reach)
    last = _LAST_BREAK.match(text, lo, start)  # the last break before start
    if last is not None:
        return last.end()
    return lo if lo == 0 else start


def _snap_forward(text: str, end: int, reach: int) -> int:
    if end >= len(text):
        return len(text)
    found = _BREAK.search(text, end, min(len(text), end + reach))
    return end if found is None else found.start()


@lru_cache(maxsize=256)
def _normalized(text: str) -> tuple[str, list[int] | None]:
    """Normalised text, cached: the same articles come back search after search."""
    return normalize(text)


def _end_for_width(text: str, start: int, width: int) -> int:
    """The end offset so text[start:end] is about ``width`` columns (CJK counts two): the
    first end where the columns reach ``width``, or the end of the text.

    In pieces rather than per character: a piece of at most half the columns left cannot
    overshoot, so it is taken whole (first the whole width, which fits if nothing is wide)."""
    piece = text[start : start + max(width, 0)]
    if _WIDE.search(piece) is None:
        return start + len(piece)
    i = start
    left = width
    while left > 1:
        piece = text[i : i + left // 2]
        if not piece:
            return i
        i += len(piece)
        left -= len(piece) + len(_WIDE.findall(piece))
    if left == 1 and i < len(text):
        i += 1  # the last column: one more character, narrow or wide
    return i


def make_snippet(text: str, matcher: TermMatcher, max_chars: int = SNIPPET_CHARS) -> str:
    """An HTML-escaped fragment of ``text`` around the matched words, marked ``<b>…</b>``.

    ``max_chars`` is a width: a Chinese character counts two.

    Without any match, the beginning of the text. Never raises for any text.
    """
    if not text:
        return ""
    norm, mapping = _normalized(text)
    start = 0
    if matcher:
        needles, patterns, weights = matcher.window_needles
        occurrences = _occurrences(norm, needles, patterns)
        window_start = _best_window_start(occurrences, max_chars // 2, weights)
        if window_start is not None:
            orig = window_start if mapping is None else mapping[min(window_start, len(norm) - 1)]
            start = max(0, orig - max_chars // 5)
    start = _snap_back(text, start, 20)
    end = _end_for_width(text, start, max_chars)
    if end < len(text):
        end = _snap_forward(text, end, 15)
    # tokenize a little more than the window so the edge words are analysed whole
    pad_start = max(0, start - 8)
    pad_end = min(len(text), end + 8)
    chunk = text[pad_start:pad_end]
    ranges: list[tuple[int, int]] = []
    if matcher:
        for s, e in _chunk_spans(chunk, matcher):
            s, e = s + pad_start, e + pad_start
            if s < start or e > end:  # a word cut by the window edge is not marked
                continue
            ranges.append((s - start, e - start))
    fragment = text[start:end]
    # one line: newlines in the plain text become spaces
    body = highlight(fragment, ranges).replace("\n", " ")
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{body.strip()}{suffix}"
