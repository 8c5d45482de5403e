"""A category's page: its name and its articles, each with its summary; a click opens one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCommandLinkButton, QFrame, QScrollArea, QVBoxLayout, QWidget

from faqdesk.core.text import render
from faqdesk.ui.common import i18n
from faqdesk.ui.common.labels import plain_label, plain_tooltip
from faqdesk.ui.common.panel import Panel

if TYPE_CHECKING:
    from faqdesk.core.content.library import ContentLibrary


class CategoryPage(Panel, QScrollArea):
    """Emits ``articleRequested(id, lang)`` when one of the listed articles is chosen."""

    articleRequested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("categoryPage")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.category_id = ""
        self._count = 0
        self._build(None, "", "")

    def _build(self, library: ContentLibrary | None, category_id: str, lang: str) -> None:
        column = QWidget(self)
        column.setMaximumWidth(760)
        layout = QVBoxLayout(column)
        self.title = plain_label(column)
        self.title.setObjectName("categoryTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.count_label = plain_label(column)
        layout.addWidget(self.title)
        layout.addWidget(self.count_label)
        self.buttons: list[QCommandLinkButton] = []
        category = library.category(category_id) if library is not None else None
        self.title.setText(category.display_name(lang) if category is not None else "")
        articles = library.in_category(category_id, lang) if library is not None else []
        for article in articles:
            # a command link's texts are plain text: titles and summaries come from content
            button = QCommandLinkButton(article.title, article.summary, column)
            button.setObjectName("categoryArticle")
            button.setToolTip(plain_tooltip(article.title))
            button.clicked.connect(
                lambda _checked=False, a=article.id, lang_=article.lang: self.articleRequested.emit(
                    a, lang_
                )
            )
            layout.addWidget(button)
            self.buttons.append(button)
        layout.addStretch(1)
        self._count = len(articles)
        self.setWidget(column)
        self.retranslate()

    def show_category(self, library: ContentLibrary, category_id: str, lang: str) -> None:
        """List the articles of ``category_id`` in ``lang`` (another language where missing)."""
        self.category_id = category_id
        self._build(library, category_id, lang)

    def retranslate(self) -> None:
        self.count_label.setText(
            render("content.reader.category.count", i18n.language(), count=self._count)
        )
