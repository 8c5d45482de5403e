"""Sync's place in the main window, wired in one call (:func:`install_sync`) so the window
itself gains only a few lines: the state in the status bar, Tools → Sync now (F9), the sync
error in the status-bar message, the contact panel refreshed after a sync."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from faqdesk.core.text import render
from faqdesk.ui.sync.controller import (
    SyncController,
    SyncStatusButton,
    accept_deletions_action,
    sync_now_action,
)

if TYPE_CHECKING:
    from faqdesk.core.sync.run import SyncReport


def install_sync(window: Any) -> SyncController:
    """Add sync to the main window (its clock, data folder, language, settings, Tools menu,
    status bar and contact panel); the caller keeps the controller as ``window.sync`` and
    calls its ``refresh()`` once the window is painted (the status is read then)."""
    settings = window.settings
    controller = SyncController(
        window.clock,
        window.data_dir,
        lambda: window.language,
        lambda: settings.home_timezone,
        window,
        read_status=False,
    )
    button = SyncStatusButton(controller, window)
    window.statusBar().addPermanentWidget(button)
    action = sync_now_action(button, window)
    window.tools_menu.addAction(action)
    window.sync_accept_action = accept_deletions_action(button, window)
    window.tools_menu.addAction(window.sync_accept_action)
    window.sync_button = button
    window.sync_action = action

    def synced(report: SyncReport) -> None:
        if report.error is not None:
            window.statusBar().showMessage(report.error.render(window.language), 8000)
        elif report.held:
            text = render("sync.ui.held", window.language, count=report.held)
            window.statusBar().showMessage(text, 15000)
        panel = window.contact_panel
        if panel is not None:  # a sync may have changed the contacts
            panel.refresh()
        cases = getattr(window, "cases_panel", None)
        if cases is not None:  # ... and the cases
            cases.refresh()

    controller.finished.connect(synced)
    return controller
