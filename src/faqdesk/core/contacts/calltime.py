"""Is this a good time to call? Statuses, their changes, reasons and best call windows.

Every function takes the instant it answers for (an aware ``datetime``); nothing here reads
the clock. Arithmetic is done in UTC, wall-clock times come from ``zoneinfo``, so daylight
saving changes of callers (Berlin, New York) and contacts are handled.

Rules (issue 4): a channel's open intervals for a day are that weekday's hours minus the
breaks; with ``calendar: RU`` public holidays and transferred days off are closed all day, a
weekend day the calendar makes a working day uses the ``mon-fri`` hours, and a pre-holiday
shortened day closes one hour earlier. Intervals are half-open; for an open interval
``[s, e)`` the status is ``good`` on ``[s + margin, e - margin)``, ``fair`` on the rest of it,
``closed`` outside. Written channels without hours are ``anytime``; a phone without hours is
``unknown``. A channel whose value is empty (not filled in yet) is ``unknown`` and has no best
call windows.

Supported instants: from 1900-01-01 up to the end of 9000 (UTC), see :data:`EARLIEST` and
:data:`LATEST` (the end of a range ``[start, end)`` may lie up to :data:`END_SLACK` later); the
functions raise :class:`OutOfRange` (a ``ValueError``) outside it, never an ``OverflowError``.
A wall time that a daylight-saving change skips or repeats is read as ``zoneinfo`` reads it
(``fold=0``: the offset before the change), and :func:`in_zone` shows the instant as it really
is on that clock (02:30 on 29 Mar 2026 in Berlin is 03:30 CEST).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from faqdesk.core.contacts.hours import Intervals, WeeklyHours, parse_intervals
from faqdesk.core.contacts.model import Channel, Contact
from faqdesk.core.contacts.reasons import reason_text
from faqdesk.core.contacts.ru_calendar import day_info
from faqdesk.core.contacts.zones import in_zone, require_supported, zone

#: How far ahead ``changes_at`` and ``next_good`` look.
HORIZON = timedelta(days=14)
_PAD = timedelta(days=2)
_SHORTENED_BY = timedelta(hours=1)

Range = tuple[datetime, datetime]


class Status(StrEnum):
    """How good a moment is for using a channel."""

    GOOD = "good"
    FAIR = "fair"
    CLOSED = "closed"
    ANYTIME = "anytime"
    UNKNOWN = "unknown"


def _range_utc(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    return require_supported(start, "start"), require_supported(end, "end", is_end=True)


# --- open ranges -----------------------------------------------------------------------------


def _at(day: date, clock: time, tz: tzinfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def _ranges_for_day(day: date, intervals: Intervals, tz: tzinfo) -> list[Range]:
    """UTC ranges of ``intervals`` starting on local ``day`` (``end <= start`` runs overnight)."""
    result: list[Range] = []
    for start, end in intervals:
        end_day = day if end > start else day + timedelta(days=1)
        s, e = _at(day, start, tz), _at(end_day, end, tz)
        if e > s:
            result.append((s, e))
    return result


def _merge(ranges: Iterable[Range]) -> list[Range]:
    merged: list[Range] = []
    for s, e in sorted(ranges):
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _subtract(ranges: list[Range], holes: list[Range]) -> list[Range]:
    result = ranges
    for hs, he in holes:
        next_result: list[Range] = []
        for s, e in result:
            if he <= s or hs >= e:
                next_result.append((s, e))
                continue
            if s < hs:
                next_result.append((s, hs))
            if he < e:
                next_result.append((he, e))
        result = next_result
    return result


@dataclass(frozen=True)
class _Day:
    """The hours one local day of a contact has, before breaks are taken out."""

    intervals: Intervals
    shortened: bool = False
    holiday_kind: str | None = None
    names: Mapping[str, str] = field(default_factory=dict)

    @property
    def day_off(self) -> bool:
        return self.holiday_kind is not None


def _day(contact: Contact, hours: WeeklyHours, day: date) -> _Day:
    intervals = hours.for_weekday(day.weekday())
    if contact.calendar != "RU":
        return _Day(intervals)
    info = day_info(day)
    if info.is_day_off:
        return _Day((), holiday_kind=info.kind, names=dict(info.names))
    if day.weekday() >= 5 and info.is_working:
        intervals = hours.working_weekday()
    return _Day(intervals, shortened=info.kind == "shortened")


def _day_ranges(contact: Contact, hours: WeeklyHours, day: date, tz: tzinfo) -> list[Range]:
    """Open ranges (UTC, before breaks) of the intervals that start on local ``day``."""
    info = _day(contact, hours, day)
    ranges = _ranges_for_day(day, info.intervals, tz)
    if info.shortened and ranges:
        latest = max(range(len(ranges)), key=lambda i: ranges[i][1])
        s, e = ranges[latest]
        if e - _SHORTENED_BY > s:
            ranges[latest] = (s, e - _SHORTENED_BY)
        else:
            del ranges[latest]
    return ranges


def _days(first: date, last: date) -> Iterator[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def _ranges_over(first: date, last: date, intervals: Intervals, tz: tzinfo) -> list[Range]:
    return [r for day in _days(first, last) for r in _ranges_for_day(day, intervals, tz)]


def _open_ranges(
    contact: Contact, hours: WeeklyHours, start: datetime, end: datetime
) -> list[Range]:
    """Merged open ranges (UTC) overlapping ``[start - 2 days, end + 2 days)``."""
    tz = zone(contact.tz)
    first = (start - _PAD).astimezone(tz).date() - timedelta(days=1)
    last = (end + _PAD).astimezone(tz).date()
    raw = [r for day in _days(first, last) for r in _day_ranges(contact, hours, day, tz)]
    opened = _subtract(_merge(raw), _ranges_over(first - timedelta(days=1), last, hours.breaks, tz))
    return _merge(opened)


# --- bands -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """A stretch ``[start, end)`` of one status, for drawing a timeline."""

    start: datetime
    end: datetime
    status: Status


def _status_ranges(
    ranges: list[Range], margin: timedelta
) -> list[tuple[datetime, datetime, Status]]:
    result: list[tuple[datetime, datetime, Status]] = []
    for s, e in ranges:
        if e - s <= 2 * margin:
            result.append((s, e, Status.FAIR))
            continue
        if margin:
            result.append((s, s + margin, Status.FAIR))
        result.append((s + margin, e - margin, Status.GOOD))
        if margin:
            result.append((e - margin, e, Status.FAIR))
    return result


def _bands(contact: Contact, hours: WeeklyHours, start: datetime, end: datetime) -> list[Band]:
    tz = zone(contact.tz)
    pieces = _status_ranges(
        _open_ranges(contact, hours, start, end), timedelta(minutes=contact.margin_minutes)
    )
    bands: list[Band] = []
    cursor = start

    def add(s: datetime, e: datetime, status: Status) -> None:
        s, e = max(s, start), min(e, end)
        if e <= s:
            return
        if bands and bands[-1].status is status and bands[-1].end == s:
            bands[-1] = Band(bands[-1].start, in_zone(e, tz), status)
        else:
            bands.append(Band(in_zone(s, tz), in_zone(e, tz), status))

    for s, e, status in pieces:
        if e <= cursor:
            continue
        if s > cursor:
            add(cursor, s, Status.CLOSED)
        add(max(s, cursor), e, status)
        cursor = max(cursor, e)
        if cursor >= end:
            break
    if cursor < end:
        add(cursor, end, Status.CLOSED)
    return bands


def _no_hours_status(channel: Channel) -> Status:
    if not channel.value.strip():
        return Status.UNKNOWN
    return Status.ANYTIME if channel.kind.is_written else Status.UNKNOWN


def status_bands(contact: Contact, channel: Channel, start: datetime, end: datetime) -> list[Band]:
    """Contiguous bands covering ``[start, end)`` (times in the contact's zone).

    Channels without hours give one ``anytime`` or ``unknown`` band.
    """
    start_utc, end_utc = _range_utc(start, end)
    if end_utc <= start_utc:
        return []
    hours = contact.hours_for(channel)
    if hours is None or not channel.value.strip():
        tz = zone(contact.tz)
        return [Band(in_zone(start_utc, tz), in_zone(end_utc, tz), _no_hours_status(channel))]
    return _bands(contact, hours, start_utc, end_utc)


# --- status at an instant ------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelStatus:
    """A channel's status at one instant, when it changes, when it is next good, and why.

    ``reason_code`` is one of ``open``, ``just_opened``, ``closing_soon``, ``lunch_break``,
    ``holiday``, ``day_off``, ``weekend``, ``closed_day``, ``before_opening``,
    ``after_closing``, ``anytime``, ``unknown``, ``not_filled_in`` (a channel without a
    value: nothing to call or write to, so never ``anytime``); ``reason_params`` holds what
    the sentence needs (times as aware datetimes, ``tz``, holiday ``names`` by language,
    ``shortened``).
    For ``anytime`` and ``unknown`` channels ``changes_at`` and ``next_good`` are None.
    """

    status: Status
    changes_at: datetime | None
    next_good: datetime | None
    reason_code: str
    reason_params: Mapping[str, Any] = field(default_factory=dict)
    reply_within_hours: float | None = None

    def reason(self, lang: str = "en", caller_tz: str | None = None) -> str:
        """A sentence a person understands, in ``"zh"`` or ``"en"``, e.g.
        ``"public holiday: Defender of the Fatherland Day; opens Tue 09:30 MSK = 14:30 your
        time"`` (``your time`` only when ``caller_tz`` is given)."""
        return reason_text(
            self.reason_code,
            self.reason_params,
            "zh" if lang.startswith("zh") else "en",
            caller_tz,
            self.reply_within_hours,
        )


def channel_status(contact: Contact, channel: Channel, now: datetime) -> ChannelStatus:
    """The status of ``channel`` at ``now``, with ``changes_at`` / ``next_good`` within 14 days."""
    now_utc = require_supported(now)
    hours = contact.hours_for(channel)
    reply = channel.reply_within_hours
    if not channel.value.strip():
        # Nothing to call or write to yet: never claim it can be used now.
        return ChannelStatus(Status.UNKNOWN, None, None, "not_filled_in", {}, reply)
    if hours is None:
        status = _no_hours_status(channel)
        code = "anytime" if status is Status.ANYTIME else "unknown"
        return ChannelStatus(status, None, None, code, {}, reply)
    horizon = now_utc + HORIZON
    bands = _bands(contact, hours, now_utc, horizon)
    first = bands[0]
    changes_at = first.end if first.end < horizon else None
    next_good = next((band.start for band in bands if band.status is Status.GOOD), None)
    code, params = _reason_at(contact, hours, now_utc, first, bands)
    params["tz"] = contact.tz
    params["next_good"] = next_good
    params["now"] = in_zone(now_utc, zone(contact.tz))
    return ChannelStatus(first.status, changes_at, next_good, code, params, reply)


def _reason_at(
    contact: Contact, hours: WeeklyHours, now: datetime, first: Band, bands: list[Band]
) -> tuple[str, dict[str, Any]]:
    tz = zone(contact.tz)
    local = now.astimezone(tz)
    today = _day(contact, hours, local.date())
    params: dict[str, Any] = {"shortened": today.shortened}
    if first.status is not Status.CLOSED:
        # The end of the open stretch: the first closed band after now.
        closes = next((b.start for b in bands if b.status is Status.CLOSED), None)
        params["closes_at"] = closes
        if first.status is Status.GOOD:
            return "open", params
        if len(bands) > 1 and bands[1].status is Status.GOOD:
            return "just_opened", params  # fair right after opening, good next
        return "closing_soon", params
    params["opens_at"] = first.end if first.end < bands[-1].end else None
    if today.day_off:
        params["names"] = dict(today.names)
        return ("holiday" if today.holiday_kind == "holiday" else "day_off"), params
    raw = _day_ranges(contact, hours, local.date(), tz)
    for s, e in _ranges_over(local.date() - timedelta(days=1), local.date(), hours.breaks, tz):
        if s <= now < e and any(rs <= now < re_ for rs, re_ in raw):
            params["until"] = in_zone(e, tz)
            return "lunch_break", params
    if not raw:
        if local.weekday() >= 5:
            return "weekend", params
        return "closed_day", params
    if now < min(s for s, _ in raw):
        return "before_opening", params
    return "after_closing", params


# --- best windows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CallWindow:
    """A stretch ``[start, end)`` when the channel is good and the caller is available."""

    start: datetime
    end: datetime

    def in_zone(self, tz: str | tzinfo) -> CallWindow:
        """The same window with its times shown in ``tz`` (a zone name or tzinfo)."""
        target = zone(tz) if isinstance(tz, str) else tz
        return CallWindow(in_zone(self.start, target), in_zone(self.end, target))


def _caller_ranges(
    caller: tzinfo, intervals: Intervals, start: datetime, end: datetime
) -> list[Range]:
    first = start.astimezone(caller).date() - timedelta(days=1)
    last = end.astimezone(caller).date() + timedelta(days=1)
    return _merge(_ranges_over(first, last, intervals, caller))


def best_windows(
    contact: Contact,
    channel: Channel,
    now: datetime,
    *,
    caller_tz: str,
    caller_hours: str = "09:00-21:00",
    days: int = 7,
) -> list[CallWindow]:
    """Windows within ``days`` from ``now`` when ``channel`` is ``good`` and the caller (in
    ``caller_tz``, available during ``caller_hours`` every day) can call. Times are in the
    contact's zone; use :meth:`CallWindow.in_zone` for the caller's. Empty for channels without
    hours and for channels not filled in (empty value). Raises :class:`UnknownZone`,
    :class:`~faqdesk.core.contacts.hours.HoursError` or :class:`OutOfRange` on bad input.
    """
    now_utc = require_supported(now)
    caller = zone(caller_tz)
    available = parse_intervals(caller_hours)
    hours = contact.hours_for(channel)
    if hours is None or not channel.value.strip():
        return []  # nothing to call yet (not filled in): no window, as its status says
    end = now_utc + timedelta(days=days)
    tz = zone(contact.tz)
    goods = [
        (b.start.astimezone(UTC), b.end.astimezone(UTC))
        for b in _bands(contact, hours, now_utc, end)
        if b.status is Status.GOOD
    ]
    windows: list[CallWindow] = []
    free = _caller_ranges(caller, available, now_utc, end)
    for gs, ge in goods:
        for fs, fe in free:
            s, e = max(gs, fs), min(ge, fe)
            if e > s:
                windows.append(CallWindow(in_zone(s, tz), in_zone(e, tz)))
    return windows


def caller_spans(
    caller_tz: str | tzinfo, caller_hours: str, start: datetime, end: datetime
) -> list[Range]:
    """The stretches of ``[start, end)`` when the caller is available: ``caller_hours``
    (``"09:00-21:00"``, the hours syntax) as wall time in ``caller_tz`` every day, so they
    follow the caller's daylight-saving changes. Touching stretches are merged; times are
    shown in the caller's zone (fixed offsets, see :func:`in_zone`).

    Raises :class:`UnknownZone`, :class:`~faqdesk.core.contacts.hours.HoursError` or
    :class:`OutOfRange` on bad input.
    """
    caller = zone(caller_tz) if isinstance(caller_tz, str) else caller_tz
    intervals = parse_intervals(caller_hours)
    start_utc, end_utc = _range_utc(start, end)
    spans: list[Range] = []
    for s, e in _caller_ranges(caller, intervals, start_utc, end_utc):
        s, e = max(s, start_utc), min(e, end_utc)
        if e > s:
            spans.append((in_zone(s, caller), in_zone(e, caller)))
    return spans


def minutes_until(now: datetime, then: datetime) -> int:
    """Whole minutes from ``now`` until ``then``, rounded up (30 seconds left is 1); 0 when
    ``then`` is not later. Real elapsed time, also across a daylight-saving change."""
    delta = require_supported(then, "then") - require_supported(now, "now")
    return max(0, math.ceil(delta / timedelta(minutes=1)))


def hour_marks(day: date, tz: str | tzinfo, hours: Iterable[int]) -> list[datetime]:
    """The instants when the clock in ``tz`` shows ``hour``:00 on ``day``, for each of
    ``hours`` (24 is the next midnight, 27 the next day's 03:00), shown in ``tz``. A wall time
    skipped by a daylight-saving change is read as ``zoneinfo`` reads it (``fold=0``)."""
    target = zone(tz) if isinstance(tz, str) else tz
    marks: list[datetime] = []
    for hour in hours:
        days, clock = divmod(hour, 24)
        wall = datetime.combine(day + timedelta(days=days), time(clock), tzinfo=target)
        marks.append(in_zone(wall, target))
    return marks


def is_stale(contact: Contact, today: date, max_age_days: int = 180) -> bool:
    """True when the contact's details were last verified more than ``max_age_days`` ago.

    Contacts that never had a ``verified`` date (most of the user's own) are not flagged.
    """
    return contact.verified is not None and (today - contact.verified).days > max_age_days
