"""Paints one search result: the title, its category, and the snippet with matches in bold."""

from __future__ import annotations

import html
from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from faqdesk.ui.search.results_model import CATEGORY_ROLE, SNIPPET_ROLE

_PADDING = 6
#: Laid-out rows kept (a results list shows up to 50, selected or not).
_DOCUMENTS_KEPT = 256


class ResultDelegate(QStyledItemDelegate):
    """Rich rows for the results list; the snippet HTML comes from the search core
    (already escaped, with ``<b>`` around the matched words)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # laid-out rows, kept: every keystroke's results are measured and painted, most
        # of them the rows of the keystroke before
        self._documents: OrderedDict[tuple[str, str, int], QTextDocument] = OrderedDict()

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QTextDocument:
        row_html = self._row_html(option, index)
        width = max(100, option.rect.width() - 2 * _PADDING)
        key = (row_html, option.font.key(), width)
        doc = self._documents.get(key)
        if doc is not None:
            self._documents.move_to_end(key)
            return doc
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        doc.setHtml(row_html)
        doc.setTextWidth(width)
        self._documents[key] = doc
        while len(self._documents) > _DOCUMENTS_KEPT:
            self._documents.popitem(last=False)
        return doc

    def _row_html(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> str:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        group = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text = palette.color(group).name()
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        if selected:
            muted = text
        title = _escape(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        category = _escape(str(index.data(CATEGORY_ROLE) or ""))
        snippet = str(index.data(SNIPPET_ROLE) or "")
        return (
            f'<div style="color:{text}"><b>{title}</b>'
            f'&nbsp;&nbsp;<span style="color:{muted}; font-size:small">{category}</span></div>'
            f'<div style="color:{text}">{snippet}</div>'
        )

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text_less = QStyleOptionViewItem(option)
        text_less.text = ""
        if style is not None:
            style.drawControl(
                QStyle.ControlElement.CE_ItemViewItem, text_less, painter, option.widget
            )
        doc = self._document(option, index)
        rect = option.rect
        painter.save()
        painter.translate(rect.left() + _PADDING, rect.top() + _PADDING)
        clip = QRectF(0, 0, rect.width() - 2 * _PADDING, rect.height() - 2 * _PADDING)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        self.initStyleOption(option, index)
        doc = self._document(option, index)
        height = int(min(doc.size().height(), 5 * option.fontMetrics.height()))
        return QSize(int(doc.idealWidth()), height + 2 * _PADDING)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
