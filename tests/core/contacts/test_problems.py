"""Typed contact problems: each names the field a form puts it under and reads naturally in
Chinese; the rules the contact editor relies on all live in contact_from_mapping."""

from __future__ import annotations

from typing import Any

import pytest

from faqdesk.core.contacts.checks import without_outcome
from faqdesk.core.contacts.hours import (
    HoursError,
    WeeklyHours,
    mapping_from_text,
    parse_intervals,
)
from faqdesk.core.contacts.model import contact_from_mapping
from faqdesk.core.problems import Problem


def problems_of(**fields: Any) -> list[Problem]:
    data: dict[str, Any] = {"id": "c1", "name": {"zh": "货代", "en": "Forwarder"}}
    data.update(fields)
    _contact, problems = contact_from_mapping(data, "editor")
    return problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_bad_hours_text_names_its_key_and_reads_in_chinese() -> None:
    problem = only(problems_of(hours={"mon-fri": "9-18", "sat": "10:00-14:00"}))
    assert problem.field == "hours.mon-fri"
    assert problem.value == "9-18"
    assert problem.message == (
        "field 'hours': mon-fri: '9-18' is not HH:MM-HH:MM; hours treated as unknown"
    )
    assert problem.render("zh") == (
        "字段“hours”：mon-fri：“9-18”不是 HH:MM-HH:MM 格式；营业时间按未知处理"
    )


def test_every_bad_hours_key_is_its_own_problem() -> None:
    problems = problems_of(hours={"mon-fri": "9-18", "sat": "25:00-26:00", "weekday": "24h"})
    assert [p.field for p in problems] == ["hours.mon-fri", "hours.sat", "hours.weekday"]
    assert "“25:00”不是有效的时间（00:00-23:59）" in problems[1].render("zh")
    assert "未知的键“weekday”" in problems[2].render("zh")


def test_breaks_without_any_day_are_a_problem_of_the_breaks_field() -> None:
    problem = only(problems_of(hours={"breaks": "13:00-14:00"}))
    assert problem.field == "hours.breaks"
    assert "no days given" in problem.message
    assert "没有给出任何一天" in problem.render("zh")


def test_channel_hours_name_the_channel_by_place_and_by_id() -> None:
    channels = [
        {"id": "p", "kind": "phone", "value": "1"},
        {"id": "desk", "kind": "phone", "value": "2", "hours": {"sun": "x"}},
    ]
    problem = only(problems_of(channels=channels))
    assert problem.field == "channels[1].hours.sun"
    assert problem.message == (
        "field 'channel 'desk'.hours': sun: 'x' is not HH:MM-HH:MM; hours treated as unknown"
    )
    assert problem.render("zh").startswith("渠道“desk”的字段“hours”：sun：“x”不是")


def test_duplicate_channel_id_points_at_the_second_channel() -> None:
    channels = [
        {"id": "a", "kind": "phone", "value": "1"},
        {"id": "a", "kind": "email", "value": "x@example.invalid"},
    ]
    problem = only(problems_of(channels=channels))
    assert problem.field == "channels[1].id"
    assert problem.value == "a"
    assert problem.render("zh") == "渠道“a”，字段“id”：渠道 id 重复；已跳过"


@pytest.mark.parametrize("reply", [-3, 0, "2", float("inf"), float("nan"), True])
def test_a_reply_time_that_is_not_a_positive_number_is_a_problem(reply: object) -> None:
    channels = [{"id": "t", "kind": "ticket", "value": "https://x.example", "hours": None}]
    channels[0]["reply_within_hours"] = reply
    problem = only(problems_of(channels=channels))
    assert problem.field == "channels[0].reply_within_hours"
    assert "is not a positive number; ignored" in problem.message
    assert "不是正数；已忽略" in problem.render("zh")


def test_a_stored_channel_id_outside_the_contact_id_rule_is_kept() -> None:
    """Earlier versions stored ids like "Office" (``--channel Office:phone:…``): loading such a
    contact must keep the channel, not drop it as a rule violation."""
    contact, problems = contact_from_mapping(
        {"id": "c", "name": "C", "channels": [{"id": "Office", "kind": "phone", "value": "1"}]},
        "contacts.yaml",
    )
    assert problems == []
    assert contact is not None and [c.id for c in contact.channels] == ["Office"]


def test_a_channel_id_being_saved_follows_the_id_rule() -> None:
    """What the user is about to save (editor, CLI) is strict: an id with ':' or a space could
    not be named in ``--reply ID:…``; the form says it under that row."""
    data = {"id": "c", "name": "C", "channels": [{"id": "Office Phone", "kind": "phone"}]}
    contact, problems = contact_from_mapping(data, "editor", strict=True)
    problem = only(problems)
    assert problem.field == "channels[0].id"
    assert without_outcome(problem).message == (
        "channel 'Office Phone', field 'id': use lowercase letters, digits and '-' (e.g. phone-2)"
    )
    assert (
        problem.render("zh", form=True) == "渠道 1：编号 Office Phone 只能使用小写字母、数字和“-”。"
    )
    assert contact is not None and contact.channels == ()


