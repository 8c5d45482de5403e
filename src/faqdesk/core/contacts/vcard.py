"""vCard 3.0 and 4.0 import and export (through ``vobject``), so contacts move to and from
phones, Google Contacts and Thunderbird.

Standard properties carry what other programs understand: ``FN``/``N``, ``TEL`` (phone and
WhatsApp), ``EMAIL``, ``URL`` (web, ticket and chat pages), ``X-SOCIALPROFILE`` (Telegram, VK,
WeChat), ``TZ`` (the IANA zone as text) and ``NOTE``. FAQDesk's own ``X-FAQDESK-ID``,
``X-FAQDESK-HOURS``, ``X-FAQDESK-CHANNELS`` and ``X-FAQDESK-CONTACT`` (JSON) carry the rest, so
exporting and importing again gives back the same contacts.

Reading never raises: each card is parsed on its own; a broken card becomes a
:class:`~faqdesk.core.problems.Problem` and the others still load. Text is never garbled
silently: a file is read as UTF-8 (or UTF-16 with a byte order mark), else in the encoding its
``CHARSET`` parameters name, else, when it reads as common Chinese text (the usual case for
Chinese phones and Windows programs), as GBK/GB18030 with a problem saying so; any other file
(e.g. Russian Windows-1251) is refused with a message.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import stat
import tempfile
import threading
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import vobject

from faqdesk.core.contacts.encodings import decode
from faqdesk.core.contacts.model import (
    DEFAULT_TZ,
    ID_RE,
    ChannelKind,
    Contact,
    contact_from_mapping,
    contact_to_mapping,
)
from faqdesk.core.contacts.zones import is_valid_zone
from faqdesk.core.problems import Problem
from faqdesk.core.scripts import has_han

VERSIONS = ("3.0", "4.0")
MAX_BYTES = 20 * 1024 * 1024
_BEGIN_RE = re.compile(r"^BEGIN:VCARD\s*$", re.IGNORECASE)
_END_RE = re.compile(r"^END:VCARD\s*$", re.IGNORECASE)
_VOBJECT_LOG_LOCK = threading.Lock()
_SOCIAL_KINDS = {
    ChannelKind.TELEGRAM: "telegram",
    ChannelKind.VK: "vk",
    ChannelKind.WECHAT: "wechat",
}


# --- writing -----------------------------------------------------------------------------------


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _social_url(kind: ChannelKind, value: str) -> str:
    handle = value.strip().removeprefix("@")
    if kind is ChannelKind.TELEGRAM and re.fullmatch(r"[A-Za-z0-9_]{3,64}", handle):
        return f"https://t.me/{handle}"
    if kind is ChannelKind.VK and re.fullmatch(r"[A-Za-z0-9_.]{2,64}", handle):
        return f"https://vk.com/{handle}"
    return value


def contact_to_vcard(contact: Contact, version: str = "4.0") -> str:
    """One contact as vCard text (``version`` ``"3.0"`` or ``"4.0"``)."""
    if version not in VERSIONS:
        raise ValueError(f"unsupported vCard version '{version}' (use 3.0 or 4.0)")
    card = vobject.vCard()
    card.add("fn").value = contact.display_name("zh")
    card.add("n").value = vobject.vcard.Name(family="", given=contact.display_name("zh"))
    for channel in contact.channels:
        if not channel.value:
            continue
        if channel.kind in (ChannelKind.PHONE, ChannelKind.WHATSAPP):
            line = card.add("tel")
            line.value = channel.value
            line.type_param = "voice" if channel.kind is ChannelKind.PHONE else "x-whatsapp"
        elif channel.kind is ChannelKind.EMAIL:
            card.add("email").value = channel.value
        elif channel.kind in _SOCIAL_KINDS:
            line = card.add("x-socialprofile")
            line.value = _social_url(channel.kind, channel.value)
            line.type_param = _SOCIAL_KINDS[channel.kind]
        elif channel.value.lower().startswith(("https://", "http://")):
            card.add("url").value = channel.value
    tz_line = card.add("tz")
    tz_line.value = contact.tz
    if version == "3.0":
        tz_line.value_param = "text"
    notes = [contact.notes[lang] for lang in ("zh", "en") if contact.notes.get(lang)]
    if notes:
        card.add("note").value = "\n\n".join(dict.fromkeys(notes))
    mapping = contact_to_mapping(contact)
    card.add("x-faqdesk-id").value = contact.id
    if "hours" in mapping:
        card.add("x-faqdesk-hours").value = _json(mapping["hours"])
    card.add("x-faqdesk-channels").value = _json(mapping["channels"])
    rest = {k: v for k, v in mapping.items() if k not in ("id", "hours", "channels", "tz")}
    card.add("x-faqdesk-contact").value = _json(rest)
    text: str = card.serialize()
    if version == "4.0":
        text = text.replace("VERSION:3.0", "VERSION:4.0", 1)
    return text


_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    """The process's umask (read without changing it where the system allows)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _new_file_mode(path: Path) -> int:
    """The mode a plain ``open(path, "w")`` would leave: the existing file's, else
    ``0o666 & ~umask``."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def vcards_text(contacts: Iterable[Contact], version: str = "4.0") -> str:
    """``contacts`` as the text of a vCard file (CRLF line ends, as RFC 6350 asks)."""
    return "".join(contact_to_vcard(contact, version) for contact in contacts)


def write_vcards(path: Path, contacts: Iterable[Contact], version: str = "4.0") -> None:
    """Write ``contacts`` to ``path`` (replaced atomically, with the permissions a newly
    created file gets, or those of the file it replaces). Raises ``OSError`` when the file
    cannot be written and ``ValueError`` for an unsupported version."""
    text = vcards_text(contacts, version)
    path = path.expanduser()
    mode = _new_file_mode(path)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temp_name, mode)  # mkstemp makes it 0600, private to its owner
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


# --- reading -----------------------------------------------------------------------------------


def _blocks(text: str) -> list[tuple[int, str]]:
    """``(first line number, text)`` of every BEGIN:VCARD … END:VCARD block. A BEGIN:VCARD
    inside an unfinished card starts a new card (the unfinished one is reported when parsed)."""
    blocks: list[tuple[int, str]] = []
    start = 0
    lines: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if _BEGIN_RE.match(stripped):
            if lines is not None:
                blocks.append((start, "\r\n".join(lines) + "\r\n"))
            start, lines = number, []
        if lines is None:
            continue
        lines.append(line)
        if _END_RE.match(stripped):
            blocks.append((start, "\r\n".join(lines) + "\r\n"))
            lines = None
    if lines is not None:
        blocks.append((start, "\r\n".join(lines) + "\r\n"))
    return blocks


class _SkippedLines(logging.Handler):
    """Collects the lines vobject skips as unreadable (it logs them instead of raising)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.messages.append(record.getMessage())


