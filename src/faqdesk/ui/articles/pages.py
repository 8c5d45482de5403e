"""What the reader shows for an article: its page, built from the loaded content."""

from __future__ import annotations

from typing import TYPE_CHECKING

from faqdesk.core.content.render import render_article_body
from faqdesk.core.text import render
from faqdesk.ui.articles.article_view import ArticlePage
from faqdesk.ui.common import i18n

if TYPE_CHECKING:
    from faqdesk.core.content.loading import ContentLibrary


def article_page(library: ContentLibrary, article_id: str, lang: str) -> ArticlePage | None:
    """The page of an article (rendered body, related articles), or None when there is none."""
    article = library.article(article_id, lang)
    if article is None:
        return None
    related: list[tuple[str, str]] = []
    for related_id in article.related:
        other = library.article(related_id, article.lang)
        if other is not None:
            related.append((other.id, other.title))
    copy_label = render("compose.ui.copy_letter", i18n.language())
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
