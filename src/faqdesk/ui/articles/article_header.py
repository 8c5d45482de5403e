"""The bar above an article: its title (elided, full in the tooltip), the contents drop-down
for long articles, the 中/EN switch, the bookmark star and "Write to support"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from faqdesk.core.content.sections import Heading
from faqdesk.core.text import render
from faqdesk.ui.common import i18n
from faqdesk.ui.common.labels import plain_label, plain_tooltip
from faqdesk.ui.common.panel import Panel


def _text(key: str, **params: object) -> str:
    return render(key, i18n.language(), **params)


class ArticleHeader(Panel, QWidget):
    """Emits ``headingChosen(anchor)``, ``languageRequested(lang)``, ``bookmarkToggled(on)``
    and ``composeRequested(article id)``."""

    headingChosen = Signal(str)
    languageRequested = Signal(str)
    bookmarkToggled = Signal(bool)
    composeRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleHeader")
        self._article_id = ""
        self.title = plain_label(self)
        self.title.setObjectName("articleTitle")
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(40)
        self.contents = QComboBox(self)
        self.contents.setObjectName("contentsBox")
        self.contents.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.contents.setMinimumContentsLength(8)
        self.contents.activated.connect(self._on_heading)
        self.language_button = QToolButton(self)
        self.language_button.setObjectName("languageToggle")
        self.language_button.clicked.connect(self._on_language)
        self.bookmark_button = QToolButton(self)
        self.bookmark_button.setObjectName("bookmarkButton")
        self.bookmark_button.setCheckable(True)
        self.bookmark_button.clicked.connect(self.bookmarkToggled)
        self.compose_button = QPushButton(self)
        self.compose_button.setObjectName("composeButton")
        self.compose_button.clicked.connect(lambda: self.composeRequested.emit(self._article_id))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.title, 1)
        for widget in (self.contents, self.language_button, self.bookmark_button):
            layout.addWidget(widget)
        layout.addWidget(self.compose_button)
        self._full_title = ""
        self._other_lang: str | None = None
        self._headings: list[Heading] = []
        self.retranslate()

    def show_article(
        self,
        article_id: str,
        title: str,
        headings: Sequence[Heading],
        other_lang: str | None,
        bookmarked: bool,
    ) -> None:
        """What the header says for the article on screen."""
        self._article_id = article_id
        self._full_title = title
        self._headings = list(headings)
        self._other_lang = other_lang
        self.contents.clear()
        self.contents.addItem("")  # the "Contents" line, set in retranslate
        for heading in self._headings:
            self.contents.addItem("    " * max(0, heading.level - 2) + heading.text, heading.anchor)
        self.contents.setVisible(bool(self._headings))
        self.language_button.setVisible(other_lang is not None)
        self.bookmark_button.setChecked(bookmarked)
        self._elide()
        self.retranslate()

    def set_bookmarked(self, on: bool) -> None:
        self.bookmark_button.setChecked(on)
        self.retranslate()

    def _on_heading(self, row: int) -> None:
        anchor = self.contents.itemData(row)
        self.contents.setCurrentIndex(0)
        if isinstance(anchor, str) and anchor:
            self.headingChosen.emit(anchor)

    def _on_language(self) -> None:
        if self._other_lang is not None:
            self.languageRequested.emit(self._other_lang)

    def _elide(self) -> None:
        metrics = QFontMetrics(self.title.font())
        width = max(20, self.title.width())
        shown = metrics.elidedText(self._full_title, Qt.TextElideMode.ElideRight, width)
        self.title.setText(shown)
        self.title.setToolTip(plain_tooltip(self._full_title))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def retranslate(self) -> None:
        if self.contents.count():
            self.contents.setItemText(0, _text("content.reader.header.contents"))
        self.contents.setToolTip(_text("content.reader.header.contents"))
        other = self._other_lang or ""
        self.language_button.setText(_text(f"content.reader.lang.{other}") if other else "")
        self.language_button.setToolTip(
            _text(
                "content.reader.header.read_in", language=_text(f"content.reader.language.{other}")
            )
            if other
            else ""
        )
        on = self.bookmark_button.isChecked()
        self.bookmark_button.setText("★" if on else "☆")
        self.bookmark_button.setToolTip(
            _text("content.reader.header.unbookmark" if on else "content.reader.header.bookmark")
        )
        self.compose_button.setText(_text("content.reader.compose"))
