"""Support cases: one problem parcel the seller asked support about, and what happened since.

A :class:`Case` is immutable; the store (:mod:`faqdesk.core.cases.store`) hands out fresh ones.
All times are aware datetimes in UTC with whole seconds. :func:`check_new_case` and
:func:`check_event` hold every rule about what may be stored; each returns typed problems that
name the field (``posting``, ``tracking[1]``, ``channel``, ``at``) and never raises.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from faqdesk.core.contacts.model import Contact
from faqdesk.core.contacts.zones import OutOfRange, require_supported
from faqdesk.core.problems import Problem

#: The reply time when the channel does not say (hours).
DEFAULT_REPLY_HOURS = 24.0
#: The problems the app knows; the id of an existing composer template is accepted too.
PROBLEM_KINDS: tuple[str, ...] = ("delay", "lost", "damaged", "return", "address", "other")
#: How far ahead of now a case may be opened or an event logged (clocks differ a little).
MOST_AHEAD = timedelta(days=1)
MAX_NUMBER = 64
MAX_TRACKING = 20
MAX_TITLE = 300
MAX_TICKET = 200
MAX_TEXT = 20_000
MAX_ATTACHMENTS = 50
MAX_PATH = 4096

_NUMBER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/.]*$")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_CASE_ID_RE = re.compile(r"^(?:C-?)?(\d{1,9})$")


class CaseStatus(StrEnum):
    """Where a case stands: ``open`` → ``waiting`` → ``answered`` / ``escalated`` → ``closed``."""

    OPEN = "open"
    WAITING = "waiting"
    ANSWERED = "answered"
    ESCALATED = "escalated"
    CLOSED = "closed"


_OPEN, _WAITING, _ESCALATED = CaseStatus.OPEN, CaseStatus.WAITING, CaseStatus.ESCALATED


class EventKind(StrEnum):
    """What happened on a case."""

    CREATED = "created"
    SENT = "sent"
    REPLY = "reply"
    CALLED = "called"
    NOTE = "note"
    STATUS = "status"


@dataclass(frozen=True)
class CaseEvent:
    """One thing that happened: a message sent (``channel``, ``text`` when composed in the
    app), a reply received, a call (``outcome``), a note (``text``), a status change
    (``status``). ``seq`` orders events of one case as they were stored."""

    kind: EventKind
    at: datetime
    channel: str = ""
    text: str = ""
    outcome: str = ""
    status: CaseStatus | None = None
    seq: int = 0


@dataclass(frozen=True)
class Attachment:
    """A photo or document of the user's, kept as a reference (never copied)."""

    path: str

    @property
    def missing(self) -> bool:
        """True when the file is gone (or cannot be looked at)."""
        try:
            return not Path(self.path).is_file()
        except (OSError, ValueError):
            return True


