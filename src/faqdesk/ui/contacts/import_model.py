"""The Qt model of an import preview: one row per card of the file, what importing it does,
the zone it gets and why, and what was wrong with it; a check box on the rows that write.

Rows that add or replace a contact start checked; cards already present, repeated in the file
or unusable have no check box (there is nothing to import). All text is plain (a name from a
card may hold ``<img …>``: the view shows it as text).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from faqdesk.core.contacts.importing import ImportPlan, Outcome, PlanItem, where_text
from faqdesk.core.text import render
from faqdesk.ui.common.labels import plain_tooltip

COLUMNS = ("name", "outcome", "zone", "problems")
_Index = QModelIndex | QPersistentModelIndex


def outcome_text(item: PlanItem, lang: str) -> str:
    """ "Added", "Already present (as anna)", "Replaces ozon-seller-support" …"""
    return render(f"import.ui.outcome.{item.outcome.value}", lang, other=item.other_id)


class ImportPlanModel(QAbstractTableModel):
    """The rows of an :class:`~faqdesk.core.contacts.importing.ImportPlan`."""

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lang = lang
        self._plan = ImportPlan("")
        self._checked: list[bool] = []

    # -- content -----------------------------------------------------------------------------
    def set_plan(self, plan: ImportPlan) -> None:
        self.beginResetModel()
        self._plan = plan
        self._checked = [item.writes for item in plan.items]
        self.endResetModel()

    def plan(self) -> ImportPlan:
        return self._plan

    def chosen(self) -> list[int]:
        """The indexes of the checked rows (the cards to import)."""
        return [row for row, checked in enumerate(self._checked) if checked]

    def set_all_checked(self, checked: bool) -> None:
        for row, item in enumerate(self._plan.items):
            if item.writes:
                self._checked[row] = checked
        if self._checked:
            top, bottom = self.index(0, 0), self.index(len(self._checked) - 1, 0)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.CheckStateRole])

    def set_language(self, lang: str) -> None:
        self._lang = lang
        if self._plan.items:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._plan.items) - 1, len(COLUMNS) - 1)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    # -- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._plan.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if 0 <= section < len(COLUMNS):
            return render(f"import.ui.column.{COLUMNS[section]}", self._lang)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self._plan.items[index.row()].writes:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._plan.items):
            return None
        item = self._plan.items[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and column == "name" and item.writes:
            checked = self._checked[index.row()]
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in ("problems", "zone"):
            return plain_tooltip(self._text(item, column, full=True))  # the file's own text
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        if not self._plan.items[index.row()].writes:
            return False
        state = value.value if hasattr(value, "value") else value
        self._checked[index.row()] = state == Qt.CheckState.Checked.value
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def _text(self, item: PlanItem, column: str, full: bool = False) -> str:
        lang = self._lang
        if column == "name":
            return item.name(lang) or where_text(item.where, lang)
        if column == "outcome":
            return outcome_text(item, lang)
        if column == "zone":
            if item.zone is None or item.outcome is Outcome.UNUSABLE:
                return ""
            return item.zone.phrase().render(lang)
        sentences = [problem.render(lang) for problem in item.problems]
        if full:
            return "\n".join(sentences)
        return (
            sentences[0] + (f" (+{len(sentences) - 1})" if len(sentences) > 1 else "")
            if (sentences)
            else ""
        )
