"""The verdict line pinned under the clocks: "Good time to call now: My forwarder — Phone, …".

A plain-text label (names come from users) that can be clicked, or activated with Enter or Space
when it has the focus, to show the card it names. Its left edge has the colour of the status.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from faqdesk.ui.contacts.channel_card import status_color

#: The status whose colour the line takes, by verdict kind.
_KIND_STATUS = {"call": "good", "write": "anytime", "wait": "closed", "nothing": "closed"}


class VerdictLine(QLabel):
    """``objectName`` ``callVerdict``; emits ``activated`` when clicked or on Enter."""

    activated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callVerdict")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.setContentsMargins(11, 4, 6, 4)
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self._kind = ""
        self._status = ""

    @property
    def kind(self) -> str:
        return self._kind

    def set_verdict(self, kind: str, sentence: str, status: str = "") -> None:
        """Show ``sentence``; ``kind`` is the verdict's (call, write, wait…), ``status`` the
        named channel's status (good/fair…) when it has one."""
        if self.text() != sentence:  # every minute: change only what changed
            self.setText(sentence)
            self.setAccessibleName(sentence)
        shown = status or _KIND_STATUS.get(kind, "unknown")
        if (kind, shown) != (self._kind, self._status):
            self._kind, self._status = kind, shown
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(0, 0, 5, self.height(), status_color(self._status, self.palette()))
        painter.end()
        super().paintEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
            return
        super().keyPressEvent(event)
