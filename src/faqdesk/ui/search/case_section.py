"""The cases matching the search box, in their own section above the article results.

A caption ("工单（2）" / "Cases (2)") and two lines per case: its id and numbers, then its
badge and title. The rows
are plain text (a title is user data); activating one emits ``caseActivated(case_id)``. With
no case matching, the section is hidden and the article results behave as without it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from faqdesk.ui.common.labels import plain_label, plain_tooltip

CASE_ID_ROLE = Qt.ItemDataRole.UserRole
#: At most this many rows are tall; more scroll.
VISIBLE_ROWS = 4


@dataclass(frozen=True)
class CaseHit:
    """One row: what the section shows for one case."""

    case_id: str
    numbers: str  # the id and the numbers: ``C-0002  87654321-0002-1  LP42``
    title: str  # plain text, as the user wrote it
    badge: str  # the next-step badge (or the status) in the UI language


class _CaseList(QListWidget):
    """Enter activates the current row (a click too); Up on the first row or Esc leaves up
    (to the search box), Down on the last row leaves down (to the article results)."""

    activatedRow = Signal(QListWidgetItem)
    leaveUp = Signal()
    leaveDown = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        key = event.key()
        row = self.currentRow()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            self.activatedRow.emit(item)
        elif key == Qt.Key.Key_Escape or (key == Qt.Key.Key_Up and row <= 0):
            self.leaveUp.emit()
        elif key == Qt.Key.Key_Down and row >= self.count() - 1:
            self.leaveDown.emit()
        else:
            super().keyPressEvent(event)


class CaseSection(QWidget):
    """Hidden until :meth:`show_cases` gets rows; :meth:`clear` hides it again."""

    caseActivated = Signal(str)
    leaveUp = Signal()
    leaveDown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseSection")
        self.caption = plain_label(self)
        self.caption.setObjectName("caseSectionCaption")
        font = self.caption.font()
        font.setBold(True)
        self.caption.setFont(font)
        self.list = _CaseList(self)
        self.list.setObjectName("caseResults")
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemClicked.connect(self._activate)
        self.list.activatedRow.connect(self._activate)
        self.list.leaveUp.connect(self.leaveUp)
        self.list.leaveDown.connect(self.leaveDown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.caption)
        layout.addWidget(self.list)
        self.query = ""
        self.hide()

    def show_cases(self, query: str, header: str, hits: Sequence[CaseHit]) -> None:
        """List ``hits`` (found for ``query``) under ``header``; none: hide the section."""
        self.query = query
        self.list.clear()
        for hit in hits:
            second = f"[{hit.badge}]  {hit.title}" if hit.badge else hit.title
            line = f"{hit.numbers}\n{second}" if second else hit.numbers
            item = QListWidgetItem(line, self.list)
            item.setData(CASE_ID_ROLE, hit.case_id)
            item.setToolTip(plain_tooltip(line.replace("\n", "  ")))
        if not hits:
            self.hide()
            return
        self.caption.setText(header)
        rows = min(len(hits), VISIBLE_ROWS)
        height = rows * self.list.sizeHintForRow(0) + 2 * self.list.frameWidth() + 2
        self.list.setFixedHeight(height)
        self.show()

    def focus_first(self) -> None:
        """Give the list the focus on its first row (Down from the box, no article found)."""
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        self.list.setCurrentRow(0)

    def focus_last(self) -> None:
        """Give the list the focus on its last row (Up from the first article result)."""
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        self.list.setCurrentRow(self.list.count() - 1)

    def clear(self) -> None:
        self.show_cases("", "", [])

    def case_ids(self) -> list[str]:
        """The ids listed, top first ([] when hidden)."""
        return [str(self.list.item(row).data(CASE_ID_ROLE)) for row in range(self.list.count())]

    def _activate(self, item: QListWidgetItem) -> None:
        case_id = item.data(CASE_ID_ROLE)
        if case_id:
            self.caseActivated.emit(str(case_id))
