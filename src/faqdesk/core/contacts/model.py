"""Contacts and their channels, and the contacts YAML format (see issue 4).

Loading never raises: every problem becomes a :class:`~faqdesk.core.problems.Problem` naming
the contact and the field, and everything else still loads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml

from faqdesk.core.contacts.hours import HoursError, WeeklyHours
from faqdesk.core.problems import Problem

#: Ozon's zone, the zone the call-time answers are given in and the default of a contact.
MOSCOW = "Europe/Moscow"
DEFAULT_TZ = MOSCOW
DEFAULT_MARGIN_MINUTES = 30
MAX_MARGIN_MINUTES = 240
CALENDARS = ("RU", "none")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LANGS = ("zh", "en")


class ChannelKind(StrEnum):
    """How a contact can be reached."""

    PHONE = "phone"
    TICKET = "ticket"
    CHAT = "chat"
    TELEGRAM = "telegram"
    VK = "vk"
    WECHAT = "wechat"
    WHATSAPP = "whatsapp"
    EMAIL = "email"
    WEB = "web"

    @property
    def is_written(self) -> bool:
        """True for channels where one writes and waits for a reply (all but phone)."""
        return self is not ChannelKind.PHONE


@dataclass(frozen=True)
class Channel:
    """One way to reach a contact: a phone number, a ticket form, a Telegram handle…"""

    id: str
    kind: ChannelKind
    value: str = ""
    label: Mapping[str, str] = field(default_factory=dict)
    hours: WeeklyHours | None = None
    reply_within_hours: float | None = None


@dataclass(frozen=True)
class Contact:
    """Someone to contact, with the zone and hours their channels follow."""

    id: str
    name: Mapping[str, str]
    tz: str = DEFAULT_TZ
    calendar: str = "RU"
    margin_minutes: int = DEFAULT_MARGIN_MINUTES
    verified: date | None = None
    source: str | None = None
    notes: Mapping[str, str] = field(default_factory=dict)
    hours: WeeklyHours | None = None
    channels: tuple[Channel, ...] = ()
    origin: str = "bundled"

    def display_name(self, lang: str = "en") -> str:
        """The name in ``lang`` (``"zh"`` or ``"en"``), falling back to the other, then the id."""
        return pick_text(self.name, lang) or self.id

    def channel(self, channel_id: str) -> Channel | None:
        """The channel with this id, or None."""
        for channel in self.channels:
            if channel.id == channel_id:
                return channel
        return None

    def hours_for(self, channel: Channel) -> WeeklyHours | None:
        """The hours that decide the channel's status: its own hours; for a phone without its
        own, the contact's. Written channels without their own hours have none (you can write
        any time), and neither has a phone when no hours are known anywhere (never guessed)."""
        if channel.hours is not None:
            return channel.hours
        return self.hours if channel.kind is ChannelKind.PHONE else None


def pick_text(texts: Mapping[str, str], lang: str) -> str:
    """The text in ``lang``, else in another language (zh, en, then any), else empty."""
    if texts.get(lang):
        return texts[lang]
    for other in (*_LANGS, *texts.keys()):
        if texts.get(other):
            return texts[other]
    return ""


# --- reading -------------------------------------------------------------------------------


def _texts(value: object, where: str, field_name: str, problems: list[Problem]) -> dict[str, str]:
    """A ``{zh: …, en: …}`` mapping; a plain string counts for both languages."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {"zh": value, "en": value} if value.strip() else {}
    if isinstance(value, Mapping):
        result: dict[str, str] = {}
        for key, text in value.items():
            if text is None:
                continue
            if not isinstance(text, str | int | float):
                problems.append(Problem(where, f"field '{field_name}.{key}' is not text"))
                continue
            if str(text).strip():
                result[str(key)] = str(text).strip()
        return result
    problems.append(Problem(where, f"field '{field_name}' must be text or {{zh: …, en: …}}"))
    return {}


