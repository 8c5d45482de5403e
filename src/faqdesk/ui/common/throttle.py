"""Collapse rapid calls (keystrokes) into few calls of a function.

The first call after a quiet period runs at once, so a single keystroke gets its results
without waiting; calls arriving within ``delay_ms`` of the last run are collapsed into one
trailing call with the newest arguments. Like qutebrowser's ``misc/throttle.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal


class Throttle(QObject):
    """Call ``func`` at most once per ``delay_ms``; the last arguments always win.

    ``fired`` is emitted after each real call of ``func``.
    """

    fired = Signal()

    def __init__(
        self, func: Callable[..., Any], delay_ms: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._func = func
        self._delay_ms = delay_ms
        self._pending: tuple[Any, ...] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)

    @property
    def delay_ms(self) -> int:
        return self._delay_ms

    def is_pending(self) -> bool:
        """True while a collapsed call is waiting for its turn."""
        return self._pending is not None

    def __call__(self, *args: Any) -> None:
        if not self._timer.isActive():
            self._run(args)
            return
        self._pending = args

    def flush(self) -> None:
        """Run a pending call now."""
        if self._pending is not None:
            self._timer.stop()
            self._on_timeout()

    def cancel(self) -> None:
        """Forget a pending call (the quiet window after the last run stays)."""
        self._pending = None

    def _on_timeout(self) -> None:
        args, self._pending = self._pending, None
        if args is not None:
            self._run(args)

    def _run(self, args: tuple[Any, ...]) -> None:
        # Keep the window closed for delay_ms after this run so a burst that follows is
        # collapsed, then deliver the newest arguments of that burst.
        self._timer.start(self._delay_ms)
        self._func(*args)
        self.fired.emit()
