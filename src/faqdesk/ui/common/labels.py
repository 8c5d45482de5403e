"""Labels that show data as text."""

from __future__ import annotations

import html

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(parent: QWidget | None = None) -> QLabel:
    """A label that shows its text as it is. Names, notes, phone numbers and messages come from
    users, vCards and files: ``<img src=file:///…>`` or ``<h1>`` in them must stay text (a
    QLabel guesses rich text from the first tag it sees)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as it is. Qt renders a tooltip as rich text whenever it
    looks like HTML, so a title or summary holding ``<img src=file:///…>`` would load a local
    file: such text is escaped (and wrapped so Qt still takes it for rich text)."""
    if not QtGui.Qt.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"