@dataclass(frozen=True)
class Case:
    """A support case. ``reply_due`` is the last message's time plus ``reply_hours``."""

    id: str
    problem: str
    contact: str
    channel: str
    opened_at: datetime
    reply_due: datetime
    status: CaseStatus
    order: str = ""
    posting: str = ""
    tracking: tuple[str, ...] = ()
    title: str = ""
    ticket: str = ""
    escalation_contact: str = ""
    reply_hours: float = DEFAULT_REPLY_HOURS
    last_sent_at: datetime | None = None
    events: tuple[CaseEvent, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    updated_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        """True until the case is answered or closed."""
        status = self.status
        return status is _WAITING or status is _OPEN or status is _ESCALATED

    def waiting_since(self) -> datetime:
        """When the last message went out (the opening when none was logged)."""
        return self.last_sent_at or self.opened_at

    def is_overdue(self, now: datetime) -> bool:
        """True when a reply is awaited and ``reply_due`` has passed."""
        return self.is_open and now >= self.reply_due

    def numbers(self) -> tuple[str, ...]:
        """The order, posting and tracking numbers that are filled in."""
        return tuple(n for n in (self.order, self.posting, *self.tracking) if n)


@dataclass(frozen=True)
class NewCase:
    """What ``add`` needs; ``opened_at`` defaults to the store's clock. ``sent`` records the
    first message as sent at the opening (status ``waiting``); without it the case is
    ``open``. ``text``: the message, when it was composed in the app."""

    problem: str
    contact: str
    channel: str
    order: str = ""
    posting: str = ""
    tracking: tuple[str, ...] = ()
    title: str = ""
    ticket: str = ""
    escalation_contact: str = ""
    opened_at: datetime | None = None
    attachments: tuple[str, ...] = ()
    sent: bool = True
    text: str = ""


def utc_seconds(moment: datetime) -> datetime:
    """``moment`` in UTC with whole seconds (how the store keeps times)."""
    return moment.astimezone(UTC).replace(microsecond=0)


def case_id(seq: int) -> str:
    """``C-0001`` for 1."""
    return f"C-{seq:04d}"


def case_seq(text: str) -> int | None:
    """The number of a case id (``C-0012``, ``c-12``, ``C12`` and ``12`` all give 12), or None."""
    match = _CASE_ID_RE.match(text.strip().upper())
    return int(match.group(1)) if match else None


def reply_hours_of(contact: Contact | None, channel_id: str) -> float:
    """The channel's ``reply_within_hours``, else :data:`DEFAULT_REPLY_HOURS`."""
    channel = contact.channel(channel_id) if contact is not None else None
    if channel is None or channel.reply_within_hours is None:
        return DEFAULT_REPLY_HOURS
    return channel.reply_within_hours


def due_after(moment: datetime, hours: float) -> datetime:
    """``moment`` plus ``hours``, whole seconds; the supported end when that overflows."""
    try:
        return utc_seconds(moment + timedelta(hours=hours))
    except OverflowError:
        return datetime(9000, 12, 31, 23, 59, 59, tzinfo=UTC)


# --- checks ------------------------------------------------------------------------------------


def _bad(code: str, field_name: str, value: Any, **params: Any) -> Problem:
    return Problem.of("case", code, field=field_name, value=value, **params)


class _KnownProblems:
    """The problem kinds by name in the language a sentence is rendered in
    (``{known:zh}``)."""

    def __format__(self, spec: str) -> str:
        from faqdesk.core import text

        lang = spec or "en"
        comma = "、" if lang == "zh" else ", "
        return comma.join(
            f"{text.render(f'cases.problem.{kind}', lang)} ({kind})" for kind in PROBLEM_KINDS
        )

    def __str__(self) -> str:
        return format(self, "en")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _KnownProblems)

    def __hash__(self) -> int:
        return 0


