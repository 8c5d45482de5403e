"""The main window driven as a user would: browse, open, follow links, go back, restart."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QLineEdit, QListWidget, QPushButton, QTextBrowser, QTreeView
from pytestqt.qtbot import QtBot

from faqdesk.core.content import loading
from faqdesk.core.search import knowledge_base
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.search.results_model import ARTICLE_ID_ROLE
from faqdesk.ui.settings.store import Settings

from .conftest import FIXED_NOW


def _tree_index(window: MainWindow, article_id: str):  # type: ignore[no-untyped-def]
    model = window.navigation.category_model
    for row in range(model.rowCount()):
        category = model.item(row)
        for child_row in range(category.rowCount()):
            child = category.child(child_row)
            if child.data(ARTICLE_ID_ROLE) == article_id:
                return child.index()
    raise AssertionError(f"{article_id} is not in the category tree")


def _shown_title(window: MainWindow) -> str:
    page = window.article_view.page()
    return page.title if page else ""


def _click_link(qtbot: QtBot, view: QTextBrowser, href_part: str) -> None:
    """Click the first link whose target contains ``href_part``, like a user would."""
    doc = view.document()
    block = doc.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            fmt = fragment.charFormat()
            if fmt.isAnchor() and href_part in fmt.anchorHref():
                cursor = QTextCursor(doc)
                cursor.setPosition(fragment.position() + min(1, fragment.length() - 1))
                view.setTextCursor(cursor)
                view.ensureCursorVisible()
                rect = view.cursorRect(cursor)
                point = QPoint(rect.center().x() + 2, rect.center().y())
                qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
            iterator += 1
        block = block.next()
    raise AssertionError(f"no link to {href_part} in the article")


def test_window_shows_named_widgets_and_the_category_tree(
    open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    assert isinstance(window.findChild(QLineEdit, "searchBox"), QLineEdit)
    assert isinstance(window.findChild(QTextBrowser, "articleView"), QTextBrowser)
    tree = window.findChild(QTreeView, "categoryTree")
    assert tree is not None and tree.isVisible()
    _tree_index(window, "delivery-delay")  # browsable without any search
    assert window.windowIcon().isNull() is False
    model = tree.model()
    categories = [model.index(row, 0) for row in range(model.rowCount())]
    assert len(categories) == 5
    for index in categories:  # each category shows the icon named in categories.yaml
        icon = model.data(index, Qt.ItemDataRole.DecorationRole)
        assert icon is not None and not icon.pixmap(16, 16).isNull(), index.data()


def test_a_category_icon_we_do_not_ship_shows_no_icon() -> None:
    from faqdesk.ui.articles.category_model import category_icon

    assert category_icon("no-such-icon") is None
    assert category_icon("../../etc/passwd") is None
    assert category_icon(None) is None
    assert category_icon("truck") is not None


def test_click_in_the_tree_opens_the_article(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    tree = window.navigation.tree
    index = _tree_index(window, "delivery-delay")
    tree.scrollTo(index)
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(index).center()
    )
    assert _shown_title(window).startswith("Delivery delayed")
    assert "Delivery delayed" in window.article_view.toPlainText()


def test_enter_in_the_tree_opens_the_article_in_the_ui_language(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    settings.language = "zh"
    window = open_window(settings)
    tree = window.navigation.tree
    tree.setFocus()
    tree.setCurrentIndex(_tree_index(window, "wrong-address"))
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    page = window.article_view.page()
    assert page is not None and page.article_id == "wrong-address" and page.lang == "zh"
    assert "地址" in page.title


def test_internal_link_then_back_and_forward(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    assert not window.back_action.isEnabled()
    window.open_article("delivery-delay")
    _click_link(qtbot, window.article_view, "faqdesk://article/contact-online-ticket")
    assert window.article_view.page().article_id == "contact-online-ticket"  # type: ignore[union-attr]
    assert window.back_action.isEnabled()

    qtbot.keyClick(window.article_view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.article_view.page().article_id == "delivery-delay"  # type: ignore[union-attr]
    assert window.forward_action.isEnabled()

    window.forward_action.trigger()  # the tool-bar button
    assert window.article_view.page().article_id == "contact-online-ticket"  # type: ignore[union-attr]

    qtbot.mouseClick(window.article_view.viewport(), Qt.MouseButton.BackButton)
    assert window.article_view.page().article_id == "delivery-delay"  # type: ignore[union-attr]


def test_related_articles_are_listed_and_open_in_the_app(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    window.open_article("delivery-delay")
    text = window.article_view.toPlainText()
    assert "Related articles" in text
    _click_link(qtbot, window.article_view, "faqdesk://article/lost-or-damaged-parcel")
    assert window.article_view.page().article_id == "lost-or-damaged-parcel"  # type: ignore[union-attr]


def test_external_links_go_to_the_system_and_other_schemes_are_blocked(
    open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    window.open_article("delivery-delay")
    opened: list[str] = []
    window.article_view.open_external = lambda url: opened.append(url.toString())
    for link in (
        "https://seller.ozon.ru/",
        "tel:+70000000000",
        "tg://resolve?domain=x",
        "mailto:a@b.c",
    ):
        window.article_view.anchorClicked.emit(QUrl(link))
    assert opened == [
        "https://seller.ozon.ru/",
        "tel:+70000000000",
        "tg://resolve?domain=x",
        "mailto:a@b.c",
    ]
    window.article_view.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert len(opened) == 4
    assert "Blocked" in window.statusBar().currentMessage()
    assert window.article_view.page().article_id == "delivery-delay"  # type: ignore[union-attr]


def test_copy_link_and_save_as_pdf(
    tmp_path: Path, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    assert not window.copy_link_action.isEnabled()
    window.open_article("returns-and-exchanges")
    window.copy_link_action.trigger()
    assert QGuiApplication.clipboard().text() == "faqdesk://article/returns-and-exchanges"
    target = tmp_path / "returns.pdf"
    assert window.save_pdf(str(target))
    assert target.read_bytes().startswith(b"%PDF")


def test_last_article_and_position_are_restored_at_next_start(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    make_settings: Callable[[], Settings],
    settings: Settings,
) -> None:
    first = open_window(settings)
    first.resize(900, 500)
    first.open_article("lost-or-damaged-parcel")
    bar = first.article_view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 200)
    bar.setValue(200)
    first.close()

    second = open_window(make_settings())
    qtbot.waitUntil(lambda: second.article_view.page() is not None)
    assert second.article_view.page().article_id == "lost-or-damaged-parcel"  # type: ignore[union-attr]
    second_bar = second.article_view.verticalScrollBar()
    qtbot.waitUntil(lambda: second_bar.value() == 200)


def test_content_problems_are_counted_and_listed(
    qtbot: QtBot,
    tmp_path: Path,
    bundled_content: Path,
    open_window: Callable[..., MainWindow],
    settings: Settings,
) -> None:
    content = tmp_path / "content"
    shutil.copytree(bundled_content, content)
    (content / "articles" / "zh" / "broken.md").write_bytes("---\ntitle: 坏了\n".encode("gbk"))
    (content / "articles" / "en" / "no-title.md").write_text(
        "---\nid: no-title\ncategory: reference\n---\nbody\n", encoding="utf-8"
    )
    window = open_window(settings, content_dir=content)
    button = window.findChild(QPushButton, "problemsButton")
    assert button is not None
    qtbot.waitUntil(button.isVisible)
    count = len(window.problems())
    assert count >= 2
    assert button.text() == f"{count} content problems"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.problems_dialog.isVisible())
    lines_widget = window.problems_dialog.findChild(QListWidget, "problemsList")
    assert lines_widget is not None
    lines = [lines_widget.item(i).text() for i in range(lines_widget.count())]
    assert any("broken.md" in line for line in lines)
    assert any("no-title.md" in line for line in lines)
    _tree_index(window, "delivery-delay")  # the rest still loaded


def test_query_words_are_highlighted_whole_in_english_and_inside_chinese(
    open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    window.open_article("delivery-delay", "en", words=["late"])
    text = window.article_view.toPlainText()
    assert "latest" in text  # the article has the longer word too...
    marked = window.article_view.highlighted_words()
    assert marked and {word.lower() for word in marked} == {"late"}  # ...which stays unmarked
    window.open_article("delivery-delay", "zh", words=["包裹"])
    marked = window.article_view.highlighted_words()
    assert marked and set(marked) == {"包裹"}


def test_dark_theme_gets_the_dark_reading_stylesheet(
    open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    from PySide6.QtGui import QColor, QPalette

    window = open_window(settings)
    window.open_article("contact-phone")
    assert "#e8eef7" in window.article_view.document().defaultStyleSheet()
    dark = QPalette(window.article_view.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    window.article_view.setPalette(dark)
    assert window.article_view.is_dark()
    css = window.article_view.document().defaultStyleSheet()
    assert "#2d3845" in css and "#e8eef7" not in css
    assert window.article_view.page() is not None  # the article is still shown


def test_checklists_show_their_boxes_without_a_second_bullet(
    open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    from PySide6.QtGui import QTextListFormat

    window = open_window(settings)
    window.open_article("lost-or-damaged-parcel", "zh")
    block = window.article_view.document().begin()
    boxes = 0
    while block.isValid():
        if block.text().startswith(("☐", "☑")) and block.textList() is not None:
            boxes += 1
            style = block.textList().format().style()
            assert style == QTextListFormat.Style.ListStyleUndefined, block.text()
        block = block.next()
    assert boxes >= 3


def test_a_link_to_a_heading_of_another_article_scrolls_there(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    from faqdesk.core.content.render import article_url, slugify

    window = open_window(settings)
    window.resize(900, 500)
    window.open_article("delivery-delay")
    target = window.library.article("lost-or-damaged-parcel", "en")
    last_heading = [line for line in target.body.splitlines() if line.startswith("## ")][-1]
    anchor = slugify(last_heading[3:])
    window.article_view.anchorClicked.emit(QUrl(article_url(target.id, anchor)))
    assert window.article_view.page().article_id == target.id  # type: ignore[union-attr]
    bar = window.article_view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() > 0)
    # A link to a heading of the same article scrolls, without a new history entry.
    at_last_heading = bar.value()
    first_heading = next(line for line in target.body.splitlines() if line.startswith("## "))
    first_url = article_url(target.id, slugify(first_heading[3:]))
    window.article_view.anchorClicked.emit(QUrl(first_url))
    qtbot.waitUntil(lambda: bar.value() < at_last_heading)
    window.back_action.trigger()
    assert window.article_view.page().article_id == "delivery-delay"  # type: ignore[union-attr]


def test_the_content_is_loaded_once_for_the_tree_and_the_search(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loads: list[object] = []
    real_load = loading.load_content

    def counted(*args: Any, **kwargs: Any) -> loading.ContentLibrary:
        loads.append(args)
        return real_load(*args, **kwargs)

    monkeypatch.setattr(loading, "load_content", counted)
    monkeypatch.setattr(knowledge_base, "load_content", counted)
    window = open_window(settings, wait_for_search=True)
    assert len(loads) == 1
    assert window.search.kb is not None and window.search.kb.library is window.library
    assert window.index_label.text() == "22 articles indexed"


def test_folders_given_as_str_work_like_paths(
    qtbot: QtBot, tmp_path: Path, bundled_content: Path, settings: Settings
) -> None:
    """``create_main_window(data_dir="…")`` used to leave the contact panel empty."""
    from faqdesk.ui import create_main_window

    window = create_main_window(
        content_dir=str(bundled_content),
        data_dir=str(tmp_path / "data"),
        index_dir=str(tmp_path / "index"),
        now=lambda: FIXED_NOW,
        settings=settings,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.library is not None, timeout=10_000)
    panel = window.contact_panel
    assert panel is not None
    names = [card.objectName() for card in panel.cards()]
    assert any(name.startswith("channelCard-ozon-seller-support-") for name in names), names
    window.shutdown()