def _hours(
    value: object, where: str, field_name: str, problems: list[Problem]
) -> WeeklyHours | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        problems.append(
            Problem(
                where,
                f"field '{field_name}' must be a mapping like mon-fri: \"09:00-18:00\"; "
                "hours treated as unknown",
            )
        )
        return None
    mapping = {str(k): v for k, v in value.items()}
    # Each key on its own first, so that every bad key is reported, not just the first.
    bad = 0
    for key, text in mapping.items():
        probe = {key: text} if key.strip().lower() != "breaks" else {key: text, "daily": "24h"}
        try:
            WeeklyHours.from_mapping(probe)
        except HoursError as exc:
            bad += 1
            problems.append(
                Problem(where, f"field '{field_name}': {exc}; hours treated as unknown")
            )
    if bad:
        return None
    try:
        return WeeklyHours.from_mapping(mapping)
    except HoursError as exc:
        problems.append(Problem(where, f"field '{field_name}': {exc}; hours treated as unknown"))
        return None


def is_valid_zone(name: str) -> bool:
    """True when ``name`` is an IANA time zone known to this system (e.g. ``Asia/Shanghai``)."""
    if not name or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


@cache
def zone_names() -> tuple[str, ...]:
    """The IANA zones a user picks from, sorted: ``Area/City`` names and ``UTC``, without the
    ``Etc/``, ``SystemV/``, ``posix/`` and ``right/`` aliases."""
    names = {
        name
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    }
    return tuple(sorted(names | {"UTC"}))


def _channel_from_mapping(
    data: object, where: str, index: int, problems: list[Problem]
) -> Channel | None:
    if not isinstance(data, Mapping):
        problems.append(Problem(where, f"channel #{index + 1} is not a mapping; skipped"))
        return None
    raw_id = data.get("id")
    channel_id = str(raw_id).strip() if raw_id is not None else ""
    label = f"channel '{channel_id}'" if channel_id else f"channel #{index + 1}"
    raw_kind = str(data.get("kind", "")).strip().lower()
    try:
        kind = ChannelKind(raw_kind)
    except ValueError:
        known = ", ".join(k.value for k in ChannelKind)
        problems.append(
            Problem(
                where,
                f"{label}, field 'kind': unknown channel kind '{raw_kind}' "
                f"(use one of {known}); channel skipped",
            )
        )
        return None
    if not channel_id:
        channel_id = kind.value
    raw_value = data.get("value")
    value = "" if raw_value is None else str(raw_value).strip()
    hours = _hours(data.get("hours"), where, f"{label}.hours", problems)
    reply: float | None = None
    raw_reply = data.get("reply_within_hours")
    if raw_reply is not None:
        if isinstance(raw_reply, int | float) and not isinstance(raw_reply, bool) and raw_reply > 0:
            reply = float(raw_reply)
        else:
            problems.append(
                Problem(
                    where,
                    f"{label}, field 'reply_within_hours': {raw_reply!r} is not a "
                    "positive number; ignored",
                )
            )
    return Channel(
        id=channel_id,
        kind=kind,
        value=value,
        label=_texts(data.get("label"), where, f"{label}.label", problems),
        hours=hours,
        reply_within_hours=reply,
    )