def _read_card(block: str) -> tuple[Any, list[str]]:
    """Parse one card with vobject, collecting skipped-line messages instead of printing them."""
    logger = logging.getLogger("vobject.base")
    collector = _SkippedLines()
    with _VOBJECT_LOG_LOCK:
        saved_handlers, saved_propagate = logger.handlers[:], logger.propagate
        logger.handlers = [collector]
        logger.propagate = False
        try:
            card = vobject.readOne(block, ignoreUnreadable=True)
        finally:
            logger.handlers = saved_handlers
            logger.propagate = saved_propagate
    return card, collector.messages


def _values(card: Any, name: str) -> list[Any]:
    return list(card.contents.get(name, []))


def _text(line: Any) -> str:
    value = line.value
    if isinstance(value, list):
        value = " ".join(str(part) for part in value)
    return str(value).strip()


def _params(line: Any, name: str) -> list[str]:
    result: list[str] = []
    for value in line.params.get(name, []):
        result.extend(part.strip().lower() for part in str(value).split(","))
    return result


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-")
    if slug and ID_RE.match(slug):
        return slug
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return f"contact-{digest}"


def _unique(base: str, taken: set[str]) -> str:
    candidate, counter = base, 2
    while candidate in taken:
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate


def _lang_of(text: str) -> str:
    return "zh" if has_han(text) else "en"


def _load_json(card: Any, name: str, where: str, problems: list[Problem]) -> Any:
    lines = _values(card, name)
    if not lines:
        return None
    try:
        return json.loads(_text(lines[0]))
    except ValueError:
        problems.append(
            Problem.of(where, "vcard.json.bad", value=lines[0].value, name=name.upper())
        )
        return None


def _standard_channels(card: Any) -> list[dict[str, Any]]:
    channels: list[dict[str, Any]] = []
    counts: dict[str, int] = {}

    def add(kind: ChannelKind, value: str) -> None:
        if not value:
            return
        counts[kind.value] = counts.get(kind.value, 0) + 1
        number = counts[kind.value]
        channel_id = kind.value if number == 1 else f"{kind.value}-{number}"
        channels.append({"id": channel_id, "kind": kind.value, "value": value})

    for line in _values(card, "tel"):
        value = _text(line).removeprefix("tel:")
        kind = ChannelKind.WHATSAPP if "x-whatsapp" in _params(line, "TYPE") else ChannelKind.PHONE
        add(kind, value)
    for line in _values(card, "email"):
        add(ChannelKind.EMAIL, _text(line).removeprefix("mailto:"))
    social = _values(card, "x-socialprofile") + _values(card, "impp")
    for line in social:
        value = _text(line)
        types = _params(line, "TYPE") + _params(line, "X-SERVICE-TYPE")
        lowered = value.lower()
        if "telegram" in types or lowered.startswith(("tg:", "https://t.me/", "telegram:")):
            add(ChannelKind.TELEGRAM, value)
        elif "vk" in types or "vkontakte" in types or "vk.com/" in lowered:
            add(ChannelKind.VK, value)
        elif "wechat" in types or "weixin" in types or lowered.startswith("weixin:"):
            add(ChannelKind.WECHAT, value)
        elif "whatsapp" in types or lowered.startswith("whatsapp:"):
            add(ChannelKind.WHATSAPP, value)
    for line in _values(card, "url"):
        add(ChannelKind.WEB, _text(line))
    return channels


