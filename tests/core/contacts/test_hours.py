"""The opening-hours syntax: "09:00-18:00, 19:00-20:00", "24h", overnight, a week of them."""

from __future__ import annotations

from datetime import time

import pytest

from faqdesk.core.contacts.hours import HoursError, WeeklyHours, format_intervals, parse_intervals


def test_parses_several_intervals() -> None:
    assert parse_intervals("09:00-13:00, 14:00-18:00") == (
        (time(9), time(13)),
        (time(14), time(18)),
    )


def test_24h_and_midnight_end_mean_the_whole_day() -> None:
    assert parse_intervals("24h") == ((time(0), time(0)),)
    assert parse_intervals("00:00-24:00") == ((time(0), time(0)),)
    assert parse_intervals("20:00-24:00") == ((time(20), time(0)),)


def test_overnight_interval_is_accepted() -> None:
    assert parse_intervals("18:00-09:00") == ((time(18), time(9)),)


def test_closed_is_no_interval() -> None:
    assert parse_intervals("closed") == ()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("9-18", "'9-18' is not HH:MM-HH:MM"),
        ("25:00-26:00", "'25:00'"),
        ("09:00-18:60", "'18:60'"),
        ("09:00-18:00, noon", "'noon' is not HH:MM-HH:MM"),
        ("", "empty"),
    ],
)
def test_malformed_hours_name_the_bad_part(text: str, named: str) -> None:
    with pytest.raises(HoursError) as info:
        parse_intervals(text)
    assert named in str(info.value)


def test_format_is_the_inverse_of_parse() -> None:
    for text in ("09:00-18:00", "09:00-13:00, 14:00-18:00", "24h", "18:00-09:00", "closed"):
        assert format_intervals(parse_intervals(text)) == text


def test_weekly_hours_specific_keys_win_over_ranges_and_daily() -> None:
    hours = WeeklyHours.from_mapping(
        {"sat": "10:00-14:00", "daily": "closed", "mon-fri": "09:00-18:00", "breaks": "13:00-14:00"}
    )
    assert hours.for_weekday(0) == ((time(9), time(18)),)
    assert hours.for_weekday(4) == ((time(9), time(18)),)
    assert hours.for_weekday(5) == ((time(10), time(14)),)
    assert hours.for_weekday(6) == ()
    assert hours.breaks == ((time(13), time(14)),)


def test_weekly_hours_round_trip_through_mapping() -> None:
    for mapping in (
        {"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"},
        {"daily": "24h"},
        {"mon": "09:00-18:00", "tue-thu": "10:00-17:00", "sat-sun": "18:00-09:00"},
    ):
        hours = WeeklyHours.from_mapping(mapping)
        assert hours.to_mapping() == mapping
        assert WeeklyHours.from_mapping(hours.to_mapping()) == hours


def test_weekly_hours_error_names_the_key() -> None:
    with pytest.raises(HoursError, match="mon-fri: '9-18' is not HH:MM-HH:MM"):
        WeeklyHours.from_mapping({"mon-fri": "9-18"})
    with pytest.raises(HoursError, match="unknown key 'weekdays'"):
        WeeklyHours.from_mapping({"weekdays": "09:00-18:00"})
    with pytest.raises(HoursError, match="no days"):
        WeeklyHours.from_mapping({"breaks": "13:00-14:00"})


def test_working_weekday_hours_are_the_mon_fri_hours() -> None:
    hours = WeeklyHours.from_mapping({"mon-fri": "09:00-18:00"})
    assert hours.working_weekday() == ((time(9), time(18)),)
