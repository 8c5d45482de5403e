"""The contact editor dialog: add, edit or delete a contact and its channels.

Every field is checked as the user types; a problem is shown in a label right under the field
(hours errors use the message of :class:`faqdesk.core.contacts.hours.HoursError`), OK stays disabled
while anything is wrong, and the dialog never closes on invalid data. Saving goes through
:meth:`faqdesk.core.contacts.book.ContactBook.save`; when the book cannot be written the dialog
says so and keeps what the user typed.

The save passes the stamp of the contact the dialog was opened with, so an edit made meanwhile
elsewhere (another window, ``faqdesk contacts edit``) is never silently overwritten: the dialog
stays open with what the user typed and offers to reload the contact or overwrite it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core.contacts.book import (
    ContactBook,
    ContactBookError,
    ContactConflict,
    contact_stamp,
)
from faqdesk.core.contacts.hours import HoursError, WeeklyHours, parse_intervals
from faqdesk.core.contacts.model import (
    CALENDARS,
    DEFAULT_MARGIN_MINUTES,
    DEFAULT_TZ,
    ID_RE,
    ChannelKind,
    Contact,
    contact_from_mapping,
    contact_to_mapping,
    is_valid_zone,
    zone_names,
)
from faqdesk.core.log import get_logger
from faqdesk.ui.common.panel import Panel
from faqdesk.ui.common.zone_combo import ZoneComboBox
from faqdesk.ui.contacts.channel_card import channel_icon
from faqdesk.ui.contacts.models import hours_from_text, hours_to_text

log = get_logger("ui.contact_editor")

#: The hours fields of the form, in order; "other" takes any further keys ("fri 09:00-17:00").
HOURS_FIELDS = ("mon-fri", "sat", "sun", "breaks", "other")

# Channel table columns.
COL_ID, COL_KIND, COL_VALUE, COL_LABEL, COL_HOURS, COL_REPLY = range(6)


def _split_hours(hours: WeeklyHours | None) -> dict[str, str]:
    """The form's field texts for ``hours`` (canonical mapping spread over the fields)."""
    texts = dict.fromkeys(HOURS_FIELDS, "")
    if hours is None:
        return texts
    other: list[str] = []
    for key, value in hours.to_mapping().items():
        if key == "daily":
            texts["mon-fri"] = texts["sat"] = texts["sun"] = value
        elif key == "sat-sun":
            texts["sat"] = texts["sun"] = value
        elif key in texts and key != "other":
            texts[key] = value
        else:
            other.append(f"{key} {value}")
    texts["other"] = "; ".join(other)
    return texts