def _card_to_mapping(card: Any, where: str, problems: list[Problem]) -> dict[str, Any] | None:
    fn_lines = _values(card, "fn")
    name = _text(fn_lines[0]) if fn_lines else ""
    if not name:
        for line in _values(card, "n"):
            parts = line.value
            name = " ".join(
                str(p) for p in (getattr(parts, "given", ""), getattr(parts, "family", "")) if p
            ).strip()
        if not name:
            org = _values(card, "org")
            name = _text(org[0]) if org else ""
    mapping: dict[str, Any] = {"name": {_lang_of(name): name} if name else {}}
    tz_lines = _values(card, "tz")
    if tz_lines:
        tz = _text(tz_lines[0])
        if is_valid_zone(tz):
            mapping["tz"] = tz
        else:
            problems.append(
                Problem.of(where, "vcard.tz.unknown", field="tz", value=tz, default=DEFAULT_TZ)
            )
    note_lines = _values(card, "note")
    if note_lines:
        note = _text(note_lines[0])
        if note:
            mapping["notes"] = {_lang_of(note): note}
    mapping["channels"] = _standard_channels(card)
    # FAQDesk's own fields win: they make a round trip lossless.
    extra = _load_json(card, "x-faqdesk-contact", where, problems)
    if isinstance(extra, dict):
        mapping.update(extra)
    hours = _load_json(card, "x-faqdesk-hours", where, problems)
    if hours is not None:
        mapping["hours"] = hours
    channels = _load_json(card, "x-faqdesk-channels", where, problems)
    if isinstance(channels, list):
        mapping["channels"] = channels
    if not mapping.get("name") and not mapping["channels"]:
        problems.append(Problem.of(where, "vcard.card.empty"))
        return None
    return mapping


def read_vcards(
    path: Path, *, taken_ids: Iterable[str] = ()
) -> tuple[list[Contact], list[Problem]]:
    """The contacts in a vCard file (2.1, 3.0 or 4.0); never raises.

    Cards exported by FAQDesk keep their id (importing them again updates them); other cards
    get an id from their name, made unique against ``taken_ids`` and each other.
    """
    where = path.name
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # /dev/zero, a FIFO, a folder: never read
            return [], [Problem.of(where, "vcard.file.not_regular", value=str(path))]
        if info.st_size > MAX_BYTES:
            return [], [Problem.of(where, "vcard.file.too_large", value=str(path))]
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)  # the file may have grown since stat()
        if len(raw) > MAX_BYTES:
            return [], [Problem.of(where, "vcard.file.too_large", value=str(path))]
    except OSError as exc:
        error = exc.strerror or exc
        return [], [Problem.of(where, "vcard.file.unreadable", value=str(path), error=error)]
    text, problems = decode(raw, where)
    if text is None:
        return [], problems
    contacts, found = vcards_from_text(text, where, taken_ids=taken_ids)
    return contacts, problems + found


def _unreadable(where: str, error: Exception) -> Problem:
    return Problem.of(where, "vcard.card.unreadable", kind=error.__class__.__name__, error=error)


def vcards_from_text(
    text: str, where: str = "vCard", *, taken_ids: Iterable[str] = ()
) -> tuple[list[Contact], list[Problem]]:
    """The contacts in vCard ``text``; see :func:`read_vcards`."""
    taken = set(taken_ids)
    blocks = _blocks(text)
    if not blocks:
        return [], [Problem.of(where, "vcard.none")]
    contacts: list[Contact] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for number, (line_number, block) in enumerate(blocks, start=1):
        here = f"{where}: card #{number} (line {line_number})"
        try:
            card, skipped = _read_card(block)
        except Exception as exc:  # vobject raises many kinds of errors on bad input
            problems.append(_unreadable(here, exc))
            continue
        for message in skipped:
            problems.append(Problem.of(here, "vcard.card.line_skipped", error=message))
        if getattr(card, "name", "").upper() != "VCARD":
            problems.append(Problem.of(here, "vcard.card.not_vcard"))
            continue
        try:
            mapping = _card_to_mapping(card, here, problems)
        except Exception as exc:  # a value vobject accepted but we cannot use
            problems.append(_unreadable(here, exc))
            continue
        if mapping is None:
            continue
        own_ids = _values(card, "x-faqdesk-id")
        own_id = _text(own_ids[0]) if own_ids else ""
        if own_id and ID_RE.match(own_id) and own_id not in seen:
            mapping["id"] = own_id
        else:
            names = mapping.get("name") or {}
            label = next(iter(names.values()), "") if isinstance(names, dict) else ""
            mapping["id"] = _unique(_slug(str(label) or "contact"), taken | seen)
        contact, found = contact_from_mapping(mapping, here, origin="user")
        problems.extend(found)
        if contact is None:
            continue
        seen.add(contact.id)
        contacts.append(contact)
    return contacts, problems
