"""The search box's results list the matching cases in their own section (issue 15)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from case_fixtures import contacts, desk, lost_parcel, mailbox
from clock_fixtures import fixed_clock
from faqdesk.core.cases.store import CaseStore
from faqdesk.core.contacts.book import ContactBook
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings


def _two_cases(data: Path) -> None:
    with ContactBook.open(data, clock=fixed_clock) as book:
        book.save(desk())
        book.save(mailbox())
    with CaseStore.open(data, clock=fixed_clock) as store:
        store.add(lost_parcel(), contacts())
        store.add(
            lost_parcel(posting="87654321-0002-1", order="87654321-0002", tracking=("LP42",),
                        title="<b>破损</b> damaged"),
            contacts(),
        )  # fmt: skip


def _window(
    qtbot: QtBot, tmp_path: Path, settings: Settings, open_window: Callable[..., MainWindow]
) -> MainWindow:
    _two_cases(tmp_path / "data")
    window = open_window(settings, wait_for_search=True)
    assert window.cases_panel is not None
    dock = window.cases_panel
    qtbot.waitUntil(lambda: [row.case.id for row in dock.rows()] == ["C-0001", "C-0002"])
    return window


@pytest.mark.parametrize(
    ("lang", "header", "badge"),
    [("zh", "工单（1）", "等待中"), ("en", "Cases (1)", "waiting")],
)
def test_a_posting_number_lists_its_case_in_the_results_own_section(
    qtbot: QtBot,
    tmp_path: Path,
    settings: Settings,
    open_window: Callable[..., MainWindow],
    lang: str,
    header: str,
    badge: str,
) -> None:
    settings.language = lang
    window = _window(qtbot, tmp_path, settings, open_window)
    section = window.navigation.case_section
    window.search_box.setText("8765 4321 0002 1")  # typed with spaces instead of dashes
    qtbot.waitUntil(lambda: section.case_ids() == ["C-0002"] and section.isVisible())
    assert section.caption.text() == header
    line = section.list.item(0).text()
    assert line == f"C-0002  87654321-0002-1  LP42\n[{badge}]  <b>破损</b> damaged"
    # the title is shown as text, never as markup
    tooltip = section.list.item(0).toolTip()
    assert "&lt;b&gt;破损&lt;/b&gt;" in tooltip and "<b>" not in tooltip
    # the articles still have their own list and count below
    assert window.navigation.showing_results()


def test_activating_a_case_row_selects_it_in_the_cases_dock(
    qtbot: QtBot, tmp_path: Path, settings: Settings, open_window: Callable[..., MainWindow]
) -> None:
    settings.language = "en"
    window = _window(qtbot, tmp_path, settings, open_window)
    dock = window.cases_panel
    assert dock is not None
    window.contact_panel.raise_()  # the Cases tab is behind the contacts
    section = window.navigation.case_section
    with qtbot.waitSignal(window.resultsShown, timeout=10_000):
        window.search_box.setText("LP42")  # no article matches, one case does
    qtbot.waitUntil(lambda: section.case_ids() == ["C-0002"] and section.isVisible())
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)  # Down from the box: to the case
    assert section.list.hasFocus() and section.list.currentRow() == 0
    qtbot.keyClick(section.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dock.current() is not None and dock.current().case.id == "C-0002")
    assert not dock.visibleRegion().isEmpty()  # the Cases tab came to the front


def test_a_query_matching_no_case_shows_no_section_and_emptying_the_box_hides_it(
    qtbot: QtBot, tmp_path: Path, settings: Settings, open_window: Callable[..., MainWindow]
) -> None:
    settings.language = "en"
    window = _window(qtbot, tmp_path, settings, open_window)
    section = window.navigation.case_section
    window.search_box.setText("12345678-0001-1")
    qtbot.waitUntil(lambda: section.case_ids() == ["C-0001"])
    with qtbot.waitSignal(window.resultsShown, timeout=10_000):
        window.search_box.setText("退货")  # articles match, no case does
    qtbot.waitUntil(lambda: section.case_ids() == [])
    assert not section.isVisible()
    assert window.navigation.results_model.rowCount() > 0
    window.search_box.setText("12345678-0001-1")
    qtbot.waitUntil(lambda: section.isVisible())
    window.search_box.clear()
    assert not section.isVisible()
    assert section.case_ids() == []


def test_up_and_down_move_between_the_cases_and_the_articles(
    qtbot: QtBot, tmp_path: Path, settings: Settings, open_window: Callable[..., MainWindow]
) -> None:
    settings.language = "en"
    window = _window(qtbot, tmp_path, settings, open_window)
    navigation = window.navigation
    section = navigation.case_section
    with qtbot.waitSignal(window.resultsShown, timeout=10_000):
        window.search_box.setText("12345678-0001-1")  # a case and articles match
    qtbot.waitUntil(lambda: section.case_ids() == ["C-0001"] and section.isVisible())
    assert navigation.results_model.rowCount() > 0
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)  # as before: to the first article
    view = navigation.results_view
    assert view.hasFocus() and view.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_Up)  # up from the first article: the case above
    assert section.list.hasFocus() and section.list.currentRow() == 0
    qtbot.keyClick(section.list, Qt.Key.Key_Down)  # and back down to the articles
    assert view.hasFocus() and view.currentIndex().row() == 0
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # Esc still goes back to the box
    assert window.search_box.hasFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(section.list, Qt.Key.Key_Up)  # up from the first case: to the box
    assert window.search_box.hasFocus()


def test_the_section_follows_a_change_of_language(
    qtbot: QtBot, tmp_path: Path, settings: Settings, open_window: Callable[..., MainWindow]
) -> None:
    settings.language = "en"
    window = _window(qtbot, tmp_path, settings, open_window)
    section = window.navigation.case_section
    window.search_box.setText("lp42")  # a tracking number in lower case
    qtbot.waitUntil(lambda: section.caption.text() == "Cases (1)")
    settings.language = "zh"
    qtbot.waitUntil(lambda: section.caption.text() == "工单（1）")
    assert section.list.item(0).text().endswith("[等待中]  <b>破损</b> damaged")
