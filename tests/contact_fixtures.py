"""Contacts the contact-panel tests share (built through the core's own reader)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from faqdesk.core.contacts.model import Contact, contact_from_mapping


def type_chinese(widget: QWidget, text: str) -> None:
    """Type ``text`` the way an input method commits it (QTest cannot type non-ASCII keys)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def make_contact(data: dict[str, Any]) -> Contact:
    contact, problems = contact_from_mapping(data, "test", origin="user")
    assert contact is not None and not problems, problems
    return contact


def office_contact() -> Contact:
    """A Moscow office, mon-fri 09:00-18:00, lunch 13:00-14:00, margin 30, RU holidays."""
    return make_contact(
        {
            "id": "moscow-office",
            "name": {"zh": "莫斯科办公室", "en": "Moscow office"},
            "tz": "Europe/Moscow",
            "calendar": "RU",
            "margin_minutes": 30,
            "hours": {"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"},
            "channels": [
                {"id": "phone", "kind": "phone", "value": "+7 495 000-00-00"},
                {
                    "id": "mail",
                    "kind": "email",
                    "value": "desk@example.com",
                    "hours": None,
                    "reply_within_hours": 24,
                },
            ],
        }
    )