def test_an_empty_kind_maps_to_the_kind_cell_of_that_row() -> None:
    problem = only(problems_of(channels=[{"kind": "", "value": "1"}]))
    assert problem.field == "channels[0].kind"
    assert problem.message.startswith("channel #1, field 'kind': unknown channel kind ''")
    assert problem.render("zh").startswith("第 1 个渠道，字段“kind”：未知的渠道类型“”")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"id": "Bad_ID"}, "id"),
        ({"id": ""}, "id"),
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"calendar": "CN"}, "calendar"),
        ({"margin_minutes": 500}, "margin_minutes"),
        ({"verified": "yesterday"}, "verified"),
        ({"name": {"zh": ["x"]}}, "name.zh"),
        ({"notes": 5}, "notes"),
        ({"hours": "09:00-18:00"}, "hours"),
        ({"channels": "phone"}, "channels"),
        ({"channels": ["phone"]}, "channels[0]"),
        ({"channels": [{"id": "p", "kind": "phone", "label": {"en": {}}}]}, "channels[0].label.en"),
    ],
)
def test_each_problem_names_the_field_a_form_shows_it_under(
    fields: dict[str, Any], field: str
) -> None:
    assert only(problems_of(**fields)).field == field


def test_without_outcome_drops_what_loading_does_instead_in_both_languages() -> None:
    problem = only(problems_of(margin_minutes=500))
    assert problem.message.endswith("from 0 to 240; using 30")
    assert problem.render("zh").endswith("之间的整数分钟；改用 30")
    bare = without_outcome(problem)
    assert bare.message.endswith("from 0 to 240")
    assert bare.render("zh").endswith("之间的整数分钟")
    assert (bare.field, bare.value, bare.where) == (problem.field, problem.value, problem.where)
    verified = only(problems_of(verified="yesterday"))
    assert without_outcome(verified) == verified


def test_hours_error_carries_a_code_and_reads_in_either_language() -> None:
    with pytest.raises(HoursError) as info:
        WeeklyHours.from_mapping({"mon-fri": "9-18"})
    error = info.value
    assert (error.code, error.key, error.params) == (
        "hours.not_interval",
        "mon-fri",
        {"piece": "9-18"},
    )
    assert str(error) == "mon-fri: '9-18' is not HH:MM-HH:MM"
    assert error.render("zh") == "mon-fri：“9-18”不是 HH:MM-HH:MM 格式"
    with pytest.raises(HoursError) as info:
        parse_intervals("")
    assert info.value.render("zh") == '营业时间为空（休息日请写 "closed"）'


def test_weekly_hours_from_the_text_describe_writes() -> None:
    """The editor's channel table shows ``describe()`` and reads the cell back."""
    hours = WeeklyHours.from_mapping({"mon-fri": "09:00-18:00", "breaks": "13:00-14:00"})
    assert WeeklyHours.from_mapping(mapping_from_text(hours.describe())) == hours
    assert WeeklyHours.from_mapping(mapping_from_text("sat: 10:00-14:00")) == (
        WeeklyHours.from_mapping({"sat": "10:00-14:00"})
    )
    assert mapping_from_text("  ") == {}
    with pytest.raises(HoursError) as info:
        mapping_from_text("mon-fri 09:00-18:00; 9 to 5")
    assert str(info.value) == "'9 to 5' is not 'days hours' like 'mon-fri 09:00-18:00'"
    assert info.value.render("zh") == "“9 to 5”不是“星期 时段”格式，例如“mon-fri 09:00-18:00”"


def test_hours_text_splits_into_keys_so_each_bad_value_gets_its_field() -> None:
    mapping = mapping_from_text("Mon-Fri 09:00-18:00; sat: 9-14;")
    assert mapping == {"mon-fri": "09:00-18:00", "sat": "9-14"}
    channels = [{"id": "p", "kind": "phone", "value": "1", "hours": mapping}]
    assert only(problems_of(channels=channels)).field == "channels[0].hours.sat"


def test_a_form_says_the_same_rule_in_its_own_words_beside_the_field() -> None:
    """The file-oriented sentence names the field; the form's sentence sits under the field
    and says what to do, in either language (same rule, same problem)."""
    hours = only(problems_of(hours={"mon-fri": "9-18"}))
    assert hours.render("en", form=True) == "'9-18' is not HH:MM-HH:MM"
    breaks = only(problems_of(hours={"breaks": "13:00-14:00"}))
    assert breaks.field == "hours.breaks"
    assert breaks.render("zh", form=True) == "填写休息时间前需要先有营业时间：请至少填写一天。"
    channels = [
        {"id": "phone", "kind": "phone", "value": "1"},
        {"id": "phone", "kind": "phone", "value": "2"},
    ]
    duplicate = only(problems_of(channels=channels))
    assert duplicate.field == "channels[1].id"
    assert duplicate.render("en", form=True) == (
        "Channel 2: another channel already has the id phone."
    )
    assert duplicate.render("zh", form=True) == "渠道 2：已有其他渠道使用编号 phone。"
    # without a form wording, a form shows the problem's own sentence
    margin = only(problems_of(margin_minutes=-1))
    assert margin.render("en", form=True) == margin.render("en")


def test_control_characters_never_enter_the_book() -> None:
    """An ESC or NUL in a vCard name would reach the terminal (``contacts list``) raw."""
    contact, problems = contact_from_mapping(
        {
            "id": "c",
            "name": {"en": "Evil\x1b[31m Name\x00", "zh": "坏\x07名"},
            "notes": "line one\r\nline\ttwo\x1b[2J",
            "source": "https://example.invalid/\x1b]8;;",
            "channels": [{"id": "p\x00", "kind": "phone", "value": "+7\x1b 000", "label": "a\nb"}],
        },
        "test",
    )
    assert problems == []
    assert contact is not None
    assert dict(contact.name) == {"en": "Evil[31m Name", "zh": "坏名"}
    assert contact.notes["en"] == "line one\nline\ttwo[2J"
    assert contact.source == "https://example.invalid/]8;;"
    channel = contact.channels[0]
    assert (channel.id, channel.value, channel.label["en"]) == ("p", "+7 000", "a b")
