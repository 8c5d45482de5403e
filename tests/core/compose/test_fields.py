"""Each field kind's check: good values in their written form, bad values as a problem naming
the field."""

from __future__ import annotations

from datetime import date

import pytest

from faqdesk.core.compose.fields import EXAMPLES, FieldKind, FieldSpec, check_value
from faqdesk.core.compose.labels import BY_NAME, label_for


def spec(kind: FieldKind, *, required: bool = True, name: str = "x") -> FieldSpec:
    return FieldSpec(name, kind, required, label_for(name, kind.value))


GOOD = [
    (FieldKind.ORDER, "12345678-0001", "12345678-0001"),
    (FieldKind.ORDER, " １２３４５６７８–０００１ ", "12345678-0001"),  # full width, en dash
    (FieldKind.POSTING, "12345678-0001-1", "12345678-0001-1"),
    (FieldKind.POSTING, "87654321", "87654321"),
    (FieldKind.TRACKING, "RU123456789CN", "RU123456789CN"),
    (FieldKind.TRACKING, "ru 1234 5678 9cn", "RU123456789CN"),
    (FieldKind.TRACKING, "A" * 40, "A" * 40),
    (FieldKind.DATE, "2026-11-20", "20.11.2026"),
    (FieldKind.DATE, "20.11.2026", "20.11.2026"),
    (FieldKind.DATE, "1.2.2026", "01.02.2026"),
    (FieldKind.DATE, "29/02/2028", "29.02.2028"),
    (FieldKind.MONEY, "1500", "1500"),
    (FieldKind.MONEY, "1 500,50 руб", "1500,50 ₽"),
    (FieldKind.MONEY, "1500.5 RUB", "1500,5 ₽"),
    (FieldKind.MONEY, "¥200", "200 CNY"),
    (FieldKind.MONEY, "200元", "200 CNY"),
    (FieldKind.MONEY, "$ 35", "35 USD"),
    (FieldKind.TEXT, "  Коробка смята  ", "Коробка смята"),
    (FieldKind.TEXT, "line one\nline two", "line one line two"),
    (FieldKind.TEXT, "А" * 300, "А" * 300),
    (FieldKind.TEXT, "Заявка № 5", "Заявка № 5"),  # free text is kept as typed
    (FieldKind.DATE, "２０２６－１１－２０", "20.11.2026"),
    (
        FieldKind.ADDRESS,
        "г. Москва,\n\n ул. Ленина, д. 1, кв. 2 \n",
        "г. Москва,\nул. Ленина, д. 1, кв. 2",
    ),
]


@pytest.mark.parametrize(("kind", "raw", "written"), GOOD)
def test_a_good_value_is_written_in_its_russian_form(
    kind: FieldKind, raw: str, written: str
) -> None:
    assert check_value(spec(kind), raw) == (written, None)


BAD = [
    (FieldKind.ORDER, "12345678--0001", "compose.value.order"),
    (FieldKind.ORDER, "-12345678", "compose.value.order"),
    (FieldKind.ORDER, "order 123", "compose.value.order"),
    (FieldKind.ORDER, "1" * 41, "compose.value.order"),
    (FieldKind.ORDER, "١٢٣٤٥", "compose.value.order"),  # Arabic-Indic digits are not digits here
    (FieldKind.POSTING, "12345678-0001-", "compose.value.posting"),
    (FieldKind.POSTING, "1234 5678", "compose.value.posting"),
    (FieldKind.TRACKING, "RU1234", "compose.value.tracking"),
    (FieldKind.TRACKING, "A" * 41, "compose.value.tracking"),
    (FieldKind.TRACKING, "RU123456789#N", "compose.value.tracking"),
    (FieldKind.TRACKING, "RU123456789СN", "compose.value.tracking_cyrillic"),  # Cyrillic С
    (FieldKind.DATE, "2026-02-30", "compose.value.date"),
    (FieldKind.DATE, "20.11.26", "compose.value.date"),
    (FieldKind.DATE, "yesterday", "compose.value.date"),
    (FieldKind.MONEY, "a lot", "compose.value.money"),
    (FieldKind.MONEY, "-5", "compose.value.money"),
    (FieldKind.MONEY, "100 bitcoins", "compose.value.money"),
    (FieldKind.MONEY, "$100 RUB", "compose.value.money"),
    (FieldKind.MONEY, "9" * 61, "compose.value.money"),
    (FieldKind.TEXT, "А" * 301, "compose.value.too_long"),
    (FieldKind.TEXT, "包装破了", "compose.value.chinese"),
    (FieldKind.ADDRESS, "\n".join(["ул. Ленина"] * 11), "compose.value.too_many_lines"),
    (FieldKind.ADDRESS, "北京市", "compose.value.chinese"),
]


