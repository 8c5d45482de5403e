"""The phrasebook's example letters: a "Copy this letter" link after each, in zh and en."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings


def _links(view: QTextBrowser) -> list[tuple[str, str, int]]:
    """``(href, text, position)`` of every link in the reader, in order."""
    found: list[tuple[str, str, int]] = []
    block = view.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().isAnchor():
                found.append(
                    (fragment.charFormat().anchorHref(), fragment.text(), fragment.position())
                )
            iterator += 1
        block = block.next()
    return found


def _click_at(qtbot: QtBot, view: QTextBrowser, position: int) -> None:
    cursor = QTextCursor(view.document())
    cursor.setPosition(position + 1)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(rect.center().x() + 2, rect.center().y()),
    )


def test_each_phrasebook_letter_is_copied_by_its_link(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    QGuiApplication.clipboard().clear()
    assert window.open_article("russian-phrasebook", "en")
    view = window.article_view
    copy_links = [link for link in _links(view) if link[0].startswith("faqdesk-copy:")]
    assert [text for _href, text, _pos in copy_links] == ["Copy this letter"] * 2
    shown = view.toPlainText()
    for number, (_href, _text, position) in enumerate(copy_links):
        _click_at(qtbot, view, position)
        copied = QGuiApplication.clipboard().text()
        assert copied == view.page().letters[number]  # type: ignore[union-attr]
        # exactly the block shown just above the link: its lines, nothing around them
        assert copied in shown
        before_link = shown[: shown.index("Copy this letter", shown.index(copied))]
        assert before_link.rstrip().endswith(copied.splitlines()[-1])
        lines = len(copied.splitlines())
        assert window.statusBar().currentMessage().startswith(f"Copied the letter ({lines} lines)")
    assert view.page().letters[0].startswith("Здравствуйте!")  # type: ignore[union-attr]
    last = QGuiApplication.clipboard().text()
    assert last.startswith("Zdrávstvuyte!")  # the last link clicked: the Latin reading
    assert view.page().article_id == "russian-phrasebook"  # type: ignore[union-attr]


def test_the_copy_links_speak_chinese(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    assert window.open_article("russian-phrasebook", "en")
    settings.language = "zh"  # the UI language, not the article's, names the links
    view = window.article_view
    copy_links = [link for link in _links(view) if link[0].startswith("faqdesk-copy:")]
    assert [text for _href, text, _pos in copy_links] == ["复制这封信"] * 2
    QGuiApplication.clipboard().clear()
    _click_at(qtbot, view, copy_links[0][2])
    assert QGuiApplication.clipboard().text().startswith("Здравствуйте!\nЯ продавец из Китая")
    assert window.statusBar().currentMessage().startswith("已复制这封信")


def test_a_copy_link_of_no_letter_copies_nothing(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings)
    assert window.open_article("delivery-delay", "en")
    QGuiApplication.clipboard().setText("kept")
    window.article_view.anchorClicked.emit(QUrl("faqdesk-copy:0"))  # this article has none
    assert QGuiApplication.clipboard().text() == "kept"
