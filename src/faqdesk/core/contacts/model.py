"""Contacts and their channels, and the contacts YAML format (see issue 4).

Loading never raises: every problem becomes a :class:`~faqdesk.core.problems.Problem` naming
the contact and the field, and everything else still loads.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from faqdesk.core.contacts import checks
from faqdesk.core.contacts.checks import (
    CHANNEL_SKIPPED,
    CONTACT_SKIPPED,
    IGNORED,
    SKIPPED,
    THIS_ONE_SKIPPED,
    Place,
    channel_phrase,
    using,
)
from faqdesk.core.contacts.hours import WeeklyHours
from faqdesk.core.contacts.phones import e164
from faqdesk.core.contacts.zones import MOSCOW, is_valid_zone
from faqdesk.core.problems import Problem
from faqdesk.core.scripts import printable

DEFAULT_TZ = MOSCOW
DEFAULT_MARGIN_MINUTES = 30
MAX_MARGIN_MINUTES = 240
CALENDARS = ("RU", "none")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LANGS = ("zh", "en")
#: libyaml's loader where PyYAML has it (reads the bundled contacts file 9× faster)
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def _channel_from_mapping(
    data: object, place: Place, index: int, strict: bool = False
) -> tuple[Channel | None, list[Problem]]:
    """One channel of the list ``channels`` (at ``index``); ``place`` is the contact's.
    ``strict``: the channel id must follow the id rule (see :func:`contact_from_mapping`)."""
    where, prefix = place.where, f"channels[{index}]"
    if not isinstance(data, Mapping):
        number = index + 1
        return None, [
            Problem.of(
                where,
                "contact.channel.not_mapping",
                field=prefix,
                value=data,
                number=number,
                outcome=SKIPPED,
            )
        ]
    raw_id = data.get("id")
    channel_id = printable(str(raw_id)).strip() if raw_id is not None else ""
    here = Place(where, f"{prefix}.", channel_phrase(channel_id, index), index + 1, channel_id)
    raw_kind = str(data.get("kind", "")).strip().lower()
    try:
        kind = ChannelKind(raw_kind)
    except ValueError:
        known = ", ".join(k.value for k in ChannelKind)
        problem = here.problem(
            "contact.kind", "kind", raw_kind, known=known, outcome=CHANNEL_SKIPPED
        )
        return None, [problem]
    # Any channel id is kept as it is: the old command line stored ids such as "Office", and a
    # rule added later must not drop a channel the user already has.
    channel_id = channel_id or kind.value
    here = replace(here, channel_id=channel_id)
    if strict and not ID_RE.match(channel_id):
        return None, [here.problem("contact.id.bad", "id", channel_id, outcome=CHANNEL_SKIPPED)]
    problems: list[Problem] = []
    raw_value = data.get("value")
    channel = Channel(
        id=channel_id,
        kind=kind,
        value="" if raw_value is None else printable(str(raw_value)).strip(),
        hours=checks.hours(data.get("hours"), here, problems),
        reply_within_hours=_reply(data.get("reply_within_hours"), here, problems),
        label=checks.texts(data.get("label"), here, "label", problems),
    )
    return channel, problems


def _reply(raw: object, place: Place, problems: list[Problem]) -> float | None:
    """The usual reply time in hours: a positive, finite number."""
    if raw is None:
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 0 < raw < math.inf:
        return float(raw)
    problems.append(place.problem("contact.reply.bad", "reply_within_hours", raw, outcome=IGNORED))
    return None


def _channels(
    raw: object, here: Place, problems: list[Problem], strict: bool = False
) -> tuple[Channel, ...]:
    """The channels of a contact; bad ones and repeated ids are reported and left out."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(here.problem("contact.channels.not_list", "channels", raw))
        return ()
    channels: list[Channel] = []
    for index, raw_channel in enumerate(raw):
        channel, found = _channel_from_mapping(raw_channel, here, index, strict)
        problems.extend(found)
        if channel is None:
            continue
        if any(other.id == channel.id for other in channels):
            problems.append(
                here.problem(
                    "contact.channel.id.duplicate",
                    f"channels[{index}].id",
                    channel.id,
                    row=index + 1,
                    outcome=SKIPPED,
                )
            )
            continue
        channels.append(channel)
    return tuple(channels)


def _calendar(data: Mapping[Any, Any], here: Place, problems: list[Problem]) -> str:
    calendar = str(data.get("calendar") or "RU").strip()
    if calendar.lower() in ("ru", "none"):
        return "RU" if calendar.lower() == "ru" else "none"
    problems.append(
        here.problem("contact.calendar.unknown", "calendar", calendar, outcome=using("RU"))
    )
    return "RU"


