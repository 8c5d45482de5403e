"""Labels that show data as text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(parent: QWidget | None = None) -> QLabel:
    """A label that shows its text as it is. Names, notes, phone numbers and messages come from
    users, vCards and files: ``<img src=file:///…>`` or ``<h1>`` in them must stay text (a
    QLabel guesses rich text from the first tag it sees)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
