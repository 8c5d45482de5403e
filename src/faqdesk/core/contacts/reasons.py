"""Why a channel has its status, in a sentence: "public holiday: …; opens Tue 09:30 MSK".

The sentences are the catalog's ("call times" in :mod:`faqdesk.core.text`); this module picks
them for a reason code (see :class:`faqdesk.core.contacts.calltime.ChannelStatus`) and fills in
the times: ``09:30`` today, ``Mon 09:30`` within a week, ``Mon 12 Jan 09:30`` further away,
with the zone (``MSK``) and, when the caller's zone is known, the caller's time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from faqdesk.core import text
from faqdesk.core.contacts.zones import MOSCOW, zone

#: How the English calendar names a day off moved from a weekend: said plainly instead.
_SUBSTITUTED_RE = re.compile(r"Day off \(substituted from (\d{2})/(\d{2})/(\d{4})\)")

#: Reasons made of a phrase and an optional time: code -> the parameter holding the time.
_TIMED = {
    "open": "closes_at",
    "just_opened": "next_good",
    "closing_soon": "closes_at",
    "lunch_break": "until",
}
#: Closed for a plain reason; any other closed code reads as ``after_closing``.
_CLOSED = ("weekend", "closed_day", "before_opening", "after_closing")
#: Reasons that mention a pre-holiday shortened day.
_SHORTENED = ("open", "closing_soon", "just_opened", "after_closing")


def weekday_name(weekday: int, lang: str = "en") -> str:
    """The short name of ``weekday`` (0 = Monday): ``Mon``, ``周一``."""
    return text.render("calltime.weekdays", lang).split()[weekday]


def month_name(month: int, lang: str = "en") -> str:
    """The short name of ``month`` (1 = January) as dates show it: ``Jan``, ``1``."""
    return text.render("calltime.months", lang).split()[month - 1]


def zone_label(moment: datetime, lang: str = "en") -> str:
    """``MSK`` (``莫斯科时间`` in Chinese), else the zone abbreviation or ``UTC+07``."""
    name = moment.tzname() or ""
    if name == "MSK":
        return text.render("calltime.zone.moscow", lang)
    if not name or name[0] in "+-":
        offset = moment.utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        hours, rest = divmod(abs(minutes), 60)
        return f"UTC{sign}{hours:02d}" + (f":{rest:02d}" if rest else "")
    return name


def when(moment: datetime, reference: datetime, lang: str = "en") -> str:
    """``09:30`` on ``reference``'s day, ``Mon 09:30`` within a week, ``Mon 12 Jan 09:30``
    further away."""
    clock = f"{moment:%H:%M}"
    if moment.date() == reference.date():
        return clock
    weekday = weekday_name(moment.weekday(), lang)
    if abs((moment.date() - reference.date()).days) > 6:
        month = month_name(moment.month, lang)
        return text.render(
            "calltime.when.far", lang, weekday=weekday, day=moment.day, month=month, clock=clock
        )
    return text.render("calltime.when.week", lang, weekday=weekday, clock=clock)


def _moment(moment: datetime, params: Mapping[str, Any], lang: str, caller_tz: str | None) -> str:
    tz = zone(str(params.get("tz", MOSCOW)))
    now = params.get("now")
    reference = now if isinstance(now, datetime) else moment
    local = moment.astimezone(tz)
    theirs = when(local, reference.astimezone(tz), lang)
    label = zone_label(local, lang)
    if not caller_tz:
        return text.render("calltime.moment", lang, when=theirs, zone=label)
    mine = when(moment.astimezone(zone(caller_tz)), reference.astimezone(zone(caller_tz)), lang)
    return text.render("calltime.moment.yours", lang, when=theirs, zone=label, mine=mine)


def moment_text(
    moment: datetime, tz: str, now: datetime, lang: str = "en", caller_tz: str | None = None
) -> str:
    """``Mon 09:30 MSK = 14:30 your time``: ``moment`` in the zone ``tz`` (and the caller's)."""
    return _moment(moment, {"tz": tz, "now": now}, lang, caller_tz)


def _outside_caller_hours(params: Mapping[str, Any], lang: str, caller_tz: str | None) -> str:
    """ "outside your calling hours (21:45 your time)"; then when a call suits both sides."""
    mine = params.get("caller_now")
    clock = f"{mine:%H:%M}" if isinstance(mine, datetime) else ""
    parts = [text.render("calltime.reason.outside_caller_hours", lang, time=clock)]
    good = params.get("next_good")
    if isinstance(good, datetime):
        time = _moment(good, params, lang, caller_tz)
        parts.append(text.render("calltime.reason.good_from", lang, time=time))
    return text.render("calltime.reason.separator", lang).join(parts)


def _opens(
    params: Mapping[str, Any], lang: str, caller_tz: str | None, *, opening: bool = True
) -> str:
    """ "opens 10:30", or when it opens before it is good: "opens 10:00; good from 10:30"."""
    good = params.get("next_good")
    if not isinstance(good, datetime):
        return text.render("calltime.reason.no_good", lang)
    time = _moment(good, params, lang, caller_tz)
    opens = params.get("opens_at")
    if opening and isinstance(opens, datetime) and opens < good:
        return text.render(
            "calltime.reason.opens_then_good",
            lang,
            opens=_moment(opens, params, lang, None),
            time=time,
        )
    return text.render("calltime.reason.opens", lang, time=time)


def _day_off(code: str, params: Mapping[str, Any], lang: str) -> str:
    names = params.get("names") or {}
    name = str(names.get(lang) or names.get("en") or "")
    match = _SUBSTITUTED_RE.fullmatch(name)
    if match:
        month, day, year = (int(part) for part in match.groups())
        name = text.render(
            "calltime.reason.transferred", lang, day=day, month=month_name(month, lang), year=year
        )
        if code == "day_off":
            return name
    return text.render(f"calltime.reason.{code}", lang, name=name)


def reason_text(
    code: str,
    params: Mapping[str, Any],
    lang: str = "en",
    caller_tz: str | None = None,
    reply_within_hours: float | None = None,
) -> str:
    """The sentence for reason ``code`` with its ``params`` in ``lang`` (``zh`` or ``en``)."""
    if code == "anytime" and reply_within_hours is not None:
        return text.render("calltime.reason.anytime_reply", lang, hours=f"{reply_within_hours:g}")
    if code in ("anytime", "not_filled_in", "unknown"):
        return text.render(f"calltime.reason.{code}", lang)
    if code == "outside_caller_hours":
        return _outside_caller_hours(params, lang, caller_tz)

    def timed(code: str) -> str:
        value = params.get(_TIMED[code])
        if not isinstance(value, datetime):
            return text.render(f"calltime.reason.{code}", lang)
        time = _moment(value, params, lang, caller_tz)
        return text.render(f"calltime.reason.{code}_at", lang, time=time)

    parts: list[str] = []
    if code in ("open", "just_opened", "closing_soon"):
        parts.append(timed(code))
    else:
        if code in ("holiday", "day_off"):
            parts.append(_day_off(code, params, lang))
        elif code == "lunch_break":
            parts.append(timed(code))
        else:
            parts.append(
                text.render(f"calltime.reason.{code if code in _CLOSED else _CLOSED[-1]}", lang)
            )
        parts.append(_opens(params, lang, caller_tz, opening=code != "lunch_break"))
    if params.get("shortened") and code in _SHORTENED:
        parts.append(text.render("calltime.reason.shortened", lang))
    return text.render("calltime.reason.separator", lang).join(parts)
