"""Whatever the user types, search answers: no exception, no internal failure."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faqdesk.core.search.knowledge_base import KnowledgeBase, SearchResults
from search_corpus import write_corpus


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    root = tmp_path_factory.mktemp("robust")
    knowledge = KnowledgeBase.open(write_corpus(root / "content"), root / "index")
    yield knowledge
    knowledge.close()


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
def test_nasty_queries(kb: KnowledgeBase, query: str) -> None:
    results = kb.search(query)
    assert_sane(results, query)
    kb.matched_words(query, "lost-parcel", "zh")


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
    assert isinstance(kb.matched_words(query, "delivery-delay", "en"), list)
