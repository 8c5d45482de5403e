""" "Can I call now?": the verdict and the statuses behind it, at the instants of issue 12."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from faqdesk.core.contacts.calltime import Status
from faqdesk.core.contacts.model import Contact, contact_from_mapping
from faqdesk.core.contacts.verdict import Caller, VerdictKind, assess, caller_status

MSK = ZoneInfo("Europe/Moscow")
SHANGHAI = Caller("Asia/Shanghai")


def contact(data: dict[str, object]) -> Contact:
    found, problems = contact_from_mapping(data, "test", origin="user")
    assert found is not None and problems == []
    return found


def forwarder() -> Contact:
    """The issue's forwarder: a phone, Mon-Fri 09:00-18:00 Moscow time, margin 30."""
    return contact(
        {
            "id": "forwarder",
            "name": {"zh": "我的货代", "en": "My forwarder"},
            "hours": {"mon-fri": "09:00-18:00"},
            "channels": [{"id": "phone", "kind": "phone", "value": "+7 495 000-00-00"}],
        }
    )


def desk() -> Contact:
    """A desk with a short phone day (10:00-13:00) and a ticket form."""
    return contact(
        {
            "id": "desk",
            "name": {"zh": "客服", "en": "Desk"},
            "hours": {"mon-fri": "10:00-13:00"},
            "channels": [
                {"id": "phone", "kind": "phone", "value": "+7 495 111-11-11"},
                {"id": "ticket", "kind": "ticket", "value": "https://example.org", "hours": None},
            ],
        }
    )


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MSK)


def test_monday_1100_names_the_channel_open_longest_with_the_time_left() -> None:
    verdict = assess([desk(), forwarder()], at("2026-11-30 11:00"), SHANGHAI)
    assert verdict.kind is VerdictKind.CALL
    assert verdict.best == ("forwarder", "phone")  # good until 16:00 MSK (21:00 Shanghai)
    assert verdict.sentence("zh") == "现在适合打给：我的货代 — 电话，还剩 5 小时"
    assert verdict.sentence("en") == "Good time to call now: My forwarder — Phone, 5 h left"
    # The desk's phone is good too, but only until 12:30: it is not the one named.
    assert verdict.statuses[("desk", "phone")].status is Status.GOOD


def test_good_comes_before_fair() -> None:
    # 12:45: the desk's phone closes at 13:00 (fair), the forwarder is good.
    verdict = assess([desk(), forwarder()], at("2026-11-30 12:45"), SHANGHAI)
    assert verdict.statuses[("desk", "phone")].status is Status.FAIR
    assert verdict.best == ("forwarder", "phone")


def test_friday_1745_is_fair_and_says_why() -> None:
    verdict = assess([forwarder()], at("2026-11-27 17:45"), Caller("Asia/Shanghai", "00:00-24:00"))
    assert verdict.kind is VerdictKind.CALL
    assert verdict.sentence("en") == (
        "You can call now, though not at the best time: My forwarder — Phone "
        "(closing soon (18:00 MSK = 23:00 your time))"
    )


def test_saturday_noon_says_when_to_call_next() -> None:
    verdict = assess([forwarder()], at("2026-11-28 12:00"), SHANGHAI)
    assert verdict.kind is VerdictKind.WAIT
    assert verdict.best == ("forwarder", "phone")
    assert verdict.sentence("zh") == (
        "现在不适合打电话。下次：周一 09:30 莫斯科时间 = 您的时间 周一 14:30（我的货代）"
    )


def test_only_written_channels_open_says_where_to_write() -> None:
    verdict = assess([desk()], at("2026-11-28 12:00"), SHANGHAI)
    assert verdict.kind is VerdictKind.WRITE
    assert verdict.best == ("desk", "ticket")
    assert verdict.sentence("en") == (
        "Not a good time to call now; you can write any time: Desk — Support ticket. "
        "Next call: Mon 10:30 MSK = Mon 15:30 your time (Desk)."
    )


def test_new_year_waits_for_the_first_working_day() -> None:
    verdict = assess([forwarder()], at("2027-01-01 12:00"), SHANGHAI)
    assert verdict.kind is VerdictKind.WAIT
    assert verdict.next_at == at("2027-01-11 09:30")
    status = verdict.statuses[("forwarder", "phone")]
    assert status.reason("en").startswith("public holiday: New Year Holidays")


def test_good_in_moscow_but_2145_in_shanghai_is_fair() -> None:
    now = at("2026-11-26 16:45")  # 21:45 in Shanghai
    status = caller_status(forwarder(), forwarder().channels[0], now, SHANGHAI)
    assert status.status is Status.FAIR
    assert status.reason("en", "Asia/Shanghai") == (
        "outside your calling hours (21:45 your time); "
        "good time for both of you from Fri 09:30 MSK = Fri 14:30 your time"
    )
    assert status.reason("zh", "Asia/Shanghai").startswith("不在您的拨打时段内（您的时间 21:45）")
    # Later hours: good again, and good until the contact's own margin.
    late = caller_status(forwarder(), forwarder().channels[0], now, Caller("Asia/Shanghai", "9-23"))
    assert late.status is Status.GOOD


def test_good_ends_when_the_callers_hours_end() -> None:
    now = at("2026-11-26 15:00")  # 20:00 in Shanghai, the caller stops at 21:00
    status = caller_status(forwarder(), forwarder().channels[0], now, SHANGHAI)
    assert status.status is Status.GOOD
    assert status.changes_at == at("2026-11-26 16:00")


def test_next_good_is_the_first_time_both_sides_share() -> None:
    # London's 09:00-21:00 is 12:00-24:00 Moscow time: the forwarder is good from Monday 09:30,
    # but a call suits both only from Monday 12:00 (issue 12: windows are the intersection).
    london = Caller("Europe/London")
    saturday = at("2026-11-28 12:00")
    status = caller_status(forwarder(), forwarder().channels[0], saturday, london)
    assert status.next_good == at("2026-11-30 12:00")
    assert status.reason("en", "Europe/London").endswith(
        "good time from Mon 12:00 MSK = Mon 09:00 your time"
    )
    verdict = assess([forwarder()], saturday, london)
    assert (verdict.kind, verdict.next_at) == (VerdictKind.WAIT, at("2026-11-30 12:00"))
    # Los Angeles' 09:00-21:00 is 20:00-08:00 Moscow time: never together within 7 days.
    apart = assess([forwarder()], saturday, Caller("America/Los_Angeles"))
    assert apart.kind is VerdictKind.NOTHING
    assert apart.sentence("en") == (
        "Not a good time to call now, and no call window in the next 7 days."
    )


@pytest.mark.parametrize("hours", ["", "rubbish", "25:00-26:00", "\x00"])
def test_unreadable_calling_hours_fall_back_to_the_default(hours: str) -> None:
    now = at("2026-11-26 16:45")
    status = caller_status(
        forwarder(), forwarder().channels[0], now, Caller("Asia/Shanghai", hours)
    )
    assert status.status is Status.FAIR


def test_no_contacts_is_said_plainly() -> None:
    verdict = assess([], at("2026-11-26 16:45"), SHANGHAI)
    assert verdict.kind is VerdictKind.EMPTY
    assert verdict.sentence("zh") == "还没有联系人：添加一个即可看到何时适合拨打。"
