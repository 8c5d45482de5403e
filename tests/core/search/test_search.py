"""Searching a small bilingual corpus through the KnowledgeBase API."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from faqdesk.core.search.knowledge_base import KnowledgeBase, SearchResults
from search_corpus import write_corpus


def ids(results: SearchResults) -> list[str]:
    return [hit.article_id for hit in results.hits]


def test_chinese_query_finds_the_article(kb: KnowledgeBase) -> None:
    results = kb.search("包裹丢失", lang="zh")
    assert ids(results)[0] == "lost-parcel"
    assert results.hits[0].lang == "zh"
    assert results.hits[0].title == "包裹丢失怎么办"
    assert results.hits[0].category == "common-problems"
    assert results.error is None


def test_russian_inflection_finds_the_article(kb: KnowledgeBase) -> None:
    assert ids(kb.search("задержку доставки"))[0] == "delivery-delay"


def test_one_hit_per_article_with_the_ui_language_preferred(kb: KnowledgeBase) -> None:
    zh = kb.search("RU123456789CN", lang="zh")
    en = kb.search("RU123456789CN", lang="en")
    assert ids(zh) == ids(en) == ["delivery-delay"]
    assert zh.hits[0].lang == "zh"
    assert en.hits[0].lang == "en"
    assert zh.total == 1


def test_the_ui_language_is_listed_only_where_it_matches_every_word(kb: KnowledgeBase) -> None:
    # both translations hold the tracking number; only the English one also says "tracking"
    both = kb.search("RU123456789CN ", lang="zh")
    assert [(hit.article_id, hit.lang) for hit in both.hits] == [("delivery-delay", "zh")]
    english_only = kb.search("RU123456789CN tracking ", lang="zh")
    first = english_only.hits[0]
    assert (first.article_id, first.lang) == ("delivery-delay", "en")
    assert "<b>tracking</b>" in english_only.hits[0].snippet.lower()
    # and in the English UI the English article, which matches every word
    assert kb.search("RU123456789CN tracking ", lang="en").hits[0].lang == "en"


def test_an_article_matching_only_in_the_other_language_is_still_found(kb: KnowledgeBase) -> None:
    results = kb.search("warehouse", lang="zh")
    assert ids(results) == ["returns"]
    assert results.hits[0].lang == "en"


def test_title_match_ranks_above_body_only_match(kb: KnowledgeBase) -> None:
    results = kb.search("delayed ", lang="en")
    assert ids(results)[0] == "delivery-delay"
    order = ids(kb.search("delivery ", lang="en"))
    assert order.index("delivery-delay") < order.index("returns")


def test_scores_are_descending(kb: KnowledgeBase) -> None:
    scores = [hit.score for hit in kb.search("parcel delivery").hits]
    assert scores == sorted(scores, reverse=True)
    assert all(score > 0 for score in scores)


def test_snippet_marks_whole_chinese_words(kb: KnowledgeBase) -> None:
    snippet = kb.search("追踪", lang="zh").hits[0].snippet
    assert "<b>追踪号</b>" in snippet
    assert "<b>追踪</b>号" not in snippet


def test_snippet_is_html_escaped_except_the_marks(kb: KnowledgeBase) -> None:
    snippet = kb.search("script alert").hits[0].snippet
    assert "<script>" not in snippet
    assert "&lt;" in snippet
    without_marks = snippet.replace("<b>", "").replace("</b>", "")
    assert "<" not in without_marks and ">" not in without_marks
    assert "alert" in html.unescape(without_marks)


def test_snippet_marks_russian_and_english_surface_words(kb: KnowledgeBase) -> None:
    snippet = kb.search("доставка", lang="en").hits[0].snippet
    assert "<b>доставки</b>" in snippet
    snippet = kb.search("parcels", lang="en").hits[0].snippet
    assert re.search(r"<b>parcel</b>", snippet)


def test_snippet_prefers_the_earliest_window_with_the_users_words(kb: KnowledgeBase) -> None:
    # "lost" and "parcel" are at the start and again in the "useful Russian" line
    snippet = kb.search("lost parcel ", lang="en").hits[0].snippet
    assert snippet.startswith("When a <b>parcel</b> goes <b>missing</b>")
    assert "<b>lost</b>" in snippet


def test_matched_words_gives_surface_forms_and_synonyms(kb: KnowledgeBase) -> None:
    assert "доставки" in kb.matched_words("доставка", "delivery-delay", "zh")
    assert "丢失" in kb.matched_words("丢件", "lost-parcel", "zh")
    assert kb.matched_words("丢件", "no-such-article", "zh") == []
    assert kb.matched_words("", "lost-parcel", "zh") == []


def test_typo_is_corrected_with_a_real_word_suggestion(kb: KnowledgeBase) -> None:
    results = kb.search("retrun")
    assert ids(results)[0] == "returns"
    assert results.suggestion == "return"
    results = kb.search("delivry ")
    assert results.suggestion == "delivery"  # the real word, never the stem "deliveri"
    assert "delivery-delay" in ids(results)


def test_correct_words_get_no_suggestion(kb: KnowledgeBase) -> None:
    assert kb.search("return").suggestion is None
    assert kb.search("包裹").suggestion is None


def test_russian_typo_is_corrected(kb: KnowledgeBase) -> None:
    results = kb.search("задерка ")
    assert results.suggestion == "задержка"
    assert ids(results)[0] == "delivery-delay"


def test_last_word_is_a_prefix_while_typing(kb: KnowledgeBase) -> None:
    assert "returns" in ids(kb.search("retu"))
    assert "delivery-delay" in ids(kb.search("задерж"))
    assert set(ids(kb.search("追"))) >= {"lost-parcel", "delivery-delay"}
    # a finished word (followed by a space) is not a prefix
    assert kb.search("retu ").hits == []


def test_explicit_prefix_star(kb: KnowledgeBase) -> None:
    assert "returns" in ids(kb.search("refu* buyer"))


def test_quoted_phrase_needs_the_words_in_order(kb: KnowledgeBase) -> None:
    assert "lost-parcel" in ids(kb.search('"order number"'))
    assert "lost-parcel" not in ids(kb.search('"number order"'))
    assert ids(kb.search("“订单号”"))[0] == "lost-parcel"


def test_all_words_preferred_then_any_word(kb: KnowledgeBase) -> None:
    both = kb.search("lost parcel", lang="en")
    assert ids(both)[0] == "lost-parcel"
    either = kb.search("warehouse urgent")  # no article has both
    assert set(ids(either)) == {"returns", "phone-support"}


def test_all_words_may_come_from_different_translations(kb: KnowledgeBase) -> None:
    # "refund" is only in the English article, 退款 only in the Chinese one
    results = kb.search("refund 退款 ", lang="zh")
    assert ids(results) == ["returns"]
    assert results.total == 1
    assert results.hits[0].lang == "zh"
    assert kb.search("refund 退款 ", lang="en").hits[0].lang == "en"


def test_filters(kb: KnowledgeBase) -> None:
    assert ids(kb.search("tag:退货")) == ["returns"]
    assert ids(kb.search("category:contact-channels")) == ["phone-support"]
    english = kb.search("parcel lang:en", lang="zh")
    assert english.hits
    assert all(hit.lang == "en" for hit in english.hits)
    assert kb.search("包裹 lang:en").hits == []  # Chinese words are in the Chinese articles
    assert kb.search("parcel tag:no-such-tag").hits == []


def test_unknown_field_is_searched_as_text_with_a_note(kb: KnowledgeBase) -> None:
    results = kb.search("foo:refund")
    assert "returns" in ids(results)
    assert results.error is not None
    assert "foo" in results.error


def test_unbalanced_quote_still_searches_with_a_note(kb: KnowledgeBase) -> None:
    results = kb.search('"lost parcel')
    assert "lost-parcel" in ids(results)
    assert results.error == "A quotation mark is not closed; the words were searched without it."
    [note] = results.notes
    assert note.render("zh") == "引号没有闭合，已按不带引号的词语搜索。"


def test_notes_of_one_query_read_in_either_language(kb: KnowledgeBase) -> None:
    results = kb.search('foo:refund "lost')
    assert results.error == (
        "A quotation mark is not closed; the words were searched without it. "
        "Unknown filter 'foo:'; searched as words."
    )
    assert [note.render("zh") for note in results.notes] == [
        "引号没有闭合，已按不带引号的词语搜索。",
        "未知的筛选条件“foo:”，已按普通词语搜索。",
    ]


def test_synonyms_expand_colloquial_words(kb: KnowledgeBase) -> None:
    assert ids(kb.search("快递丢了"))[0] == "lost-parcel"
    assert "lost-parcel" in ids(kb.search("missing "))


def test_full_width_query(kb: KnowledgeBase) -> None:
    assert ids(kb.search("ＵＴＣ")) == ids(kb.search("utc")) == ["phone-support"]


def test_empty_and_blank_queries_find_nothing_quietly(kb: KnowledgeBase) -> None:
    for query in ("", "   ", "\t\n", "!!!", "的 了"):
        results = kb.search(query)
        assert results.hits == []
        assert results.total == 0
        assert results.error is None


def test_every_returned_hit_has_a_snippet_unless_limited(kb: KnowledgeBase) -> None:
    results = kb.search("parcel ")
    assert len(results.hits) >= 2
    assert all("<b>" in hit.snippet for hit in results.hits)
    first_only = kb.search("parcel ", snippets=1)
    assert first_only.hits[0].snippet == results.hits[0].snippet
    assert all(hit.snippet == "" for hit in first_only.hits[1:])


def test_limit_and_total(kb: KnowledgeBase) -> None:
    results = kb.search("parcel OR delivery OR return", limit=1)
    assert len(results.hits) == 1
    assert results.total >= 2


def test_content_access(kb: KnowledgeBase, corpus: Path) -> None:
    article = kb.article("returns", "zh")
    assert article is not None and article.title == "退货与退款"
    assert len(kb.articles()) == 8
    assert [c.id for c in kb.categories()] == ["common-problems", "contact-channels"]
    assert kb.problems == []
    assert kb.library.roots[0] == corpus
    assert kb.index_dir.is_dir()


def test_searches_from_many_threads_agree(kb: KnowledgeBase) -> None:
    queries = ["包裹丢失", "retrun", "задержка", "phone", "退货", "追"] * 5
    expected = {q: ids(kb.search(q)) for q in queries}
    seen: dict[str, list[str]] = {}
    errors: list[BaseException] = []

    def work(query: str) -> None:
        try:
            seen[query] = ids(kb.search(query))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(q,)) for q in queries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert seen == expected


def test_bad_synonyms_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    content = write_corpus(tmp_path / "content")
    (content / "synonyms.yaml").write_text("groups: [unclosed\n", encoding="utf-8")
    with KnowledgeBase.open(content, tmp_path / "ix") as knowledge:
        assert any("synonyms.yaml" in str(p) for p in knowledge.problems)
        assert ids(knowledge.search("包裹丢失"))[0] == "lost-parcel"


def test_own_synonyms_file_in_the_content_folder(tmp_path: Path) -> None:
    content = write_corpus(tmp_path / "content")
    (content / "synonyms.yaml").write_text("groups:\n  - [parcel, crate]\n", encoding="utf-8")
    with KnowledgeBase.open(content, tmp_path / "ix") as knowledge:
        assert knowledge.problems == []
        assert "lost-parcel" in ids(knowledge.search("crate "))
        assert ids(knowledge.search("快递 ")) == []  # the bundled synonyms are not used


def test_search_after_close_reports_instead_of_raising(tmp_path: Path) -> None:
    knowledge = KnowledgeBase.open(write_corpus(tmp_path / "content"), tmp_path / "ix")
    knowledge.close()
    results = knowledge.search("parcel")
    assert results.hits == []
    assert results.error


def test_open_is_quiet_and_search_imports_no_qt(tmp_path: Path) -> None:
    content = write_corpus(tmp_path / "content")
    code = (
        "import sys\n"
        "from faqdesk.core.search.knowledge_base import KnowledgeBase\n"
        f"kb = KnowledgeBase.open({str(content)!r}, {str(tmp_path / 'ix')!r})\n"
        "assert kb.search('包裹').hits\n"
        "assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules), 'Qt'\n"
        "kb.close()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr == ""


def test_open_on_a_loaded_library_uses_it_without_loading_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from faqdesk.core.content import loading
    from faqdesk.core.search import knowledge_base

    content = write_corpus(tmp_path / "content")
    library = loading.load_content(content)

    def no_second_load(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the content was loaded a second time")

    monkeypatch.setattr(knowledge_base, "load_content", no_second_load)
    with knowledge_base.KnowledgeBase.open(content, tmp_path / "index", library=library) as kb:
        assert kb.library is library
        assert kb.search("parcel ").total > 0
