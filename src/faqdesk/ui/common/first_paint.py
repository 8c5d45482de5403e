"""Run something once the window is on screen.

Work started on a background thread while the window is being built and painted takes
Python's interpreter lock in turns with the UI thread and delays the first paint (at
start-up, jieba's dictionary and Whoosh's import). :func:`after_first_paint` starts it just
after the widget's first paint instead; a widget that is not visible at the next turn of the
event loop (built but not shown: tests, tools) starts it then, and a shown widget that never
paints (started minimised) after :data:`LONGEST_WAIT_MS`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

#: A shown window that has not painted after this long starts the work anyway.
LONGEST_WAIT_MS = 500


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], object]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then: Callable[[], object] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(0, self._unless_visible)
        QTimer.singleShot(LONGEST_WAIT_MS, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint and self._then:
            QTimer.singleShot(0, self._run)  # after this paint is handled
        return False

    def _unless_visible(self) -> None:
        if not self._widget.isVisible():
            self._run()

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            self._widget.removeEventFilter(self)
            then()


def after_first_paint(widget: QWidget, then: Callable[[], object]) -> None:
    """Call ``then`` once, on the UI thread, right after ``widget``'s first paint."""
    _FirstPaint(widget, then)
