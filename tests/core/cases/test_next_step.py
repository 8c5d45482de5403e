"""The next step on a case, against the call-time engine."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from case_fixtures import THURSDAY_NOON_MSK, contacts, desk, make_contact
from faqdesk.core.cases.model import Case, CaseStatus
from faqdesk.core.cases.next_step import (
    FOLLOW_UP_TEMPLATE,
    StepKind,
    by_urgency,
    next_step,
    next_steps,
)
from faqdesk.core.contacts.calltime import (
    Status,
    best_windows,
    caller_spans,
    channel_status,
)


def a_case(**changes: object) -> Case:
    values: dict[str, object] = {
        "id": "C-0001",
        "problem": "lost",
        "contact": "desk",
        "channel": "ticket",
        "opened_at": THURSDAY_NOON_MSK,
        "reply_due": THURSDAY_NOON_MSK + timedelta(hours=24),
        "status": CaseStatus.WAITING,
        "posting": "12345678-0001-1",
        "order": "12345678-0001",
        "ticket": "T-77",
    }
    values.update(changes)
    return Case(**values)  # type: ignore[arg-type]


def test_waiting_before_the_due_time_says_when_the_reply_is_expected() -> None:
    step = next_step(a_case(), THURSDAY_NOON_MSK + timedelta(hours=1), contacts())
    assert step.kind is StepKind.WAIT
    assert step.at == THURSDAY_NOON_MSK + timedelta(hours=24)
    assert step.reason("en", "Asia/Shanghai") == "reply expected by Fri 17:00 your time"
    assert step.reason("zh", "Asia/Shanghai") == "预计在 您的时间 周五 17:00 前回复"


def test_overdue_while_the_phone_is_open_says_phone_now_until_closing() -> None:
    # Friday 27 Nov, 26 h after: 11:00 UTC = 14:00 Moscow, after lunch, open until 18:00.
    now = THURSDAY_NOON_MSK + timedelta(hours=26)
    step = next_step(a_case(), now, contacts())
    assert step.kind is StepKind.CALL
    assert (step.contact, step.channel) == ("desk", "phone")
    assert step.reason("en") == "no reply for 26 h — phone now, open until 18:00 MSK"
    assert step.reason("en", "Asia/Shanghai") == (
        "no reply for 26 h — phone now, open until 18:00 MSK = 23:00 your time"
    )


def test_overdue_after_hours_says_when_to_phone() -> None:
    # Friday 27 Nov 20:00 Moscow: closed until Monday 09:30 (09:00 + margin).
    now = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    step = next_step(a_case(), now, contacts())
    assert step.kind is StepKind.CALL_AT
    assert step.at == datetime(2026, 11, 30, 6, 30, tzinfo=UTC)
    assert step.reason("en", "Asia/Shanghai") == (
        "no reply for 32 h — phone at Mon 09:30 MSK = Mon 14:30 your time"
    )


def test_overdue_without_a_phone_writes_again_with_the_follow_up_template() -> None:
    case = a_case(contact="mailbox", channel="mail", last_sent_at=THURSDAY_NOON_MSK)
    now = THURSDAY_NOON_MSK + timedelta(hours=49)
    step = next_step(case, now, contacts())
    assert step.kind is StepKind.FOLLOW_UP
    assert step.template == FOLLOW_UP_TEMPLATE
    assert dict(step.values) == {
        "ticket": "T-77",
        "posting": "12345678-0001-1",
        "order": "12345678-0001",
        "since": "2026-11-26",
    }
    assert step.reason("en") == "no reply for 49 h — write again on the same ticket"


def test_escalation_contact_phone_is_used_when_the_case_contact_has_none() -> None:
    case = a_case(contact="mailbox", channel="mail", escalation_contact="desk")
    step = next_step(case, THURSDAY_NOON_MSK + timedelta(hours=26), contacts())
    assert (step.kind, step.contact, step.channel) == (StepKind.CALL, "desk", "phone")


def test_a_phone_without_known_hours_is_not_proposed() -> None:
    unknown = make_contact(
        {"id": "desk", "channels": [{"id": "phone", "kind": "phone", "value": "+7 1"}]}
    )
    step = next_step(a_case(), THURSDAY_NOON_MSK + timedelta(hours=26), {"desk": unknown})
    assert step.kind is StepKind.FOLLOW_UP


def test_callers_hours_move_the_call_to_when_the_caller_is_available() -> None:
    # Friday 14:00 Moscow = 19:00 Shanghai: the phone is open, but the caller stops at 18:00
    # and Moscow closes before the caller starts again: Mon 09:30 MSK = 14:30 Shanghai.
    now = THURSDAY_NOON_MSK + timedelta(hours=26)
    step = next_step(
        a_case(), now, contacts(), caller_tz="Asia/Shanghai", caller_hours="09:00-18:00"
    )
    assert step.kind is StepKind.CALL_AT
    assert step.at == datetime(2026, 11, 30, 6, 30, tzinfo=UTC)


def test_answered_and_closed_cases_need_nothing() -> None:
    now = THURSDAY_NOON_MSK + timedelta(days=5)
    for status, sentence in ((CaseStatus.ANSWERED, "answered"), (CaseStatus.CLOSED, "closed")):
        step = next_step(a_case(status=status), now, contacts())
        assert step.kind is StepKind.NONE
        assert sentence in step.reason("en")


def test_urgency_puts_overdue_first_then_the_earliest_due() -> None:
    now = THURSDAY_NOON_MSK + timedelta(hours=30)
    overdue = a_case(id="C-0003")
    soon = a_case(id="C-0002", reply_due=now + timedelta(hours=1))
    later = a_case(id="C-0001", reply_due=now + timedelta(hours=5))
    closed = a_case(id="C-0004", status=CaseStatus.CLOSED)
    assert [c.id for c in by_urgency([closed, later, soon, overdue], now)] == [
        "C-0003",
        "C-0002",
        "C-0001",
        "C-0004",
    ]


def test_next_steps_answers_for_each_case_like_next_step() -> None:
    now = THURSDAY_NOON_MSK + timedelta(hours=26)
    cases = [a_case(id=f"C-{i:04d}", reply_due=now + timedelta(hours=i - 2)) for i in range(5)]
    together = next_steps(cases, now, contacts())
    assert together == {case.id: next_step(case, now, contacts()) for case in cases}


# --- properties: next_step agrees with the call-time engine ------------------------------------

instants = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=150, deadline=None)
@given(now=instants, overdue_by=st.integers(min_value=0, max_value=200))
def test_call_only_when_the_engine_says_good_or_fair(now: datetime, overdue_by: int) -> None:
    contact = desk()
    phone = contact.channel("phone")
    assert phone is not None
    case = a_case(
        opened_at=now - timedelta(hours=24 + overdue_by),
        reply_due=now - timedelta(hours=overdue_by),
    )
    step = next_step(case, now, {"desk": contact})
    engine = channel_status(contact, phone, now)
    if step.kind is StepKind.CALL:
        assert engine.status in (Status.GOOD, Status.FAIR)
    else:
        assert engine.status not in (Status.GOOD, Status.FAIR)
        assert step.kind in (StepKind.CALL_AT, StepKind.FOLLOW_UP)
    if step.kind is StepKind.CALL_AT:
        assert step.at == engine.next_good
    if step.kind is StepKind.FOLLOW_UP:
        assert engine.next_good is None or engine.next_good - now > timedelta(days=7)


@settings(max_examples=80, deadline=None)
@given(
    now=instants,
    caller=st.sampled_from(("Asia/Shanghai", "Europe/Berlin", "America/New_York")),
    hours=st.sampled_from(("09:00-21:00", "08:00-12:00", "20:00-02:00")),
)
def test_with_callers_hours_call_at_is_the_engines_first_best_window(
    now: datetime, caller: str, hours: str
) -> None:
    contact = desk()
    phone = contact.channel("phone")
    assert phone is not None
    case = a_case(opened_at=now - timedelta(hours=30), reply_due=now - timedelta(hours=6))
    step = next_step(case, now, {"desk": contact}, caller_tz=caller, caller_hours=hours)
    windows = best_windows(contact, phone, now, caller_tz=caller, caller_hours=hours)
    free = any(s <= now < e for s, e in caller_spans(caller, hours, now, now + timedelta(1)))
    usable = channel_status(contact, phone, now).status in (Status.GOOD, Status.FAIR)
    assert (step.kind is StepKind.CALL) == (usable and free)
    if step.kind is StepKind.CALL_AT:
        assert step.at == next(w.start for w in windows if w.start > now)
    elif step.kind is not StepKind.CALL:
        assert step.kind is StepKind.FOLLOW_UP
        assert not [w for w in windows if w.end > now]


@settings(max_examples=60, deadline=None)
@given(now=instants, ahead=st.integers(min_value=1, max_value=10_000))
def test_before_the_due_time_the_step_is_always_wait(now: datetime, ahead: int) -> None:
    case = a_case(opened_at=now - timedelta(hours=1), reply_due=now + timedelta(minutes=ahead))
    step = next_step(case, now, contacts())
    assert (step.kind, step.at) == (StepKind.WAIT, case.reply_due)


def test_replace_keeps_a_case_usable() -> None:
    case = replace(a_case(), status=CaseStatus.ESCALATED)
    assert next_step(case, THURSDAY_NOON_MSK, contacts()).kind is StepKind.WAIT


def test_every_badge_event_and_step_has_a_sentence_in_both_languages() -> None:
    from faqdesk.core import text
    from faqdesk.core.cases.model import EventKind
    from faqdesk.core.cases.next_step import Badge

    keys = [f"cases.badge.{badge.value}" for badge in Badge]
    keys += [f"cases.event.kind.{kind.value}" for kind in EventKind]
    keys += [
        f"cases.step.{code}"
        for code in ("wait", "call", "call_open", "call_at", "follow_up", "answered", "closed")
    ]
    for lang in text.LANGUAGES:
        assert [key for key in keys if key not in text.catalog(lang)] == []
