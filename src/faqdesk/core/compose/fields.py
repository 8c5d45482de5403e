"""Field kinds and the check of a value of each kind.

A value is checked, then put into the text in its Russian written form:

* ``order``, ``posting``: digits in groups joined by single dashes (``12345678-0001``,
  ``12345678-0001-1``); full-width digits and other dashes (–, —, －) are taken as ASCII.
* ``tracking``: 8 to 40 Latin letters and digits (spaces and dashes are dropped); Cyrillic
  look-alikes (С, Р, О…) are refused with their own problem, since support cannot find them.
* ``date``: ``2026-11-20`` or ``20.11.2026`` (also ``20/11/2026``), from :data:`EARLIEST_DATE`
  to a year after today (without a today given: to :data:`LATEST_DATE`); written
  ``20.11.2026``, always with four digits of year.
* ``money``: a number (spaces between thousands, ``,`` or ``.`` before the decimals) and an
  optional currency (``RUB``, ``₽``, ``руб``, ``CNY``, ``¥``, ``元``, ``USD``, ``$``, ``EUR``,
  ``€``); written ``1500,50 ₽`` / ``200 CNY``.
* ``text``: one line, at most 300 characters; ``address``: at most 10 lines of 300; neither
  may hold Chinese (it would reach Russian support as it is).

Control characters never reach the text. A check returns the written form, or the problem
(code, field, shown value, label and an example) — rules live here only; the window and the
command line render the sentence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from faqdesk.core.compose.labels import Label
from faqdesk.core.content.frontmatter import short
from faqdesk.core.problems import Problem
from faqdesk.core.scripts import has_han, printable


class FieldKind(StrEnum):
    """What a field holds, which decides its check and its written form."""

    ORDER = "order"
    POSTING = "posting"
    TRACKING = "tracking"
    DATE = "date"
    MONEY = "money"
    TEXT = "text"
    ADDRESS = "address"


KINDS: tuple[str, ...] = tuple(kind.value for kind in FieldKind)

#: A valid value of each kind, shown as the example in problems and as a field's placeholder.
EXAMPLES: dict[FieldKind, str] = {
    FieldKind.ORDER: "12345678-0001",
    FieldKind.POSTING: "12345678-0001-1",
    FieldKind.TRACKING: "RU123456789CN",
    FieldKind.DATE: "2026-11-20",
    FieldKind.MONEY: "1500 RUB",
    FieldKind.TEXT: "…",
    FieldKind.ADDRESS: "…",
}

TEXT_LIMIT = 300
#: The first date a message takes (Ozon began selling abroad long after it).
EARLIEST_DATE = date(2000, 1, 1)
#: The last date taken when the caller gives no today (then: a year after today).
LATEST_DATE = date(2099, 12, 31)
ADDRESS_LINES = 10
NUMBER_LIMIT = 40

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−－﹣"), "-")
_NUMBER_RE = re.compile(r"[0-9]+(?:-[0-9]+)*")
_TRACKING_RE = re.compile(r"[A-Za-z0-9]{8,40}")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_DOTTED_DATE_RE = re.compile(r"([0-9]{1,2})[./]([0-9]{1,2})[./]([0-9]{4})")
_ISO_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_MONEY_RE = re.compile(
    r"(?P<before>\S*?)\s*(?P<amount>[0-9][0-9 ]*(?:[.,][0-9]{1,2})?)\s*(?P<after>\S*)"
)

#: What a currency may be written as -> how the text writes it.
CURRENCIES: dict[str, str] = {
    "rub": "₽", "₽": "₽", "руб": "₽", "руб.": "₽", "р": "₽", "р.": "₽", "rur": "₽",
    "cny": "CNY", "rmb": "CNY", "¥": "CNY", "￥": "CNY", "元": "CNY", "юаней": "CNY",
    "usd": "USD", "$": "USD", "eur": "EUR", "€": "EUR",
}  # fmt: skip


@dataclass(frozen=True)
class FieldSpec:
    """One field of a template: its name in the text (``{posting}``), kind, whether it must
    be filled in, and its label."""

    name: str
    kind: FieldKind
    required: bool
    label: Label

    @property
    def example(self) -> str:
        return EXAMPLES[self.kind]


def check_value(
    spec: FieldSpec, raw: str, *, today: date | None = None
) -> tuple[str, Problem | None]:
    """``(written form, None)`` for a good value, ``("", None)`` for an empty optional one,
    ``("", problem)`` otherwise. ``today`` bounds dates (a year ahead at most). Never raises,
    whatever ``raw`` holds."""
    free = spec.kind in (FieldKind.TEXT, FieldKind.ADDRESS)
    # Full-width digits and letters from a Chinese input method count as ASCII in numbers,
    # dates and amounts; free text keeps what was typed ("№" must not become "No").
    value = raw if free or len(raw) > 10 * TEXT_LIMIT else unicodedata.normalize("NFKC", raw)
    lines = spec.kind is FieldKind.ADDRESS
    value = printable(value, lines=lines).strip()
    if not value:
        return "", _problem(spec, "compose.value.missing", raw) if spec.required else None
    if spec.kind is FieldKind.DATE:
        written, code, params = _date(value, today)
    else:
        written, code, params = _CHECKS[spec.kind](value)
    if code:
        return "", _problem(spec, code, raw, **params)
    return written, None


def size_problem(spec: FieldSpec, raw: str) -> Problem | None:
    """The size problem of a value too big to check whole (a paste of a file, cut before it
    is checked): its real number of lines (an address) or characters (text), against the
    limits; None when its size says nothing (other kinds). Quick even for megabytes."""
    if spec.kind is FieldKind.ADDRESS:
        lines = [line for line in raw.split("\n") if line.strip()]
        if len(lines) > ADDRESS_LINES:
            return _problem(
                spec, "compose.value.too_many_lines", raw, lines=len(lines), limit=ADDRESS_LINES
            )
        longest = max(map(len, lines), default=0)
        if longest > TEXT_LIMIT:
            return _problem(spec, "compose.value.too_long", raw, length=longest, limit=TEXT_LIMIT)
        return None
    if spec.kind is FieldKind.TEXT and len(raw) > TEXT_LIMIT:
        return _problem(spec, "compose.value.too_long", raw, length=len(raw), limit=TEXT_LIMIT)
    return None


def _problem(spec: FieldSpec, code: str, raw: str, **params: object) -> Problem:
    return Problem.of(
        "",
        code,
        field=spec.name,
        value=short(raw),
        label=spec.label,
        example=spec.example,
        **params,
    )


_Result = tuple[str, str, dict[str, object]]


def _number(value: str, code: str) -> _Result:
    value = value.translate(_DASHES)
    if len(value) > NUMBER_LIMIT or not _NUMBER_RE.fullmatch(value):
        return "", code, {}
    return value, "", {}


def _order(value: str) -> _Result:
    return _number(value, "compose.value.order")


def _posting(value: str) -> _Result:
    return _number(value, "compose.value.posting")


def _tracking(value: str) -> _Result:
    compact = re.sub(r"[\s\-]", "", value.translate(_DASHES))
    if _CYRILLIC_RE.search(compact):
        return "", "compose.value.tracking_cyrillic", {}
    if not _TRACKING_RE.fullmatch(compact):
        return "", "compose.value.tracking", {}
    return compact.upper(), "", {}


def parse_date(value: str) -> date | None:
    """``2026-11-20``, ``20.11.2026`` or ``20/11/2026`` as a date; None when it is none."""
    value = value.strip()
    iso = _ISO_DATE_RE.fullmatch(value)
    dotted = _DOTTED_DATE_RE.fullmatch(value)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dotted:
            return date(int(dotted[3]), int(dotted[2]), int(dotted[1]))
    except ValueError:
        return None
    return None


def date_range(today: date | None) -> tuple[date, date]:
    """The first and last date a message takes: up to a year after ``today``."""
    if today is None:
        return EARLIEST_DATE, LATEST_DATE
    try:
        latest = today.replace(year=today.year + 1)
    except ValueError:  # 29 February, or the year 9999
        latest = date(min(today.year + 1, 9999), today.month, 28)
    return EARLIEST_DATE, latest


def written_date(day: date) -> str:
    """``20.11.2026``: the Russian written form, always with four digits of year."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def _date(value: str, today: date | None = None) -> _Result:
    found = parse_date(value)
    if found is None:
        return "", "compose.value.date", {}
    earliest, latest = date_range(today)
    if not earliest <= found <= latest:
        first, last = written_date(earliest), written_date(latest)
        return "", "compose.value.date_range", {"first": first, "last": last}
    return written_date(found), "", {}


