"""``faqdesk contacts``: list, show, add, edit, remove, import and export contacts.

The bundled contacts cannot be removed; editing one stores your version (an override) and
``remove`` on it brings back the shipped one. Your own contacts live in the contacts database
of the user data folder.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from faqdesk.commands import contacts_import, system_now

if TYPE_CHECKING:
    from faqdesk.core.contacts.book import ContactBook
    from faqdesk.core.contacts.model import Contact

HELP = "list, add, edit, remove, import (vCard, CSV) and export (vCard) contacts"

_KINDS = "phone, ticket, chat, telegram, vk, wechat, whatsapp, email, web"

_CONTACT_OPTIONS_EPILOG = """\
add and edit take the options listed by: faqdesk contacts add --help
"""

_HOURS_HELP = (
    "opening hours, repeatable: --hours mon-fri=09:00-18:00 --hours sat=10:00-14:00 "
    "--hours breaks=13:00-14:00 (keys: daily, mon-fri, sat-sun, mon … sun, breaks; HOURS "
    '"HH:MM-HH:MM[, …]", "24h" or "closed"; "18:00-09:00" runs overnight)'
)
_CHANNEL_HELP = (
    f"a channel, repeatable; KIND is one of {_KINDS}; e.g. --channel phone:+7 495 000-00-00 "
    "--channel office:phone:+7 383 000-00-00 --channel ticket:https://seller.ozon.ru; "
    "on edit, a channel with the same ID is replaced"
)


def _contact_options(sub: argparse.ArgumentParser) -> None:
    """The options of add and edit, each listed once with its help."""
    sub.add_argument("--name-zh", metavar="TEXT", help="the name in Chinese")
    sub.add_argument("--name-en", metavar="TEXT", help="the name in English")
    sub.add_argument(
        "--tz", metavar="ZONE", help="IANA time zone of the contact (default Europe/Moscow)"
    )
    sub.add_argument(
        "--calendar",
        choices=("RU", "none"),
        help="follow the Russian production calendar (default RU)",
    )
    sub.add_argument(
        "--margin",
        type=int,
        metavar="MINUTES",
        help='minutes after opening / before closing that count as "fair" rather than '
        '"good" (default 30)',
    )
    sub.add_argument("--hours", action="append", default=[], metavar="KEY=HOURS", help=_HOURS_HELP)
    sub.add_argument(
        "--channel", action="append", default=[], metavar="[ID:]KIND:VALUE", help=_CHANNEL_HELP
    )
    sub.add_argument(
        "--channel-hours",
        action="append",
        default=[],
        metavar="ID:KEY=HOURS",
        help="hours of one channel (overrides the contact's)",
    )
    sub.add_argument(
        "--reply",
        action="append",
        default=[],
        metavar="ID:HOURS",
        help="usual reply time of a written channel, in hours",
    )
    sub.add_argument("--note-zh", metavar="TEXT", help="notes in Chinese")
    sub.add_argument("--note-en", metavar="TEXT", help="notes in English")
    sub.add_argument("--verified", metavar="YYYY-MM-DD", help="when the details were last checked")
    sub.add_argument("--source", metavar="URL", help="where they were checked")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = _CONTACT_OPTIONS_EPILOG
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="list contacts (bundled first, then yours)")
    listing.add_argument("--search", metavar="TEXT", default="", help="only matching contacts")
    listing.add_argument("--json", action="store_true", help="print JSON")

    show = actions.add_parser("show", help="print one contact in the YAML format")
    show.add_argument("id")

    add = actions.add_parser("add", help="add a contact of your own")
    add.add_argument("--id", required=True, help="new id: lowercase letters, digits, -")
    _contact_options(add)
    edit = actions.add_parser("edit", help="change a contact")
    edit.add_argument("id", help="the contact to change")
    _contact_options(edit)
    edit.add_argument(
        "--remove-channel",
        action="append",
        default=[],
        metavar="ID",
        help="drop a channel (repeatable)",
    )
    edit.add_argument(
        "--clear-hours",
        action="store_true",
        help="forget the contact's hours (before new --hours)",
    )

    remove = actions.add_parser(
        "remove", help="delete your contact, or undo your edits of a bundled one"
    )
    remove.add_argument("id")

    contacts_import.add_arguments(actions)

    export = actions.add_parser("export", help="export contacts to a vCard file")
    export.add_argument(
        "file", type=Path, metavar="FILE.vcf", help="the file to write; - writes to standard output"
    )
    export.add_argument("--force", action="store_true", help="replace FILE.vcf if it exists")
    export.add_argument("--id", action="append", default=None, help="only this contact (repeat)")
    export.add_argument("--version", choices=("3.0", "4.0"), default="4.0", help="vCard version")


class _UsageError(Exception):
    """A bad option value; the message says which and why."""


def _say(key: str, **params: Any) -> str:
    """The command-line sentence ``key`` of the catalog, in English."""
    from faqdesk.core import text

    return text.render(key, "en", **params)


def _fail(message: str, code: int = 1) -> int:
    print(_say("cli.contacts.error", message=message), file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    from faqdesk.core.contacts.book import ContactBook, ContactBookError

    book = ContactBook.open(clock=system_now)
    try:
        for message in book.messages:
            print(message, file=sys.stderr)
        action = args.action
        try:
            if action == "list":
                return _list(book, args.search, args.json)
            if action == "show":
                return _show(book, args.id)
            if action in ("add", "edit"):
                return _add_or_edit(book, args)
            if action == "remove":
                return _remove(book, args.id)
            if action == "import":
                return contacts_import.run(book, args)
            return _export(book, args.file, args.id, args.version, force=args.force)
        except (_UsageError, contacts_import.UsageError) as exc:
            return _fail(str(exc), 2)
        except ContactBookError as exc:
            return _fail(str(exc))
    finally:
        book.close()


def _channel_summary(contact: Contact) -> str:
    """``phone=phone:+7 495 123-45-67, …``: phone numbers in international format when valid
    (stored as typed)."""
    from faqdesk.core.contacts.model import ChannelKind
    from faqdesk.core.contacts.phones import international

    def shown(kind: ChannelKind, value: str) -> str:
        if kind in (ChannelKind.PHONE, ChannelKind.WHATSAPP):
            return international(value) or value or "-"
        return value or "-"

    return ", ".join(f"{c.id}={c.kind.value}:{shown(c.kind, c.value)}" for c in contact.channels)


def _list(book: ContactBook, search: str, as_json: bool) -> int:
    from faqdesk.core.contacts.model import contact_to_mapping

    contacts = book.search(search)
    if as_json:
        items = [{**contact_to_mapping(c), "origin": c.origin} for c in contacts]
        print(json.dumps(items, ensure_ascii=False, indent=2))
        return 0
    for contact in contacts:
        names = " / ".join(dict.fromkeys(contact.display_name(lang) for lang in ("zh", "en")))
        print(f"{contact.id}  [{contact.origin}]  {names}  ({contact.tz})")
        if contact.channels:
            print(f"    {_channel_summary(contact)}")
    if not contacts:
        if search:
            print(_say("cli.contacts.no_match", search=search), file=sys.stderr)
        else:
            print(_say("cli.contacts.none"), file=sys.stderr)
    return 0


def _show(book: ContactBook, contact_id: str) -> int:
    import yaml

    from faqdesk.core.contacts.model import contact_to_mapping

    contact = book.get(contact_id)
    if contact is None:
        return _fail(_say("cli.contacts.missing", id=contact_id))
    text = yaml.safe_dump(
        {"contacts": [contact_to_mapping(contact)]}, allow_unicode=True, sort_keys=False
    )
    print(_say("cli.contacts.origin", origin=contact.origin))
    print(text, end="")
    return 0


def _split_pair(text: str, option: str, separator: str) -> tuple[str, str]:
    key, sep, value = text.partition(separator)
    if not sep or not key.strip():
        raise _UsageError(
            _say(
                "cli.contacts.pair",
                option=option,
                text=text,
                name=option[2:].upper(),
                separator=separator,
            )
        )
    return key.strip(), value.strip()


def _parse_channel(text: str) -> dict[str, Any]:
    from faqdesk.core.contacts.model import ChannelKind

    kinds = {kind.value for kind in ChannelKind}
    parts = text.split(":", 2)
    if len(parts) == 3 and parts[1].strip().lower() in kinds:
        channel_id, kind, value = parts[0].strip(), parts[1].strip().lower(), parts[2]
    elif len(parts) >= 2 and parts[0].strip().lower() in kinds:
        kind = parts[0].strip().lower()
        channel_id, value = kind, text.split(":", 1)[1]
    else:
        raise _UsageError(_say("cli.contacts.channel_syntax", text=text, kinds=_KINDS))
    return {"id": channel_id or kind, "kind": kind, "value": value.strip()}


def _apply_hours(target: dict[str, Any], pairs: Sequence[str], option: str) -> None:
    hours = dict(target.get("hours") or {})
    for pair in pairs:
        key, value = _split_pair(pair, option, "=")
        hours[key] = value
    if hours:
        target["hours"] = hours


class _Refused(Exception):
    """The contact cannot be saved as asked; ``messages`` say why, ``code`` is the exit code."""

    def __init__(self, messages: Sequence[str], code: int = 1) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)
        self.code = code


def _check_options(args: argparse.Namespace) -> None:
    """Refuse option values that are wrong whatever the contact holds (exit 2)."""
    from faqdesk.core.contacts.model import MAX_MARGIN_MINUTES

    if args.margin is not None and not 0 <= args.margin <= MAX_MARGIN_MINUTES:
        raise _UsageError(_say("cli.contacts.margin", value=args.margin, most=MAX_MARGIN_MINUTES))
    given: dict[str, str] = {}
    for text in args.channel:
        channel = _parse_channel(text)
        channel_id = channel["id"]
        if channel_id in given:
            raise _UsageError(
                _say(
                    "cli.contacts.channel_twice",
                    text=text,
                    id=channel_id,
                    first=given[channel_id],
                    kind=channel["kind"],
                    value=channel["value"],
                )
            )
        given[channel_id] = text


def _build(mapping: dict[str, Any], args: argparse.Namespace) -> Contact:
    """``mapping`` (the contact as stored, or a new one) with the options applied."""
    from faqdesk.core.contacts.checks import without_outcome
    from faqdesk.core.contacts.model import contact_from_mapping

    mapping = dict(mapping)
    if args.action == "edit":
        removed = set(args.remove_channel)
        unknown = removed - {c["id"] for c in mapping["channels"]}
        if unknown:
            first = sorted(unknown)[0]
            raise _Refused([_say("cli.contacts.remove_unknown", channel=first, id=args.id)])
        mapping["channels"] = [c for c in mapping["channels"] if c["id"] not in removed]
        if args.clear_hours:
            mapping.pop("hours", None)
    names = dict(mapping.get("name") or {})
    notes = dict(mapping.get("notes") or {})
    for lang, value in (("zh", args.name_zh), ("en", args.name_en)):
        if value is not None:
            names[lang] = value
    for lang, value in (("zh", args.note_zh), ("en", args.note_en)):
        if value is not None:
            notes[lang] = value
    mapping["name"] = names
    if notes:
        mapping["notes"] = notes
    for key, value in (
        ("tz", args.tz),
        ("calendar", args.calendar),
        ("margin_minutes", args.margin),
        ("verified", args.verified),
        ("source", args.source),
    ):
        if value is not None:
            mapping[key] = value
    _apply_hours(mapping, args.hours, "--hours")
    channels: list[dict[str, Any]] = [dict(c) for c in mapping.get("channels") or []]
    for text in args.channel:
        new = _parse_channel(text)
        for index, old in enumerate(channels):
            if old["id"] == new["id"]:
                channels[index] = {**old, **new}
                break
        else:
            channels.append(new)
    by_id = {channel["id"]: channel for channel in channels}
    for text in args.channel_hours:
        channel_id, rest = _split_pair(text, "--channel-hours", ":")
        if channel_id not in by_id:
            raise _UsageError(
                _say("cli.contacts.no_channel", option="--channel-hours", text=text, id=channel_id)
            )
        _apply_hours(by_id[channel_id], [rest], "--channel-hours")
    for text in args.reply:
        channel_id, hours = _split_pair(text, "--reply", ":")
        if channel_id not in by_id:
            raise _UsageError(
                _say("cli.contacts.no_channel", option="--reply", text=text, id=channel_id)
            )
        try:
            by_id[channel_id]["reply_within_hours"] = float(hours)
        except ValueError:
            raise _UsageError(_say("cli.contacts.reply_number", text=text, hours=hours)) from None
    mapping["channels"] = channels
    contact, problems = contact_from_mapping(mapping, "contact", origin="user", strict=True)
    if contact is None or problems:
        # Nothing is saved, so what loading would do instead ("; using 30") is left out.
        raise _Refused(
            [
                f"{problem.where.removeprefix('contact: ')}: {without_outcome(problem).message}"
                for problem in problems
            ],
            code=2,
        )
    return contact


def _add_or_edit(book: ContactBook, args: argparse.Namespace) -> int:
    from faqdesk.core.contacts.book import ABSENT, ContactConflict, ContactMissing
    from faqdesk.core.contacts.model import contact_to_mapping

    _check_options(args)
    exists = _say("cli.contacts.exists", id=args.id)
    try:
        if args.action == "add":
            if book.get(args.id) is not None:
                return _fail(exists)
            contact = _build({"id": args.id, "name": {}, "channels": []}, args)
            try:
                book.save(contact, expected=ABSENT)
            except ContactConflict:  # another process added it meanwhile
                return _fail(exists)
        else:
            try:
                contact = book.update(
                    args.id, lambda existing: _build(contact_to_mapping(existing), args)
                )
            except ContactMissing:
                return _fail(_say("cli.contacts.missing", id=args.id))
    except _Refused as refused:
        for message in refused.messages:
            _fail(message)
        return refused.code
    verb = "added" if args.action == "add" else "saved"
    bundled = "_bundled" if book.is_bundled(contact.id) else ""
    print(_say(f"cli.contacts.{verb}{bundled}", id=contact.id))
    return 0


def _remove(book: ContactBook, contact_id: str) -> int:
    contact = book.get(contact_id)
    if contact is None:
        return _fail(_say("cli.contacts.missing", id=contact_id))
    if contact.origin == "bundled":
        return _fail(_say("cli.contacts.remove_bundled", id=contact_id))
    book.delete(contact_id)
    if contact.origin == "edited":
        print(_say("cli.contacts.reverted", id=contact_id))
    else:
        print(_say("cli.contacts.removed", id=contact_id))
    return 0


def _export(
    book: ContactBook, path: Path, ids: list[str] | None, version: str, *, force: bool
) -> int:
    if ids:
        known = {contact.id for contact in book.contacts()}
        missing = [contact_id for contact_id in ids if contact_id not in known]
        if missing:
            return _fail(_say("cli.contacts.missing", id=missing[0]))
    if str(path) == "-":
        sys.stdout.write(book.vcard_text(ids, version=version))
        return 0
    if path.expanduser().exists() and not force:  # never replace a file unasked
        return _fail(_say("cli.contacts.file_exists", path=path))
    try:
        count = book.export_vcard(path.expanduser(), ids=ids, version=version)
    except OSError as exc:
        return _fail(_say("cli.contacts.cannot_write", path=path, error=exc.strerror or exc))
    print(_say("cli.contacts.exported", count=count, path=path, version=version))
    return 0
