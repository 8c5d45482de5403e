"""The contact dock's place in the main window: docked on the right, its View toggle, the call
verdict shown on the start page and in the folded-dock line, and the F6 / Ctrl+Shift+C keys."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

from faqdesk.core.log import get_logger
from faqdesk.ui.common.clock import Clock
from faqdesk.ui.settings.store import Settings

if TYPE_CHECKING:
    from faqdesk.ui.contacts.panel import ContactPanel


class _Window(Protocol):
    """What the dock needs of the main window (named here to keep imports one-way)."""

    @property
    def clock(self) -> Clock: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def data_dir(self) -> Path | None: ...
    @property
    def view_menu(self) -> QMenu: ...
    @property
    def fit(self) -> Any: ...
    @property
    def reader(self) -> Any: ...
    @property
    def search_box(self) -> QWidget: ...
    @property
    def navigation(self) -> QWidget: ...

    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget) -> None: ...
    def contacts_unavailable(self, error: BaseException) -> None: ...

_log = get_logger("ui.contacts.install")


def install_contact_panel(window: _Window) -> ContactPanel | None:
    """Build the contact dock into *window*; None (with a message) when it cannot be built."""
    try:
        from faqdesk.ui.contacts import shortcuts as contact_shortcuts
        from faqdesk.ui.contacts.panel import ContactPanel
    except ImportError as error:
        _log.info("contact panel not available: %s", error)
        return None
    widget = cast(QWidget, window)  # the main window is a QMainWindow of this shape
    try:
        panel = ContactPanel(window.clock, window.settings, window.data_dir, widget)
    except Exception as error:  # the rest of the window keeps working
        _log.exception("the contact panel could not be built")
        window.contacts_unavailable(error)
        return None
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    window.view_menu.addAction(panel.toggleViewAction())
    window.fit.set_dock(panel)
    # the call verdict in the line shown while the dock is folded (the start page's comes
    # through ui.cases.attention, overdue cases first)
    panel.verdictChanged.connect(window.fit.set_verdict)
    parts = [window.search_box, window.navigation, window.reader, panel]  # F6 order
    contact_shortcuts.install(widget, lambda: parts, panel.show_verdict_card)
    return panel


def connect_call_requests(panel: ContactPanel | None, requests: SignalInstance | None) -> None:
    """A case's "Call" step (``callRequested(contact_id, channel_id)``): show that contact's
    card in the contact dock, framed and focused."""
    if panel is None or requests is None:
        return

    def show(contact_id: str, channel_id: str) -> None:
        panel.show()
        panel.raise_()
        panel.reveal_contacts([contact_id])
        card = panel.card(contact_id, channel_id)
        if card is not None:
            panel.cards_scroll.ensureWidgetVisible(card, 0, 0)
            card.setFocus(Qt.FocusReason.OtherFocusReason)

    requests.connect(show)