def _money(value: str) -> _Result:
    match = _MONEY_RE.fullmatch(value) if len(value) <= 60 else None
    if match is None or (match["before"] and match["after"]):
        return "", "compose.value.money", {}
    currency = (match["before"] or match["after"]).lower()
    if currency and currency not in CURRENCIES:
        return "", "compose.value.money", {}
    amount = match["amount"].replace(" ", "").replace(".", ",")
    if len(amount) > 15:
        return "", "compose.value.money", {}
    return f"{amount} {CURRENCIES[currency]}" if currency else amount, "", {}


def _text(value: str) -> _Result:
    if has_han(value):
        return "", "compose.value.chinese", {}
    if len(value) > TEXT_LIMIT:
        return "", "compose.value.too_long", {"length": len(value), "limit": TEXT_LIMIT}
    return value, "", {}


def _address(value: str) -> _Result:
    if has_han(value):
        return "", "compose.value.chinese", {}
    lines = [line.strip() for line in value.split("\n") if line.strip()]
    if len(lines) > ADDRESS_LINES:
        return "", "compose.value.too_many_lines", {"lines": len(lines), "limit": ADDRESS_LINES}
    longest = max((len(line) for line in lines), default=0)
    if longest > TEXT_LIMIT:
        return "", "compose.value.too_long", {"length": longest, "limit": TEXT_LIMIT}
    return "\n".join(lines), "", {}


_CHECKS = {
    FieldKind.ORDER: _order,
    FieldKind.POSTING: _posting,
    FieldKind.TRACKING: _tracking,
    FieldKind.DATE: _date,
    FieldKind.MONEY: _money,
    FieldKind.TEXT: _text,
    FieldKind.ADDRESS: _address,
}
