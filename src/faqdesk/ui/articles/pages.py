"""What the reader shows for an article: its page, built from the loaded content."""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from faqdesk.core.content.render import article_url, render_article_body
from faqdesk.core.text import render
from faqdesk.ui.common import i18n

if TYPE_CHECKING:
    from faqdesk.core.content.library import Article
    from faqdesk.core.content.loading import ContentLibrary


@dataclass(frozen=True)
class ArticlePage:
    """Everything the reader shows for one article."""

    article_id: str
    lang: str
    title: str
    summary: str
    body_html: str
    related: Sequence[tuple[str, str]] = ()  # (article id, title)
    words: Sequence[str] = field(default_factory=tuple)  # query words to highlight
    images: Mapping[str, Path] = field(default_factory=dict)  # image URL -> allowed file
    letters: Sequence[str] = ()  # the example letters, by their copy link's number


def page_html(page: ArticlePage, related_heading: str) -> str:
    """The HTML the reader shows for a page: title, summary, body, related articles."""
    parts = [f"<h1>{html.escape(page.title)}</h1>"]
    if page.summary:
        parts.append(f'<p class="summary">{html.escape(page.summary)}</p>')
    parts.append(page.body_html)
    if page.related:
        parts.append(f"<h2>{html.escape(related_heading)}</h2><ul>")
        for related_id, title in page.related:
            href = html.escape(article_url(related_id), quote=True)
            parts.append(f'<li><a href="{href}">{html.escape(title)}</a></li>')
        parts.append("</ul>")
    return "\n".join(parts)


#: Pages made lately: (library, article, page) by (library, article id, language, label).
_PAGES: OrderedDict[tuple[int, str, str, str], tuple[object, object, ArticlePage]] = OrderedDict()
_PAGES_KEPT = 32


def article_page(library: ContentLibrary, article_id: str, lang: str) -> ArticlePage | None:
    """The page of an article (rendered body, related articles), or None when there is none.
    Kept for the same library and article: the reader shows the first result of each
    keystroke's search, most often the article already on screen."""
    article = library.article(article_id, lang)
    if article is None:
        return None
    copy_label = render("compose.ui.copy_letter", i18n.language())
    key = (id(library), article.id, article.lang, copy_label)
    kept = _PAGES.get(key)
    if kept is not None and kept[0] is library and kept[1] is article:
        _PAGES.move_to_end(key)
        return kept[2]
    page = _make_page(library, article, copy_label)
    _PAGES[key] = (library, article, page)
    while len(_PAGES) > _PAGES_KEPT:
        _PAGES.popitem(last=False)
    return page


def _make_page(library: ContentLibrary, article: Article, copy_label: str) -> ArticlePage:
    related: list[tuple[str, str]] = []
    for related_id in article.related:
        other = library.article(related_id, article.lang)
        if other is not None:
            related.append((other.id, other.title))
    body = render_article_body(article, library, copy_label=copy_label)
    return ArticlePage(
        article_id=article.id,
        lang=article.lang,
        title=article.title,
        summary=article.summary,
        body_html=body.html,
        related=tuple(related),
        images=body.images,
        letters=body.letters,
    )
