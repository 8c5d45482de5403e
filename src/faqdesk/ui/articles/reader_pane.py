"""The right-hand side of the window: the start page, a category's page, or an article with
its header (contents, 中/EN, bookmark, write to support) and the find bar.

It also keeps the user's bookmarks and recently read articles (stored by
:mod:`faqdesk.core.content.reading_lists`), and makes the reader follow the search: the first
result of a new query is previewed (with its matches marked and the first one scrolled to),
and when Back or Forward returns to an article opened from another search, the search box
and the results list follow.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QStackedWidget, QVBoxLayout, QWidget

from faqdesk.core import paths
from faqdesk.core.content import reading_lists
from faqdesk.core.content.reading_lists import ArticleRef, ReadingList
from faqdesk.core.content.render import parse_article_url
from faqdesk.core.content.sections import contents, twin_anchor, twin_language
from faqdesk.core.text import render
from faqdesk.ui.articles.article_header import ArticleHeader
from faqdesk.ui.articles.article_view import ArticleView
from faqdesk.ui.articles.category_page import CategoryPage
from faqdesk.ui.articles.find_bar import FindBar
from faqdesk.ui.articles.start_page import PROBLEMS, Entry, StartPage
from faqdesk.ui.common import i18n
from faqdesk.ui.common.panel import Panel
from faqdesk.ui.common.single_instance import SingleInstance

if TYPE_CHECKING:
    from faqdesk.core.content.library import ContentLibrary
    from faqdesk.ui.articles.navigation_pane import NavigationPane
    from faqdesk.ui.search.controller import SearchController
    from faqdesk.ui.search.search_box import SearchBox
    from faqdesk.ui.settings.store import Settings


#: The first result of a query is previewed once the results stood this long (a pause in
#: the typing; keystrokes come every 100–150 ms when typing fast). Laying an article out takes
#: 10–20 ms on the window's thread, which every keystroke used to wait for.
PREVIEW_DELAY_MS = 150


class ReaderPane(Panel, QStackedWidget):
    """Emits ``articleRequested(id, lang)`` (lang "": the UI language), ``message(text)``,
    ``composeRequested(article id)`` ("" from the start page) and ``bookmarksChanged``."""

    articleRequested = Signal(str, str)
    composeRequested = Signal(str)
    message = Signal(str)
    bookmarksChanged = Signal()
    #: the first result of this query is on screen (or the start page: it found nothing)
    previewed = Signal(str)

    def __init__(
        self,
        view: ArticleView,
        library: Callable[[], ContentLibrary | None],
        data_dir: Path | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("readerPane")
        self.view = view
        self._library = library
        folder = Path(data_dir) if data_dir is not None else paths.user_data_dir()
        self.bookmarks: ReadingList = reading_lists.bookmarks(folder)
        self.history: ReadingList = reading_lists.history(folder)

        self.start_page = StartPage(self)
        self.start_page.articleRequested.connect(self.articleRequested)
        self.start_page.composeRequested.connect(self.composeRequested)
        self.category_page = CategoryPage(self)
        self.category_page.articleRequested.connect(self.articleRequested)
        self.article_page = QWidget(self)
        self.article_page.setObjectName("articlePage")
        self.header = ArticleHeader(self.article_page)
        self.find_bar = FindBar(view, self.article_page)
        layout = QVBoxLayout(self.article_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.find_bar)
        layout.addWidget(view, 1)
        for page in (self.start_page, self.category_page, self.article_page):
            self.addWidget(page)

        self.header.headingChosen.connect(view.scrollToAnchor)
        self.header.languageRequested.connect(self.switch_language)
        self.header.bookmarkToggled.connect(lambda _on: self.toggle_bookmark())
        self.header.composeRequested.connect(self.composeRequested)
        view.articleShown.connect(self._on_article_shown)
        view.historyChanged.connect(self._follow_history)
        self._box: SearchBox | None = None
        self._navigation: NavigationPane | None = None
        self._search: SearchController | None = None
        # the preview of a query's first result waits for a pause in the typing: the results
        # list follows every keystroke at once, the reader is not laid out again for each
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._preview)
        for stored in (self.bookmarks, self.history):
            stored.load()
            if stored.problem is not None:  # said once the window listens
                QTimer.singleShot(0, lambda stored=stored: self._say_problem(stored))
        self.show_start()
        app = QApplication.instance()
        for instance in app.findChildren(SingleInstance) if app is not None else ():
            instance.openRequested.connect(self.open_link)  # `faqdesk open` from another launch

    # -- pages --------------------------------------------------------------------
    def show_start(self) -> None:
        """The start page (first start, Home)."""
        self.refresh_lists()
        self.setCurrentWidget(self.start_page)

    def showing_start(self) -> bool:
        return self.currentWidget() is self.start_page

    def show_category(self, category_id: str) -> None:
        library = self._library()
        if library is None:
            return
        self.category_page.show_category(library, category_id, i18n.language())
        self.setCurrentWidget(self.category_page)

    def _on_article_shown(self, article_id: str, lang: str) -> None:
        if not self.view.is_preview():  # the user chose an article: no preview replaces it
            self._preview_timer.stop()
        self.setCurrentWidget(self.article_page)
        library = self._library()
        article = library.articles.get((article_id, lang)) if library is not None else None
        other = twin_language(library, article_id, lang) if library is not None else None
        page = self.view.page()
        self.header.show_article(
            article_id,
            page.title if page is not None else article_id,
            contents(article) if article is not None else [],
            other,
            self.bookmarks.has(article_id),
        )
        if not self.view.is_preview():  # recent articles: what the user chose to read
            self.history.add(ArticleRef(article_id, lang))
            self._say_problem(self.history)
        self.refresh_lists()

    # -- bookmarks and history ----------------------------------------------------
    def toggle_bookmark(self) -> None:
        """Star or unstar the article on screen (Ctrl+D)."""
        current = self.view.current_article()
        if current is None or not self.isVisible() or self.currentWidget() is not self.article_page:
            return
        ref = ArticleRef(*current)
        if self.bookmarks.has(ref.article_id):
            self.bookmarks.remove(ref)
        else:
            self.bookmarks.add(ref)
        self._say_problem(self.bookmarks)
        self.header.set_bookmarked(self.bookmarks.has(ref.article_id))
        self.refresh_lists()
        self.bookmarksChanged.emit()

    def _say_problem(self, stored: ReadingList) -> None:
        if stored.problem is not None:
            self.message.emit(stored.problem.line(i18n.language()))
            stored.problem = None

    def entries(self, stored: ReadingList) -> list[Entry]:
        """The stored articles that exist, with their titles (in the stored language)."""
        library = self._library()
        found: list[Entry] = []
        for ref in stored.items:
            article = None
            if library is not None:  # the stored language first: no scan of every article
                article = library.articles.get((ref.article_id, ref.lang)) or library.article(
                    ref.article_id, ref.lang
                )
            if article is not None:
                found.append((article.id, article.lang, article.title))
            elif library is None:
                found.append((ref.article_id, ref.lang, ref.article_id))
        return found

    def refresh_lists(self) -> None:
        self.start_page.set_recent(self.entries(self.history))
        self.start_page.set_bookmarks(self.entries(self.bookmarks))
        library = self._library()
        if library is not None:
            titles = {}
            for _key, article_id in PROBLEMS:
                article = library.article(article_id, i18n.language())
                if article is not None:
                    titles[article_id] = article.title
            self.start_page.set_problem_titles(titles)

    # -- 中/EN ---------------------------------------------------------------------
    def switch_language(self, lang: str) -> None:
        """Show the article on screen in ``lang``, at the same section."""
        current = self.view.current_article()
        library = self._library()
        if current is None or library is None:
            return
        anchor = self.view.current_anchor()
        target = twin_anchor(library, current[0], current[1], lang, anchor)
        self.view.switch_language(lang)
        if target:
            self.view.scrollToAnchor(target)

    # -- following the search -----------------------------------------------------
    def follow_search(
        self, search: SearchController, navigation: NavigationPane, box: SearchBox
    ) -> None:
        """Keep the reader and the search together (see the module's description)."""
        self._search, self._navigation, self._box = search, navigation, box
        search.resultsShown.connect(self._on_results)

    def _on_results(self, query: str) -> None:
        if self._brought_back(query):
            self._preview_timer.stop()
            self._select_current()  # Back/Forward brought this search back: follow it
            return
        self._preview_timer.start()  # again: a keystroke within the pause postpones it

    def _brought_back(self, query: str) -> bool:
        """Whether the article on screen came from the search ``query`` itself."""
        return self.view.page() is not None and self.view.current_query() == query

    def _preview(self) -> None:
        """Show the first result of the results listed (the query typed before the pause)."""
        navigation, search, box = self._navigation, self._search, self._box
        if navigation is None or search is None or box is None:
            return
        query = search.query  # the results listed
        if not query or query != box.text():
            return  # typed on, or cleared: newer results (or none) are on their way
        model = navigation.results_model
        if self._brought_back(query):
            self._select_current()
        elif model.rowCount() == 0:
            self.view.show_nothing()
            self.show_start()
        else:
            shown = self.view.current_query()
            if not (query.startswith(shown) or shown.startswith(query)):
                self.view.settle()  # another search, not the same one typed further
            first = model.result(0)
            words = search.matched_words(first.article_id, first.lang)
            self.view.open_article(
                first.article_id, first.lang, words=words, query=query, preview=True
            )
        self.previewed.emit(query)

    def _select_current(self) -> None:
        navigation, current = self._navigation, self.view.current_article()
        if navigation is None or current is None:
            return
        model = navigation.results_model
        for row in range(model.rowCount()):
            result = model.result(row)
            if (result.article_id, result.lang) == current:
                navigation.results_view.setCurrentIndex(model.index(row, 0))
                return

    def _follow_history(self) -> None:
        box = self._box
        if box is None or self.view.page() is None:
            return
        query = self.view.current_query()
        if query and box.text() != query:
            box.setText(query)  # the results follow; _on_results then selects the article
        else:
            self._select_current()

    def open_link(self, url: str) -> bool:
        """Show the article of a ``faqdesk://article/<id>[#anchor]`` link (another launch, the
        desktop); a message and False when it is no such link or no such article."""
        target = parse_article_url(url)
        if target is None:
            self.message.emit(render("content.reader.link.bad", i18n.language(), link=url[:200]))
            return False
        article_id, anchor = target
        library = self._library()
        article = library.article(article_id, i18n.language()) if library is not None else None
        if article is None:
            self.message.emit(render("content.reader.link.missing", i18n.language(), id=article_id))
            return False
        return self.view.open_article(article.id, article.lang, anchor)

    # -- start-up, printing, language -----------------------------------------------
    def restore_last(self, settings: Settings, default_lang: str) -> None:
        """Reopen the article read last, where it was (the start page when there is none);
        a ``faqdesk://`` link that started the app opens at its ``#anchor``."""
        article_id = settings.value("last_article")
        if not article_id:
            self.show_start()
            return
        lang = settings.value("last_article_lang") or default_lang
        scroll = int(settings.value("last_scroll"))
        anchor = str(settings.value("last_anchor")) or None  # from a link: once, then scroll
        settings.set_value("last_anchor", "")
        if not self.view.open_article(str(article_id), str(lang), anchor, scroll=scroll):
            self.show_start()

    def save_pdf(self, path: str | None = None) -> bool:
        """Save the article on screen as PDF (``path`` None: ask where)."""
        page = self.view.page()
        if page is None or self.currentWidget() is not self.article_page:
            return False
        if path is None:
            lang = i18n.language()
            path, _filter = QFileDialog.getSaveFileName(
                self,
                render("content.reader.pdf.title", lang),
                f"{page.article_id}.pdf",
                render("content.reader.pdf.filter", lang),
            )
            if not path:
                return False
        ok = self.view.save_pdf(path)
        if ok:
            self.message.emit(render("content.reader.pdf.saved", i18n.language(), path=path))
        return ok

    def retranslate_all(self) -> None:
        """Every text of the pane in the current language (after a language switch)."""
        for panel in (self.start_page, self.category_page, self.header, self.find_bar):
            panel.retranslate()
        self.retranslate()

    def retranslate(self) -> None:
        self.refresh_lists()
