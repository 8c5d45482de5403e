"""Time zones and instants: the zone names a user picks from, checked zones, the supported years.

Every instant the call-time engine answers for is checked here (:func:`require_supported`) and
shown in a zone with :func:`in_zone` (a fixed offset, so arithmetic stays exact around
daylight-saving changes). :mod:`faqdesk.core.contacts.model` and
:mod:`faqdesk.core.contacts.calltime` offer these names too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from faqdesk.core.text import Phrase

#: Ozon's zone, the zone the call-time answers are given in and the default of a contact.
MOSCOW = "Europe/Moscow"

#: The earliest instant the engine answers for.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
#: The end (exclusive) of the instants the engine answers for: the last one is in 9000. Far
#: enough from ``datetime``'s limits (years 1 and 9999) that the 14-day horizon, the padding
#: around it and any zone's offset never overflow.
LATEST = datetime(9001, 1, 1, tzinfo=UTC)
#: How far after :data:`LATEST` the end of a range ``[start, end)`` may lie (a timeline's days).
END_SLACK = timedelta(days=31)


def is_valid_zone(name: str) -> bool:
    """True when ``name`` is an IANA time zone known to this system (e.g. ``Asia/Shanghai``)."""
    if not name or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


@cache
def zone_names() -> tuple[str, ...]:
    """The IANA zones a user picks from, sorted: ``Area/City`` names and ``UTC``, without the
    ``Etc/``, ``SystemV/``, ``posix/`` and ``right/`` aliases."""
    names = {
        name
        for name in available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    }
    return tuple(sorted(names | {"UTC"}))


class UnknownZone(ValueError):
    """A time zone name that is not a known IANA zone; ``phrase`` says so in either language."""

    def __init__(self, phrase: Phrase) -> None:
        super().__init__(str(phrase))
        self.phrase = phrase


def zone(name: str) -> ZoneInfo:
    """The ``ZoneInfo`` for ``name``; raises :class:`UnknownZone` with a clear message."""
    if not is_valid_zone(name):
        raise UnknownZone(Phrase.of("contact.zone.unknown", name=name))
    return ZoneInfo(name)


class OutOfRange(ValueError):
    """An instant outside the supported years (see :data:`EARLIEST` and :data:`LATEST`);
    ``phrase`` says so in either language."""

    def __init__(self, phrase: Phrase) -> None:
        super().__init__(str(phrase))
        self.phrase = phrase


def local_date(moment: datetime, tz: str) -> date:
    """The calendar day ``moment`` falls on in the zone named ``tz``."""
    return in_zone(moment, zone(tz)).date()


def next_local_midnight(moment: datetime, tz: str) -> datetime:
    """The first midnight after ``moment`` on the clocks of ``tz`` (when a day-based answer,
    "today" or "tomorrow", next changes there)."""
    day = moment.astimezone(zone(tz)).date() + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=zone(tz))


def in_zone(moment: datetime, tz: tzinfo) -> datetime:
    """``moment`` shown in ``tz``, carrying that zone's offset and abbreviation at that instant.

    The result has a fixed-offset tzinfo (e.g. ``UTC+02:00 "CEST"``), so comparing and
    subtracting such datetimes is exact even around daylight-saving changes — Python compares
    datetimes sharing one ``ZoneInfo`` by wall clock, which is wrong in the repeated hour.
    The conversion goes through UTC, because ``astimezone`` to the zone a datetime already has
    returns it unchanged: a wall time in a spring-forward gap (02:30 on 29 Mar 2026 in Berlin,
    ``fold=0``) would stay a time that never exists instead of becoming 03:30 CEST.
    """
    local = moment.astimezone(UTC).astimezone(tz)
    offset = local.utcoffset() or timedelta(0)
    name = local.tzname()
    fixed = timezone(offset, name) if name else timezone(offset)
    return local.replace(tzinfo=fixed, fold=0)


def require_supported(moment: datetime, what: str = "now", *, is_end: bool = False) -> datetime:
    """``moment`` as a UTC datetime, checked: raises ``ValueError`` when it has no time zone and
    :class:`OutOfRange` when it lies outside ``[EARLIEST, LATEST)`` — or, for the end of a
    range (``is_end``), outside ``[EARLIEST, LATEST + END_SLACK]``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime (with a time zone)")
    try:
        utc: datetime | None = moment.astimezone(UTC)
    except OverflowError:
        utc = None  # year 1 or 9999 with an offset that leaves datetime's range
    inside = utc is not None and (
        EARLIEST <= utc <= LATEST + END_SLACK if is_end else EARLIEST <= utc < LATEST
    )
    if utc is None or not inside:
        raise OutOfRange(
            Phrase.of("contact.instant.out_of_range", what=what, moment=moment.isoformat())
        )
    return utc


