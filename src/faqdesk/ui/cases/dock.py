"""Putting the Cases dock into the main window (so the window needs one line for it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLineEdit, QMainWindow, QMenu

from faqdesk.core.log import get_logger
from faqdesk.ui.cases.panel import CasesPanel
from faqdesk.ui.common.clock import Clock
from faqdesk.ui.settings.store import Settings

_log = get_logger("ui.cases")


def cases_dock(window: QMainWindow) -> CasesPanel | None:
    """Add the Cases dock to ``window``: tabbed with its contact dock, its toggle in the View
    menu (before the contacts' one), following the search box. None when it could not be
    built (the rest of the window keeps working)."""
    clock = getattr(window, "clock", None)
    settings = getattr(window, "settings", None)
    data_dir = getattr(window, "data_dir", None)
    if not isinstance(clock, Clock) or not isinstance(settings, Settings):
        return None
    try:
        panel = CasesPanel(
            clock, settings, data_dir if isinstance(data_dir, Path) else None, window
        )
    except Exception:
        _log.exception("the cases panel could not be built")
        return None
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    contacts = getattr(window, "contact_panel", None)
    if isinstance(contacts, QDockWidget):
        window.tabifyDockWidget(contacts, panel)
        contacts.raise_()
    menu = getattr(window, "view_menu", None)
    if isinstance(menu, QMenu):
        before = contacts.toggleViewAction() if isinstance(contacts, QDockWidget) else None
        if before is not None and before in menu.actions():
            menu.insertAction(before, panel.toggleViewAction())
        else:
            menu.addAction(panel.toggleViewAction())
    search_box = getattr(window, "search_box", None)
    if isinstance(search_box, QLineEdit):
        search_box.textChanged.connect(panel.follow_search)
        _link_search_results(window, panel, settings, search_box)
    return panel


def _link_search_results(
    window: QMainWindow, panel: CasesPanel, settings: Settings, search_box: QLineEdit
) -> None:
    """List the matching cases in the search results' own section (issue 15)."""
    from faqdesk.ui.articles.navigation_pane import NavigationPane
    from faqdesk.ui.cases.search_link import CaseSearchLink

    navigation = getattr(window, "navigation", None)
    if isinstance(navigation, NavigationPane):
        message = window.statusBar().showMessage
        # a child of the panel: it lives as long as the dock
        CaseSearchLink(panel, settings, search_box, navigation.case_section, message)
