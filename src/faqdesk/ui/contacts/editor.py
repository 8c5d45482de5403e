"""The contact editor dialog: add, edit or delete a contact and its channels.

Every change is checked as the user types, by one function (:meth:`ContactEditor.validate`):
it reads the form into the contacts file's mapping, has the core judge it
(:func:`faqdesk.core.contacts.model.contact_from_mapping`) and shows each problem in the label
under the field it names (``hours.sat``, ``channels[2].reply_within_hours`` …, see
:mod:`~faqdesk.ui.contacts.field_labels`); a problem that names no field goes to the save-error
line. OK stays disabled while anything is wrong; the dialog never closes on invalid data. When
the book cannot be written the dialog says so and keeps what the user typed.

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
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from faqdesk.core import text
from faqdesk.core.contacts.book import (
    ContactBook,
    ContactBookError,
    ContactConflict,
    contact_stamp,
)
from faqdesk.core.contacts.ids import readable_id
from faqdesk.core.contacts.model import (
    CALENDARS,
    DEFAULT_MARGIN_MINUTES,
    DEFAULT_TZ,
    Contact,
    contact_from_mapping,
    contact_to_mapping,
)
from faqdesk.core.contacts.zones import zone_from_text, zone_names
from faqdesk.core.log import get_logger
from faqdesk.core.problems import Problem
from faqdesk.ui.common import i18n
from faqdesk.ui.common.panel import Panel
from faqdesk.ui.common.zone_combo import ZoneComboBox
from faqdesk.ui.contacts.channel_table import COL_ID, ChannelTable
from faqdesk.ui.contacts.conflict_box import ConflictBox
from faqdesk.ui.contacts.editor_actions import EditorActions
from faqdesk.ui.contacts.error_label import ErrorLabel
from faqdesk.ui.contacts.field_labels import FieldLabels
from faqdesk.ui.contacts.hours_editor import HOURS_FIELDS, HoursEditor

log = get_logger("ui.contact_editor")


class ContactEditor(Panel, EditorActions, QDialog):
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
        self._build_fields()
        self._build_channels()
        self._build_buttons(contact)
        self._build_layout()
        self.field_labels = FieldLabels(
            {"id": self.id_error, "name": self.name_error, "tz": self.tz_error},
            self.hours,
            self.channel_error,
            self.channel_table,
            self.save_error,
        )
        #: The fields the user has typed in; problems show only there until OK is pressed.
        self._touched: set[str] = set()
        self._tried = False
        #: The id follows the name until the user types one (issue 12: ids are generated).
        self._id_auto = contact is None
        self._taken = {existing.id for existing in book.contacts()}
        self._fill(contact)
        for edit in (self.id_edit, self.name_zh_edit, self.name_en_edit):
            edit.textChanged.connect(lambda _text: self.validate())
        self.id_edit.textEdited.connect(self._on_id_typed)
        for edit in (self.name_zh_edit, self.name_en_edit):
            edit.textEdited.connect(lambda _text: self._on_name_typed())
        tz_line = self.tz_combo.lineEdit()
        if tz_line is not None:
            tz_line.textEdited.connect(lambda _text: self._touch("tz"))
        for edit in self.hours_edits.values():
            edit.textEdited.connect(lambda _text: self._touch("hours"))
        self.channel_table.edited.connect(lambda: self._touch("channels"))
        self.hours.connect_edits()
        self.hours.edited.connect(self.validate)
        self.tz_combo.currentTextChanged.connect(lambda _text: self.validate())
        self.channel_table.edited.connect(self.validate)
        self.retranslate()
        self.resize(720, 600)
        self.validate()

    # -- building ------------------------------------------------------------------------------
    def _build_fields(self) -> None:
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
        self.hours = HoursEditor(self)
        self.hours_edits = self.hours.edits
        self.hours_errors = self.hours.errors
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

    def _build_channels(self) -> None:
        self.channel_table = ChannelTable(self)
        self.add_channel_button = QPushButton(self)
        self.add_channel_button.setObjectName("addChannelButton")
        self.add_channel_button.setAutoDefault(False)
        self.add_channel_button.clicked.connect(lambda: self.channel_table.add_channel())
        self.advanced_check = QCheckBox(self)
        self.advanced_check.setObjectName("advancedToggle")
        self.advanced_check.toggled.connect(self._show_advanced)
        self.remove_channel_button = QPushButton(self)
        self.remove_channel_button.setObjectName("removeChannelButton")
        self.remove_channel_button.setAutoDefault(False)
        self.remove_channel_button.clicked.connect(self.channel_table.remove_selected)
        self.channel_error = ErrorLabel("channelError", self)

    def _build_buttons(self, contact: Contact | None) -> None:
        self.save_error = ErrorLabel("saveError", self)
        self.conflict_box = ConflictBox(self)
        self.reload_button = self.conflict_box.reload_button
        self.reload_button.clicked.connect(self.reload_contact)
        self.overwrite_button = self.conflict_box.overwrite_button
        self.overwrite_button.clicked.connect(self.overwrite)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.delete_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.setObjectName("deleteContactButton")
        self.delete_button.clicked.connect(self._ask_delete)
        self.delete_button.setVisible(contact is not None)

    def _add_row(
        self, key: str, field: QWidget, error: QLabel | None = None, label: QLabel | None = None
    ) -> None:
        label = label if label is not None else QLabel(self)
        self._labels[key] = label
        if error is None:
            self.form.addRow(label, field)
            return
        box = QVBoxLayout()
        box.setSpacing(1)
        box.addWidget(field)
        box.addWidget(error)
        self.form.addRow(label, box)
        self._boxes[key] = box

    def _build_layout(self) -> None:
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._labels: dict[str, QLabel] = {}
        self._boxes: dict[str, QVBoxLayout] = {}
        self._add_row("name_zh", self.name_zh_edit)
        self._add_row("name_en", self.name_en_edit, self.name_error)
        self._add_row("tz", self.tz_combo, self.tz_error)
        self._add_row("calendar", self.calendar_combo)
        self._add_row("margin", self.margin_spin)
        for key in HOURS_FIELDS:
            edit, error, caption = (
                self.hours_edits[key],
                self.hours_errors[key],
                self.hours.captions[key],
            )
            self._add_row(f"hours-{key}", edit, error, caption)
        verified_box = QHBoxLayout()
        verified_box.addWidget(self.verified_check)
        verified_box.addWidget(self.verified_edit, 1)
        verified_widget = QWidget(self)
        verified_widget.setLayout(verified_box)
        verified_box.setContentsMargins(0, 0, 0, 0)
        self._add_row("verified", verified_widget)
        self._add_row("source", self.source_edit)
        self._add_row("notes_zh", self.notes_zh_edit)
        self._add_row("notes_en", self.notes_en_edit)
        self.form.addRow("", self.advanced_check)
        self._add_row("id", self.id_edit, self.id_error)
        self._show_advanced(False)

        self.channels_caption = QLabel(self)
        font = self.channels_caption.font()
        font.setBold(True)
        self.channels_caption.setFont(font)
        channel_buttons = QHBoxLayout()
        channel_buttons.addWidget(self.add_channel_button)
        channel_buttons.addWidget(self.remove_channel_button)
        channel_buttons.addStretch(1)

        # The fields scroll, OK and Cancel stay: the dialog fits a 1024×640 screen.
        fields = QWidget(self)
        inner = QVBoxLayout(fields)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(self.form)
        inner.addWidget(self.channels_caption)
        inner.addWidget(self.channel_table, 1)
        inner.addWidget(self.channel_error)
        inner.addLayout(channel_buttons)
        self.fields_scroll = QScrollArea(self)
        self.fields_scroll.setWidgetResizable(True)
        self.fields_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_scroll.setWidget(fields)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields_scroll, 1)
        layout.addWidget(self.save_error)
        layout.addWidget(self.conflict_box)
        layout.addWidget(self.buttons)

    # -- filling -------------------------------------------------------------------------------
    def _fill(self, contact: Contact | None) -> None:
        if contact is None:
            self.tz_combo.setCurrentText(DEFAULT_TZ)
            self.calendar_combo.setCurrentIndex(0)
            self.margin_spin.setValue(DEFAULT_MARGIN_MINUTES)
            self._set_verified(self._today, checked=False)  # the app's clock, not the real one
            return
        self.id_edit.setText(contact.id)
        self.id_edit.setReadOnly(True)  # ids are stable: other data refers to them
        self.name_zh_edit.setText(contact.name.get("zh", ""))
        self.name_en_edit.setText(contact.name.get("en", ""))
        self.tz_combo.setCurrentText(contact.tz)
        index = self.calendar_combo.findData(contact.calendar)
        self.calendar_combo.setCurrentIndex(max(0, index))
        self.margin_spin.setValue(contact.margin_minutes)
        self.hours.set_hours(contact.hours)
        self._set_verified(contact.verified, checked=contact.verified is not None)
        self.source_edit.setText(contact.source or "")
        self.notes_zh_edit.setText(contact.notes.get("zh", ""))
        self.notes_en_edit.setText(contact.notes.get("en", ""))
        self.channel_table.set_channels(contact.channels)

    def _set_verified(self, day: date | None, *, checked: bool) -> None:
        self.verified_check.setChecked(checked)
        if day is not None:
            self.verified_edit.setDate(QDate(day.year, day.month, day.day))
        self.verified_edit.setEnabled(checked)

    # -- reading the form ----------------------------------------------------------------------
    @staticmethod
    def _texts(zh: QLineEdit, en: QLineEdit) -> dict[str, str]:
        texts = {"zh": zh.text().strip(), "en": en.text().strip()}
        return {lang: text for lang, text in texts.items() if text}

    def form_mapping(self) -> tuple[dict[str, Any], list[Problem]]:
        """The contact as the form shows it, in the contacts file's mapping form (unchecked),
        and the texts not in the form the editor reads (hours that are not "days hours; …")."""
        hours, hours_problems = self.hours.mapping()
        channels, channel_problems = self.channel_table.channel_mappings()
        data: dict[str, Any] = {}
        if self._original is not None:  # keep what the form does not show
            data.update(contact_to_mapping(self._original))
        for key in ("hours", "verified", "source", "notes"):
            data.pop(key, None)
        data.update(
            {
                "id": self.id_edit.text().strip(),
                "name": self._texts(self.name_zh_edit, self.name_en_edit),
                "tz": zone_from_text(self.tz_combo.currentText())
                or self.tz_combo.currentText().strip(),
                "calendar": str(self.calendar_combo.currentData()),
                "margin_minutes": self.margin_spin.value(),
                "channels": channels,
            }
        )
        if hours:
            data["hours"] = hours
        if self.verified_check.isChecked():
            day = self.verified_edit.date()
            data["verified"] = date(day.year(), day.month(), day.day()).isoformat()
        if self.source_edit.text().strip():
            data["source"] = self.source_edit.text().strip()
        notes = self._texts(self.notes_zh_edit, self.notes_en_edit)
        if notes:
            data["notes"] = notes
        return data, [*hours_problems, *channel_problems]

    def contact_mapping(self) -> dict[str, Any] | None:
        """The contact as entered (the contacts file's mapping form), or None when invalid."""
        return self._check()

    # -- checking ------------------------------------------------------------------------------
    def validate(self) -> bool:
        """The one check (see :meth:`_check`); True when nothing is wrong."""
        return self._check() is not None

    def _check(self) -> dict[str, Any] | None:
        """Read the form once, have the core judge the contact, show each problem under the
        field it names; enable OK only when nothing is wrong. The mapping when it is valid."""
        mapping, unreadable = self.form_mapping()
        origin = self._original.origin if self._original is not None else "user"
        _contact, judged = contact_from_mapping(mapping, "editor", origin=origin, strict=True)
        sources = [
            [problem for problem in judged if problem.field],
            self._own_problems(mapping),
            unreadable,
        ]
        unplaced = [problem for problem in judged if not problem.field]
        ok = not any(sources) and not unplaced
        self.field_labels.show(
            [[p for p in source if self._is_shown(p.field)] for source in sources],
            unplaced if self._tried else [],
            i18n.language(),
        )
        about_ids = any(
            (p.field == "id" or p.field.endswith(".id")) and self._is_shown(p.field)
            for source in sources
            for p in source
        )
        if about_ids and not self.advanced_check.isChecked():
            self.advanced_check.setChecked(True)  # a problem with an id: show the ids
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setEnabled(ok and not self._book.read_only)
        if self._book.read_only:
            self.save_error.show_error(self._read_only_text())
        return mapping if ok else None

    def _is_shown(self, field: str) -> bool:
        """Whether a problem with ``field`` is shown yet: once the user typed there, or
        after OK was pressed (never before the user did anything)."""
        key = field.split(".", 1)[0].split("[", 1)[0]
        return self._tried or key in self._touched

    def _touch(self, key: str) -> None:
        if key not in self._touched:
            self._touched.add(key)
            self.validate()

    def _on_id_typed(self, _text: str) -> None:
        self._id_auto = False
        self._touch("id")

    def _on_name_typed(self) -> None:
        """A new contact's id follows its name (pinyin for Chinese) until the user types one."""
        if self._id_auto and self._original is None:
            name = self.name_en_edit.text().strip() or self.name_zh_edit.text().strip()
            self.id_edit.setText(readable_id(name, self._taken) if name else "")
        self._touch("name")

    def _show_advanced(self, shown: bool) -> None:
        """Ids (the contact's and its channels') are shown only under "Advanced"."""
        box = self._boxes.get("id")
        if box is not None:
            self.form.setRowVisible(box, shown)
        self.channel_table.setColumnHidden(COL_ID, not shown)

    def _own_problems(self, mapping: Mapping[str, Any]) -> list[Problem]:
        """What this form asks beyond the contact rules: a name, and for a new contact an id
        the book does not have yet."""
        problems: list[Problem] = []
        contact_id = str(mapping.get("id", ""))
        if self._original is None and contact_id and self._book.get(contact_id) is not None:
            problems.append(
                Problem.said("editor", self.tr("A contact with this id already exists."), "id")
            )
        if not mapping.get("name"):
            problems.append(
                Problem.said("editor", self.tr("Give a name in Chinese or English."), "name")
            )
        return problems

    # -- saving --------------------------------------------------------------------------------
    def _read_only_text(self) -> str:
        return self.tr(
            "Your contacts folder cannot be written to, so changes cannot be saved right now."
        )

    def accept(self) -> None:
        """Save and close; on invalid data or a failed save, stay open and say why."""
        self._tried = True
        data = self.contact_mapping()
        if data is None:
            return
        if self._book.read_only:
            self.save_error.show_error(self._read_only_text())
            return
        origin = self._original.origin if self._original is not None else "user"
        contact, problems = contact_from_mapping(data, "editor", origin=origin, strict=True)
        if contact is None or problems:
            self.save_error.show_error("\n".join(p.render(i18n.language()) for p in problems))
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
            "verified": self.tr("Last checked"),
            "source": self.tr("Checked at (web address)"),
            "notes_zh": self.tr("Notes (Chinese)"),
            "notes_en": self.tr("Notes (English)"),
        }
        for key, caption in labels.items():
            self._labels[key].setText(caption)
        self.hours.retranslate()
        self.id_edit.setPlaceholderText(self.tr("e.g. my-forwarder"))
        self.calendar_combo.setItemText(0, self.tr("Russian production calendar"))
        self.calendar_combo.setItemText(1, self.tr("No holidays"))
        self.verified_check.setText(self.tr("I checked these details on"))
        lang = i18n.language()
        self.advanced_check.setText(text.render("contacts.editor.advanced", lang))
        self.id_edit.setToolTip(text.render("contacts.editor.id_auto", lang))
        self.channels_caption.setText(self.tr("Channels"))
        self.add_channel_button.setText(self.tr("Add channel"))
        self.remove_channel_button.setText(self.tr("Remove channel"))
        self.delete_button.setText(
            self.tr("Undo my changes") if self._is_bundled() else self.tr("Delete contact")
        )
        self.validate()
