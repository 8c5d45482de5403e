"""The channels of a contact in the editor: one small form per channel (issue 12).

Each channel is a frame: its kind (named in the UI language) and its value on the first line, the
value field as wide as the dialog so a web address is never cut to "htt…"; its label, own hours
and reply time on the second; its id (under the editor's "Advanced") on the third. The rows are
read into the contacts file's ``channels`` list (:meth:`ChannelTable.channel_mappings`); no rule
is checked here: the editor shows the core's problems under the channels, and on the field they
concern as its tool tip (:meth:`ChannelTable.mark`). The "table" keeps the row-and-column API the
editor and its tests use (``item(row, column)``, ``set_cell``, ``selectRow``, ``rowCount``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core.contacts.hours import HoursError, mapping_from_text
from faqdesk.core.contacts.model import Channel, ChannelKind
from faqdesk.core.problems import Problem
from faqdesk.ui.common.labels import plain_tooltip
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


class _Form(QFrame):
    """The fields of one channel."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.kind = QComboBox(self)
        for member in ChannelKind:  # named in the UI language (retranslate renames them)
            self.kind.addItem(channel_icon(member.value), kind_text(member.value), member.value)
        self.edits = {column: QLineEdit(self) for column in COLUMN_OF_FIELD.values()
                      if column != COL_KIND}  # fmt: skip
        self.remove = QPushButton("✕", self)
        self.remove.setAutoDefault(False)
        self.remove.setFixedWidth(32)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        grid.addWidget(self.kind, 0, 0)
        grid.addWidget(self.edits[COL_VALUE], 0, 1, 1, 2)
        grid.addWidget(self.remove, 0, 3)
        grid.addWidget(self.edits[COL_LABEL], 1, 0, 1, 2)
        grid.addWidget(self.edits[COL_HOURS], 1, 2)
        grid.addWidget(self.edits[COL_REPLY], 1, 3)
        grid.addWidget(self.edits[COL_ID], 2, 0, 1, 2)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 1)
        self.edits[COL_REPLY].setFixedWidth(72)


