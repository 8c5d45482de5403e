"""The Russian production calendar for 2026 and 2027 (holidays, transfers, shortened days)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from faqdesk.core.contacts.ru_calendar import SHORTENED_DAYS, day_info, shortened_by_rule


@pytest.mark.parametrize(
    "day",
    [date(2026, 1, 1), date(2026, 1, 7), date(2026, 1, 8), date(2027, 1, 4), date(2027, 1, 8)],
)
def test_new_year_holidays_are_holidays(day: date) -> None:
    info = day_info(day)
    assert info.kind == "holiday"
    assert info.is_day_off


def test_holiday_names_in_english_and_chinese() -> None:
    info = day_info(date(2026, 2, 23))
    assert info.kind == "holiday"
    assert info.name == "Defender of the Fatherland Day"
    assert info.names["zh"] == "祖国保卫者日"


@pytest.mark.parametrize(
    "day",
    [date(2026, 1, 9), date(2026, 3, 9), date(2026, 12, 31), date(2027, 2, 22), date(2027, 12, 31)],
)
def test_transferred_days_off(day: date) -> None:
    info = day_info(day)
    assert info.kind == "transferred_day_off"
    assert info.is_day_off
    assert info.name


def test_working_saturday_20_feb_2027_is_a_shortened_working_day() -> None:
    info = day_info(date(2027, 2, 20))
    assert info.is_working
    assert info.kind == "shortened"


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 4, 30),
        date(2026, 5, 8),
        date(2026, 6, 11),
        date(2026, 11, 3),
        date(2027, 4, 30),
        date(2027, 6, 11),
        date(2027, 11, 3),
    ],
)
def test_pre_holiday_days_are_shortened(day: date) -> None:
    assert day_info(day).kind == "shortened"


def test_ordinary_days() -> None:
    assert day_info(date(2026, 11, 25)).kind == "working"
    assert day_info(date(2026, 11, 28)).kind == "weekend"
    assert day_info(date(2026, 12, 30)).kind == "working"  # not before a public holiday
    assert not day_info(date(2026, 11, 28)).is_day_off


def test_years_without_a_shipped_table_use_the_labour_code_rule() -> None:
    # 2028: 1 May is a Monday; 8 May (Monday) is the working day before Victory Day.
    assert day_info(date(2028, 5, 8)).kind == "shortened"
    assert day_info(date(2028, 5, 9)).kind == "holiday"


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_the_rule_gives_exactly_the_shipped_table(year: int) -> None:
    days = [date(year, 1, 1) + timedelta(days=n) for n in range(365)]
    assert {d for d in days if shortened_by_rule(d)} == SHORTENED_DAYS[year]


def test_the_rule_matches_the_2024_calendar() -> None:
    # 2024: 22 Feb, 7 Mar, 8 May, 11 Jun and the working Saturday 2 Nov (before 4 Nov).
    days = [date(2024, 1, 1) + timedelta(days=n) for n in range(366)]
    assert [d for d in days if shortened_by_rule(d)] == [
        date(2024, 2, 22),
        date(2024, 3, 7),
        date(2024, 5, 8),
        date(2024, 6, 11),
        date(2024, 11, 2),
    ]
