"""Living in the tray (issue 15): with the ``keep_in_tray`` setting on and a system tray on the
desktop, closing the window hides it to the tray icon, whose menu has Show and Quit; with the
setting off, or no tray (the offscreen platform, some desktops), closing quits as it always did.

One tray icon serves the app: the case reminders show their notifications on it too
(:func:`shared_tray`). The decision is the pure :func:`closing_hides`; :class:`TrayHome` takes
the tray's availability and the icon's maker as arguments, so tests need no real tray.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QCheckBox, QMenu, QSystemTrayIcon, QWidget

from faqdesk.core.text import render
from faqdesk.ui.common import i18n
from faqdesk.ui.common.panel import Panel

if TYPE_CHECKING:
    from faqdesk.ui.settings.store import Settings

_shared: QSystemTrayIcon | None = None


def closing_hides(keep_in_tray: bool, tray_available: bool, quitting: bool) -> bool:
    """Whether closing the window only hides it: the user wants the tray, there is one, and
    the user did not choose Quit."""
    return keep_in_tray and tray_available and not quitting


def shared_tray(icon: QIcon) -> QSystemTrayIcon:
    """The application's one tray icon (made on first use; shown by whoever needs it)."""
    global _shared
    if _shared is None:
        _shared = QSystemTrayIcon(icon, QApplication.instance())
        _shared.setToolTip("FAQDesk")
    return _shared


class TrayMenu(Panel, QMenu):
    """The tray icon's menu: Show FAQDesk, Quit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trayMenu")
        self.show_action = self.addAction("")
        self.addSeparator()
        self.quit_action = self.addAction("")
        self.retranslate()

    def retranslate(self) -> None:
        lang = i18n.language()
        self.show_action.setText(render("finish.tray.show", lang))
        self.quit_action.setText(render("finish.tray.quit", lang))


class TrayHome(QObject):
    """Hides ``window`` to the tray on close while the setting is on and a tray exists."""

    def __init__(
        self,
        window: QWidget,
        settings: Settings,
        *,
        available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
        make_tray: Callable[[QIcon], QSystemTrayIcon] = shared_tray,
        quit_app: Callable[[], object] = QApplication.quit,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._available = available
        self._make_tray = make_tray
        self._quit_app = quit_app
        self._tray: QSystemTrayIcon | None = None
        self._quitting = False
        self._told = False  # the "still running" notice is shown once per run
        self._holds_app = False  # we turned off "quit when the last window closes"
        self.menu = TrayMenu(window)
        self.menu.show_action.triggered.connect(self.show_window)
        self.menu.quit_action.triggered.connect(self.quit)
        settings.changed.connect(self._on_setting_changed)
        self.update()

    def is_live(self) -> bool:
        """Whether closing the window now hides it to the tray."""
        return closing_hides(self._settings.keep_in_tray, self._available(), self._quitting)

    def tray(self) -> QSystemTrayIcon | None:
        return self._tray

    def update(self) -> None:
        """Show the tray icon with its menu while living in the tray; hide it otherwise."""
        live = self.is_live()
        if live:
            if self._tray is None:
                self._tray = self._make_tray(self._window.windowIcon())
                self._tray.activated.connect(self._on_activated)
            self._tray.setContextMenu(self.menu)
            self._tray.show()
        elif self._tray is not None:
            self._tray.hide()
        app = QApplication.instance()
        if isinstance(app, QApplication) and live != self._holds_app:
            # A hidden window must not end the app when a last dialog closes; Quit ends it.
            app.setQuitOnLastWindowClosed(not live)
            self._holds_app = live

    def close_to_tray(self) -> bool:
        """From the window's ``closeEvent``: hide the window instead of closing it (True), or
        let it close (False: the setting is off, there is no tray, or the user chose Quit)."""
        if not self.is_live():
            return False
        self.update()
        self._window.hide()
        if not self._told and self._tray is not None:
            lang = i18n.language()
            self._tray.showMessage(
                render("finish.tray.still_running", lang),
                render("finish.tray.still_running_body", lang),
                QSystemTrayIcon.MessageIcon.Information,
                8000,
            )
            self._told = True
        return True

    def show_window(self) -> None:
        """Bring the window back from the tray."""
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()

    def quit(self) -> None:
        """Close the window for good and end the app (the tray's Quit, File → Quit)."""
        holds_app = self._holds_app
        self._quitting = True
        if not self._window.close():
            self._quitting = False
            return
        self.update()  # the icon goes away
        if holds_app:
            self._quit_app()  # a hidden window's close does not end the app by itself

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        clicked = QSystemTrayIcon.ActivationReason
        if reason in (clicked.Trigger, clicked.DoubleClick):
            if self._window.isVisible() and not self._window.isMinimized():
                self._window.hide()
            else:
                self.show_window()

    def _on_setting_changed(self, name: str) -> None:
        if name == "keep_in_tray":
            self.update()


class TrayCheckBox(Panel, QCheckBox):
    """The Settings dialog's "keep running in the tray" choice."""

    def __init__(
        self,
        checked: bool,
        parent: QWidget | None = None,
        available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("keepInTrayCheck")
        self.setChecked(checked)
        self._available = available
        self.retranslate()

    def retranslate(self) -> None:
        lang = i18n.language()
        self.setText(render("finish.settings.keep_in_tray", lang))
        self.setToolTip("" if self._available() else render("finish.settings.no_tray", lang))
