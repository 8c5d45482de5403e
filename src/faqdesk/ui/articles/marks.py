"""Marks in a shown article: the query's words, the checklist boxes, the heading at a place."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QTextCharFormat, QTextDocument, QTextListFormat
from PySide6.QtWidgets import QTextEdit

from faqdesk.core.scripts import CJK_RE

#: The boxes that start checklist items (from the renderer's task lists).
TASK_BOXES = ("☐", "☑")


def word_selections(
    doc: QTextDocument, words: Sequence[str], background: QColor, foreground: QColor
) -> list[QTextEdit.ExtraSelection]:
    """Every place of ``words`` in ``doc``, marked, in reading order.

    Chinese has no spaces: a Chinese word is matched inside text; words of other scripts
    only whole, so "late" does not light up inside "latest".
    """
    fmt = QTextCharFormat()
    fmt.setBackground(background)
    fmt.setForeground(foreground)
    selections: list[QTextEdit.ExtraSelection] = []
    for word in sorted({w for w in words if w.strip()}):
        flags = QTextDocument.FindFlag(0)
        if not CJK_RE.search(word):
            flags = QTextDocument.FindFlag.FindWholeWords
        cursor = doc.find(word, 0, flags)
        while not cursor.isNull():
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
            cursor = doc.find(word, cursor, flags)
    selections.sort(key=lambda selection: selection.cursor.selectionStart())
    return selections


def plain_task_lists(doc: QTextDocument) -> None:
    """Checklists already start each item with a box (☐/☑): drop the list bullet."""
    block = doc.begin()
    while block.isValid():
        text_list = block.textList()
        if text_list is not None and block.text()[:1] in TASK_BOXES:
            fmt = text_list.format()
            if fmt.style() != QTextListFormat.Style.ListStyleUndefined:
                fmt.setStyle(QTextListFormat.Style.ListStyleUndefined)
                text_list.setFormat(fmt)
        block = block.next()


def heading_anchor_at(doc: QTextDocument, y: float) -> str | None:
    """The anchor of the last heading that starts at or above ``y`` (None: none does)."""
    layout = doc.documentLayout()
    found: str | None = None
    block = doc.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            if layout.blockBoundingRect(block).top() > y:
                break
            iterator = block.begin()
            while not iterator.atEnd():
                names = iterator.fragment().charFormat().anchorNames()
                if names:
                    found = names[0]
                    break
                iterator += 1
        block = block.next()
    return found
