"""What to remind the user of, and when: a case becoming overdue, a ``call_at`` moment arriving.

Pure functions of the cases, their steps and two instants (the last check and now), so the
window's reminders follow the one injected clock and tests run at fixed instants.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from faqdesk.core.cases.model import Case
from faqdesk.core.cases.next_step import NextStep, StepKind, phone_key


class ReminderKind(StrEnum):
    """Why the user is reminded."""

    OVERDUE = "overdue"
    CALL = "call"


@dataclass(frozen=True)
class Reminder:
    """One notification: ``case`` needs attention since ``at``; ``step`` is what to do now."""

    kind: ReminderKind
    case: Case
    at: datetime
    step: NextStep | None


def due_reminders(
    cases: Iterable[Case],
    before: Mapping[str, NextStep],
    since: datetime,
    now: datetime,
    current: Mapping[str, NextStep],
) -> list[Reminder]:
    """The reminders that fell due in ``(since, now]``: cases whose ``reply_due`` passed, and
    cases whose step at ``since`` (``before``) was ``call_at`` a moment that has come. One
    reminder per case (overdue wins), the oldest first. The cases overdue at ``since`` are
    looked at once per :func:`~faqdesk.core.cases.next_step.phone_key` (10,000 cases, a few
    phones)."""
    found: list[Reminder] = []
    earlier_of: dict[tuple[str, str], NextStep | None] = {}
    for case in cases:
        if not case.is_open:
            continue
        if since < case.reply_due <= now:
            found.append(Reminder(ReminderKind.OVERDUE, case, case.reply_due, current.get(case.id)))
            continue
        if case.reply_due > since:
            continue  # it was still awaited at ``since``: that step was "wait"
        if case.id not in before:
            continue  # not listed at ``since``
        key = phone_key(case)
        if key not in earlier_of:
            earlier_of[key] = before.get(case.id)
        earlier = earlier_of[key]
        if (
            earlier is not None
            and earlier.kind is StepKind.CALL_AT
            and earlier.at is not None
            and since < earlier.at <= now
        ):
            found.append(Reminder(ReminderKind.CALL, case, earlier.at, current.get(case.id)))
    found.sort(key=lambda reminder: (reminder.at, reminder.case.id))
    return found


def next_wake(
    cases: Iterable[Case], steps: Mapping[str, NextStep], now: datetime
) -> datetime | None:
    """The earliest instant after ``now`` when a reminder may fall due, or None. The overdue
    cases' steps are asked for once per :func:`~faqdesk.core.cases.next_step.phone_key`."""
    moments: list[datetime] = []
    asked: set[tuple[str, str]] = set()
    for case in cases:
        if not case.is_open:
            continue
        if case.reply_due > now:
            moments.append(case.reply_due)
            continue  # the step is "wait" until then
        key = phone_key(case)
        if key in asked:
            continue
        step = steps.get(case.id)
        if step is None:
            continue  # not asked about: another case of this key may answer
        asked.add(key)
        at = step.at if step is not None and step.kind is StepKind.CALL_AT else None
        if at is not None and at > now:
            moments.append(at)
    return min(moments, default=None)
