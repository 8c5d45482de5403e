"""compose(): the Russian text, its meaning, its Latin reading and the problems of the values."""

from __future__ import annotations

from pathlib import Path

import pytest

from faqdesk.core.compose.message import compose
from faqdesk.core.compose.templates import Template, load_templates


@pytest.fixture
def templates(bundled_content: Path) -> dict[str, Template]:
    return load_templates(bundled_content).templates


def test_a_filled_template_gives_russian_meaning_and_reading(
    templates: dict[str, Template],
) -> None:
    message = compose(
        templates["delay-no-movement"],
        {"posting": "12345678-0001-1", "tracking": "RU123456789CN", "since": "2026-11-20"},
        "zh",
    )
    assert message.ok
    assert "Номер отправления: 12345678-0001-1" in message.ru
    assert "не меняется с 20.11.2026." in message.ru
    assert "货件号：12345678-0001-1" in message.meaning
    assert "Nómer otpravléniya: 12345678-0001-1" in message.latin
    assert message.values == {
        "posting": "12345678-0001-1",
        "tracking": "RU123456789CN",
        "since": "20.11.2026",
    }
    assert message.to_json()["fields"] == message.values


def test_an_empty_optional_field_leaves_its_line_out_in_every_text(
    templates: dict[str, Template],
) -> None:
    message = compose(templates["delay-no-movement"], {"posting": "1-1", "since": "1.1.2027"}, "en")
    assert message.ok
    assert "Трек" not in message.ru and "Tracking" not in message.meaning
    assert "Trek" not in message.latin


def test_missing_and_bad_fields_are_problems_and_the_preview_still_reads(
    templates: dict[str, Template],
) -> None:
    message = compose(templates["lost-parcel"], {"posting": "abc", "tracking": ""}, "en")
    assert [(p.field, p.code) for p in message.problems] == [
        ("posting", "compose.value.posting"),
        ("since", "compose.value.missing"),
    ]
    assert "Номер отправления: [Posting number]" in message.ru
    assert "Posting number: [Posting number]" in message.meaning
    assert message.problem_for("since") is not None
    assert message.problem_for("tracking") is None


def test_an_unknown_field_is_a_problem_listing_the_template_s_fields(
    templates: dict[str, Template],
) -> None:
    message = compose(templates["escalate-to-specialist"], {"ticket": "123", "order": "1"}, "en")
    [problem] = message.problems
    assert problem.field == "order"
    assert "ticket, posting" in str(problem)


def test_a_value_cannot_smuggle_a_placeholder_or_markup(templates: dict[str, Template]) -> None:
    message = compose(
        templates["follow-up-no-reply"],
        {"ticket": "{posting} <b>x</b>", "posting": "1-2", "since": "2026-11-20"},
        "en",
    )
    assert "Номер обращения: {posting} <b>x</b>" in message.ru


def test_a_multi_line_address_keeps_its_lines(templates: dict[str, Template]) -> None:
    message = compose(
        templates["wrong-address"],
        {"posting": "1-1", "address": "г. Казань\nул. Баумана, д. 1"},
        "zh",
    )
    assert "покупатель:\nг. Казань\nул. Баумана, д. 1\nПодскажите" in message.ru


def test_the_meaning_is_in_english_for_any_language_but_chinese(
    templates: dict[str, Template],
) -> None:
    message = compose(templates["buyer-refused"], {"posting": "1-1"}, "ru")
    assert message.lang == "en"
    assert message.meaning.startswith("Hello!")
