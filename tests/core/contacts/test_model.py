"""Contacts YAML: loading, validation problems naming contact and field, open_url, bundled file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from faqdesk.core.contacts.model import (
    Channel,
    ChannelKind,
    contact_from_mapping,
    contact_to_mapping,
    load_contacts_file,
    open_url,
)

GOOD = """
contacts:
  - id: forwarder
    name: {zh: 货代, en: Forwarder}
    tz: Asia/Shanghai
    hours: {mon-fri: "09:00-18:00"}
    channels:
      - {id: phone, kind: phone, value: "+86 755 0000 0000"}
"""


def write(tmp_path: Path, text: str, name: str = "contacts.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_a_contact_with_defaults(tmp_path: Path) -> None:
    contacts, problems = load_contacts_file(write(tmp_path, GOOD))
    assert problems == []
    (contact,) = contacts
    assert contact.display_name("zh") == "货代"
    assert contact.display_name("en") == "Forwarder"
    assert contact.tz == "Asia/Shanghai"
    assert contact.calendar == "RU"
    assert contact.margin_minutes == 30
    phone = contact.channel("phone")
    assert phone is not None
    assert phone.kind is ChannelKind.PHONE
    assert contact.hours_for(phone) is contact.hours


def test_display_name_falls_back_to_the_other_language_then_id() -> None:
    contact, _ = contact_from_mapping({"id": "x", "name": {"en": "Only English"}}, "t")
    assert contact is not None
    assert contact.display_name("zh") == "Only English"
    bare, _ = contact_from_mapping({"id": "bare"}, "t")
    assert bare is not None
    assert bare.display_name("zh") == "bare"


def test_bad_contacts_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    text = (
        GOOD
        + """
  - id: bad-zone
    tz: Europe/Atlantis
  - id: bad-hours
    hours: {mon-fri: "9-18"}
    channels:
      - {id: phone, kind: phone, value: "1"}
      - {id: pigeon, kind: pigeon, value: "roof"}
  - id: forwarder
    name: {en: Duplicate}
  - id: Not Valid
  - name: {en: no id}
"""
    )
    contacts, problems = load_contacts_file(write(tmp_path, text))
    assert [c.id for c in contacts] == ["forwarder", "bad-hours"]
    assert contacts[0].display_name("en") == "Forwarder"  # the first of duplicate ids wins
    messages = [str(p) for p in problems]
    assert any(
        "contact 'bad-zone'" in m and "field 'tz'" in m and "Europe/Atlantis" in m for m in messages
    )
    assert any(
        "contact 'bad-hours'" in m and "field 'hours'" in m and "'9-18' is not HH:MM-HH:MM" in m
        for m in messages
    )
    assert any("channel 'pigeon'" in m and "unknown channel kind 'pigeon'" in m for m in messages)
    assert any("contact 'forwarder'" in m and "duplicate" in m for m in messages)
    assert any("contact 'Not Valid'" in m and "field 'id'" in m for m in messages)
    assert any("contact '(missing)'" in m for m in messages)
    bad_hours = contacts[1]
    assert bad_hours.hours is None  # malformed hours become unknown, never guessed
    assert [c.id for c in bad_hours.channels] == ["phone"]


def test_a_file_that_is_not_yaml_is_one_problem(tmp_path: Path) -> None:
    contacts, problems = load_contacts_file(write(tmp_path, "contacts: [\n  - id: x\n  {{{"))
    assert contacts == []
    assert len(problems) == 1
    assert "not valid YAML" in str(problems[0])
    assert str(problems[0]).startswith("contacts.yaml: ")


def test_unreadable_and_wrong_shape_files(tmp_path: Path) -> None:
    assert load_contacts_file(tmp_path / "missing.yaml")[1][0].message.startswith("cannot read")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert load_contacts_file(binary)[0] == []
    _, problems = load_contacts_file(write(tmp_path, "just a string"))
    assert "expected 'contacts:'" in problems[0].message
    _, problems = load_contacts_file(write(tmp_path, "contacts: 5"))
    assert "must be a list" in problems[0].message


def test_mapping_round_trip() -> None:
    data = {
        "id": "nsk",
        "name": {"zh": "新西伯利亚仓库", "en": "Novosibirsk warehouse"},
        "tz": "Asia/Novosibirsk",
        "calendar": "none",
        "margin_minutes": 15,
        "verified": "2026-11-26",
        "source": "https://example.org",
        "notes": {"en": "Ask for Anna"},
        "hours": {"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"},
        "channels": [
            {"id": "phone", "kind": "phone", "value": "+7 383 000"},
            {
                "id": "tg",
                "kind": "telegram",
                "value": "@nsk",
                "label": {"en": "Telegram"},
                "hours": {"daily": "24h"},
                "reply_within_hours": 2,
            },
        ],
    }
    contact, problems = contact_from_mapping(data, "t")
    assert problems == []
    assert contact is not None
    assert contact.verified == date(2026, 11, 26)
    assert contact_to_mapping(contact) == data
    again, _ = contact_from_mapping(contact_to_mapping(contact), "t")
    assert again == contact


def test_bad_small_fields_fall_back_with_a_problem() -> None:
    contact, problems = contact_from_mapping(
        {
            "id": "x",
            "calendar": "CN",
            "margin_minutes": "lots",
            "verified": "yesterday",
            "channels": [{"kind": "email", "value": "a@b.ru", "reply_within_hours": -1}],
        },
        "t",
    )
    assert contact is not None
    assert contact.calendar == "RU"
    assert contact.margin_minutes == 30
    assert contact.verified is None
    assert contact.channels[0].id == "email"
    assert contact.channels[0].reply_within_hours is None
    fields = " ".join(str(p) for p in problems)
    for name in ("'calendar'", "'margin_minutes'", "'verified'", "'reply_within_hours'"):
        assert name in fields


def test_every_bad_hours_key_is_reported_and_the_rest_loads(tmp_path: Path) -> None:
    text = (
        GOOD
        + """
  - id: c
    name: {en: C}
    hours: {mon-fri: "9-18", sat: "25:00-26:00", xyz: "09:00-10:00", sun: "10:00-12:00"}
    channels:
      - id: phone
        kind: phone
        value: "1"
        hours: {mon: "08:00-9", daily: "10:00-11:00", abc: "24h"}
