"""Checks between the articles of a loaded library: categories, related articles and links.

Loading (:mod:`faqdesk.core.content.loading`) reads each file on its own; this module looks at
the library as a whole, once everything is loaded: does the category exist, does a translation
sit in the same category, do the related articles and the links (to other articles, to
headings) lead somewhere, is a link of a kind FAQDesk opens, does an image stay inside its
content folder. It parses Markdown with
:mod:`faqdesk.core.content.render` only for bodies that may hold a link to check.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from faqdesk.core.content.images import resolve_image, root_of
from faqdesk.core.content.library import LANGUAGES, Article, ContentLibrary, language_rank
from faqdesk.core.content.render import (
    LinkTarget,
    MarkdownOutline,
    known_anchor,
    needs_link_check,
    outline,
)
from faqdesk.core.problems import Problem

_Key = tuple[str, str]  # (article id, lang)


class _Articles:
    """Look-ups over the library's articles, with each body parsed at most once."""

    def __init__(self, library: ContentLibrary) -> None:
        self.library = library
        self.languages: dict[str, list[str]] = {}
        for article_id, lang in library.articles:
            self.languages.setdefault(article_id, []).append(lang)
        # Parsing Markdown is most of the time of loading: parse a body only when it may hold
        # a link to check, or when another article links to one of its headings.
        self._outlines: dict[_Key, MarkdownOutline] = {}

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.languages

    def find(self, article_id: str, lang: str) -> Article | None:
        """``library.article(article_id, lang)``, without a scan of every article per call."""
        found = self.library.articles.get((article_id, lang))
        if found is None and article_id in self.languages:
            first = min(self.languages[article_id], key=language_rank)
            found = self.library.articles[(article_id, first)]
        return found

    def outline(self, key: _Key) -> MarkdownOutline:
        found = self._outlines.get(key)
        if found is None:
            found = self._outlines[key] = outline(self.library.articles[key].body)
        return found


def check_references(library: ContentLibrary, where_of: Mapping[Path, str]) -> list[Problem]:
    """Every problem of the library's categories, related articles and links, by article."""
    articles = _Articles(library)
    known_categories = {category.id for category in library.categories}
    problems: list[Problem] = []
    for key, article in sorted(library.articles.items()):
        where = where_of.get(article.path, str(article.path))
        if library.categories and article.category and article.category not in known_categories:
            problems.append(
                Problem.of(
                    where,
                    "content.category.unknown",
                    field="category",
                    value=article.category,
                    known=", ".join(sorted(known_categories)),
                )
            )
        first = articles.find(article.id, LANGUAGES[0])
        if first is not None and first is not article and first.category != article.category:
            problems.append(
                Problem.of(
                    where,
                    "content.category.differs",
                    field="category",
                    value=article.category,
                    other_lang=first.lang,
                    other_category=first.category,
                )
            )
        for related in article.related:
            if related not in articles:
                problems.append(
                    Problem.of(where, "content.related.missing", field="related", value=related)
                )
        if needs_link_check(article.body):
            body = articles.outline(key)
            for link in body.links:
                problem = _link_problem(articles, key, article, link, where)
                if problem is not None:
                    problems.append(problem)
            root = root_of(article.path, library.roots) if body.images else None
            for src in body.images:
                if resolve_image(src, article.path, root) is None:
                    problems.append(
                        Problem.of(where, "content.image.refused", field="images", value=src)
                    )
    return problems


def _link_problem(
    articles: _Articles, key: _Key, article: Article, link: LinkTarget, where: str
) -> Problem | None:
    """What is wrong with one link of an article, or None."""

    def problem(code: str, **params: str) -> Problem:
        return Problem.of(where, code, field="links", value=link.href, **params)

    if link.kind == "unsafe":
        return problem("content.link.unsafe")
    if link.kind == "anchor" and link.anchor:
        if not known_anchor(articles.outline(key).anchors, link.anchor):
            return problem("content.link.no_anchor")
    elif link.kind == "article" and link.article_id is not None:
        if link.article_id not in articles:
            return problem("content.link.no_article", article=link.article_id)
        if link.anchor:
            target = articles.find(link.article_id, article.lang)
            target_key = (link.article_id, target.lang) if target else None
            if target_key and not known_anchor(articles.outline(target_key).anchors, link.anchor):
                return problem(
                    "content.link.no_heading", article=link.article_id, anchor=link.anchor
                )
    return None
