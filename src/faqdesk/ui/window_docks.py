"""The main window's docks (contacts, cases), built just after the window's first paint.

Building them (their modules, the contact book and its cards, the cases) took about a third
of the time before the window's first paint (issue 11), and neither is what the eye goes to
first. So the window starts with two empty docks standing in their places, with the same
names and titles: the window's saved state puts them where the user left them (or folded
away on a narrow window), the window paints, and then the real docks take exactly those
places (the state of that moment is applied to them): nothing moves. The features' links to
one another (Write → the composer, Call → a contact's card, the start page's attention line)
are made once both docks exist.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from faqdesk.core import text
from faqdesk.core.log import get_logger

_log = get_logger("ui.main_window")

#: The real docks' object names (what the window's saved state knows them by).
CONTACTS, CASES = "contactPanel", "casesPanel"


#: The docks' width where no saved state gives one (the first start): at least the contact
#: dock's own (250-300 px), so that the real docks keep it. (Not a minimum: a saved state
#: narrower than this is kept.)
STAND_IN_WIDTH = 320


def _stand_in(window: QMainWindow, name: str, title: str) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(QWidget(dock))
    dock.setFeatures(
        QDockWidget.DockWidgetFeature.DockWidgetMovable
        | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        | QDockWidget.DockWidgetFeature.DockWidgetClosable
    )
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    return dock


def _hide_if(dock: QDockWidget | None, closed: set[str]) -> None:
    if dock is not None and dock.objectName() in closed:
        dock.hide()


class WindowDocks:
    """The stand-ins until :meth:`build`, then the contact and cases docks."""

    def __init__(self, window: Any) -> None:  # the MainWindow (which imports this module)
        self._window = window
        contacts_title = QCoreApplication.translate("ContactPanel", "Contacts and call times")
        cases_title = text.render("cases.ui.title", window.language)
        self.stand_ins = [
            _stand_in(window, CONTACTS, contacts_title),
            _stand_in(window, CASES, cases_title),
        ]
        window.tabifyDockWidget(*self.stand_ins)
        self.stand_ins[0].raise_()
        window.resizeDocks(self.stand_ins[:1], [STAND_IN_WIDTH], Qt.Orientation.Horizontal)
        window.fit.set_dock(self.stand_ins[0])  # folded away on a narrow window, like the panel
        self.built = False

    def build(self) -> None:
        """Build the real docks into the stand-ins' places (once)."""
        window = self._window
        if self.built:
            return
        self.built = True
        state, size = window.saveState(), window.size()  # where the stand-ins are now
        closed = {stand_in.objectName() for stand_in in self.stand_ins if stand_in.isHidden()}
        window.fit.forget_dock(self.stand_ins[0])  # the real one, if it can be built, next
        for stand_in in self.stand_ins:
            stand_in.setObjectName("")  # the state is for the real docks now, not for them
        from faqdesk.ui.cases.attention import connect_attention
        from faqdesk.ui.cases.dock import cases_dock
        from faqdesk.ui.compose.requests import connect_compose_requests
        from faqdesk.ui.contacts.install import connect_call_requests, install_contact_panel

        # the real docks join the stand-ins before these leave: should the window be laid
        # out meanwhile (building them delivers queued calls), its dock area stays as wide
        window.contact_panel = contacts = install_contact_panel(window)
        _hide_if(contacts, closed)  # at once: shown, it would make the window grow to fit it
        window.cases_panel = cases = cases_dock(window)  # tabbed with the contacts
        _hide_if(cases, closed)
        for stand_in in self.stand_ins:
            window.removeDockWidget(stand_in)
            stand_in.deleteLater()
        self.stand_ins = []
        compose, call = (cases.composeRequested, cases.callRequested) if cases else (None, None)
        connect_compose_requests(window, window.composeRequested, compose, window.content_dir)
        connect_call_requests(window.contact_panel, call)
        window.attention = connect_attention(
            window.contact_panel, cases, window.reader.start_page
        )
        if not window.restoreState(state):
            _log.warning("the docks could not be put back where they stood")
        for dock in (contacts, cases):
            _hide_if(dock, closed)  # (restoreState leaves a dock tabbed on its own area shown)
        if window.size() != size:  # grown meanwhile to fit a dock shown for a moment
            window.resize(size)
        window.fit.fit()
