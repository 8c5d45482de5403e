"""The Russian production calendar (производственный календарь) for one day.

Public holidays, the moves of holidays that fall on a weekend, the government's transferred
days off and the weekend days made working days come from the maintained ``holidays``
package (``holidays.RU``), which follows the yearly government decrees.

It lacks the pre-holiday shortened days (Labour Code art. 95: the working day just before a
non-working public holiday is one hour shorter), so those are shipped below for the years
whose official calendar we checked, and computed by :func:`shortened_by_rule` for other
years (the tests check that the rule gives exactly the shipped table).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # imported when a calendar is first read (0.07 s: not before the window paints)
    import holidays

DayKind = Literal[
    "working", "shortened", "weekend", "holiday", "transferred_day_off", "working_weekend"
]

#: Pre-holiday shortened working days from the official production calendars.
#: 2025: 7 Mar, 30 Apr, 11 Jun, 1 Nov (a working Saturday before the 3-4 Nov days off).
#: 2026: 30 Apr, 8 May, 11 Jun, 3 Nov.
#: 2027 (same layout and transfers as 2021): 20 Feb (a working Saturday before the
#: 22 Feb day off and 23 Feb), 30 Apr, 11 Jun, 3 Nov.
SHORTENED_DAYS: dict[int, frozenset[date]] = {
    2025: frozenset({date(2025, 3, 7), date(2025, 4, 30), date(2025, 6, 11), date(2025, 11, 1)}),
    2026: frozenset({date(2026, 4, 30), date(2026, 5, 8), date(2026, 6, 11), date(2026, 11, 3)}),
    2027: frozenset({date(2027, 2, 20), date(2027, 4, 30), date(2027, 6, 11), date(2027, 11, 3)}),
}

_TRANSFER_MARKERS = ("Day off (substituted", "(observed)")


@dataclass(frozen=True)
class DayInfo:
    """What the production calendar says about one day.

    ``name`` is the English name of the holiday or day off (``None`` for ordinary days);
    ``names`` holds it by language (``"en"``, ``"zh"``).
    """

    kind: DayKind
    name: str | None = None
    names: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def is_working(self) -> bool:
        """True on days people work (ordinary, shortened and working weekend days)."""
        return self.kind in ("working", "shortened", "working_weekend")

    @property
    def is_day_off(self) -> bool:
        """True on public holidays and transferred days off (closed all day)."""
        return self.kind in ("holiday", "transferred_day_off")


@functools.lru_cache(maxsize=64)
def _year(year: int, language: str) -> holidays.HolidayBase:
    import holidays

    # The neighbouring years are loaded too: a New Year transfer lands in the previous December.
    calendar: holidays.HolidayBase = holidays.country_holidays(
        "RU", years=(year - 1, year, year + 1), language=language
    )
    return calendar


def _holiday_name(d: date, language: str) -> str | None:
    name = _year(d.year, language).get(d)
    return None if name is None else str(name)


def _is_public_holiday(d: date) -> bool:
    name = _holiday_name(d, "en_US")
    return name is not None and not any(marker in name for marker in _TRANSFER_MARKERS)


def _is_working(d: date) -> bool:
    if _holiday_name(d, "en_US") is not None:
        return False
    if d.weekday() >= 5:
        return d in _year(d.year, "en_US").weekend_workdays
    return True


def shortened_by_rule(d: date) -> bool:
    """Labour Code art. 95 as the production calendars apply it: a working day just before a
    public holiday is shortened; so is a weekend day made a working day when the day off it
    gave (``Day off (substituted from <d>)``) lies just before a public holiday (20 Feb 2027
    works in place of 22 Feb, the eve of 23 Feb)."""
    if not _is_working(d):
        return False
    if _is_public_holiday(d + timedelta(days=1)):
        return True
    if d.weekday() >= 5:
        marker = f"substituted from {d:%m/%d/%Y})"
        for day_off, name in _year(d.year, "en_US").items():
            if str(name).endswith(marker) and _is_public_holiday(day_off + timedelta(days=1)):
                return True
    return False


def _is_shortened(d: date) -> bool:
    shipped = SHORTENED_DAYS.get(d.year)
    if shipped is not None:
        return d in shipped
    return shortened_by_rule(d)


@functools.lru_cache(maxsize=2048)
def day_info(d: date) -> DayInfo:
    """The production calendar's verdict on ``d``, with the holiday's name when there is one."""
    name = _holiday_name(d, "en_US")
    if name is not None:
        names = {
            "en": name,
            "zh": _holiday_name(d, "zh_CN") or name,
        }
        kind: DayKind = "holiday" if _is_public_holiday(d) else "transferred_day_off"
        return DayInfo(kind, name, names)
    if not _is_working(d):
        return DayInfo("weekend")
    if _is_shortened(d):
        return DayInfo("shortened")
    if d.weekday() >= 5:
        return DayInfo("working_weekend")
    return DayInfo("working")