"""
    )
    contacts, problems = load_contacts_file(write(tmp_path, text))
    assert [c.id for c in contacts] == ["forwarder", "c"]
    c = contacts[1]
    assert c.hours is None  # malformed hours become unknown, never guessed
    assert c.channels[0].hours is None
    messages = [str(p) for p in problems]
    expected = [
        ("field 'hours'", "mon-fri: '9-18' is not HH:MM-HH:MM"),
        ("field 'hours'", "sat: '25:00' is not a valid time"),
        ("field 'hours'", "xyz: unknown key 'xyz'"),
        ("field 'channel 'phone'.hours'", "mon: '08:00-9' is not HH:MM-HH:MM"),
        ("field 'channel 'phone'.hours'", "abc: unknown key 'abc'"),
    ]
    for field_text, error in expected:
        assert any("contact 'c'" in m and field_text in m and error in m for m in messages), (
            field_text,
            error,
            messages,
        )
    assert len(messages) == len(expected)


def test_duplicate_channel_ids_are_a_problem() -> None:
    contact, problems = contact_from_mapping(
        {
            "id": "p",
            "channels": [
                {"id": "p", "kind": "phone", "value": "+70"},
                {"id": "p", "kind": "email", "value": "a@b.ru"},
            ],
        },
        "t",
    )
    assert contact is not None
    assert [(c.id, c.kind) for c in contact.channels] == [("p", ChannelKind.PHONE)]
    assert [str(p) for p in problems] == [
        "t: contact 'p': channel 'p', field 'id': duplicate channel id; skipped"
    ]


@pytest.mark.parametrize(
    ("kind", "value", "url"),
    [
        (ChannelKind.PHONE, "+7 (495) 123-45-67", "tel:+74951234567"),
        (ChannelKind.PHONE, "", None),
        (ChannelKind.PHONE, "call me", None),
        (ChannelKind.TELEGRAM, "@ozon_help", "tg://resolve?domain=ozon_help"),
        (ChannelKind.TELEGRAM, "https://t.me/ozon_help", "tg://resolve?domain=ozon_help"),
        (ChannelKind.TELEGRAM, "javascript:alert(1)", None),
        (ChannelKind.VK, "ozon", "https://vk.com/ozon"),
        (ChannelKind.VK, "https://vk.com/ozon", "https://vk.com/ozon"),
        (ChannelKind.EMAIL, "help@example.org", "mailto:help@example.org"),
        (ChannelKind.EMAIL, "not an address", None),
        (ChannelKind.TICKET, "https://seller.ozon.ru", "https://seller.ozon.ru"),
        (ChannelKind.CHAT, "Ozon Seller app → Chats", None),
        (ChannelKind.WEB, "javascript:alert(1)", None),
        (ChannelKind.WEB, "https://x.org/a b", None),
        (ChannelKind.WHATSAPP, "+7 900 000 00 00", "https://wa.me/79000000000"),
        (ChannelKind.WECHAT, "wxid_abc", None),
    ],
)
def test_open_url(kind: ChannelKind, value: str, url: str | None) -> None:
    assert open_url(Channel(id="c", kind=kind, value=value)) == url


def test_written_kinds() -> None:
    assert not ChannelKind.PHONE.is_written
    assert all(kind.is_written for kind in ChannelKind if kind is not ChannelKind.PHONE)


def test_bundled_contacts_hold_only_verifiable_facts(bundled_content: Path) -> None:
    contacts, problems = load_contacts_file(bundled_content / "contacts.yaml")
    assert problems == []
    (ozon,) = contacts
    assert ozon.id == "ozon-seller-support"
    assert ozon.verified == date(2026, 11, 26)
    assert ozon.source == "https://seller.ozon.ru"
    assert ozon.hours is None
    kinds = {c.kind for c in ozon.channels}
    assert {ChannelKind.TICKET, ChannelKind.CHAT, ChannelKind.PHONE} <= kinds
    assert {ChannelKind.TELEGRAM, ChannelKind.VK} <= kinds
    for channel in ozon.channels:
        assert channel.hours is None
        if channel.kind in (ChannelKind.PHONE, ChannelKind.TELEGRAM, ChannelKind.VK):
            assert channel.value == ""  # never a number or handle we could not verify
            assert channel.label["zh"] and channel.label["en"]
    ticket = ozon.channel("ticket")
    assert ticket is not None
    assert ticket.value == "https://seller.ozon.ru"
    assert ticket.reply_within_hours == 24
    assert [c.id for c in ozon.channels if c.reply_within_hours is not None] == ["ticket"]
    assert "not guaranteed" in ozon.notes["en"]
    assert "并非保证" in ozon.notes["zh"]
