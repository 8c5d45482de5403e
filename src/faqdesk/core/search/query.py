"""What the user typed, understood: words, "phrases", prefixes, filters and synonyms.

The parser never raises: anything it cannot read is searched as plain text and explained in
``ParsedQuery.notes``. It knows nothing about the index;
:mod:`faqdesk.core.search.knowledge_base` turns the parsed query into a Whoosh query (adding typo
tolerance, which needs the index).

Syntax:
- plain words: all preferred; when that finds nothing, any word, ranked.
- ``"quoted phrase"`` (also “Chinese quotes”).
- ``word*``: prefix. The last word, when the query does not end in a space, is also a prefix
  (search-as-you-type).
- ``tag:x`` ``category:x`` ``lang:zh|en`` filters.
- upper-case ``AND``/``OR``/``NOT`` are ignored (all words are preferred anyway).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from faqdesk.core.problems import Problem
from faqdesk.core.scripts import HAN_RE
from faqdesk.core.search.analysis import TokenSpan, analyze, has_cyrillic, normalize_text

#: libyaml's safe loader when PyYAML has it (several times faster), else PyYAML's own.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Longer queries are cut here (the rest is ignored, with a note).
MAX_QUERY_CHARS = 500
#: At most this many words are searched.
MAX_WORDS = 32

FILTER_FIELDS = {"tag": "tag", "tags": "tag", "category": "category", "lang": "lang"}
_OPERATORS = frozenset({"AND", "OR", "NOT", "&&", "||"})
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "「": '"', "」": '"'})
_CHUNK = re.compile(r'"[^"]*"?|[^\s"]+')
_FILTER = re.compile(r"^([A-Za-z_]+):(.*)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MIN_PREFIX = {"latin": 2, "ru": 2, "code": 2, "num": 2, "other": 2, "han": 1}


@dataclass
class Clause:
    """One word of the query (or one phrase) with the alternatives that satisfy it.

    ``terms``: exact index terms with their weight (the word itself 1.0, synonyms less);
    ``prefixes``: term prefixes; ``phrase``: index terms in order (a quoted phrase) with the
    slop between them; ``word``: the normalised surface word (for "did you mean");
    ``raw``: the user's text for it.
    """

    word: str
    raw: str
    kind: str
    terms: dict[str, float] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)
    phrase: tuple[str, ...] = ()
    slop: int = 1
    parts: tuple[str, ...] = ()  # Chinese: the characters to fall back on
    #: False for a word that is not the user's prose (the name of an unknown ``field:``): it
    #: is searched as it is, never "corrected" into another word
    correctable: bool = True

    @property
    def is_phrase(self) -> bool:
        return len(self.phrase) > 1


@dataclass
class ParsedQuery:
    """The parsed query: clauses (all preferred), filters, and notes for the user."""

    text: str
    clauses: list[Clause] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    langs: list[str] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # no ``where``: about the query

    @property
    def has_filters(self) -> bool:
        return bool(self.tags or self.categories or self.langs)


# --------------------------------------------------------------------------- synonyms


class Synonyms:
    """Groups of words that mean the same for search (``content/synonyms.yaml``)."""

    def __init__(self, groups: Iterable[Iterable[str]] = ()) -> None:
        self._by_key: dict[str, list[str]] = {}
        for group in groups:
            words = [w for w in (str(x).strip() for x in group) if w]
            for word in words:
                for key in _synonym_keys(word):
                    bucket = self._by_key.setdefault(key, [])
                    bucket.extend(w for w in words if w not in bucket)

    def __len__(self) -> int:
        return len(self._by_key)

    def lookup(self, word: str, term: str) -> list[str]:
        """The synonyms of a query word: by its surface form, a plain English plural, or
        (Russian only, where inflection is rich and stems rarely collide) its stem."""
        word = normalize_text(word)
        keys = [word]
        if word.endswith("s") and word.isascii() and len(word) > 3:
            keys.append(word[:-1])
        if has_cyrillic(word):
            keys.append("\x00" + term)
        found: list[str] = []
        for key in keys:
            for syn in self._by_key.get(key, ()):
                if syn not in found:
                    found.append(syn)
        return found

    @classmethod
    def load(cls, path: Path) -> tuple[Synonyms, list[Problem]]:
        """Read a synonyms file; problems are returned, never raised."""
        where = path.name
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(), []
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return cls(), [Problem.of(where, "search.synonyms.unreadable", reason=reason)]
        try:
            data = yaml.load(raw.decode("utf-8-sig"), Loader=_SafeLoader)  # a safe loader
        except UnicodeDecodeError:
            return cls(), [Problem.of(where, "search.synonyms.not_utf8")]
        except yaml.YAMLError as exc:
            return cls(), [Problem.of(where, "search.synonyms.invalid_yaml", error=str(exc))]
        groups_data = data.get("groups") if isinstance(data, dict) else data
        if not isinstance(groups_data, list):
            return cls(), [Problem.of(where, "search.synonyms.not_groups", field="groups")]
        groups: list[list[str]] = []
        problems: list[Problem] = []
        for n, group in enumerate(groups_data, start=1):
            if not isinstance(group, list) or not all(
                isinstance(w, (str, int, float)) for w in group
            ):
                problems.append(
                    Problem.of(
                        where, "search.synonyms.bad_group", field=f"groups[{n - 1}]", number=n
                    )
                )
                continue
            groups.append([str(w) for w in group])
        return cls(groups), problems


def script_of(word: str) -> str:
    """'cyrillic', 'han' or 'latin' (everything else)."""
    if has_cyrillic(word):
        return "cyrillic"
    if HAN_RE.search(word):
        return "han"
    return "latin"


def _synonym_keys(word: str) -> list[str]:
    keys = [normalize_text(word)]
    if has_cyrillic(word):
        single = single_term(word)
        if single is not None:
            keys.append("\x00" + single)
    return keys


# --------------------------------------------------------------------------- parsing


def clean_query(text: str) -> tuple[str, list[Problem]]:
    """NFKC, quotes unified, control characters removed, length capped."""
    notes: list[Problem] = []
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _CONTROL.sub(" ", text)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(Problem.of("", "search.query.too_long", limit=MAX_QUERY_CHARS))
    return text, notes


def parse_query(
    text: str, synonyms: Synonyms | None = None, *, as_you_type: bool = True
) -> ParsedQuery:
    """Parse what the user typed. Never raises."""
    original = text
    text, notes = clean_query(text)
    parsed = ParsedQuery(text=original, notes=notes)
    chunks = _CHUNK.findall(text)
    if text.count('"') % 2 == 1:
        parsed.notes.append(Problem.of("", "search.query.unclosed_quote"))
    open_ended = as_you_type and bool(text) and not text[-1].isspace() and not text.endswith('"')
    for index, chunk in enumerate(chunks):
        is_last = index == len(chunks) - 1
        if chunk.startswith('"'):
            closed = len(chunk) > 1 and chunk.endswith('"')
            inner = chunk[1:-1] if closed else chunk[1:]
            if closed:
                _add_phrase(parsed, inner, synonyms)
            else:
                _add_words(parsed, inner, synonyms, prefix_last=is_last and open_ended)
            continue
        if chunk in _OPERATORS:
            continue
        match = _FILTER.match(chunk)
        if match:
            name, value = match.group(1).lower(), match.group(2)
            target = FILTER_FIELDS.get(name)
            if target is None:
                parsed.notes.append(
                    Problem.of("", "search.query.unknown_filter", value=match.group(1))
                )
                # the field name is searched as it is (never "corrected": title -> time)
                _add_words(parsed, match.group(1), synonyms, prefix_last=False, correctable=False)
                _add_words(parsed, value, synonyms, prefix_last=is_last and open_ended)
            elif value.strip():
                _add_filter(parsed, target, value)
            continue
        explicit_prefix = chunk.endswith("*")
        _add_words(
            parsed,
            chunk.rstrip("*"),
            synonyms,
            prefix_last=explicit_prefix or (is_last and open_ended),
        )
    if len(parsed.clauses) > MAX_WORDS:
        parsed.clauses = parsed.clauses[:MAX_WORDS]
        parsed.notes.append(Problem.of("", "search.query.too_many_words", limit=MAX_WORDS))
    return parsed


def _add_filter(parsed: ParsedQuery, target: str, value: str) -> None:
    value = normalize_text(value).strip().strip('"')
    if not value:
        return
    if target == "tag":
        parsed.tags.append(value)
    elif target == "category":
        parsed.categories.append(value)
    else:
        parsed.langs.append(value)


@lru_cache(maxsize=4096)
def single_term(word: str) -> str | None:
    """The index term of a one-word text, else None (cached: synonyms repeat)."""
    spans = analyze(word, subwords=False, stops=False)
    return spans[0].term if len(spans) == 1 else None


SYNONYM_WEIGHT = 0.7


def synonym_terms(synonyms: Synonyms, word: str, term: str) -> list[str]:
    """Index terms of the one-word synonyms of ``word`` written in its script."""
    script = script_of(word)
    found: list[str] = []
    for syn in synonyms.lookup(word, term):
        if script_of(syn) != script:
            continue
        single = single_term(syn)
        if single is not None:
            found.append(single)
    return found


def _new_clause(span: TokenSpan, raw: str, synonyms: Synonyms | None) -> Clause:
    clause = Clause(word=span.word, raw=raw, kind=span.kind, terms={span.term: 1.0})
    if synonyms is not None:
        for syn_term in synonym_terms(synonyms, span.word, span.term):
            clause.terms.setdefault(syn_term, SYNONYM_WEIGHT)
    return clause


def _add_words(
    parsed: ParsedQuery,
    text: str,
    synonyms: Synonyms | None,
    *,
    prefix_last: bool,
    correctable: bool = True,
) -> None:
    spans = analyze(text, subwords=False)
    if not spans and prefix_last:
        # a lone stop word being typed ("th", "如") still works as a prefix
        spans = analyze(text, subwords=False, stops=False)[-1:]
    if prefix_last:
        spans = _merge_trailing_han_chars(spans)
    for i, span in enumerate(spans):
        clause = _new_clause(span, text[span.start : span.end], synonyms)
        clause.correctable = correctable
        if prefix_last and i == len(spans) - 1 and span.kind == "han" and len(span.word) > 1:
            clause.parts = tuple(span.word)  # an unfinished word: its characters as fallback
        if prefix_last and i == len(spans) - 1 and len(span.word) >= _MIN_PREFIX[span.kind]:
            clause.prefixes.add(span.word)
            if span.term != span.word and len(span.term) >= _MIN_PREFIX[span.kind]:
                clause.prefixes.add(span.term)
        parsed.clauses.append(clause)


def _merge_trailing_han_chars(spans: list[TokenSpan]) -> list[TokenSpan]:
    """While typing, jieba splits an unfinished word (莫斯 of 莫斯科) into single characters;
    join the trailing single characters back into one word, which then works as a prefix."""
    n = len(spans)
    while (
        n > 0
        and spans[n - 1].kind == "han"
        and len(spans[n - 1].word) == 1
        and (n == len(spans) or spans[n - 1].end == spans[n].start)
    ):
        n -= 1
    if len(spans) - n < 2:
        return spans
    tail = spans[n:]
    word = "".join(s.word for s in tail)
    merged = TokenSpan(word, word, tail[0].pos, tail[0].start, tail[-1].end, "han")
    return [*spans[:n], merged]


def _add_phrase(parsed: ParsedQuery, text: str, synonyms: Synonyms | None) -> None:
    spans = analyze(text, subwords=False)
    if len(spans) <= 1:
        _add_words(parsed, text, synonyms, prefix_last=False)
        return
    slop = 1
    for prev, cur in itertools.pairwise(spans):
        slop = max(slop, cur.pos - prev.pos)
    parsed.clauses.append(
        Clause(
            word=" ".join(s.word for s in spans),
            raw=text,
            kind="phrase",
            phrase=tuple(s.term for s in spans),
            slop=slop,
        )
    )
