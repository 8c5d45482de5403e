"""Headings for the contents list and the language twin for the 中/EN switch."""

from __future__ import annotations

from faqdesk.core import paths
from faqdesk.core.content.loading import load_content
from faqdesk.core.content.sections import contents, headings, twin_anchor, twin_language


def test_bundled_articles_have_contents_in_both_languages_with_matching_sections() -> None:
    library = load_content(paths.bundled_content_dir(), user_dir=None)
    zh = library.articles[("delivery-delay", "zh")]
    en = library.articles[("delivery-delay", "en")]
    assert len(contents(zh)) >= 3
    assert len(headings(zh)) == len(headings(en))
    assert twin_language(library, "delivery-delay", "zh") == "en"
    assert twin_language(library, "delivery-delay", "en") == "zh"
    second = headings(zh)[1].anchor
    assert twin_anchor(library, "delivery-delay", "zh", "en", second) == headings(en)[1].anchor
    assert twin_anchor(library, "delivery-delay", "zh", "en", "no-such") is None
    assert twin_language(library, "no-such-article", "zh") is None