def _margin(data: Mapping[Any, Any], here: Place, problems: list[Problem]) -> int:
    raw = data.get("margin_minutes")
    if raw is None:
        return DEFAULT_MARGIN_MINUTES
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= MAX_MARGIN_MINUTES:
        return raw
    outcome = using(DEFAULT_MARGIN_MINUTES)
    problems.append(
        here.problem(
            "contact.margin.bad", "margin_minutes", raw, most=MAX_MARGIN_MINUTES, outcome=outcome
        )
    )
    return DEFAULT_MARGIN_MINUTES


def _verified(data: Mapping[Any, Any], here: Place, problems: list[Problem]) -> date | None:
    raw = data.get("verified")
    if isinstance(raw, date):
        return raw
    if raw is None:
        return None
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        problems.append(here.problem("contact.verified.bad", "verified", raw))
        return None


def _contact_id(data: Mapping[Any, Any], where: str) -> tuple[str, Problem | None]:
    """The contact's id, or a problem when it is missing or not lowercase letters, digits, -."""
    raw_id = data.get("id")
    contact_id = "" if raw_id is None else str(raw_id).strip()
    if contact_id and ID_RE.match(contact_id):
        return contact_id, None
    code = "contact.id.bad" if contact_id else "contact.id.missing"
    return "", Problem.of(where, code, field="id", value=contact_id, outcome=CONTACT_SKIPPED)


def contact_from_mapping(
    data: object, where: str, *, origin: str = "bundled", strict: bool = False
) -> tuple[Contact | None, list[Problem]]:
    """Build a contact from its mapping form; never raises.

    Returns ``(None, problems)`` when the contact cannot be used at all (no valid id, unknown
    time zone); smaller faults (a bad channel, malformed hours) are reported and left out —
    malformed hours become unknown hours, never guessed ones. Each problem names its
    ``field`` (``tz``, ``hours.mon-fri``, ``channels[2].reply_within_hours``); a form puts it
    under that field and shows :func:`~faqdesk.core.contacts.checks.without_outcome`'s
    sentence, since it saves nothing while anything is wrong.

    ``strict`` (what the user is about to save, from the editor or ``faqdesk contacts``): a
    channel id must also follow the id rule (lowercase letters, digits, '-': an id with ':' or
    a space cannot be named in ``--reply ID:…``). Stored and bundled contacts load without it,
    so a channel an earlier version stored as "Office" is kept, not dropped.
    """
    if not isinstance(data, Mapping):
        return None, [Problem.of(where, "contact.not_mapping", value=data, outcome=SKIPPED)]
    contact_id, bad_id = _contact_id(data, where)
    if bad_id is not None:
        return None, [bad_id]
    here = Place(f"{where}: contact '{contact_id}'")
    tz = str(data.get("tz") or DEFAULT_TZ).strip()
    if not is_valid_zone(tz):
        return None, [here.problem("contact.tz.unknown", "tz", tz, outcome=CONTACT_SKIPPED)]
    problems: list[Problem] = []
    calendar = _calendar(data, here, problems)
    margin = _margin(data, here, problems)
    verified = _verified(data, here, problems)
    raw_source = data.get("source")
    source = printable(str(raw_source)).strip() if raw_source is not None else ""
    contact = Contact(
        id=contact_id,
        name=checks.texts(data.get("name"), here, "name", problems),
        tz=tz,
        calendar=calendar,
        margin_minutes=margin,
        verified=verified,
        source=source or None,
        notes=checks.texts(data.get("notes"), here, "notes", problems),
        hours=checks.hours(data.get("hours"), here, problems),
        channels=_channels(data.get("channels"), here, problems, strict),
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
        return [], [Problem.of(where, "contacts.file.unreadable", value=str(path), error=exc)]
    try:
        data = yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        error = getattr(exc, "problem", exc)
        if mark is None:
            return [], [Problem.of(where, "contacts.file.not_yaml", error=error)]
        return [], [Problem.of(where, "contacts.file.not_yaml_at", line=mark.line + 1, error=error)]
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
        return [], [Problem.of(where, "contacts.document.bad")]
    if not isinstance(raw_contacts, list):
        return [], [Problem.of(where, "contacts.document.not_list", field="contacts")]
    contacts: list[Contact] = []
    problems: list[Problem] = []
    for raw in raw_contacts:
        contact, found = contact_from_mapping(raw, where, origin=origin)
        problems.extend(found)
        if contact is None:
            continue
        if any(other.id == contact.id for other in contacts):
            problems.append(
                Problem.of(
                    f"{where}: contact '{contact.id}'",
                    "contact.id.duplicate",
                    field="id",
                    value=contact.id,
                    outcome=THIS_ONE_SKIPPED,
                )
            )
            continue
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
        digits = e164(value) or _phone_digits(value)  # E.164 when the number is valid
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
