"""Cases written out for other programs: a CSV table Excel opens (UTF-8 with BOM) and an
iCalendar file with one to-do and alarm per open case at its ``reply_due``, so phone
calendars remind too.

Files are written atomically (a temporary file next to the target, then renamed); an existing
file is replaced only when asked and only when it is a regular file — a folder, a FIFO, a
device or a symbolic link is never written through.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from faqdesk.core import storage, text
from faqdesk.core.cases.model import Case
from faqdesk.core.cases.next_step import NextStep
from faqdesk.core.cases.rows import DamagedCase
from faqdesk.core.contacts.zones import in_zone, zone

CSV_COLUMNS = (
    "id",
    "status",
    "problem",
    "order",
    "posting",
    "tracking",
    "title",
    "contact",
    "channel",
    "ticket",
    "opened_at",
    "reply_due",
    "next_step",
    "next_step_at",
    "next_step_reason",
)
#: Cells starting with these are formulas to a spreadsheet: they are shown as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportRefused(Exception):
    """The target exists (and replacing was not asked for) or is not a regular file."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _local(moment: datetime | None, tz: str) -> str:
    return "" if moment is None else in_zone(moment, zone(tz)).strftime("%Y-%m-%d %H:%M")


def csv_bytes(
    cases: Sequence[Case],
    steps: Mapping[str, NextStep],
    *,
    lang: str = "en",
    tz: str = "UTC",
    damaged: Sequence[DamagedCase] = (),
) -> bytes:
    """The cases as CSV, UTF-8 with a BOM, times in ``tz`` (``YYYY-MM-DD HH:MM``); each of
    the ``damaged`` rows last, with status ``damaged`` and what can be read as stored."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for case in cases:
        step = steps.get(case.id)
        row = [
            case.id,
            case.status.value,
            case.problem,
            case.order,
            case.posting,
            " ".join(case.tracking),
            case.title,
            case.contact,
            case.channel,
            case.ticket,
            _local(case.opened_at, tz),
            _local(case.reply_due, tz),
            step.kind.value if step else "",
            _local(step.at, tz) if step else "",
            step.reason(lang, tz) if step else "",
        ]
        writer.writerow([_cell(value) for value in row])
    for damaged_row in damaged:
        values = dict(damaged_row.values)
        values["order"] = values.get("order_no", "")
        values["status"] = "damaged"
        values["next_step_reason"] = text.render(
            "casesfix.damaged.reason", lang, bad=", ".join(damaged_row.bad)
        )
        writer.writerow([_cell(values.get(column, "")) for column in CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def ics_bytes(
    cases: Sequence[Case],
    steps: Mapping[str, NextStep],
    now: datetime,
    *,
    lang: str = "en",
    tz: str = "UTC",
) -> bytes:
    """One VTODO with a VALARM per open case, due at its ``reply_due``; ``now`` stamps them."""
    from icalendar import Alarm, Calendar, Todo

    calendar = Calendar()
    calendar.add("prodid", "-//FAQDesk//cases//EN")
    calendar.add("version", "2.0")
    for case in cases:
        if not case.is_open:
            continue
        step = steps.get(case.id)
        summary = " ".join(part for part in (case.id, case.title, *case.numbers()[:2]) if part)
        todo = Todo()
        todo.add("uid", f"faqdesk-case-{case.id}")
        todo.add("dtstamp", now)
        todo.add("dtstart", case.opened_at)
        todo.add("due", case.reply_due)
        todo.add("summary", summary)
        if step is not None:
            todo.add("description", step.reason(lang, tz))
        todo.add("status", "NEEDS-ACTION")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", case.reply_due)
        todo.add_component(alarm)
        calendar.add_component(todo)
    return bytes(calendar.to_ical())


def write_file(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write ``data`` to ``path`` atomically. Raises :class:`ExportRefused` when ``path``
    exists and ``replace`` is false, or exists and is not a regular file; ``OSError`` when
    the folder cannot be written."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None:
        if not stat.S_ISREG(info.st_mode):
            raise ExportRefused(path, "not a regular file")
        if not replace:
            raise ExportRefused(path, "exists")
    storage.write_atomically(path, data)
