"""Which encoding a vCard file is in: UTF-8 (or UTF-16 with a byte order mark), else the one
its ``CHARSET`` parameters name, else, when it reads as common Chinese text (the usual case for
Chinese phones and Windows programs), GBK/GB18030 with a problem saying so. Any other file (e.g.
Russian Windows-1251) is refused with a problem rather than read as garbled names.
"""

from __future__ import annotations

import codecs
import re

from faqdesk.core.problems import Problem

_BEGIN_BYTES_RE = re.compile(rb"^[ \t]*BEGIN:VCARD[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_CHARSET_RE = re.compile(rb"[;:]CHARSET=\"?([A-Za-z0-9_.-]+)", re.IGNORECASE)
_NOT_TEXT_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff\ufffd]")


def _looks_chinese(text: str) -> bool:
    """True when the non-ASCII characters of ``text`` are mostly common Chinese: GB2312's
    symbols, punctuation and level-1 characters (the 3755 most used). Other 8-bit text read
    as GBK (Russian Windows-1251, Latin-1) turns mostly into rare characters instead."""
    total = common = 0
    for char in text:
        if ord(char) < 128:
            continue
        total += 1
        try:
            lead = char.encode("gb2312")[0]
        except UnicodeEncodeError:
            continue
        if 0xA1 <= lead <= 0xA9 or 0xB0 <= lead <= 0xD7:
            common += 1
    return total > 0 and common >= 0.7 * total


def decode(raw: bytes, where: str) -> tuple[str | None, list[Problem]]:
    """The text of a vCard file: UTF-8 (with or without BOM); else the one encoding its
    ``CHARSET`` parameters name; else GBK/GB18030 (with a problem saying so). ``None`` with a
    problem when none of these reads it, rather than garbled names."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    if not _BEGIN_BYTES_RE.search(raw):  # not a vCard at all: say that, not "wrong encoding"
        return raw.decode("utf-8", errors="replace"), []
    hints = {hint.decode("ascii").lower() for hint in _CHARSET_RE.findall(raw)}
    if hints:
        names: set[str] = set()
        for hint in hints:
            try:
                names.add(codecs.lookup(hint).name)
            except LookupError:
                return None, [Problem.of(where, "vcard.charset.unknown", charset=hint)]
        shown = ", ".join(sorted(hints))
        if len(names) == 1:
            name = names.pop()
            try:
                text = raw.decode(name)
            except UnicodeDecodeError:
                pass
            else:
                if not _NOT_TEXT_RE.search(text):
                    return text.removeprefix("\ufeff"), []
        return None, [Problem.of(where, "vcard.charset.mismatch", charsets=shown)]
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and not _NOT_TEXT_RE.search(text) and _looks_chinese(text):
        return text, [Problem.of(where, "vcard.encoding.gbk")]
    position = utf8_error.start
    return None, [
        Problem.of(where, "vcard.encoding.unknown", position=position, byte=raw[position])
    ]


def decode_table(raw: bytes, where: str) -> tuple[str | None, list[Problem]]:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with a BOM, else Chinese
    GBK/GB18030 (what Excel saves on a Chinese Windows), with a problem saying so; None with
    a problem for anything else."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and not _NOT_TEXT_RE.search(text) and _looks_chinese(text):
        return text, [Problem.of(where, "vcard.encoding.gbk")]
    position = utf8_error.start
    return None, [
        Problem.of(where, "vcard.encoding.unknown", position=position, byte=raw[position])
    ]
