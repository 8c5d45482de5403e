"""A channel's value as a person types it: checked and tidied before it is saved.

The contact panel's inline "fill in" field uses it (issue 12): a phone is ``+`` and digits (spaces,
dashes, dots and brackets allowed), Telegram an ``@name`` or a ``t.me`` link, VK a ``vk.com``
link; other kinds take any single line. Control characters are refused, not stored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from faqdesk.core.contacts.model import Channel, ChannelKind, Contact
from faqdesk.core.text import Phrase

#: The longest value a contact detail may have.
MAX_LENGTH = 300

_PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-().]{4,30}[0-9]$")
_TELEGRAM_NAME_RE = re.compile(r"^@?([A-Za-z][A-Za-z0-9_]{3,31})$")
_TELEGRAM_LINK_RE = re.compile(
    r"^(?:https?://)?(?:www\.)?(?:t\.me|telegram\.me)/([A-Za-z][A-Za-z0-9_]{3,31})/?$",
    re.IGNORECASE,
)
_VK_LINK_RE = re.compile(r"^(?:https?://)?(?:www\.|m\.)?vk\.(?:com|ru)/([A-Za-z0-9_.]{2,64})/?$")


@dataclass(frozen=True)
class ValueCheck:
    """The tidied value, or the problem that keeps it from being saved."""

    value: str
    problem: Phrase | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in text)


def check_value(kind: ChannelKind, typed: str) -> ValueCheck:
    """Check and tidy what the user typed for a channel of ``kind``."""
    value = unicodedata.normalize("NFKC", typed).strip()
    if not value:
        return ValueCheck("", Phrase.of("contacts.fill.empty"))
    if len(value) > MAX_LENGTH or "\n" in value or _has_control(value):
        problem = "contacts.fill.too_long" if len(value) > MAX_LENGTH else "contacts.fill.empty"
        return ValueCheck("", Phrase.of(problem))
    if kind is ChannelKind.PHONE:
        if not _PHONE_RE.match(value) or not value.startswith("+"):
            return ValueCheck(value, Phrase.of("contacts.fill.phone"))
        return ValueCheck(re.sub(r"\s+", " ", value))
    if kind is ChannelKind.TELEGRAM:
        match = _TELEGRAM_NAME_RE.match(value) or _TELEGRAM_LINK_RE.match(value)
        if match is None:
            return ValueCheck(value, Phrase.of("contacts.fill.telegram"))
        return ValueCheck("@" + match.group(1))
    if kind is ChannelKind.VK:
        found = _VK_LINK_RE.match(value)
        if found is None:
            return ValueCheck(value, Phrase.of("contacts.fill.vk"))
        return ValueCheck("https://vk.com/" + found.group(1))
    return ValueCheck(value)


def filled_in(
    contact: Contact, channel_id: str, value: str, today: date, source: str = ""
) -> Contact:
    """``contact`` with ``channel_id``'s value set, ``verified`` today and the user's source
    (kept as it was when none is typed). Raises ``KeyError`` for an unknown channel."""
    if contact.channel(channel_id) is None:
        raise KeyError(channel_id)
    channels: tuple[Channel, ...] = tuple(
        replace(channel, value=value) if channel.id == channel_id else channel
        for channel in contact.channels
    )
    cleaned = unicodedata.normalize("NFKC", source).strip()
    if _has_control(cleaned) or len(cleaned) > MAX_LENGTH:
        cleaned = ""
    return replace(contact, channels=channels, verified=today, source=cleaned or contact.source)
