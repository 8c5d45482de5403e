"""The article reader (objectName ``articleView``): rendered article, links, history.

The view shows ``ArticlePage`` objects that the window builds from the core (the body HTML
comes from ``faqdesk.core.content.render``); it never reads files. Internal links
(``faqdesk://article/<id>#anchor``) open in the app through ``loader``; ``#anchor`` links
scroll; web, phone, Telegram and mail links go to the system; anything else is blocked
with a message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QFontInfo,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from faqdesk.core.content.images import read_image
from faqdesk.core.content.render import (
    ARTICLE_SCHEME,
    SAFE_SCHEMES,
    article_url,
    copy_letter_index,
    parse_article_url,
)
from faqdesk.core.text import render
from faqdesk.ui.articles.appearance import article_css, placeholder_image
from faqdesk.ui.articles.marks import heading_anchor_at, plain_task_lists, word_selections
from faqdesk.ui.articles.pages import ArticlePage, page_html
from faqdesk.ui.common import i18n
from faqdesk.ui.common.panel import Panel

#: The schemes handed to the system (browser, dialer, Telegram, mail client).
EXTERNAL_SCHEMES = SAFE_SCHEMES - {ARTICLE_SCHEME}


#: Fonts that read well in Chinese, in order of preference (Linux, Windows, macOS).
CJK_FONTS = ("Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "sans-serif")


@dataclass
class _Visit:
    article_id: str
    lang: str
    scroll: int = 0
    words: Sequence[str] = ()  # the highlights
    query: str = ""  # the search it was opened from
    preview: bool = False  # shown because it was a new query's first result


#: The reading column is at most this many ems wide; the rest is margin on both sides.
MAX_LINE_EMS = 45


class ArticleView(Panel, QTextBrowser):
    """Shows one article at a time with Back/Forward history.

    ``loader(article_id, lang)`` returns the page or None when there is no such article.
    ``message`` carries a sentence for the status bar (a blocked or broken link).
    """

    message = Signal(str)
    articleShown = Signal(str, str)  # article id, lang
    historyChanged = Signal()

    def __init__(
        self,
        loader: Callable[[str, str], ArticlePage | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self._loader = loader
        self._page: ArticlePage | None = None
        self._back: list[_Visit] = []
        self._forward: list[_Visit] = []
        self._pending_scroll: int | None = None
        self._pending_match = False
        self._shown = False
        self._query = ""
        self._preview = False
        self._search_selections: list[QTextEdit.ExtraSelection] = []
        self._find_selections: list[QTextEdit.ExtraSelection] = []
        #: Opens an external URL; tests replace it.
        self.open_external: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.verticalScrollBar().rangeChanged.connect(self._apply_pending_scroll)
        self._apply_theme()
        self.set_font_size(0)
        self.retranslate()

    # -- content ------------------------------------------------------------------
    def page(self) -> ArticlePage | None:
        return self._page

    def current_article(self) -> tuple[str, str] | None:
        return (self._page.article_id, self._page.lang) if self._page else None

    def open_article(
        self,
        article_id: str,
        lang: str,
        anchor: str | None = None,
        *,
        words: Sequence[str] = (),
        scroll: int | None = None,
        query: str = "",
        preview: bool = False,
    ) -> bool:
        """Show an article, remembering the current one for Back. False if unknown.

        With ``words`` (and no ``anchor`` or ``scroll``) the reader scrolls to the first match.
        A ``preview`` (the first result of a new query) replaces a preview on screen instead
        of adding to the history; ``query`` is the search the article was opened from.
        """
        page = self._load(article_id, lang, words)
        if page is None:
            self.message.emit(self.tr("There is no article “{id}”.").format(id=article_id))
            return False
        same = self._page is not None and (self._page.article_id, self._page.lang) == (
            page.article_id,
            page.lang,
        )
        if same and self._preview and preview and self._same_page(page, anchor, scroll):
            self._rehighlight(page, query)  # typed further, the same first result
            return True
        if self._page is not None and not (self._preview and (preview or same)):
            self._back.append(self._visit())
            self._forward.clear()
        self._query, self._preview = query, preview
        self._show(page, anchor, scroll)
        if words and not anchor and scroll is None:
            self.scroll_to_first_match()
        return True

    def _same_page(self, page: ArticlePage, anchor: str | None, scroll: int | None) -> bool:
        """Whether ``page`` is the one on screen but for its marked words (and nowhere else
        to go)."""
        current = self._page
        return anchor is None and scroll is None and current is not None and (
            replace(current, words=()) == replace(page, words=())
        )

    def _rehighlight(self, page: ArticlePage, query: str) -> None:
        """The preview on screen again, for a query typed further: only its marks and the
        first match change (laying the article out again costs tens of milliseconds)."""
        self._page, self._query = page, query
        self._highlight(page.words)
        if page.words:
            self.scroll_to_first_match()
        self.historyChanged.emit()

    def is_preview(self) -> bool:
        """Whether the article on screen is only the preview of a query's first result."""
        return self._preview and self._page is not None

    def settle(self) -> None:
        """The preview on screen stays in the history (the next preview does not replace it)."""
        self._preview = False

    def current_query(self) -> str:
        """The search the article on screen was opened from ("" when none)."""
        return self._query if self._page is not None else ""

    def show_nothing(self) -> None:
        """Empty the reader (the article on screen goes to the history)."""
        if self._page is not None:
            self._back.append(self._visit())
            self._forward.clear()
        self._page, self._query, self._preview = None, "", False
        super().clear()
        self._search_selections, self._find_selections = [], []
        self.setExtraSelections([])
        self.historyChanged.emit()

    def reload(self, words: Sequence[str] | None = None) -> None:
        """Show the current article again (new language, font or highlight)."""
        if self._page is None:
            return
        page = self._load(
            self._page.article_id,
            self._page.lang,
            self._page.words if words is None else words,
        )
        if page is not None:
            self._show(page, None, self._wanted_scroll())

    def _wanted_scroll(self) -> int:
        """Where the reader should be: a restore still waiting for layout wins."""
        if self._pending_scroll is not None:
            return self._pending_scroll
        return int(self.verticalScrollBar().value())

    def switch_language(self, lang: str) -> None:
        """Show the current article in another language (no new history entry)."""
        if self._page is None:
            return
        page = self._load(self._page.article_id, lang, self._page.words)
        if page is not None:
            self._show(page, None, self.verticalScrollBar().value())

    def _load(self, article_id: str, lang: str, words: Sequence[str]) -> ArticlePage | None:
        if self._loader is None:
            return None
        page = self._loader(article_id, lang)
        if page is not None and words:
            page = replace(page, words=tuple(words))
        return page

    def _visit(self) -> _Visit:
        assert self._page is not None
        return _Visit(
            self._page.article_id,
            self._page.lang,
            self._wanted_scroll(),
            tuple(self._page.words),
            self._query,
            self._preview,
        )

    def _show(self, page: ArticlePage, anchor: str | None, scroll: int | None) -> None:
        self._page = page
        self._pending_match = False
        self.setHtml(page_html(page, self.tr("Related articles")))
        self._cap_line_length()
        plain_task_lists(self.document())
        self._highlight(page.words)
        if anchor:
            self._pending_scroll = None
            self.scrollToAnchor(anchor)
        else:
            self._pending_scroll = scroll or 0
            self._apply_pending_scroll()
        self.articleShown.emit(page.article_id, page.lang)
        self.historyChanged.emit()

    def _highlight(self, words: Sequence[str]) -> None:
        self._find_selections = []
        selections = word_selections(self.document(), words, *self._highlight_colors)
        self._search_selections = selections
        self.setExtraSelections(selections)

    def set_find_selections(self, selections: list[QTextEdit.ExtraSelection]) -> None:
        """Show the find bar's matches over the search highlights (an empty list: none)."""
        self._find_selections = list(selections)
        self.setExtraSelections([*self._search_selections, *self._find_selections])

    def scroll_to_first_match(self) -> None:
        """Bring the first highlighted word into view (it may be at the end of the article)."""
        if not self._search_selections:
            return
        self._pending_scroll = None
        self._pending_match = not (self._shown and self.isVisible())  # scrolled to when shown
        if self._pending_match:
            return
        cursor = QTextCursor(self._search_selections[0].cursor)
        cursor.clearSelection()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def highlighted_words(self) -> list[str]:
        """The texts the search marks in the article (for tests and screen readers)."""
        return [s.cursor.selectedText() for s in self._search_selections]

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        """Only the images the page allows are read (from its content folder); every other
        resource, local or remote, gets the placeholder or nothing: the reader never reads a
        file or the network on an article's say-so."""
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return None
        url = name.toString() if isinstance(name, QUrl) else str(name)
        path = self._page.images.get(url) if self._page is not None else None
        data = read_image(path) if path is not None else None
        if data is not None:
            image = QImage.fromData(data)
            if not image.isNull():
                return image
        return placeholder_image(self.palette())

    # -- scrolling ----------------------------------------------------------------
    def current_anchor(self) -> str | None:
        """The anchor of the section at the top of the reader (None: above the first)."""
        return heading_anchor_at(self.document(), self.verticalScrollBar().value() + 4)

    def scroll_position(self) -> int:
        return int(self.verticalScrollBar().value())

    def _apply_pending_scroll(self) -> None:
        if self._pending_scroll is None or not self._shown or not self.isVisible():
            return  # a hidden reader lays out at another width: wait until it is shown
        bar = self.verticalScrollBar()
        if bar.maximum() >= self._pending_scroll:
            bar.setValue(self._pending_scroll)
            self._pending_scroll = None

    # -- history ------------------------------------------------------------------
    def can_go_back(self) -> bool:
        return bool(self._back)

    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def go_back(self) -> None:
        self._step(self._back, self._forward)

    def go_forward(self) -> None:
        self._step(self._forward, self._back)

    def _step(self, source: list[_Visit], target: list[_Visit]) -> None:
        while source:
            visit = source.pop()
            page = self._load(visit.article_id, visit.lang, visit.words)
            if page is None:
                continue  # the article went away (content reloaded); skip it
            if self._page is not None:
                target.append(self._visit())
            self._query, self._preview = visit.query, visit.preview
            self._show(page, None, visit.scroll)
            return

    # -- links --------------------------------------------------------------------
    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        letter = copy_letter_index(text)
        if letter is not None:
            self.copy_letter(letter)
            return
        internal = parse_article_url(text)
        if internal is not None:
            article_id, anchor = internal
            lang = self._page.lang if self._page else "zh"
            if self._page is not None and article_id == self._page.article_id and anchor:
                self.scrollToAnchor(anchor)
                return
            self.open_article(article_id, lang, anchor)
            return
        scheme = url.scheme().lower()
        if not scheme and url.hasFragment():
            self.scrollToAnchor(url.fragment())
            return
        if scheme in EXTERNAL_SCHEMES:
            self.open_external(url)
            self.message.emit(self.tr("Opening {link}").format(link=text))
            return
        self.message.emit(
            self.tr("Blocked a link that FAQDesk does not open: {link}").format(link=text)
        )

    def copy_letter(self, number: int) -> str | None:
        """Put example letter ``number`` of the article on the clipboard, as plain text."""
        letters = self._page.letters if self._page is not None else ()
        if not 0 <= number < len(letters):
            return None
        letter = letters[number]
        QGuiApplication.clipboard().setText(letter)
        lines = len(letter.splitlines())
        self.message.emit(render("finish.reader.letter_copied", i18n.language(), lines=lines))
        return letter

    def copy_link(self) -> str | None:
        """Put the current article's in-app link on the clipboard and return it."""
        if self._page is None:
            return None
        link = article_url(self._page.article_id)
        QGuiApplication.clipboard().setText(link)
        self.message.emit(self.tr("Copied {link}").format(link=link))
        return link

    # -- printing -----------------------------------------------------------------
    def save_pdf(self, path: str) -> bool:
        """Write the current article to a PDF file; False (with a message) on failure."""
        from faqdesk.ui.articles.printing import save_pdf

        ok = save_pdf(self.document(), self._page.title if self._page else "FAQDesk", path)
        if not ok:
            self.message.emit(self.tr("Could not write {path}").format(path=path))
        return ok

    def print_article(self) -> None:
        """Show the print dialog and print the article."""
        from faqdesk.ui.articles.printing import print_document

        print_document(self.document(), self)

    # -- appearance ---------------------------------------------------------------
    def set_font_size(self, points: int) -> None:
        """Reading font size in points (0: the platform default)."""
        font = QFont(self.font())
        font.setFamilies([*CJK_FONTS])
        if points > 0:
            font.setPointSize(points)
        self.document().setDefaultFont(font)
        self._cap_line_length()
        self.reload()

    def retranslate(self) -> None:
        self.setPlaceholderText(
            self.tr("Choose an article on the left, or search for a few words.")
        )
        if self._page is not None:
            self.reload()  # the "Related articles" heading is ours to translate

    def is_dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    def _apply_theme(self) -> None:
        self._highlight_colors = (
            (QColor("#8a6d00"), QColor("#ffffff"))
            if self.is_dark()
            else (QColor("#ffe066"), QColor("#000000"))
        )
        self.document().setDefaultStyleSheet(article_css(self.is_dark()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_theme()
            self.reload()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)  # the first one scrolls to the text cursor
        self._shown = True
        if self._pending_match:
            self.scroll_to_first_match()
        self._apply_pending_scroll()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._cap_line_length()

    def _cap_line_length(self) -> None:
        """Lines at most ``MAX_LINE_EMS`` wide, centred: wide windows get side margins."""
        em = QFontInfo(self.document().defaultFont()).pixelSize()
        spare = self.viewport().width() - MAX_LINE_EMS * em
        margin = max(0, spare // 2)
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        if int(fmt.leftMargin()) != margin:
            fmt.setLeftMargin(margin)
            fmt.setRightMargin(margin)
            frame.setFrameFormat(fmt)

    def line_width(self) -> int:
        """How wide the lines of text are now, in pixels."""
        fmt = self.document().rootFrame().frameFormat()
        return int(self.viewport().width() - fmt.leftMargin() - fmt.rightMargin())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and event.key() == Qt.Key.Key_Left:
            self.go_back()
            return
        if alt and event.key() == Qt.Key.Key_Right:
            self.go_forward()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.BackButton:
            self.go_back()
            return
        if event.button() == Qt.MouseButton.ForwardButton:
            self.go_forward()
            return
        super().mousePressEvent(event)
