"""What vobject cannot read in the vCards real clients write, rewritten before it sees them.

Android and Outlook write vCard 2.1: quoted-printable values (``ENCODING=QUOTED-PRINTABLE``)
folded with a trailing ``=`` soft break, in the ``CHARSET`` they name (UTF-8, GBK, Big5,
windows-1251 …), bare type parameters (``TEL;CELL;PREF:``) and base64 blobs whose lines are not
folded with a leading space. iPhone, Mac and Lotus Notes cards carry long folded ``PHOTO``
blobs, and Lotus Notes adds ``PROFILE:VCARD``, which vobject refuses.

:func:`cards` streams the BEGIN:VCARD … END:VCARD blocks of a text one at a time and gives
each back as clean vCard 3.0 lines: quoted-printable decoded in its charset, bare types turned
into ``TYPE=``, pictures and sounds dropped (FAQDesk shows none), a value longer than
:data:`MAX_FIELD_CHARS` left out with a problem. Nothing here raises on bad input; a line that
cannot be read is skipped and reported, never the whole card.
"""

from __future__ import annotations

import codecs
import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from faqdesk.core.problems import Problem

#: The longest value a property may have (a name, a note, an address), in characters.
MAX_FIELD_CHARS = 20_000

#: Binary properties: skipped whole (with every line of their value).
BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
#: Properties vobject refuses or that nest other cards; FAQDesk uses none of them.
DROPPED = frozenset({"PROFILE", "AGENT"}) | BINARY
#: Properties whose ``;`` separates parts (kept as separators after decoding).
STRUCTURED = frozenset({"N", "ADR", "ORG", "GENDER", "CLIENTPIDMAP"})
_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_BEGIN_RE = re.compile(r"^\s*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)
_END_RE = re.compile(r"^\s*END\s*:\s*VCARD\s*$", re.IGNORECASE)
_NAME_RE = re.compile(r"^(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)$")
#: The ``X-`` properties FAQDesk reads; other clients' own ones are left out before vobject.
_KNOWN_X = ("X-FAQDESK-", "X-SOCIALPROFILE", "X-ABLABEL")
_BASE64_LINE_RE = re.compile(r"^[ \t]*[A-Za-z0-9+/=]+[ \t]*$")
#: How much of a value is kept before decoding (quoted-printable Chinese takes 9 characters
#: per character); the rest of a longer one is only counted.
_RAW_CAP = MAX_FIELD_CHARS * 10


@dataclass
class Card:
    """One block: where it starts, its lines rewritten for vobject, what was left out."""

    number: int
    line: int
    lines: list[str] = field(default_factory=list)
    problems: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    complete: bool = False

    def text(self) -> str:
        return "\r\n".join(self.lines) + "\r\n"

    def report(self, where: str) -> list[Problem]:
        return [Problem.of(where, code, **params) for code, params in self.problems]


def blocks(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """``(first line number, physical lines)`` of every BEGIN:VCARD … END:VCARD block, one at a
    time. A BEGIN:VCARD inside an unfinished card starts a new card (the unfinished one ends
    there and is reported when read)."""
    start = 0
    current: list[str] | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if _BEGIN_RE.match(line):
            if current is not None:
                yield start, current
            start, current = number, []
        if current is None:
            continue
        current.append(line)
        if _END_RE.match(line):
            yield start, current
            current = None
    if current is not None:
        yield start, current


def _split_params(head: str) -> list[str]:
    """``NAME;A=1;B="x;y"`` → ``["NAME", "A=1", 'B="x;y"']`` (quotes respected)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in head:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _split_line(line: str) -> tuple[str, str] | None:
    """``(head, value)`` of a content line: split at the first ``:`` outside quotes."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:index], line[index + 1 :]
    return None


@dataclass
class _Property:
    group: str
    name: str
    params: dict[str, list[str]]
    value: str
    size: int = 0  # the length of the whole value, when it was too long to keep

    @property
    def encoding(self) -> str:
        values = self.params.get("ENCODING", [])
        return values[0].upper() if values else ""

    def is_binary(self) -> bool:
        return self.name in BINARY or self.encoding in ("BASE64", "B")


class _Unfolding:
    """A property's value gathered from its physical lines (in linear time, and never more
    than :data:`MAX_FIELD_CHARS` of it: the rest is only counted)."""

    def __init__(self, prop: _Property) -> None:
        self.prop = prop
        self.parts: list[str] = []
        self.size = 0
        self.add(prop.value)

    def add(self, text: str) -> None:
        if not self.prop.is_binary() and self.size <= _RAW_CAP:
            self.parts.append(text)
        self.size += len(text)

    def soft_break(self) -> bool:
        """A quoted-printable value whose line ends with ``=`` goes on on the next line."""
        if self.prop.encoding != "QUOTED-PRINTABLE" or not self.parts:
            return False
        if self.parts[-1].endswith("="):
            self.parts[-1] = self.parts[-1][:-1]
            return True
        return False

    def done(self) -> _Property:
        self.prop.value = "".join(self.parts)
        self.prop.size = self.size
        return self.prop


def _parse_head(head: str) -> tuple[str, str, dict[str, list[str]]] | None:
    parts = _split_params(head.strip())
    match = _NAME_RE.match(parts[0].strip())
    if match is None:
        return None
    group, name = match.group(1) or "", match.group(2).upper()
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, sep, raw = part.partition("=")
        key = key.strip().upper()
        if not key:
            continue
        if not sep:  # vCard 2.1 bare parameter: TEL;CELL;PREF, or ;QUOTED-PRINTABLE
            if key in _ENCODINGS:
                params.setdefault("ENCODING", []).append(key)
            else:
                params.setdefault("TYPE", []).append(key.lower())
            continue
        values = [v.strip().strip('"') for v in raw.split(",")] if key == "TYPE" else [raw.strip()]
        params.setdefault(key, []).extend(v for v in values if v)
    return group, name, params


def _escape(text: str, structured: bool) -> str:
    text = text.replace("\\", "\\\\").replace(",", "\\,")
    if not structured:
        text = text.replace(";", "\\;")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _decode_qp(prop: _Property, card: Card) -> str | None:
    """The quoted-printable value decoded in its CHARSET (UTF-8 when none is named)."""
    raw = quopri.decodestring(prop.value.encode("utf-8", "surrogateescape"))
    charsets = prop.params.get("CHARSET", [])
    names = [charsets[0]] if charsets else ["utf-8", "gb18030"]
    for name in names:
        try:
            return raw.decode(codecs.lookup(name).name)
        except (LookupError, UnicodeDecodeError):
            continue
    shown = charsets[0] if charsets else "UTF-8"
    card.problems.append(("vcard.line.charset", {"property": prop.name, "charset": shown}))
    return None


def _render(prop: _Property) -> str:
    params = []
    for key, values in prop.params.items():
        if key in ("ENCODING", "CHARSET") or not values:
            continue
        quoted = [f'"{v}"' if re.search(r'[:;,"]', v) else v for v in values if '"' not in v]
        if quoted:
            params.append(f"{key}={','.join(quoted)}")
    head = ";".join([f"{prop.group}.{prop.name}" if prop.group else prop.name, *params])
    return f"{head}:{prop.value}"


def _clean(prop: _Property, card: Card, version21: bool) -> str | None:
    """The property as a vCard 3.0 line for vobject, or None when it is left out."""
    if prop.name in DROPPED or prop.is_binary():
        return None
    if prop.name.startswith("X-") and not prop.name.startswith(_KNOWN_X):
        return None
    if prop.name == "VERSION":
        return "VERSION:3.0" if prop.value.strip() == "2.1" else f"VERSION:{prop.value.strip()}"
    if prop.size > _RAW_CAP:
        _too_long(prop, card, prop.size)
        return None
    if prop.encoding == "QUOTED-PRINTABLE":
        decoded = _decode_qp(prop, card)
        if decoded is None:
            return None
        prop.value = _escape(decoded, prop.name in STRUCTURED)
    elif version21 and prop.name not in STRUCTURED:
        # 2.1 escapes nothing but ';': a plain comma or backslash is text
        prop.value = prop.value.replace("\\;", ";").replace("\\", "\\\\").replace(",", "\\,")
        prop.value = prop.value.replace(";", "\\;")
    if len(prop.value) > MAX_FIELD_CHARS:
        _too_long(prop, card, len(prop.value))
        return None
    return _render(prop)


def _too_long(prop: _Property, card: Card, size: int) -> None:
    card.problems.append(
        ("vcard.line.too_long", {"property": prop.name, "size": size, "most": MAX_FIELD_CHARS})
    )


def _logical(lines: list[str], card: Card) -> Iterator[_Property]:
    """Unfold the physical lines of one card into properties: RFC folding (a leading space),
    quoted-printable soft breaks (a trailing ``=``) and unindented base64 continuation lines."""
    current: _Unfolding | None = None
    for line in lines[1:]:
        if current is not None:
            if current.soft_break():
                current.add(line)
                continue
            if line[:1] in (" ", "\t"):
                current.add(line[1:])
                continue
            if current.prop.is_binary() and (not line.strip() or _BASE64_LINE_RE.match(line)):
                continue  # vCard 2.1 base64 runs on until a blank line
            yield current.done()
            current = None
        if not line.strip() or _END_RE.match(line):
            continue
        split = _split_line(line)
        parsed = _parse_head(split[0]) if split is not None else None
        if split is None or parsed is None:
            shown = line if len(line) <= 60 else line[:57] + "…"
            card.problems.append(("vcard.line.unreadable", {"line": shown}))
            continue
        group, name, params = parsed
        current = _Unfolding(_Property(group, name, params, split[1]))
    if current is not None:
        yield current.done()


def prepare(number: int, first_line: int, lines: list[str]) -> Card:
    """One block's lines rewritten as clean vCard 3.0 for vobject."""
    card = Card(number, first_line)
    card.complete = bool(lines) and _END_RE.match(lines[-1]) is not None
    version21 = any(re.match(r"^\s*VERSION\s*:\s*2\.1\s*$", line, re.I) for line in lines[:40])
    card.lines.append("BEGIN:VCARD")
    for prop in _logical(lines, card):
        cleaned = _clean(prop, card, version21)
        if cleaned is not None:
            card.lines.append(cleaned)
    card.lines.append("END:VCARD")
    return card


def cards(lines: Iterable[str]) -> Iterator[Card]:
    """Every card of ``lines`` (a text's lines, read lazily), prepared for vobject."""
    for number, (first_line, block) in enumerate(blocks(lines), start=1):
        yield prepare(number, first_line, block)
