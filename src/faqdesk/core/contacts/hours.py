"""Opening hours: the ``"09:00-18:00, 19:00-20:00"`` syntax and a week of them.

An interval is ``(start, end)`` in wall-clock time of the contact's zone, half-open
``[start, end)``. When ``end <= start`` the interval runs past midnight and ends on the
next day (``"18:00-09:00"``); ``"24h"`` (and ``"00:00-24:00"``) is ``(00:00, 00:00)``, the
whole day. ``"closed"`` (or ``"off"``, ``"-"``) is no interval at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

from faqdesk.core.problems import Problem
from faqdesk.core.text import Phrase

Interval = tuple[time, time]
Intervals = tuple[Interval, ...]

DAY_KEYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOSED_WORDS = frozenset({"closed", "off", "-", "none"})
_ALL_DAY_WORDS = frozenset({"24h", "24/7", "00:00-24:00", "0:00-24:00"})
_INTERVAL_RE = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})\s*$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
_DAYS_HOURS_RE = re.compile(r"^([a-z]+(?:-[a-z]+)?)\s*:?\s*(\S.*)$", re.IGNORECASE)


class HoursError(ValueError):
    """Hours text or mapping that cannot be understood; the message names the bad part.

    It carries a catalog ``code`` and its ``params`` (``HoursError("hours.not_interval",
    piece="9-18")``) and, once :meth:`at` a key of a week's mapping, that ``key``; ``str()`` is
    the English sentence, :meth:`render` either language, :attr:`phrase` the sentence as a
    parameter of another (a problem's).
    """

    def __init__(self, code: str, /, *, key: str = "", **params: Any) -> None:
        self.code = code
        self.key = key
        self.params = params
        super().__init__(self.render())

    @property
    def phrase(self) -> Phrase:
        """The sentence, ready to be rendered later in the reader's language."""
        sentence = Phrase.of(self.code, **self.params)
        return Phrase.of("hours.at_key", key=self.key, error=sentence) if self.key else sentence

    def render(self, lang: str = "en") -> str:
        """The sentence in ``lang`` (``zh`` or ``en``): ``mon-fri: '9-18' is not HH:MM-HH:MM``."""
        return self.phrase.render(lang)

    def problem(self, where: str, field: str) -> Problem:
        """This error as a problem about ``field`` (a form's hours text that cannot be read)."""
        return Problem.of(where, self.code, field=field, **self.params)

    def at(self, key: str) -> HoursError:
        """The same error, said of the ``key`` of a week's mapping (``mon-fri``)."""
        return HoursError(self.code, key=key, **self.params)


def _parse_time(text: str, *, allow_24: bool) -> time:
    match = _TIME_RE.match(text)
    if match is None:
        raise HoursError("hours.time_format", text=text)
    hour, minute = int(match.group(1)), int(match.group(2))
    if allow_24 and hour == 24 and minute == 0:
        return time(0, 0)
    if hour > 23 or minute > 59:
        raise HoursError("hours.time_range", text=text)
    return time(hour, minute)


def parse_intervals(text: object) -> Intervals:
    """Parse ``"09:00-18:00, 19:00-20:00"``, ``"24h"`` or ``"closed"``.

    Raises :class:`HoursError` naming the part that is wrong, e.g.
    ``'9-18' is not HH:MM-HH:MM``.
    """
    if not isinstance(text, str):
        raise HoursError("hours.not_text", value=text)
    stripped = text.strip().lower()
    if stripped in _CLOSED_WORDS:
        return ()
    if not stripped:
        raise HoursError("hours.empty")
    result: list[Interval] = []
    for part in stripped.split(","):
        piece = part.strip()
        if piece in _ALL_DAY_WORDS:
            result.append((time(0, 0), time(0, 0)))
            continue
        match = _INTERVAL_RE.match(piece)
        if match is None:
            raise HoursError("hours.not_interval", piece=piece)
        start = _parse_time(match.group(1), allow_24=False)
        end = _parse_time(match.group(2), allow_24=True)
        result.append((start, end))
    return tuple(result)


_LOOSE_RE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*[-–—]\s*(\d{1,2})(?:[:.](\d{2}))?$")
_RANGE_WORDS_RE = re.compile(r"\s*(?:至|到|~|〜)\s*")


def normalize_hours(text: str) -> str:
    """The forgiving reading of hours a person types: ``9-18``, ``9:00–18:00``, ``09.00-18.00``,
    full-width digits, ``9:00 至 18:00`` / ``9到18`` all become ``09:00-18:00``; several
    intervals may be separated by ``,``, ``，``, ``、`` or ``;``. ``closed`` and ``24h`` stay.

    Raises :class:`HoursError` (the strict syntax's message) when it still cannot be read.
    """
    loose = unicodedata.normalize("NFKC", str(text)).strip()
    loose = _RANGE_WORDS_RE.sub("-", loose)
    for separator in ("、", ";"):
        loose = loose.replace(separator, ",")
    pieces: list[str] = []
    for part in loose.split(","):
        piece = part.strip()
        match = _LOOSE_RE.match(piece)
        if match is not None:
            h1, m1, h2, m2 = match.groups()
            piece = f"{int(h1):02d}:{m1 or '00'}-{int(h2):02d}:{m2 or '00'}"
        pieces.append(piece)
    return format_intervals(parse_intervals(", ".join(pieces)))


def mapping_from_text(text: str) -> dict[str, str]:
    """``mon-fri 09:00-18:00; sat 10:00-14:00`` (a colon after the key allowed) -> the mapping
    form ``{"mon-fri": "09:00-18:00", "sat": "10:00-14:00"}``, keys lowercased, values not yet
    checked (:meth:`WeeklyHours.from_mapping` and the contact checks do that, key by key).

    Raises :class:`HoursError` (``hours.not_days_hours``) for a part that is not "days hours".
    """
    mapping: dict[str, str] = {}
    for part in text.split(";"):
        piece = part.strip()
        if not piece:
            continue
        match = _DAYS_HOURS_RE.match(piece)
        if match is None:
            raise HoursError("hours.not_days_hours", piece=piece)
        mapping[match.group(1).lower()] = match.group(2).strip()
    return mapping


def format_intervals(intervals: Intervals) -> str:
    """The text form of ``intervals`` (the inverse of :func:`parse_intervals`)."""
    if not intervals:
        return "closed"
    parts: list[str] = []
    for start, end in intervals:
        if start == end == time(0, 0):
            parts.append("24h")
        else:
            parts.append(f"{start:%H:%M}-{end:%H:%M}")
    return ", ".join(parts)


def _day_range(key: str) -> tuple[int, ...]:
    if key == "daily":
        return tuple(range(7))
    if key in DAY_KEYS:
        return (DAY_KEYS.index(key),)
    first, sep, last = key.partition("-")
    if sep and first in DAY_KEYS and last in DAY_KEYS:
        a, b = DAY_KEYS.index(first), DAY_KEYS.index(last)
        if a <= b:
            return tuple(range(a, b + 1))
    raise HoursError("hours.unknown_key", name=key)


@dataclass(frozen=True)
class WeeklyHours:
    """Open intervals for each weekday (Monday first) and the breaks taken every day."""

    days: tuple[Intervals, Intervals, Intervals, Intervals, Intervals, Intervals, Intervals]
    breaks: Intervals = ()

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, object]) -> WeeklyHours:
        """Build from ``{"mon-fri": "09:00-18:00", "sat": "10:00-14:00", "breaks": ...}``.

        More specific keys win: ``daily`` < ranges (``mon-fri``) < single days (``sat``).
        Raises :class:`HoursError` naming the key, e.g. ``mon-fri: '9-18' is not HH:MM-HH:MM``.
        """
        if not isinstance(mapping, Mapping):
            raise HoursError("hours.not_mapping")
        days: list[Intervals] = [() for _ in DAY_KEYS]
        breaks: Intervals = ()
        ranked: list[tuple[int, tuple[int, ...], Intervals]] = []
        for raw_key, raw_value in mapping.items():
            key = str(raw_key).strip().lower()
            value = "closed" if raw_value is None else raw_value
            try:
                intervals = parse_intervals(value)
                if key == "breaks":
                    breaks = intervals
                    continue
                indices = _day_range(key)
            except HoursError as exc:
                raise exc.at(key) from None
            rank = 0 if key == "daily" else (1 if len(indices) > 1 else 2)
            ranked.append((rank, indices, intervals))
        if not ranked:
            raise HoursError("hours.no_days")
        for _rank, indices, intervals in sorted(ranked, key=lambda item: item[0]):
            for index in indices:
                days[index] = intervals
        return cls(
            days=(days[0], days[1], days[2], days[3], days[4], days[5], days[6]), breaks=breaks
        )

    def to_mapping(self) -> dict[str, str]:
        """The canonical mapping form: runs of equal days grouped (``mon-fri``), closed days left
        out, ``breaks`` last. ``WeeklyHours.from_mapping(h.to_mapping()) == h``."""
        result: dict[str, str] = {}
        if all(day == self.days[0] for day in self.days):
            if self.days[0]:
                result["daily"] = format_intervals(self.days[0])
        else:
            index = 0
            while index < 7:
                end = index
                while end + 1 < 7 and self.days[end + 1] == self.days[index]:
                    end += 1
                if self.days[index]:
                    key = DAY_KEYS[index] if end == index else f"{DAY_KEYS[index]}-{DAY_KEYS[end]}"
                    result[key] = format_intervals(self.days[index])
                index = end + 1
        if not result:
            result["daily"] = "closed"
        if self.breaks:
            result["breaks"] = format_intervals(self.breaks)
        return result

    def for_weekday(self, weekday: int) -> Intervals:
        """Open intervals of ``weekday`` (0 = Monday), before breaks are taken out."""
        return self.days[weekday]

    def working_weekday(self) -> Intervals:
        """The hours a weekend day that the calendar makes a working day uses: the ``mon-fri``
        hours (Monday's, or the first weekday that has any)."""
        for index in range(5):
            if self.days[index]:
                return self.days[index]
        return ()

    def describe(self) -> str:
        """One line for people, e.g. ``mon-fri 09:00-18:00; breaks 13:00-14:00``."""
        return "; ".join(f"{key} {value}" for key, value in self.to_mapping().items())
