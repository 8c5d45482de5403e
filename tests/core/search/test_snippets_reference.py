"""The fast snippets equal the old algorithm's (``snippet_reference.py``) on any text: the
same window, the same marks, the same escaping — on random Chinese, Russian, English and mixed
texts with words, synonyms, prefixes, sub-words and phrases (found, cut by the window edge, or
absent), and on every article of the bundled content."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faqdesk.core.search.analysis import TokenSpan, analyze
from faqdesk.core.search.snippets import (
    TermMatcher,
    _best_window_start,
    _end_for_width,
    _snap_back,
    _snap_forward,
    make_snippet,
    matched_spans,
    matched_words,
)

from . import snippet_reference as reference

ZH = [
    *"包裹丢失追踪号订单号工单客服物流配送延误退货地址修改莫斯科时间的了吗哈",
    *["追踪号", "订单号", "卖家后台", "包裹", "丢件", "工单", "哈哈哈", "研究生命", "清关"],
    *["怎么办", "一直", "没有", "物流信息", "更新", "国际快递", "海关", "派送", "签收"],
]
RU = ["доставка", "доставки", "Ёлка", "и", "в", "посылка", "задержка", "трек", "номер", "ёж"]
RU += ["Москва", "таможня", "таможне", "возврат", "заказ", "заказа", "не", "пришла"]
EN = ["parcel", "parcels", "Returns", "the", "a", "lost", "tracking", "delivery", "delay"]
EN += ["customs", "delivered", "order", "refund", "address", "update", "is", "not"]
OTHER = ["RU123456789CN", "12", "x1", "ozonДоставка", "ＯＺＯＮ", "<b>", "&amp;", "a&b", "<"]
OTHER += ["\u200b", "\u00ad", "㐀", "\U00020000", "😀", "İ", "ﬁ", "e\u0301", "⸺", "—", "…"]
GAPS = [" ", " ", " ", "\n", "，", "。", "、", ". ", ", ", "! ", "：", "-", "", "", "\t"]
SCRIPTS = {"zh": ZH, "ru": RU, "en": EN, "mixed": ZH + RU + EN + OTHER}


def random_text(rng: random.Random, script: str) -> str:
    """Words of one script (or all) with punctuation between, short or several windows long."""
    pool = SCRIPTS[script]
    size = rng.choice([0, 1, 3, 10, 40, 120, 300])
    out: list[str] = []
    for _ in range(size):
        out.append(rng.choice(pool))
        out.append(rng.choice(GAPS) if script != "zh" or rng.random() < 0.2 else "")
    return "".join(out)


def random_matcher(rng: random.Random, text: str) -> TermMatcher:
    """Terms of words in the text (sub-words too) and not in it; the user's own words or
    synonyms; prefixes; phrases of neighbouring words, of far-apart ones, or of absent ones."""
    spans = analyze(text)
    present = sorted({span.term for span in spans})
    absent = sorted({span.term for span in analyze(" ".join(rng.sample(OTHER + EN + RU, 4)))})
    terms: set[str] = set()
    for pool, share in ((present, rng.random()), (absent, 0.3)):
        terms.update(t for t in pool if rng.random() < share * 0.3)
    primary = {t for t in terms if rng.random() < 0.6} if rng.random() < 0.5 else set()
    prefixes: set[str] = set()
    if rng.random() < 0.3 and present:
        for term in rng.sample(present, min(3, len(present))):
            prefixes.add(term[: rng.randint(1, 3)])
    phrases = [random_phrase(rng, spans) for _ in range(rng.choice([0, 0, 1, 2]))]
    return TermMatcher(
        frozenset(terms),
        tuple(sorted(prefixes)),
        frozenset(primary),
        tuple(p for p in phrases if p is not None),
    )


def random_phrase(rng: random.Random, spans: list[TokenSpan]) -> tuple[tuple[str, ...], int] | None:
    words = [span for span in spans if not span.sub]
    slop = rng.choice([1, 1, 2, 3])
    if not words or rng.random() < 0.15:
        absent = rng.sample(["parcel", "lost", "包裹", "丢失", "посылк"], 2)
        return tuple(absent), slop
    first = rng.randrange(len(words))
    chance = rng.random()
    if chance < 0.6:  # neighbours in the text (with the sub-words of the first, maybe)
        picked = words[first : first + rng.randint(2, 3)]
        terms = [w.term for w in picked]
        subs = [s.term for s in spans if s.sub and s.pos == picked[0].pos]
        if subs and rng.random() < 0.5:
            terms[0] = rng.choice(subs)
    elif chance < 0.8:  # two words a few positions apart (found or not, by the slop)
        terms = [w.term for w in words[first : first + rng.randint(3, 5) : rng.randint(2, 4)]]
    else:  # words of the text, anywhere
        terms = [w.term for w in rng.sample(words, min(len(words), rng.randint(2, 3)))]
    return (tuple(terms), slop) if len(terms) >= 2 else None


def random_cases(rng: random.Random, script: str, count: int) -> Iterator[tuple[str, TermMatcher]]:
    """``count`` random texts of ``script``, each with a matcher of some of its words."""
    for _ in range(count):
        text = random_text(rng, script)
        yield text, random_matcher(rng, text)


def assert_same(text: str, matcher: TermMatcher, max_chars: int) -> None:
    want = reference.make_snippet(text, matcher, max_chars)
    assert make_snippet(text, matcher, max_chars) == want, (text, matcher, max_chars)


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_snippets_equal_the_reference_on_random_texts(script: str) -> None:
    rng = random.Random(f"snippets-{script}")
    for text, matcher in random_cases(rng, script, 500):
        for max_chars in (160, rng.choice([2, 3, 7, 40, 300])):
            assert_same(text, matcher, max_chars)


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_matched_spans_and_words_equal_the_reference(script: str) -> None:
    for text, matcher in random_cases(random.Random(f"spans-{script}"), script, 300):
        want = reference.matched_spans(analyze(text), matcher)
        assert matched_spans(analyze(text), matcher) == want, (text, matcher)
        words = list(dict.fromkeys(text[s:e] for s, e in want)) if matcher and text else []
        assert matched_words(text, matcher) == words


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(SCRIPTS["mixed"] + GAPS), max_size=120).map("".join),
    st.randoms(use_true_random=False),
    st.sampled_from([160, 160, 40, 5]),
)
def test_snippets_equal_the_reference_on_any_text(
    text: str, rng: random.Random, max_chars: int
) -> None:
    assert_same(text, random_matcher(rng, text), max_chars)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60), st.integers(-3, 70), st.integers(-3, 200))
def test_the_window_end_equals_the_reference(text: str, start: int, width: int) -> None:
    start = max(0, start)
    assert _end_for_width(text, start, width) == reference.end_for_width(text, start, width)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 400), st.sampled_from("abcde")), max_size=40),
    st.integers(1, 120),
    st.fixed_dictionaries({n: st.sampled_from([1, 10, 20]) for n in "abcde"}),
)
def test_the_best_window_equals_the_reference(
    found: list[tuple[int, str]], width: int, weights: dict[str, int]
) -> None:
    occurrences = sorted(found)
    want = reference._best_window_start(occurrences, width, weights)
    assert _best_window_start(occurrences, width, weights) == want


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab 。，\n.\t中—!：", max_size=50), st.integers(0, 60), st.integers(0, 25))
def test_the_window_snaps_to_the_same_breaks(text: str, offset: int, reach: int) -> None:
    offset = min(offset, len(text))
    assert _snap_back(text, offset, reach) == reference._snap_back(text, offset, reach)
    assert _snap_forward(text, offset, reach) == reference._snap_forward(text, offset, reach)


def test_snippets_equal_the_reference_on_the_bundled_content(bundled_content: Path) -> None:
    rng = random.Random("bundled")
    texts = [p.read_text(encoding="utf-8") for p in sorted(bundled_content.rglob("*.md"))]
    assert len(texts) >= 20
    for text in texts:
        for _ in range(5):
            assert_same(text, random_matcher(rng, text), 160)


@pytest.mark.parametrize(
    ("slop", "snippet"),
    [
        (1, "<b>包裹</b>，客服工单，<b>丢失</b>"),
        (2, "<b>包裹</b>，客服工单，<b>丢失</b>"),  # two words between: not within 2
        (3, "<b>包裹，客服工单，丢失</b>"),
    ],
)
def test_a_phrase_skips_only_as_many_words_as_its_slop(slop: int, snippet: str) -> None:
    """The Chinese run between the phrase's words holds none of them (and is not segmented
    when the slop is 1): its words still count."""
    matcher = TermMatcher(frozenset(), phrases=((("包裹", "丢失"), slop),))
    assert reference.make_snippet("包裹，客服工单，丢失", matcher) == snippet
    assert make_snippet("包裹，客服工单，丢失", matcher) == snippet


def test_the_reference_is_not_trivially_equal() -> None:
    """The random matchers do mark words, find phrases and move the window."""
    rng = random.Random("coverage")
    marked = phrases = moved = 0
    for _ in range(300):
        text = random_text(rng, "mixed")
        matcher = random_matcher(rng, text)
        snippet = reference.make_snippet(text, matcher)
        marked += "<b>" in snippet
        moved += snippet.startswith("…")
        phrases += bool(matcher.phrases) and "<b>" in snippet
    assert marked > 100 and phrases > 20 and moved > 20