def contact_from_mapping(
    data: object, where: str, *, origin: str = "bundled"
) -> tuple[Contact | None, list[Problem]]:
    """Build a contact from its mapping form; never raises.

    Returns ``(None, problems)`` when the contact cannot be used at all (no valid id, unknown
    time zone); smaller faults (a bad channel, malformed hours) are reported and left out —
    malformed hours become unknown hours, never guessed ones.
    """
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        return None, [Problem(where, "contact is not a mapping; skipped")]
    raw_id = data.get("id")
    contact_id = "" if raw_id is None else str(raw_id).strip()
    if not contact_id or not ID_RE.match(contact_id):
        shown = contact_id or "(missing)"
        return None, [
            Problem(
                where,
                f"contact '{shown}', field 'id': use lowercase letters, digits and "
                "'-' (e.g. ozon-seller-support); contact skipped",
            )
        ]
    here = f"{where}: contact '{contact_id}'"
    tz = str(data.get("tz") or DEFAULT_TZ).strip()
    if not is_valid_zone(tz):
        problems.append(
            Problem(
                here,
                f"field 'tz': unknown time zone '{tz}' (use an IANA name such as "
                "Europe/Moscow); contact skipped",
            )
        )
        return None, problems
    calendar = str(data.get("calendar") or "RU").strip()
    if calendar.lower() == "ru":
        calendar = "RU"
    elif calendar.lower() == "none":
        calendar = "none"
    else:
        problems.append(
            Problem(
                here, f"field 'calendar': unknown calendar '{calendar}' (use RU or none); using RU"
            )
        )
        calendar = "RU"
    margin = DEFAULT_MARGIN_MINUTES
    raw_margin = data.get("margin_minutes")
    if raw_margin is not None:
        if (
            isinstance(raw_margin, int)
            and not isinstance(raw_margin, bool)
            and 0 <= raw_margin <= MAX_MARGIN_MINUTES
        ):
            margin = raw_margin
        else:
            problems.append(
                Problem(
                    here,
                    f"field 'margin_minutes': {raw_margin!r} is not a whole number of "
                    f"minutes from 0 to {MAX_MARGIN_MINUTES}; using {DEFAULT_MARGIN_MINUTES}",
                )
            )
    verified: date | None = None
    raw_verified = data.get("verified")
    if isinstance(raw_verified, date):
        verified = raw_verified
    elif raw_verified is not None:
        try:
            verified = date.fromisoformat(str(raw_verified))
        except ValueError:
            problems.append(
                Problem(here, f"field 'verified': {raw_verified!r} is not a date like 2026-11-26")
            )
    raw_source = data.get("source")
    source = str(raw_source).strip() if raw_source is not None and str(raw_source).strip() else None
    name = _texts(data.get("name"), here, "name", problems)
    notes = _texts(data.get("notes"), here, "notes", problems)
    hours = _hours(data.get("hours"), here, "hours", problems)
    channels: list[Channel] = []
    raw_channels = data.get("channels")
    if raw_channels is None:
        raw_channels = []
    if not isinstance(raw_channels, list):
        problems.append(Problem(here, "field 'channels' must be a list"))
        raw_channels = []
    seen: set[str] = set()
    for index, raw_channel in enumerate(raw_channels):
        channel = _channel_from_mapping(raw_channel, here, index, problems)
        if channel is None:
            continue
        if channel.id in seen:
            problems.append(
                Problem(here, f"channel '{channel.id}', field 'id': duplicate channel id; skipped")
            )
            continue
        seen.add(channel.id)
        channels.append(channel)
    contact = Contact(
        id=contact_id,
        name=name,
        tz=tz,
        calendar=calendar,
        margin_minutes=margin,
        verified=verified,
        source=source,
        notes=notes,
        hours=hours,
        channels=tuple(channels),
        origin=origin,
    )
    return contact, problems


def load_contacts_file(
    path: Path, *, origin: str = "bundled"
) -> tuple[list[Contact], list[Problem]]:
    """Read a contacts YAML file (``contacts: [...]``); never raises.

    Problems name the file, the contact and the field; duplicate ids keep the first contact.
    """
    where = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(where, f"cannot read the contacts file: {exc}")]
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1})" if mark is not None else ""
        return [], [Problem(where, f"not valid YAML{at}: {getattr(exc, 'problem', exc)}")]
    return contacts_from_document(data, where, origin=origin)


def contacts_from_document(
    data: object, where: str, *, origin: str = "bundled"
) -> tuple[list[Contact], list[Problem]]:
    """The contacts of an already-parsed document ``{contacts: [...]}``; never raises."""
    if data is None:
        return [], []
    if isinstance(data, list):
        raw_contacts: object = data
    elif isinstance(data, Mapping):
        raw_contacts = data.get("contacts", [])
    else:
        return [], [Problem(where, "expected 'contacts:' followed by a list of contacts")]
    if not isinstance(raw_contacts, list):
        return [], [Problem(where, "field 'contacts' must be a list")]
    contacts: list[Contact] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for raw in raw_contacts:
        contact, found = contact_from_mapping(raw, where, origin=origin)
        problems.extend(found)
        if contact is None:
            continue
        if contact.id in seen:
            problems.append(
                Problem(
                    f"{where}: contact '{contact.id}'",
                    "field 'id': duplicate contact id; this one skipped",
                )
            )
            continue
        seen.add(contact.id)
        contacts.append(contact)
    return contacts, problems


