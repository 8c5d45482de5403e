"""Contacts from CSV: Google Contacts, Outlook, and a plain sheet saved from Excel.

The first row names the columns; :func:`guess_mapping` maps each to a field (:data:`FIELDS`)
from the names Google, Outlook and Excel users write (English, Chinese, Russian), and the user
may change that (``--map COLUMN=FIELD`` on the command line, the mapping step in the window).
Each further row is one contact (an :class:`~faqdesk.core.contacts.importing.Incoming`);
Google's several values in one cell (``a ::: b``) become several channels. The text is UTF-8
(with or without BOM) or GBK; the delimiter is a comma, a semicolon or a tab.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from faqdesk.core.contacts import phones
from faqdesk.core.contacts.importing import Incoming, Where, ZoneGuess, ZoneSource, guess_zone
from faqdesk.core.contacts.vcard_prep import MAX_FIELD_CHARS
from faqdesk.core.problems import Problem
from faqdesk.core.scripts import has_han
from faqdesk.core.text import Phrase

#: The most columns a sheet's first row is read with (the mapping step shows each).
MAX_COLUMNS = 500

#: The fields a column can fill; ``ignore`` leaves the column out.
FIELDS = (
    "name",
    "given",
    "family",
    "org",
    "phone",
    "email",
    "wechat",
    "telegram",
    "whatsapp",
    "web",
    "notes",
    "zone",
    "hours",
    "ignore",
)
_CHANNEL_FIELDS = ("phone", "whatsapp", "email", "telegram", "wechat", "web")
#: Column names (case and spacing ignored) by field: Google, Outlook, Excel in three languages.
_NAMES: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "display name", "姓名", "名称", "名字", "联系人", "имя", "фио"),
    "given": ("given name", "first name", "名"),
    "family": ("family name", "last name", "surname", "姓", "фамилия"),
    "org": ("company", "organization", "organization name", "organization 1 - name", "公司"),
    "phone": (
        "phone",
        "tel",
        "telephone",
        "mobile",
        "电话",
        "手机",
        "手机号",
        "联系电话",
        "телефон",
    ),
    "email": ("email", "e-mail", "email address", "e-mail address", "邮箱", "电子邮件", "почта"),
    "wechat": ("wechat", "weixin", "微信"),
    "telegram": ("telegram",),
    "whatsapp": ("whatsapp",),
    "web": ("web", "web page", "website", "url", "网址", "网站", "сайт"),
    "notes": ("notes", "note", "备注", "说明", "заметки", "примечание"),
    "zone": ("zone", "time zone", "timezone", "tz", "时区", "часовой пояс"),
    "hours": ("hours", "opening hours", "working hours", "营业时间", "工作时间", "часы работы"),
}
_BY_NAME = {name: field for field, names in _NAMES.items() for name in names}
_PATTERNS = (
    # Google: "Phone 1 - Value"; Outlook: "Business Phone", "Mobile Phone", "Home Phone 2"
    (re.compile(r"^phone \d+ - value$|^[a-z ]*\bphone( \d+)?$"), "phone"),
    # Google: "E-mail 1 - Value"; Outlook: "E-mail Address", "E-mail 2 Address"
    (re.compile(r"^e-?mail( \d+)? - value$|^e-?mail( \d+)? address$"), "email"),
    (re.compile(r"^website \d+ - value$|^web page( \d+)?$"), "web"),
    (re.compile(r"^organization \d+ - name$"), "org"),
)


def _field_of(header: str) -> str:
    key = " ".join(header.strip().casefold().replace("_", " ").split())
    if key in _BY_NAME:
        return _BY_NAME[key]
    for pattern, field in _PATTERNS:
        if pattern.match(key):
            return field
    return "ignore"


def guess_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Column name → field for a header row (unknown columns: ``ignore``)."""
    return {header: _field_of(header) for header in headers if header}


def mapping_problems(
    headers: Sequence[str], mapping: Mapping[str, str], where: str
) -> list[Problem]:
    """What is wrong with a chosen mapping (column → field): a column the file does not have,
    a field that does not exist; each problem names the column and the field."""
    problems: list[Problem] = []
    known = {header for header in headers if header}
    for column, field in mapping.items():
        shown = shown_columns([column])
        if column not in known:
            columns = shown_columns(sorted(known))
            problems.append(
                Problem.of(where, "csv.map.unknown_column", value=shown, columns=columns)
            )
        elif field not in FIELDS:
            value = shown_columns([field])
            problems.append(Problem.of(where, "csv.map.unknown_field", value=value, column=shown))
    return problems


def _split_cell(value: str) -> list[str]:
    return [part.strip() for part in value.split(":::") if part.strip()]


def _hours(text: str) -> dict[str, str] | str:
    """``mon-fri=09:00-18:00; sat=10:00-14:00`` → a mapping; a bare ``09:00-18:00`` is daily."""
    pairs = [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]
    if all("=" in part for part in pairs):
        return {k.strip(): v.strip() for k, v in (part.split("=", 1) for part in pairs)}
    return {"daily": text.strip()}


