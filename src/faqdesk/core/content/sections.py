"""The sections of an article (its headings, for the contents list) and its twin in the other
language (for the 中/EN switch), which keeps the reader at the same section.

Translations are written section by section, so the n-th heading of one language is the n-th
heading of the other: that is how a section is found again after the switch.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from faqdesk.core.content.library import LANGUAGES, Article, ContentLibrary
from faqdesk.core.content.render import article_headings

#: An article with at least this many headings gets a contents list.
CONTENTS_MIN_HEADINGS = 3


@dataclass(frozen=True)
class Heading:
    """One heading of an article body: its level (2 for ``##``), text and anchor."""

    level: int
    text: str
    anchor: str


def headings(article: Article) -> list[Heading]:
    """The headings of an article's body, in order (a first ``#`` equal to the title left out)."""
    return list(_headings(article))


@lru_cache(maxsize=64)  # the reader asks again for the article on screen as the user types
def _headings(article: Article) -> tuple[Heading, ...]:
    return tuple(Heading(level, text, anchor) for level, text, anchor in article_headings(article))


def contents(article: Article) -> list[Heading]:
    """The contents list of an article: its headings when there are enough, else empty."""
    found = headings(article)
    return found if len(found) >= CONTENTS_MIN_HEADINGS else []


def twin_language(library: ContentLibrary, article_id: str, lang: str) -> str | None:
    """The other language the article exists in (``zh`` <-> ``en``), or None."""
    for other in LANGUAGES:
        if other != lang and (article_id, other) in library.articles:
            return other
    return None


def twin_anchor(
    library: ContentLibrary, article_id: str, lang: str, other: str, anchor: str | None
) -> str | None:
    """Where the section ``anchor`` of an article in ``lang`` is in its ``other`` translation.

    None when there is no such anchor, no translation, or the translation has fewer headings.
    """
    source = library.articles.get((article_id, lang))
    target = library.articles.get((article_id, other))
    if source is None or target is None or not anchor:
        return None
    anchors = [heading.anchor for heading in headings(source)]
    if anchor not in anchors:
        return None
    target_headings = headings(target)
    position = anchors.index(anchor)
    return target_headings[position].anchor if position < len(target_headings) else None
