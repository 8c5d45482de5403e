"""Reading cases out of the database rows (the store's read side)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from faqdesk.core.cases.model import Attachment, Case, CaseEvent, CaseStatus, EventKind, utc_seconds
from faqdesk.core.scripts import printable
from faqdesk.core.text import Phrase

#: The columns of ``cases`` a case is read from, in order.
CASE_COLUMNS = (
    "id, problem, order_no, posting, title, contact, channel, ticket, escalation, opened_at, "
    "reply_hours, reply_due, last_sent_at, status, updated, tracking"
)


def time_text(moment: datetime | None) -> str | None:
    """How the database keeps a time: ISO 8601 in UTC, whole seconds."""
    return None if moment is None else utc_seconds(moment).isoformat()


_STATUS = {status.value: status for status in CaseStatus}
_KIND = {kind.value: kind for kind in EventKind}


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is UTC:  # how the store writes times
        return moment
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive time")
    return moment.astimezone(UTC)


def _required(value: object) -> datetime:
    moment = _moment(value)
    if moment is None:
        raise ValueError("missing time")
    return moment


def load_cases(
    connection: sqlite3.Connection,
    where: str,
    params: Sequence[object],
    note: Callable[[Phrase], None],
    *,
    with_events: bool = True,
    order: str = "seq",
    limit: int | None = None,
) -> list[Case]:
    """The cases ``where`` selects (a ``WHERE`` clause with ``?`` for ``params``), by number
    (or by the columns ``order`` names; the first ``limit`` only), with their tracking numbers,
    attachments and (``with_events``) events; a damaged row is skipped and ``note``-d."""
    rows = connection.execute(
        f"SELECT {CASE_COLUMNS} FROM cases {where} ORDER BY {order}"
        + ("" if limit is None else f" LIMIT {max(0, int(limit))}"),
        params,
    ).fetchall()
    if not rows:
        return []
    restrict = "" if not where else f"WHERE case_id IN (SELECT id FROM cases {where})"
    # Joined (not ``IN (SELECT …)``): the few attachments are looked up, not every case id.
    joined = f"JOIN cases ON cases.id = case_attachments.case_id {where}"
    if limit is not None:  # exactly the cases read
        params = [row[0] for row in rows]
        restrict = f"WHERE case_id IN ({', '.join('?' * len(params))})"
        joined = restrict
    events: dict[str, list[CaseEvent]] = {}
    query = (
        "SELECT case_id, seq, kind, at, channel, body, outcome, status FROM case_events "
        f"{restrict} ORDER BY seq"
    )
    for row in connection.execute(query, params) if with_events else ():
        event = _event(row, note)
        if event is not None:
            events.setdefault(str(row[0]), []).append(event)
    attachments: dict[str, list[Attachment]] = {}
    for cid, path in connection.execute(
        "SELECT case_attachments.case_id, case_attachments.path FROM case_attachments "
        f"{joined} ORDER BY case_attachments.case_id, case_attachments.position",
        params,
    ):
        attachments.setdefault(str(cid), []).append(Attachment(str(path)))
    found: list[Case] = []
    for row in rows:
        key = str(row[0])
        case = _case(row, events.get(key, ()), attachments.get(key, ()), note)
        if case is not None:
            found.append(case)
    return found


def _event(row: Sequence[object], note: Callable[[Phrase], None]) -> CaseEvent | None:
    try:
        status = _STATUS[str(row[7])] if row[7] else None
        return CaseEvent(
            kind=_KIND[str(row[2])],
            at=_required(row[3]),
            channel=str(row[4] or ""),
            text=str(row[5] or ""),
            outcome=str(row[6] or ""),
            status=status,
            seq=int(str(row[1])),
        )
    except (ValueError, TypeError, KeyError):
        note(Phrase.of("cases.store.damaged_row", id=row[0]))
        return None


def _case(
    row: Sequence[object],
    events: Sequence[CaseEvent],
    attachments: Sequence[Attachment],
    note: Callable[[Phrase], None],
) -> Case | None:
    try:
        values = {
            "id": str(row[0]),
            "problem": str(row[1]),
            "order": str(row[2]),
            "posting": str(row[3]),
            "title": str(row[4]),
            "contact": str(row[5]),
            "channel": str(row[6]),
            "ticket": str(row[7]),
            "escalation_contact": str(row[8]),
            "opened_at": _required(row[9]),
            "reply_hours": float(str(row[10])),
            "reply_due": _required(row[11]),
            "last_sent_at": _moment(row[12]),
            "status": _STATUS[str(row[13])],
            "updated_at": _moment(row[14]),
            "tracking": tuple(str(row[15]).split()),
            "events": tuple(events),
            "attachments": tuple(attachments),
        }
    except (ValueError, TypeError, OverflowError, KeyError):
        note(Phrase.of("cases.store.damaged_row", id=row[0]))
        return None
    # The frozen dataclass's __init__ sets each field through object.__setattr__; filling the
    # instance's __dict__ at once is the same object, three times faster (10,000 cases).
    case = object.__new__(Case)
    case.__dict__.update(values)
    return case


#: The names of :data:`CASE_COLUMNS`, in order.
COLUMN_NAMES = tuple(name.strip() for name in CASE_COLUMNS.split(","))
_TIMES = {"opened_at": True, "reply_due": True, "last_sent_at": False, "updated": False}


@dataclass(frozen=True)
class DamagedCase:
    """A case whose row cannot be read as a case (a time or status that makes no sense):
    shown as damaged with what can be read, never silently left out. ``values``: every
    column as stored, as text (``bad`` ones too, so the user sees what is wrong)."""

    id: str
    values: Mapping[str, str]
    bad: tuple[str, ...]


def _column_is_bad(name: str, value: object) -> bool:
    try:
        if name in _TIMES:
            moment = _moment(value)
            return moment is None and _TIMES[name]
        if name == "reply_hours":
            float(str(value))
        elif name == "status":
            return str(value) not in _STATUS
        return False
    except (ValueError, TypeError, OverflowError):
        return True


def _ignore(_notice: Phrase) -> None:
    return None


def damaged_cases(
    connection: sqlite3.Connection, where: str = "", params: Sequence[object] = ()
) -> list[DamagedCase]:
    """The rows ``where`` selects that :func:`load_cases` cannot read, by number."""
    found: list[DamagedCase] = []
    for row in connection.execute(f"SELECT {CASE_COLUMNS} FROM cases {where} ORDER BY seq", params):
        if _case(row, (), (), _ignore) is not None:
            continue  # the common case: readable
        bad = tuple(
            name
            for name, value in zip(COLUMN_NAMES, row, strict=True)
            if _column_is_bad(name, value)
        )
        values = {
            name: printable(str(value))[:200]
            for name, value in zip(COLUMN_NAMES, row, strict=True)
            if value is not None and str(value)
        }
        found.append(DamagedCase(str(row[0]), values, bad or ("?",)))
    return found
