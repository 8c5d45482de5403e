"""What to do next on a case: wait, phone now, phone at a given time, write again, or nothing.

:func:`next_step` is a pure function of the case, the instant and the contacts; the phone
times come from the call-time engine (:mod:`faqdesk.core.contacts.calltime`), so a case says
``call`` only when the engine says the phone is good or fair now, and ``call_at`` is the
engine's next good time (within the caller's hours when they are given). :func:`next_steps`
answers for many cases at once and asks the engine once per phone.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from operator import attrgetter
from typing import Any
from zoneinfo import ZoneInfo

from faqdesk.core import text
from faqdesk.core.cases.model import Case
from faqdesk.core.contacts.calltime import Status, best_windows, caller_spans, channel_status
from faqdesk.core.contacts.model import Channel, ChannelKind, Contact
from faqdesk.core.contacts.reasons import month_name, weekday_name, when, zone_label
from faqdesk.core.contacts.zones import MOSCOW, in_zone, zone

#: The composer template a follow-up pre-fills (by id; the composer owns it).
FOLLOW_UP_TEMPLATE = "follow-up-no-reply"
#: How far ahead ``call_at`` looks for a good time (days).
CALL_AT_DAYS = 7


class StepKind(StrEnum):
    """The kinds of next step."""

    WAIT = "wait"
    CALL = "call"
    CALL_AT = "call_at"
    FOLLOW_UP = "follow_up"
    NONE = "none"


@dataclass(frozen=True)
class NextStep:
    """The next step on a case.

    ``at``: when (the reply's due time, the moment to phone, now for a follow-up); ``contact``
    and ``channel``: whom and how (the phone for ``call`` / ``call_at``); ``template`` and
    ``values``: the composer template a follow-up pre-fills and its values (ticket, posting,
    order, since). :meth:`reason` says it in a sentence.
    """

    kind: StepKind
    at: datetime | None
    channel: str
    reason_code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    contact: str = ""
    template: str = ""
    values: Mapping[str, str] = field(default_factory=dict)

    def reason(self, lang: str = "en", caller_tz: str | None = None) -> str:
        """``"no reply for 26 h — phone now, open until 18:00 MSK"`` in ``zh`` or ``en``;
        times also in the caller's zone when ``caller_tz`` is given."""
        lang = "zh" if lang.startswith("zh") else "en"
        params: dict[str, Any] = {"hours": self.params.get("hours", 0)}
        now = self.params.get("now")
        for name in ("until", "at", "due"):
            moment = self.params.get(name)
            if isinstance(moment, datetime) and isinstance(now, datetime):
                params[name] = _moment_text(moment, now, self.params.get("tz"), lang, caller_tz)
        return text.render(f"cases.step.{self.reason_code}", lang, **params)

    def to_mapping(self, lang: str = "en", caller_tz: str | None = None) -> dict[str, Any]:
        """``{"kind", "at", "channel", "reason"}`` (plus ``contact``, ``template``, ``values``);
        ``at`` in UTC like the case's times."""
        return {
            "kind": self.kind.value,
            "at": None if self.at is None else self.at.astimezone(UTC).isoformat(),
            "channel": self.channel,
            "contact": self.contact,
            "reason": self.reason(lang, caller_tz),
            "template": self.template or None,
            "values": dict(self.values),
        }


def _when(moment: datetime, reference: datetime, lang: str) -> str:
    """:func:`when`, with the year when it is not ``reference``'s (``Sat 2 Jan 2027 09:30``)."""
    if moment.year == reference.year:
        return when(moment, reference, lang)
    return text.render(
        "casesfix.when.year",
        lang,
        weekday=weekday_name(moment.weekday(), lang),
        day=moment.day,
        month=month_name(moment.month, lang),
        year=moment.year,
        clock=f"{moment:%H:%M}",
    )


def _moment_text(
    moment: datetime, now: datetime, tz: object, lang: str, caller_tz: str | None
) -> str:
    """``Mon 09:30 MSK = 14:30 your time`` (the contact's zone, then the caller's), or just
    the caller's time when the contact's zone is not part of it (a reply's due time)."""
    mine = None
    if caller_tz:
        caller = zone(caller_tz)
        mine = _when(in_zone(moment, caller), in_zone(now, caller), lang)
    if not isinstance(tz, str):
        if mine is not None:
            return text.render("cases.time.yours", lang, mine=mine)
        utc = _when(moment, now, lang)
        return text.render("cases.time.utc", lang, when=utc)
    theirs_zone = zone(tz)
    local = in_zone(moment, theirs_zone)
    theirs = _when(local, in_zone(now, theirs_zone), lang)
    label = zone_label(local, lang)
    if mine is None:
        return text.render("cases.time.theirs", lang, when=theirs, zone=label)
    return text.render("cases.time.both", lang, when=theirs, zone=label, mine=mine)


@dataclass(frozen=True)
class _Phone:
    """What the engine said about one phone at the instant asked about."""

    contact: Contact
    channel: Channel
    callable_now: bool
    closes_at: datetime | None
    next_time: datetime | None


class _Engine:
    """Asks the call-time engine, once per phone, for one instant."""

    def __init__(self, now: datetime, caller_tz: str | None, caller_hours: str | None) -> None:
        self.now = now
        self.caller_tz = caller_tz
        self.caller_hours = caller_hours
        self._cache: dict[tuple[str, str], _Phone] = {}
        self._choices: dict[tuple[str, str], _Phone | None] = {}
        self._caller_free: bool | None = None

    def caller_free(self) -> bool:
        """True when the caller's hours (if any) include now."""
        if self.caller_tz is None or self.caller_hours is None:
            return True
        if self._caller_free is None:
            spans = caller_spans(
                self.caller_tz, self.caller_hours, self.now, self.now + timedelta(minutes=1)
            )
            self._caller_free = any(s <= self.now < e for s, e in spans)
        return self._caller_free

    def choice(self, case: Case, contacts: Mapping[str, Contact]) -> _Phone | None:
        """The phone an overdue case should use: the first callable now, else the one good
        soonest; None when no phone can be proposed. Asked once per contact pair."""
        key = (case.contact, case.escalation_contact)
        if key in self._choices:
            return self._choices[key]
        phones = [self.phone(contact, channel) for contact, channel in _phones(case, contacts)]
        chosen = next((phone for phone in phones if phone.callable_now), None)
        if chosen is None:
            timed = [phone for phone in phones if phone.next_time is not None]
            chosen = min(timed, key=lambda phone: phone.next_time or self.now, default=None)
        self._choices[key] = chosen
        return chosen

    def phone(self, contact: Contact, channel: Channel) -> _Phone:
        key = (contact.id, channel.id)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._ask(contact, channel)
            self._cache[key] = cached
        return cached

    def _ask(self, contact: Contact, channel: Channel) -> _Phone:
        status = channel_status(contact, channel, self.now)
        usable = status.status in (Status.GOOD, Status.FAIR)
        closes = status.reason_params.get("closes_at") if usable else None
        if self.caller_tz is not None and self.caller_hours is not None:
            windows = best_windows(
                contact,
                channel,
                self.now,
                caller_tz=self.caller_tz,
                caller_hours=self.caller_hours,
                days=CALL_AT_DAYS,
            )
            later = next((w.start for w in windows if w.start > self.now), None)
        else:
            later = status.next_good
            if later is not None and later - self.now > timedelta(days=CALL_AT_DAYS):
                later = None
        return _Phone(
            contact,
            channel,
            usable and self.caller_free(),
            closes if isinstance(closes, datetime) else None,
            later,
        )


def _phones(case: Case, contacts: Mapping[str, Contact]) -> list[tuple[Contact, Channel]]:
    """The phones to try: the case's contact's, then the escalation contact's."""
    found: list[tuple[Contact, Channel]] = []
    for contact_id in (case.contact, case.escalation_contact):
        contact = contacts.get(contact_id) if contact_id else None
        if contact is None:
            continue
        for channel in contact.channels:
            if channel.kind is ChannelKind.PHONE and channel.value.strip():
                found.append((contact, channel))
    return found


@functools.cache
def _zone(name: str) -> ZoneInfo:
    return zone(name)


def follow_up_values(case: Case, tz: str = MOSCOW) -> dict[str, str]:
    """What the composer's follow-up template is filled with; ``since`` is the day the last
    message went out, on the support's calendar (``tz``: the contact's zone)."""
    return {
        "ticket": case.ticket,
        "posting": case.posting,
        "order": case.order,
        "since": case.waiting_since().astimezone(_zone(tz)).date().isoformat(),
    }


def _step(case: Case, contacts: Mapping[str, Contact], engine: _Engine) -> NextStep:
    now = engine.now
    if not case.is_open:
        code = "closed" if case.status.value == "closed" else "answered"
        return NextStep(StepKind.NONE, None, "", code, {"now": now})
    if now < case.reply_due:
        params: dict[str, Any] = {"now": now, "due": case.reply_due}
        return NextStep(StepKind.WAIT, case.reply_due, case.channel, "wait", params, case.contact)
    hours = int((now - case.waiting_since()) / timedelta(hours=1))
    phone = engine.choice(case, contacts)
    if phone is not None and phone.callable_now:
        params = {"now": now, "hours": hours, "until": phone.closes_at, "tz": phone.contact.tz}
        code = "call" if phone.closes_at is not None else "call_open"
        return NextStep(StepKind.CALL, now, phone.channel.id, code, params, phone.contact.id)
    if phone is not None:
        params = {"now": now, "hours": hours, "at": phone.next_time, "tz": phone.contact.tz}
        return NextStep(
            StepKind.CALL_AT, phone.next_time, phone.channel.id, "call_at", params, phone.contact.id
        )
    return NextStep(
        StepKind.FOLLOW_UP,
        now,
        case.channel,
        "follow_up",
        {"now": now, "hours": hours},
        case.contact,
        FOLLOW_UP_TEMPLATE,
        follow_up_values(case, contact.tz if (contact := contacts.get(case.contact)) else MOSCOW),
    )


def next_step(
    case: Case,
    now: datetime,
    contacts: Mapping[str, Contact],
    *,
    caller_tz: str | None = None,
    caller_hours: str | None = None,
) -> NextStep:
    """The next step on ``case`` at ``now``. ``contacts`` by id (see
    :func:`~faqdesk.core.cases.model.contacts_by_id`). With ``caller_tz`` and
    ``caller_hours`` (``"09:00-21:00"``, the hours syntax) a phone is proposed only when the
    caller can call too. Raises what the engine raises for a bad zone or hours."""
    return _step(case, contacts, _Engine(now, caller_tz, caller_hours))


def next_steps(
    cases: Iterable[Case],
    now: datetime,
    contacts: Mapping[str, Contact],
    *,
    caller_tz: str | None = None,
    caller_hours: str | None = None,
) -> dict[str, NextStep]:
    """:func:`next_step` for each case, by case id; each phone is asked about once."""
    engine = _Engine(now, caller_tz, caller_hours)
    return {case.id: _step(case, contacts, engine) for case in cases}


class StepsAt(Mapping[str, NextStep]):
    """The next steps of ``cases`` at ``now`` by case id, each worked out when first asked
    for (a list of 10,000 cases asks only for the rows on screen and the overdue ones)."""

    def __init__(
        self,
        cases: Iterable[Case],
        now: datetime,
        contacts: Mapping[str, Contact],
        *,
        caller_tz: str | None = None,
        caller_hours: str | None = None,
    ) -> None:
        self._cases = {case.id: case for case in cases}
        self._contacts = contacts
        self._engine = _Engine(now, caller_tz, caller_hours)
        self._steps: dict[str, NextStep] = {}

    def __getitem__(self, case_id: str) -> NextStep:
        step = self._steps.get(case_id)
        if step is None:
            step = _step(self._cases[case_id], self._contacts, self._engine)
            self._steps[case_id] = step
        return step

    def __contains__(self, case_id: object) -> bool:
        return case_id in self._cases

    def __iter__(self) -> Iterator[str]:
        return iter(self._cases)

    @property
    def worked_out(self) -> int:
        """How many steps were worked out so far."""
        return len(self._steps)

    def __len__(self) -> int:
        return len(self._cases)


def phone_key(case: Case) -> tuple[str, str]:
    """The contacts an overdue case's phone is chosen from. At one instant, the steps of
    overdue cases with the same key are of the same kind at the same moment (only the hours
    waited differ), so what depends on kind and moment is worked out once per key."""
    return (case.contact, case.escalation_contact)




def by_urgency(cases: Iterable[Case], now: datetime) -> list[Case]:
    """Overdue cases first, then by earliest ``reply_due``; answered and closed ones last.

    (Among the cases awaiting a reply, the overdue ones are exactly those due earliest.)
    """
    ordered = sorted(cases, key=_due_key)
    return [case for case in ordered if case.is_open] + [
        case for case in ordered if not case.is_open
    ]


_due_key = attrgetter("reply_due", "id")


class Badge(StrEnum):
    """The short word a case shows in a list."""

    WAITING = "waiting"
    OVERDUE = "overdue"
    CALL_NOW = "call_now"
    ANSWERED = "answered"
    CLOSED = "closed"


def badge(case: Case, step: NextStep) -> Badge:
    """``call now`` when the step is a call, ``overdue`` past the due time, else the state."""
    if case.status.value == "closed":
        return Badge.CLOSED
    if not case.is_open:
        return Badge.ANSWERED
    if step.kind is StepKind.CALL:
        return Badge.CALL_NOW
    if step.kind is StepKind.WAIT:
        return Badge.WAITING
    return Badge.OVERDUE
