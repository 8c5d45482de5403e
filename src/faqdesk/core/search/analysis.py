"""The one text analyzer for search: mixed Chinese / Russian / English text to index terms.

Applied identically when indexing and when searching:

1. NFKC normalisation (full-width ``ＯＺＯＮ`` becomes ``ozon``), lower case, format characters
   such as zero-width spaces and soft hyphens dropped. Character offsets always refer to the
   *original* text, so snippets and highlights can mark the words the user sees.
2. The text is split into runs by script. Chinese runs are segmented with jieba (dictionary
   only, plus the domain dictionary in ``data/userdict.txt`` so 追踪号, 订单号, 工单 stay whole);
   when indexing, jieba's search-mode sub-words (追踪 inside 追踪号) are added at the position
   of their full word, so phrases still work.
3. Cyrillic words: ё folded to е, Russian Snowball stem. Latin words: Porter stem. Codes that
   mix letters and digits (tracking numbers such as ``RU123456789CN``) are kept whole.
4. A few function words (the, и, 的, 了, 怎么办 …) are dropped; positions still count them.

jieba's part (set-up, segmentation) is :mod:`faqdesk.core.search.chinese`.
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, NamedTuple

from whoosh.analysis import Composable, Token
from whoosh.lang.porter import stem as _porter_stem
from whoosh.lang.snowball.russian import RussianStemmer

from faqdesk.core.scripts import HAN_CLASS
from faqdesk.core.search.chinese import (
    dictionary_version,
    ensure_ready,
    han_subwords,
    han_words,
    is_known_han_word,
)

__all__ = [
    "ANALYZER_VERSION",
    "STOP_WORDS",
    "TOKEN_RE",
    "MixedTokenizer",
    "TokenSpan",
    "analyze",
    "dictionary_version",
    "ensure_ready",
    "han_runs",
    "has_cyrillic",
    "has_digit",
    "is_known_han_word",
    "mixed_analyzer",
    "normalize",
    "normalize_text",
    "stem_latin",
    "stem_russian",
    "surface_words",
    "word_run_terms",
    "word_spans",
    "word_term",
]

#: Bump when the analyzer's output changes; part of the index stamp (forces a rebuild).
ANALYZER_VERSION = "7"

_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
# Runs of letters/digits, Han excluded (split by the alternative order below).
#: A Chinese run (group ``han``) or a run of letters and digits (group ``word``).
TOKEN_RE = re.compile(f"(?P<han>[{HAN_CLASS}]+)|(?P<word>[^\\W_{HAN_CLASS}]+)")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[a-z\u00c0-\u024f]")
_SCRIPT_SPLIT = re.compile("([\u0400-\u04ff]+|[^\u0400-\u04ff]+)")
_DIGIT = re.compile("[0-9]")
_ALPHA = re.compile("[^\\W\\d_]")
# ASCII, Cyrillic, CJK ideographs and CJK punctuation other than full-width forms: NFKC-stable,
# and lower-casing them keeps the length. The ideographs are jieba's basic block, not
# faqdesk.core.scripts' Han class: a fast path only, the slow path handles the rest alike.
_STABLE_RUN = re.compile(
    "([\x00-\x7f\u0410-\u044f\u0401\u0451\u3001-\u3003\u3008-\u3011\u4e00-\u9fff]+)"
    "|[^\x00-\x7f\u0410-\u044f\u0401\u0451\u3001-\u3003\u3008-\u3011\u4e00-\u9fff]+"
)
_FORMAT_CHARS = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")

_STOP_TEXT = """
a an the and or not of to in on at for by with from is are was were be been am do does did
i my me we our you your it its this that these those what how can could should would will
if then there here about as but so
и в во на с со к ко по о об от до за из у а но или не ни ли же бы то что как это
я мы вы он она они мой моя мое мои ваш ваша ваше ваши
的 了 吗 呢 吧 啊 呀 嘛 是 在 和 与 及 或 也 就 都 还 我 我们 你 您 他 她 它
怎么 怎么办 怎样 如何 什么 为什么 哪里 这 那 这个 那个 一个 请问 一下 有 没有 要 该 几个 多少 几
一直 已经 还是 总是 到底 可以 能 会 应该 想 请 帮忙
"""
#: Words that carry no meaning for search (English, Russian, Chinese). Kept short on purpose.
STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


class TokenSpan(NamedTuple):
    """One analysed token.

    ``term`` is what the index stores (stemmed); ``word`` the normalised surface word
    (lower case, unstemmed); ``start``/``end`` are offsets into the original text;
    ``pos`` the word position; ``sub`` is True for a Chinese sub-word placed at the position
    of its full word.
    """

    term: str
    word: str
    pos: int
    start: int
    end: int
    kind: str  # "han", "ru", "latin", "code", "num", "other"
    sub: bool = False


# --------------------------------------------------------------------------- normalisation


@lru_cache(maxsize=4096)
def _normalize_char(ch: str) -> str:
    if ch == "\u200b":  # zero-width space: a word break
        return " "
    if _FORMAT_CHARS.match(ch):
        return ""
    return unicodedata.normalize("NFKC", ch).lower()


def normalize(text: str) -> tuple[str, list[int] | None]:
    """NFKC + lower case + format characters removed.

    Returns the normalised text and, when its length differs from the original or characters
    moved, a list mapping each normalised index to the original index (``None``: identity).
    """
    if text.isascii():
        return text.lower(), None
    if not _FORMAT_CHARS.search(text):
        lowered = text.lower()
        if len(lowered) == len(text):
            folded = unicodedata.normalize("NFKC", lowered)
            # same length: (in practice) a one-to-one mapping, e.g. full-width punctuation
            if len(folded) == len(text) and (folded is lowered or folded.lower() == folded):
                return folded, None
    pieces: list[str] = []
    mapping: list[int] = []
    for run in _STABLE_RUN.finditer(text):
        start, end = run.span()
        if run.group(1) is not None:  # characters NFKC leaves alone: lower case only
            pieces.append(run.group(1).lower())
            mapping.extend(range(start, end))
            continue
        for i in range(start, end):
            norm = _normalize_char(text[i])
            if norm:
                pieces.append(norm)
                mapping.extend([i] * len(norm))
    mapping.append(len(text))
    return "".join(pieces), mapping


def normalize_text(text: str) -> str:
    """Only the normalised text (used for literal look-ups)."""
    return normalize(text)[0]


# --------------------------------------------------------------------------- stemming


@lru_cache(maxsize=200_000)
def stem_latin(word: str) -> str:
    if not word.isascii() or len(word) < 3:
        return word
    return str(_porter_stem(word))


_ru_stemmer = RussianStemmer()
_ru_lock = threading.Lock()


def _after_fork_in_child() -> None:
    """Index workers are forked, perhaps while another thread of the app holds the stemmer's
    lock; the child has only the forking thread, so it starts with a fresh lock."""
    global _ru_lock, _ru_stemmer
    _ru_lock = threading.Lock()
    _ru_stemmer = RussianStemmer()  # the stemmer may have been mid-word in that thread


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


@lru_cache(maxsize=200_000)
def stem_russian(word: str) -> str:
    word = word.replace("ё", "е")
    if len(word) < 3:
        return word
    with _ru_lock:  # the Snowball stemmer keeps state between calls
        return str(_ru_stemmer.stem(word))


def word_term(word: str) -> tuple[str, str]:
    """The index term and kind of one normalised non-Han word (no script mixing)."""
    if _CYRILLIC.search(word):
        if _DIGIT.search(word):
            return word.replace("ё", "е"), "code"
        return stem_russian(word), "ru"
    has_digit = bool(_DIGIT.search(word))
    if has_digit:
        return word, ("code" if _ALPHA.search(word) else "num")
    if _LATIN.search(word):
        return stem_latin(word), "latin"
    return word, "other"


# --------------------------------------------------------------------------- tokenizing


def analyze(
    text: str, *, subwords: bool = True, stops: bool = True, start_pos: int = 0
) -> list[TokenSpan]:
    """Tokenize ``text`` into terms with positions and original character offsets.

    ``subwords``: add Chinese search-mode sub-words (index time). ``stops``: drop stop words.
    """
    norm, mapping = normalize(text)
    out: list[TokenSpan] = []
    pos = start_pos

    def orig(i: int) -> int:
        return i if mapping is None else mapping[i]

    def orig_end(i: int) -> int:
        # end offset: one past the original character of the last normalised char
        return i if mapping is None else mapping[i - 1] + 1

    for match in TOKEN_RE.finditer(norm):
        start = match.start()
        if match.group("han") is not None:
            run = match.group("han")
            offset = start
            for word in han_words(run):
                w_start = offset
                offset += len(word)
                if stops and word in STOP_WORDS:
                    pos += 1
                    continue
                out.append(TokenSpan(word, word, pos, orig(w_start), orig_end(offset), "han"))
                if subwords:
                    for sub_off, sub in han_subwords(word):
                        s = w_start + sub_off
                        out.append(
                            TokenSpan(sub, sub, pos, orig(s), orig_end(s + len(sub)), "han", True)
                        )
                pos += 1
            continue
        word_run = match.group("word")
        has_cyr = bool(_CYRILLIC.search(word_run))
        if has_cyr and not _DIGIT.search(word_run) and _LATIN.search(word_run):
            pieces = [(m.start(), m.group()) for m in _SCRIPT_SPLIT.finditer(word_run)]
        else:
            pieces = [(0, word_run)]
        for piece_off, piece in pieces:
            if stops and piece in STOP_WORDS:
                pos += 1
                continue
            term, kind = word_term(piece)
            s = start + piece_off
            out.append(
                TokenSpan(
                    term, piece.replace("ё", "е"), pos, orig(s), orig_end(s + len(piece)), kind
                )
            )
            pos += 1
    return out


#: One word position of :func:`word_spans`: its original character range and its terms.
WordSpan = tuple[int, int, tuple[str, ...]]


def word_spans(
    text: str, *, subwords: bool = True, han_with: re.Pattern[str] | None = None
) -> list[WordSpan | None]:
    """The words of ``analyze(text)`` by position (the list index), lighter: per position the
    original ``(start, end)`` of the word and its terms, the word's own first, then its Chinese
    sub-words (with ``subwords``); None for a stop word.

    With ``han_with``, a Chinese run in which it finds nothing is not segmented: it takes one
    position (None) whatever its number of words, so the positions after it are that number
    less one too low. For a caller asking which words there are, or which follow each other:
    words either side of such a run are never next to each other, as in the text.
    """
    norm, mapping = normalize(text)
    out: list[WordSpan | None] = []
    append = out.append
    for match in TOKEN_RE.finditer(norm):
        start = match.start()
        run = match.group()
        if match.lastgroup == "han":
            if han_with is not None and han_with.search(run) is None:
                append(None)
                continue
            for word in han_words(run):
                end = start + len(word)
                if word in STOP_WORDS:
                    append(None)
                elif subwords and len(word) > 2:
                    append((start, end, (word, *(sub for _, sub in han_subwords(word)))))
                else:
                    append((start, end, (word,)))
                start = end
            continue
        for piece_start, piece_end, terms in _word_layout(run):
            append((start + piece_start, start + piece_end, terms) if terms else None)
    if mapping is None:
        return out
    # offsets into the original text, as analyze maps them
    return [
        None if word is None else (mapping[word[0]], mapping[word[1] - 1] + 1, word[2])
        for word in out
    ]


#: per word of a run: its offsets in the run and its terms (none for a stop word)
_Layout = tuple[tuple[int, int, tuple[str, ...]], ...]


def _word_layout(word_run: str) -> _Layout:
    """Per word of a run of letters and digits: its offsets in the run and its terms."""
    if has_digit(word_run):  # codes and numbers: one word, mostly unique
        return ((0, len(word_run), word_run_terms(word_run)[0]),)
    return _cached_word_layout(word_run)


@lru_cache(maxsize=20_000)
def _cached_word_layout(word_run: str) -> _Layout:
    entries = word_run_terms(word_run)
    pieces = _SCRIPT_SPLIT.findall(word_run) if len(entries) > 1 else (word_run,)
    layout: list[tuple[int, int, tuple[str, ...]]] = []
    start = 0
    for piece, terms in zip(pieces, entries, strict=True):
        layout.append((start, start + len(piece), terms))
        start += len(piece)
    return tuple(layout)


def has_digit(text: str) -> bool:
    """Whether ``text`` holds an ASCII digit (a code or a number)."""
    return _DIGIT.search(text) is not None


def word_run_terms(word_run: str) -> tuple[tuple[str, ...], ...]:
    """Per word of a run of letters and digits (scripts split apart), its terms: none for a
    stop word."""
    if _CYRILLIC.search(word_run) and not _DIGIT.search(word_run) and _LATIN.search(word_run):
        pieces = _SCRIPT_SPLIT.findall(word_run)
    else:
        pieces = [word_run]
    return tuple(() if piece in STOP_WORDS else (word_term(piece)[0],) for piece in pieces)


def han_runs(text: str) -> list[str]:
    """The Chinese runs of an already normalised text."""
    return _HAN_RUN.findall(text)


# --------------------------------------------------------------------------- Whoosh glue


class MixedTokenizer(Composable):  # type: ignore[misc]
    """Whoosh tokenizer around :func:`analyze` (stemming happens inside)."""

    is_morph = False

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        spans = analyze(value, subwords=mode != "query")
        for span in spans:
            token.text = span.term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[span.start : span.end]
            if positions:
                token.pos = start_pos + span.pos
            if chars:
                token.startchar = start_char + span.start
                token.endchar = start_char + span.end
            yield token


def mixed_analyzer() -> MixedTokenizer:
    """The analyzer of the text fields (title, summary, body, tags)."""
    return MixedTokenizer()


_WORD_RUN = re.compile(r"[^\W\d_]{3,}")
_ASCII_WORD = re.compile(r"[a-z]+")
_CYRILLIC_WORD = re.compile("[\u0430-\u044f\u0451]+")


def surface_words(text: str) -> set[str]:
    """The real (unstemmed, lower-case) Latin and Cyrillic words of ``text``, 3+ letters:
    the vocabulary "did you mean" picks from. Regex only, no jieba: cheap at index time."""
    found: set[str] = set()
    for word in _WORD_RUN.findall(normalize_text(text)):
        if _ASCII_WORD.fullmatch(word) or _CYRILLIC_WORD.fullmatch(word):
            found.add(word.replace("ё", "е"))
    return found
