"""A paste of a whole file into a composer field is cut, and the message under the field tells
the size that was pasted (lines for an address, characters for text), not what was kept
(the hostile tester's defect 6)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from faqdesk.core.compose.templates import load_templates
from faqdesk.core.contacts.model import Channel, ChannelKind, Contact
from faqdesk.ui.compose.dialog import ComposerDialog, open_composer

SUPPORT = Contact(
    id="ozon-seller-support",
    name={"en": "Ozon seller support"},
    channels=(Channel("ticket", ChannelKind.TICKET, "https://seller.ozon.ru"),),
)


@pytest.fixture
def composer(qtbot: QtBot, bundled_content: Path) -> Callable[[str], ComposerDialog]:
    templates = load_templates(bundled_content, user_dir=None)

    def make(template_id: str) -> ComposerDialog:
        dialog = open_composer(
            None, templates=templates, template_id=template_id, contacts=[SUPPORT], lang="en"
        )
        qtbot.addWidget(dialog)
        return dialog

    return make


def _error(dialog: ComposerDialog, name: str) -> str:
    label = dialog.findChild(QLabel, f"error_{name}")
    assert label is not None and label.isVisibleTo(dialog)
    return label.text()


def test_a_9000_line_address_paste_is_said_as_too_many_lines(
    composer: Callable[[str], ComposerDialog],
) -> None:
    dialog = composer("wrong-address")
    address = dialog.findChild(QPlainTextEdit, "field_address")
    assert address is not None
    address.setPlainText(("Улица Ленина дом 1 " * 60 + "\n") * 9000)
    assert len(address.toPlainText()) == 10_000  # kept: the first 10,000 characters
    assert _error(dialog, "address") == "9000 lines; at most 10."
    address.setPlainText("ул. Ленина, д. 1\n" + "д" * 400)  # typed again: its own size
    assert _error(dialog, "address") == "400 characters; at most 300."


def test_a_100000_character_paste_is_said_with_its_real_length(
    composer: Callable[[str], ComposerDialog],
) -> None:
    dialog = composer("follow-up-no-reply")
    ticket = dialog.findChild(QLineEdit, "field_ticket")
    assert ticket is not None
    QGuiApplication.clipboard().setText("7" * 100_000)
    ticket.setFocus()
    ticket.paste()
    assert len(ticket.text()) == 10_000
    assert _error(dialog, "ticket") == "100000 characters; at most 300."
