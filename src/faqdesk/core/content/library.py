"""What a content folder holds, loaded: categories, articles, and the library of both.

:mod:`faqdesk.core.content.loading` fills a :class:`ContentLibrary` from the files;
:mod:`faqdesk.core.content.links` checks the references between its articles;
:mod:`faqdesk.core.content.render` shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from faqdesk.core.problems import Problem

LANGUAGES: tuple[str, ...] = ("zh", "en")


@dataclass(frozen=True)
class Category:
    """A group of articles in the category browser, with its name in each language."""

    id: str
    name: Mapping[str, str] = field(hash=False)  # lang -> name; the id alone makes the hash
    icon: str | None
    order: int

    def display_name(self, lang: str) -> str:
        """The name in ``lang``, else in another language, else the id."""
        if self.name.get(lang):
            return self.name[lang]
        for other in (*LANGUAGES, *sorted(self.name)):
            if self.name.get(other):
                return self.name[other]
        return self.id


@dataclass(frozen=True)
class Article:
    """One article in one language."""

    id: str
    lang: str
    title: str
    category: str
    tags: tuple[str, ...]
    summary: str
    updated: date | None
    related: tuple[str, ...]
    body: str  # Markdown body: front matter removed, BOM stripped, LF line endings
    path: Path  # the file it came from
    source: str  # "bundled" or "user"


@dataclass
class ContentLibrary:
    """Every article and category that loaded, and every problem found on the way."""

    articles: dict[tuple[str, str], Article] = field(default_factory=dict)
    categories: list[Category] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    roots: tuple[Path, ...] = ()

    def article(self, article_id: str, lang: str, *, fallback: bool = True) -> Article | None:
        """The article in ``lang``; with ``fallback``, another language when that one is missing."""
        found = self.articles.get((article_id, lang))
        if found is not None or not fallback:
            return found
        for other in self.languages_of(article_id):
            return self.articles[(article_id, other)]
        return None

    def ids(self) -> list[str]:
        """Every article id, sorted, each once."""
        return sorted({article_id for article_id, _ in self.articles})

    def languages_of(self, article_id: str) -> list[str]:
        """The languages an article exists in (``LANGUAGES`` order first)."""
        langs = {lang for (other_id, lang) in self.articles if other_id == article_id}
        return sorted(langs, key=language_rank)

    def in_category(self, category_id: str, lang: str) -> list[Article]:
        """The articles of a category, one per id (in ``lang`` when it exists), by id."""
        return [article for article in self.for_language(lang) if article.category == category_id]

    def for_language(self, lang: str) -> list[Article]:
        """Every article once, in ``lang`` when it exists, else another language; by id."""
        chosen = (self.article(article_id, lang) for article_id in self.ids())
        return [article for article in chosen if article is not None]

    def category(self, category_id: str) -> Category | None:
        """The category with this id, or None."""
        for category in self.categories:
            if category.id == category_id:
                return category
        return None


def language_rank(lang: str) -> tuple[int, str]:
    return (LANGUAGES.index(lang) if lang in LANGUAGES else len(LANGUAGES), lang)
