"""The category tree: categories in their configured order, articles below them.

Article rows carry the article id in ``Qt.UserRole`` and its language in ``UserRole + 1``;
category rows carry nothing there (they only expand).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QStandardItem, QStandardItemModel

from faqdesk.ui.results_model import ARTICLE_ID_ROLE, LANG_ROLE

CATEGORY_ID_ROLE = ARTICLE_ID_ROLE + 10


class CategoryModel(QStandardItemModel):
    """Filled from a content library (``library.categories`` and ``library.in_category``)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)

    def fill(self, library: Any, lang: str) -> None:
        """Show the library's categories and their articles, one per id, in ``lang`` where
        a translation exists (the library falls back to the other language)."""
        self.clear()
        root = self.invisibleRootItem()
        for category in library.categories:
            item = QStandardItem(category.display_name(lang))
            item.setEditable(False)
            item.setData(category.id, CATEGORY_ID_ROLE)
            for article in library.in_category(category.id, lang):
                child = QStandardItem(article.title)
                child.setEditable(False)
                child.setToolTip(article.summary)
                child.setData(article.id, ARTICLE_ID_ROLE)
                child.setData(article.lang, LANG_ROLE)
                item.appendRow(child)
            if item.rowCount():
                root.appendRow(item)