def shown_time(moment: datetime) -> str:
    """A time as a problem shows it: ``2099-01-01 00:00 UTC`` (no microseconds)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def check_ahead(moment: datetime, now: datetime | None, field_name: str) -> Problem | None:
    """A problem when ``moment`` is more than :data:`MOST_AHEAD` after ``now``."""
    if now is None or moment <= now + MOST_AHEAD:
        return None
    return _bad("casesfix.at.future", field_name, shown_time(moment), now=shown_time(now))


def check_number(value: str, field_name: str) -> Problem | None:
    """An order/posting/tracking number: letters, digits and ``- _ / .``, at most 64."""
    if len(value) > MAX_NUMBER:
        return _bad("cases.field.too_long", field_name, value[:40] + "…", most=MAX_NUMBER)
    if not _NUMBER_RE.match(value):
        return _bad("cases.field.bad_number", field_name, value[:80])
    return None


def check_text(value: str, field_name: str, most: int, *, lines: bool = False) -> Problem | None:
    """Free text: no control characters (newlines only where ``lines``), at most ``most``."""
    if len(value) > most:
        return _bad("cases.field.too_long", field_name, value[:40] + "…", most=most)
    if _SURROGATE_RE.search(value):
        return _bad("cases.field.encoding", field_name, "")
    bad = _CONTROL_RE.search(value.replace("\n", "").replace("\t", "") if lines else value)
    if bad is not None or (not lines and ("\n" in value or "\t" in value)):
        return _bad("cases.field.control", field_name, value[:80])
    return None


def check_moment(moment: datetime, field_name: str) -> Problem | None:
    """An aware instant within the supported years."""
    try:
        require_supported(moment, field_name)
    except OutOfRange:
        return _bad("cases.field.out_of_range", field_name, moment.isoformat())
    except ValueError:
        return _bad("cases.field.naive", field_name, moment.isoformat())
    return None


def check_channel(
    contacts: Mapping[str, Contact], contact_id: str, channel_id: str
) -> list[Problem]:
    """A problem when the (existing) contact has no channel ``channel_id``."""
    contact = contacts.get(contact_id)
    if contact is None or contact.channel(channel_id) is not None:
        return []
    known = ", ".join(channel.id for channel in contact.channels) or "-"
    return [_bad("cases.channel.unknown", "channel", channel_id, contact=contact_id, known=known)]


def _check_contact(
    contacts: Mapping[str, Contact], contact_id: str, channel_id: str
) -> list[Problem]:
    contact = contacts.get(contact_id)
    if contact is None:
        return [_bad("cases.contact.unknown", "contact", contact_id)]
    if contact.channel(channel_id) is None:
        known = ", ".join(channel.id for channel in contact.channels) or "-"
        return [
            _bad("cases.channel.unknown", "channel", channel_id, contact=contact_id, known=known)
        ]
    return []


def check_new_case(
    new: NewCase,
    contacts: Mapping[str, Contact],
    *,
    templates: Collection[str] = (),
    now: datetime | None = None,
) -> list[Problem]:
    """Everything wrong with ``new``, each problem naming its field; empty when it can be
    stored. ``contacts`` by id: the contact and its channel must exist; the problem is one of
    :data:`PROBLEM_KINDS` or one of the composer's ``templates``; given ``now``, the opening
    may be at most :data:`MOST_AHEAD` after it."""
    problems: list[Problem] = []
    if new.problem not in PROBLEM_KINDS and new.problem not in templates:
        problems.append(
            _bad("cases.problem.unknown", "problem", new.problem[:80], known=_KnownProblems())
        )
    problems.extend(_check_contact(contacts, new.contact, new.channel))
    if new.escalation_contact and new.escalation_contact not in contacts:
        problems.append(_bad("cases.contact.unknown", "escalation_contact", new.escalation_contact))
    for name, value in (("order", new.order), ("posting", new.posting)):
        found = check_number(value, name) if value else None
        if found is not None:
            problems.append(found)
    if len(new.tracking) > MAX_TRACKING:
        problems.append(
            _bad("cases.field.too_many", "tracking", len(new.tracking), most=MAX_TRACKING)
        )
    for index, number in enumerate(new.tracking[:MAX_TRACKING]):
        found = check_number(number, f"tracking[{index}]")
        if found is not None:
            problems.append(found)
    if not (new.order or new.posting or new.tracking or new.title.strip()):
        problems.append(_bad("cases.field.nothing", "posting", ""))
    for name, value, most in (("title", new.title, MAX_TITLE), ("ticket", new.ticket, MAX_TICKET)):
        found = check_text(value, name, most)
        if found is not None:
            problems.append(found)
    found = check_text(new.text, "text", MAX_TEXT, lines=True)
    if found is not None:
        problems.append(found)
    problems.extend(check_attachments(new.attachments))
    if new.opened_at is not None:
        found = check_moment(new.opened_at, "at") or check_ahead(new.opened_at, now, "at")
        if found is not None:
            problems.append(found)
    return problems


def check_attachments(paths: Sequence[str]) -> list[Problem]:
    """Attachment paths: at most 50, each a plain path without control characters."""
    if len(paths) > MAX_ATTACHMENTS:
        return [_bad("cases.field.too_many", "attachments", len(paths), most=MAX_ATTACHMENTS)]
    problems: list[Problem] = []
    for index, path in enumerate(paths):
        found = check_text(path, f"attachments[{index}]", MAX_PATH)
        if found is not None or not path.strip():
            problems.append(found or _bad("cases.field.empty", f"attachments[{index}]", path))
    return problems


def check_event(case: Case, event: CaseEvent, now: datetime | None = None) -> list[Problem]:
    """What is wrong with adding ``event`` to ``case`` (a time before the opening, text too
    long, a call without an outcome…). A case whose opening is still ahead of ``now`` (a
    mistyped date) takes events at any earlier time."""
    problems: list[Problem] = []
    found = check_moment(event.at, "at")
    if found is not None:
        return [found]
    opened_ahead = now is not None and case.opened_at > now
    if utc_seconds(event.at) < case.opened_at and not opened_ahead:
        problems.append(
            _bad(
                "cases.event.before_opening",
                "at",
                shown_time(event.at),
                opened=shown_time(case.opened_at),
            )
        )
    if event.kind is EventKind.CALLED and not event.outcome.strip():
        problems.append(_bad("cases.field.empty", "outcome", event.outcome))
    if event.kind is EventKind.NOTE and not event.text.strip():
        problems.append(_bad("cases.field.empty", "text", event.text))
    for name, value, most, lines in (
        ("text", event.text, MAX_TEXT, True),
        ("outcome", event.outcome, MAX_TITLE, False),
        ("channel", event.channel, MAX_NUMBER, False),
    ):
        found = check_text(value, name, most, lines=lines)
        if found is not None:
            problems.append(found)
    return problems


# --- mapping form ------------------------------------------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def event_to_mapping(event: CaseEvent) -> dict[str, Any]:
    """An event as JSON-ready data."""
    data: dict[str, Any] = {"kind": event.kind.value, "at": event.at.isoformat()}
    if event.channel:
        data["channel"] = event.channel
    if event.text:
        data["text"] = event.text
    if event.outcome:
        data["outcome"] = event.outcome
    if event.status is not None:
        data["status"] = event.status.value
    return data


def case_to_mapping(case: Case) -> dict[str, Any]:
    """A case as JSON-ready data (every field; times ISO 8601 in UTC)."""
    return {
        "id": case.id,
        "problem": case.problem,
        "order": case.order,
        "posting": case.posting,
        "tracking": list(case.tracking),
        "title": case.title,
        "contact": case.contact,
        "channel": case.channel,
        "ticket": case.ticket,
        "escalation_contact": case.escalation_contact,
        "opened_at": case.opened_at.isoformat(),
        "reply_due": case.reply_due.isoformat(),
        "reply_hours": case.reply_hours,
        "status": case.status.value,
        "last_sent_at": _iso(case.last_sent_at),
        "events": [event_to_mapping(event) for event in case.events],
        "attachments": [{"path": item.path, "missing": item.missing} for item in case.attachments],
    }


def contacts_by_id(contacts: Iterable[Contact]) -> dict[str, Contact]:
    """``contacts`` keyed by id (what the checks and :func:`next_step` take)."""
    return {contact.id: contact for contact in contacts}


#: Dashes people (and word processors) type between the parts of a number.
_DASHES = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-")
)
_NOT_DIGITS_RE = re.compile(r"[^0-9]")


def canonical_number(value: str) -> str:
    """A number as stored: full-width letters and digits made plain (NFKC), every dash
    ``-``, no spaces around it."""
    return unicodedata.normalize("NFKC", value).translate(_DASHES).strip()


def normalized_number(value: str) -> str:
    """How numbers are compared in search: :func:`canonical_number`, upper case, without
    spaces."""
    return "".join(canonical_number(value).split()).upper()


def number_digits(value: str) -> str:
    """Only the digits of a number (``12345678-0001-1`` → ``1234567800011``): it is found
    when typed without its dashes too."""
    return _NOT_DIGITS_RE.sub("", canonical_number(value))
