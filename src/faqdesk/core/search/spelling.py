"""Typo tolerance: the nearest real word of the content for a query word nothing matches.

Latin and Russian words are corrected to the nearest word of the vocabulary (edit distance 1
for short words, 2 for longer ones; the most used wins a tie); a Chinese word falls back to
the dictionary words inside it, an unfinished one to its characters.
"""

from __future__ import annotations

from collections.abc import Callable

from faqdesk.core.search.analysis import is_known_han_word, stem_latin, stem_russian
from faqdesk.core.search.query import SYNONYM_WEIGHT, Clause, Synonyms, synonym_terms
from faqdesk.core.search.vocabulary import Vocabulary

#: The weight of a corrected word (the word itself weighs 1.0).
FUZZY_WEIGHT = 0.8

#: How many documents hold any of the terms (in any searched field).
DocFrequency = Callable[[dict[str, float]], int]


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a transposition counts 1), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        row_min = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, prev2[j - 2] + 1)
            cur[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


def correct(
    clause: Clause, df: DocFrequency, vocabulary: Vocabulary, synonyms: Synonyms
) -> Clause | None:
    """A clause for the nearest real word, or None when there is none."""
    if clause.kind == "han":
        return _correct_han(clause, df)
    if clause.kind not in ("latin", "ru") or len(clause.word) < 3:
        return None
    word = clause.word
    limit = 1 if len(word) <= 4 else 2
    near: list[tuple[int, int, str]] = []
    for candidate, freq in vocabulary.starting_with(word[0]):
        if abs(len(candidate) - len(word)) > limit:
            continue
        dist = distance(word, candidate, limit)
        if dist <= limit:
            near.append((dist, -freq, candidate))
    stem = stem_russian if clause.kind == "ru" else stem_latin
    # nearest first, then the most used; its stem must still be in the index
    real = next((c for _, _, c in sorted(near) if df({stem(c): 1.0}) > 0), None)
    if real is None:
        return None
    term = stem(real)
    fixed = Clause(real, clause.raw, clause.kind, terms={term: FUZZY_WEIGHT})
    for syn_term in synonym_terms(synonyms, real, term):
        fixed.terms.setdefault(syn_term, FUZZY_WEIGHT * SYNONYM_WEIGHT)
    return fixed


def _correct_han(clause: Clause, df: DocFrequency) -> Clause | None:
    subs = [
        clause.word[i : i + n]
        for n in (3, 2)
        for i in range(len(clause.word) - n + 1)
        if len(clause.word) > n
    ]
    terms = {s: 0.8 for s in subs if is_known_han_word(s)}
    terms = {t: w for t, w in terms.items() if df({t: w}) > 0}
    if not terms and clause.parts:  # an unfinished word: its characters
        terms = {c: 0.5 for c in clause.parts if df({c: 0.5}) > 0}
    if not terms:
        return None
    return Clause(clause.word, clause.raw, "han", terms=terms)
