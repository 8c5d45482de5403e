"""The results pane on its own: what it says when nothing matches."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from faqdesk.ui.articles.navigation_pane import NavigationPane


def test_the_typed_query_in_the_empty_results_stays_text(qtbot: QtBot) -> None:
    pane = NavigationPane()
    qtbot.addWidget(pane)
    query = "<img src='file:///etc/passwd'><h1>big</h1>"
    pane.show_results(query, [], 0, None)
    assert pane.empty_label.textFormat() == Qt.TextFormat.PlainText
    assert query in pane.empty_label.text()


def test_notes_are_shown_as_they_are_and_a_failure_says_so(qtbot: QtBot) -> None:
    pane = NavigationPane()
    qtbot.addWidget(pane)
    pane.show_results("parcel lang:ru", [], 0, None, notes="No articles in <b>ru</b>.")
    assert pane.empty_label.text() == "No articles in <b>ru</b>."
    pane.show_results("parcel", [], 0, None, "the index is broken")
    assert pane.empty_label.text() == "The search could not be run: the index is broken"
