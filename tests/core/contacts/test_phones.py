"""Phone numbers: validated, shown in international format, dialled as E.164, zones."""

from __future__ import annotations

import pytest

from faqdesk.core.contacts import phones
from faqdesk.core.contacts.model import Channel, ChannelKind, open_url


@pytest.mark.parametrize(
    ("typed", "shown", "dialled", "zone"),
    [
        ("+86 138 0013 8000", "+86 138 0013 8000", "+8613800138000", "Asia/Shanghai"),
        ("13800138000", "+86 138 0013 8000", "+8613800138000", "Asia/Shanghai"),
        ("+7 (495) 123-45-67", "+7 495 123-45-67", "+74951234567", "Europe/Moscow"),
        ("8 383 555 01 03", "+7 383 555-01-03", "+73835550103", "Asia/Novosibirsk"),
        ("0086 21 6555 0101", "+86 21 6555 0101", "+862165550101", "Asia/Shanghai"),
        ("+7 913 555 01 02", "+7 913 555-01-02", "+79135550102", None),  # a mobile: many zones
    ],
)
def test_valid_numbers(typed: str, shown: str, dialled: str, zone: str | None) -> None:
    assert phones.is_valid(typed)
    assert phones.international(typed) == shown
    assert phones.e164(typed) == dialled
    assert phones.zone_of(typed) == zone


@pytest.mark.parametrize("typed", ["", "12", "+7 900", "not a number", "+1 555 555 5555", "9" * 80])
def test_numbers_that_are_not_valid(typed: str) -> None:
    assert not phones.is_valid(typed)
    assert phones.international(typed) is None and phones.zone_of(typed) is None


def test_tel_uris_with_an_extension() -> None:
    assert phones.from_uri("tel:+1-418-656-9254;ext=102") == "+1-418-656-9254 ext. 102"
    assert phones.from_uri("tel:+7-843-555-0000") == "+7-843-555-0000"
    assert phones.from_uri("+7 843") == "+7 843"


def test_tel_links_dial_e164() -> None:
    channel = Channel("phone", ChannelKind.PHONE, "8 (383) 555-01-03")
    assert open_url(channel) == "tel:+73835550103"
    odd = Channel("phone", ChannelKind.PHONE, "+7 900")  # not valid: dialled as typed
    assert open_url(odd) == "tel:+7900"