class ErrorLabel(QLabel):
    """A small red message under a field; hidden when empty."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setStyleSheet("color: #c62828;")
        self.setVisible(False)

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class ContactEditor(Panel, QDialog):
    """Add or edit one contact. Emits ``saved(id)`` or ``deleted(id)`` after the book changed."""

    saved = Signal(str)
    deleted = Signal(str)

    def __init__(
        self,
        book: ContactBook,
        contact: Contact | None = None,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        """``today`` (from the app's clock) is offered as the check date of a new contact."""
        super().__init__(parent)
        self.setObjectName("contactEditor")
        self._today = today
        self.setModal(True)
        self._book = book
        self._original = contact
        #: The stamp of the contact this edit started from; the save only replaces that.
        self._expected = contact_stamp(contact)
        #: The stamp seen when a save found the contact changed ("overwrite" replaces that).
        self._conflict_stamp: str | None = None
        self._original_labels: dict[str, tuple[str, dict[str, str]]] = {}

        # -- contact fields --------------------------------------------------------------------
        self.id_edit = QLineEdit(self)
        self.id_edit.setObjectName("idEdit")
        self.id_error = ErrorLabel("idError", self)
        self.name_zh_edit = QLineEdit(self)
        self.name_zh_edit.setObjectName("nameZhEdit")
        self.name_en_edit = QLineEdit(self)
        self.name_en_edit.setObjectName("nameEnEdit")
        self.name_error = ErrorLabel("nameError", self)
        self.tz_combo = ZoneComboBox(zone_names(), "tzCombo", self)
        self.tz_error = ErrorLabel("tzError", self)
        self.calendar_combo = QComboBox(self)
        self.calendar_combo.setObjectName("calendarCombo")
        for calendar in CALENDARS:
            self.calendar_combo.addItem("", calendar)
        self.margin_spin = QSpinBox(self)
        self.margin_spin.setObjectName("marginSpin")
        self.margin_spin.setRange(0, 240)
        self.margin_spin.setSingleStep(5)
        self.hours_edits: dict[str, QLineEdit] = {}
        self.hours_errors: dict[str, ErrorLabel] = {}
        for key in HOURS_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"hoursEdit-{key}")
            self.hours_edits[key] = edit
            self.hours_errors[key] = ErrorLabel(f"hoursError-{key}", self)
        self.verified_check = QCheckBox(self)
        self.verified_check.setObjectName("verifiedCheck")
        self.verified_edit = QDateEdit(self)
        self.verified_edit.setObjectName("verifiedEdit")
        self.verified_edit.setCalendarPopup(True)
        self.verified_edit.setDisplayFormat("yyyy-MM-dd")
        self.verified_check.toggled.connect(self.verified_edit.setEnabled)
        self.source_edit = QLineEdit(self)
        self.source_edit.setObjectName("sourceEdit")
        self.notes_zh_edit = QLineEdit(self)
        self.notes_zh_edit.setObjectName("notesZhEdit")
        self.notes_en_edit = QLineEdit(self)
        self.notes_en_edit.setObjectName("notesEnEdit")

        # -- channels ------------------------------------------------------------------------------
        self.channel_table = QTableWidget(0, 6, self)
        self.channel_table.setObjectName("channelTable")
        self.channel_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.channel_table.verticalHeader().setVisible(False)
        header = self.channel_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_HOURS, QHeaderView.ResizeMode.Stretch)
        self.channel_table.itemChanged.connect(lambda _item: self.validate())
        self.add_channel_button = QPushButton(self)
        self.add_channel_button.setObjectName("addChannelButton")
        self.add_channel_button.setAutoDefault(False)
        self.add_channel_button.clicked.connect(lambda: self.add_channel())
        self.remove_channel_button = QPushButton(self)
        self.remove_channel_button.setObjectName("removeChannelButton")
        self.remove_channel_button.setAutoDefault(False)
        self.remove_channel_button.clicked.connect(self.remove_selected_channel)
        self.channel_error = ErrorLabel("channelError", self)

        # -- buttons -------------------------------------------------------------------------------
        self.save_error = ErrorLabel("saveError", self)
        self.reload_button = QPushButton(self)
        self.reload_button.setObjectName("reloadButton")
        self.reload_button.setAutoDefault(False)
        self.reload_button.clicked.connect(self.reload_contact)
        self.overwrite_button = QPushButton(self)
        self.overwrite_button.setObjectName("overwriteButton")
        self.overwrite_button.setAutoDefault(False)
        self.overwrite_button.clicked.connect(self.overwrite)
        self.conflict_box = QWidget(self)
        self.conflict_box.setObjectName("conflictBox")
        conflict_buttons = QHBoxLayout(self.conflict_box)
        conflict_buttons.setContentsMargins(0, 0, 0, 0)
        conflict_buttons.addWidget(self.reload_button)
        conflict_buttons.addWidget(self.overwrite_button)
        conflict_buttons.addStretch(1)
        self.conflict_box.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.delete_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.setObjectName("deleteContactButton")
        self.delete_button.clicked.connect(self._ask_delete)
        self.delete_button.setVisible(contact is not None)

        # -- layout --------------------------------------------------------------------------------
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._labels: dict[str, QLabel] = {}

        def row(key: str, field: QWidget, error: QLabel | None = None) -> None:
            label = QLabel(self)
            self._labels[key] = label
            if error is None:
                self.form.addRow(label, field)
                return
            box = QVBoxLayout()
            box.setSpacing(1)
            box.addWidget(field)
            box.addWidget(error)
            self.form.addRow(label, box)

        row("id", self.id_edit, self.id_error)
        row("name_zh", self.name_zh_edit)
        row("name_en", self.name_en_edit, self.name_error)
        row("tz", self.tz_combo, self.tz_error)
        row("calendar", self.calendar_combo)
        row("margin", self.margin_spin)
        for key in HOURS_FIELDS:
            row(f"hours-{key}", self.hours_edits[key], self.hours_errors[key])
        verified_box = QHBoxLayout()
        verified_box.addWidget(self.verified_check)
        verified_box.addWidget(self.verified_edit, 1)
        verified_widget = QWidget(self)
        verified_widget.setLayout(verified_box)
        verified_box.setContentsMargins(0, 0, 0, 0)
        row("verified", verified_widget)
        row("source", self.source_edit)
        row("notes_zh", self.notes_zh_edit)
        row("notes_en", self.notes_en_edit)

        self.channels_caption = QLabel(self)
        font = self.channels_caption.font()
        font.setBold(True)
        self.channels_caption.setFont(font)
        channel_buttons = QHBoxLayout()
        channel_buttons.addWidget(self.add_channel_button)
        channel_buttons.addWidget(self.remove_channel_button)
        channel_buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.channels_caption)
        layout.addWidget(self.channel_table, 1)
        layout.addWidget(self.channel_error)
        layout.addLayout(channel_buttons)
        layout.addWidget(self.save_error)
        layout.addWidget(self.conflict_box)
        layout.addWidget(self.buttons)

        self._fill(contact)
        for edit in (
            self.id_edit,
            self.name_zh_edit,
            self.name_en_edit,
            *self.hours_edits.values(),
        ):
            edit.textChanged.connect(lambda _text: self.validate())
        self.tz_combo.currentTextChanged.connect(lambda _text: self.validate())
        self.retranslate()
        self.resize(640, 720)
        self.validate()

    # -- filling -------------------------------------------------------------------------------
    def _fill(self, contact: Contact | None) -> None:
        if contact is None:
            self.tz_combo.setCurrentText(DEFAULT_TZ)
            self.calendar_combo.setCurrentIndex(0)
            self.margin_spin.setValue(DEFAULT_MARGIN_MINUTES)
            self.verified_check.setChecked(False)
            if self._today is not None:  # the app's clock, never the real one read here
                self.verified_edit.setDate(
                    QDate(self._today.year, self._today.month, self._today.day)
                )
            self.verified_edit.setEnabled(False)
            return
        self.id_edit.setText(contact.id)
        self.id_edit.setReadOnly(True)  # ids are stable: other data refers to them
        self.name_zh_edit.setText(contact.name.get("zh", ""))
        self.name_en_edit.setText(contact.name.get("en", ""))
        self.tz_combo.setCurrentText(contact.tz)
        index = self.calendar_combo.findData(contact.calendar)
        self.calendar_combo.setCurrentIndex(max(0, index))
        self.margin_spin.setValue(contact.margin_minutes)
        for key, text in _split_hours(contact.hours).items():
            self.hours_edits[key].setText(text)
        if contact.verified is not None:
            self.verified_check.setChecked(True)
            day = contact.verified
            self.verified_edit.setDate(QDate(day.year, day.month, day.day))
        else:
            self.verified_check.setChecked(False)
            self.verified_edit.setEnabled(False)
        self.source_edit.setText(contact.source or "")
        self.notes_zh_edit.setText(contact.notes.get("zh", ""))
        self.notes_en_edit.setText(contact.notes.get("en", ""))
        for channel in contact.channels:
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
        table = self.channel_table
        blocker = table.blockSignals(True)
        row = table.rowCount()
        table.insertRow(row)
        table.setItem(row, COL_ID, QTableWidgetItem(channel_id))
        combo = QComboBox(table)
        combo.setObjectName(f"kindCombo-{row}")
        for member in ChannelKind:
            combo.addItem(channel_icon(member.value), member.value, member.value)
        combo.setCurrentIndex(max(0, combo.findData(kind)))
        combo.currentIndexChanged.connect(lambda _index: self.validate())
        table.setCellWidget(row, COL_KIND, combo)
        for column, text in (
            (COL_VALUE, value),
            (COL_LABEL, label),
            (COL_HOURS, hours),
            (COL_REPLY, reply),
        ):
            table.setItem(row, column, QTableWidgetItem(text))
        table.blockSignals(blocker)
        self.validate()
        return row

    def set_channel_cell(self, row: int, column: int, text: str) -> None:
        """Type into a cell of the channel table (tests and keyboard users)."""
        item = self.channel_table.item(row, column)
        if item is None:
            self.channel_table.setItem(row, column, QTableWidgetItem(text))
        else:
            item.setText(text)

    def remove_selected_channel(self) -> None:
        rows = sorted({index.row() for index in self.channel_table.selectedIndexes()}, reverse=True)
        if not rows and self.channel_table.currentRow() >= 0:
            rows = [self.channel_table.currentRow()]
        for row in rows:
            self.channel_table.removeRow(row)
        self.validate()

    # -- reading the form ------------------------------------------------------------------------
    def _cell(self, row: int, column: int) -> str:
        item = self.channel_table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _kind(self, row: int) -> str:
        combo = self.channel_table.cellWidget(row, COL_KIND)
        return str(combo.currentData()) if isinstance(combo, QComboBox) else "phone"

    def _hours_mapping(self) -> dict[str, str]:
        """The contact's hours as a mapping; raises HoursError tagged with the field key."""
        mapping: dict[str, str] = {}
        for key in ("mon-fri", "sat", "sun", "breaks"):
            text = self.hours_edits[key].text().strip()
            if text:
                mapping[key] = text
        other = self.hours_edits["other"].text().strip()
        if other:
            extra = hours_from_text(other)
            if extra is not None:
                for key, value in extra.to_mapping().items():
                    if key != "breaks" and not (key == "daily" and value == "closed"):
                        mapping.setdefault(key, value)
        return mapping

    def _check_hours(self) -> tuple[dict[str, str] | None, bool]:
        """Validate each hours field; show errors under them. Returns (mapping, ok)."""
        ok = True
        for key in HOURS_FIELDS:
            text = self.hours_edits[key].text().strip()
            message = ""
            if text:
                try:
                    if key == "other":
                        hours_from_text(text)
                    else:
                        parse_intervals(text)
                except HoursError as exc:
                    message = str(exc)
            self.hours_errors[key].show_error(message)
            ok = ok and not message
        if not ok:
            return None, False
        mapping = self._hours_mapping()
        days = {key: value for key, value in mapping.items() if key != "breaks"}
        if not days:
            if "breaks" in mapping:
                self.hours_errors["breaks"].show_error(
                    self.tr("Breaks need opening hours: fill in at least one day.")
                )
                return None, False
            return {}, True
        try:
            WeeklyHours.from_mapping(mapping)
        except HoursError as exc:
            self.hours_errors["other"].show_error(str(exc))
            return None, False
        return mapping, True

    def _check_channels(self) -> tuple[list[dict[str, Any]], str]:
        channels: list[dict[str, Any]] = []
        seen: set[str] = set()
        for row in range(self.channel_table.rowCount()):
            kind = self._kind(row)
            channel_id = self._cell(row, COL_ID) or kind
            shown = channel_id
            if not ID_RE.match(channel_id):
                return [], self.tr(
                    "Channel {row}: the id {id} may only use lowercase letters, digits and '-'."
                ).format(row=row + 1, id=shown)
            if channel_id in seen:
                return [], self.tr(
                    "Channel {row}: another channel already has the id {id}."
                ).format(row=row + 1, id=shown)
            seen.add(channel_id)
            data: dict[str, Any] = {
                "id": channel_id,
                "kind": kind,
                "value": self._cell(row, COL_VALUE),
            }
            label = self._cell(row, COL_LABEL)
            shown_label, original_label = self._original_labels.get(channel_id, ("", {}))
            if label and label == shown_label:
                data["label"] = original_label  # unchanged: keep both languages
            elif label:
                data["label"] = {"zh": label, "en": label}
            try:
                hours = hours_from_text(self._cell(row, COL_HOURS))
            except HoursError as exc:
                return [], self.tr("Channel {id}, hours: {error}").format(id=shown, error=exc)
            if hours is not None:
                data["hours"] = hours.to_mapping()
            reply = self._cell(row, COL_REPLY)
            if reply:
                try:
                    number = float(reply)
                except ValueError:
                    number = -1.0
                if not number > 0:
                    return [], self.tr(
                        "Channel {id}: reply time must be a positive number of hours."
                    ).format(id=shown)
                data["reply_within_hours"] = int(number) if number == int(number) else number
            channels.append(data)
        return channels, ""

    def validate(self) -> bool:
        """Check every field, show what is wrong under it, enable OK only when all is well."""
        ok = True
        contact_id = self.id_edit.text().strip()
        id_message = ""
        if not contact_id:
            id_message = self.tr("Give the contact an id, e.g. my-forwarder.")
        elif not ID_RE.match(contact_id):
            id_message = self.tr("Use lowercase letters, digits and '-' only, e.g. my-forwarder.")
        elif self._original is None and self._book.get(contact_id) is not None:
            id_message = self.tr("A contact with this id already exists.")
        self.id_error.show_error(id_message)
        ok = ok and not id_message

        name_message = ""
        if not self.name_zh_edit.text().strip() and not self.name_en_edit.text().strip():
            name_message = self.tr("Give a name in Chinese or English.")
        self.name_error.show_error(name_message)
        ok = ok and not name_message

        tz = self.tz_combo.currentText().strip()
        tz_message = (
            ""
            if is_valid_zone(tz)
            else self.tr(
                "Unknown time zone {zone}: pick one from the list, e.g. Europe/Moscow."
            ).format(zone=tz or "—")
        )
        self.tz_error.show_error(tz_message)
        ok = ok and not tz_message

        _mapping, hours_ok = self._check_hours()
        ok = ok and hours_ok
        _channels, channel_message = self._check_channels()
        self.channel_error.show_error(channel_message)
        ok = ok and not channel_message

        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setEnabled(ok and not self._book.read_only)
        if self._book.read_only:
            self.save_error.show_error(self._read_only_text())
        return ok

    def contact_mapping(self) -> dict[str, Any] | None:
        """The contact as entered (the contacts file's mapping form), or None when invalid."""
        if not self.validate():
            return None
        mapping, _ok = self._check_hours()
        channels, _message = self._check_channels()
        data: dict[str, Any] = {}
        if self._original is not None:
            data.update(contact_to_mapping(self._original))
        data.update(
            {
                "id": self.id_edit.text().strip(),
                "name": {
                    key: text
                    for key, text in (
                        ("zh", self.name_zh_edit.text().strip()),
                        ("en", self.name_en_edit.text().strip()),
                    )
                    if text
                },
                "tz": self.tz_combo.currentText().strip(),
                "calendar": str(self.calendar_combo.currentData()),
                "margin_minutes": self.margin_spin.value(),
                "channels": channels,
            }
        )
        data.pop("hours", None)
        if mapping:
            data["hours"] = mapping
        data.pop("verified", None)
        if self.verified_check.isChecked():
            day = self.verified_edit.date()
            data["verified"] = date(day.year(), day.month(), day.day()).isoformat()
        source = self.source_edit.text().strip()
        data.pop("source", None)
        if source:
            data["source"] = source
        notes = {
            key: text
            for key, text in (
                ("zh", self.notes_zh_edit.text().strip()),
                ("en", self.notes_en_edit.text().strip()),
            )
            if text
        }
        data.pop("notes", None)
        if notes:
            data["notes"] = notes
        return data

    # -- saving --------------------------------------------------------------------------------
    def _read_only_text(self) -> str:
        return self.tr(
            "Your contacts folder cannot be written to, so changes cannot be saved right now."
        )

    def accept(self) -> None:
        """Save and close; on invalid data or a failed save, stay open and say why."""
        data = self.contact_mapping()
        if data is None:
            return
        if self._book.read_only:
            self.save_error.show_error(self._read_only_text())
            return
        origin = self._original.origin if self._original is not None else "user"
        contact, problems = contact_from_mapping(data, "editor", origin=origin)
        if contact is None or problems:
            self.save_error.show_error("\n".join(p.message for p in problems))
            return
        try:
            self._book.save(contact, expected=self._expected)
        except ContactConflict:  # changed elsewhere: keep the dialog and what was typed
            self._show_conflict(contact.id)
            return
        except (ContactBookError, OSError) as exc:  # keep the dialog and what was typed
            log.warning("saving contact %s failed: %s", contact.id, exc)
            self.save_error.show_error(
                self.tr("Could not save the contact: {error}").format(error=exc)
            )
            return
        self.save_error.show_error("")
        self.conflict_box.setVisible(False)
        self.saved.emit(contact.id)
        super().accept()

    # -- changed elsewhere -----------------------------------------------------------------------
    def _conflict_text(self, current: Contact | None) -> str:
        if current is None:
            return self.tr(
                "This contact was deleted elsewhere (another window or the command line). "
                "Overwrite to save it again with what you entered here."
            )
        if self._original is None:
            return self.tr(
                "A contact with this id was just created elsewhere (another window or the "
                "command line); choose another id."
            )
        return self.tr(
            "This contact was changed elsewhere (another window or the command line). Reload "
            "it to see the changes (your edits here are dropped), or overwrite them with what "
            "you entered."
        )

    def _show_conflict(self, contact_id: str) -> None:
        current = self._book.get(contact_id)
        self._conflict_stamp = contact_stamp(current)
        log.info("contact %s was changed elsewhere while being edited", contact_id)
        self.save_error.show_error(self._conflict_text(current))
        if self._original is None and current is not None:
            self.validate()  # shows "exists" under the id and disables OK
            return
        self.reload_button.setVisible(current is not None)
        self.conflict_box.setVisible(True)

    def overwrite(self) -> None:
        """Save what was entered over the version found by the failed save (not over any
        newer one: a change made after that is reported again)."""
        if self._conflict_stamp is None:
            return
        self._expected = self._conflict_stamp
        self.accept()

    def reload_contact(self) -> None:
        """Show the contact as stored now, dropping what was entered."""
        contact_id = self.id_edit.text().strip()
        current = self._book.get(contact_id) if contact_id else None
        if current is None:
            return
        self._original = current
        self._expected = contact_stamp(current)
        self._conflict_stamp = None
        self._original_labels.clear()
        blocker = self.channel_table.blockSignals(True)
        self.channel_table.setRowCount(0)
        self.channel_table.blockSignals(blocker)
        self._fill(current)
        self.delete_button.setVisible(True)
        self.conflict_box.setVisible(False)
        self.save_error.show_error("")
        self.retranslate()

    def _is_bundled(self) -> bool:
        return self._original is not None and self._book.is_bundled(self._original.id)

    def _ask_delete(self) -> None:
        if self._original is None:
            return
        name = self._original.display_name("en" if self.name_en_edit.text() else "zh")
        if self._is_bundled():
            title = self.tr("Undo my changes")
            question = self.tr(
                "Forget your changes to {name} and show it as shipped with FAQDesk?"
            ).format(name=name)
        else:
            title = self.tr("Delete contact")
            question = self.tr("Delete {name} and all its channels?").format(name=name)
        answer = QMessageBox.question(self, title, question)
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_contact()

    def delete_contact(self) -> bool:
        """Delete the edited contact from the book (after the user confirmed)."""
        if self._original is None:
            return False
        try:
            self._book.delete(self._original.id)
        except (ContactBookError, OSError) as exc:  # keep the dialog and what was typed
            log.warning("deleting contact %s failed: %s", self._original.id, exc)
            self.save_error.show_error(
                self.tr("Could not delete the contact: {error}").format(error=exc)
            )
            return False
        self.deleted.emit(self._original.id)
        super().accept()
        return True

    # -- text ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(
            self.tr("New contact") if self._original is None else self.tr("Edit contact")
        )
        labels: Mapping[str, str] = {
            "id": self.tr("Id"),
            "name_zh": self.tr("Name (Chinese)"),
            "name_en": self.tr("Name (English)"),
            "tz": self.tr("Time zone"),
            "calendar": self.tr("Holidays"),
            "margin": self.tr("Margin (minutes)"),
            "hours-mon-fri": self.tr("Hours Mon–Fri"),
            "hours-sat": self.tr("Hours Saturday"),
            "hours-sun": self.tr("Hours Sunday"),
            "hours-breaks": self.tr("Breaks"),
            "hours-other": self.tr("Other days"),
            "verified": self.tr("Last checked"),
            "source": self.tr("Checked at (web address)"),
            "notes_zh": self.tr("Notes (Chinese)"),
            "notes_en": self.tr("Notes (English)"),
        }
        for key, text in labels.items():
            self._labels[key].setText(text)
        self.id_edit.setPlaceholderText(self.tr("e.g. my-forwarder"))
        self.hours_edits["mon-fri"].setPlaceholderText(self.tr("e.g. 09:00-18:00; empty: closed"))
        self.hours_edits["sat"].setPlaceholderText(self.tr("e.g. 10:00-14:00; empty: closed"))
        self.hours_edits["sun"].setPlaceholderText(self.tr("empty: closed"))
        self.hours_edits["breaks"].setPlaceholderText(self.tr("e.g. 13:00-14:00"))
        self.hours_edits["other"].setPlaceholderText(self.tr("e.g. fri 09:00-17:00"))
        self.calendar_combo.setItemText(0, self.tr("Russian production calendar"))
        self.calendar_combo.setItemText(1, self.tr("No holidays"))
        self.verified_check.setText(self.tr("I checked these details on"))
        self.channels_caption.setText(self.tr("Channels"))
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
        for column, (text, tip) in enumerate(headers):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            self.channel_table.setHorizontalHeaderItem(column, item)
        self.add_channel_button.setText(self.tr("Add channel"))
        self.reload_button.setText(self.tr("Reload"))
        self.overwrite_button.setText(self.tr("Overwrite"))
        self.remove_channel_button.setText(self.tr("Remove channel"))
        self.delete_button.setText(
            self.tr("Undo my changes") if self._is_bundled() else self.tr("Delete contact")
        )
        self.validate()
