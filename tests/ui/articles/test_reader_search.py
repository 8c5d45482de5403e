"""The reader follows the search: a new query's first result is previewed (once the typing
pauses), Back and Forward bring a search back with its marks and place, and an article the
user chose is never replaced by a preview."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings

from .test_reader import shown_article


def test_the_reader_follows_the_search_and_back_restores_query_marks_and_place(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings, wait_for_search=True)
    window.resize(1300, 700)
    window.open_article("communication-tips")  # the article read before searching
    view = window.article_view

    with qtbot.waitSignal(window.reader.previewed, check_params_cb=lambda q: q == "доставка"):
        window.search_box.setText("доставка")
    first = window.navigation.results_model.result(0)
    assert shown_article(window) == first.article_id  # not the stale article
    marked = view.highlighted_words()
    assert marked and all("достав" in word.lower() for word in marked)
    # the Russian word sits near the end: the reader went there
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() > 0)
    first_mark = view.extraSelections()[0]
    match = view.cursorRect(first_mark.cursor)
    assert QRect(0, 0, view.viewport().width(), view.viewport().height()).intersects(match)
    place = view.verticalScrollBar().value()

    # typed on: the list follows every keystroke at once, the reader the pause after them
    with qtbot.waitSignal(window.resultsShown):
        window.search_box.setText("退")
    with qtbot.waitSignal(window.resultsShown):
        window.search_box.setText("退货")
    assert window.navigation.results_model.result(0).article_id != first.article_id
    QApplication.processEvents()  # what is due now runs: the preview is not due yet
    assert shown_article(window) == first.article_id  # still typing: not laid out yet
    with qtbot.waitSignal(window.reader.previewed, check_params_cb=lambda q: q == "退货"):
        pass
    assert shown_article(window) == window.navigation.results_model.result(0).article_id
    assert shown_article(window) != first.article_id
    assert all("достав" not in word.lower() for word in view.highlighted_words())

    with qtbot.waitSignal(window.resultsShown):
        window.back_action.trigger()
    assert shown_article(window) == first.article_id
    assert window.search_box.text() == "доставка"
    assert view.highlighted_words() == marked
    qtbot.waitUntil(lambda: view.verticalScrollBar().value() == place)
    selected = window.navigation.results_view.currentIndex().row()
    assert window.navigation.results_model.result(selected).article_id == first.article_id

    window.back_action.trigger()  # before any search: the article read first
    assert shown_article(window) == "communication-tips"
    recent = [ref.article_id for ref in window.reader.history.items]
    assert recent[0] == "communication-tips"  # previews are not "recently read"

    with qtbot.waitSignal(window.reader.previewed):
        window.search_box.setText("qqqzzxxwv")  # nothing matches: no stale article either
    assert window.reader.showing_start() and window.article_view.page() is None


def test_an_article_chosen_while_typing_is_not_replaced_by_the_preview(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings, wait_for_search=True)
    with qtbot.waitSignal(window.resultsShown):
        window.search_box.setText("退货")
    model = window.navigation.results_model
    assert model.rowCount() > 1
    chosen = model.result(1)  # a click on the second result, before the typing pause ends
    window.open_article(chosen.article_id, chosen.lang)
    qtbot.waitUntil(lambda: not window.reader._preview_timer.isActive())
    assert shown_article(window) == chosen.article_id
    assert window.search_box.text() == "退货" and model.result(0).article_id != chosen.article_id


def test_typing_on_with_the_same_first_result_only_moves_the_marks(
    qtbot: QtBot, open_window: Callable[..., MainWindow], settings: Settings
) -> None:
    window = open_window(settings, wait_for_search=True)
    view = window.article_view
    with qtbot.waitSignal(window.reader.previewed):
        window.search_box.setText("lost")
    shown = shown_article(window)
    laid_out = view.document().revision()
    before = {word.lower() for word in view.highlighted_words()}
    assert "lost" in before and "parcel" not in before
    with qtbot.waitSignal(window.reader.previewed):
        window.search_box.setText("lost parcel")
    assert window.navigation.results_model.result(0).article_id == shown
    # the same article, its marks now for both words, and it was not laid out again
    marked = {word.lower() for word in view.highlighted_words()}
    assert {"lost", "parcel"} <= marked
    assert view.document().revision() == laid_out
    assert view.current_query() == "lost parcel"
    # another language of the same article is another page: laid out again
    window.article_view.switch_language("zh")
    assert view.document().revision() != laid_out
