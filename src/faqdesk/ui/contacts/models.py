"""What the contact panel shows, asked from faqdesk.core and shaped for the widgets.

The widgets (cards, timeline, clocks) only display; this module asks
:mod:`faqdesk.core.contacts.calltime` for statuses and bands at the clock's ``now`` and turns
the answers into plain display states. It also holds the Qt model of the channels the
timeline can show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractListModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from faqdesk.core.contacts import calltime, reasons, zones
from faqdesk.core.contacts.hours import HoursError, WeeklyHours
from faqdesk.core.contacts.model import Channel, Contact, open_url, pick_text
from faqdesk.ui.contacts.channel_card import ChannelCardState, kind_text
from faqdesk.ui.contacts.timeline import (
    TimelineBand,
    TimelineData,
    TimelineRow,
    TimelineSpan,
    TimelineTick,
)

TIMELINE_DAYS = 3


def status_name(status: object) -> str:
    """The plain name of a core status (``"good"``, ``"closed"`` …)."""
    value = getattr(status, "value", status)
    return str(value)


def locale_for(lang: str) -> QLocale:
    if lang == "zh":
        return QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def day_text(day: date, lang: str) -> str:
    """``Thu 26 Nov`` / ``11月26日 周四``."""
    fmt = "MMMd日 ddd" if lang == "zh" else "ddd d MMM"
    return locale_for(lang).toString(QDate(day.year, day.month, day.day), fmt)


def zone_label(zone: str, at: datetime) -> str:
    """A short label for a zone at an instant: ``MSK``, ``CST``, ``UTC+07``."""
    return reasons.zone_label(at.astimezone(ZoneInfo(zone)), "en")


@dataclass(frozen=True)
class ClockReading:
    """A live clock's face: ``16:45`` and ``Thu 26 Nov`` in one zone."""

    zone: str
    time_text: str
    day_text: str
    zone_text: str


def clock_reading(now: datetime, zone: str, lang: str) -> ClockReading:
    local = now.astimezone(ZoneInfo(zone))
    return ClockReading(zone, f"{local:%H:%M}", day_text(local.date(), lang), zone_label(zone, now))


# --- cards ----------------------------------------------------------------------------------


def card_state(
    contact: Contact,
    channel: Channel,
    now: datetime,
    lang: str,
    caller_tz: str,
    status: calltime.ChannelStatus | None = None,
    next_status: str | None = None,
) -> tuple[ChannelCardState, datetime | None]:
    """The card of one channel at ``now``, and the instant its status next changes.

    ``status`` (and the ``next_status`` it changes to) come from the panel's
    :class:`~faqdesk.ui.contacts.status_cache.StatusCache`, i.e. from
    :func:`faqdesk.core.contacts.verdict.caller_status`, the answer the verdict line uses too;
    without them the contact's own status is asked for (no calling hours).
    """
    if status is None:
        status = calltime.channel_status(contact, channel, now)
        if status.changes_at is not None:
            after = calltime.status_bands(
                contact, channel, status.changes_at, status.changes_at + timedelta(minutes=1)
            )
            next_status = status_name(after[0].status) if after else None
    countdown: int | None = None
    if status.changes_at is not None:
        countdown = calltime.minutes_until(now, status.changes_at)
    else:
        next_status = None
    return (
        ChannelCardState(
            contact_id=contact.id,
            channel_id=channel.id,
            kind=channel.kind.value,
            title=pick_text(channel.label, lang),
            value=channel.value,
            status=status_name(status.status),
            reason=status.reason(lang, caller_tz),
            next_status=next_status,
            countdown_minutes=countdown,
            reply_within_hours=channel.reply_within_hours,
            url=open_url(channel),
        ),
        status.changes_at,
    )


def channel_title(channel: Channel, lang: str) -> str:
    """What a channel is called: its label in ``lang`` (or another language), else the name
    of its kind ("Phone"), never its internal id."""
    return pick_text(channel.label, lang) or kind_text(channel.kind.value)


# --- timeline ---------------------------------------------------------------------------------