def _row_to_mapping(values: Mapping[str, list[str]]) -> dict[str, Any]:
    first = {field: items[0] for field, items in values.items() if items}
    name = first.get("name", "")
    if not name:
        given, family = first.get("given", ""), first.get("family", "")
        name = f"{family}{given}" if has_han(family + given) else f"{given} {family}".strip()
    for field in ("org", "email", "phone"):
        name = name or first.get(field, "")
    mapping: dict[str, Any] = {"name": {"zh" if has_han(name) else "en": name} if name else {}}
    channels: list[dict[str, str]] = []
    for kind in _CHANNEL_FIELDS:
        for number, value in enumerate(values.get(kind, []), start=1):
            channel_id = kind if number == 1 else f"{kind}-{number}"
            channels.append({"id": channel_id, "kind": kind, "value": value})
    mapping["channels"] = channels
    notes = "\n\n".join(values.get("notes", []))
    if notes:
        mapping["notes"] = {"zh" if has_han(notes) else "en": notes}
    if first.get("hours"):
        mapping["hours"] = _hours(first["hours"])
    return mapping


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read_header(text: str) -> list[str]:
    """The column names of a CSV text (its first row)."""
    reader = csv.reader(io.StringIO(text[:65536], newline=""), _dialect(text[:8192]))
    return [cell.strip() for cell in next(reader, [])][:MAX_COLUMNS]


def shown_columns(headers: Sequence[str]) -> str:
    """Column names for a message: at most 20, each at most 40 characters (a sheet of
    200,000 columns must not make a 2 MB message)."""
    names = [name if len(name) <= 40 else name[:39] + "…" for name in headers[:20]]
    return ", ".join(names) + (", …" if len(headers) > 20 else "")


def _records(reader: Any) -> Iterator[tuple[list[str], int, int]]:
    """Each row with the lines it starts and ends on (a quoted cell may span lines)."""
    end = reader.line_num
    for row in reader:
        start, end = end + 1, reader.line_num
        yield row, start, end


class _QuoteCheck:
    """Whether a row that spans lines ran to the end of the text because a quote was never
    closed: the quotes of the file do not pair up and the row ends on its last line (the
    line count is taken once, only when needed)."""

    def __init__(self, text: str, quote: str | None) -> None:
        self._text = text
        self._odd = bool(quote) and text.count(quote or '"') % 2 == 1
        self._lines: int | None = None

    def unclosed(self, end: int) -> bool:
        if not self._odd:
            return False
        if self._lines is None:
            self._lines = sum(1 for _line in io.StringIO(self._text, newline=""))
        return end >= self._lines


def incoming_from_csv(
    text: str,
    where: str,
    home_tz: str,
    problems: list[Problem],
    mapping: Mapping[str, str] | None = None,
) -> Iterator[Incoming]:
    """Every row of CSV ``text`` as an incoming contact (streamed, one row at a time);
    ``mapping`` (column → field) overrides the guessed one for the columns it names."""
    if csv.field_size_limit() < MAX_FIELD_CHARS * 1000:  # a long cell is reported, not fatal
        csv.field_size_limit(MAX_FIELD_CHARS * 1000)
    dialect = _dialect(text[:8192])
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    headers = [cell.strip() for cell in next(reader, [])]
    if not any(headers):
        problems.append(Problem.of(where, "csv.no_header"))
        return
    if len(headers) > MAX_COLUMNS:
        problems.append(
            Problem.of(where, "csv.too_many_columns", count=len(headers), most=MAX_COLUMNS)
        )
        headers = headers[:MAX_COLUMNS]
    fields = guess_mapping(headers)
    problems.extend(mapping_problems(headers, mapping or {}, where))
    for column, field in (mapping or {}).items():
        if column in fields and field in FIELDS:
            fields[column] = field
    if all(field == "ignore" for field in fields.values()):
        columns = shown_columns(headers)
        problems.append(Problem.of(where, "csv.nothing_mapped", columns=columns))
        return
    rows = 0
    quotes = _QuoteCheck(text, dialect.quotechar)
    try:
        for row, start, end in _records(reader):
            if end > start and quotes.unclosed(end):
                problems.append(Problem.of(where, "csv.unclosed_quote", line=start))
                break
            here = Where(Phrase.of("import.where.row", file=where, line=start))
            incoming = _incoming(row, headers, fields, here, home_tz)
            if incoming is not None:
                rows += 1
                yield incoming
    except csv.Error as exc:
        problems.append(Problem.of(where, "csv.broken", line=reader.line_num, error=exc))
    if not rows:
        problems.append(Problem.of(where, "csv.no_rows"))


def _incoming(
    row: list[str], headers: list[str], fields: Mapping[str, str], here: str, home_tz: str
) -> Incoming | None:
    if not any(cell.strip() for cell in row):
        return None  # an empty line of the sheet
    problems: list[Problem] = []
    values: dict[str, list[str]] = {}
    for header, raw in zip(headers, row, strict=False):
        cell = raw.replace("\r\n", "\n").replace("\r", "\n")
        field = fields.get(header, "ignore")
        if field == "ignore" or not cell.strip():
            continue
        if len(cell) > MAX_FIELD_CHARS:
            problems.append(
                Problem.of(
                    here,
                    "vcard.line.too_long",
                    property=shown_columns([header]),
                    size=len(cell),
                    most=MAX_FIELD_CHARS,
                )
            )
            continue
        parts = _split_cell(cell) if field in _CHANNEL_FIELDS else [cell.strip()]
        values.setdefault(field, []).extend(parts)
    mapping = _row_to_mapping(values)
    if not mapping["name"] and not mapping["channels"]:
        problems.append(Problem.of(here, "vcard.card.empty"))
        return Incoming(here, {}, ZoneGuess(home_tz, ZoneSource.HOME), "", tuple(problems))
    for value in values.get("phone", []):
        if not phones.is_valid(value):
            problems.append(Problem.of(here, "import.phone.invalid", field="channels", value=value))
    numbers = values.get("phone", []) + values.get("whatsapp", [])
    zone_text = values.get("zone", [""])[0]
    zone = guess_zone(zone_text, numbers, home_tz, here, problems)
    return Incoming(here, mapping, zone, "", tuple(problems))
