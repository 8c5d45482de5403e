"""Find in the article (Ctrl+F): an inline bar over the reader with the match count.

F3 / Shift+F3 (or Enter / Shift+Enter in the field) go to the next / previous match, Esc
closes the bar and clears its marks. Matching ignores case; every match is marked, the
current one more strongly, and scrolled into view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QTextEdit, QToolButton, QWidget

from faqdesk.core.text import render
from faqdesk.ui.articles.article_view import ArticleView
from faqdesk.ui.common import i18n
from faqdesk.ui.common.labels import plain_label
from faqdesk.ui.common.panel import Panel

#: Longest text searched for (a pasted page is cut, not searched for a second).
MAX_FIND_CHARS = 200


class _FindField(QLineEdit):
    escape = Signal()
    previous = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape.emit()
            return
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if shift and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.previous.emit()
            return
        super().keyPressEvent(event)


class FindBar(Panel, QWidget):
    """The find bar of one :class:`ArticleView` (hidden until :meth:`open_bar`)."""

    closed = Signal()

    def __init__(self, view: ArticleView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._view = view
        self.field = _FindField(self)
        self.field.setObjectName("findField")
        self.field.setMaxLength(MAX_FIND_CHARS)
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._search)
        self.field.returnPressed.connect(self.find_next)
        self.field.previous.connect(self.find_previous)
        self.field.escape.connect(self.close_bar)
        self.count_label = plain_label(self)
        self.count_label.setObjectName("findCount")
        self.previous_button = QToolButton(self)
        self.previous_button.setText("▲")
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button = QToolButton(self)
        self.next_button.setText("▼")
        self.next_button.clicked.connect(self.find_next)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.field, 1)
        for widget in (self.count_label, self.previous_button, self.next_button):
            layout.addWidget(widget)
        layout.addWidget(self.close_button)
        self._matches: list[QTextCursor] = []
        self._current = -1
        view.articleShown.connect(lambda *_: self._search(self.field.text()))
        self.hide()
        self.retranslate()

    # -- opening and closing ------------------------------------------------------
    def open_bar(self) -> None:
        """Show the bar with the field focused and its text selected (Ctrl+F)."""
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self._search(self.field.text())

    def close_bar(self) -> None:
        """Hide the bar, drop its marks, give the focus back to the article (Esc)."""
        self.hide()
        self._matches, self._current = [], -1
        self._view.set_find_selections([])
        self._view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.closed.emit()

    # -- finding ------------------------------------------------------------------
    def match_count(self) -> int:
        return len(self._matches)

    def current_match(self) -> int:
        """The number of the current match, from 1 (0: none)."""
        return self._current + 1

    def find_next(self) -> None:
        if not self.isVisible():
            self.open_bar()
        self._step(1)

    def find_previous(self) -> None:
        if not self.isVisible():
            self.open_bar()
        self._step(-1)

    def _step(self, direction: int) -> None:
        if not self._matches:
            return
        self._current = (self._current + direction) % len(self._matches)
        self._mark()

    def _search(self, text: str) -> None:
        self._matches, self._current = [], -1
        if self.isVisible() and text.strip():
            doc = self._view.document()
            cursor = doc.find(text, 0, QTextDocument.FindFlag(0))
            while not cursor.isNull() and len(self._matches) < 10_000:
                self._matches.append(cursor)
                cursor = doc.find(text, cursor, QTextDocument.FindFlag(0))
        if self._matches:
            self._current = 0
        self._mark()

    def _mark(self) -> None:
        palette = self._view.palette()
        every = QTextCharFormat()
        every.setBackground(QColor(palette.color(QPalette.ColorRole.Highlight)).lighter(160))
        every.setForeground(palette.color(QPalette.ColorRole.Text))
        current = QTextCharFormat()
        current.setBackground(palette.color(QPalette.ColorRole.Highlight))
        current.setForeground(palette.color(QPalette.ColorRole.HighlightedText))
        selections = []
        for number, cursor in enumerate(self._matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = current if number == self._current else every
            selections.append(selection)
        self._view.set_find_selections(selections)
        if 0 <= self._current < len(self._matches):
            cursor = QTextCursor(self._matches[self._current])
            cursor.clearSelection()
            self._view.setTextCursor(cursor)
            self._view.ensureCursorVisible()
        self.retranslate()

    # -- text ---------------------------------------------------------------------
    def retranslate(self) -> None:
        lang = i18n.language()
        self.field.setPlaceholderText(render("content.reader.find.placeholder", lang))
        if not self.field.text().strip():
            self.count_label.setText("")
        elif self._matches:
            self.count_label.setText(
                render(
                    "content.reader.find.count",
                    lang,
                    current=self._current + 1,
                    total=len(self._matches),
                )
            )
        else:
            self.count_label.setText(render("content.reader.find.none", lang))
        self.next_button.setToolTip(render("content.reader.find.next", lang))
        self.previous_button.setToolTip(render("content.reader.find.previous", lang))
        self.close_button.setToolTip(render("content.reader.find.close", lang))
