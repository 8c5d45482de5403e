"""Which encoding a vCard file is in: UTF-8 (or UTF-16 with a byte order mark), else the one
its ``CHARSET`` parameters name, else, when it reads as common Chinese text (the usual case for
Chinese phones and Windows programs), GBK/GB18030 with a problem saying so. Any other file (e.g.
Russian Windows-1251) is refused with a problem rather than read as garbled names.

682 common Chinese characters in GBK are also valid UTF-8 byte pairs (``卢伟`` → ``¬ΰ``), so a
file that reads both ways is read the way whose text looks like the user's languages (Chinese,
Russian, Latin letters) rather than Latin-1 symbols, Greek or Hebrew; when that is still unsure
a problem says so, and the user can name the encoding (:data:`CHOICES`: the import window's
encoding box, ``--encoding`` on the command line).
"""

from __future__ import annotations

import codecs
import re

from faqdesk.core.problems import Problem
from faqdesk.core.scripts import CJK_RE

#: The encodings a user can name for a contacts file, by the name they are offered under.
CHOICES = {"utf-8": "utf-8-sig", "gbk": "gb18030", "utf-16": "utf-16", "cp1251": "cp1251"}

_KEPT_SYMBOLS = frozenset("«»°·×÷")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_SAMPLE_CHARS = 200_000  # enough text to tell the encodings apart
_SAMPLE_BYTES = 400_000

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


def _is_odd(char: str) -> bool:
    """A character that UTF-8-read GBK turns into and a user's text rarely holds: Latin-1
    symbols, IPA and modifier letters, combining marks, Greek, Armenian, Hebrew, Arabic…"""
    code = ord(char)
    if 0x80 <= code < 0xC0:
        return char not in _KEPT_SYMBOLS
    return 0x250 <= code < 0x400 or 0x530 <= code < 0x800


def _ascii_letter_beside(text: str, at: int) -> bool:
    before = text[at - 1] if at > 0 else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    return any(c.isascii() and c.isalpha() for c in (before, after))


def _as_gbk(raw: bytes, *, whole: bool = True) -> str | None:
    """``raw`` read as GBK/GB18030 when that reads cleanly as common Chinese text, else None.
    Not ``whole``: judged on its first :data:`_SAMPLE_BYTES` only (a 20 MB file is not
    read twice to find it is Russian UTF-8)."""
    head = raw if whole else raw[:_SAMPLE_BYTES]
    text = None
    for cut in range(4 if len(head) < len(raw) else 1):  # a character cut by the sample's end
        try:
            text = head[: len(head) - cut].decode("gb18030")
            break
        except UnicodeDecodeError:
            continue
    if text is None or _NOT_TEXT_RE.search(text) or not _looks_chinese(text[:_SAMPLE_CHARS]):
        return None
    return text


def _utf8_or_gbk(raw: bytes, text: str, where: str) -> tuple[str, list[Problem]]:
    """``text`` (``raw`` read as UTF-8), or ``raw`` read as GBK when that looks like the
    user's language and the UTF-8 reading does not; a problem when it is still unsure."""
    if text.isascii() or raw.startswith(codecs.BOM_UTF8):
        return text, []
    odd = good = in_words = 0
    sample = text[:_SAMPLE_CHARS]
    for found in _NON_ASCII_RE.finditer(sample):
        char, at = found.group(), found.start()
        if _is_odd(char):
            odd += 1
            continue
        good += 1
        if char.isalpha() and ord(char) < 0x250 and _ascii_letter_beside(sample, at):
            in_words += 1  # "José", "Müller": accented letters inside Latin words
    if not odd and (in_words == good or CJK_RE.search(sample)):
        return text, []  # Chinese as UTF-8 writes it, or accented Latin names
    gbk = _as_gbk(raw, whole=False)
    if gbk is None:
        return text, []
    if odd <= good:
        return text, [Problem.of(where, "encoding.unsure", sample=_sample(gbk))]
    whole = _as_gbk(raw)
    if whole is None:
        return text, []
    return whole, [Problem.of(where, "encoding.guessed_gbk")]


def _sample(text: str) -> str:
    """The first few non-ASCII characters of ``text``, to show what the other reading gives."""
    return "".join(char for char in text[:100_000] if ord(char) >= 0x80)[:12]


def _named_text(raw: bytes) -> str | None:
    """``raw`` in the one 8-bit encoding other than UTF-8 its ``CHARSET`` parameters name
    (a file that also reads as UTF-8), when that reads it cleanly; else None."""
    if raw.isascii() or raw.startswith(codecs.BOM_UTF8):
        return None
    names: set[str] = set()
    for hint in _CHARSET_RE.findall(raw):
        try:
            names.add(codecs.lookup(hint.decode("ascii")).name)
        except LookupError:
            return None
    if len(names) != 1 or names & {"utf-8", "utf-16", "utf-32"}:
        return None
    try:
        text = raw.decode(names.pop())
    except UnicodeDecodeError:
        return None
    return None if _NOT_TEXT_RE.search(text) else text


def _chosen(raw: bytes, where: str, encoding: str) -> tuple[str | None, list[Problem]]:
    """``raw`` in the encoding the user named (one of :data:`CHOICES`)."""
    codec = CHOICES.get(encoding.strip().lower())
    if codec is None:
        return None, [Problem.of(where, "encoding.unknown_choice", value=encoding[:40],
                                 choices=", ".join(CHOICES))]  # fmt: skip
    try:
        return raw.decode(codec).removeprefix("\ufeff"), []
    except UnicodeDecodeError as exc:
        return None, [
            Problem.of(where, "encoding.not_in_choice", encoding=encoding, position=exc.start)
        ]


def decode(raw: bytes, where: str, encoding: str | None = None) -> tuple[str | None, list[Problem]]:
    """The text of a vCard file: in ``encoding`` when the user named one; else UTF-8 (with or
    without BOM; GBK when that reads as Chinese and UTF-8 does not); else the one encoding its
    ``CHARSET`` parameters name; else GBK/GB18030 (with a problem saying so). ``None`` with a
    problem when none of these reads it, rather than garbled names."""
    if encoding:
        return _chosen(raw, where, encoding)
    try:
        utf8 = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    else:
        named = _named_text(raw)  # the file's own CHARSET=GBK beats any guess
        return (named, []) if named is not None else _utf8_or_gbk(raw, utf8, where)
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


def decode_table(
    raw: bytes, where: str, encoding: str | None = None
) -> tuple[str | None, list[Problem]]:
    """The text of a CSV file: in ``encoding`` when the user named one; else UTF-8 (with or
    without BOM; GBK when that reads as Chinese and UTF-8 does not), UTF-16 with a BOM, else
    Chinese GBK/GB18030 (what Excel saves on a Chinese Windows), with a problem saying so;
    None with a problem for anything else."""
    if encoding:
        return _chosen(raw, where, encoding)
    try:
        return _utf8_or_gbk(raw, raw.decode("utf-8-sig"), where)
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