class ChannelTable(Panel, QWidget):
    """The channel forms of the contact editor (objectName ``channelTable``)."""

    #: The user changed a field or a kind, or a channel was added or removed.
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("channelTable")
        self._forms: list[_Form] = []
        self._current = -1
        self._ids_hidden = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        #: Channel id -> (the label shown, the labels in every language) as loaded.
        self._original_labels: dict[str, tuple[str, dict[str, str]]] = {}
        self.retranslate()

    # -- the row-and-column view ---------------------------------------------------------------
    def rowCount(self) -> int:
        return len(self._forms)

    def item(self, row: int, column: int) -> QLineEdit | None:
        """The field of ``row`` for ``column`` (None for the kind, which is a combo box)."""
        if not 0 <= row < len(self._forms):
            return None
        return self._forms[row].edits.get(column)

    def cellWidget(self, row: int, column: int) -> QWidget | None:
        if not 0 <= row < len(self._forms):
            return None
        return self._forms[row].kind if column == COL_KIND else self._forms[row].edits.get(column)

    def selectRow(self, row: int) -> None:
        self._current = row

    def setColumnHidden(self, column: int, hidden: bool) -> None:
        """Hide a field in every channel (the editor hides the ids unless "Advanced")."""
        if column == COL_ID:
            self._ids_hidden = hidden
        for form in self._forms:
            widget = form.edits.get(column)
            if widget is not None:
                widget.setHidden(hidden)

    def isColumnHidden(self, column: int) -> bool:
        return column == COL_ID and self._ids_hidden

    # -- filling -------------------------------------------------------------------------------
    def set_channels(self, channels: tuple[Channel, ...]) -> None:
        """Show ``channels`` (replacing every form)."""
        blocker = self.blockSignals(True)
        while self._forms:
            self._drop(len(self._forms) - 1)
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
        """Append a channel; returns its row number."""
        form = _Form(self)
        form.setObjectName(f"channelForm-{len(self._forms)}")
        form.kind.setObjectName(f"kindCombo-{len(self._forms)}")
        form.kind.setCurrentIndex(max(0, form.kind.findData(kind)))
        for column, text in ((COL_ID, channel_id), (COL_VALUE, value), (COL_LABEL, label),
                             (COL_HOURS, hours), (COL_REPLY, reply)):  # fmt: skip
            form.edits[column].setText(text)
            form.edits[column].textChanged.connect(lambda _text: self.edited.emit())
            form.edits[column].textEdited.connect(lambda _text, f=form: self._focus(f))
        form.edits[COL_ID].setHidden(self._ids_hidden)
        form.kind.currentIndexChanged.connect(lambda _index: self.edited.emit())
        form.remove.clicked.connect(lambda _checked=False, f=form: self._remove(f))
        self._forms.append(form)
        self._layout.addWidget(form)
        self._retranslate_form(form)
        self._current = len(self._forms) - 1
        self.edited.emit()
        return len(self._forms) - 1

    def set_cell(self, row: int, column: int, text: str) -> None:
        """Type into a field (tests and keyboard users)."""
        field = self.item(row, column)
        if field is not None:
            field.setText(text)

    def _focus(self, form: _Form) -> None:
        self._current = self._forms.index(form) if form in self._forms else -1

    def _remove(self, form: _Form) -> None:
        if form in self._forms:
            self._drop(self._forms.index(form))
            self.edited.emit()

    def _drop(self, row: int) -> None:
        form = self._forms.pop(row)
        self._layout.removeWidget(form)
        form.deleteLater()
        for index, rest in enumerate(self._forms):
            rest.setObjectName(f"channelForm-{index}")
            rest.kind.setObjectName(f"kindCombo-{index}")

    def remove_selected(self) -> None:
        """Remove the channel last selected or typed in (the last one when none was)."""
        row = self._current if 0 <= self._current < len(self._forms) else len(self._forms) - 1
        if row >= 0:
            self._drop(row)
            self._current = -1
        self.edited.emit()

    # -- reading -------------------------------------------------------------------------------
    def _cell(self, row: int, column: int) -> str:
        field = self.item(row, column)
        return field.text().strip() if field is not None else ""

    def _kind(self, row: int) -> str:
        return str(self._forms[row].kind.currentData())

    def rows(self) -> list[ChannelRow]:
        """What every channel says."""
        return [
            ChannelRow(
                self._cell(row, COL_ID),
                self._kind(row),
                self._cell(row, COL_VALUE),
                self._cell(row, COL_LABEL),
                self._cell(row, COL_HOURS),
                self._cell(row, COL_REPLY),
            )
            for row in range(len(self._forms))
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
        """Put each problem on its field as the tool tip, framed in red (and clear the others)."""
        for row, form in enumerate(self._forms):
            for column, field in form.edits.items():
                tip = cells.get((row, column), "")
                wanted = plain_tooltip(tip or self._tips.get(column, ""))  # quotes what was typed
                if field.toolTip() != wanted:
                    field.setToolTip(wanted)
                sheet = "QLineEdit { border: 1px solid #c62828; }" if tip else ""
                if field.styleSheet() != sheet:
                    field.setStyleSheet(sheet)

    # -- text ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._captions = {
            COL_ID: self.tr("Id"),
            COL_VALUE: self.tr("Value"),
            COL_LABEL: self.tr("Label"),
            COL_HOURS: self.tr("Own hours"),
            COL_REPLY: self.tr("Reply (h)"),
        }
        self._tips = {
            COL_ID: self.tr("Letters, digits and '-'; empty: the kind"),
            COL_VALUE: self.tr("Number, handle, address or web page"),
            COL_LABEL: self.tr("What to call this channel, e.g. Office phone"),
            COL_HOURS: self.tr("Only if different from the contact's, e.g. mon-fri 09:00-18:00"),
            COL_REPLY: self.tr("Usual reply time in hours, for written channels"),
        }
        self.setToolTip(self.tr("Kind"))
        for form in self._forms:
            self._retranslate_form(form)

    def _retranslate_form(self, form: _Form) -> None:
        for index in range(form.kind.count()):
            form.kind.setItemText(index, kind_text(str(form.kind.itemData(index))))
        for column, field in form.edits.items():
            caption, tip = self._captions[column], self._tips[column]
            narrow = column in (COL_HOURS, COL_REPLY)  # the tool tip says the rest
            field.setPlaceholderText(caption if narrow else f"{caption}: {tip}")
            if not field.styleSheet():
                field.setToolTip(self._tips[column])


def _number(text: str) -> object:
    """``"48"`` -> 48, ``"1.5"`` -> 1.5; text that is no number is handed over as it is."""
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number
