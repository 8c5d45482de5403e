""" "Can I call now?": one answer for a list of contacts, and the status of each channel behind it.

The contact panel's verdict line, its cards and ``faqdesk calltime --caller-hours`` all ask
:func:`assess`, so the sentence and the cards never disagree. On top of
:func:`~faqdesk.core.contacts.calltime.channel_status` it counts the caller's own calling hours
(wall time in the caller's zone, ``09:00-21:00`` by default): a channel that is good in Moscow
while the caller is outside those hours is ``fair`` with the reason "outside your calling hours
(21:45 your time)", a good stretch ends when the caller's hours end, and the next good time is
the start of the next window both sides share
(:func:`~faqdesk.core.contacts.calltime.best_windows`).

The verdict picks the best channel to call now: ``good`` before ``fair``, among equals the one
open longest. When no one can be called it names a written channel that can be used now, and the
next time a call is possible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from faqdesk.core import text
from faqdesk.core.contacts.calltime import (
    ChannelStatus,
    Status,
    best_windows,
    caller_spans,
    channel_status,
    minutes_until,
    status_bands,
)
from faqdesk.core.contacts.hours import HoursError, normalize_hours
from faqdesk.core.contacts.model import Channel, Contact, pick_text
from faqdesk.core.contacts.reasons import moment_text
from faqdesk.core.contacts.zones import OutOfRange, in_zone, zone

#: The caller's calling hours when the settings hold none (or nothing readable).
DEFAULT_CALLER_HOURS = "09:00-21:00"

#: How far ahead the next shared window is looked for.
LOOKAHEAD_DAYS = 7

Key = tuple[str, str]


@dataclass(frozen=True)
class Caller:
    """The user: their zone and the hours (wall time there) they are willing to phone."""

    tz: str
    hours: str = DEFAULT_CALLER_HOURS

    def usable_hours(self) -> str:
        """The hours, or the default when they cannot be read (a hand-edited settings file)."""
        try:
            return normalize_hours(self.hours)
        except HoursError:
            return DEFAULT_CALLER_HOURS

    def available(self, now: datetime) -> tuple[bool, datetime | None]:
        """Whether the caller is within their hours at ``now``, and when that next changes."""
        try:
            spans = caller_spans(self.tz, self.usable_hours(), now, now + timedelta(days=2))
        except OutOfRange:  # the last days the engine answers for: no edge to wait for
            return True, None
        for start, end in spans:
            if start <= now < end:
                return True, end
            if start > now:
                return False, start
        return False, None


def _earliest(*moments: datetime | None) -> datetime | None:
    found = [moment for moment in moments if moment is not None]
    return min(found) if found else None


def next_shared_good(
    contact: Contact, channel: Channel, now: datetime, caller: Caller
) -> datetime | None:
    """The start of the next window when ``channel`` is good and the caller is within hours."""
    try:
        windows = best_windows(
            contact,
            channel,
            now,
            caller_tz=caller.tz,
            caller_hours=caller.usable_hours(),
            days=LOOKAHEAD_DAYS,
        )
    except OutOfRange:
        return None
    return next((window.start for window in windows if window.end > now), None)


def caller_status(
    contact: Contact, channel: Channel, now: datetime, caller: Caller
) -> ChannelStatus:
    """The channel's status at ``now`` as the caller can use it (see the module's rules)."""
    base = channel_status(contact, channel, now)
    if base.status not in (Status.GOOD, Status.FAIR, Status.CLOSED):
        return base
    inside, edge = caller.available(now)
    if base.status is Status.GOOD and inside:
        return replace(base, changes_at=_earliest(base.changes_at, edge))
    params: dict[str, Any] = dict(base.reason_params)
    next_good = base.next_good
    if next_good is not None:
        shared_now, _edge = caller.available(next_good)
        if not shared_now:
            next_good = next_shared_good(contact, channel, now, caller)
    params["next_good"] = next_good
    if base.status is not Status.GOOD:
        return replace(base, next_good=next_good, reason_params=params)
    params["caller_now"] = in_zone(now, zone(caller.tz))
    params["inner_code"] = base.reason_code
    # Fair until the contact closes or the caller's hours start, whichever comes first (the
    # contact's own good-to-fair change before closing is no change for the caller).
    closes = params.get("closes_at")
    ends = closes if isinstance(closes, datetime) else base.changes_at
    return replace(
        base,
        status=Status.FAIR,
        changes_at=_earliest(ends, edge),
        next_good=next_good,
        reason_code="outside_caller_hours",
        reason_params=params,
    )


class VerdictKind(StrEnum):
    """What the verdict line says."""

    CALL = "call"  # someone can be called now (good or fair)
    WRITE = "write"  # no one to call, but a written channel can be used now
    WAIT = "wait"  # nothing now; ``next_at`` says when a call is possible
    NOTHING = "nothing"  # nothing now and no call window within the look-ahead
    EMPTY = "empty"  # no contacts at all


@dataclass(frozen=True)
class Verdict:
    """The answer for a list of contacts at one instant, and each channel's status behind it.

    ``best`` is the (contact id, channel id) of the card the sentence names; ``next_at`` the
    start of the next call window (``WAIT``, and also ``WRITE`` when there is one).
    """

    kind: VerdictKind
    now: datetime
    caller: Caller
    statuses: Mapping[Key, ChannelStatus] = field(default_factory=dict)
    best: Key | None = None
    best_name: Mapping[str, str] = field(default_factory=dict)
    best_channel: Mapping[str, str] = field(default_factory=dict)
    next_at: datetime | None = None
    next_key: Key | None = None
    next_name: Mapping[str, str] = field(default_factory=dict)
    next_tz: str = "Europe/Moscow"

    def sentence(self, lang: str = "en") -> str:
        """The verdict in one sentence, in ``zh`` or ``en``."""
        lang = "zh" if lang.startswith("zh") else "en"
        contact = pick_text(self.best_name, lang)
        channel = pick_text(self.best_channel, lang)
        if self.kind is VerdictKind.EMPTY:
            return text.render("verdict.empty", lang)
        if self.kind is VerdictKind.CALL and self.best is not None:
            status = self.statuses[self.best]
            if status.status is Status.GOOD and status.changes_at is not None:
                left = duration_text(minutes_until(self.now, status.changes_at), lang)
                return text.render(
                    "verdict.call_good", lang, contact=contact, channel=channel, left=left
                )
            if status.status is Status.GOOD:
                return text.render("verdict.call_good_open", lang, contact=contact, channel=channel)
            # The first part of the reason is why it is only fair; the card says the rest.
            separator = text.render("calltime.reason.separator", lang)
            reason = status.reason(lang, self.caller.tz).split(separator)[0]
            return text.render(
                "verdict.call_fair", lang, contact=contact, channel=channel, reason=reason
            )
        later = ""
        if self.next_at is not None:
            when = moment_text(self.next_at, self.next_tz, self.now, lang, self.caller.tz)
            later = text.render(
                "verdict.next", lang, time=when, contact=pick_text(self.next_name, lang)
            )
        if self.kind is VerdictKind.WRITE:
            return text.render("verdict.write", lang, contact=contact, channel=channel, next=later)
        if self.kind is VerdictKind.WAIT:
            return text.render("verdict.wait", lang, next=later)
        return text.render("verdict.nothing", lang)


def duration_text(minutes: int, lang: str = "en") -> str:
    """``1 h 30 min`` / ``1 小时 30 分``."""
    hours, rest = divmod(max(0, minutes), 60)
    if hours and rest:
        return text.render("verdict.duration.hours_minutes", lang, hours=hours, minutes=rest)
    if hours:
        return text.render("verdict.duration.hours", lang, hours=hours)
    return text.render("verdict.duration.minutes", lang, minutes=rest)


def channel_name(channel: Channel) -> dict[str, str]:
    """What to call a channel in the sentence: its label, else its kind, in each language."""
    return {
        lang: pick_text(channel.label, lang) or text.render(f"verdict.kind.{channel.kind}", lang)
        for lang in ("zh", "en")
    }


def _names(contact: Contact) -> dict[str, str]:
    return {lang: contact.display_name(lang) for lang in ("zh", "en")}


def _rank(status: ChannelStatus, now: datetime) -> tuple[int, float]:
    """Smaller is better: good before fair; among equals the one open longest."""
    grade = 0 if status.status is Status.GOOD else 1
    if status.changes_at is None:
        return grade, float("-inf")
    return grade, -(status.changes_at - now).total_seconds()


def assess(
    contacts: Iterable[Contact],
    now: datetime,
    caller: Caller,
    *,
    known: Mapping[Key, ChannelStatus] | None = None,
) -> Verdict:
    """The verdict for ``contacts`` at ``now`` and the status of each of their channels.

    ``known`` holds statuses already computed for ``now`` (a panel's cache): they are used as
    they are, so the sentence and the cards come from the same answers.
    """
    chosen = list(contacts)
    statuses: dict[Key, ChannelStatus] = {}
    for contact in chosen:
        for channel in contact.channels:
            key = (contact.id, channel.id)
            cached = known.get(key) if known is not None else None
            statuses[key] = cached or caller_status(contact, channel, now, caller)
    if not chosen:
        return Verdict(VerdictKind.EMPTY, now, caller)
    return _decide(chosen, statuses, now, caller)


def _decide(
    contacts: Sequence[Contact],
    statuses: dict[Key, ChannelStatus],
    now: datetime,
    caller: Caller,
) -> Verdict:
    by_key = {(c.id, ch.id): (c, ch) for c in contacts for ch in c.channels}
    calls = [
        key
        for key, (_c, channel) in by_key.items()
        if not channel.kind.is_written and statuses[key].status in (Status.GOOD, Status.FAIR)
    ]
    base = Verdict(VerdictKind.NOTHING, now, caller, statuses)
    if calls:
        best = min(calls, key=lambda key: _rank(statuses[key], now))
        contact, channel = by_key[best]
        return replace(
            base,
            kind=VerdictKind.CALL,
            best=best,
            best_name=_names(contact),
            best_channel=channel_name(channel),
        )
    upcoming = [
        (status.next_good, key)
        for key, status in statuses.items()
        if status.next_good is not None and not by_key[key][1].kind.is_written
    ]
    if upcoming:
        next_at, next_key = min(upcoming)
        contact = by_key[next_key][0]
        base = replace(
            base,
            kind=VerdictKind.WAIT,
            next_at=next_at,
            next_key=next_key,
            next_name=_names(contact),
            next_tz=contact.tz,
            best=next_key,
        )
    writes = [
        key
        for key, (_c, channel) in by_key.items()
        if channel.kind.is_written
        and statuses[key].status in (Status.GOOD, Status.FAIR, Status.ANYTIME)
    ]
    if writes:
        best = min(writes, key=lambda key: _rank(statuses[key], now))
        contact, channel = by_key[best]
        return replace(
            base,
            kind=VerdictKind.WRITE,
            best=best,
            best_name=_names(contact),
            best_channel=channel_name(channel),
        )
    return base


def status_after(contact: Contact, channel: Channel, moment: datetime, caller: Caller) -> Status:
    """The status the channel has from ``moment`` on (a card's "good time ends in …"): the
    contact's status then, made ``fair`` when the caller is outside their hours."""
    bands = status_bands(contact, channel, moment, moment + timedelta(minutes=1))
    if not bands:
        return Status.UNKNOWN
    status = bands[0].status
    if status is Status.GOOD and not caller.available(moment)[0]:
        return Status.FAIR
    return status


def as_of(status: ChannelStatus, now: datetime, caller: Caller) -> ChannelStatus:
    """A status computed earlier, with the caller's clock in its reason moved on to ``now``
    ("outside your calling hours (21:46 your time)"); other statuses are returned as they are."""
    if status.reason_code != "outside_caller_hours":
        return status
    params = dict(status.reason_params)
    params["caller_now"] = in_zone(now, zone(caller.tz))
    return replace(status, reason_params=params)
