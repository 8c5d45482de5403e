"""Search as you type in the window: results, Enter, highlighting, suggestion, empty state."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListView
from pytestqt.qtbot import QtBot

from contact_fixtures import type_chinese
from faqdesk.core import paths
from faqdesk.core.search.chinese import WORD_TABLE_NAME, dictionary_version
from faqdesk.core.search.knowledge_base import KnowledgeBase
from faqdesk.core.search.wordtable import read_table
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.search.results_model import ARTICLE_ID_ROLE
from faqdesk.ui.settings.store import Settings

from ..conftest import fresh_window


@pytest.fixture
def gated_index_open(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Hold the background index opening until the test sets the yielded event, so the
    "still preparing" state is certain, not a race with a fast machine. The event is set at
    teardown, so a failing test never leaves the background thread waiting."""
    release = threading.Event()
    real_open = KnowledgeBase.open

    def gated_open(*args: Any, **kwargs: Any) -> KnowledgeBase:
        release.wait(timeout=60)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(KnowledgeBase, "open", gated_open)
    yield release
    release.set()


def _result_ids(window: MainWindow) -> list[str]:
    model = window.navigation.results_model
    return [str(model.index(row, 0).data(ARTICLE_ID_ROLE)) for row in range(model.rowCount())]


def _type(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Type like a user: Latin letters as key presses, Chinese as input-method commits."""
    box = window.search_box
    with qtbot.waitSignal(window.resultsShown, timeout=10_000, check_params_cb=lambda q: q == text):
        for run in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
            if run.isascii():
                qtbot.keyClicks(box, run)
            else:
                type_chinese(box, run)  # an input method commits whole words


def test_search_box_says_it_is_preparing_until_the_index_is_ready(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    gated_index_open: threading.Event,
) -> None:
    window = open_window(settings)
    assert not window.is_search_ready()
    assert window.search_box.placeholderText() == "Preparing search…"
    assert window.index_label.text() == "Preparing search…"
    gated_index_open.set()
    qtbot.waitUntil(window.is_search_ready, timeout=60_000)
    assert window.search_box.placeholderText() == "Search articles (Ctrl+K)"
    # Every article file counts: 11 topics in two languages in the bundled pack.
    assert len(window.library.articles) == 22
    assert window.index_label.text() == "22 articles indexed"


def test_typing_chinese_shows_ranked_results_and_enter_opens_the_first(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings, wait_for_search=True)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    _type(qtbot, window, "包裹丢了")
    view = window.findChild(QListView, "resultsView")
    assert view is not None and view.isVisible()
    assert not window.navigation.tree.isVisible()
    ids = _result_ids(window)
    assert ids[0] == "lost-or-damaged-parcel"
    count = window.findChild(QLabel, "resultCount")
    assert count is not None and count.text().endswith("found")

    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    page = window.article_view.page()
    assert page is not None and page.article_id == "lost-or-damaged-parcel"
    assert window.article_view.highlighted_words(), "the query's words are highlighted"


def test_down_moves_into_the_results_and_enter_opens_the_chosen_one(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings, wait_for_search=True)
    window.search_box.setFocus()
    _type(qtbot, window, "delivery")
    ids = _result_ids(window)
    assert len(ids) >= 2
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    view = window.navigation.results_view
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    page = window.article_view.page()
    assert page is not None and page.article_id == ids[1]
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # back to the box, the results stay
    assert window.search_box.hasFocus()
    assert window.search_box.text() == "delivery"


def test_escape_clears_the_box_and_shows_the_categories_again(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings, wait_for_search=True)
    window.search_box.setFocus()
    _type(qtbot, window, "return")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""
    assert window.navigation.tree.isVisible()


def test_did_you_mean_suggestion_is_clickable(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings, wait_for_search=True)
    window.search_box.setFocus()
    _type(qtbot, window, "delivary")
    suggestion = window.navigation.suggestion()
    assert suggestion, "a typo gets a suggestion"
    label = window.findChild(QLabel, "suggestion")
    assert label is not None and label.isVisible()
    assert suggestion in label.text()
    with qtbot.waitSignal(window.resultsShown, timeout=10_000):
        label.linkActivated.emit("#suggestion")  # what a click on the link does
    assert window.search_box.text() == suggestion
    assert _result_ids(window)


def test_nothing_found_shows_a_helpful_empty_state(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings, wait_for_search=True)
    window.search_box.setFocus()
    _type(qtbot, window, "zzqxv")
    empty = window.findChild(QLabel, "emptyState")
    assert empty is not None and empty.isVisible()
    assert "zzqxv" in empty.text()
    assert "Esc" in empty.text()
    assert not window.navigation.results_view.isVisible()
    assert window.findChild(QLabel, "resultCount").text() == "0 articles found"  # type: ignore[union-attr]


def test_rapid_typing_only_shows_results_for_the_final_text(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings, wait_for_search=True)
    shown: list[str] = []
    window.resultsShown.connect(shown.append)
    window.search_box.setFocus()
    _type(qtbot, window, "wrong address")
    assert shown[-1] == "wrong address"
    assert len(shown) < len("wrong address"), "keystrokes were collapsed"
    assert _result_ids(window)[0] == "wrong-address"


def test_the_window_is_shown_before_the_index_is_ready(
    qtbot: QtBot,
    tmp_path: Path,
    bundled_content: Path,
    settings: Settings,
    gated_index_open: threading.Event,
) -> None:
    window = fresh_window(qtbot, tmp_path, bundled_content, settings)
    window.show()
    qtbot.waitExposed(window)
    # On screen, and the index is still being prepared in the background.
    assert window.isVisible()
    assert not window.is_search_ready()
    assert window.search_box.placeholderText() == "Preparing search…"
    assert window.index_label.text() == "Preparing search…"
    qtbot.keyClicks(window.search_box, "return")  # typing early is fine...
    qtbot.waitUntil(lambda: window.navigation.empty_label.isVisible())
    assert "appear in a moment" in window.navigation.empty_label.text()
    with qtbot.waitSignal(window.resultsShown, timeout=60_000):
        gated_index_open.set()  # ...the query runs as soon as the index is ready
    assert window.is_search_ready()
    assert _result_ids(window)[0] == "returns-and-exchanges"
    window.shutdown()


def test_when_the_search_cannot_start_browsing_still_works(
    qtbot: QtBot,
    tmp_path: Path,
    bundled_content: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_open(*args: object, **kwargs: object) -> KnowledgeBase:
        raise OSError("No space left on device")  # e.g. a full disk while building the index

    monkeypatch.setattr(KnowledgeBase, "open", broken_open)
    window = fresh_window(qtbot, tmp_path, bundled_content, settings)
    window.show()
    qtbot.waitUntil(lambda: window.search_failed is not None, timeout=60_000)
    assert window.index_label.text() == "Search is not available: No space left on device"
    assert window.search_box.placeholderText() == "Search is not available"
    qtbot.keyClicks(window.search_box, "delay")
    assert window.navigation.empty_label.isVisible()
    assert window.navigation.empty_label.text().startswith("The search could not be run:")
    qtbot.waitUntil(lambda: window.library is not None)
    assert window.open_article("delivery-delay")
    window.shutdown()


def test_enter_typed_before_the_results_arrive_opens_the_right_article(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings, wait_for_search=True)
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "wrong address")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # at once, no waiting
    qtbot.waitUntil(lambda: window.article_view.page() is not None)
    assert window.article_view.page().article_id == "wrong-address"  # type: ignore[union-attr]


def test_browsing_position_survives_the_index_becoming_ready(
    qtbot: QtBot,
    tmp_path: Path,
    bundled_content: Path,
    settings: Settings,
    gated_index_open: threading.Event,
) -> None:
    window = fresh_window(qtbot, tmp_path, bundled_content, settings)
    window.show()
    qtbot.waitUntil(lambda: window.library is not None)
    assert not window.is_search_ready()  # the index is held back: there is something to compare
    tree = window.navigation.tree
    model = window.navigation.category_model
    first_category = model.index(0, 0)
    tree.collapse(first_category)
    tree.setCurrentIndex(model.index(0, 0, model.index(1, 0)))
    chosen = tree.currentIndex().data()
    gated_index_open.set()
    qtbot.waitUntil(window.is_search_ready, timeout=60_000)
    assert not tree.isExpanded(model.index(0, 0)), "the tree was not rebuilt"
    assert tree.currentIndex().data() == chosen
    window.shutdown()


def test_a_window_closed_before_its_first_paint_starts_no_loading(
    qtbot: QtBot, tmp_path: Path, bundled_content: Path, settings: Settings
) -> None:
    from faqdesk.ui.common.first_paint import _FirstPaint

    window = fresh_window(qtbot, tmp_path, bundled_content, settings)
    window.close()
    window.shutdown()
    waiting = window.findChildren(_FirstPaint)
    assert len(waiting) == 1
    waiting[0]._run()  # its timer fires after the window was closed
    assert not window._content_jobs.busy()
    assert not window.search._jobs.busy()
    assert window.library is None


def test_content_arriving_after_the_window_shut_down_opens_no_index(
    open_window: Callable[..., MainWindow], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(settings)
    library = window.library
    assert library is not None
    window.shutdown()
    opened: list[object] = []
    monkeypatch.setattr(window.search, "open_index", lambda *args: opened.append(args))
    window._on_content_loaded(library)  # a load that finished as the window shut down
    assert opened == []


def test_once_search_is_ready_jiebas_word_table_is_saved_for_the_next_start(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    table = paths.user_cache_dir() / WORD_TABLE_NAME
    window = open_window(settings, wait_for_search=True)
    qtbot.waitUntil(table.is_file, timeout=30_000)  # written beside the search thread
    assert read_table(table, dictionary_version()) is not None
    _type(qtbot, window, "退货")  # searching goes on meanwhile and after
    assert _result_ids(window)
