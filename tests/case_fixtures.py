"""Contacts and cases the case tests share."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from faqdesk.core.cases.model import NewCase
from faqdesk.core.contacts.model import Contact, contact_from_mapping

#: Thursday 2026-11-26 09:00 UTC = 12:00 in Moscow.
THURSDAY_NOON_MSK = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def make_contact(data: dict[str, Any]) -> Contact:
    contact, problems = contact_from_mapping(data, "test", origin="user")
    assert contact is not None and not problems, problems
    return contact


def desk() -> Contact:
    """Seller support: a ticket form answering within 24 h, a phone mon-fri 09:00-18:00
    Moscow with lunch 13:00-14:00, RU holidays."""
    return make_contact(
        {
            "id": "desk",
            "name": {"zh": "卖家支持", "en": "Seller support"},
            "tz": "Europe/Moscow",
            "calendar": "RU",
            "margin_minutes": 30,
            "hours": {"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"},
            "channels": [
                {"id": "ticket", "kind": "ticket", "value": "https://seller.example/t",
                 "reply_within_hours": 24},
                {"id": "chat", "kind": "chat", "value": "https://seller.example/c",
                 "reply_within_hours": 2},
                {"id": "phone", "kind": "phone", "value": "+7 495 000-00-00"},
            ],
        }
    )  # fmt: skip


def mailbox() -> Contact:
    """A contact with no phone at all: only e-mail (reply within 48 h)."""
    return make_contact(
        {
            "id": "mailbox",
            "name": {"en": "Mailbox"},
            "channels": [
                {"id": "mail", "kind": "email", "value": "a@example.com", "reply_within_hours": 48}
            ],
        }
    )


def contacts() -> dict[str, Contact]:
    return {c.id: c for c in (desk(), mailbox())}


def lost_parcel(**changes: Any) -> NewCase:
    values: dict[str, Any] = {
        "problem": "lost",
        "contact": "desk",
        "channel": "ticket",
        "posting": "12345678-0001-1",
        "order": "12345678-0001",
        "tracking": ("RU123456789CN",),
        "title": "丢件 lost parcel",
        "ticket": "T-77",
        "opened_at": THURSDAY_NOON_MSK,
    }
    values.update(changes)
    return NewCase(**values)
