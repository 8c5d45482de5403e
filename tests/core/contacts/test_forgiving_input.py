"""What people type, read forgivingly: hours, city names for zones, a channel's value."""

from __future__ import annotations

from datetime import date

import pytest

from faqdesk.core.contacts.hours import HoursError, normalize_hours
from faqdesk.core.contacts.model import ChannelKind, Contact, contact_from_mapping
from faqdesk.core.contacts.values import check_value, filled_in
from faqdesk.core.contacts.zones import zone_display, zone_from_text


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("9-18", "09:00-18:00"),
        ("9:00–18:00", "09:00-18:00"),
        ("09.00-18.00", "09:00-18:00"),
        ("９：００－１８：００", "09:00-18:00"),
        ("9:00 至 18:00", "09:00-18:00"),
        ("9到18", "09:00-18:00"),
        ("9-13，14-18", "09:00-13:00, 14:00-18:00"),
        ("18-9", "18:00-09:00"),
        ("closed", "closed"),
        ("24h", "24h"),
    ],
)
def test_hours_are_read_forgivingly(typed: str, normal: str) -> None:
    assert normalize_hours(typed) == normal


@pytest.mark.parametrize("typed", ["", "abc", "9-", "25-26", "9-18-20", "\x00\x1b[31m", "9" * 5000])
def test_unreadable_hours_raise_the_strict_message(typed: str) -> None:
    with pytest.raises(HoursError):
        normalize_hours(typed)


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("北京", "Asia/Shanghai"),
        ("上海", "Asia/Shanghai"),
        ("莫斯科", "Europe/Moscow"),
        ("Beijing", "Asia/Shanghai"),
        ("moscow", "Europe/Moscow"),
        ("Novosibirsk", "Asia/Novosibirsk"),
        ("新西伯利亚", "Asia/Novosibirsk"),
        ("Asia/Shanghai", "Asia/Shanghai"),
        ("Etc/UTC", "UTC"),
        ("los angeles", "America/Los_Angeles"),
    ],
)
def test_city_names_map_to_zones(typed: str, zone: str) -> None:
    assert zone_from_text(typed) == zone


@pytest.mark.parametrize(
    "typed", ["", "Mars/Olympus", "../../etc/passwd", "/etc/localtime", "x" * 500]
)
def test_unknown_places_are_no_zone(typed: str) -> None:
    assert zone_from_text(typed) is None


def test_zones_are_shown_without_raw_ids_in_chinese() -> None:
    assert zone_display("Etc/UTC", "zh") == "UTC"
    assert zone_display("Europe/Moscow", "zh") == "莫斯科"
    assert zone_display("Europe/Moscow", "en") == "Europe/Moscow"


@pytest.mark.parametrize(
    ("kind", "typed", "value"),
    [
        (ChannelKind.PHONE, " +7 800 000-00-00 ", "+7 800 000-00-00"),
        (ChannelKind.PHONE, "+86 (755) 1234 5678", "+86 (755) 1234 5678"),
        (ChannelKind.TELEGRAM, "@ozon_help", "@ozon_help"),
        (ChannelKind.TELEGRAM, "https://t.me/ozon_help", "@ozon_help"),
        (ChannelKind.VK, "vk.com/ozon", "https://vk.com/ozon"),
        (ChannelKind.EMAIL, "desk@example.com", "desk@example.com"),
    ],
)
def test_values_are_checked_and_tidied(kind: ChannelKind, typed: str, value: str) -> None:
    found = check_value(kind, typed)
    assert found.ok and found.value == value


@pytest.mark.parametrize(
    ("kind", "typed", "code"),
    [
        (ChannelKind.PHONE, "call me", "contacts.fill.phone"),
        (ChannelKind.PHONE, "8 800 000 00 00", "contacts.fill.phone"),
        (ChannelKind.TELEGRAM, "<b>x</b>", "contacts.fill.telegram"),
        (ChannelKind.VK, "javascript:alert(1)", "contacts.fill.vk"),
        (ChannelKind.PHONE, "", "contacts.fill.empty"),
        (ChannelKind.EMAIL, "a\x1bb", "contacts.fill.empty"),
        (ChannelKind.EMAIL, "a\nb", "contacts.fill.empty"),
        (ChannelKind.EMAIL, "x" * 1000, "contacts.fill.too_long"),
    ],
)
def test_bad_values_are_refused_with_a_reason(kind: ChannelKind, typed: str, code: str) -> None:
    found = check_value(kind, typed)
    assert not found.ok and found.problem is not None and found.problem.code == code


def _ozon() -> Contact:
    contact, problems = contact_from_mapping(
        {
            "id": "ozon",
            "name": {"en": "Ozon"},
            "source": "https://seller.ozon.ru",
            "channels": [{"id": "phone", "kind": "phone", "value": ""}],
        },
        "test",
    )
    assert contact is not None and not problems
    return contact


def test_filling_in_sets_the_value_the_date_and_the_source() -> None:
    today = date(2026, 11, 30)
    changed = filled_in(_ozon(), "phone", "+7 800 000-00-00", today, "官网")
    assert changed.channel("phone").value == "+7 800 000-00-00"  # type: ignore[union-attr]
    assert (changed.verified, changed.source) == (today, "官网")
    kept = filled_in(_ozon(), "phone", "+7 800 000-00-00", today, "  \x1b  ")
    assert kept.source == "https://seller.ozon.ru"  # nothing readable typed: the old source
    with pytest.raises(KeyError):
        filled_in(_ozon(), "telegram", "@x", today)
