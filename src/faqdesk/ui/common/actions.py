"""Window actions: one ``QAction`` with its shortcuts, icon and slot."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget


def make_action(
    parent: QWidget,
    slot: Callable[[], object],
    shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey | str] = (),
    icon: QStyle.StandardPixmap | None = None,
) -> QAction:
    """An action of ``parent`` (its shortcuts work while ``parent`` is active) that calls
    ``slot``; a standard key adds all of the platform's bindings for it, without duplicates."""
    action = QAction(parent)
    if icon is not None:
        action.setIcon(parent.style().standardIcon(icon))
    unique: dict[str, QKeySequence] = {}
    for shortcut in shortcuts:
        for sequence in (
            QKeySequence.keyBindings(shortcut)
            if isinstance(shortcut, QKeySequence.StandardKey)
            else [QKeySequence(shortcut)]
        ):
            unique.setdefault(sequence.toString(), sequence)
    if unique:
        action.setShortcuts(list(unique.values()))
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action
