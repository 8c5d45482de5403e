"""vCard import (2.1, 3.0, 4.0) and export (3.0, 4.0, written through ``vobject``), so
contacts move to and from phones, Google Contacts, Apple Contacts and Thunderbird.

Standard properties carry what other programs understand: ``FN``/``N``, ``TEL`` (phone and
WhatsApp), ``EMAIL``, ``URL`` (web, ticket and chat pages), ``X-SOCIALPROFILE`` (Telegram, VK,
WeChat), ``TZ`` (the IANA zone as text) and ``NOTE``. FAQDesk's own ``X-FAQDESK-ID``,
``X-FAQDESK-HOURS``, ``X-FAQDESK-CHANNELS`` and ``X-FAQDESK-CONTACT`` (JSON) carry the rest, so
exporting and importing again gives back the same contacts.

Reading never raises: each card is read on its own (``vcard_prep`` reads the lines,
``vcard_fields`` the fields), streamed one card at a time; a property that cannot be read
becomes a :class:`~faqdesk.core.problems.Problem`, never the whole card. (Reading does not go
through vobject: it took 6.7 s for 10,000 cards on its own, more than the whole import may
take, and refused cards real clients write.) Text is never garbled silently: a file is read as
UTF-8 (or UTF-16 with a byte order mark), else in the encoding its ``CHARSET`` parameters name,
else, when it reads as common Chinese text (the usual case for Chinese phones and Windows
programs), as GBK/GB18030 with a problem saying so; any other file
(e.g. Russian Windows-1251) is refused with a message.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from faqdesk.core import storage
from faqdesk.core.contacts import vcard_prep
from faqdesk.core.contacts.encodings import decode
from faqdesk.core.contacts.ids import IdAllocator
from faqdesk.core.contacts.importing import (
    Incoming,
    Where,
    ZoneGuess,
    ZoneSource,
    at_most,
    guess_zone,
    name_of,
)
from faqdesk.core.contacts.model import (
    DEFAULT_TZ,
    ID_RE,
    ChannelKind,
    Contact,
    contact_from_mapping,
    contact_to_mapping,
)
from faqdesk.core.contacts.vcard_fields import card_to_mapping, text_of, values
from faqdesk.core.problems import Problem
from faqdesk.core.text import Phrase

VERSIONS = ("3.0", "4.0")
MAX_BYTES = 20 * 1024 * 1024
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
    import vobject  # imported on the first export (0.03 s): not at the app's start-up

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
    # the permissions a new file gets, or those of the file it replaces (not mkstemp's 0600)
    storage.write_atomically(path, text.encode("utf-8"), durable=False, mode=_new_file_mode(path))


# --- reading -----------------------------------------------------------------------------------


def read_bytes(path: Path) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a contacts file (vCard or CSV), or None with the problem: only a regular
    file of at most 20 MB is read (never a device, a pipe or a folder)."""
    where = path.name
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # /dev/zero, a FIFO, a folder: never read
            return None, [Problem.of(where, "vcard.file.not_regular", value=str(path))]
        if info.st_size > MAX_BYTES:
            return None, [Problem.of(where, "vcard.file.too_large", value=str(path))]
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)  # the file may have grown since stat()
        if len(raw) > MAX_BYTES:
            return None, [Problem.of(where, "vcard.file.too_large", value=str(path))]
    except OSError as exc:
        error = exc.strerror or exc
        return None, [Problem.of(where, "vcard.file.unreadable", value=str(path), error=error)]
    return raw, []


def read_text(path: Path, encoding: str | None = None) -> tuple[str | None, list[Problem]]:
    """The text of a vCard file (see :func:`read_bytes`), in ``encoding`` when the user named
    one, else the encoding :func:`~faqdesk.core.contacts.encodings.decode` finds."""
    raw, problems = read_bytes(path)
    if raw is None:
        return None, problems
    text, found = decode(raw, path.name, encoding)
    return text, problems + found


