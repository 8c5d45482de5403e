"""What the contact dock does with the book: add, edit, import, export, and its messages.

A mixin of :class:`~faqdesk.ui.contacts.panel.ContactPanel` (put before ``QDockWidget``): the
panel holds the book, the clock, the settings and the message label; this part acts on them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt

from faqdesk.core import text
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.model import Contact
from faqdesk.core.contacts.zones import local_date
from faqdesk.ui.common.clock import Clock
from faqdesk.ui.contacts.channel_card import ChannelCard
from faqdesk.ui.contacts.contact_section import ContactSection
from faqdesk.ui.contacts.editor import ContactEditor
from faqdesk.ui.contacts.fill_in import save_fill_in
from faqdesk.ui.contacts.models import channel_title
from faqdesk.ui.settings.store import Settings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget, QLabel, QPushButton, QScrollArea

    _Base = QDockWidget
else:
    _Base = object


def _tr(source: str) -> str:
    """The panel's own translations (context ``ContactPanel``)."""
    return QCoreApplication.translate("ContactPanel", source)


class ContactActions(_Base):
    """Adding, editing, importing and exporting contacts, and the panel's message line."""

    _book: ContactBook
    _clock: Clock
    _settings: Settings
    _message: str
    _sections: dict[str, ContactSection]
    _cards: dict[tuple[str, str], ChannelCard]
    message_label: QLabel
    add_button: QPushButton
    cards_scroll: QScrollArea

    def refresh(self, then: Callable[[], object] | None = None) -> None:
        raise NotImplementedError

    def reveal_contacts(self, ids: list[str]) -> None:
        raise NotImplementedError

    def _lang(self) -> str:
        return self._settings.language

    def _highlight(self, key: tuple[str, str] | None) -> None:
        raise NotImplementedError

    def _fill_in(self, contact_id: str, channel_id: str, value: str, source: str) -> None:
        """Save a value typed on an empty card as the user's own edit of the contact."""
        today = local_date(self._clock.now(), self._settings.home_timezone)
        section = self._sections.get(contact_id)
        fill = section.fill_ins.get(channel_id) if section is not None else None
        saved, error = save_fill_in(self._book, contact_id, channel_id, value, source, today)
        if saved is None:
            if fill is not None:
                fill.show_error(self._read_only_text() if self._book.read_only else error)
            return
        channel = saved.channel(channel_id)
        name = channel_title(channel, self._lang()) if channel is not None else channel_id
        self.refresh()
        contact_name = saved.display_name(self._lang())
        self._show_message(
            text.render("contacts.panel.filled", self._lang(), contact=contact_name, channel=name)
        )
        card = self._cards.get((contact_id, channel_id))
        if card is not None:
            self._highlight((contact_id, channel_id))
            self.cards_scroll.ensureWidgetVisible(card)

    def add_contact(self) -> ContactEditor:
        """Open the editor for a new contact (non-blocking); the panel refreshes when saved."""
        return self._open_editor(None)

    def edit_contact(self, contact_id: str) -> ContactEditor | None:
        """Open the editor on an existing contact; None when there is no such contact."""
        contact = self._book.get(contact_id)
        if contact is None:
            self._show_message(
                _tr("The contact {contact} no longer exists.").format(contact=contact_id)
            )
            return None
        return self._open_editor(contact)

    def import_vcard(self, path: Path | None = None) -> int:
        """Import contacts from a vCard file (asks for it when no path is given)."""
        if self._book.read_only:  # nothing could be imported: say so before asking for a file
            self._show_message(self._read_only_text())
            return 0
        from faqdesk.ui.contacts import vcard_transfer  # import/export: not at start-up

        imported, message = vcard_transfer.import_vcard(
            self, self._book, path, self._lang(), home_tz=self._settings.home_timezone
        )
        if imported:
            self.refresh()
        if message is not None:
            self._show_message(message)
        return imported

    def undo_import(self) -> str:
        """Undo the last import into the book (File → Undo last import): what it added goes,
        what it replaced comes back; returns (and shows) what happened."""
        from faqdesk.ui.contacts import vcard_transfer  # import/export: not at start-up

        message = vcard_transfer.undo_last_import(self, self._book, self._lang())
        self.refresh()
        self._show_message(message)
        return message

    def export_vcard(self, path: Path | None = None) -> bool:
        """Export every contact to a vCard file (asks for it when no path is given)."""
        from faqdesk.ui.contacts import vcard_transfer  # import/export: not at start-up

        written, message = vcard_transfer.export_vcard(self, self._book, path)
        if message is not None:
            self._show_message(message)
        return written

    def _read_only_text(self) -> str:
        return _tr("Your contacts folder cannot be written to, so contacts are read-only for now.")

    def _show_message(self, text: str) -> None:
        self._message = text
        self._update_messages()

    def _update_messages(self) -> None:
        lines = [notice.render(self._lang()) for notice in self._book.notices]
        if self._book.read_only:
            lines.insert(0, self._read_only_text())
        if self._message:
            lines.append(self._message)
        self.message_label.setText("\n".join(lines))
        self.message_label.setVisible(bool(lines))
        self.add_button.setEnabled(not self._book.read_only)

    def _open_editor(self, contact: Contact | None) -> ContactEditor:
        today = local_date(self._clock.now(), self._settings.home_timezone)
        editor = ContactEditor(self._book, contact, parent=self, today=today)
        editor.saved.connect(self._on_saved)
        editor.deleted.connect(self._on_saved)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()
        return editor

    def _on_saved(self, contact_id: str) -> None:
        self._message = ""
        self.refresh()
        if contact_id not in self._sections:
            self.reveal_contacts([contact_id])
        section = self._sections.get(contact_id)
        if section is not None:
            self.cards_scroll.ensureWidgetVisible(section)
