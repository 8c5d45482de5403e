"""``faqdesk cases``: remember every support case and say the next step.

``add`` files a case (``--json`` prints it with ``next_step``: ``{"kind", "at", "channel",
"reason"}``); ``list`` shows them by urgency (overdue first, then the earliest ``reply_due``);
``show``, ``log`` (``--sent``, ``--reply``, ``--called OUTCOME``, ``--note TEXT``) and
``close`` work on one; ``export FILE.csv`` writes a table Excel opens (UTF-8 with BOM);
``reminders FILE.ics`` writes one to-do with an alarm per open case at its ``reply_due``
(``-`` for either writes to standard output). A case row the database cannot read is listed
as damaged with what can be read.

``--at`` and ``--tz`` behave as in ``faqdesk calltime``. Bad input exits 2 with a message
naming the field; nothing is half-written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from faqdesk.commands import system_now

if TYPE_CHECKING:
    from faqdesk.core.cases.model import Case
    from faqdesk.core.cases.next_step import NextStep
    from faqdesk.core.cases.rows import DamagedCase
    from faqdesk.core.cases.store import CaseStore
    from faqdesk.core.contacts.model import Contact

HELP = "support cases: add, list by urgency with the next step, log, close, export, reminders"


def _common(parser: argparse.ArgumentParser, *, json_output: bool = True) -> None:
    parser.add_argument(
        "--at",
        metavar="ISO8601",
        default=None,
        help="the moment to act or answer for (default: now); without an offset it is read "
        "in your time zone (--tz)",
    )
    parser.add_argument("--tz", metavar="ZONE", default=None, help="your IANA time zone")
    parser.add_argument(
        "--caller-hours",
        metavar="HOURS",
        default="09:00-21:00",
        help="when you can call, in your time (default: 09:00-21:00)",
    )
    parser.add_argument("--lang", choices=("zh", "en"), default="en", help="language")
    if json_output:
        parser.add_argument("--json", action="store_true", help="print JSON")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="file a new case (the ticket was sent at --at)")
    add.add_argument(
        "--problem",
        required=True,
        help="delay, lost, damaged, return, address, other, or a composer template id",
    )
    add.add_argument("--posting", default="", help="the posting number")
    add.add_argument("--order", default="", help="the order number")
    add.add_argument("--tracking", action="append", default=[], help="a tracking number")
    add.add_argument("--contact", required=True, metavar="ID", help="the contact written to")
    add.add_argument("--channel", required=True, metavar="ID", help="the channel used")
    add.add_argument("--ticket", default="", metavar="REF", help="the ticket or chat reference")
    add.add_argument("--title", default="", help="a few words to recognise the case by")
    add.add_argument("--escalation", default="", metavar="ID", help="a contact to phone next")
    add.add_argument("--attach", action="append", default=[], metavar="PATH", help="a file")
    _common(add)

    listing = actions.add_parser("list", help="cases by urgency, each with its next step")
    listing.add_argument("--open", action="store_true", help="only cases awaiting a reply")
    listing.add_argument("--overdue", action="store_true", help="only overdue cases")
    listing.add_argument("--search", metavar="TEXT", default="", help="number, id or title")
    _common(listing)

    show = actions.add_parser("show", help="one case with its events")
    show.add_argument("id")
    _common(show)

    log = actions.add_parser("log", help="record what happened on a case")
    log.add_argument("id")
    what = log.add_mutually_exclusive_group(required=True)
    what.add_argument("--sent", action="store_true", help="you wrote again (the wait restarts)")
    what.add_argument("--reply", action="store_true", help="support answered")
    what.add_argument("--called", metavar="OUTCOME", help="you phoned; what came of it")
    what.add_argument("--note", metavar="TEXT", help="a note")
    log.add_argument("--channel", default="", metavar="ID", help="the channel used (--sent)")
    log.add_argument("--text", default="", help="the message sent (--sent)")
    _common(log)

    close = actions.add_parser("close", help="close a case")
    close.add_argument("id")
    _common(close)

    for name, text in (
        ("export", "write the cases to a CSV file Excel opens (UTF-8 with BOM)"),
        ("reminders", "write an .ics file: a to-do with an alarm per open case at reply_due"),
    ):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("file", help="the file to write, or - for standard output")
        sub.add_argument("--force", action="store_true", help="replace the file if it exists")
        _common(sub, json_output=False)


def _say(key: str, lang: str = "en", /, **params: Any) -> str:
    from faqdesk.core import text

    return text.render(key, lang, **params)


def _error(message: str, lang: str = "en") -> int:
    print(_say("cli.cases.error", lang, message=message), file=sys.stderr)
    return 2


class _Context:
    """What every action needs: the instant, the caller's zone, contacts, the store."""

    def __init__(self, args: argparse.Namespace, at: datetime, tz: str) -> None:
        from faqdesk.core.cases.store import CaseStore
        from faqdesk.core.contacts.book import ContactBook

        self.args = args
        self.at = at
        self.tz = tz
        self.lang: str = args.lang
        book = ContactBook.open(clock=system_now)
        try:
            self.contacts: dict[str, Contact] = {c.id: c for c in book.contacts()}
        finally:
            book.close()
        self.store: CaseStore = CaseStore.open(clock=system_now)
        for notice in self.store.notices:
            print(notice.render(self.lang), file=sys.stderr)

    def steps(self, cases: list[Case]) -> dict[str, NextStep]:
        from faqdesk.core.cases.next_step import next_steps

        return next_steps(
            cases,
            self.at,
            self.contacts,
            caller_tz=self.tz,
            caller_hours=self.args.caller_hours,
        )


