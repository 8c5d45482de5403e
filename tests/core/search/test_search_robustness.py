"""Whatever the user types, search answers: no exception, no internal failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faqdesk.core.search.index import doc_content
from faqdesk.core.search.knowledge_base import KnowledgeBase, SearchResults, article_doc


def assert_highlights_are_words_of_the_article(
    kb: KnowledgeBase, query: str, article_id: str, lang: str
) -> list[str]:
    """What the reader highlights for ``query`` in that article: words the article shows,
    each once (a failure inside would be logged and leave the reader without highlights)."""
    words = kb.matched_words(query, article_id, lang)
    article = kb.article(article_id, lang)
    assert article is not None
    shown = doc_content(article_doc(article))
    assert len(set(words)) == len(words), words
    for word in words:
        assert word.strip() and word in shown, (word, query)
    return words


def assert_sane(results: SearchResults, query: str) -> None:
    assert isinstance(results, SearchResults)
    assert results.query == query
    assert not (results.error or "").startswith("Search failed"), results.error
    assert results.total >= len(results.hits)
    assert len({hit.article_id for hit in results.hits}) == len(results.hits)
    for hit in results.hits:
        stripped = hit.snippet.replace("<b>", "").replace("</b>", "")
        assert "<" not in stripped and ">" not in stripped


NASTY = [
    "",
    " ",
    "\t\r\n",
    "!!!",
    "。，、；：？！",
    '"',
    '""',
    '"lost',
    'lost"',
    "((((",
    "))",
    "[parcel",
    "{]}",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "parcel AND",
    "NOT parcel",
    "*",
    "**",
    "*parcel",
    "p*",
    "包*",
    "?",
    "~2",
    "parcel~",
    "^3",
    "title:",
    "foo:",
    "foo:bar",
    ":",
    "::::",
    "tag:",
    "lang:xx",
    "category:",
    'tag:"',
    "\\",
    '\\\\"',
    "x" * 10_000,
    "包裹" * 5_000,
    "parcel " * 2_000,
    "\x00\x01\x02\x1b[31m",
    "lost\x00parcel",
    "\u200b",
    "\u200b\u200c\u200d\ufeff",
    "包\u200b裹",
    "🙂",
    "📦🚚 lost",
    "👩‍👩‍👧‍👦",
    "\ud7ff\ue000\uffff",
    "ﷺ ﷽",
    "İ",
    "ǅ",
    "a" * 300 + "*",
    "'; DROP TABLE articles; --",
    "<script>alert(1)</script>",
    "&amp; &lt;",
    "１２３４５",
    "ＯＺＯＮ",
    "tag:退货 category:common-problems lang:zh 退款",
    "лосt",
]


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries(kb: KnowledgeBase, query: str, caplog: pytest.LogCaptureFixture) -> None:
    results = kb.search(query)
    assert_sane(results, query)
    for lang in ("zh", "en"):
        assert_highlights_are_words_of_the_article(kb, query, "lost-parcel", lang)
    assert "failed" not in caplog.text


@pytest.mark.parametrize(
    ("query", "lang", "word"),
    [
        ("📦🚚 lost", "en", "lost"),
        ('"lost', "en", "lost"),
        ("lost\x00parcel", "en", "parcel"),
        ("LOST!!! ((((", "en", "lost"),
        ("<b>lost</b>", "en", "lost"),
        ("包裹 🙂", "zh", "包裹"),
        ("ＯＺＯＮ 包裹丢失", "zh", "丢失"),
    ],
)
def test_noise_around_a_word_keeps_its_highlight(
    kb: KnowledgeBase, query: str, lang: str, word: str
) -> None:
    words = assert_highlights_are_words_of_the_article(kb, query, "lost-parcel", lang)
    assert word in [w.lower() for w in words]


def test_very_long_query_is_cut_with_a_note(kb: KnowledgeBase) -> None:
    results = kb.search("包裹丢失 " + "x" * 10_000)
    assert results.error is not None
    assert "characters" in results.error


def test_odd_limits_and_languages(kb: KnowledgeBase) -> None:
    for limit in (0, -5, 1, 10_000):
        assert_sane(kb.search("parcel", limit=limit), "parcel")
    assert_sane(kb.search("parcel", lang="xx"), "parcel")
    assert kb.search("parcel", limit=0).hits  # at least one hit is always allowed


queries = st.one_of(
    st.text(max_size=60),
    st.text(
        alphabet=st.sampled_from(list('包裹丢失退货追踪号 lostparcel доставка"*:()[]-~^\\ANDORT')),
        max_size=40,
    ),
    st.lists(
        st.sampled_from(
            ["tag:", "lang:", "category:", '"', "*", "AND", "OR", "NOT", "包裹", "lost",
             "доставки", "\u200b", "🙂", "ＯＺＯＮ", "retrun", "RU123", " ", "(", ")"]
        ),
        max_size=12,
    ).map("".join),
)  # fmt: skip


@settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=queries)
def test_any_text_never_breaks_search(kb: KnowledgeBase, query: str) -> None:
    assert_sane(kb.search(query), query)
    assert_highlights_are_words_of_the_article(kb, query, "delivery-delay", "en")


def test_a_knowledge_base_without_articles_finds_nothing_without_an_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # a content folder with no article yet: every search, the first and the next ones
    # (Whoosh cannot refresh a searcher of an empty index), says nothing was found
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    with KnowledgeBase.open(content, tmp_path / "index") as kb:
        for query in ("包裹 ", '"包裹 配送"', "lang:zh", "parcel", "包"):
            results = kb.search(query)
            assert (results.total, results.hits, results.error) == (0, [], None), query
    assert "search failed" not in caplog.text
