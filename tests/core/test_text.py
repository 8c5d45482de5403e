"""The sentence catalog: both languages say the same things with the same placeholders, and a
missing or broken sentence never raises."""

from __future__ import annotations

import logging
import string

import pytest

from faqdesk.core import text
from faqdesk.core.problems import Problem


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_zh_and_en_have_the_same_keys() -> None:
    assert set(text.catalog("zh")) == set(text.catalog("en"))


@pytest.mark.parametrize("key", sorted(text.catalog("en")))
def test_each_sentence_has_the_same_placeholders_in_both_languages(key: str) -> None:
    assert _placeholders(text.catalog("zh")[key]) == _placeholders(text.catalog("en")[key])


def test_missing_sentence_falls_back_to_the_key_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="faqdesk.text"):
        assert text.render("no.such.key", "zh", value=1) == "no.such.key"
    assert "no.such.key" in caplog.text


def test_missing_placeholder_falls_back_instead_of_raising(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(
        text, "catalog", lambda lang: {"k": "{a} {b}"} if lang == "zh" else {"k": "{a}!"}
    )
    with caplog.at_level(logging.WARNING, logger="faqdesk.text"):
        assert text.render("k", "zh", a="x") == "x!"  # zh needs {b}: English is used
    assert "does not fit" in caplog.text


def test_problem_renders_in_either_language_and_sorts_by_place_and_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sentences = {"en": {"p.bad": "'{value}' is bad"}, "zh": {"p.bad": "“{value}”不对"}}
    monkeypatch.setattr(text, "catalog", lambda lang: sentences.get(lang, {}))
    b = Problem.of("b.yaml", "p.bad", field="channels[0].value", value="x")
    a = Problem.of("a.yaml", "p.bad", field="id", value="y")
    assert str(b) == "b.yaml: 'x' is bad"
    assert b.line("zh") == "b.yaml: “x”不对"
    assert b.field == "channels[0].value"
    assert sorted([b, a]) == [a, b]