#: City names people type, in Chinese and English, and the zone each lies in (issue 12).
CITY_ZONES: dict[str, str] = {
    "北京": "Asia/Shanghai", "beijing": "Asia/Shanghai", "peking": "Asia/Shanghai",
    "上海": "Asia/Shanghai", "shanghai": "Asia/Shanghai", "中国": "Asia/Shanghai",
    "深圳": "Asia/Shanghai", "shenzhen": "Asia/Shanghai", "广州": "Asia/Shanghai",
    "guangzhou": "Asia/Shanghai", "杭州": "Asia/Shanghai", "hangzhou": "Asia/Shanghai",
    "义乌": "Asia/Shanghai", "yiwu": "Asia/Shanghai", "成都": "Asia/Shanghai",
    "乌鲁木齐": "Asia/Urumqi", "香港": "Asia/Hong_Kong", "hong kong": "Asia/Hong_Kong",
    "台北": "Asia/Taipei", "莫斯科": "Europe/Moscow", "moscow": "Europe/Moscow",
    "москва": "Europe/Moscow", "圣彼得堡": "Europe/Moscow", "saint petersburg": "Europe/Moscow",
    "st petersburg": "Europe/Moscow", "新西伯利亚": "Asia/Novosibirsk",
    "novosibirsk": "Asia/Novosibirsk", "叶卡捷琳堡": "Asia/Yekaterinburg",
    "yekaterinburg": "Asia/Yekaterinburg", "海参崴": "Asia/Vladivostok",
    "符拉迪沃斯托克": "Asia/Vladivostok", "vladivostok": "Asia/Vladivostok",
    "哈巴罗夫斯克": "Asia/Vladivostok", "伊尔库茨克": "Asia/Irkutsk", "irkutsk": "Asia/Irkutsk",
    "喀山": "Europe/Moscow", "kazan": "Europe/Moscow", "加里宁格勒": "Europe/Kaliningrad",
    "东京": "Asia/Tokyo", "首尔": "Asia/Seoul", "伦敦": "Europe/London", "柏林": "Europe/Berlin",
    "纽约": "America/New_York", "迪拜": "Asia/Dubai", "伊斯坦布尔": "Europe/Istanbul",
    "阿拉木图": "Asia/Almaty", "塔什干": "Asia/Tashkent", "明斯克": "Europe/Minsk",
    "协调世界时": "UTC", "utc": "UTC", "gmt": "UTC",
}  # fmt: skip

#: The zh names of the zones the panel shows most.
_ZONE_NAMES_ZH: dict[str, str] = {
    "Europe/Moscow": "莫斯科",
    "Asia/Shanghai": "北京/上海",
    "Asia/Novosibirsk": "新西伯利亚",
    "Asia/Yekaterinburg": "叶卡捷琳堡",
    "Asia/Vladivostok": "符拉迪沃斯托克",
    "Asia/Hong_Kong": "香港",
    "Europe/Kaliningrad": "加里宁格勒",
}


def zone_from_text(typed: str) -> str | None:
    """The IANA zone a person means: ``Asia/Shanghai`` as it is, a city in Chinese or English
    (北京, 上海, 莫斯科, Beijing, Moscow, Novosibirsk, any ``Area/City``'s city), ``Etc/UTC`` as
    ``UTC``; None when nothing fits."""
    cleaned = " ".join(str(typed).split()).strip()
    if not cleaned or len(cleaned) > 64:
        return None
    if cleaned in ("Etc/UTC", "Etc/GMT", "GMT", "Z"):
        return "UTC"
    if "/" in cleaned and is_valid_zone(cleaned):
        return cleaned
    folded = cleaned.casefold().removesuffix("时间").strip()
    if folded in CITY_ZONES:
        return CITY_ZONES[folded]
    key = folded.replace(" ", "_")
    for name in zone_names():
        if name.rsplit("/", 1)[-1].casefold() == key:
            return name
    return cleaned if is_valid_zone(cleaned) and cleaned in zone_names() else None


def zone_display(name: str, lang: str = "en") -> str:
    """A zone as the UI shows it: ``Etc/UTC`` as ``UTC``; in Chinese a known city's name."""
    if name in ("Etc/UTC", "Etc/GMT", "Etc/Universal", "Etc/Zulu"):
        return "UTC"
    if lang == "zh" and name in _ZONE_NAMES_ZH:
        return _ZONE_NAMES_ZH[name]
    return name
