"""The reader's window actions and menus: Home, find in the article, bookmarks, zoom, theme.

Shortcuts: Alt+Home (start page), Ctrl+F / F3 / Shift+F3 (find bar), Ctrl+D (bookmark),
Ctrl+= / Ctrl+- / Ctrl+0 (zoom, remembered in the settings). The global search keeps Ctrl+K
and Ctrl+L. The Bookmarks menu lists the bookmarks; View gets Zoom and Theme.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QStyle

from faqdesk.core.text import render
from faqdesk.ui.articles.reader_pane import ReaderPane
from faqdesk.ui.articles.theme import THEMES, apply_theme
from faqdesk.ui.common import i18n
from faqdesk.ui.common.actions import make_action
from faqdesk.ui.settings.store import Settings

#: Reading font sizes zoom moves between (points).
MIN_POINTS, MAX_POINTS = 6, 48


def _text(key: str) -> str:
    return render(key, i18n.language())


class ReaderActions(QObject):
    """Builds the actions on ``window`` and adds them to its menus."""

    def __init__(
        self,
        window: QMainWindow,
        reader: ReaderPane,
        settings: Settings,
        focus_search: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._reader = reader
        self._settings = settings
        self._focus_search = focus_search
        sp = QStyle.StandardPixmap
        self.home = make_action(window, self.go_home, ["Alt+Home"], sp.SP_DirHomeIcon)
        self.find = make_action(window, self.find_in_article, ["Ctrl+F"])
        self.find_next = make_action(window, reader.find_bar.find_next, ["F3"])
        self.find_previous = make_action(window, reader.find_bar.find_previous, ["Shift+F3"])
        self.bookmark = make_action(window, reader.toggle_bookmark, ["Ctrl+D"])
        self.zoom_in = make_action(window, lambda: self.zoom(1), ["Ctrl+=", "Ctrl++"])
        self.zoom_out = make_action(window, lambda: self.zoom(-1), ["Ctrl+-"])
        self.zoom_reset = make_action(window, lambda: self.zoom(0), ["Ctrl+0"])
        self.theme_group = QActionGroup(self)
        self.themes: dict[str, QAction] = {}
        for name in THEMES:
            action = QAction(window)
            action.setCheckable(True)
            action.setChecked(name == settings.theme)
            action.triggered.connect(lambda _on=False, theme=name: self.set_theme(theme))
            self.theme_group.addAction(action)
            self.themes[name] = action
        self.bookmarks_menu = QMenu(window)
        self.bookmarks_menu.setObjectName("bookmarksMenu")
        self.bookmarks_menu.aboutToShow.connect(self._fill_bookmarks)
        self.zoom_menu = QMenu(window)
        self.theme_menu = QMenu(window)
        self.theme_menu.setObjectName("themeMenu")
        for action in (self.zoom_in, self.zoom_out, self.zoom_reset):
            self.zoom_menu.addAction(action)
        for action in self.themes.values():
            self.theme_menu.addAction(action)
        settings.changed.connect(self._on_setting)
        reader.view.historyChanged.connect(self._update)
        reader.currentChanged.connect(self._update)
        apply_theme(settings.theme)
        self._fill_bookmarks()
        self._update()
        self.retranslate()

    def add_to_menus(self, go_menu: QMenu, view_menu: QMenu) -> None:
        """Home and find in Go, zoom and theme in View, the Bookmarks menu after Go."""
        first = go_menu.actions()[0] if go_menu.actions() else None
        go_menu.insertAction(first, self.home)  # type: ignore[arg-type]
        go_menu.addSeparator()
        for action in (self.find, self.find_next, self.find_previous):
            go_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addMenu(self.zoom_menu)
        view_menu.addMenu(self.theme_menu)
        bar = self._window.menuBar()
        bar.insertMenu(view_menu.menuAction(), self.bookmarks_menu)

    # -- what the actions do ------------------------------------------------------
    def go_home(self) -> None:
        self._reader.show_start()
        self._focus_search()

    def find_in_article(self) -> None:
        """Ctrl+F: the find bar over an article; elsewhere the search box."""
        if self._reader.currentWidget() is self._reader.article_page:
            self._reader.find_bar.open_bar()
        else:
            self._focus_search()

    def zoom(self, step: int) -> None:
        """One point bigger (1), smaller (-1), or the default size (0); remembered."""
        if step == 0:
            self._settings.font_size = 0
            return
        current = self._settings.font_size or QApplication.font().pointSize() or 10
        self._settings.font_size = max(MIN_POINTS, min(MAX_POINTS, current + step))

    def set_theme(self, theme: str) -> None:
        self._settings.theme = theme

    def _on_setting(self, name: str) -> None:
        if name == "theme":
            apply_theme(self._settings.theme)
            self.themes[self._settings.theme].setChecked(True)

    def _fill_bookmarks(self) -> None:
        menu = self.bookmarks_menu
        menu.clear()
        menu.addAction(self.bookmark)
        menu.addSeparator()
        entries = self._reader.entries(self._reader.bookmarks)
        if not entries:
            empty = menu.addAction(_text("content.reader.bookmarks.empty"))
            empty.setEnabled(False)
        for article_id, lang, title in entries:
            action = menu.addAction(title.replace("&", "&&"))
            action.triggered.connect(
                lambda _on=False, a=article_id, lang_=lang: self._reader.articleRequested.emit(
                    a, lang_
                )
            )

    def _update(self) -> None:
        on_article = self._reader.currentWidget() is self._reader.article_page
        for action in (self.bookmark, self.find_next, self.find_previous):
            action.setEnabled(on_article)

    def retranslate(self) -> None:
        self.home.setText(_text("content.reader.action.home"))
        self.home.setToolTip(_text("content.reader.action.home_tip"))
        self.find.setText(_text("content.reader.action.find"))
        self.find_next.setText(_text("content.reader.action.find_next"))
        self.find_previous.setText(_text("content.reader.action.find_previous"))
        self.bookmark.setText(_text("content.reader.action.bookmark"))
        self.zoom_in.setText(_text("content.reader.action.zoom_in"))
        self.zoom_out.setText(_text("content.reader.action.zoom_out"))
        self.zoom_reset.setText(_text("content.reader.action.zoom_reset"))
        self.zoom_menu.setTitle(_text("content.reader.menu.zoom"))
        self.theme_menu.setTitle(_text("content.reader.menu.theme"))
        self.bookmarks_menu.setTitle(_text("content.reader.menu.bookmarks"))
        for name, action in self.themes.items():
            action.setText(_text(f"content.reader.theme.{name}"))
        self._fill_bookmarks()
