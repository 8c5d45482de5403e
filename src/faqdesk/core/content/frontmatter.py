"""Reading one content file: its text (size, encoding, BOM, line endings), its YAML, its front
matter and the typed fields in it.

Nothing here raises for bad input except :class:`Unusable`, which carries the problem that
makes a file unusable; field readers report what is wrong with a field as a :class:`Problem`
(without ``where``: the loader knows the file) and return what can still be used.
"""

from __future__ import annotations

import reprlib
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from faqdesk.core.problems import Problem
from faqdesk.core.scripts import CJK_RE
from faqdesk.core.text import Phrase

MAX_ARTICLE_BYTES = 1_000_000

# libyaml's parser when PyYAML has it (several times faster), the pure-Python one otherwise.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """Safe YAML without implicit timestamps: dates arrive as text and are checked here."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Unusable(Exception):
    """A file cannot be used at all; :meth:`problem` says why."""

    def __init__(self, code: str, *, field: str = "", value: Any = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.value = value
        self.params = params

    def problem(self, where: str) -> Problem:
        return Problem.of(where, self.code, field=self.field, value=self.value, **self.params)


def kind_of(value: object) -> Phrase:
    """The kind of a YAML value (``a list``, ``a number``…) as a sentence part."""
    if isinstance(value, dict):
        return Phrase.of("content.kind.mapping")
    if isinstance(value, list):
        return Phrase.of("content.kind.list")
    if isinstance(value, bool):
        return Phrase.of("content.kind.bool")
    if isinstance(value, int | float):
        return Phrase.of("content.kind.number")
    return Phrase.of("content.kind.other", name=type(value).__name__)


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict, _REPR.maxstring, _REPR.maxother = 2, 4, 4, 60, 60


def short(value: object) -> str:
    """A value for a problem line: short even for a YAML alias bomb."""
    return _REPR.repr(value)


# --------------------------------------------------------------------------- text and YAML


def read_text(path: Path, limit: int = MAX_ARTICLE_BYTES) -> str:
    """The text of a UTF-8 file: BOM stripped, LF line endings. Raises :class:`Unusable`."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise Unusable("content.file.too_large", size=size, limit=limit)
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except PermissionError:
        raise Unusable("content.file.permission_denied") from None
    except OSError as error:
        raise Unusable("content.file.unreadable", reason=error.strerror or str(error)) from None
    if len(data) > limit:
        raise Unusable("content.file.too_large_growing", limit=limit)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unusable("content.file.utf16")
    if b"\x00" in data:
        raise Unusable("content.file.binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_utf8(data, error) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise Unusable("content.file.empty")
    return text


def _not_utf8(data: bytes, error: UnicodeDecodeError) -> Unusable:
    try:
        guess = data.decode("gb18030")
    except UnicodeDecodeError:
        guess = ""
    non_ascii = [char for char in guess if ord(char) > 0x7F]
    if non_ascii and sum(1 for char in non_ascii if CJK_RE.match(char)) * 2 >= len(non_ascii):
        return Unusable("content.file.gbk")
    line = data[: error.start].count(b"\n") + 1
    return Unusable("content.file.not_utf8", byte=data[error.start], line=line)


def load_yaml(text: str, *, first_line: int = 1) -> Any:
    """Parse YAML; raises :class:`Unusable` with a problem naming the line."""
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context
        if mark is None:
            if what is None:
                raise Unusable("content.yaml.syntax") from None
            raise Unusable("content.yaml.invalid", error=what) from None
        line = mark.line + first_line
        if what is None:
            raise Unusable("content.yaml.syntax_at", line=line) from None
        raise Unusable("content.yaml.invalid_at", line=line, error=what) from None
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        raise Unusable("content.yaml.invalid", error=str(error)) from None


def split_front_matter(text: str) -> tuple[str, str]:
    """``(front matter, body)``; raises :class:`Unusable` when there is no front matter."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise Unusable("content.front_matter.missing")
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :]).lstrip("\n")
    raise Unusable("content.front_matter.unclosed")


# --------------------------------------------------------------------------- fields


def text_field(meta: Mapping[str, Any], key: str, report: list[Problem]) -> str:
    """A text field (numbers are taken as text); "" when missing or not text."""
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        report.append(Problem.of("", "content.field.not_text", field=key, kind=kind_of(value)))
        return ""
    return str(value).strip()


def list_field(meta: Mapping[str, Any], key: str, report: list[Problem]) -> tuple[str, ...]:
    """A list of texts, each once; a comma-separated text is split (and reported)."""
    value = meta.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        report.append(Problem.of("", "content.field.list_not_text", field=key, value=value))
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if not isinstance(value, list):
        report.append(Problem.of("", "content.field.not_list", field=key, kind=kind_of(value)))
        return ()
    items: list[str] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            report.append(
                Problem.of(
                    "",
                    "content.field.item_not_text",
                    field=key,
                    value=short(item),
                    kind=kind_of(item),
                )
            )
            continue
        text = str(item).strip()
        if text and text not in items:
            items.append(text)
    return tuple(items)


def date_field(meta: Mapping[str, Any], key: str, report: list[Problem]) -> date | None:
    """A ``YYYY-MM-DD`` date, or None."""
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    report.append(Problem.of("", "content.field.not_date", field=key, value=short(value)))
    return None