def _moment(args: argparse.Namespace) -> tuple[datetime, str] | int:
    """``--at`` and ``--tz`` read as ``faqdesk calltime`` reads them; an exit code on error."""
    from faqdesk.commands.calltime import read_moment

    moment = read_moment(args, args.lang)
    return _error(moment, args.lang) if isinstance(moment, str) else moment


def run(args: argparse.Namespace) -> int:
    from faqdesk.core.cases.store import CaseInvalid, CaseMissing, CasesError

    moment = _moment(args)
    if isinstance(moment, int):
        return moment
    context = _Context(args, *moment)
    lang = context.lang
    try:
        return _ACTIONS[args.action](context)
    except CaseInvalid as exc:
        for problem in exc.problems:
            message = f"{_option(problem.field)}: {problem.render(lang, form=True)}"
            print(_say("cli.cases.error", lang, message=message), file=sys.stderr)
        return 2
    except CaseMissing:
        return _error(_say("cli.cases.no_case", lang, id=getattr(args, "id", "")), lang)
    except CasesError as exc:  # read-only or not saved
        print(_say("cli.cases.error", lang, message=exc.render(lang)), file=sys.stderr)
        return 1
    finally:
        context.store.close()


_OPTIONS = {"escalation_contact": "escalation", "attachments": "attach", "outcome": "called"}


def _option(field: str) -> str:
    """The command-line option a problem's field was given with (``tracking[1]`` →
    ``--tracking``)."""
    base, bracket, rest = field.partition("[")
    return f"--{_OPTIONS.get(base, base)}{bracket}{rest}" if base else "-"


# --- actions ------------------------------------------------------------------------------------


def _case_json(context: _Context, case: Case, step: NextStep) -> dict[str, Any]:
    from faqdesk.core.cases.model import case_to_mapping
    from faqdesk.core.cases.next_step import badge

    data = case_to_mapping(case)
    data["badge"] = badge(case, step).value
    data["next_step"] = step.to_mapping(context.lang, context.tz)
    return data


def _print_case(context: _Context, case: Case, step: NextStep, *, events: bool) -> None:
    from faqdesk.core.cases.names import channel_name, contact_name, problem_name
    from faqdesk.core.cases.next_step import badge
    from faqdesk.core.contacts.zones import in_zone, zone

    lang = context.lang
    label = _say(f"cases.badge.{badge(case, step).value}", lang)
    numbers = "  ".join(case.numbers()) or "-"
    problem = problem_name(case.problem, lang)
    to = contact_name(context.contacts, case.contact, lang)
    via = channel_name(context.contacts, case.contact, case.channel, lang)
    print(f"{case.id}  [{label}]  {problem}  {numbers}  {to} / {via}")
    if case.title:
        print(f"        {case.title}")
    print(f"        {step.reason(lang, context.tz)}")
    if not events:
        return
    mine = zone(context.tz)
    for event in case.events:
        when = in_zone(event.at, mine).strftime("%Y-%m-%d %H:%M")
        status = _say(f"cases.status.{event.status.value}", lang) if event.status else ""
        channel = (
            channel_name(context.contacts, case.contact, event.channel, lang)
            if event.channel
            else ""
        )
        detail = " ".join(
            part for part in (channel, event.outcome, status, event.text[:200]) if part
        )
        kind = _say(f"cases.event.kind.{event.kind.value}", lang)
        print(f"        {when}  {kind}  {detail}".rstrip())
    for item in case.attachments:
        flag = _say("cases.attachment.missing", lang) if item.missing else ""
        print(f"        {item.path} {flag}".rstrip())


def _show_one(context: _Context, case: Case) -> int:
    step = context.steps([case])[case.id]
    if context.args.json:
        print(json.dumps(_case_json(context, case, step), ensure_ascii=False, indent=2))
    else:
        _print_case(context, case, step, events=True)
    return 0


def _add(context: _Context) -> int:
    from faqdesk.core.cases.model import NewCase

    args = context.args
    new = NewCase(
        problem=args.problem.strip(),
        contact=args.contact.strip(),
        channel=args.channel.strip(),
        order=args.order,
        posting=args.posting,
        tracking=tuple(args.tracking),
        title=args.title,
        ticket=args.ticket,
        escalation_contact=args.escalation.strip(),
        opened_at=context.at,
        attachments=tuple(args.attach),
    )
    return _show_one(context, context.store.add(new, context.contacts))


