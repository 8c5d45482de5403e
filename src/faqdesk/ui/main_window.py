"""The main window: search box, navigation pane, article reader, contact dock, status bar.

Start-up is two background jobs, so the window paints at once: loading the content (fills
the category tree) and opening the search index (jieba, Whoosh; slow on first run). The
search box says "Preparing search…" until the index is ready.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QToolBar,
    QWidget,
)

from faqdesk.core import paths
from faqdesk.core.content.render import render_article
from faqdesk.core.log import get_logger
from faqdesk.core.problems import Problem
from faqdesk.core.version import VERSION
from faqdesk.ui.articles.article_view import ArticlePage, ArticleView
from faqdesk.ui.articles.navigation_pane import NavigationPane
from faqdesk.ui.common import i18n
from faqdesk.ui.common.background import Background
from faqdesk.ui.common.clock import Clock
from faqdesk.ui.common.panel import Panel
from faqdesk.ui.common.throttle import Throttle
from faqdesk.ui.search.results_model import SearchResult
from faqdesk.ui.search.search_box import SearchBox
from faqdesk.ui.settings.store import Settings

_log = get_logger("ui.main_window")

#: How long keystrokes are collapsed before the next search runs.
SEARCH_THROTTLE_MS = 30
RESULT_LIMIT = 50


def app_icon() -> QIcon:
    return QIcon(str(paths.resources_dir() / "icons" / "faqdesk.svg"))


class MainWindow(Panel, QMainWindow):
    """Everything the user sees. Build it with ``faqdesk.ui.create_main_window``."""

    #: Emitted after the results for a query are on screen (tests, benchmark).
    resultsShown = Signal(str)
    #: Emitted once the search index is open (or failed to open: ``searchReady`` False).
    searchStateChanged = Signal(bool)

    def __init__(
        self,
        *,
        settings: Settings,
        content_dir: Path | None = None,
        data_dir: Path | None = None,
        index_dir: Path | None = None,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings
        self.content_dir = content_dir
        self.data_dir = data_dir
        self.index_dir = index_dir
        self.clock = clock if clock is not None else Clock(parent=self)
        self.library: Any = None
        self.kb: Any = None
        self.search_failed: str | None = None
        self._problems: list[Problem] = []
        self._query = ""
        self._open_when_shown: str | None = None
        self._restored_last = False
        self._content_jobs = Background(threads=1, parent=self)
        self._search_jobs = Background(threads=1, parent=self)
        self._throttle = Throttle(self._start_search, SEARCH_THROTTLE_MS, self)

        self.setWindowIcon(app_icon())
        self.resize(1200, 780)
        self._build_widgets()
        self._build_actions()
        self._build_contact_panel()
        self._restore_window_state()
        self.settings.changed.connect(self._on_setting_changed)
        self.retranslate()
        self._start_loading()

    # ------------------------------------------------------------------ construction
    def _build_widgets(self) -> None:
        self.search_box = SearchBox(self)
        self.search_box.textChanged.connect(self._on_query_edited)
        self.search_box.moveDown.connect(self._focus_results)
        self.search_box.returnPressed.connect(self._open_first_result)

        self.navigation = NavigationPane(self)
        self.navigation.articleActivated.connect(self._open_from_navigation)
        self.navigation.suggestionClicked.connect(self.search_box.setText)
        self.navigation.leaveUp.connect(lambda: self.search_box.setFocus())

        self.article_view = ArticleView(self._load_page, self)
        self.article_view.message.connect(self._show_message)
        self.article_view.articleShown.connect(self._on_article_shown)
        self.article_view.historyChanged.connect(self._update_history_actions)
        self.article_view.set_font_size(self.settings.font_size)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.article_view)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 840])
        self.splitter = splitter
        self.setCentralWidget(splitter)

        self.index_label = QLabel(self)
        self.index_label.setObjectName("indexState")
        self.problems_button = QPushButton(self)
        self.problems_button.setObjectName("problemsButton")
        self.problems_button.setFlat(True)
        self.problems_button.clicked.connect(self.show_problems)
        self.problems_button.hide()
        self.statusBar().addPermanentWidget(self.problems_button)
        self.statusBar().addPermanentWidget(self.index_label)

    def _action(
        self,
        slot: Callable[[], Any],
        shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey | str] = (),
        icon: QStyle.StandardPixmap | None = None,
    ) -> QAction:
        action = QAction(self)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        unique: dict[str, QKeySequence] = {}
        for shortcut in shortcuts:
            for sequence in (
                QKeySequence.keyBindings(shortcut)
                if isinstance(shortcut, QKeySequence.StandardKey)
                else [QKeySequence(shortcut)]
            ):
                unique.setdefault(sequence.toString(), sequence)
        if unique:
            action.setShortcuts(list(unique.values()))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.back_action = self._action(
            self.article_view.go_back, [QKeySequence.StandardKey.Back, "Alt+Left"], sp.SP_ArrowBack
        )
        self.forward_action = self._action(
            self.article_view.go_forward,
            [QKeySequence.StandardKey.Forward, "Alt+Right"],
            sp.SP_ArrowForward,
        )
        self.focus_search_action = self._action(self.focus_search, ["Ctrl+K", "Ctrl+F"])
        self.copy_link_action = self._action(self.article_view.copy_link, ["Ctrl+Shift+C"])
        self.print_action = self._action(self.article_view.print_article, ["Ctrl+P"])
        self.pdf_action = self._action(self.save_pdf)
        self.settings_action = self._action(self.show_settings, ["Ctrl+,"])
        self.quit_action = self._action(self.close, ["Ctrl+Q"])
        self.about_action = self._action(self.show_about)
        self.add_contact_action = self._action(lambda: self._contact_call("add_contact"))
        self.import_vcard_action = self._action(lambda: self._contact_call("import_vcard"))
        self.export_vcard_action = self._action(lambda: self._contact_call("export_vcard"))
        self.problems_action = self._action(self.show_problems)

        toolbar = QToolBar(self)
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.addAction(self.back_action)
        toolbar.addAction(self.forward_action)
        toolbar.addWidget(self.search_box)
        toolbar.addSeparator()
        toolbar.addAction(self.copy_link_action)
        toolbar.addAction(self.print_action)
        self.toolbar = toolbar
        self.addToolBar(toolbar)

        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        for action in (self.add_contact_action, self.import_vcard_action, self.export_vcard_action):
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.print_action)
        self.file_menu.addAction(self.pdf_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.go_menu = bar.addMenu("")
        for action in (self.back_action, self.forward_action, self.focus_search_action):
            self.go_menu.addAction(action)
        self.go_menu.addAction(self.copy_link_action)
        self.view_menu = bar.addMenu("")
        self.view_menu.addAction(self.problems_action)
        self.tools_menu = bar.addMenu("")
        self.tools_menu.addAction(self.settings_action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)
        self._update_history_actions()

    def _build_contact_panel(self) -> None:
        """Add the contact dock when that part of the UI is available."""
        self.contact_panel: QDockWidget | None = None
        try:
            from faqdesk.ui.contacts.panel import ContactPanel
        except ImportError as error:
            _log.info("contact panel not available: %s", error)
            return
        try:
            panel = ContactPanel(self.clock, self.settings, self.data_dir, self)
        except Exception as error:  # the rest of the window keeps working
            _log.exception("the contact panel could not be built")
            self._show_message(self.tr("Contacts are not available: {error}").format(error=error))
            return
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
        self.contact_panel = panel
        self.view_menu.addAction(panel.toggleViewAction())

    def _contact_call(self, method: str) -> None:
        panel = self.contact_panel
        if panel is None or not hasattr(panel, method):
            self._show_message(self.tr("Contacts are not available."))
            return
        panel.show()
        getattr(panel, method)()

    # ------------------------------------------------------------------ start-up work
    def _start_loading(self) -> None:
        self._set_index_state(self.tr("Preparing search…"))
        content_dir = self.content_dir

        def load() -> Any:
            from faqdesk.core.content.loading import load_content

            return load_content(content_dir)

        self._content_jobs.run(load, self._on_content_loaded, self._on_content_failed)
        index_dir = self.index_dir

        def open_index() -> Any:
            from faqdesk.core.search.knowledge_base import KnowledgeBase

            return KnowledgeBase.open(content_dir=content_dir, index_dir=index_dir)

        self._search_jobs.run(open_index, self._on_search_ready, self._on_search_failed)

    def _on_content_loaded(self, library: Any) -> None:
        if self.kb is not None:  # the index job finished first and brought its own library
            return
        self._use_library(library)

    def _on_content_failed(self, error: BaseException) -> None:
        _log.error("content could not be loaded: %s", error)
        self._set_problems([Problem("content", str(error))])
        self._show_message(self.tr("The articles could not be loaded: {error}").format(error=error))

    def _use_library(self, library: Any) -> None:
        if _same_content(self.library, library):
            self.library = library  # the index brought the same articles: keep the tree as is
            self._set_problems(list(getattr(library, "problems", [])))
            return
        self.library = library
        self.navigation.category_model.fill(library, self.language)
        self.navigation.tree.expandAll()
        self._set_problems(list(getattr(library, "problems", [])))
        if not self._restored_last:
            self._restored_last = True
            self._restore_last_article()
        elif self.article_view.page() is not None:
            self.article_view.reload()

    def _on_search_ready(self, kb: Any) -> None:
        self.kb = kb
        library = getattr(kb, "library", None)
        if library is not None:
            self._use_library(library)
            self._set_problems(list(getattr(kb, "problems", library.problems)))
        self.search_box.set_ready(True)
        self._update_index_state()
        self.searchStateChanged.emit(True)
        if self.search_box.text().strip():
            self._start_search(self.search_box.text())

    def _on_search_failed(self, error: BaseException) -> None:
        _log.error("the search index could not be opened: %r", error)
        self.search_failed = str(error) or type(error).__name__
        self.search_box.set_unavailable()
        self._update_index_state()
        self.searchStateChanged.emit(False)
        text = self.search_box.text()
        if text.strip():
            self.navigation.show_results(text, [], 0, None, self.search_failed)

    def is_search_ready(self) -> bool:
        return self.kb is not None

    def _update_index_state(self) -> None:
        if self.kb is None:
            if self.search_failed:
                self._set_index_state(
                    self.tr("Search is not available: {error}").format(error=self.search_failed)
                )
            else:
                self._set_index_state(self.tr("Preparing search…"))
            return
        count = len(self.library.articles) if self.library is not None else 0
        self._set_index_state(self.tr("{count} articles indexed").format(count=count))

    def _set_index_state(self, text: str) -> None:
        self.index_label.setText(text)

    # ------------------------------------------------------------------ search
    @property
    def language(self) -> str:
        return self.settings.language

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _on_query_edited(self, text: str) -> None:
        if not text.strip():
            self._query = ""
            self._throttle.cancel()
            self._search_jobs.supersede("search")
            self.navigation.show_tree()
            return
        if self.kb is None:
            if self.search_failed is None:
                self.navigation.show_waiting(text)  # runs as soon as the index is ready
            else:
                self.navigation.show_results(text, [], 0, None, self.search_failed)
            return
        self._throttle(text)

    def _start_search(self, text: str) -> None:
        kb = self.kb
        if kb is None or not text.strip() or text != self.search_box.text():
            return  # not ready yet (runs when it is), or the box changed meanwhile
        lang = self.language

        def search() -> Any:
            return kb.search(text, limit=RESULT_LIMIT, lang=lang)

        self._search_jobs.run(
            search,
            lambda results: self._show_results(text, results),
            self._on_search_error,
            key="search",
        )

    def _on_search_error(self, error: BaseException) -> None:
        _log.exception("search failed", exc_info=error)
        self._show_message(self.tr("The search failed: {error}").format(error=error))

    def _show_results(self, query: str, results: Any) -> None:
        if query != self.search_box.text():
            return
        self._query = query
        rows = [
            SearchResult(
                article_id=hit.article_id,
                lang=hit.lang,
                title=hit.title,
                category=self._category_name(hit.category),
                snippet=hit.snippet,
            )
            for hit in results.hits
        ]
        error = getattr(results, "error", None)
        self.navigation.show_results(
            query, rows, int(results.total), results.suggestion, str(error) if error else None
        )
        self.resultsShown.emit(query)
        if self._open_when_shown == query:
            self._open_when_shown = None
            self._open_first_result()

    def _category_name(self, category_id: str) -> str:
        category = self.library.category(category_id) if self.library is not None else None
        return category.display_name(self.language) if category is not None else category_id

    def _focus_results(self) -> None:
        self.navigation.focus_results()

    def _open_first_result(self) -> None:
        text = self.search_box.text()
        if text.strip() and text != self._query:
            # Enter came before the results for what is in the box: open them on arrival.
            self._open_when_shown = text
            self._throttle.flush()
            return
        if self.navigation.showing_results() and self.navigation.results_model.rowCount():
            row = self.navigation.results_view.currentIndex().row()
            result = self.navigation.results_model.result(max(0, row))
            self._open_from_navigation(result.article_id, result.lang)

    # ------------------------------------------------------------------ articles
    def _open_from_navigation(self, article_id: str, lang: str) -> None:
        words: list[str] = []
        if self.kb is not None and self._query:
            try:
                words = list(self.kb.matched_words(self._query, article_id, lang or self.language))
            except Exception:  # highlighting is a nicety; never block opening the article
                _log.exception("matched_words failed")
        self.open_article(article_id, lang or self.language, words=words)

    def open_article(
        self, article_id: str, lang: str | None = None, *, words: Sequence[str] = ()
    ) -> bool:
        """Show an article in the reader (``lang`` default: the UI language)."""
        return self.article_view.open_article(article_id, lang or self.language, words=words)

    def _load_page(self, article_id: str, lang: str) -> ArticlePage | None:
        library = self.library
        if library is None:
            return None
        article = library.article(article_id, lang)
        if article is None:
            return None
        related: list[tuple[str, str]] = []
        for related_id in article.related:
            other = library.article(related_id, article.lang)
            if other is not None:
                related.append((other.id, other.title))
        return ArticlePage(
            article_id=article.id,
            lang=article.lang,
            title=article.title,
            summary=article.summary,
            body_html=render_article(article, library),
            related=tuple(related),
        )

    def _on_article_shown(self, article_id: str, lang: str) -> None:
        self.settings.set_value("last_article", article_id)
        self.settings.set_value("last_article_lang", lang)
        page = self.article_view.page()
        self.setWindowTitle(f"{page.title} — FAQDesk" if page else "FAQDesk")

    def _restore_last_article(self) -> None:
        article_id = self.settings.value("last_article")
        if not article_id:
            return
        lang = self.settings.value("last_article_lang") or self.language
        scroll = int(self.settings.value("last_scroll"))
        self.article_view.open_article(str(article_id), str(lang), scroll=scroll)

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.article_view.can_go_back())
        self.forward_action.setEnabled(self.article_view.can_go_forward())
        has_page = self.article_view.page() is not None
        for action in (self.copy_link_action, self.print_action, self.pdf_action):
            action.setEnabled(has_page)

    def save_pdf(self, path: str | None = None) -> bool:
        page = self.article_view.page()
        if page is None:
            return False
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Save as PDF"), f"{page.article_id}.pdf", self.tr("PDF (*.pdf)")
            )
            if not path:
                return False
        ok = self.article_view.save_pdf(path)
        if ok:
            self._show_message(self.tr("Saved {path}").format(path=path))
        return ok

    # ------------------------------------------------------------------ problems, messages
    def _set_problems(self, problems: list[Problem]) -> None:
        self._problems = sorted(set(problems), key=str)
        count = len(self._problems)
        self.problems_button.setVisible(count > 0)
        self.problems_action.setEnabled(count > 0)
        self._retranslate_problems()

    def problems(self) -> list[Problem]:
        return list(self._problems)

    def show_problems(self) -> None:
        from faqdesk.ui.common.problems_dialog import ProblemsDialog

        dialog = ProblemsDialog(self._problems, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.problems_dialog = dialog

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # ------------------------------------------------------------------ settings
    def show_settings(self) -> None:
        from faqdesk.ui.settings.dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.settings_dialog = dialog

    def _on_setting_changed(self, name: str) -> None:
        if name == "language":
            i18n.set_language(self.language)
            if self.library is not None:
                self.navigation.category_model.fill(self.library, self.language)
                self.navigation.tree.expandAll()
            current = self.article_view.current_article()
            if current is not None and current[1] != self.language:
                self.article_view.switch_language(self.language)
            if self._query:
                self._start_search(self._query)
            self._update_index_state()
        elif name == "font_size":
            self.article_view.set_font_size(self.settings.font_size)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About FAQDesk"),
            self.tr(
                "FAQDesk {version}\nAn offline support desk for sellers dealing with Ozon "
                "logistics: articles, search, contacts and call times."
            ).format(version=VERSION),
        )

    # ------------------------------------------------------------------ translation
    def retranslate(self) -> None:
        page = self.article_view.page()
        self.setWindowTitle(f"{page.title} — FAQDesk" if page else "FAQDesk")
        self.back_action.setText(self.tr("Back"))
        self.back_action.setToolTip(self.tr("Back (Alt+Left)"))
        self.forward_action.setText(self.tr("Forward"))
        self.forward_action.setToolTip(self.tr("Forward (Alt+Right)"))
        self.focus_search_action.setText(self.tr("Search"))
        self.copy_link_action.setText(self.tr("Copy link"))
        self.copy_link_action.setToolTip(self.tr("Copy the link to this article"))
        self.print_action.setText(self.tr("Print…"))
        self.pdf_action.setText(self.tr("Save as PDF…"))
        self.settings_action.setText(self.tr("Settings…"))
        self.quit_action.setText(self.tr("Quit"))
        self.about_action.setText(self.tr("About FAQDesk"))
        self.add_contact_action.setText(self.tr("New contact…"))
        self.import_vcard_action.setText(self.tr("Import vCard…"))
        self.export_vcard_action.setText(self.tr("Export vCard…"))
        self.problems_action.setText(self.tr("Content problems…"))
        self.file_menu.setTitle(self.tr("&File"))
        self.go_menu.setTitle(self.tr("&Go"))
        self.view_menu.setTitle(self.tr("&View"))
        self.tools_menu.setTitle(self.tr("&Tools"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.toolbar.setWindowTitle(self.tr("Tool bar"))
        # Names for screen readers.
        self.search_box.setAccessibleName(self.tr("Search articles"))
        self.navigation.tree.setAccessibleName(self.tr("Categories"))
        self.navigation.results_view.setAccessibleName(self.tr("Search results"))
        self.article_view.setAccessibleName(self.tr("Article"))
        self.index_label.setAccessibleName(self.tr("Search index"))
        self._update_index_state()
        self._retranslate_problems()

    def _retranslate_problems(self) -> None:
        count = len(self._problems)
        if count == 1:
            self.problems_button.setText(self.tr("1 content problem"))
        else:
            self.problems_button.setText(self.tr("{count} content problems").format(count=count))
        self.problems_button.setToolTip(self.tr("Show the problems found in the articles"))

    # ------------------------------------------------------------------ window state
    def _restore_window_state(self) -> None:
        geometry = self.settings.window_state("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state("state")
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.window_state("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_state(self) -> None:
        """Remember the window layout and the reading position."""
        self.settings.set_window_state("geometry", self.saveGeometry())
        self.settings.set_window_state("state", self.saveState())
        self.settings.set_window_state("splitter", self.splitter.saveState())
        if self.article_view.page() is not None:
            self.settings.set_value("last_scroll", self.article_view.scroll_position())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self._throttle.cancel()
        self._search_jobs.supersede("search")
        super().closeEvent(event)

    def shutdown(self, msecs: int = 30_000) -> None:
        """Wait for background work to end (before the application quits)."""
        self._content_jobs.wait(msecs)
        self._search_jobs.wait(msecs)
        kb, self.kb = self.kb, None
        if kb is not None and hasattr(kb, "close"):
            kb.close()

    def bring_to_front(self) -> None:
        """Show and raise the window (a second launch asked for it)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()


def _same_content(old: Any, new: Any) -> bool:
    """Whether two content libraries hold the same articles (by file) and categories."""
    if old is None or new is None:
        return False
    old_files = {key: article.path for key, article in old.articles.items()}
    new_files = {key: article.path for key, article in new.articles.items()}
    old_categories = [(c.id, dict(c.name)) for c in old.categories]
    new_categories = [(c.id, dict(c.name)) for c in new.categories]
    return bool(old_files == new_files and old_categories == new_categories)


def create_window(
    *,
    settings: Settings,
    content_dir: Path | None,
    data_dir: Path | None,
    index_dir: Path | None,
    now: Callable[[], datetime] | None,
) -> MainWindow:
    app = QApplication.instance()
    assert app is not None
    i18n.set_language(settings.language)
    clock = Clock(now)
    window = MainWindow(
        settings=settings,
        content_dir=content_dir,
        data_dir=data_dir,
        index_dir=index_dir,
        clock=clock,
    )
    clock.setParent(window)
    return window
