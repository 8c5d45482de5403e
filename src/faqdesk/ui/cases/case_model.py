"""The cases as a Qt list model, and the delegate that paints a row: badge, numbers, title and
the next step sentence (plain text: titles come from the user)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from faqdesk.core import text
from faqdesk.core.cases.model import Case
from faqdesk.core.cases.next_step import Badge, NextStep, badge
from faqdesk.ui.common.labels import plain_tooltip

CASE_ID_ROLE = Qt.ItemDataRole.UserRole
BADGE_ROLE = Qt.ItemDataRole.UserRole + 1
BADGE_TEXT_ROLE = Qt.ItemDataRole.UserRole + 2
STEP_TEXT_ROLE = Qt.ItemDataRole.UserRole + 3

#: Badge colours (background); the text on them is white.
BADGE_COLORS = {
    Badge.CALL_NOW: "#1e8e3e",
    Badge.OVERDUE: "#c5221f",
    Badge.WAITING: "#5f6b7a",
    Badge.ANSWERED: "#1a73e8",
    Badge.CLOSED: "#9aa0a6",
}


@dataclass(frozen=True)
class CaseRow:
    """One row: a case and its next step at the panel's ``now``."""

    case: Case
    step: NextStep

    @property
    def badge(self) -> Badge:
        return badge(self.case, self.step)

    def headline(self) -> str:
        """``C-0001  12345678-0001-1  丢件`` (id, the posting or order, a tracking number,
        the title)."""
        return headline(self.case)


def headline(case: Case) -> str:
    """How a case is named in one line: id, posting (else order), first tracking, title."""
    parts = [case.id, case.posting or case.order, *case.tracking[:1], case.title]
    return "  ".join(part for part in parts if part)


def describe(case: Case, lang: str) -> str:
    """The case's details in two lines: id, status, numbers, title; whom and which ticket."""
    return text.render(
        "cases.ui.details",
        lang,
        id=case.id,
        status=text.render(f"cases.status.{case.status.value}", lang),
        numbers="  ".join(case.numbers()) or "-",
        title=case.title or "-",
        contact=case.contact,
        channel=case.channel,
        ticket=case.ticket or "-",
    )