@pytest.mark.parametrize(("kind", "raw", "code"), BAD)
def test_a_bad_value_is_a_problem_naming_the_field(kind: FieldKind, raw: str, code: str) -> None:
    written, problem = check_value(spec(kind, name="posting"), raw)
    assert written == ""
    assert problem is not None
    assert (problem.code, problem.field) == (code, "posting")
    assert "posting" in str(problem)
    assert problem.render("zh") != problem.render("en")


@pytest.mark.parametrize(
    "kind", [k for k in FieldKind if k not in (FieldKind.TEXT, FieldKind.ADDRESS)]
)
def test_each_kind_s_example_is_a_good_value(kind: FieldKind) -> None:
    assert check_value(spec(kind), EXAMPLES[kind])[1] is None


@pytest.mark.parametrize("kind", list(FieldKind))
def test_empty_is_a_problem_only_when_required(kind: FieldKind) -> None:
    assert check_value(spec(kind, required=False), " \t ") == ("", None)
    _, problem = check_value(spec(kind), "")
    assert problem is not None and problem.code == "compose.value.missing"
    assert EXAMPLES[kind] in problem.render("en")


def test_control_characters_never_reach_the_text() -> None:
    assert check_value(spec(FieldKind.TEXT), "a\x1b[31mb\x00c") == ("a[31mbc", None)
    assert check_value(spec(FieldKind.ADDRESS), "ул.\x07 Ленина\r\nд. 1") == (
        "ул. Ленина\nд. 1",
        None,
    )


def test_a_huge_value_is_refused_and_shown_short() -> None:
    _, problem = check_value(spec(FieldKind.TEXT), "Ж" * 1_000_000)
    assert problem is not None and problem.code == "compose.value.too_long"
    assert len(str(problem)) < 300


def test_the_sentence_names_the_field_s_label_in_the_reader_s_language() -> None:
    posting = FieldSpec("posting", FieldKind.POSTING, True, label_for("posting", "posting"))
    _, problem = check_value(posting, "x")
    assert problem is not None
    assert "Posting number" in problem.render("en")
    assert "货件号" in problem.render("zh")
    assert problem.render("zh", form=True).startswith("请只用数字")


def test_labels_come_from_the_shared_table_by_name_then_by_kind() -> None:
    assert label_for("posting", "posting") == BY_NAME["posting"]
    assert label_for("shipped_on", "date").text("ru") == "Дата"
    assert label_for("weird", "nope").text("zh") == "weird"
    assert f"{BY_NAME['ticket']:ru}" == "Номер обращения"


@pytest.mark.parametrize(
    ("raw", "today", "written"),
    [
        ("2000-01-01", date(2026, 11, 20), "01.01.2000"),
        ("20.11.2027", date(2026, 11, 20), "20.11.2027"),  # a year ahead: still taken
        ("28.02.2029", date(2028, 2, 29), "28.02.2029"),
        ("31.12.2099", None, "31.12.2099"),
    ],
)
def test_a_date_in_range_is_written_with_four_digits_of_year(
    raw: str, today: date | None, written: str
) -> None:
    assert check_value(spec(FieldKind.DATE), raw, today=today) == (written, None)


@pytest.mark.parametrize(
    ("raw", "today", "last"),
    [
        ("01.01.0001", date(2026, 11, 20), "20.11.2027"),  # the tester's: was "01.01.1."
        ("0999-01-01", date(2026, 11, 20), "20.11.2027"),
        ("31.12.1999", date(2026, 11, 20), "20.11.2027"),
        ("21.11.2027", date(2026, 11, 20), "20.11.2027"),
        ("01.03.2029", date(2028, 2, 29), "28.02.2029"),
        ("9999-12-31", None, "31.12.2099"),
    ],
)
def test_a_date_out_of_range_is_refused_saying_the_range(
    raw: str, today: date | None, last: str
) -> None:
    written, problem = check_value(spec(FieldKind.DATE, name="since"), raw, today=today)
    assert written == "" and problem is not None
    assert problem.code == "compose.value.date_range"
    assert f"01.01.2000 to {last}" in problem.render("en")
    assert f"01.01.2000 至 {last}" in problem.render("zh")
    assert "since" in str(problem) and raw in str(problem)
