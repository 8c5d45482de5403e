"""Keyboard ways around the window (issue 12): F6 / Shift+F6 move the focus through the big
parts (search → results → reader → contacts), Ctrl+Shift+C jumps to the card the verdict names.

The main window calls :func:`install` once with its parts; nothing here knows the window's class.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

#: The keys (also shown in the verdict line's tooltip).
NEXT_PART = "F6"
PREVIOUS_PART = "Shift+F6"
VERDICT_CARD = "Ctrl+Shift+C"

Parts = Callable[[], Sequence[QWidget | None]]


def _contains(part: QWidget, widget: QWidget | None) -> bool:
    while widget is not None:
        if widget is part:
            return True
        widget = widget.parentWidget()
    return False


def _focus_target(part: QWidget) -> QWidget | None:
    """The widget that takes the focus for ``part``: its focus proxy, itself, or its first
    child that accepts the focus."""
    proxy = part.focusProxy() or part
    if proxy.focusPolicy() != Qt.FocusPolicy.NoFocus and proxy.isEnabled():
        return proxy
    widget = proxy.nextInFocusChain()
    for _ in range(500):
        if widget is None or widget is proxy:
            return None
        if (
            _contains(part, widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None


def cycle_focus(parts: Sequence[QWidget | None], step: int = 1) -> QWidget | None:
    """Give the focus to the next (``step`` 1) or previous (-1) visible part after the one that
    has it; returns the widget that got it."""
    shown = [part for part in parts if part is not None and part.isVisible()]
    if not shown:
        return None
    focused = QApplication.focusWidget() or shown[0].window().focusWidget()
    current = next((i for i, part in enumerate(shown) if _contains(part, focused)), None)
    start = -1 if current is None and step > 0 else (0 if current is None else current)
    for offset in range(1, len(shown) + 1):
        part = shown[(start + step * offset) % len(shown)]
        target = _focus_target(part)
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return target
    return None


def install(
    window: QWidget, parts: Parts, show_verdict_card: Callable[[], object]
) -> list[QShortcut]:
    """F6, Shift+F6 and Ctrl+Shift+C on ``window``. ``parts`` gives the parts in focus order
    (None for a part the window does not have); ``show_verdict_card`` is the contact panel's."""
    made: list[QShortcut] = []
    for keys, step in ((NEXT_PART, 1), (PREVIOUS_PART, -1)):
        shortcut = QShortcut(QKeySequence(keys), window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda step=step: cycle_focus(parts(), step))
        made.append(shortcut)
    verdict = QShortcut(QKeySequence(VERDICT_CARD), window)
    verdict.setContext(Qt.ShortcutContext.WindowShortcut)
    verdict.activated.connect(show_verdict_card)
    # The reader's "copy link" action had these keys first; issue 12 gives them to the verdict.
    verdict.activatedAmbiguously.connect(show_verdict_card)
    made.append(verdict)
    return made
