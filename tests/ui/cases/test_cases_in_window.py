"""The Cases dock in the main window: beside the contacts, following the search box."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from case_fixtures import contacts, desk, lost_parcel, mailbox
from clock_fixtures import fixed_clock
from faqdesk.core.cases.store import CaseStore
from faqdesk.core.contacts.book import ContactBook
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings


def test_cases_dock_is_tabbed_with_contacts_and_follows_the_search_box(
    qtbot: QtBot, tmp_path: Path, settings: Settings, open_window: Callable[..., MainWindow]
) -> None:
    data = tmp_path / "data"
    with ContactBook.open(data, clock=fixed_clock) as book:
        book.save(desk())
        book.save(mailbox())
    with CaseStore.open(data, clock=fixed_clock) as store:
        store.add(lost_parcel(), contacts())
        store.add(lost_parcel(posting="87654321-0002-1", tracking=("LP42",)), contacts())
    window = open_window(settings, wait_for_search=True)
    dock = window.findChild(QDockWidget, "casesPanel")
    assert dock is window.cases_panel and dock is not None
    assert window.contact_panel is not None
    assert dock in window.tabifiedDockWidgets(window.contact_panel)
    assert dock.toggleViewAction() in window.view_menu.actions()
    qtbot.waitUntil(lambda: [row.case.id for row in dock.rows()] == ["C-0001", "C-0002"])
    window.search_box.setText("87654321")
    qtbot.waitUntil(lambda: dock.matches.count() == 1)
    assert dock.matches.item(0).text().startswith("C-0002")
