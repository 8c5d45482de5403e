"""Opening the contact editor in a test and filling it in (shared by the editor's tests)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from contact_fixtures import office_contact
from faqdesk.core.contacts.book import ContactBook
from faqdesk.core.contacts.model import Contact
from faqdesk.ui.contacts.editor import ContactEditor


def open_editor(qtbot: QtBot, book: ContactBook, contact: Contact | None = None) -> ContactEditor:
    editor = ContactEditor(book, contact)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def office_editor(qtbot: QtBot, book: ContactBook) -> tuple[ContactEditor, Contact]:
    """The Moscow office saved in ``book``, as loaded back, and an editor open on it."""
    book.save(office_contact())
    loaded = book.get("moscow-office")
    assert loaded is not None
    return open_editor(qtbot, book, loaded), loaded


def ok_button(editor: ContactEditor) -> QPushButton:
    return editor.buttons.button(QDialogButtonBox.StandardButton.Ok)


def fill_minimal(qtbot: QtBot, editor: ContactEditor, contact_id: str = "agent") -> None:
    qtbot.keyClicks(editor.id_edit, contact_id)
    qtbot.keyClicks(editor.name_en_edit, "Agent")
