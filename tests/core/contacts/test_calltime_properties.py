"""Property tests: statuses, bands and best windows agree with zoneinfo conversions, also
across daylight-saving changes of callers (Berlin, New York) and contacts (Berlin)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from faqdesk.core.contacts.calltime import Status, best_windows, channel_status, status_bands
from faqdesk.core.contacts.model import Channel, Contact, contact_from_mapping

CALLER_ZONES = ("Europe/Berlin", "America/New_York", "Asia/Shanghai", "Asia/Novosibirsk", "UTC")
CONTACT_ZONES = ("Europe/Moscow", "Asia/Novosibirsk", "Europe/Berlin")
HOURS = (
    {"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"},
    {"daily": "18:00-09:00"},
    {"mon-sat": "08:00-20:00"},
    {"daily": "00:30-03:30"},  # crosses the DST switch hours in Berlin
)

#: Daylight-saving changes of the callers' zones in 2026 and 2027 (UTC dates).
DST_CHANGES = (
    datetime(2026, 3, 8),  # New York, spring
    datetime(2026, 3, 29),  # Berlin, spring
    datetime(2026, 10, 25),  # Berlin, autumn
    datetime(2026, 11, 1),  # New York, autumn
    datetime(2027, 3, 14),
    datetime(2027, 3, 28),
    datetime(2027, 10, 31),
    datetime(2027, 11, 7),
)

instants = st.one_of(
    st.datetimes(
        min_value=datetime(2025, 12, 1), max_value=datetime(2027, 12, 1), timezones=st.just(UTC)
    ),
    # Starting up to 8 days before a change, so the 7 days ahead cross it.
    st.builds(
        lambda change, minutes: (change - timedelta(minutes=minutes)).replace(tzinfo=UTC),
        st.sampled_from(DST_CHANGES),
        st.integers(min_value=0, max_value=8 * 24 * 60),
    ),
)


def _contact(tz: str, hours: dict[str, str], calendar: str) -> tuple[Contact, Channel]:
    contact, problems = contact_from_mapping(
        {
            "id": "c",
            "tz": tz,
            "calendar": calendar,
            "hours": hours,
            "channels": [{"id": "phone", "kind": "phone", "value": "1"}],
        },
        "prop",
    )
    assert contact is not None, problems
    channel = contact.channel("phone")
    assert channel is not None
    return contact, channel


def _caller_free(moment: datetime, caller: str) -> bool:
    local = moment.astimezone(ZoneInfo(caller)).time()
    return time(9) <= local < time(21)


@settings(max_examples=150, deadline=None)
@given(
    now=instants,
    caller=st.sampled_from(CALLER_ZONES),
    tz=st.sampled_from(CONTACT_ZONES),
    hours=st.sampled_from(HOURS),
    calendar=st.sampled_from(("RU", "none")),
    probes=st.lists(st.integers(min_value=0, max_value=7 * 24 * 60 - 1), min_size=5, max_size=20),
)
def test_best_windows_are_exactly_the_good_and_free_times(
    now: datetime,
    caller: str,
    tz: str,
    hours: dict[str, str],
    calendar: str,
    probes: list[int],
) -> None:
    contact, channel = _contact(tz, hours, calendar)
    windows = best_windows(contact, channel, now, caller_tz=caller)
    end = now + timedelta(days=7)
    for window in windows:
        assert now <= window.start < window.end <= end
        last = window.end - timedelta(microseconds=1)
        for moment in (window.start, last):
            assert channel_status(contact, channel, moment).status is Status.GOOD
            assert _caller_free(moment, caller)
        mine = window.in_zone(caller)
        assert mine.start == window.start  # the same instant …
        expected_wall = datetime.fromtimestamp(window.start.timestamp(), ZoneInfo(caller))
        assert mine.start.replace(tzinfo=None) == expected_wall.replace(tzinfo=None)
        assert mine.start.utcoffset() == expected_wall.utcoffset()  # … on the caller's clock
    # Completeness: every probed moment that is good and free lies in some window.
    for minutes in probes:
        moment = now + timedelta(minutes=minutes)
        good = channel_status(contact, channel, moment).status is Status.GOOD
        inside = any(w.start <= moment < w.end for w in windows)
        assert inside == (good and _caller_free(moment, caller))


@settings(max_examples=60, deadline=None)
@given(
    start=instants,
    tz=st.sampled_from(CONTACT_ZONES),
    hours=st.sampled_from(HOURS),
    calendar=st.sampled_from(("RU", "none")),
    probes=st.lists(st.integers(min_value=0, max_value=3 * 24 * 60 - 1), min_size=3, max_size=10),
)
def test_bands_agree_with_channel_status(
    start: datetime, tz: str, hours: dict[str, str], calendar: str, probes: list[int]
) -> None:
    contact, channel = _contact(tz, hours, calendar)
    end = start + timedelta(days=3)
    bands = status_bands(contact, channel, start, end)
    assert bands[0].start == start
    assert bands[-1].end == end
    for before, after in itertools.pairwise(bands):
        assert before.end == after.start
    for minutes in probes:
        moment = start + timedelta(minutes=minutes)
        band = next(b for b in bands if b.start <= moment < b.end)
        status = channel_status(contact, channel, moment)
        assert status.status is band.status
        if status.changes_at is not None:
            assert status.changes_at > moment
            assert channel_status(contact, channel, status.changes_at).status is not status.status
        if status.next_good is not None:
            assert status.next_good >= moment
            assert channel_status(contact, channel, status.next_good).status is Status.GOOD


@settings(max_examples=40, deadline=None)
@given(now=instants, caller=st.sampled_from(CALLER_ZONES))
def test_reason_your_time_is_the_zoneinfo_conversion(now: datetime, caller: str) -> None:
    contact, channel = _contact("Europe/Moscow", {"mon-fri": "09:00-18:00"}, "RU")
    status = channel_status(contact, channel, now)
    if status.status is Status.CLOSED and status.next_good is not None:
        expected = status.next_good.astimezone(ZoneInfo(caller))
        assert f"{expected:%H:%M} your time" in status.reason("en", caller)
