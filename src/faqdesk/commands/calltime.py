"""``faqdesk calltime``: which channel can I use now, is it a good time to call, and if not, when?

Text output: Moscow time, your time, a line per channel with its status and reason, then the
best call windows. ``--json`` prints the shape of issue 4::

    {"at": …, "moscow_time": …, "local_time": …,
     "contacts": [{"id", "name": {"zh", "en"}, "tz",
                   "channels": [{"id", "kind", "value", "status", "reason",
                                 "changes_at", "next_good",
                                 "best_windows": [{"start", "end", "start_local", "end_local"}]}]}]}

All times are ISO 8601 with offsets: ``changes_at``, ``next_good`` and the windows' ``start`` /
``end`` in the contact's zone, ``start_local`` / ``end_local`` in the caller's (``--tz``).

``--at`` without an offset is a wall time in the caller's zone, read as ``zoneinfo`` reads it: a
time skipped by a daylight-saving change (02:30 on 29 Mar 2026 in Berlin) is the instant shown
as 03:30 after the change, a repeated one means its first occurrence (give an offset for the
second). ``--at`` must lie in the years 1900 to 9000 (UTC); outside them: exit 2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from faqdesk.commands import system_now

if TYPE_CHECKING:
    from faqdesk.core.contacts.calltime import CallWindow
    from faqdesk.core.contacts.model import Contact

HELP = "show when to contact support: status of each channel now and the best call windows"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--at",
        metavar="ISO8601",
        default=None,
        help="the moment to answer for, e.g. 2027-02-20T10:00+03:00 (default: now), in the "
        "years 1900 to 9000; without an offset it is read in your time zone (--tz): a time "
        "skipped by a daylight-saving change counts as the time after it (02:30 is 03:30), "
        "a repeated one as its first occurrence",
    )
    parser.add_argument(
        "--tz",
        metavar="ZONE",
        default=None,
        help="your time zone, an IANA name such as Asia/Shanghai (default: the system zone)",
    )
    parser.add_argument(
        "--contacts",
        metavar="FILE",
        type=Path,
        default=None,
        help="use only the contacts in this YAML file (default: the bundled contacts and yours)",
    )
    parser.add_argument("--contact", metavar="ID", default=None, help="show only this contact")
    parser.add_argument(
        "--caller-hours",
        metavar="HOURS",
        default="09:00-21:00",
        help="when you can call, in your time (default: 09:00-21:00)",
    )
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="en", help="language of names and reasons"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def system_zone() -> str:
    """The IANA name of the system's time zone (``TZ``, ``/etc/localtime``), else ``UTC``."""
    from faqdesk.core.contacts.zones import is_valid_zone

    candidates: list[str] = []
    env = os.environ.get("TZ", "").lstrip(":")
    if env:
        candidates.append(env)
    try:
        link = os.readlink("/etc/localtime")
    except OSError:
        link = ""
    if "zoneinfo/" in link:
        candidates.append(link.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        if name and is_valid_zone(name):
            return name
    return "UTC"


def _say(key: str, lang: str = "en", /, **params: Any) -> str:
    """The command-line sentence ``key`` of the catalog."""
    from faqdesk.core import text

    return text.render(key, lang, **params)


def _error(message: str) -> int:
    print(_say("cli.calltime.error", message=message), file=sys.stderr)
    return 2


def _load(args: argparse.Namespace) -> tuple[list[Contact], list[str]] | None:
    from faqdesk.core.contacts.model import load_contacts_file

    if args.contacts is not None:
        path: Path = args.contacts.expanduser()
        if not path.is_file():
            print(
                _say("cli.calltime.error", message=_say("cli.calltime.no_file", path=path)),
                file=sys.stderr,
            )
            return None
        contacts, problems = load_contacts_file(path, origin="user")
        return contacts, [str(problem) for problem in problems]
    from faqdesk.core.contacts.book import ContactBook

    book = ContactBook.open(clock=system_now)
    try:
        notes = [str(problem) for problem in book.problems] + book.messages
        return book.contacts(), notes
    finally:
        book.close()


def read_moment(args: argparse.Namespace, lang: str = "en") -> tuple[datetime, str] | str:
    """``--at`` in ``--tz`` (default: the system's zone) and ``--caller-hours`` checked: the
    instant and the zone's name, or the error to say (in ``lang``). Shared by ``calltime``
    and ``cases``."""
    from faqdesk.core.contacts.hours import HoursError, parse_intervals
    from faqdesk.core.contacts.zones import (
        OutOfRange,
        UnknownZone,
        in_zone,
        require_supported,
        zone,
    )

    caller_tz: str = args.tz or system_zone()
    try:
        caller = zone(caller_tz)
    except UnknownZone as exc:
        return exc.phrase.render(lang)
    try:
        parse_intervals(args.caller_hours)
    except HoursError as exc:
        return _say("cli.calltime.caller_hours", lang, error=exc.phrase)
    if args.at is None:
        return system_now().replace(microsecond=0), caller_tz
    try:
        at = datetime.fromisoformat(args.at)
    except ValueError:
        return _say("cli.calltime.at_format", lang, value=args.at)
    naive = at.tzinfo is None
    if naive:
        at = at.replace(tzinfo=caller)
    try:
        require_supported(at, "--at")
    except OutOfRange:
        return _say("cli.calltime.at_range", lang, value=args.at)
    # a naive wall time goes through UTC, so one that never exists (spring-forward gap)
    # becomes the time it stands for: 02:30 -> 03:30 CEST
    return (in_zone(at, caller) if naive else at), caller_tz


def run(args: argparse.Namespace) -> int:
    moment = read_moment(args)
    if isinstance(moment, str):
        return _error(moment)
    at, caller_tz = moment
    loaded = _load(args)
    if loaded is None:
        return 1
    contacts, notes = loaded
    for note in notes:
        print(note, file=sys.stderr)
    if args.contacts is not None and not contacts and notes:
        return 1
    if args.contact is not None:
        contacts = [c for c in contacts if c.id == args.contact]
        if not contacts:
            return _error(_say("cli.calltime.no_contact", id=args.contact))
    report, windows = _report(contacts, at, caller_tz, args.caller_hours, args.lang)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_text(contacts, report, windows, at, caller_tz, args.lang)
    return 0


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _window(window: CallWindow, caller_tz: str) -> dict[str, str]:
    """A best window in the contact's time and in the caller's (issue 4)."""
    local = window.in_zone(caller_tz)
    return {
        "start": window.start.isoformat(),
        "end": window.end.isoformat(),
        "start_local": local.start.isoformat(),
        "end_local": local.end.isoformat(),
    }


def _report(
    contacts: list[Contact], at: datetime, caller_tz: str, caller_hours: str, lang: str
) -> tuple[dict[str, Any], list[list[list[CallWindow]]]]:
    from faqdesk.core.contacts.calltime import best_windows
    from faqdesk.core.contacts.verdict import Caller, assess
    from faqdesk.core.contacts.zones import MOSCOW, in_zone, zone

    # One answer for the verdict and every channel, as in the window (issue 12).
    verdict = assess(contacts, at, Caller(caller_tz, caller_hours))

    all_windows: list[list[list[CallWindow]]] = []

    result: dict[str, Any] = {
        "at": at.isoformat(),
        "moscow_time": in_zone(at, zone(MOSCOW)).isoformat(),
        "local_time": in_zone(at, zone(caller_tz)).isoformat(),
        "verdict": verdict.sentence(lang),
        "contacts": [],
    }
    for contact in contacts:
        channels: list[dict[str, Any]] = []
        all_windows.append([])
        for channel in contact.channels:
            status = verdict.statuses[(contact.id, channel.id)]
            windows = best_windows(
                contact, channel, at, caller_tz=caller_tz, caller_hours=caller_hours
            )
            all_windows[-1].append(windows)
            channels.append(
                {
                    "id": channel.id,
                    "kind": channel.kind.value,
                    "value": channel.value,
                    "status": status.status.value,
                    "reason": status.reason(lang, caller_tz),
                    "changes_at": _iso(status.changes_at),
                    "next_good": _iso(status.next_good),
                    "best_windows": [_window(w, caller_tz) for w in windows],
                }
            )
        result["contacts"].append(
            {
                "id": contact.id,
                "name": {"zh": contact.display_name("zh"), "en": contact.display_name("en")},
                "tz": contact.tz,
                "channels": channels,
            }
        )
    return result, all_windows


def _print_text(
    contacts: list[Contact],
    report: dict[str, Any],
    windows: list[list[list[CallWindow]]],
    at: datetime,
    caller_tz: str,
    lang: str,
) -> None:
    from faqdesk.core.contacts.calltime import is_stale
    from faqdesk.core.contacts.reasons import weekday_name, zone_label
    from faqdesk.core.contacts.zones import MOSCOW, in_zone, zone

    moscow = in_zone(at, zone(MOSCOW))
    mine = in_zone(at, zone(caller_tz))
    day, time = weekday_name(moscow.weekday(), lang), f"{moscow:%Y-%m-%d %H:%M}"
    # The line already says "Moscow time": the zone is its short name (MSK) in every language.
    print(_say("cli.calltime.moscow", lang, day=day, time=time, zone=zone_label(moscow)))
    day, time = weekday_name(mine.weekday(), lang), f"{mine:%Y-%m-%d %H:%M}"
    print(_say("cli.calltime.yours", lang, day=day, time=time, zone=zone_label(mine), tz=caller_tz))
    if not contacts:
        print(_say("cli.calltime.no_contacts", lang))
    else:
        print(report["verdict"])
    for contact, entry, contact_windows in zip(contacts, report["contacts"], windows, strict=True):
        print()
        print(f"{contact.display_name(lang)} [{contact.id}] ({contact.tz})")
        if is_stale(contact, moscow.date()) and contact.verified is not None:
            print("  ! " + _say("cli.calltime.stale", lang, date=contact.verified.isoformat()))
        width = max((len(c["id"]) for c in entry["channels"]), default=0)
        for channel, item, found in zip(
            contact.channels, entry["channels"], contact_windows, strict=True
        ):
            value = item["value"] or _say("cli.calltime.empty", lang)
            status = _say(f"calltime.status.{item['status']}", lang)
            print(f"  {item['id']:<{width}}  {_pad(status, 7)}  {value}")
            print(f"  {'':<{width}}  {item['reason']}")
            if found:
                print(f"  {'':<{width}}  " + _say("cli.calltime.windows", lang))
                for window in found[:7]:
                    print(f"  {'':<{width}}    " + _window_text(window, caller_tz, lang))
            elif contact.hours_for(channel) is not None and channel.value.strip():
                print(f"  {'':<{width}}  " + _say("cli.calltime.no_window", lang))


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    import unicodedata

    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - columns)


def _window_text(window: CallWindow, caller_tz: str, lang: str) -> str:
    """``Mon 11-30 10:00-12:00 MSK = Mon 15:00-17:00 your time``."""
    from faqdesk.core.contacts.reasons import weekday_name, zone_label

    theirs, yours = window, window.in_zone(caller_tz)
    return _say(
        "cli.calltime.window",
        lang,
        day=weekday_name(theirs.start.weekday(), lang),
        start=f"{theirs.start:%m-%d %H:%M}",
        end=f"{theirs.end:%H:%M}",
        zone=zone_label(theirs.start, lang),
        your_day=weekday_name(yours.start.weekday(), lang),
        your_start=f"{yours.start:%H:%M}",
        your_end=f"{yours.end:%H:%M}",
    )