def _list(context: _Context) -> int:
    from faqdesk.core.cases.next_step import by_urgency

    args = context.args
    if args.search.strip():
        cases = context.store.search(args.search, limit=1000)
    else:
        cases = context.store.cases(open_only=args.open or args.overdue)
    if args.open:
        cases = [case for case in cases if case.is_open]
    if args.overdue:
        cases = [case for case in cases if case.is_overdue(context.at)]
    cases = by_urgency(cases, context.at)
    steps = context.steps(cases)
    if args.overdue:
        damaged: list[DamagedCase] = []
    elif args.search.strip():
        damaged = context.store.search_damaged(args.search, limit=1000)
    else:
        damaged = context.store.damaged()
    if args.json:
        data = [_case_json(context, case, steps[case.id]) for case in cases]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        for row in damaged:  # the JSON keeps its shape; the user is still told
            print(_damaged_line(context, row), file=sys.stderr)
        return 0
    if not cases and not damaged:
        print(_say("cli.cases.none", context.lang))
    for case in cases:
        _print_case(context, case, steps[case.id], events=False)
    for row in damaged:
        print(_damaged_line(context, row))
    return 0


def _damaged_line(context: _Context, row: DamagedCase) -> str:
    """``C-0001  [damaged]  …``: a case row that cannot be read, with what can be."""
    readable = "  ".join(f"{name}={value}" for name, value in row.values.items() if name != "id")
    return _say(
        "casesfix.damaged.line",
        context.lang,
        id=row.id,
        bad=", ".join(row.bad),
        readable=readable or "-",
    )


def _one(context: _Context) -> Case | None:
    return context.store.get(context.args.id)


def _show(context: _Context) -> int:
    from faqdesk.core.cases.store import CaseMissing

    case = _one(context)
    if case is None:
        damaged = context.store.damaged(context.args.id)
        if damaged:
            print(_damaged_line(context, damaged[0]))
            return 1
        raise CaseMissing(context.args.id)
    return _show_one(context, case)


def _log(context: _Context) -> int:
    from faqdesk.core.cases.model import CaseEvent, EventKind

    args = context.args
    if args.sent:
        event = CaseEvent(EventKind.SENT, context.at, channel=args.channel, text=args.text)
    elif args.reply:
        event = CaseEvent(EventKind.REPLY, context.at, text=args.text)
    elif args.called is not None:
        event = CaseEvent(EventKind.CALLED, context.at, outcome=args.called)
    else:
        event = CaseEvent(EventKind.NOTE, context.at, text=args.note)
    return _show_one(context, context.store.log(args.id, event, context.contacts))


def _close(context: _Context) -> int:
    return _show_one(context, context.store.close_case(context.args.id, context.at))


def _write(context: _Context, kind: str) -> int:
    from faqdesk.core.cases.export import ExportRefused, csv_bytes, ics_bytes, write_file
    from faqdesk.core.cases.next_step import by_urgency

    args = context.args
    cases = by_urgency(context.store.cases(), context.at)
    steps = context.steps(cases)
    damaged = context.store.damaged()
    for row in damaged:
        print(_damaged_line(context, row), file=sys.stderr)
    if kind == "csv":
        data = csv_bytes(cases, steps, lang=context.lang, tz=context.tz, damaged=damaged)
        count = len(cases) + len(damaged)
    else:
        data = ics_bytes(cases, steps, context.at, lang=context.lang, tz=context.tz)
        count = sum(1 for case in cases if case.is_open)
    lang = context.lang
    if args.file == "-":
        return _to_stdout(data, lang)
    if not args.file.strip():
        return _error(_say("casesfix.export.empty_name", lang), lang)
    path = Path(args.file).expanduser()
    try:
        write_file(path, data, replace=args.force)
    except ExportRefused as exc:
        key = "cli.cases.file_exists" if exc.reason == "exists" else "cli.cases.not_a_file"
        return _error(_say(key, lang, path=path), lang)
    except OSError as exc:
        message = _say("cli.cases.cannot_write", lang, path=path, error=exc.strerror or exc)
        print(_say("cli.cases.error", lang, message=message), file=sys.stderr)
        return 1
    key = "cli.cases.wrote_csv" if kind == "csv" else "cli.cases.wrote_ics"
    print(_say(key, context.lang, count=count, path=path))
    return 0


def _to_stdout(data: bytes, lang: str) -> int:
    """``data`` on standard output, as bytes (the CSV keeps its BOM, the calendar its CRLF)."""
    stream = sys.stdout
    if stream is None:
        print(_say("cli.cases.error", lang, message=_say("casesfix.export.no_stdout", lang)),
              file=sys.stderr)  # fmt: skip
        return 1
    binary = getattr(stream, "buffer", None)
    if binary is not None:
        stream.flush()
        binary.write(data)
        binary.flush()
    else:
        stream.write(data.decode("utf-8"))
        stream.flush()
    return 0


def _export(context: _Context) -> int:
    return _write(context, "csv")


def _reminders(context: _Context) -> int:
    return _write(context, "ics")


_ACTIONS: dict[str, Callable[[_Context], int]] = {
    "add": _add,
    "list": _list,
    "show": _show,
    "log": _log,
    "close": _close,
    "export": _export,
    "reminders": _reminders,
}
