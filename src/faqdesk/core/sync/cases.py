"""The cases as one side of a sync with a CalDAV task list: each case one VTODO.

``SUMMARY`` is the title (else the problem and the first number), ``DUE`` the reply due time,
``STATUS`` mapped (open → NEEDS-ACTION, waiting/answered/escalated → IN-PROCESS, closed →
COMPLETED), a ``VALARM`` at the due time so a phone reminds too, ``DESCRIPTION`` the history
in plain lines for other programs, and ``X-FAQDESK-CASE`` (JSON) everything FAQDesk needs:
numbers, contact and channel, and every event.

Case ids (``C-0007``) are per desk, so the server resource is named by a UID of its own and a
case received from the server gets the next free id here. A case's history only grows, so two
desks that both changed a case lose nothing: the server's events and ours are merged, a
"conflict" note is added, and the merged case goes up again. Cases are never deleted here; a
case deleted on the server by another program is kept and sent again. Attachments are paths to
files on this computer and stay here.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Mapping, Set
from datetime import UTC, datetime
from typing import Any

from faqdesk.core.cases.model import (
    Case,
    CaseEvent,
    CaseStatus,
    EventKind,
    NewCase,
    case_to_mapping,
)
from faqdesk.core.cases.store import CasesError, CaseStore
from faqdesk.core.contacts.model import Contact
from faqdesk.core.problems import Problem
from faqdesk.core.sync.side import ChangedMeanwhile, Incoming, Refused
from faqdesk.core.text import render

_FIELDS = (
    "problem", "order", "posting", "tracking", "title", "contact", "channel", "ticket",
    "escalation_contact", "opened_at",
)  # fmt: skip
_EVENT_KEYS = ("kind", "at", "channel", "text", "outcome", "status")
_TODO_STATUS = {
    CaseStatus.OPEN: "NEEDS-ACTION",
    CaseStatus.WAITING: "IN-PROCESS",
    CaseStatus.ANSWERED: "IN-PROCESS",
    CaseStatus.ESCALATED: "IN-PROCESS",
    CaseStatus.CLOSED: "COMPLETED",
}


def _event_key(event: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(event.get(key) or "") for key in _EVENT_KEYS)


def case_stamp(mapping: Mapping[str, Any]) -> str:
    """The fingerprint of what a case shares: its fields and the set of its events (the
    reply time and status follow from those and the desk's own contacts)."""
    data = {key: mapping.get(key) for key in _FIELDS}
    data["events"] = sorted(_event_key(e) for e in mapping.get("events") or [] if _is_map(e))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _is_map(value: object) -> bool:
    return isinstance(value, Mapping)


def _summary(case: Case) -> str:
    return " ".join(part for part in (case.title or case.problem, *case.numbers()[:1]) if part)


def case_to_ical(case: Case, uid: str, now: datetime) -> str:
    """One case as the text of a VCALENDAR holding one VTODO."""
    from icalendar import Alarm, Calendar, Todo, vText

    calendar = Calendar()
    calendar.add("prodid", "-//FAQDesk//sync//EN")
    calendar.add("version", "2.0")
    todo = Todo()
    todo.add("uid", uid)
    todo.add("dtstamp", now.astimezone(UTC))
    todo.add("dtstart", case.opened_at)
    todo.add("due", case.reply_due)
    todo.add("summary", _summary(case))
    todo.add("status", _TODO_STATUS[case.status])
    lines = [f"{e.at.isoformat()} {e.kind.value} {e.channel} {e.text}".strip() for e in case.events]
    todo.add("description", "\n".join(lines))
    mapping = case_to_mapping(case)
    mapping.pop("attachments", None)
    # vText escapes the commas and line ends (a bare string is read back as a list)
    todo.add("x-faqdesk-case", vText(json.dumps(mapping, ensure_ascii=False, sort_keys=True)))
    if case.is_open:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _summary(case))
        alarm.add("trigger", case.reply_due)
        todo.add_component(alarm)
    calendar.add_component(todo)
    return bytes(calendar.to_ical()).decode("utf-8")


