"""Templates are content: the bundled ones load clean and render; broken ones are named
problems; the user's own overlay the bundled ones."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from faqdesk.core.compose.fields import EXAMPLES, FieldKind
from faqdesk.core.compose.message import compose
from faqdesk.core.compose.templates import check_templates, load_templates
from faqdesk.core.content.loading import load_content
from file_fixtures import write

BUNDLED = (
    "delay-no-movement",
    "lost-parcel",
    "damaged-item",
    "return-not-arrived",
    "wrong-address",
    "follow-up-no-reply",
    "escalate-to-specialist",
    "buyer-refused",
)

SAMPLES = {
    FieldKind.TEXT: "12345",
    FieldKind.ADDRESS: "г. Казань, ул. Баумана, д. 1",
}

GOOD = """\
id: sample
problem: delivery-delay
title: {zh: 示例, en: Sample}
fields:
  - {name: posting, kind: posting, required: true}
text:
  ru: "Здравствуйте! Номер отправления: {posting}."
  zh: "您好！货件号：{posting}。"
  en: "Hello! Posting number: {posting}."
"""


def test_the_bundled_templates_load_without_problems_and_name_existing_articles(
    bundled_content: Path,
) -> None:
    templates = load_templates(bundled_content, user_dir=None)
    assert set(BUNDLED) <= set(templates.ids())
    library = load_content(bundled_content)
    assert check_templates(templates, library.ids()) == []


@pytest.mark.parametrize("template_id", BUNDLED)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_bundled_template_renders_with_valid_sample_values(
    bundled_content: Path, template_id: str, lang: str
) -> None:
    template = load_templates(bundled_content).get(template_id)
    assert template is not None
    values = {spec.name: SAMPLES.get(spec.kind, EXAMPLES[spec.kind]) for spec in template.fields}
    message = compose(template, values, lang)
    assert message.problems == ()
    assert "{" not in message.ru + message.meaning and "[" not in message.ru
    assert "\u0301" not in message.ru
    for value in message.values.values():
        assert value.split("\n")[0] in message.ru
        assert value.split("\n")[0] in message.meaning
    assert not re.search("[\u0400-\u04ff]", message.latin)  # no Cyrillic left in the reading
    assert template.display_title(lang)


@pytest.mark.parametrize("template_id", BUNDLED)
def test_bundled_russian_speaks_as_the_seller(bundled_content: Path, template_id: str) -> None:
    template = load_templates(bundled_content).get(template_id)
    assert template is not None
    russian = template.text["ru"].lower()
    assert "мой заказ" not in russian and "моя посылка" not in russian
    assert "продаве\u0301ц" in russian


def broken(tmp_path: Path, name: str, text: str) -> list[str]:
    write(tmp_path, f"templates/{name}", text)
    found = check_templates(load_templates(tmp_path), ["delivery-delay"])
    return [f"{problem.code} {problem.field}" for problem in found]


CASES = [
    (
        GOOD.replace('{posting}."\n  zh', '{postnig}."\n  zh'),
        ["compose.template.unknown_placeholder text.ru", "compose.template.unused_field text.ru"],
    ),
    (
        GOOD.replace('  en: "Hello! Posting number: {posting}."\n', ""),
        ["compose.template.missing_language text.en"],
    ),
    (
        GOOD.replace("Здравствуйте! Номер отправления:", "Hello! Posting number:"),
        ["compose.template.not_russian text.ru"],
    ),
    (GOOD.replace("Здравствуйте!", "您好 Здравствуйте!"), ["compose.template.not_russian text.ru"]),
    (
        GOOD.replace("kind: posting", "kind: parcel"),
        [
            "compose.field.unknown_kind fields[0].kind",
            "compose.template.unknown_placeholder text.en",
            "compose.template.unknown_placeholder text.ru",
            "compose.template.unknown_placeholder text.zh",
        ],
    ),
    (
        GOOD.replace("{posting}。", "{posting.__class__}。"),
        [
            "compose.template.bad_placeholder text.zh",
            "compose.template.unused_field text.zh",
        ],
    ),
    (
        GOOD.replace("problem: delivery-delay", "problem: no-such-article"),
        ["compose.template.unknown_article problem"],
    ),
    (GOOD.replace("id: sample", "id: Sample Template"), ["compose.template.bad_id id"]),
    (GOOD.replace("id: sample\n", ""), ["compose.template.no_id id"]),
    (
        GOOD.replace("required: true", "required: maybe"),
        ["compose.field.required_not_bool fields[0].required"],
    ),
    (
        GOOD.replace("title: {zh: 示例, en: Sample}", "title: Sample"),
        [
            "compose.template.not_languages title",
            "compose.template.missing_language title.en",
            "compose.template.missing_language title.zh",
        ],
    ),
    ("- just\n- a list\n", ["compose.template.not_mapping "]),
    ("id: [unclosed\n", ["content.yaml.invalid_at "]),
    (b"\xff\xfe\x00b", ["content.file.utf16 "]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_check_names_each_problem_of_a_broken_template(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    assert sorted(broken(tmp_path, "sample.yaml", text)) == sorted(expected)


def test_a_duplicate_id_is_a_problem_and_the_first_file_wins(tmp_path: Path) -> None:
    write(tmp_path, "templates/a.yaml", GOOD)
    write(tmp_path, "templates/b.yaml", GOOD.replace("Sample", "Second"))
    templates = load_templates(tmp_path)
    assert templates.get("sample") is not None
    assert templates.get("sample").display_title("en") == "Sample"  # type: ignore[union-attr]
    [problem] = templates.problems
    assert (problem.where, problem.code) == ("templates/b.yaml", "compose.template.duplicate")
    assert "templates/a.yaml" in str(problem)


def test_a_user_template_replaces_the_bundled_one_with_its_id(tmp_path: Path) -> None:
    write(tmp_path / "bundled", "templates/sample.yaml", GOOD)
    write(tmp_path / "mine", "templates/mine.yaml", GOOD.replace("Sample", "Mine"))
    templates = load_templates(tmp_path / "bundled", user_dir=tmp_path / "mine")
    template = templates.get("sample")
    assert template is not None and template.source == "user"
    assert template.display_title("en") == "Mine"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_odd_files_are_problems_not_hangs(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    (folder / "dir.yaml").mkdir()
    write(tmp_path, "templates/huge.yaml", "x" * 200_000)
    write(tmp_path, "templates/notes.txt", "not a template")
    codes = sorted(p.code for p in load_templates(tmp_path).problems)
    assert codes == [
        "content.file.not_regular",
        "content.file.not_regular",
        "content.file.too_large",
        "content.file.unreadable",
    ]


def test_a_field_with_its_own_label_uses_it(tmp_path: Path) -> None:
    write(
        tmp_path,
        "templates/t.yaml",
        GOOD.replace(
            "required: true}",
            "required: true, label: {zh: 原货件号, en: Original posting,"
            " ru: Исходное отправление}}",
        ),
    )
    template = load_templates(tmp_path).get("sample")
    assert template is not None
    assert template.fields[0].label.text("ru") == "Исходное отправление"
    assert compose(template, {}, "zh").meaning == "您好！货件号：[原货件号]。"
