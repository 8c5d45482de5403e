"""The mixed-script analyzer: what the index stores for Chinese, Russian, English and codes."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from faqdesk.core.scripts import has_han
from faqdesk.core.search.analysis import (
    MixedTokenizer,
    analyze,
    dictionary_version,
    ensure_ready,
    han_runs,
    normalize,
    normalize_text,
    surface_words,
    word_spans,
)
from faqdesk.core.search.chinese import segment
from faqdesk.core.search.indexterms import index_terms
from faqdesk.core.search.positions import follow_masks


def terms(text: str, **kwargs: bool) -> list[str]:
    return [span.term for span in analyze(text, **kwargs)]


def surfaces(text: str) -> list[str]:
    return [text[span.start : span.end] for span in analyze(text, subwords=False)]


def test_domain_words_stay_whole() -> None:
    words = terms("追踪号 订单号 工单 卖家后台 莫斯科时间", subwords=False)
    assert words == ["追踪号", "订单号", "工单", "卖家后台", "莫斯科时间"]


def test_search_mode_subwords_share_the_position_of_their_word() -> None:
    spans = analyze("包裹追踪号")
    whole = next(s for s in spans if s.term == "追踪号")
    sub = next(s for s in spans if s.term == "追踪")
    assert sub.sub and not whole.sub
    assert sub.pos == whole.pos
    assert (sub.start, sub.end) == (2, 4)
    assert (whole.start, whole.end) == (2, 5)


def test_query_mode_has_no_subwords() -> None:
    assert terms("追踪号", subwords=False) == ["追踪号"]


def test_full_width_latin_equals_ascii_and_offsets_point_at_the_original() -> None:
    text = "联系ＯＺＯＮ客服"
    spans = analyze(text)
    ozon = next(s for s in spans if s.term == "ozon")
    assert text[ozon.start : ozon.end] == "ＯＺＯＮ"
    assert terms("ＯＺＯＮ") == terms("ozon") == terms("OZON")


def test_russian_is_stemmed_and_yo_folded() -> None:
    assert terms("доставка") == terms("доставки") == terms("Доставку")
    assert terms("задержка") == terms("задержки")
    assert terms("ёлка") == terms("елка")


def test_english_is_stemmed_and_lower_cased() -> None:
    assert terms("Returns") == terms("return")
    assert terms("parcels") == terms("parcel")
    assert terms("Delayed") == terms("delay")


def test_codes_with_letters_and_digits_stay_whole() -> None:
    assert terms("Трек RU123456789CN, заказ 12345-0001") == [
        "трек",
        "ru123456789cn",
        "заказ",
        "12345",
        "0001",
    ]


def test_mixed_runs_are_split_by_script() -> None:
    assert surfaces("Ozon物流доставка") == ["Ozon", "物流", "доставка"]


def test_stop_words_are_dropped_but_positions_still_count() -> None:
    spans = analyze("lost the parcel")
    assert [s.term for s in spans] == ["lost", "parcel"]
    assert [s.pos for s in spans] == [0, 2]
    assert terms("包裹丢了怎么办", subwords=False) == ["包裹", "丢"]


def test_zero_width_space_separates_and_soft_hyphen_joins() -> None:
    assert terms("lost\u200bparcel") == ["lost", "parcel"]
    text = "до\u00adставка"
    spans = analyze(text)
    assert [s.term for s in spans] == terms("доставка")
    assert text[spans[0].start : spans[0].end] == text


def test_normalize_maps_every_character_back() -> None:
    text = "Ａ……ё，中\u200bＢ"
    norm, mapping = normalize(text)
    assert norm == "a......ё,中 b"
    assert mapping is not None
    assert len(mapping) == len(norm) + 1
    assert all(0 <= i <= len(text) for i in mapping)


def test_offsets_always_lie_inside_the_text() -> None:
    text = "ﬁle ㈠ İstanbul …… ＡＢＣ 包裹 ①②"
    for span in analyze(text):
        assert 0 <= span.start < span.end <= len(text)


def test_nothing_to_index_in_punctuation_and_emoji() -> None:
    assert analyze("!!! ??? 🙂🚚 ——") == []
    assert analyze("") == []


def test_whoosh_tokenizer_yields_the_same_terms_with_positions_and_chars() -> None:
    tokenizer = MixedTokenizer()
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in tokenizer("包裹追踪号", positions=True, chars=True, mode="index")
    ]
    assert ("追踪号", 1, 2, 5) in tokens
    assert ("追踪", 1, 2, 4) in tokens
    query_tokens = [t.text for t in tokenizer("包裹追踪号", mode="query")]
    assert query_tokens == ["包裹", "追踪号"]


def test_surface_words_are_the_real_words_for_suggestions() -> None:
    words = surface_words("Delivery delayed: доставки, ёлка 包裹 RU12 a an ＯＺＯＮ")
    assert words == {"delivery", "delayed", "доставки", "елка", "ozon"}


def test_jieba_initialises_once_from_many_threads() -> None:
    found: list[object] = []
    threads = [threading.Thread(target=lambda: found.append(ensure_ready())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 4
    assert all(t is found[0] for t in found)


def test_dictionary_version_names_jieba_and_the_domain_dictionary() -> None:
    version = dictionary_version()
    assert version.startswith("jieba-0.42")
    assert len(version.rsplit("-", 1)[1]) == 16


# ---------------------------------------------------------------- the fast paths of full builds


def positions_of(text: str) -> dict[str, list[int]]:
    """What the index stores for ``text``, derived from ``analyze``."""
    found: dict[str, list[int]] = {}
    for span in analyze(text):
        found.setdefault(span.term, []).append(span.pos)
    return found


def content_texts(root: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.md"))]


#: Pieces of text the random strings are made of: domain words, common characters, words
#: jieba splits in different ways, Russian and English words, codes, punctuation, full-width
#: letters, zero-width and soft-hyphen characters, CJK extension characters, emoji.
HAN_PIECES = [
    *"包裹丢失追踪号订单号工单客服物流配送延误退货地址修改莫斯科时间的了吗哈",
    *["追踪号", "订单号", "卖家后台", "包裹", "丢件", "工单", "哈哈哈", "研究生命"],
]
PIECES = [
    *HAN_PIECES,
    *["доставка", "доставки", "Ёлка", "и", "в", "parcel", "Returns", "the", "a"],
    *["RU123456789CN", "12", "x1", "ozonДоставка", "ＯＺＯＮ", "，", "。", " ", "\n", "-"],
    *["\u200b", "\u00ad", "㐀", "\U00020000", "😀", "İ", "ﬁ"],
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_index_terms_are_the_terms_and_positions_of_analyze(text: str) -> None:
    assert index_terms(text) == positions_of(text)
    follows: dict[str, int] = {}
    found = index_terms(text, follows)
    assert found == positions_of(text)
    # the follow masks made in the same pass are those made from the positions
    assert follows == {term: mask for term, mask in follow_masks(found).items() if mask}


def test_index_terms_of_the_bundled_content(bundled_content: Path) -> None:
    texts = content_texts(bundled_content)
    assert len(texts) >= 20
    for text in texts:
        assert index_terms(text) == positions_of(text)


def test_segmenting_gives_jiebas_words_on_the_bundled_content(bundled_content: Path) -> None:
    tokenizer = ensure_ready()
    runs = [
        run for text in content_texts(bundled_content) for run in han_runs(normalize_text(text))
    ]
    assert len(runs) > 500
    for run in runs:
        assert segment(tokenizer, run) == tuple(tokenizer.cut(run, HMM=False)), run


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(HAN_PIECES), min_size=1, max_size=30).map("".join))
def test_segmenting_gives_jiebas_words_on_any_chinese_run(text: str) -> None:
    tokenizer = ensure_ready()
    for run in han_runs(text):
        assert segment(tokenizer, run) == tuple(tokenizer.cut(run, HMM=False)), run


def words_of(text: str) -> dict[int, tuple[int, int, tuple[str, ...]]]:
    """What ``word_spans`` should give for ``text``, by position, derived from ``analyze``."""
    found: dict[int, tuple[int, int, tuple[str, ...]]] = {}
    for span in analyze(text):
        if span.sub:
            start, end, terms = found[span.pos]
            found[span.pos] = (start, end, (*terms, span.term))
        else:
            found[span.pos] = (span.start, span.end, (span.term,))
    return found


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_word_spans_are_the_words_of_analyze(text: str) -> None:
    every = word_spans(text)
    assert {pos: word for pos, word in enumerate(every) if word is not None} == words_of(text)
    assert len(every) > max(words_of(text), default=-1)
    plain = word_spans(text, subwords=False)  # the same words, without their sub-words
    assert [w and (w[0], w[1], w[2][:1]) for w in every] == plain
    # only the Chinese runs holding 追踪 or 包: every other word, and theirs
    some = [w for w in word_spans(text, han_with=re.compile("追踪|包")) if w is not None]
    words = [w for w in every if w is not None]
    assert some == [w for w in words if w in some]
    assert all(w in some for w in words if not has_han(w[2][0]) or "追踪" in w[2][0])
    assert all(w in some for w in words if any("包" in t for t in w[2]))