def caller_spans(
    start: datetime, end: datetime, caller_tz: str, caller_hours: str
) -> list[TimelineSpan]:
    """The user's calling hours (wall time in ``caller_tz``) that fall within ``[start, end)``,
    as the core computes them; none when the hours text is not valid."""
    try:
        spans = calltime.caller_spans(caller_tz, caller_hours, start, end)
    except HoursError:
        return []
    return [TimelineSpan(span_start, span_end) for span_start, span_end in spans]


def _span_text(start: datetime, end: datetime, zone: ZoneInfo) -> str:
    """``09:30–17:30``; ending at the next midnight: ``24:00``; on the next day: ``(+1)``."""
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    end_text = f"{local_end:%H:%M}"
    if local_end.date() > local_start.date():
        end_text = "24:00" if end_text == "00:00" else f"{end_text} (+1)"
    return f"{local_start:%H:%M}–{end_text}"


def _closed_note(
    contact: Contact, channel: Channel, band: calltime.Band, lang: str, caller_tz: str
) -> str:
    """Why a closed stretch is closed (holiday, weekend, lunch break…), in the core's words."""
    if band.status is not calltime.Status.CLOSED:
        return ""
    return calltime.channel_status(contact, channel, band.start).reason(lang, caller_tz)


def timeline_data(
    contact: Contact,
    channel: Channel,
    now: datetime,
    lang: str,
    caller_tz: str,
    caller_hours: str,
    days: int = TIMELINE_DAYS,
) -> TimelineData:
    """Today and the next days in the contact's zone, with the bands the core computes."""
    contact_zone = ZoneInfo(contact.tz)
    caller_zone = ZoneInfo(caller_tz)
    today = zones.local_date(now, contact.tz)
    rows: list[TimelineRow] = []
    if contact.hours_for(channel) is not None:
        for offset in range(days):
            day = today + timedelta(days=offset)
            start = datetime.combine(day, time(0, 0), tzinfo=contact_zone)
            end = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=contact_zone)
            bands = [
                TimelineBand(
                    start=band.start,
                    end=band.end,
                    status=status_name(band.status),
                    contact_times=_span_text(band.start, band.end, contact_zone),
                    caller_times=_span_text(band.start, band.end, caller_zone),
                    note=_closed_note(contact, channel, band, lang, caller_tz),
                )
                for band in calltime.status_bands(contact, channel, start, end)
            ]
            rows.append(
                TimelineRow(
                    label=day_text(day, lang),
                    start=start,
                    end=end,
                    bands=bands,
                    caller_spans=caller_spans(start, end, caller_tz, caller_hours),
                )
            )
    ticks: list[TimelineTick] = []
    if rows:
        hours = range(0, 25, 3)
        marks = calltime.hour_marks(today, contact_zone, hours)
        for hour, instant in zip(hours, marks, strict=True):
            ticks.append(
                TimelineTick(
                    fraction=hour / 24,
                    contact_label=f"{hour:02d}",
                    caller_label=f"{zones.in_zone(instant, caller_zone):%H}",
                )
            )
    return TimelineData(rows=rows, ticks=ticks, now=now, contact_zone=zone_label(contact.tz, now))


# --- the hours text of a channel in the editor's table ------------------------------------------


def hours_to_text(hours: WeeklyHours | None) -> str:
    return "" if hours is None else hours.describe()


# --- the channels the timeline can show --------------------------------------------------------


@dataclass(frozen=True)
class ChannelChoice:
    contact_id: str
    channel_id: str
    text: str
    kind: str


class ChannelChoiceModel(QAbstractListModel):
    """The contacts' channels, for the timeline's chooser; ``UserRole`` holds (contact, channel)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._choices: list[ChannelChoice] = []

    def set_choices(self, choices: Iterable[ChannelChoice]) -> None:
        self.beginResetModel()
        self._choices = list(choices)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._choices)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._choices):
            return None
        choice = self._choices[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return choice.text
        if role == Qt.ItemDataRole.UserRole:
            return (choice.contact_id, choice.channel_id)
        return None

    def row_of(self, contact_id: str, channel_id: str) -> int:
        for row, choice in enumerate(self._choices):
            if (choice.contact_id, choice.channel_id) == (contact_id, channel_id):
                return row
        return -1
