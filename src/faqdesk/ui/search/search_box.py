"""The search box in the tool bar (objectName ``searchBox``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from faqdesk.ui.common.panel import Panel


class SearchBox(Panel, QLineEdit):
    """Esc clears, Down / Enter hand over to the results (``moveDown`` / ``accepted``).

    Until the search index is ready the placeholder says so (``set_ready``).
    """

    moveDown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(280)
        self.setMaximumWidth(640)
        self._ready = False
        self._unavailable = False
        self.retranslate()

    def set_ready(self, ready: bool) -> None:
        self._ready = ready
        self._unavailable = False
        self.retranslate()

    def set_unavailable(self) -> None:
        """The index could not be opened: say so instead of "preparing" forever."""
        self._ready = False
        self._unavailable = True
        self.retranslate()

    def retranslate(self) -> None:
        if self._ready:
            self.setPlaceholderText(self.tr("Search articles (Ctrl+K)"))
        elif self._unavailable:
            self.setPlaceholderText(self.tr("Search is not available"))
        else:
            self.setPlaceholderText(self.tr("Preparing search…"))
        self.setToolTip(self.tr("Type a few words in Chinese, English or Russian"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if event.key() == Qt.Key.Key_Down:
            self.moveDown.emit()
            return
        super().keyPressEvent(event)
