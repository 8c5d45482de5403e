"""The fields of one vCard (as vobject parsed it) in FAQDesk's terms: the name (from FN, N,
ORG, e-mail or phone, in that order), channels (phones, e-mail, Telegram, VK, WeChat,
WhatsApp, web pages; Apple's ``itemN.X-ABLabel`` as their labels), notes (with the postal
addresses), and FAQDesk's own ``X-FAQDESK-*`` fields, which win so a round trip is lossless.
Other clients' ``X-`` properties are ignored.
"""

from __future__ import annotations

import json
from typing import Any

from faqdesk.core.contacts import phones
from faqdesk.core.contacts.model import ChannelKind
from faqdesk.core.problems import Problem
from faqdesk.core.scripts import has_han


def values(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name, []))


def text_of(line: Any) -> str:
    value = line.value
    if isinstance(value, list):
        value = " ".join(str(part) for part in value)
    return str(value).strip()


def _params(line: Any, name: str) -> list[str]:
    result: list[str] = []
    for value in line.params.get(name, []):
        result.extend(part.strip().lower() for part in str(value).split(","))
    if name == "TYPE":
        result.extend(str(value).lower() for value in getattr(line, "singletonparams", []))
    return result


def _lang_of(text: str) -> str:
    return "zh" if has_han(text) else "en"


def _load_json(card: Any, name: str, where: str, problems: list[Problem]) -> Any:
    lines = values(card, name)
    if not lines:
        return None
    try:
        return json.loads(text_of(lines[0]))
    except ValueError:
        problems.append(
            Problem.of(where, "vcard.json.bad", value=lines[0].value, name=name.upper())
        )
        return None


def _apple_labels(card: Any) -> dict[str, str]:
    """Apple's ``itemN.X-ABLabel`` by group: ``_$!<HomePage>!$_`` → ``HomePage``."""
    labels: dict[str, str] = {}
    for line in values(card, "x-ablabel"):
        group = getattr(line, "group", None)
        text = text_of(line).removeprefix("_$!<").removesuffix(">!$_").strip()
        if group and text:
            labels[str(group).lower()] = text
    return labels


def _standard_channels(card: Any) -> list[dict[str, Any]]:
    channels: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    labels = _apple_labels(card)

    def add(kind: ChannelKind, value: str, line: Any) -> None:
        if not value:
            return
        counts[kind.value] = counts.get(kind.value, 0) + 1
        number = counts[kind.value]
        channel_id = kind.value if number == 1 else f"{kind.value}-{number}"
        channel: dict[str, Any] = {"id": channel_id, "kind": kind.value, "value": value}
        label = labels.get(str(getattr(line, "group", "") or "").lower())
        if label:
            channel["label"] = {_lang_of(label): label}
        channels.append(channel)

    for line in values(card, "tel"):
        value = phones.from_uri(text_of(line))
        kind = ChannelKind.WHATSAPP if "x-whatsapp" in _params(line, "TYPE") else ChannelKind.PHONE
        add(kind, value, line)
    for line in values(card, "email"):
        add(ChannelKind.EMAIL, text_of(line).removeprefix("mailto:"), line)
    social = values(card, "x-socialprofile") + values(card, "impp")
    for line in social:
        value = text_of(line)
        types = _params(line, "TYPE") + _params(line, "X-SERVICE-TYPE")
        lowered = value.lower()
        if "telegram" in types or lowered.startswith(("tg:", "https://t.me/", "telegram:")):
            add(ChannelKind.TELEGRAM, value, line)
        elif "vk" in types or "vkontakte" in types or "vk.com/" in lowered:
            add(ChannelKind.VK, value, line)
        elif "wechat" in types or "weixin" in types or lowered.startswith("weixin:"):
            add(ChannelKind.WECHAT, value, line)
        elif "whatsapp" in types or lowered.startswith("whatsapp:"):
            add(ChannelKind.WHATSAPP, value, line)
    for line in values(card, "url"):
        add(ChannelKind.WEB, text_of(line).replace("\\:", ":"), line)  # Google writes https\:
    return channels


def _name_parts(line: Any) -> str:
    parts = line.value
    given = getattr(parts, "given", "")
    family = getattr(parts, "family", "")
    given = " ".join(given) if isinstance(given, list) else str(given)
    family = " ".join(family) if isinstance(family, list) else str(family)
    if has_han(family + given):
        return (family + given).strip()  # 王 + 芳 → 王芳
    return " ".join(p for p in (given.strip(), family.strip()) if p)


def _card_name(card: Any, channels: list[dict[str, Any]]) -> str:
    """FN, else N, else ORG, else the first e-mail address, else the first phone number."""
    for line in values(card, "fn"):
        if text_of(line):
            return text_of(line)
    for line in values(card, "n"):
        if _name_parts(line):
            return _name_parts(line)
    for line in values(card, "org"):
        if text_of(line):
            return text_of(line)
    for kind in ("email", "phone", "whatsapp"):
        for channel in channels:
            if channel["kind"] == kind:
                return str(channel["value"])
    return ""


def _notes(card: Any) -> str:
    texts = [text_of(line) for line in values(card, "note")]
    for line in values(card, "adr"):
        value = line.value
        parts = [
            getattr(value, key, "")
            for key in ("box", "extended", "street", "city", "region", "code", "country")
        ]
        flat = [" ".join(p) if isinstance(p, list) else str(p) for p in parts]
        address = ", ".join(p.strip() for p in flat if p and p.strip())
        if address:
            texts.append(address)
    return "\n\n".join(t for t in dict.fromkeys(texts) if t)


def card_to_mapping(card: Any, where: str, problems: list[Problem]) -> tuple[dict[str, Any], str]:
    """The contact's mapping form (without id and zone) and the card's TZ text."""
    channels = _standard_channels(card)
    name = _card_name(card, channels)
    mapping: dict[str, Any] = {"name": {_lang_of(name): name} if name else {}}
    tz_lines = values(card, "tz")
    tz_text = text_of(tz_lines[0]) if tz_lines else ""
    note = _notes(card)
    if note:
        mapping["notes"] = {_lang_of(note): note}
    mapping["channels"] = channels
    for channel in channels:
        if channel["kind"] == "phone" and not phones.is_valid(channel["value"]):
            problems.append(
                Problem.of(where, "import.phone.invalid", field="channels", value=channel["value"])
            )
    # FAQDesk's own fields win: they make a round trip lossless.
    extra = _load_json(card, "x-faqdesk-contact", where, problems)
    if isinstance(extra, dict):
        extra.pop("tz", None)
        mapping.update(extra)
    hours = _load_json(card, "x-faqdesk-hours", where, problems)
    if hours is not None:
        mapping["hours"] = hours
    own_channels = _load_json(card, "x-faqdesk-channels", where, problems)
    if isinstance(own_channels, list):
        mapping["channels"] = own_channels
    return mapping, tz_text
