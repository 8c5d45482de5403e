"""The sentence catalog: both languages say the same things with the same placeholders, and a
missing or broken sentence never raises."""

from __future__ import annotations

import ast
import logging
import re
import string
from pathlib import Path

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


@pytest.mark.missing_sentence_expected
def test_missing_sentence_falls_back_to_the_key_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="faqdesk.text"):
        assert text.render("no.such.key", "zh", value=1) == "no.such.key"
    assert "no.such.key" in caplog.text


@pytest.mark.missing_sentence_expected
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


SRC = Path(__file__).resolve().parents[2] / "src" / "faqdesk"
_KEY_LIKE = re.compile(
    r"^(?:calltime|cli|contact|contacts|content|hours|search|vcard)\.[a-z0-9_.]*[a-z0-9_]$"
)
_FILE_NAME = re.compile(r"\.(?:yaml|sqlite3|vcf)$")


def _key_literals() -> list[tuple[str, str]]:
    """Every string literal in src that has the shape of a catalog key, with where it is."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and _KEY_LIKE.match(value) and not _FILE_NAME.search(value):
                found.append((f"{path.relative_to(SRC)}:{node.lineno}", value))
    return found


def test_every_key_the_code_names_is_in_the_catalog() -> None:
    """A mistyped key would show the key itself to the user; this finds it without running
    the code path that says it."""
    assert len(_key_literals()) > 100
    known = text.catalog("en")

    def in_catalog(key: str) -> bool:
        # a channel's problem: checks.Place turns contact.<x> into contact.channel.<x>
        return key in known or key.replace("contact.", "contact.channel.", 1) in known

    missing = [f"{where} {key}" for where, key in _key_literals() if not in_catalog(key)]
    assert missing == []


@pytest.mark.parametrize("lang", text.LANGUAGES)
def test_no_key_is_written_twice(lang: str) -> None:
    """YAML keeps the last of two equal keys without a word: one sentence would vanish."""
    source = (SRC / "core" / "text" / f"{lang}.yaml").read_text(encoding="utf-8")
    keys = [line.split(":", 1)[0] for line in source.splitlines() if re.match(r"^[a-z]", line)]
    assert [key for key in set(keys) if keys.count(key) > 1] == []