# --- writing -------------------------------------------------------------------------------


def _channel_to_mapping(channel: Channel) -> dict[str, Any]:
    result: dict[str, Any] = {"id": channel.id, "kind": channel.kind.value, "value": channel.value}
    if channel.label:
        result["label"] = dict(channel.label)
    if channel.hours is not None:
        result["hours"] = channel.hours.to_mapping()
    if channel.reply_within_hours is not None:
        reply = channel.reply_within_hours
        result["reply_within_hours"] = int(reply) if reply == int(reply) else reply
    return result


def contact_to_mapping(contact: Contact) -> dict[str, Any]:
    """The mapping form of ``contact`` (the YAML format; ``origin`` is not part of it).

    ``contact_from_mapping(contact_to_mapping(c), …)`` gives back an equal contact.
    """
    result: dict[str, Any] = {
        "id": contact.id,
        "name": dict(contact.name),
        "tz": contact.tz,
        "calendar": contact.calendar,
        "margin_minutes": contact.margin_minutes,
    }
    if contact.verified is not None:
        result["verified"] = contact.verified.isoformat()
    if contact.source:
        result["source"] = contact.source
    if contact.notes:
        result["notes"] = dict(contact.notes)
    if contact.hours is not None:
        result["hours"] = contact.hours.to_mapping()
    result["channels"] = [_channel_to_mapping(channel) for channel in contact.channels]
    return result


# --- opening a channel ---------------------------------------------------------------------

_HANDLE_RE = re.compile(r"^[A-Za-z0-9_.]{2,64}$")
_EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")
_URL_RE = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)
_TG_URL_RE = re.compile(r"^(?:https?://)?(?:t\.me|telegram\.me)/([A-Za-z0-9_]{3,64})/?$", re.I)
_VK_URL_RE = re.compile(r"^(?:https?://)?(?:m\.)?vk\.(?:com|ru)/([A-Za-z0-9_.]{2,64})/?$", re.I)


def _phone_digits(value: str) -> str | None:
    cleaned = re.sub(r"[\s\-().]", "", value)
    if re.fullmatch(r"\+?\d{3,15}", cleaned):
        return cleaned
    return None


def open_url(channel: Channel) -> str | None:
    """The URL that opens ``channel`` (``tel:``, ``tg://``, ``https://``, ``mailto:``), or None
    when the value is empty, not a usable address, or unsafe (e.g. ``javascript:``)."""
    value = channel.value.strip()
    if not value or any(ord(ch) < 32 for ch in value):
        return None
    kind = channel.kind
    if kind is ChannelKind.PHONE:
        digits = _phone_digits(value)
        return f"tel:{digits}" if digits else None
    if kind is ChannelKind.WHATSAPP:
        digits = _phone_digits(value)
        if digits:
            return f"https://wa.me/{digits.lstrip('+')}"
        return (
            value if _URL_RE.match(value) and value.lower().startswith("https://wa.me/") else None
        )
    if kind is ChannelKind.TELEGRAM:
        match = _TG_URL_RE.match(value)
        handle = match.group(1) if match else value.removeprefix("@")
        return f"tg://resolve?domain={quote(handle)}" if _HANDLE_RE.match(handle) else None
    if kind is ChannelKind.VK:
        match = _VK_URL_RE.match(value)
        handle = match.group(1) if match else value.removeprefix("@")
        return f"https://vk.com/{quote(handle)}" if _HANDLE_RE.match(handle) else None
    if kind is ChannelKind.EMAIL:
        address = value.removeprefix("mailto:")
        return f"mailto:{address}" if _EMAIL_RE.match(address) else None
    if kind is ChannelKind.WECHAT:
        return value if _URL_RE.match(value) and value.lower().startswith("https://") else None
    # ticket, chat, web: an official page
    return value if _URL_RE.match(value) else None
