"""Which reminders fall due between two checks, and when to look again."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta

from case_fixtures import THURSDAY_NOON_MSK, contacts
from faqdesk.core.cases.model import Case, CaseStatus
from faqdesk.core.cases.next_step import NextStep, StepKind, next_steps
from faqdesk.core.cases.reminders import ReminderKind, due_reminders, next_wake


def a_case(case_id: str, due: datetime, **changes: object) -> Case:
    values: dict[str, object] = {
        "id": case_id,
        "problem": "lost",
        "contact": "desk",
        "channel": "ticket",
        "opened_at": THURSDAY_NOON_MSK,
        "reply_due": due,
        "status": CaseStatus.WAITING,
        "posting": "1",
    }
    values.update(changes)
    return Case(**values)  # type: ignore[arg-type]


def check(cases: list[Case], since: datetime, now: datetime) -> list[tuple[str, ReminderKind]]:
    before = next_steps(cases, since, contacts())
    current = next_steps(cases, now, contacts())
    return [(r.case.id, r.kind) for r in due_reminders(cases, before, since, now, current)]


def test_a_case_reminds_once_when_its_reply_due_passes() -> None:
    due = THURSDAY_NOON_MSK + timedelta(hours=24)
    cases = [a_case("C-0001", due), a_case("C-0002", due + timedelta(hours=3))]
    assert check(cases, due - timedelta(minutes=1), due) == [("C-0001", ReminderKind.OVERDUE)]
    assert check(cases, due, due + timedelta(minutes=1)) == []  # not again
    both = check(cases, due - timedelta(hours=1), due + timedelta(hours=4))
    assert both == [("C-0001", ReminderKind.OVERDUE), ("C-0002", ReminderKind.OVERDUE)]


def test_a_call_at_moment_reminds_when_it_comes() -> None:
    # Overdue since Friday; Friday 20:00 Moscow the phone is closed until Monday 09:30.
    case = a_case("C-0001", datetime(2026, 11, 27, 9, 0, tzinfo=UTC))
    friday_evening = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    steps = next_steps([case], friday_evening, contacts())
    assert steps["C-0001"].kind is StepKind.CALL_AT
    monday = datetime(2026, 11, 30, 6, 30, tzinfo=UTC)
    assert next_wake([case], steps, friday_evening) == monday
    assert check([case], friday_evening, monday - timedelta(minutes=1)) == []
    assert check([case], friday_evening, monday) == [("C-0001", ReminderKind.CALL)]


def test_answered_and_closed_cases_never_remind() -> None:
    due = THURSDAY_NOON_MSK + timedelta(hours=1)
    cases = [
        a_case("C-0001", due, status=CaseStatus.ANSWERED),
        a_case("C-0002", due, status=CaseStatus.CLOSED),
    ]
    assert check(cases, THURSDAY_NOON_MSK, due + timedelta(days=3)) == []
    assert (
        next_wake(cases, next_steps(cases, THURSDAY_NOON_MSK, contacts()), THURSDAY_NOON_MSK)
        is None
    )


def test_next_wake_is_the_earliest_reply_due_ahead() -> None:
    now = THURSDAY_NOON_MSK
    cases = [
        a_case("C-0001", now + timedelta(hours=5)),
        a_case("C-0002", now + timedelta(hours=2)),
        a_case("C-0003", now - timedelta(hours=2)),  # overdue: phone open now, nothing ahead
    ]
    assert next_wake(cases, next_steps(cases, now, contacts()), now) == now + timedelta(hours=2)


class CountingSteps(Mapping[str, NextStep]):
    """The steps at one instant, counting which cases' steps were asked for."""

    def __init__(self, steps: Mapping[str, NextStep]) -> None:
        self._steps = steps
        self.asked: set[str] = set()

    def __getitem__(self, case_id: str) -> NextStep:
        self.asked.add(case_id)
        return self._steps[case_id]

    def __contains__(self, case_id: object) -> bool:
        return case_id in self._steps

    def __iter__(self) -> Iterator[str]:
        return iter(self._steps)

    def __len__(self) -> int:
        return len(self._steps)


def test_many_overdue_cases_on_one_phone_are_looked_at_once_and_remind_alike() -> None:
    # 300 cases overdue since Friday at the same desk (phone closed from Friday 20:00 Moscow
    # to Monday 09:30), 300 on the mailbox (no phone), one waiting until Saturday, then all.
    friday_evening = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    monday = datetime(2026, 11, 30, 6, 30, tzinfo=UTC)
    due = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    cases = [a_case(f"C-{i:04d}", due + timedelta(minutes=i % 7)) for i in range(1, 301)]
    cases += [a_case(f"C-{i:04d}", due, contact="mailbox", channel="mail") for i in range(301, 601)]
    saturday = friday_evening + timedelta(hours=20)
    cases.append(a_case("C-0601", saturday))
    steps = CountingSteps(next_steps(cases, friday_evening, contacts()))
    assert next_wake(cases, steps, friday_evening) == saturday
    assert len(steps.asked) == 2  # one desk case, one mailbox case
    steps = CountingSteps(next_steps(cases[:-1], friday_evening, contacts()))
    assert next_wake(cases[:-1], steps, friday_evening) == monday
    assert len(steps.asked) == 2
    before = CountingSteps(next_steps(cases, friday_evening, contacts()))
    current = next_steps(cases, monday, contacts())
    found = due_reminders(cases, before, friday_evening, monday, current)
    assert len(before.asked) == 2
    calls = [r.case.id for r in found if r.kind is ReminderKind.CALL]
    assert calls == [f"C-{i:04d}" for i in range(1, 301)]  # every desk case, none by mail
    assert [(r.case.id, r.kind) for r in found if r.kind is ReminderKind.OVERDUE] == [
        ("C-0601", ReminderKind.OVERDUE)
    ]
    assert all(r.step is current[r.case.id] for r in found)
