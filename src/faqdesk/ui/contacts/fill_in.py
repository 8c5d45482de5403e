"""Fill in a channel that is empty, right on its card: "填写号码", a source, Save (issue 12).

The value is checked by :func:`faqdesk.core.contacts.values.check_value` (phone: ``+`` and digits;
Telegram ``@name`` or a t.me link; VK a link) and saved as the user's own edit of the contact,
``verified`` today, with the source the user typed. Problems are shown under the field, and only
after the user has typed or pressed Save.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from faqdesk.core import text
from faqdesk.core.contacts.book import ContactBook, ContactBookError
from faqdesk.core.contacts.model import ChannelKind, Contact
from faqdesk.core.contacts.values import check_value, filled_in
from faqdesk.core.log import get_logger
from faqdesk.ui.common.labels import plain_label
from faqdesk.ui.contacts.channel_card import set_shown, set_text

_log = get_logger("ui.contacts")


class FillIn(QWidget):
    """The inline fields of one empty channel; emits ``submitted(channel id, value, source)``
    with a checked value."""

    submitted = Signal(str, str, str)

    def __init__(self, channel_id: str, kind: ChannelKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"fillIn-{channel_id}")
        self.channel_id = channel_id
        self.kind = kind
        self._lang = "en"
        self._touched = False
        self.value_edit = QLineEdit(self)
        self.value_edit.setObjectName("fillValue")
        self.value_edit.setMaxLength(400)
        self.source_edit = QLineEdit(self)
        self.source_edit.setObjectName("fillSource")
        self.source_edit.setMaxLength(400)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("fillSave")
        self.save_button.setAutoDefault(False)
        self.error_label = plain_label(self)
        self.error_label.setObjectName("fillError")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.value_edit, 2)
        row.addWidget(self.source_edit, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 6)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        self.value_edit.textEdited.connect(self._on_edited)
        self.value_edit.returnPressed.connect(self.submit)
        self.source_edit.returnPressed.connect(self.submit)
        self.save_button.clicked.connect(self.submit)

    def retranslate(self, lang: str) -> None:
        self._lang = lang
        key = f"contacts.panel.fill_placeholder.{self.kind.value}"
        placeholder = text.render(key, lang) if key in text.catalog(lang) else ""
        self.value_edit.setPlaceholderText(
            placeholder or text.render("contacts.panel.fill_placeholder", lang)
        )
        self.source_edit.setPlaceholderText(text.render("contacts.panel.source_placeholder", lang))
        set_text(self.save_button, text.render("contacts.panel.fill_save", lang))
        if self._touched:
            self._check()

    def _on_edited(self, _text: str) -> None:
        self._touched = True
        self._check()

    def _check(self) -> str | None:
        found = check_value(self.kind, self.value_edit.text())
        message = "" if found.problem is None else found.problem.render(self._lang)
        set_text(self.error_label, message)
        set_shown(self.error_label, bool(message))
        return found.value if found.ok else None

    def show_error(self, message: str) -> None:
        """Say under the field why saving failed (e.g. the contacts are read-only)."""
        set_text(self.error_label, message)
        set_shown(self.error_label, bool(message))

    def submit(self) -> None:
        self._touched = True
        value = self._check()
        if value is not None:
            self.submitted.emit(self.channel_id, value, self.source_edit.text())


def save_fill_in(
    book: ContactBook, contact_id: str, channel_id: str, value: str, source: str, today: date
) -> tuple[Contact | None, str]:
    """Store the filled-in value as the user's own edit of the contact, in one transaction;
    (the saved contact, "") or (None, why not)."""
    try:
        saved = book.update(
            contact_id, lambda contact: filled_in(contact, channel_id, value, today, source)
        )
    except (ContactBookError, KeyError, ValueError) as error:
        _log.warning("could not fill in %s/%s: %s", contact_id, channel_id, error)
        return None, str(error)
    return saved, ""
