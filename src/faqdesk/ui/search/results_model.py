"""The ranked search results as a Qt list model (``Qt.UserRole`` = article id)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from faqdesk.ui.common.labels import plain_tooltip

ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole
LANG_ROLE = Qt.ItemDataRole.UserRole + 1
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 2
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 3  # escaped HTML with <b> around matched words


@dataclass(frozen=True)
class SearchResult:
    """One row: what the list shows for one article."""

    article_id: str
    lang: str
    title: str
    category: str  # display name in the UI language
    snippet: str


class ResultsModel(QAbstractListModel):
    """Rows of ``SearchResult``; ``set_results`` replaces them all at once."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SearchResult] = []

    def set_results(self, rows: Sequence[SearchResult]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def result(self, row: int) -> SearchResult:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        getters: dict[int, Callable[[], Any]] = {
            Qt.ItemDataRole.DisplayRole: lambda: row.title,
            Qt.ItemDataRole.ToolTipRole: lambda: plain_tooltip(row.title),
            ARTICLE_ID_ROLE: lambda: row.article_id,
            LANG_ROLE: lambda: row.lang,
            CATEGORY_ROLE: lambda: row.category,
            SNIPPET_ROLE: lambda: row.snippet,
        }
        getter = getters.get(role)
        return getter() if getter else None
