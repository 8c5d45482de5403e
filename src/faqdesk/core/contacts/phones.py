"""Phone numbers through Google's ``phonenumbers``: checked, shown in international format,
dialled as E.164, and the time zone their country and area tell.

A number is stored as the user typed it; these functions only read it. A number written
without ``+`` is read as Chinese or Russian (the app's two audiences: ``138 0000 0000``,
``8 913 555-01-02``) when exactly one of them makes it a valid number.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from faqdesk.core.contacts.zones import is_valid_zone

if TYPE_CHECKING:  # phonenumbers (0.04 s) is imported when a number is first read
    import phonenumbers

#: The regions a number without a country code is tried in.
HOME_REGIONS = ("CN", "RU")
_EXT_RE = re.compile(r"[;,]\s*ext=(\d{1,10})\s*$", re.IGNORECASE)
_DIGIT_RE = re.compile(r"\d")


def from_uri(value: str) -> str:
    """A ``tel:`` URI (vCard 4.0) as a number a person types: ``tel:+1-555-0100;ext=12`` →
    ``+1-555-0100 ext. 12``; anything else unchanged."""
    text = value.strip()
    if not text.lower().startswith("tel:"):
        return text
    text = text[4:]
    match = _EXT_RE.search(text)
    extension = f" ext. {match.group(1)}" if match else ""
    number = text[: match.start()] if match else text.split(";", 1)[0]
    return number.strip() + extension


@lru_cache(maxsize=4096)
def parse(value: str) -> phonenumbers.PhoneNumber | None:
    """The valid number ``value`` is, or None."""
    text = value.strip()
    if not text or len(text) > 64 or not _DIGIT_RE.search(text):
        return None
    regions: tuple[str | None, ...] = (None,) if text.startswith(("+", "00")) else HOME_REGIONS
    if text.startswith("00"):
        text = "+" + text[2:]
    import phonenumbers

    found: list[phonenumbers.PhoneNumber] = []
    for region in regions:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            found.append(number)
    return found[0] if len(found) == 1 else None


def is_valid(value: str) -> bool:
    """True when ``value`` is a valid phone number (see the module docstring)."""
    return parse(value) is not None


def international(value: str) -> str | None:
    """``+86 138 0000 0000``, ``+7 495 123-45-67``; None for a number that is not valid."""
    number = parse(value)
    if number is None:
        return None
    from phonenumbers import PhoneNumberFormat, format_number

    return str(format_number(number, PhoneNumberFormat.INTERNATIONAL))


def e164(value: str) -> str | None:
    """``+8613800000000`` (what a ``tel:`` link dials); None for a number that is not valid."""
    number = parse(value)
    if number is None:
        return None
    from phonenumbers import PhoneNumberFormat, format_number

    return str(format_number(number, PhoneNumberFormat.E164))


def zone_of(value: str) -> str | None:
    """The one IANA zone the number's country and area lie in (``+86`` → Asia/Shanghai,
    ``+7 495`` → Europe/Moscow, ``+7 383`` → Asia/Novosibirsk); None when the number is not
    valid or could be in several zones (a Russian mobile number)."""
    number = parse(value)
    if number is None:
        return None
    from phonenumbers import timezone

    zones = [z for z in timezone.time_zones_for_number(number) if is_valid_zone(z)]
    return zones[0] if len(zones) == 1 else None
