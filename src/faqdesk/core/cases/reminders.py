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
from faqdesk.core.cases.next_step import NextStep, StepKind


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
    reminder per case (overdue wins), the oldest first."""
    found: list[Reminder] = []
    for case in cases:
        if not case.is_open:
            continue
        if since < case.reply_due <= now:
            found.append(Reminder(ReminderKind.OVERDUE, case, case.reply_due, current.get(case.id)))
            continue
        earlier = before.get(case.id)
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
    """The earliest instant after ``now`` when a reminder may fall due, or None."""
    moments: list[datetime] = []
    for case in cases:
        if not case.is_open:
            continue
        if case.reply_due > now:
            moments.append(case.reply_due)
        step = steps.get(case.id)
        at = step.at if step is not None and step.kind is StepKind.CALL_AT else None
        if at is not None and at > now:
            moments.append(at)
    return min(moments, default=None)
