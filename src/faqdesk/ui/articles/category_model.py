"""The category tree: categories in their configured order, articles below them.

Article rows carry the article id in ``Qt.UserRole`` and its language in ``UserRole + 1``;
category rows carry the category id in ``CATEGORY_ID_ROLE`` (a click opens its page).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QIcon, QStandardItem, QStandardItemModel

from faqdesk.core.paths import resources_dir
from faqdesk.ui.common.labels import plain_tooltip
from faqdesk.ui.search.results_model import ARTICLE_ID_ROLE, LANG_ROLE

#: The id of a category row (article rows have none).
CATEGORY_ID_ROLE = Qt.ItemDataRole.UserRole + 7

if TYPE_CHECKING:
    from faqdesk.core.content.library import ContentLibrary


@cache
def category_icon(name: str | None) -> QIcon | None:
    """The bundled icon named by a category's ``icon`` field, or None when there is none
    (a user's categories.yaml may name an icon we do not ship)."""
    if not name or not name.replace("-", "").isalnum():
        return None
    path = resources_dir() / "icons" / "categories" / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else None


class CategoryModel(QStandardItemModel):
    """Filled from a content library (``library.categories`` and ``library.in_category``)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def fill(self, library: ContentLibrary, lang: str) -> None:
        """Show the library's categories and their articles, one per id, in ``lang`` where
        a translation exists (the library falls back to the other language)."""
        self.clear()
        root = self.invisibleRootItem()
        for category in library.categories:
            item = QStandardItem(category.display_name(lang))
            item.setEditable(False)
            item.setData(category.id, CATEGORY_ID_ROLE)
            icon = category_icon(category.icon)
            if icon is not None:
                item.setIcon(icon)
            for article in library.in_category(category.id, lang):
                child = QStandardItem(article.title)
                child.setEditable(False)
                child.setToolTip(plain_tooltip(article.summary))
                child.setData(article.id, ARTICLE_ID_ROLE)
                child.setData(article.lang, LANG_ROLE)
                item.appendRow(child)
            if item.rowCount():
                root.appendRow(item)
