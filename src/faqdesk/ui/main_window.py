"""The main window: search box, navigation pane, article reader, contact dock, status bar.

Start-up runs in the background, so the window paints at once: the content is loaded once
(it fills the category tree), then the search index is opened on that same content (jieba,
Whoosh; slow on first run) by the :class:`~faqdesk.ui.search.controller.SearchController`.
The search box says "Preparing search…" until the index is ready.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QStyle,
    QToolBar,
    QWidget,
)

from faqdesk.core import paths, text
from faqdesk.core.log import get_logger
from faqdesk.core.problems import Problem
from faqdesk.ui.articles.article_view import ArticleView
from faqdesk.ui.articles.navigation_pane import NavigationPane
from faqdesk.ui.articles.pages import ArticlePage, article_page
from faqdesk.ui.articles.reader_actions import ReaderActions
from faqdesk.ui.articles.reader_pane import ReaderPane
from faqdesk.ui.articles.window_fit import WindowFit
from faqdesk.ui.common import i18n
from faqdesk.ui.common.about import show_about
from faqdesk.ui.common.actions import make_action
from faqdesk.ui.common.background import Background
from faqdesk.ui.common.clock import Clock
from faqdesk.ui.common.first_paint import after_first_paint
from faqdesk.ui.common.panel import Panel
from faqdesk.ui.common.problems_button import ProblemsButton
from faqdesk.ui.common.tray import TrayHome
from faqdesk.ui.compose import install_compose_action
from faqdesk.ui.search.controller import SearchController
from faqdesk.ui.search.search_box import SearchBox
from faqdesk.ui.settings.store import Settings
from faqdesk.ui.window_docks import WindowDocks

if TYPE_CHECKING:
    from faqdesk.core.content.loading import ContentLibrary
    from faqdesk.ui.cases.attention import Attention
    from faqdesk.ui.cases.panel import CasesPanel
    from faqdesk.ui.contacts.panel import ContactPanel

_log = get_logger("ui.main_window")


def app_icon() -> QIcon:
    return QIcon(str(paths.resources_dir() / "icons" / "faqdesk.svg"))


class MainWindow(Panel, QMainWindow):
    """Everything the user sees. Build it with ``faqdesk.ui.create_main_window``."""

    #: Emitted after the results for a query are on screen (tests, benchmark).
    resultsShown = Signal(str)
    #: Emitted once the search index is open (or failed to open: ``searchReady`` False).
    searchStateChanged = Signal(bool)
    #: "Write to support" on an article (its id) or the start page (""): the composer opens.
    composeRequested = Signal(str)

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
        self.library: ContentLibrary | None = None
        self._problems: list[Problem] = []
        self._content_jobs = Background(threads=1, parent=self)
        self._closed = False  # closed or shut down: no loading starts any more

        self.setWindowIcon(app_icon())
        self.resize(1200, 780)
        self._build_widgets()
        self._build_actions()
        # the contact and cases docks: stand-ins in their places until the first paint
        self.contact_panel: ContactPanel | None = None
        self.cases_panel: CasesPanel | None = None
        self.attention: Attention | None = None
        self.docks = WindowDocks(self)
        from faqdesk.ui.sync.window import install_sync  # issue 16: status bar, Tools, Settings

        self.sync = install_sync(self)
        self.tray_home = TrayHome(self, self.settings)  # issue 15: closing may hide to the tray
        self._restore_window_state()
        self.settings.changed.connect(self._on_setting_changed)
        self.retranslate()
        after_first_paint(self, self._after_first_paint)  # it would delay the paint

    # ------------------------------------------------------------------ construction
    def _build_widgets(self) -> None:
        self.search_box = SearchBox(self)

        self.navigation = NavigationPane(self)
        self.navigation.articleActivated.connect(self._open_from_navigation)
        self.navigation.suggestionClicked.connect(self.search_box.setText)
        self.navigation.leaveUp.connect(lambda: self.search_box.setFocus())

        self.article_view = ArticleView(self._load_page, self)
        self.article_view.message.connect(self._show_message)
        self.article_view.articleShown.connect(self._on_article_shown)
        self.article_view.historyChanged.connect(self._update_history_actions)
        self.article_view.set_font_size(self.settings.font_size)
        self.reader = ReaderPane(self.article_view, lambda: self.library, self.data_dir, self)
        self.reader.articleRequested.connect(lambda a, lang: self.open_article(a, lang or None))
        self.reader.message.connect(self._show_message)
        self.reader.composeRequested.connect(self.composeRequested)
        self.navigation.categoryActivated.connect(self.reader.show_category)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.reader)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 840])
        self.splitter = splitter
        self.setCentralWidget(splitter)

        self.index_label = QLabel(self)
        self.index_label.setObjectName("indexState")
        self.problems_button = ProblemsButton(self)
        self.problems_button.clicked.connect(self.show_problems)
        self.statusBar().addPermanentWidget(self.problems_button)
        self.statusBar().addPermanentWidget(self.index_label)

        self.search = SearchController(
            self.search_box, self.navigation, self.index_label, lambda: self.language, self
        )
        self.search.stateChanged.connect(self._on_search_state)
        self.search.stateChanged.connect(self.searchStateChanged)
        self.search.resultsShown.connect(self.resultsShown)
        self.search.resultChosen.connect(self._open_from_navigation)
        self.search.message.connect(self._show_message)
        self.reader.follow_search(self.search, self.navigation, self.search_box)

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        act = partial(make_action, self)
        self.back_action = act(
            self.article_view.go_back, [QKeySequence.StandardKey.Back, "Alt+Left"], sp.SP_ArrowBack
        )
        self.forward_action = act(
            self.article_view.go_forward,
            [QKeySequence.StandardKey.Forward, "Alt+Right"],
            sp.SP_ArrowForward,
        )
        self.focus_search_action = act(self.focus_search, ["Ctrl+K", "Ctrl+L"])
        # (Ctrl+Shift+C belongs to the call verdict's card since issue 12)
        self.copy_link_action = act(self.article_view.copy_link)
        self.print_action = act(self.article_view.print_article, ["Ctrl+P"])
        self.pdf_action = act(self.save_pdf)
        self.settings_action = act(self.show_settings, ["Ctrl+,"])
        self.quit_action = act(lambda: self.tray_home.quit(), ["Ctrl+Q"])  # quits from the tray too
        self.about_action = act(self.show_about)
        on_contacts = self._with_contacts
        self.add_contact_action = act(lambda: on_contacts(lambda p: p.add_contact()))
        self.import_vcard_action = act(lambda: on_contacts(lambda p: p.import_vcard()))
        self.export_vcard_action = act(lambda: on_contacts(lambda p: p.export_vcard()))
        self.undo_import_action = act(lambda: on_contacts(lambda p: p.undo_import()))
        self.problems_action = act(self.show_problems)

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
        for action in (
            self.add_contact_action,
            self.import_vcard_action,
            self.undo_import_action,
            self.export_vcard_action,
        ):
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
        self.compose_action = install_compose_action(
            self, self.tools_menu, lambda: self.language, self.content_dir
        )
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)
        self.reader_actions = ReaderActions(self, self.reader, self.settings, self.focus_search)
        self.reader_actions.add_to_menus(self.go_menu, self.view_menu)
        toolbar.insertAction(self.back_action, self.reader_actions.home)
        self.fit = WindowFit(
            self, self.splitter, self.reader, toolbar, self.search_box, self.settings
        )
        self._update_history_actions()

    def contacts_unavailable(self, error: BaseException) -> None:
        """The contact dock could not be built: say so (the rest of the window works)."""
        self._show_message(self.tr("Contacts are not available: {error}").format(error=error))

    def _with_contacts(self, call: Callable[[ContactPanel], object]) -> None:
        panel = self.contact_panel
        if panel is None:
            self._show_message(self.tr("Contacts are not available."))
            return
        panel.show()
        call(panel)

    # ------------------------------------------------------------------ start-up work
    def _after_first_paint(self) -> None:
        if self._closed:  # closed before its first paint
            return
        # the docks first: a result of the loading delivered while they are built (the
        # contact book's read delivers queued calls) would lay the window out without them
        self.docks.build()
        self._start_loading()

    def _start_loading(self) -> None:
        content_dir = self.content_dir

        def load() -> ContentLibrary:
            from faqdesk.core.content.loading import load_content

            return load_content(content_dir)

        self._content_jobs.run(load, self._on_content_loaded, self._on_content_failed)
        self.search.prepare()  # jieba and Whoosh load meanwhile, on the search thread
        self.sync.refresh()  # the sync status (read in the background)

    def _on_content_loaded(self, library: ContentLibrary) -> None:
        if self._closed:  # shut down meanwhile: no index to open any more
            return
        self.library = library
        self.navigation.category_model.fill(library, self.language)
        self.navigation.tree.expandAll()
        self._set_problems(list(library.problems))
        self.reader.restore_last(self.settings, self.language)
        self.search.open_index(library, self.content_dir, self.index_dir)

    def _on_content_failed(self, error: BaseException) -> None:
        _log.error("content could not be loaded: %s", error)
        self._set_problems([Problem.said("content", str(error))])
        self._show_message(self.tr("The articles could not be loaded: {error}").format(error=error))
        self.search.fail(error)  # no content, no index

    def _on_search_state(self, ready: bool) -> None:
        if ready and self.search.kb is not None:
            self._set_problems(self.search.kb.problems)

    # ------------------------------------------------------------------ search
    @property
    def language(self) -> str:
        return self.settings.language

    @property
    def search_failed(self) -> str | None:
        """Why the search index could not be opened (None: it opened or is opening)."""
        return self.search.failed

    def is_search_ready(self) -> bool:
        return self.search.is_ready()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # ------------------------------------------------------------------ articles
    def _open_from_navigation(self, article_id: str, lang: str) -> None:
        words = self.search.matched_words(article_id, lang or self.language)
        query = self.search.query if self.navigation.showing_results() else ""
        self.open_article(article_id, lang or self.language, words=words, query=query)

    def open_article(self, article_id: str, lang: str | None = None, **how: Any) -> bool:
        """Show an article in the reader (``lang`` default: the UI language); ``how``: the
        reader's ``words`` to mark, ``query`` it came from, ``scroll``, ``anchor``…"""
        return self.article_view.open_article(article_id, lang or self.language, **how)

    def _load_page(self, article_id: str, lang: str) -> ArticlePage | None:
        library = self.library
        return article_page(library, article_id, lang) if library is not None else None

    def _on_article_shown(self, article_id: str, lang: str) -> None:
        self.settings.set_value("last_article", article_id)
        self.settings.set_value("last_article_lang", lang)
        page = self.article_view.page()
        self.setWindowTitle(f"{page.title} — FAQDesk" if page else "FAQDesk")

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.article_view.can_go_back())
        self.forward_action.setEnabled(self.article_view.can_go_forward())
        has_page = self.reader.currentWidget() is self.reader.article_page
        for action in (self.copy_link_action, self.print_action, self.pdf_action):
            action.setEnabled(has_page)

    def save_pdf(self, path: str | None = None) -> bool:
        """Save the article as PDF (``path`` None: ask where)."""
        return self.reader.save_pdf(path)

    # ------------------------------------------------------------------ problems, messages
    def _set_problems(self, problems: list[Problem]) -> None:
        self._problems = sorted(set(problems), key=str)
        self.problems_button.set_count(len(self._problems))
        self.problems_action.setEnabled(bool(self._problems))

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
        from faqdesk.ui.settings.sync_page import add_sync_page

        dialog = SettingsDialog(self.settings, self)
        self.sync_page = add_sync_page(dialog, self.sync)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.settings_dialog = dialog

    def _on_setting_changed(self, name: str) -> None:
        if name == "language":
            i18n.set_language(self.language)
            self.reader.retranslate_all()
            if self.library is not None:
                self.navigation.category_model.fill(self.library, self.language)
                self.navigation.tree.expandAll()
            current = self.article_view.current_article()
            if current is not None and current[1] != self.language:
                self.article_view.switch_language(self.language)
            self.search.rerun()
            self.search.update_state()
        elif name == "font_size":
            self.article_view.set_font_size(self.settings.font_size)

    def show_about(self) -> None:
        show_about(self)

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
        self.undo_import_action.setText(text.render("import.ui.undo_last", self.language))
        self.problems_action.setText(self.tr("Content problems…"))
        self.file_menu.setTitle(self.tr("&File"))
        self.go_menu.setTitle(self.tr("&Go"))
        self.view_menu.setTitle(self.tr("&View"))
        self.tools_menu.setTitle(self.tr("&Tools"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.reader_actions.retranslate()
        self.toolbar.setWindowTitle(self.tr("Tool bar"))
        # Names for screen readers.
        self.search_box.setAccessibleName(self.tr("Search articles"))
        self.navigation.tree.setAccessibleName(self.tr("Categories"))
        self.navigation.results_view.setAccessibleName(self.tr("Search results"))
        self.article_view.setAccessibleName(self.tr("Article"))
        self.index_label.setAccessibleName(self.tr("Search index"))
        self.search.update_state()
        self.problems_button.retranslate()

    # ------------------------------------------------------------------ window state
    def _restore_window_state(self) -> None:
        self.fit.restore_state()

    def save_state(self) -> None:
        """Remember the window layout and the reading position."""
        self.fit.save_state()
        if self.article_view.page() is not None:
            self.settings.set_value("last_scroll", self.article_view.scroll_position())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        self.save_state()
        if self.tray_home.close_to_tray():
            event.ignore()
            return
        self.search.stop()
        super().closeEvent(event)

    def shutdown(self, msecs: int = 30_000) -> None:
        """Wait for background work to end (before the application quits)."""
        self._closed = True
        self._content_jobs.wait(msecs)
        self.search.shutdown(msecs)
        self.sync.wait(msecs)

    def bring_to_front(self) -> None:
        """Show and raise the window (a second launch asked for it)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()


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