def read_incoming(
    path: Path, home_tz: str = DEFAULT_TZ, encoding: str | None = None
) -> tuple[list[Incoming], list[Problem]]:
    """Every card of a vCard file (2.1, 3.0 or 4.0) as read, for
    :func:`~faqdesk.core.contacts.importing.plan`; never raises. ``home_tz`` is the zone of
    a card whose TZ and phone numbers tell none (the user's own)."""
    text, problems = read_text(path, encoding)
    if text is None:
        return [], problems
    cards = at_most(incoming_from_text(text, path.name, home_tz, problems), path.name, problems)
    return cards, problems


def incoming_from_text(
    text: str, where: str, home_tz: str, problems: list[Problem]
) -> Iterator[Incoming]:
    """The cards of vCard ``text`` one at a time (streamed: one card in memory at once);
    problems of the whole text are appended to ``problems`` (when none is found: at the end)."""
    found = False
    for card in vcard_prep.cards(io.StringIO(text, newline=None)):
        found = True
        here = Where(Phrase.of("import.where.card", file=where, number=card.number, line=card.line))
        yield _incoming(card, here, home_tz)
    if not found:
        problems.append(Problem.of(where, "vcard.none"))


def _incoming(card: vcard_prep.Card, here: str, home_tz: str) -> Incoming:
    problems = card.report(here)
    if not card.complete:
        problems.append(Problem.of(here, "vcard.card.unclosed"))
    try:
        mapping, tz_text = card_to_mapping(card, here, problems)
    except Exception as exc:  # never let one odd card stop the others
        unusable = ZoneGuess(home_tz, ZoneSource.HOME)
        return Incoming(here, {}, unusable, "", (*problems, _unreadable(here, exc)))
    numbers = [c["value"] for c in mapping["channels"] if c.get("kind") in ("phone", "whatsapp")]
    zone = guess_zone(tz_text, numbers, home_tz, here, problems)
    own_ids = values(card, "x-faqdesk-id")
    own_id = text_of(own_ids[0]) if own_ids else ""
    if not mapping.get("name") and not mapping["channels"]:
        problems.append(Problem.of(here, "vcard.card.empty"))
        mapping = {}
    return Incoming(here, mapping, zone, own_id, tuple(problems))


def _unreadable(where: str, error: Exception) -> Problem:
    return Problem.of(where, "vcard.card.unreadable", kind=error.__class__.__name__, error=error)


def read_vcards(
    path: Path, *, taken_ids: Iterable[str] = (), home_tz: str = DEFAULT_TZ
) -> tuple[list[Contact], list[Problem]]:
    """The contacts in a vCard file (2.1, 3.0 or 4.0); never raises.

    Cards exported by FAQDesk keep their id; other cards get a readable id from their name,
    unique against ``taken_ids`` and each other. (An import into the book goes through
    :func:`~faqdesk.core.contacts.importing.plan` instead, which also finds duplicates.)
    """
    incoming, problems = read_incoming(path, home_tz)
    return _contacts(incoming, problems, taken_ids)


def vcards_from_text(
    text: str, where: str = "vCard", *, taken_ids: Iterable[str] = (), home_tz: str = DEFAULT_TZ
) -> tuple[list[Contact], list[Problem]]:
    """The contacts in vCard ``text``; see :func:`read_vcards`."""
    problems: list[Problem] = []
    incoming = list(incoming_from_text(text, where, home_tz, problems))
    return _contacts(incoming, problems, taken_ids)


def _contacts(
    incoming: list[Incoming], problems: list[Problem], taken_ids: Iterable[str]
) -> tuple[list[Contact], list[Problem]]:
    ids = IdAllocator(taken_ids)
    taken = set(taken_ids)
    contacts: list[Contact] = []
    found = list(problems)
    for card in incoming:
        found.extend(card.problems)
        if not card.mapping:
            continue
        own = card.own_id
        if own and ID_RE.match(own) and own not in taken:
            ids.reserve(own)
            contact_id = own
        else:
            contact_id = ids.allocate(name_of(card.mapping) or "contact")
        taken.add(contact_id)
        mapping = dict(card.mapping, id=contact_id, tz=card.zone.tz)
        contact, more = contact_from_mapping(mapping, card.where, origin="user")
        found.extend(more)
        if contact is not None:
            contacts.append(contact)
    return contacts, found
