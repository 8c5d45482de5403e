"""``faqdesk contacts import FILE``: a vCard or CSV file into the contact book, through the same
plan as the window's preview: nothing existing changes without ``--replace``, what is already
present is said and skipped, the whole file is one transaction (all or nothing)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from faqdesk.core.contacts.book import ContactBook
    from faqdesk.core.contacts.importing import ImportPlan


class UsageError(Exception):
    """A bad option value; the message says which and why (exit 2)."""


def _say(key: str, **params: Any) -> str:
    from faqdesk.core import text

    return text.render(key, "en", **params)


def _fail(message: str, code: int = 1) -> int:
    print(_say("cli.contacts.error", message=message), file=sys.stderr)
    return code


def add_arguments(actions: Any) -> None:
    """The ``import`` action of ``faqdesk contacts`` (``actions``: its sub-parsers)."""
    importing = actions.add_parser(
        "import", help="import contacts from a vCard (.vcf) or CSV (.csv) file"
    )
    importing.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="a vCard file (.vcf: vCard 2.1, 3.0 or 4.0, as phones, Outlook, Gmail and "
        "Thunderbird export it) or a CSV sheet (.csv: Google, Outlook, Excel); at most 20 MB",
    )
    importing.add_argument(
        "--replace",
        action="store_true",
        help="let cards carrying the id of an existing contact (X-FAQDESK-ID) replace it; "
        "without it they are added as new contacts",
    )
    importing.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="CSV: the field a column fills (repeatable), over the guessed one; FIELD is one "
        "of name, given, family, org, phone, email, wechat, telegram, whatsapp, web, notes, "
        "zone, hours, ignore",
    )
    importing.add_argument(
        "--encoding",
        choices=("utf-8", "gbk", "utf-16", "cp1251"),
        help="read the file in this encoding (default: found from the file; GBK is what "
        "Excel and phones save on a Chinese Windows, cp1251 on a Russian one)",
    )
    importing.add_argument(
        "--tz",
        metavar="ZONE",
        help="the zone of contacts whose card tells none (default: the system zone)",
    )


def _column_field(text: str) -> tuple[str, str]:
    column, sep, field = text.partition("=")
    if not sep or not column.strip():
        raise UsageError(
            _say("cli.contacts.pair", option="--map", text=text, name="MAP", separator="=")
        )
    return column.strip(), field.strip()


def _check_mapping(path: Path, mapping: dict[str, str], encoding: str | None) -> None:
    """A ``--map`` that names a column the file lacks or a field that does not exist, or any
    ``--map`` with a vCard file, stops the import before anything is read into the book."""
    from faqdesk.core.contacts.csv_import import mapping_problems
    from faqdesk.core.contacts.sources import csv_header, is_csv

    if not mapping:
        return
    if not is_csv(path.expanduser()):
        raise UsageError(_say("cli.import.map_not_csv", file=path.name))
    headers, _problems = csv_header(path.expanduser(), encoding)
    if not headers:
        return  # an unreadable file: the plan says why
    problems = mapping_problems(headers, mapping, path.name)
    if problems:
        raise UsageError("; ".join(problem.render("en") for problem in problems))


def run(book: ContactBook, args: argparse.Namespace) -> int:
    """Import the file of ``args``; prints what happened to each card; the exit code."""
    from faqdesk.commands.calltime import system_zone
    from faqdesk.core.contacts.import_writes import ImportInterrupted
    from faqdesk.core.contacts.zones import is_valid_zone

    home_tz = args.tz or system_zone()
    if not is_valid_zone(home_tz):
        raise UsageError(_say("cli.import.bad_tz", tz=home_tz))
    mapping = dict(_column_field(text) for text in args.map)
    _check_mapping(args.file, mapping, args.encoding)
    plan = book.plan_import(
        args.file, replace=args.replace, home_tz=home_tz, mapping=mapping, encoding=args.encoding
    )
    for problem in plan.all_problems():
        print(problem, file=sys.stderr)
    try:
        done = book.apply_import(plan)
    except ImportInterrupted as exc:
        return _fail(str(exc))
    return _print_report(plan, len(done.ids))


def _print_report(plan: ImportPlan, written: int) -> int:
    from faqdesk.core.contacts.importing import Outcome
    from faqdesk.core.text import Phrase

    for item in plan.items:
        if item.contact is None:
            continue
        name = item.contact.display_name("zh")
        zone = item.zone.phrase() if item.zone else Phrase("")
        key = f"cli.import.{item.outcome.value}"
        print(_say(key, id=item.contact.id, name=name, other=item.other_id, zone=zone))
    summary = _say(
        "cli.import.summary",
        added=plan.count(Outcome.ADD, Outcome.ADD_AS_NEW),
        replaced=plan.count(Outcome.REPLACE),
        present=plan.count(Outcome.PRESENT, Outcome.DUPLICATE),
        unusable=plan.count(Outcome.UNUSABLE),
        problems=len(plan.all_problems()),
    )
    print(summary, file=sys.stderr)
    return 1 if not written and not plan.count(Outcome.PRESENT, Outcome.DUPLICATE) else 0