class CaseListModel(QAbstractListModel):
    """The cases in the order shown, with their next steps (a mapping that may work each one
    out when first asked, see :class:`~faqdesk.core.cases.next_step.StepsAt`); rows and
    sentences are made when a row is shown, so 10,000 cases load fast. ``built`` holds the
    rows whose display data was made since the cases were set."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cases: list[Case] = []
        self._total = 0
        self._steps: Mapping[str, NextStep] = {}
        self._sentences: dict[int, str] = {}
        self.built: set[int] = set()
        self.lang = "en"
        self.caller_tz: str | None = None

    def set_cases(
        self, cases: Sequence[Case], steps: Mapping[str, NextStep], total: int = 0
    ) -> None:
        """Show ``cases``; with ``total`` more rows than that, the others (still being read)
        are blank."""
        self.beginResetModel()
        self._cases = list(cases)
        self._total = max(total, len(self._cases))
        self._steps = steps
        self._sentences = {}
        self.built = set()
        self.endResetModel()

    def update_steps(self, cases: Sequence[Case], steps: Mapping[str, NextStep]) -> bool:
        """When ``cases`` are the rows shown, in the same order, take their new state and
        steps without a reset (the view keeps its scroll position and selection); else
        False."""
        if len(cases) != self._total or any(
            new.id != old.id for new, old in zip(cases, self._cases, strict=False)
        ):
            return False
        self._cases, self._steps = list(cases), steps
        self._sentences, self.built = {}, set()
        if self._total:
            self.dataChanged.emit(self.index(0), self.index(self._total - 1))
        return True

    def steps_worked_out(self) -> int:
        """How many of the shown cases' next steps were worked out so far."""
        return int(getattr(self._steps, "worked_out", len(self._steps)))

    def cases(self) -> Sequence[Case]:
        """The cases in the order shown (their next steps are not worked out)."""
        return self._cases

    def set_rows(self, rows: Sequence[CaseRow]) -> None:
        """Show exactly ``rows``."""
        self.set_cases([row.case for row in rows], {row.case.id: row.step for row in rows})

    def set_language(self, lang: str, caller_tz: str | None) -> None:
        self.lang, self.caller_tz = lang, caller_tz
        self._sentences = {}
        if self._total:
            self.dataChanged.emit(self.index(0), self.index(self._total - 1))

    def row_at(self, row: int) -> CaseRow | None:
        if not 0 <= row < len(self._cases):
            return None
        case = self._cases[row]
        return CaseRow(case, self._steps[case.id])

    def rows(self) -> list[CaseRow]:
        return [CaseRow(case, self._steps[case.id]) for case in self._cases]

    def row_of(self, case_id: str) -> int:
        """The row showing ``case_id``, or -1."""
        return next((i for i, case in enumerate(self._cases) if case.id == case_id), -1)

    def sentence(self, row: int) -> str:
        cached = self._sentences.get(row)
        if cached is None:
            case = self._cases[row]
            cached = self._steps[case.id].reason(self.lang, self.caller_tz)
            self._sentences[row] = cached
        return cached

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cases):
            return None
        if role == CASE_ID_ROLE:
            return self._cases[index.row()].id
        if role not in _SHOWN_ROLES:
            return None
        self.built.add(index.row())
        row = CaseRow(self._cases[index.row()], self._steps[self._cases[index.row()].id])
        if role == Qt.ItemDataRole.DisplayRole:
            return row.headline()
        if role == BADGE_ROLE:
            return row.badge.value
        if role == BADGE_TEXT_ROLE:
            return text.render(f"cases.badge.{row.badge.value}", self.lang)
        if role == STEP_TEXT_ROLE:
            return self.sentence(index.row())
        if role == Qt.ItemDataRole.ToolTipRole:  # names contacts and cases: never HTML
            return plain_tooltip(self.sentence(index.row()))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            badge_text = text.render(f"cases.badge.{row.badge.value}", self.lang)
            return f"{badge_text}. {row.headline()}. {self.sentence(index.row())}"
        return None


#: The roles whose answer is made from the case and its next step.
_SHOWN_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        BADGE_ROLE,
        BADGE_TEXT_ROLE,
        STEP_TEXT_ROLE,
    }
)

_PAD = 6


class CaseDelegate(QStyledItemDelegate):
    """Two lines per case: a coloured badge and the headline, then the next step."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        widget = option.widget
        bare = QStyleOptionViewItem(option)
        bare.text = ""
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, bare, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = palette.color(role)
        metrics = option.fontMetrics
        line = metrics.height()
        rect = option.rect.adjusted(_PAD, _PAD, -_PAD, -_PAD)
        painter.save()
        badge_text = str(index.data(BADGE_TEXT_ROLE) or "")
        badge_width = metrics.horizontalAdvance(badge_text) + 2 * _PAD
        badge_rect = QRect(rect.left(), rect.top(), badge_width, line)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        key = Badge(str(index.data(BADGE_ROLE) or Badge.WAITING.value))
        painter.setBrush(QColor(BADGE_COLORS[key]))
        if badge_text:  # a row still being read is blank
            painter.drawRoundedRect(badge_rect, 4, 4)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, badge_text)
        painter.setPen(color)
        head_rect = QRect(badge_rect.right() + _PAD, rect.top(), rect.width() - badge_width, line)
        headline = metrics.elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            Qt.TextElideMode.ElideRight,
            head_rect.width(),
        )
        painter.drawText(head_rect, Qt.AlignmentFlag.AlignVCenter, headline)
        step_rect = QRect(rect.left(), rect.top() + line + 2, rect.width(), line)
        sentence = metrics.elidedText(
            str(index.data(STEP_TEXT_ROLE) or ""), Qt.TextElideMode.ElideRight, step_rect.width()
        )
        painter.drawText(step_rect, Qt.AlignmentFlag.AlignVCenter, sentence)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = option.fontMetrics.height()
        return QSize(320, 2 * line + 2 + 2 * _PAD)
