"""Call-time reasons as a person reads them, in Chinese and English, from the one catalog."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from faqdesk.core import text
from faqdesk.core.contacts.calltime import ChannelStatus, channel_status
from faqdesk.core.contacts.model import Contact, contact_from_mapping
from faqdesk.core.contacts.reasons import month_name, weekday_name, when

MSK = ZoneInfo("Europe/Moscow")


def support() -> Contact:
    contact, problems = contact_from_mapping(
        {
            "id": "support",
            "hours": {"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"},
            "channels": [{"id": "phone", "kind": "phone", "value": "+7 000"}],
        },
        "test",
    )
    assert contact is not None and problems == []
    return contact


def status(at: str) -> ChannelStatus:
    contact = support()
    channel = contact.channel("phone")
    assert channel is not None
    return channel_status(contact, channel, datetime.fromisoformat(at).replace(tzinfo=MSK))


@pytest.mark.parametrize(
    ("at", "en", "zh"),
    [
        (
            "2026-01-09 12:00",  # Friday, the day off moved from Saturday 3 January
            "transferred day off (in place of 3 Jan 2026); "
            "opens Mon 09:00 MSK; good time from Mon 09:30 MSK = Mon 14:30 your time",
            "非工作日：休息日（由 2026-01-03 调休）；"
            "周一 09:00 莫斯科时间 开门；周一 09:30 莫斯科时间 = 您的时间 周一 14:30 开始适合拨打",
        ),
        (
            "2026-01-01 12:00",
            "public holiday: New Year Holidays; "
            "opens Mon 12 Jan 09:00 MSK; "
            "good time from Mon 12 Jan 09:30 MSK = Mon 12 Jan 14:30 your time",
            "公共假日：元旦假期；"
            "1月12日周一 09:00 莫斯科时间 开门；"
            "1月12日周一 09:30 莫斯科时间 = 您的时间 1月12日周一 14:30 开始适合拨打",
        ),
        (
            "2026-11-28 12:00",
            "weekend; opens Mon 09:00 MSK; good time from Mon 09:30 MSK = Mon 14:30 your time",
            "周末休息；周一 09:00 莫斯科时间 开门；"
            "周一 09:30 莫斯科时间 = 您的时间 周一 14:30 开始适合拨打",
        ),
        (
            "2026-11-25 13:30",
            "lunch break until 14:00 MSK = 19:00 your time; opens 14:30 MSK = 19:30 your time",
            "午休至 14:00 莫斯科时间 = 您的时间 19:00；"
            "14:30 莫斯科时间 = 您的时间 19:30 开始适合拨打",
        ),
        (
            "2026-11-25 09:10",
            "just opened, lines may be busy; better from 09:30 MSK = 14:30 your time",
            "刚开门，线路可能繁忙；09:30 莫斯科时间 = 您的时间 14:30 起更合适",
        ),
        (
            "2026-11-25 20:00",
            "closed for the day; "
            "opens Thu 09:00 MSK; good time from Thu 09:30 MSK = 14:30 your time",
            "今天已下班；周四 09:00 莫斯科时间 开门；"
            "周四 09:30 莫斯科时间 = 您的时间 14:30 开始适合拨打",
        ),
    ],
)
def test_reasons_in_both_languages(at: str, en: str, zh: str) -> None:
    found = status(at)
    assert found.reason("en", "Asia/Shanghai") == en
    assert found.reason("zh", "Asia/Shanghai") == zh


def test_reasons_come_from_the_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """A translator's change to a catalog sentence is what the reason shows."""
    real = text.catalog

    def edited(lang: str) -> dict[str, str]:
        sentences = dict(real(lang))
        if lang == "zh":
            sentences["calltime.reason.weekend"] = "周末不上班"
        return sentences

    monkeypatch.setattr(text, "catalog", edited)
    assert status("2026-11-28 12:00").reason("zh").startswith("周末不上班；周一 09:00")


def test_times_name_the_day_when_it_is_not_today() -> None:
    now = datetime(2026, 11, 25, 10, 0, tzinfo=MSK)
    assert when(datetime(2026, 11, 25, 18, 0, tzinfo=MSK), now, "zh") == "18:00"
    assert when(datetime(2026, 11, 27, 9, 30, tzinfo=MSK), now, "zh") == "周五 09:30"
    assert when(datetime(2026, 12, 7, 9, 30, tzinfo=MSK), now, "zh") == "12月7日周一 09:30"
    assert when(datetime(2026, 12, 7, 9, 30, tzinfo=MSK), now, "en") == "Mon 7 Dec 09:30"
    assert [weekday_name(day, "en") for day in (0, 6)] == ["Mon", "Sun"]
    assert (month_name(1, "en"), month_name(12, "zh")) == ("Jan", "12")