def _remote_mapping(body: str, where: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(body)
        todos = [c for c in calendar.walk("VTODO")]
    except Exception as exc:  # icalendar raises many kinds of errors on bad input
        return None, [Problem.of(where, "sync.case.unreadable", error=type(exc).__name__)]
    raw = todos[0].get("X-FAQDESK-CASE") if todos else None
    if raw is None:
        return None, [Problem.of(where, "sync.case.foreign")]
    data = None
    for text in (str(raw), _unescape(str(raw))):  # an X- property is read back escaped
        try:
            data = json.loads(text)
            break
        except ValueError:
            continue
    if not isinstance(data, dict) or not isinstance(data.get("events", []), list):
        return None, [Problem.of(where, "sync.case.unreadable", error="X-FAQDESK-CASE")]
    return data, []


_ESCAPED = re.compile(r"\\([\\;,nN])")


def _unescape(text: str) -> str:
    """An iCalendar TEXT value as written (RFC 5545 3.3.11)."""
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _event(data: Mapping[str, Any]) -> CaseEvent:
    status = data.get("status")
    return CaseEvent(
        EventKind(str(data["kind"])),
        datetime.fromisoformat(str(data["at"])),
        channel=str(data.get("channel") or ""),
        text=str(data.get("text") or ""),
        outcome=str(data.get("outcome") or ""),
        status=CaseStatus(str(status)) if status else None,
    )


class CasesSide:
    """:class:`~faqdesk.core.sync.side.LocalSide` over a :class:`CaseStore`; ``contacts``
    are this desk's (a received case must name a contact and channel known here)."""

    collection = "cases"
    content_type = "text/calendar; charset=utf-8"
    suffix = ".ics"
    calendar = True
    deletes_here = False

    def __init__(
        self,
        store: CaseStore,
        contacts: Callable[[], Mapping[str, Contact]],
        now: datetime,
        desk: str = "",
    ) -> None:
        self.store = store
        self.desk = desk
        self._contacts = contacts
        self._known: Mapping[str, Contact] | None = None
        self.now = now

    @property
    def contacts(self) -> Mapping[str, Contact]:
        """This desk's contacts, read when first needed (after the contacts were synced)."""
        if self._known is None:
            self._known = self._contacts()
        return self._known

    def version(self) -> str:
        if self.store.path is None or self.store.read_only:
            return ""
        return f"{self.store.path}#{self.store.revision()}"

    def stamps(self) -> dict[str, str]:
        return {case.id: case_stamp(case_to_mapping(case)) for case in self.store.cases()}

    def name(self, local_id: str) -> str:
        case = self.store.get(local_id)
        return f"{local_id} {_summary(case)}" if case is not None else local_id

    def body(self, local_id: str, uid: str) -> str | None:
        case = self.store.get(local_id)
        return None if case is None else case_to_ical(case, uid, self.now)

    def new_uid(self, local_id: str) -> str:
        # Case ids repeat from desk to desk, so the desk's own id is part of the UID; the UID
        # is the same every time, so a retry after a crash finds its earlier upload (412).
        return f"faqdesk-case-{self.desk or uuid.uuid4().hex[:12]}-{local_id}"

    def resource_name(self, local_id: str, uid: str) -> str:
        return uid

    def parse(
        self, body: str, where: str, taken: Set[str]
    ) -> tuple[Incoming | None, list[Problem]]:
        data, problems = _remote_mapping(body, where)
        if data is None:
            return None, problems
        name = str(data.get("title") or data.get("problem") or "")[:200]
        return Incoming("", case_stamp(data), name, (data, where)), problems

    def fresh_id(self, incoming: Incoming, taken: Set[str]) -> str:
        return ""  # received cases carry no id of ours: save() gives one

    def with_id(self, incoming: Incoming, local_id: str) -> Incoming:
        return Incoming(local_id, incoming.stamp, f"{local_id} {incoming.name}", incoming.value)

    def save(self, incoming: Incoming, expected: str | None) -> tuple[str, str]:
        data, where = incoming.value
        try:
            events = [_event(e) for e in data.get("events") or [] if _is_map(e)]
            case = self.store.get(incoming.id) if incoming.id else None
            if case is None:
                case = self._create(data)
            elif case_stamp(case_to_mapping(case)) != expected:
                raise ChangedMeanwhile(incoming.id)
            case = self._merge(case, events)
        except (CasesError, KeyError, ValueError, TypeError) as exc:
            problems = getattr(exc, "problems", ()) or [
                Problem.of(where, "sync.case.unreadable", error=type(exc).__name__)
            ]
            found = [Problem(where, p.code, p.field, p.value, p.params) for p in problems]
            raise Refused(found) from exc
        return case.id, case_stamp(case_to_mapping(case))

    def _create(self, data: Mapping[str, Any]) -> Case:
        tracking = data.get("tracking") or []
        new = NewCase(
            problem=str(data.get("problem") or ""),
            contact=str(data.get("contact") or ""),
            channel=str(data.get("channel") or ""),
            order=str(data.get("order") or ""),
            posting=str(data.get("posting") or ""),
            tracking=tuple(str(t) for t in tracking) if isinstance(tracking, list) else (),
            title=str(data.get("title") or ""),
            ticket=str(data.get("ticket") or ""),
            escalation_contact=str(data.get("escalation_contact") or ""),
            opened_at=datetime.fromisoformat(str(data["opened_at"])),
            sent=False,
        )
        return self.store.add(new, self.contacts)

    def _merge(self, case: Case, events: list[CaseEvent]) -> Case:
        """Add the server's events this case lacks; when it has events the server lacks
        (changed on both sides) add a conflict note too."""
        have = {_event_key(_mapped(e)) for e in case.events}
        theirs = {_event_key(_mapped(e)) for e in events}
        for event in sorted(events, key=lambda e: e.at):
            if event.kind is not EventKind.CREATED and _event_key(_mapped(event)) not in have:
                case = self.store.log(case.id, event)
        if have - theirs:  # events only here: changed on both sides since the last sync
            note = " / ".join(render("sync.case.conflict_note", lang) for lang in ("zh", "en"))
            case = self.store.log(case.id, CaseEvent(EventKind.NOTE, self.now, text=note))
        return case

    def edits_bundled(self, local_id: str) -> bool:
        return False  # no case is bundled

    def remove(self, local_id: str, expected: str) -> bool:
        return False  # FAQDesk never deletes a case: it is kept and sent again

    def keep_copy(self, local_id: str, now: datetime) -> str | None:
        return None  # both histories are merged by save()


def _mapped(event: CaseEvent) -> dict[str, Any]:
    from faqdesk.core.cases.model import event_to_mapping

    return event_to_mapping(event)
