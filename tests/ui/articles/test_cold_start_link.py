"""``faqdesk faqdesk://article/<id>#<anchor>`` with no FAQDesk running: the window starts on
the article at that section (the anchor survives the start), and only that once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from faqdesk.cli import main
from faqdesk.core.content.loading import load_content
from faqdesk.core.content.render import article_url
from faqdesk.core.content.sections import headings
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings


def _start_from_link(monkeypatch: pytest.MonkeyPatch, link: str) -> list[str]:
    """Run ``faqdesk LINK`` with no FAQDesk running; the window's start is recorded."""
    started: list[str] = []

    def run_app() -> int:
        started.append("window")
        return 0

    monkeypatch.setattr("faqdesk.ui.app.run_app", run_app)
    assert main([link]) == 0
    return started


def test_a_link_with_an_anchor_starts_the_window_at_that_section(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    bundled_content: Path,
) -> None:
    library = load_content(bundled_content)
    article = library.articles[("delivery-delay", "en")]
    last = headings(article)[-1].anchor  # near the end: the reader must scroll to it
    assert _start_from_link(monkeypatch, article_url("delivery-delay", last)) == ["window"]

    window = open_window(Settings())  # the settings the started app reads
    view = window.article_view
    assert view.page() is not None and view.page().article_id == "delivery-delay"
    qtbot.waitUntil(lambda: view.current_anchor() == last)
    assert view.scroll_position() > 0


def test_the_anchor_is_used_once_then_the_reading_place_counts(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    bundled_content: Path,
) -> None:
    library = load_content(bundled_content)
    last = headings(library.articles[("delivery-delay", "en")])[-1].anchor
    _start_from_link(monkeypatch, article_url("delivery-delay", last))
    first = open_window(Settings())
    qtbot.waitUntil(lambda: first.article_view.current_anchor() == last)
    first.article_view.verticalScrollBar().setValue(0)  # the user scrolls back to the top
    first.close()  # saves where the reader was

    again = open_window(Settings())
    page = again.article_view.page()
    assert page is not None and page.article_id == "delivery-delay"
    assert again.article_view.scroll_position() == 0
    assert Settings().value("last_anchor") == ""


def test_a_link_without_an_anchor_starts_at_the_top(
    qtbot: QtBot, open_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    _start_from_link(monkeypatch, "faqdesk://article/wrong-address")
    window = open_window(Settings())
    page = window.article_view.page()
    assert page is not None and page.article_id == "wrong-address"
    assert window.article_view.scroll_position() == 0
