"""The channels of a contact in the editor: one row per channel, typed into like a spreadsheet.

The table reads its rows into the contacts file's ``channels`` list (:meth:`ChannelTable.
channel_mappings`) and checks no rule; the editor shows the core's problems with a channel
under the table, and on the cell they concern as its tool tip (:meth:`ChannelTable.mark`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from faqdesk.core.contacts.hours import HoursError, mapping_from_text
from faqdesk.core.contacts.model import Channel, ChannelKind
from faqdesk.core.problems import Problem
from faqdesk.ui.common.panel import Panel
from faqdesk.ui.contacts.channel_card import channel_icon, kind_text
from faqdesk.ui.contacts.models import hours_to_text

# Channel table columns.
COL_ID, COL_KIND, COL_VALUE, COL_LABEL, COL_HOURS, COL_REPLY = range(6)
#: The column of each field of a channel mapping (``channels[2].value`` -> COL_VALUE).
COLUMN_OF_FIELD = {
    "id": COL_ID,
    "kind": COL_KIND,
    "value": COL_VALUE,
    "label": COL_LABEL,
    "hours": COL_HOURS,
    "reply_within_hours": COL_REPLY,
}


class ChannelRow(NamedTuple):
    """What one row of the table says (stripped texts; ``kind`` is the chosen kind)."""

    id: str
    kind: str
    value: str
    label: str
    hours: str
    reply: str


class ChannelTable(Panel, QTableWidget):
    """The channel rows of the contact editor (objectName ``channelTable``)."""

    #: The user changed a cell or a kind, or a row was added or removed.
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        self.setObjectName("channelTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_LABEL, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_HOURS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_LABEL, 150)
        header.resizeSection(COL_HOURS, 110)
        self.setMinimumHeight(190)  # four rows in view, not one and a half
        self.itemChanged.connect(lambda _item: self.edited.emit())
        # A web address is shown whole, wrapped over lines, never elided to "htt…".
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        #: Channel id -> (the label shown, the labels in every language) as loaded.
        self._original_labels: dict[str, tuple[str, dict[str, str]]] = {}
        self.retranslate()

    # -- filling -------------------------------------------------------------------------------
    def set_channels(self, channels: tuple[Channel, ...]) -> None:
        """Show ``channels`` (replacing every row)."""
        blocker = self.blockSignals(True)
        self.setRowCount(0)
        self.blockSignals(blocker)
        self._original_labels.clear()
        for channel in channels:
            label = channel.label.get("zh") or channel.label.get("en") or ""
            self._original_labels[channel.id] = (label, dict(channel.label))
            self.add_channel(
                channel.id,
                channel.kind.value,
                channel.value,
                label,
                hours_to_text(channel.hours),
                "" if channel.reply_within_hours is None else f"{channel.reply_within_hours:g}",
            )

    def add_channel(
        self,
        channel_id: str = "",
        kind: str = "phone",
        value: str = "",
        label: str = "",
        hours: str = "",
        reply: str = "",
    ) -> int:
        """Append a channel row; returns its row number."""
        blocker = self.blockSignals(True)
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, COL_ID, QTableWidgetItem(channel_id))
        combo = QComboBox(self)
        combo.setObjectName(f"kindCombo-{row}")
        for member in ChannelKind:  # named in the UI language (retranslate renames them)
            combo.addItem(channel_icon(member.value), kind_text(member.value), member.value)
        combo.setCurrentIndex(max(0, combo.findData(kind)))
        combo.currentIndexChanged.connect(lambda _index: self.edited.emit())
        self.setCellWidget(row, COL_KIND, combo)
        for column, text in (
            (COL_VALUE, value),
            (COL_LABEL, label),
            (COL_HOURS, hours),
            (COL_REPLY, reply),
        ):
            self.setItem(row, column, QTableWidgetItem(text))
        self.resizeRowToContents(row)
        self.blockSignals(blocker)
        self.edited.emit()
        return row

    def set_cell(self, row: int, column: int, text: str) -> None:
        """Type into a cell (tests and keyboard users)."""
        item = self.item(row, column)
        if item is None:
            self.setItem(row, column, QTableWidgetItem(text))
        else:
            item.setText(text)

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.selectedIndexes()}, reverse=True)
        if not rows and self.currentRow() >= 0:
            rows = [self.currentRow()]
        for row in rows:
            self.removeRow(row)
        self.edited.emit()

    # -- reading -------------------------------------------------------------------------------
    def _cell(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def _kind(self, row: int) -> str:
        combo = self.cellWidget(row, COL_KIND)
        return str(combo.currentData()) if isinstance(combo, QComboBox) else "phone"

    def rows(self) -> list[ChannelRow]:
        """What every row says."""
        return [
            ChannelRow(
                self._cell(row, COL_ID),
                self._kind(row),
                self._cell(row, COL_VALUE),
                self._cell(row, COL_LABEL),
                self._cell(row, COL_HOURS),
                self._cell(row, COL_REPLY),
            )
            for row in range(self.rowCount())
        ]

    def channel_mappings(self) -> tuple[list[dict[str, Any]], list[Problem]]:
        """The rows as the contacts file's ``channels`` list, unchecked, and the cells whose
        text is not in the form the table reads (hours that are not "days hours; …")."""
        channels: list[dict[str, Any]] = []
        problems: list[Problem] = []
        for index, row in enumerate(self.rows()):
            channel_id = row.id or row.kind
            data: dict[str, Any] = {"id": channel_id, "kind": row.kind, "value": row.value}
            shown_label, original_label = self._original_labels.get(channel_id, ("", {}))
            if row.label and row.label == shown_label:
                data["label"] = original_label  # unchanged: keep both languages
            elif row.label:
                data["label"] = {"zh": row.label, "en": row.label}
            try:
                hours = mapping_from_text(row.hours)
            except HoursError as exc:
                problems.append(exc.problem("editor", f"channels[{index}].hours"))
                hours = {}
            if hours:
                data["hours"] = hours
            if row.reply:
                data["reply_within_hours"] = _number(row.reply)
            channels.append(data)
        return channels, problems

    # -- problems ------------------------------------------------------------------------------
    def mark(self, cells: Mapping[tuple[int, int], str]) -> None:
        """Put each problem on its cell as the tool tip (and clear the others)."""
        blocker = self.blockSignals(True)  # a tool tip is no edit
        for row in range(self.rowCount()):
            for column in COLUMN_OF_FIELD.values():
                item = self.item(row, column)
                if item is not None:
                    item.setToolTip(cells.get((row, column), ""))
        self.blockSignals(blocker)

    # -- text ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        headers = [
            (self.tr("Id"), self.tr("Letters, digits and '-'; empty: the kind")),
            (self.tr("Kind"), ""),
            (self.tr("Value"), self.tr("Number, handle, address or web page")),
            (self.tr("Label"), self.tr("What to call this channel, e.g. Office phone")),
            (
                self.tr("Own hours"),
                self.tr("Only if different from the contact's, e.g. mon-fri 09:00-18:00"),
            ),
            (self.tr("Reply (h)"), self.tr("Usual reply time in hours, for written channels")),
        ]
        for row in range(self.rowCount()):
            combo = self.cellWidget(row, COL_KIND)
            if isinstance(combo, QComboBox):
                for index in range(combo.count()):
                    combo.setItemText(index, kind_text(str(combo.itemData(index))))
        for column, (text, tip) in enumerate(headers):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            self.setHorizontalHeaderItem(column, item)


def _number(text: str) -> object:
    """``"48"`` -> 48, ``"1.5"`` -> 1.5; text that is no number is handed over as it is."""
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number
