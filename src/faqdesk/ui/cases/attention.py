"""Overdue cases come first (issue 15): a line above the contact dock's call verdict and the
first words of the start page's verdict line name the overdue cases and their next step.
Clicking the dock's line shows the Cases pane with the most urgent case chosen."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Qt, SignalInstance
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from faqdesk.ui.cases.panel import CasesPanel


class _VerdictSource(Protocol):
    @property
    def verdictChanged(self) -> SignalInstance: ...

    @property
    def verdict_label(self) -> QLabel: ...

    def verdict(self) -> object | None: ...


class _StartPage(Protocol):
    def set_verdict(self, text: str) -> None: ...


class AttentionLine(QLabel):
    """``objectName`` ``casesAttention``: plain text, hidden while nothing is overdue."""

    def __init__(self, cases: CasesPanel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("casesAttention")
        self.setTextFormat(Qt.TextFormat.PlainText)  # case titles are the user's text
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet("QLabel { color: palette(highlighted-text);"
                           " background: #b3261e; padding: 4px 6px; border-radius: 3px; }")
        self._cases = cases
        self.hide()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._cases.show()
            self._cases.raise_()
            first = self._cases.model.row_at(0)
            if first is not None:
                self._cases.select_case(first.case.id)
        super().mousePressEvent(event)


class Attention(QObject):
    """Keeps the attention line and the start page's verdict up to date."""

    def __init__(
        self, contacts: _VerdictSource | None, cases: CasesPanel | None, start: _StartPage
    ) -> None:
        super().__init__(cases)
        self._cases, self._start, self._verdict = cases, start, ""
        self.line: AttentionLine | None = None
        if contacts is not None:
            if contacts.verdict() is not None:  # already said before we listened
                self._verdict = contacts.verdict_label.text()
            contacts.verdictChanged.connect(self._on_verdict)
            if cases is not None:
                self.line = _insert_above(contacts.verdict_label, AttentionLine(cases))
        if cases is not None:
            cases.casesChanged.connect(self.update)
        self.update()

    def text(self) -> str:
        return self._cases.attention() if self._cases is not None else ""

    def _on_verdict(self, sentence: str) -> None:
        self._verdict = sentence
        self.update()

    def update(self) -> None:
        attention = self.text()
        if self.line is not None:
            self.line.setText(attention)
            self.line.setVisible(bool(attention))
        self._start.set_verdict("\n".join(part for part in (attention, self._verdict) if part))


def _insert_above(anchor: QWidget, line: AttentionLine) -> AttentionLine | None:
    parent = anchor.parentWidget()
    layout = parent.layout() if parent is not None else None
    if not isinstance(layout, QBoxLayout):
        return None
    line.setParent(parent)
    layout.insertWidget(layout.indexOf(anchor), line)
    return line


def connect_attention(
    contacts: _VerdictSource | None, cases: CasesPanel | None, start: _StartPage
) -> Attention:
    """Wire the overdue-cases line of the window (kept alive by the cases pane)."""
    return Attention(contacts, cases, start)
