"""Call-time statuses pinned with fixed instants (issue 4): margins, breaks, Russian holidays,
transfers, shortened and working weekend days, zones, overnight hours, reasons."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from faqdesk.core.contacts.calltime import (
    Status,
    best_windows,
    channel_status,
    is_stale,
    status_bands,
)
from faqdesk.core.contacts.model import Channel, Contact, contact_from_mapping

MSK = ZoneInfo("Europe/Moscow")
NSK = ZoneInfo("Asia/Novosibirsk")


def make_contact(**fields: Any) -> Contact:
    data: dict[str, Any] = {
        "id": "support",
        "name": {"zh": "支持", "en": "Support"},
        "hours": {"mon-fri": "09:00-18:00"},
        "channels": [{"id": "phone", "kind": "phone", "value": "+7 000"}],
    }
    data.update(fields)
    contact, problems = contact_from_mapping(data, "test")
    assert problems == []
    assert contact is not None
    return contact


def phone(contact: Contact) -> Channel:
    channel = contact.channel("phone")
    assert channel is not None
    return channel


def msk(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=MSK)


def status_at(contact: Contact, text: str) -> Status:
    return channel_status(contact, phone(contact), msk(text)).status


# --- margins and breaks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-11-25 08:59:59", Status.CLOSED),
        ("2026-11-25 09:00", Status.FAIR),
        ("2026-11-25 09:29:59", Status.FAIR),
        ("2026-11-25 09:30", Status.GOOD),
        ("2026-11-25 17:29:59", Status.GOOD),
        ("2026-11-25 17:30", Status.FAIR),
        ("2026-11-25 17:59:59", Status.FAIR),
        ("2026-11-25 18:00", Status.CLOSED),
    ],
)
def test_margins_on_an_ordinary_wednesday(at: str, expected: Status) -> None:
    assert status_at(make_contact(), at) is expected


def test_changes_at_and_next_good_on_an_ordinary_day() -> None:
    contact = make_contact()
    before = channel_status(contact, phone(contact), msk("2026-11-25 08:00"))
    assert before.changes_at == msk("2026-11-25 09:00")
    assert before.next_good == msk("2026-11-25 09:30")
    good = channel_status(contact, phone(contact), msk("2026-11-25 10:00"))
    assert good.next_good == msk("2026-11-25 10:00")
    assert good.changes_at == msk("2026-11-25 17:30")


def test_friday_evening_waits_for_monday() -> None:
    contact = make_contact()
    status = channel_status(contact, phone(contact), msk("2026-11-27 19:00"))
    assert status.status is Status.CLOSED
    assert status.reason_code == "after_closing"
    assert status.changes_at == msk("2026-11-30 09:00")
    assert status.next_good == msk("2026-11-30 09:30")
    assert status.reason("en", "Asia/Shanghai") == (
        "closed for the day; opens Mon 09:00 MSK; "
        "good time from Mon 09:30 MSK = Mon 14:30 your time"
    )
    saturday = channel_status(contact, phone(contact), msk("2026-11-28 12:00"))
    assert saturday.reason_code == "weekend"
    assert saturday.reason("en").startswith(
        "weekend; opens Mon 09:00 MSK; good time from Mon 09:30 MSK"
    )


def test_opens_sentence_in_the_callers_time_the_same_day() -> None:
    contact = make_contact()
    status = channel_status(contact, phone(contact), msk("2026-11-25 08:00"))
    # It opens at 09:00 and is good from 09:30 (the margin): the reason says both (issue 10).
    assert status.reason("en", "Asia/Shanghai") == (
        "not open yet; opens 09:00 MSK; good time from 09:30 MSK = 14:30 your time"
    )
    assert status.reason("zh", "Asia/Shanghai") == (
        "尚未开门；09:00 莫斯科时间 开门；09:30 莫斯科时间 = 您的时间 14:30 开始适合拨打"
    )


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2026-11-25 12:29", Status.GOOD),
        ("2026-11-25 12:30", Status.FAIR),
        ("2026-11-25 13:00", Status.CLOSED),
        ("2026-11-25 13:59", Status.CLOSED),
        ("2026-11-25 14:00", Status.FAIR),
        ("2026-11-25 14:30", Status.GOOD),
    ],
)
def test_lunch_break_closes_with_margins_around_it(at: str, expected: Status) -> None:
    contact = make_contact(hours={"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"})
    assert status_at(contact, at) is expected


def test_lunch_break_reason() -> None:
    contact = make_contact(hours={"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"})
    status = channel_status(contact, phone(contact), msk("2026-11-25 13:15"))
    assert status.reason_code == "lunch_break"
    assert status.changes_at == msk("2026-11-25 14:00")
    assert status.next_good == msk("2026-11-25 14:30")
    assert status.reason("en") == "lunch break until 14:00 MSK; opens 14:30 MSK"
    assert status.reason("zh").startswith("午休至 14:00 莫斯科时间")


def test_fair_reasons_say_just_opened_or_closing_soon() -> None:
    contact = make_contact()
    opening = channel_status(contact, phone(contact), msk("2026-11-25 09:10"))
    assert opening.reason_code == "just_opened"
    assert "better from 09:30 MSK" in opening.reason("en")
    closing = channel_status(contact, phone(contact), msk("2026-11-25 17:40"))
    assert closing.reason_code == "closing_soon"
    assert closing.reason("en") == "closing soon (18:00 MSK)"


def test_margin_zero_and_custom_margin() -> None:
    contact = make_contact(margin_minutes=0)
    assert status_at(contact, "2026-11-25 09:00") is Status.GOOD
    assert status_at(contact, "2026-11-25 17:59") is Status.GOOD
    wide = make_contact(margin_minutes=60)
    assert status_at(wide, "2026-11-25 09:59") is Status.FAIR
    assert status_at(wide, "2026-11-25 10:00") is Status.GOOD


# --- Russian calendar -----------------------------------------------------------------------


def test_new_year_holidays_2026() -> None:
    contact = make_contact()
    status = channel_status(contact, phone(contact), msk("2026-01-05 11:00"))
    assert status.status is Status.CLOSED
    assert status.reason_code == "holiday"
    assert status.reason("en").startswith("public holiday: New Year Holidays")
    # 9 Jan is a transferred day off, 10-11 Jan a weekend: next good is Mon 12 Jan.
    assert status.next_good == msk("2026-01-12 09:30")
    assert status.changes_at == msk("2026-01-12 09:00")
    assert status_at(contact, "2026-01-09 11:00") is Status.CLOSED


def test_new_year_holidays_2027_start_on_the_transferred_31_dec_2026() -> None:
    contact = make_contact()
    assert status_at(contact, "2026-12-30 11:00") is Status.GOOD
    status = channel_status(contact, phone(contact), msk("2026-12-31 11:00"))
    assert status.status is Status.CLOSED
    assert status.reason_code == "day_off"
    assert status.reason("en").startswith("transferred day off (in place of 4 Jan 2026)")
    assert status.next_good == msk("2027-01-11 09:30")
    assert status_at(contact, "2027-01-08 11:00") is Status.CLOSED
    assert status.reason("en") == (
        "transferred day off (in place of 4 Jan 2026); opens Mon 11 Jan 09:00 MSK; "
        "good time from Mon 11 Jan 09:30 MSK"
    )


def test_9_march_2026_is_a_day_off() -> None:
    contact = make_contact()
    status = channel_status(contact, phone(contact), msk("2026-03-09 11:00"))
    assert status.status is Status.CLOSED
    assert "International Women's Day" in status.reason("en")
    assert "国际妇女节" in status.reason("zh")
    assert status.next_good == msk("2026-03-10 09:30")


def test_defender_of_the_fatherland_day_names_the_holiday() -> None:
    contact = make_contact()
    status = channel_status(contact, phone(contact), msk("2027-02-23 11:00"))
    assert status.reason("en", "Asia/Shanghai") == (
        "public holiday: Defender of the Fatherland Day; opens Wed 09:00 MSK; "
        "good time from Wed 09:30 MSK = Wed 14:30 your time"
    )
    assert status.reason("zh").startswith("公共假日：祖国保卫者日")


def test_transferred_day_off_22_feb_2027() -> None:
    contact = make_contact()
    status = channel_status(contact, phone(contact), msk("2027-02-22 11:00"))
    assert status.status is Status.CLOSED
    assert status.reason_code == "day_off"
    assert status.reason("en").startswith("transferred day off (in place of 20 Feb 2027)")
    assert status.next_good == msk("2027-02-24 09:30")


def test_working_saturday_20_feb_2027_uses_weekday_hours_and_is_shortened() -> None:
    contact = make_contact()
    assert status_at(contact, "2027-02-20 08:59") is Status.CLOSED
    assert status_at(contact, "2027-02-20 09:30") is Status.GOOD
    assert status_at(contact, "2027-02-20 16:29") is Status.GOOD
    assert status_at(contact, "2027-02-20 16:30") is Status.FAIR
    assert status_at(contact, "2027-02-20 17:00") is Status.CLOSED
    # An ordinary Saturday stays closed.
    assert status_at(contact, "2027-02-27 11:00") is Status.CLOSED
    friday = channel_status(contact, phone(contact), msk("2027-02-19 19:00"))
    assert friday.next_good == msk("2027-02-20 09:30")


def test_shortened_8_may_2026_closes_an_hour_earlier() -> None:
    contact = make_contact()
    assert status_at(contact, "2026-05-08 16:29") is Status.GOOD
    assert status_at(contact, "2026-05-08 16:30") is Status.FAIR
    status = channel_status(contact, phone(contact), msk("2026-05-08 16:45"))
    assert status.changes_at == msk("2026-05-08 17:00")
    assert "pre-holiday shortened day" in status.reason("en")
    assert status_at(contact, "2026-05-08 17:00") is Status.CLOSED
    # 9 May (Saturday) holiday, 10 May Sunday, 11 May its observed day off.
    assert status.next_good == msk("2026-05-12 09:30")


def test_calendar_none_ignores_holidays() -> None:
    contact = make_contact(calendar="none")
    assert status_at(contact, "2027-02-23 11:00") is Status.GOOD
    assert status_at(contact, "2027-02-20 11:00") is Status.CLOSED  # Saturday stays a weekend


# --- zones, overnight, no hours ----------------------------------------------------------------


def test_novosibirsk_contact_follows_its_own_zone() -> None:
    contact = make_contact(tz="Asia/Novosibirsk")
    nine = datetime(2026, 11, 25, 9, 0, tzinfo=NSK)  # 02:00 UTC, 05:00 MSK
    assert channel_status(contact, phone(contact), nine).status is Status.FAIR
    status = channel_status(contact, phone(contact), datetime(2026, 11, 25, 1, 0, tzinfo=UTC))
    assert status.status is Status.CLOSED
    assert status.next_good == datetime(2026, 11, 25, 9, 30, tzinfo=NSK)
    assert status.reason("en", "Europe/Moscow") == (
        "not open yet; opens 09:00 UTC+07; good time from 09:30 UTC+07 = 05:30 your time"
    )


def test_overnight_hours_run_past_midnight() -> None:
    contact = make_contact(hours={"daily": "18:00-09:00"}, calendar="none")
    assert status_at(contact, "2026-11-25 17:59") is Status.CLOSED
    assert status_at(contact, "2026-11-25 18:00") is Status.FAIR
    assert status_at(contact, "2026-11-25 18:30") is Status.GOOD
    status = channel_status(contact, phone(contact), msk("2026-11-26 02:00"))
    assert status.status is Status.GOOD
    assert status.changes_at == msk("2026-11-26 08:30")
    assert status_at(contact, "2026-11-26 09:00") is Status.CLOSED


def test_round_the_clock_hours_are_always_good() -> None:
    contact = make_contact(hours={"daily": "24h"}, calendar="none")
    status = channel_status(contact, phone(contact), msk("2026-11-26 00:00"))
    assert status.status is Status.GOOD
    assert status.changes_at is None
    assert status.next_good == msk("2026-11-26 00:00")


def test_no_good_time_within_14_days() -> None:
    contact = make_contact(hours={"daily": "closed"})
    status = channel_status(contact, phone(contact), msk("2026-11-25 11:00"))
    assert status.status is Status.CLOSED
    assert status.changes_at is None
    assert status.next_good is None
    assert "no good time in the next 14 days" in status.reason("en")


def test_written_channel_without_hours_is_anytime_with_reply_time() -> None:
    contact = make_contact(
        hours=None,
        channels=[
            {"id": "ticket", "kind": "ticket", "value": "https://x", "reply_within_hours": 24},
            {"id": "phone", "kind": "phone", "value": "+7 495 000-00-00"},
            {"id": "chat", "kind": "chat", "value": "app", "hours": {"daily": "10:00-12:00"}},
        ],
    )
    ticket = contact.channel("ticket")
    assert ticket is not None
    status = channel_status(contact, ticket, msk("2027-01-01 03:00"))
    assert status.status is Status.ANYTIME
    assert status.reason("en") == "written channel: write any time; replies usually within 24 h"
    assert "24 小时内回复" in status.reason("zh")
    unknown = channel_status(contact, phone(contact), msk("2026-11-25 11:00"))
    assert unknown.status is Status.UNKNOWN
    assert unknown.next_good is None
    assert "unknown" in unknown.reason("en")
    chat = contact.channel("chat")
    assert chat is not None
    assert channel_status(contact, chat, msk("2026-11-25 11:00")).status is Status.GOOD


def test_written_channels_do_not_inherit_the_contacts_hours() -> None:
    contact = make_contact(
        channels=[
            {"id": "phone", "kind": "phone", "value": "1"},
            {"id": "mail", "kind": "email", "value": "a@b.ru"},
        ]
    )
    mail = contact.channel("mail")
    assert mail is not None
    assert channel_status(contact, mail, msk("2026-11-28 03:00")).status is Status.ANYTIME
    assert status_at(contact, "2026-11-28 03:00") is Status.CLOSED


def test_channel_hours_override_the_contacts() -> None:
    contact = make_contact(
        channels=[{"id": "phone", "kind": "phone", "value": "1", "hours": {"daily": "24h"}}],
        calendar="none",
    )
    assert status_at(contact, "2026-11-28 03:00") is Status.GOOD


def test_naive_now_is_refused() -> None:
    contact = make_contact()
    with pytest.raises(ValueError, match="aware"):
        channel_status(contact, phone(contact), datetime(2026, 11, 25, 10))


def test_contact_in_a_dst_zone_gets_real_durations() -> None:
    """Berlin: the night of 25 Oct 2026 has 02:00-03:00 twice, 29 Mar 2026 skips it."""
    contact = make_contact(tz="Europe/Berlin", hours={"daily": "00:30-03:30"}, calendar="none")
    berlin = ZoneInfo("Europe/Berlin")
    for day, hours in ((25, 4), (29, 2)):
        month = 10 if day == 25 else 3
        start = datetime(2026, month, day, tzinfo=berlin)
        bands = status_bands(contact, phone(contact), start, start + timedelta(hours=12))
        open_time = sum(
            ((b.end - b.start) for b in bands if b.status is not Status.CLOSED), timedelta()
        )
        assert open_time == timedelta(hours=hours)
    autumn = datetime(2026, 10, 25, 0, 0, tzinfo=UTC)  # 02:00 CEST, the first 02:00
    status = channel_status(contact, phone(contact), autumn)
    assert status.status is Status.GOOD
    assert status.changes_at == datetime(2026, 10, 25, 2, 0, tzinfo=UTC)  # 03:00 CET
    assert f"{status.changes_at:%H:%M %Z}" == "03:00 CET"


# --- bands ------------------------------------------------------------------------------------


def test_bands_are_contiguous_and_cover_the_range() -> None:
    contact = make_contact(hours={"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"})
    start, end = msk("2026-11-25 00:00"), msk("2026-11-26 00:00")
    bands = status_bands(contact, phone(contact), start, end)
    assert bands[0].start == start
    assert bands[-1].end == end
    for before, after in itertools.pairwise(bands):
        assert before.end == after.start
        assert before.status is not after.status
    assert [(f"{b.start:%H:%M}", b.status.value) for b in bands] == [
        ("00:00", "closed"),
        ("09:00", "fair"),
        ("09:30", "good"),
        ("12:30", "fair"),
        ("13:00", "closed"),
        ("14:00", "fair"),
        ("14:30", "good"),
        ("17:30", "fair"),
        ("18:00", "closed"),
    ]


def test_bands_for_a_channel_without_hours() -> None:
    contact = make_contact(hours=None)
    bands = status_bands(contact, phone(contact), msk("2026-11-25 00:00"), msk("2026-11-26 00:00"))
    assert [b.status for b in bands] == [Status.UNKNOWN]


# --- best windows ---------------------------------------------------------------------------


def test_best_windows_for_a_caller_in_shenzhen() -> None:
    contact = make_contact()
    now = msk("2026-11-25 08:00")
    windows = best_windows(contact, phone(contact), now, caller_tz="Asia/Shanghai", days=2)
    shown = [
        (
            f"{w.start:%a %H:%M}",
            f"{w.end:%H:%M}",
            f"{w.in_zone('Asia/Shanghai').start:%H:%M}",
            f"{w.in_zone('Asia/Shanghai').end:%H:%M}",
        )
        for w in windows
    ]
    # Moscow good 09:30-17:30 = 14:30-22:30 in Shenzhen; the caller stops at 21:00.
    assert shown == [
        ("Wed 09:30", "16:00", "14:30", "21:00"),
        ("Thu 09:30", "16:00", "14:30", "21:00"),
    ]


def test_best_windows_cut_by_callers_own_hours_and_now() -> None:
    contact = make_contact()
    now = msk("2026-11-25 11:00")
    windows = best_windows(
        contact, phone(contact), now, caller_tz="Europe/Moscow", caller_hours="10:00-12:00", days=1
    )
    # Within one day of now: the rest of today's 10-12, then tomorrow 10:00 until now + 1 day.
    assert [(w.start, w.end) for w in windows] == [
        (now, msk("2026-11-25 12:00")),
        (msk("2026-11-26 10:00"), msk("2026-11-26 11:00")),
    ]


def test_best_windows_across_the_berlin_dst_change() -> None:
    contact = make_contact()
    now = datetime(2026, 3, 27, 6, 0, tzinfo=UTC)  # Friday; Berlin moves to CEST on Sun 29 Mar
    windows = best_windows(contact, phone(contact), now, caller_tz="Europe/Berlin", days=4)
    berlin = [w.in_zone("Europe/Berlin") for w in windows]
    assert [(f"{w.start:%a %H:%M %Z}", f"{w.end:%H:%M}") for w in berlin] == [
        ("Fri 09:00 CET", "15:30"),  # UTC+1: Moscow 11:00-17:30
        ("Mon 09:00 CEST", "16:30"),  # UTC+2: Moscow 10:00-17:30
    ]
    assert [f"{w.start:%H:%M}" for w in windows] == ["11:00", "10:00"]


def test_best_windows_across_the_new_york_dst_change_and_9_march() -> None:
    contact = make_contact()
    now = datetime(2026, 3, 6, 12, 0, tzinfo=UTC)  # Fri 15:00 MSK; New York gains DST on 8 Mar
    windows = best_windows(contact, phone(contact), now, caller_tz="America/New_York")
    assert [(f"{w.start:%a %d %H:%M}", f"{w.end:%H:%M}") for w in windows] == [
        ("Fri 06 17:00", "17:30"),  # EST: 09:00-09:30 in New York
        ("Tue 10 16:00", "17:30"),  # EDT: 09:00-10:30 in New York; Mon 9 Mar is a day off
        ("Wed 11 16:00", "17:30"),
        ("Thu 12 16:00", "17:30"),
    ]


def test_best_windows_empty_for_channels_without_hours() -> None:
    contact = make_contact(hours=None)
    assert best_windows(contact, phone(contact), msk("2026-11-25 08:00"), caller_tz="UTC") == []


def test_best_windows_empty_for_a_channel_not_filled_in() -> None:
    """No number yet: nothing to call, so no windows either, whatever its hours say."""
    contact = make_contact(
        channels=[
            {"id": "phone", "kind": "phone", "value": "", "hours": {"daily": "24h"}},
            {"id": "blank", "kind": "phone", "value": "   "},
        ]
    )
    now = msk("2026-11-25 10:00")
    for channel in contact.channels:
        assert channel_status(contact, channel, now).reason_code == "not_filled_in"
        assert best_windows(contact, channel, now, caller_tz="Asia/Shanghai") == []
        assert [b.status for b in status_bands(contact, channel, now, now + timedelta(days=7))] == [
            Status.UNKNOWN
        ]


def test_best_windows_unknown_caller_zone_is_a_clear_error() -> None:
    contact = make_contact()
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Base'"):
        best_windows(contact, phone(contact), msk("2026-11-25 08:00"), caller_tz="Mars/Base")


# --- staleness ------------------------------------------------------------------------------


def test_stale_after_180_days() -> None:
    contact = make_contact(verified="2026-05-01")
    assert not is_stale(contact, date(2026, 5, 1) + timedelta(days=180))
    assert is_stale(contact, date(2026, 5, 1) + timedelta(days=181))
    assert not is_stale(make_contact(), date(2030, 1, 1))


def test_a_channel_not_filled_in_is_never_usable_now() -> None:
    """The bundled Telegram/VK entries have no handle yet: 'write any time' would mislead."""
    from datetime import UTC, datetime

    from faqdesk.core import paths
    from faqdesk.core.contacts.calltime import Status, channel_status, status_bands
    from faqdesk.core.contacts.model import load_contacts_file

    contacts, problems = load_contacts_file(paths.bundled_content_dir() / "contacts.yaml")
    assert problems == []
    support = next(c for c in contacts if c.id == "ozon-seller-support")
    now = datetime(2026, 11, 26, 13, 45, tzinfo=UTC)
    telegram = support.channel("telegram")
    ticket = support.channel("ticket")
    assert telegram is not None and ticket is not None
    status = channel_status(support, telegram, now)
    assert status.status is Status.UNKNOWN
    assert "not filled in" in status.reason("en")
    assert "尚未填写" in status.reason("zh")
    assert [b.status for b in status_bands(support, telegram, now, now.replace(hour=20))] == [
        Status.UNKNOWN
    ]
    assert channel_status(support, ticket, now).status is Status.ANYTIME
