"""The window's empty results say why a filter found nothing (issue 10: ``lang:ru``, an
unknown ``tag:``), in the language of the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings


def _search(qtbot: QtBot, window: MainWindow, text: str) -> str:
    with qtbot.waitSignal(window.resultsShown, timeout=10_000, check_params_cb=lambda q: q == text):
        window.search_box.setText(text)
    empty = window.findChild(QLabel, "emptyState")
    assert empty is not None and empty.isVisible()
    assert not window.navigation.results_view.isVisible()
    return empty.text()


def test_an_unknown_language_or_tag_is_named_in_the_empty_results(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings, wait_for_search=True)
    assert "no articles in the language 'ru'" in _search(qtbot, window, "parcel lang:ru")
    assert "No article has the tag 'zzz'" in _search(qtbot, window, "parcel tag:zzz")


def test_the_note_is_in_the_windows_language(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    settings.language = "zh"
    window = open_window(settings, wait_for_search=True)
    assert "没有文章带有标签“zzz”" in _search(qtbot, window, "退货 tag:zzz")


def test_html_in_the_query_or_a_note_stays_text(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings, wait_for_search=True)
    text = _search(qtbot, window, "parcel tag:<h1>big</h1>")
    assert "No article has the tag '<h1>big</h1>'" in text
    empty = window.findChild(QLabel, "emptyState")
    assert empty is not None and empty.textFormat() == Qt.TextFormat.PlainText


def test_a_note_is_not_called_a_failure(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings, wait_for_search=True)
    text = _search(qtbot, window, "parcel lang:ru")
    assert text.startswith("There are no articles in the language 'ru'")
    assert "could not be run" not in text
