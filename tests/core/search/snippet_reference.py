"""The snippet algorithm as it was before it was made faster, kept as the reference the fast
one must equal character for character (``test_snippets_reference.py``).

A plain copy: every word analysed with :func:`analyze` (sub-words included) and turned into
``TokenSpan`` objects, the window measured one character at a time. Do not optimise it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from faqdesk.core.search.analysis import TokenSpan, analyze, has_cyrillic, normalize
from faqdesk.core.search.snippets import SNIPPET_CHARS, Phrase, TermMatcher

_BREAK = re.compile(r"[\s。！？；，、.!?;,:：]")
_PHRASE_WEIGHT = 20


def _needle(term: str) -> str:
    if term.isascii() or has_cyrillic(term):
        return term[: max(2, len(term) - 1)] if len(term) > 3 else term
    return term


def needles(matcher: TermMatcher) -> dict[str, int]:
    found: dict[str, int] = {}
    for term in matcher.terms:
        needle = _needle(term)
        weight = 10 if term in matcher.primary or not matcher.primary else 1
        if needle:
            found[needle] = max(found.get(needle, 0), weight)
    for prefix in matcher.prefixes:
        found[prefix] = 10
    for words, _ in matcher.phrases:
        for term in words:
            found.setdefault(_needle(term), 1)
    return found


def phrase_patterns(matcher: TermMatcher) -> dict[str, re.Pattern[str]]:
    patterns: dict[str, re.Pattern[str]] = {}
    for n, (words, slop) in enumerate(matcher.phrases):
        parts = [
            re.escape(needle) + (r"\w*" if needle != term else "")
            for term, needle in ((t, _needle(t)) for t in words)
        ]
        gap = f".{{0,{2 + 12 * (slop - 1)}}}?"
        patterns[f"\x00phrase{n}"] = re.compile(gap.join(parts))
    return patterns


def matches(matcher: TermMatcher, term: str) -> bool:
    return term in matcher.terms or any(term.startswith(p) for p in matcher.prefixes)


def matched_spans(spans: Iterable[TokenSpan], matcher: TermMatcher) -> list[tuple[int, int]]:
    by_pos: dict[int, TokenSpan] = {}
    terms_at: dict[int, set[str]] = {}
    hits: list[tuple[int, int]] = []
    pending_subs: list[TokenSpan] = []
    for span in spans:
        terms_at.setdefault(span.pos, set()).add(span.term)
        if not span.sub:
            by_pos[span.pos] = span
            if matches(matcher, span.term):
                hits.append((span.start, span.end))
        elif matches(matcher, span.term):
            pending_subs.append(span)
    for sub in pending_subs:
        whole = by_pos.get(sub.pos)
        hits.append((whole.start, whole.end) if whole is not None else (sub.start, sub.end))
    for phrase in matcher.phrases:
        ranges = _phrase_ranges(phrase, terms_at, by_pos)
        if not ranges:
            words = set(phrase[0])
            ranges = [
                (by_pos[p].start, by_pos[p].end)
                for p, t in terms_at.items()
                if p in by_pos and t & words
            ]
        hits.extend(ranges)
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
    phrase: Phrase, terms_at: dict[int, set[str]], by_pos: dict[int, TokenSpan]
) -> list[tuple[int, int]]:
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
            found.append((first.start, last.end))
    return found


def highlight(text: str, ranges: list[tuple[int, int]]) -> str:
    out: list[str] = []
    last = 0
    for start, end in ranges:
        out.append(html.escape(text[last:start], quote=False))
        out.append("<b>" + html.escape(text[start:end], quote=False) + "</b>")
        last = end
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def _occurrences(
    norm: str, needles: dict[str, int], patterns: dict[str, re.Pattern[str]], limit: int = 64
) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for key, pattern in patterns.items():
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
    if not occurrences:
        return None
    best_start, best_score = occurrences[0][0], -1
    j = 0
    counts: dict[str, int] = {}
    for pos, needle in occurrences:
        while j < len(occurrences) and occurrences[j][0] < pos + width:
            counts[occurrences[j][1]] = counts.get(occurrences[j][1], 0) + 1
            j += 1
        own = sum(weights[n] // 10 for n in counts if weights[n] > 1)
        others = len(counts) - own
        score = own * 10 if own else min(others, 9)
        if score > best_score:
            best_start, best_score = pos, score
        counts[needle] -= 1
        if counts[needle] == 0:
            del counts[needle]
    return best_start


def _snap_back(text: str, start: int, reach: int) -> int:
    if start <= 0:
        return 0
    lo = max(0, start - reach)
    for i in range(start - 1, lo - 1, -1):
        if _BREAK.match(text[i]):
            return i + 1
    return lo if lo == 0 else start


def _snap_forward(text: str, end: int, reach: int) -> int:
    if end >= len(text):
        return len(text)
    hi = min(len(text), end + reach)
    for i in range(end, hi):
        if _BREAK.match(text[i]):
            return i
    return end


def end_for_width(text: str, start: int, width: int) -> int:
    used = 0
    i = start
    while i < len(text) and used < width:
        used += 2 if ord(text[i]) >= 0x2E80 else 1
        i += 1
    return i


def make_snippet(text: str, matcher: TermMatcher, max_chars: int = SNIPPET_CHARS) -> str:
    if not text:
        return ""
    norm, mapping = normalize(text)
    start = 0
    if matcher:
        found = needles(matcher)
        patterns = phrase_patterns(matcher)
        weights = {**found, **dict.fromkeys(patterns, _PHRASE_WEIGHT)}
        occurrences = _occurrences(norm, found, patterns)
        window_start = _best_window_start(occurrences, max_chars // 2, weights)
        if window_start is not None:
            orig = window_start if mapping is None else mapping[min(window_start, len(norm) - 1)]
            start = max(0, orig - max_chars // 5)
    start = _snap_back(text, start, 20)
    end = end_for_width(text, start, max_chars)
    if end < len(text):
        end = _snap_forward(text, end, 15)
    pad_start = max(0, start - 8)
    pad_end = min(len(text), end + 8)
    chunk = text[pad_start:pad_end]
    ranges: list[tuple[int, int]] = []
    if matcher:
        for s, e in matched_spans(analyze(chunk), matcher):
            s, e = s + pad_start, e + pad_start
            if s < start or e > end:
                continue
            ranges.append((s - start, e - start))
    fragment = text[start:end]
    body = highlight(fragment, ranges).replace("\n", " ")
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{body.strip()}{suffix}"
