"""The reader has priority on small screens.

Below ``COLLAPSE_BELOW`` pixels of window width the contact dock folds away to a tool-bar
toggle and its call verdict moves to the status bar; the navigation pane gives up width until
the reader has ``READER_MIN`` pixels (or, on very small windows, all but the pane's minimum).
On the first show the focus goes to ``first_focus`` (the search box). A dock folded away
comes back on a wide window, also after a restart; one the user closed stays closed.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter, QToolBar, QWidget

from faqdesk.ui.common.labels import plain_label
from faqdesk.ui.settings.store import Settings

#: Narrower windows fold the contact dock away. 1024 px wide (a common small laptop) keeps it:
#: the call verdict under its clocks stays in view (issue 12) and the reader still gets its
#: READER_MIN once the navigation pane gives up width.
COLLAPSE_BELOW = 1000
#: The reader's preferred minimum width; the navigation pane's minimum and preferred width.
READER_MIN = 420
READER_FLOOR = 200
NAVIGATION_MIN = 160
NAVIGATION_PREFERRED = 360
_FOLDED = "contact_dock_folded"  # window-state entry: the dock was folded away by us


class WindowFit(QObject):
    """Watches the window's size and keeps the reader readable."""

    def __init__(
        self,
        window: QMainWindow,
        splitter: QSplitter,
        reader: QWidget,
        toolbar: QToolBar,
        first_focus: QWidget | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._splitter = splitter
        self._reader = reader
        self._dock: QDockWidget | None = None
        self._toolbar = toolbar
        self._folded = False
        self._first_focus = first_focus
        self._settings = settings
        navigation = splitter.widget(0)
        if navigation is not None:
            navigation.setMinimumWidth(NAVIGATION_MIN)
        reader.setMinimumWidth(READER_FLOOR)
        self.verdict_label = plain_label(window)
        self.verdict_label.setObjectName("statusVerdict")
        self.verdict_label.hide()
        window.statusBar().addWidget(self.verdict_label)
        self.dock_toggle: QAction | None = None
        window.installEventFilter(self)

    def restore_state(self) -> None:
        """The window's size, docks and splitter as the user left them."""
        settings, window = self._settings, self._window
        if settings is None:
            return
        geometry = settings.window_state("geometry")
        if geometry is not None:
            window.restoreGeometry(geometry)
        state = settings.window_state("state")
        if state is not None:
            window.restoreState(state)
        splitter = settings.window_state("splitter")
        if splitter is not None:
            self._splitter.restoreState(splitter)

    def save_state(self) -> None:
        """Remember the window's size, docks and splitter."""
        if self._settings is not None:
            self._settings.set_window_state("geometry", self._window.saveGeometry())
            self._settings.set_window_state("state", self._window.saveState())
            self._settings.set_window_state("splitter", self._splitter.saveState())

    def set_dock(self, dock: QDockWidget) -> None:
        """The contact dock to fold away on narrow windows (its toggle joins the tool bar)."""
        self._dock = dock
        # folded by us last time (not closed by the user): it comes back on a wide window
        stored = self._settings.window_state(_FOLDED) if self._settings is not None else None
        self._folded = stored is not None and bytes(stored.data()) == b"1"
        self.dock_toggle = dock.toggleViewAction()
        self._toolbar.addAction(self.dock_toggle)
        self.dock_toggle.setVisible(False)
        dock.visibilityChanged.connect(lambda _shown: self._show_verdict())

    def forget_dock(self, dock: QDockWidget) -> None:
        """``dock`` is going away (a stand-in replaced, perhaps by no dock at all): it is no
        longer folded or toggled from here."""
        if self._dock is not dock:
            return
        self._dock = None
        if self.dock_toggle is not None:
            self._toolbar.removeAction(self.dock_toggle)
            self.dock_toggle = None

    def set_verdict(self, text: str) -> None:
        """The contact panel's verdict, for the status bar while the dock is folded."""
        self.verdict_label.setText(" ".join(text.split()))
        self._show_verdict()

    def folded(self) -> bool:
        return self._folded

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.fit()
            if event.type() == QEvent.Type.Show and self._first_focus is not None:
                self._first_focus.setFocus(Qt.FocusReason.OtherFocusReason)  # the search box
                self._first_focus = None
        return False

    def fit(self) -> None:
        width = self._window.width()
        dock = self._dock
        if dock is not None:
            narrow = width < COLLAPSE_BELOW
            if narrow and not self._folded and not dock.isHidden():
                self._set_folded(True)
                dock.hide()
            elif not narrow and self._folded:
                self._set_folded(False)
                dock.show()
            if self.dock_toggle is not None:
                self.dock_toggle.setVisible(self._folded)
        self._show_verdict()
        # the splitter has its new width only once the window's layout has run
        QTimer.singleShot(0, self._give_reader_room)

    def _set_folded(self, folded: bool) -> None:
        self._folded = folded
        if self._settings is not None:
            self._settings.set_window_state(_FOLDED, QByteArray(b"1" if folded else b"0"))

    def _give_reader_room(self) -> None:
        sizes = self._splitter.sizes()
        if len(sizes) < 2:
            return
        total = sum(sizes)
        if total <= 0:
            return
        want = min(READER_MIN, max(READER_FLOOR, total - NAVIGATION_MIN))
        if sizes[1] < want:
            navigation = max(NAVIGATION_MIN, min(NAVIGATION_PREFERRED, total - want))
            self._splitter.setSizes([navigation, total - navigation])

    def _show_verdict(self) -> None:
        dock_hidden = self._dock is not None and not self._dock.isVisible()
        self.verdict_label.setVisible(dock_hidden and bool(self.verdict_label.text()))
