"""Wall times across daylight-saving changes, the supported range of instants, and the public
helpers the UI asks instead of doing time arithmetic itself (caller_spans, minutes_until,
hour_marks)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faqdesk.core.contacts.calltime import (
    best_windows,
    caller_spans,
    channel_status,
    hour_marks,
    minutes_until,
    status_bands,
)
from faqdesk.core.contacts.hours import HoursError
from faqdesk.core.contacts.model import Channel, Contact, contact_from_mapping
from faqdesk.core.contacts.zones import EARLIEST, LATEST, OutOfRange, in_zone, require_supported

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
MSK = ZoneInfo("Europe/Moscow")


def _contact(tz: str = "Europe/Moscow") -> tuple[Contact, Channel]:
    contact, problems = contact_from_mapping(
        {
            "id": "c",
            "tz": tz,
            "hours": {"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"},
            "channels": [{"id": "phone", "kind": "phone", "value": "+7 1"}],
        },
        "test",
    )
    assert contact is not None, problems
    channel = contact.channel("phone")
    assert channel is not None
    return contact, channel


# --- wall times that do not exist or exist twice ------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "wall", "expected", "name"),
    [
        # Spring forward: 02:00-03:00 never happens; zoneinfo reads 02:30 (fold=0) with the
        # offset before the change, which is the instant shown as 03:30 after it.
        (BERLIN, datetime(2026, 3, 29, 2, 30), "2026-03-29T03:30:00+02:00", "CEST"),
        (NEW_YORK, datetime(2026, 3, 8, 2, 30), "2026-03-08T03:30:00-04:00", "EDT"),
    ],
)
def test_a_wall_time_in_the_spring_gap_is_shown_as_it_really_is(
    zone: ZoneInfo, wall: datetime, expected: str, name: str
) -> None:
    moment = wall.replace(tzinfo=zone)
    shown = in_zone(moment, zone)
    assert shown.isoformat() == expected
    assert shown.tzname() == name
    # The same instant, only written as it exists (== would say False: PEP 495 never finds a
    # time in a gap equal to one of another zone).
    assert shown.timestamp() == moment.timestamp()


@pytest.mark.parametrize(
    ("zone", "wall", "first", "second"),
    [
        (BERLIN, datetime(2026, 10, 25, 2, 30), "+02:00", "+01:00"),
        (NEW_YORK, datetime(2026, 11, 1, 1, 30), "-04:00", "-05:00"),
    ],
)
def test_the_repeated_autumn_hour_keeps_its_fold(
    zone: ZoneInfo, wall: datetime, first: str, second: str
) -> None:
    early = in_zone(wall.replace(tzinfo=zone, fold=0), zone)
    late = in_zone(wall.replace(tzinfo=zone, fold=1), zone)
    assert early.isoformat() == wall.isoformat() + first
    assert late.isoformat() == wall.isoformat() + second
    assert late - early == timedelta(hours=1)


DST_DAYS = (
    date(2026, 3, 8),
    date(2026, 3, 29),
    date(2026, 10, 25),
    date(2026, 11, 1),
    date(2027, 3, 14),
    date(2027, 3, 28),
    date(2027, 10, 31),
    date(2027, 11, 7),
)


@settings(max_examples=200, deadline=None)
@given(
    day=st.sampled_from(DST_DAYS),
    minute=st.integers(min_value=0, max_value=24 * 60 - 1),
    fold=st.sampled_from((0, 1)),
    zone=st.sampled_from(("Europe/Berlin", "America/New_York")),
    target=st.sampled_from(("Europe/Berlin", "America/New_York", "Europe/Moscow", "UTC")),
)
def test_in_zone_agrees_with_zoneinfo_for_any_wall_time(
    day: date, minute: int, fold: int, zone: str, target: str
) -> None:
    wall = datetime(day.year, day.month, day.day) + timedelta(minutes=minute)
    moment = wall.replace(tzinfo=ZoneInfo(zone), fold=fold)
    shown = in_zone(moment, ZoneInfo(target))
    expected = datetime.fromtimestamp(moment.timestamp(), ZoneInfo(target))
    assert shown.timestamp() == moment.timestamp()
    assert shown.replace(tzinfo=None) == expected.replace(tzinfo=None)
    assert shown.utcoffset() == expected.utcoffset()
    assert shown.tzname() == expected.tzname()


# --- the supported range ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [
        EARLIEST,
        datetime(1900, 1, 1, 3, 0, tzinfo=MSK),  # local mean time then: 00:29:43 UTC
        LATEST - timedelta(microseconds=1),
        datetime(9000, 12, 31, 23, 59, tzinfo=UTC),
        datetime(9001, 1, 1, 13, 0, tzinfo=ZoneInfo("Pacific/Kiritimati")),  # 9000-12-31 23:00Z
    ],
)
@pytest.mark.parametrize("tz", ["Europe/Moscow", "Asia/Novosibirsk", "Europe/Berlin"])
def test_the_engine_answers_at_both_ends_of_the_supported_range(moment: datetime, tz: str) -> None:
    contact, channel = _contact(tz)
    for caller in ("America/New_York", "Pacific/Kiritimati", "Asia/Shanghai"):
        status = channel_status(contact, channel, moment)
        assert status.reason("en", caller)
        assert status.reason("zh", caller)
        windows = best_windows(contact, channel, moment, caller_tz=caller)
        for window in windows:
            window.in_zone(caller)
        # A range may end a little after the last supported year (a timeline's last days).
        bands = status_bands(contact, channel, moment, moment + timedelta(days=3))
        assert bands[0].start.timestamp() == moment.timestamp()
        assert caller_spans(caller, "09:00-21:00", moment, moment + timedelta(days=3))
        in_zone(moment, ZoneInfo(caller))


@pytest.mark.parametrize(
    "moment",
    [
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(9999, 12, 25, 10, 0, tzinfo=ZoneInfo("Europe/Moscow")),
        datetime(1, 1, 1, 1, 0, tzinfo=ZoneInfo("Europe/Moscow")),
        datetime(1, 1, 1, 0, 0, tzinfo=UTC),
        EARLIEST - timedelta(microseconds=1),
        LATEST,
    ],
)
def test_instants_outside_the_range_are_a_clear_error_not_an_overflow(moment: datetime) -> None:
    contact, channel = _contact()
    with pytest.raises(OutOfRange, match="between years 1900 and 9000"):
        channel_status(contact, channel, moment)
    with pytest.raises(OutOfRange):
        best_windows(contact, channel, moment, caller_tz="UTC")
    with pytest.raises(OutOfRange):
        status_bands(contact, channel, moment, moment)
    with pytest.raises(OutOfRange):
        require_supported(moment, "--at")
    assert issubclass(OutOfRange, ValueError)


def test_a_range_must_start_in_the_supported_years_and_end_soon_after() -> None:
    contact, channel = _contact()
    last = LATEST - timedelta(seconds=1)
    assert status_bands(contact, channel, last, LATEST + timedelta(days=31))
    with pytest.raises(OutOfRange, match="end must be"):
        status_bands(contact, channel, last, LATEST + timedelta(days=32))
    with pytest.raises(OutOfRange, match="start must be"):
        caller_spans("UTC", "09:00-21:00", LATEST, LATEST + timedelta(days=1))
    with pytest.raises(OutOfRange, match="end must be"):
        caller_spans("UTC", "09:00-21:00", last, datetime(9999, 12, 31, tzinfo=UTC))


def test_require_supported_gives_the_utc_instant() -> None:
    moment = datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN)
    assert require_supported(moment) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert require_supported(moment).tzinfo is UTC
    with pytest.raises(ValueError, match="aware"):
        require_supported(datetime(2026, 3, 29, 2, 30))


# --- caller_spans ---------------------------------------------------------------------------------


def test_caller_spans_of_a_shanghai_caller_within_a_moscow_day() -> None:
    start = datetime(2026, 11, 26, tzinfo=MSK)
    spans = caller_spans("Asia/Shanghai", "09:00-21:00", start, start + timedelta(days=1))
    assert spans == [
        (datetime(2026, 11, 26, 4, 0, tzinfo=MSK), datetime(2026, 11, 26, 16, 0, tzinfo=MSK))
    ]
    (span,) = spans
    assert span[0].isoformat() == "2026-11-26T09:00:00+08:00"  # shown in the caller's zone
    assert span[0].tzname() == "CST"


def test_caller_spans_are_clipped_merged_and_follow_the_callers_dst() -> None:
    # A Berlin caller from Sat 24 Oct 2026 12:00 UTC for two days; CEST ends on Sunday.
    start = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    spans = caller_spans(BERLIN, "09:00-21:00", start, start + timedelta(days=2))
    assert [(s.isoformat(), e.isoformat()) for s, e in spans] == [
        ("2026-10-24T14:00:00+02:00", "2026-10-24T21:00:00+02:00"),  # clipped at start
        ("2026-10-25T09:00:00+01:00", "2026-10-25T21:00:00+01:00"),
        ("2026-10-26T09:00:00+01:00", "2026-10-26T13:00:00+01:00"),  # clipped at end
    ]
    # Overnight hours running into the next day's are one span, not two touching ones.
    spans = caller_spans("UTC", "00:00-06:00, 18:00-00:00", start, start + timedelta(days=1))
    assert [(f"{s:%d %H:%M}", f"{e:%d %H:%M}") for s, e in spans] == [
        ("24 18:00", "25 06:00"),
    ]


def test_caller_spans_in_the_spring_gap_have_no_empty_span() -> None:
    day = datetime(2026, 3, 29, tzinfo=UTC)
    assert caller_spans(BERLIN, "02:00-03:00", day, day + timedelta(hours=12)) == []
    (span,) = caller_spans(BERLIN, "01:00-04:00", day, day + timedelta(hours=12))
    assert span[1] - span[0] == timedelta(hours=2)


def test_caller_spans_bad_input() -> None:
    start = datetime(2026, 11, 26, tzinfo=UTC)
    with pytest.raises(HoursError):
        caller_spans("UTC", "9-21", start, start + timedelta(days=1))
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Base'"):
        caller_spans("Mars/Base", "09:00-21:00", start, start + timedelta(days=1))
    assert caller_spans("UTC", "09:00-21:00", start, start) == []


# --- minutes_until and hour_marks -----------------------------------------------------------------


def test_minutes_until_rounds_up_and_never_goes_negative() -> None:
    now = datetime(2026, 11, 26, 16, 45, 30, tzinfo=MSK)
    assert minutes_until(now, datetime(2026, 11, 26, 17, 0, tzinfo=MSK)) == 15  # 14.5 -> 15
    assert minutes_until(now, now) == 0
    assert minutes_until(now, now - timedelta(hours=1)) == 0
    assert minutes_until(now, datetime(2026, 11, 26, 13, 46, tzinfo=UTC)) == 1


def test_minutes_until_counts_real_minutes_across_a_dst_change() -> None:
    # 01:30 CEST to 03:30 CET on 25 Oct 2026 is three hours, not the two the wall clock says.
    now = datetime(2026, 10, 25, 1, 30, tzinfo=BERLIN)
    then = datetime(2026, 10, 25, 3, 30, tzinfo=BERLIN)
    assert minutes_until(now, then) == 180


def test_hour_marks_are_the_wall_clock_hours_of_a_day() -> None:
    marks = hour_marks(date(2026, 11, 26), "Europe/Moscow", range(0, 25, 6))
    assert [m.isoformat() for m in marks] == [
        "2026-11-26T00:00:00+03:00",
        "2026-11-26T06:00:00+03:00",
        "2026-11-26T12:00:00+03:00",
        "2026-11-26T18:00:00+03:00",
        "2026-11-27T00:00:00+03:00",
    ]
    # Berlin's short day: 02:00 does not exist and resolves as zoneinfo does (to 03:00 CEST).
    marks = hour_marks(date(2026, 3, 29), BERLIN, (0, 2, 3, 24))
    assert [m.isoformat() for m in marks] == [
        "2026-03-29T00:00:00+01:00",
        "2026-03-29T03:00:00+02:00",
        "2026-03-29T03:00:00+02:00",
        "2026-03-30T00:00:00+02:00",
    ]
