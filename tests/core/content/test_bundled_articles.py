"""The bundled articles (issue 14): the zh and en versions stay in step, the Russian speaks as
the seller, and the figures say where they come from."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from faqdesk.core.content.loading import load_content
from faqdesk.core.content.render import render_article

BUNDLED = Path(__file__).resolve().parents[3] / "content"
LIBRARY = load_content(BUNDLED)
IDS = LIBRARY.ids()

_CYRILLIC_RUN = re.compile(r"[\u0400-\u04ff][\u0400-\u04ff0-9 ,.:;!?«»…\-]*[\u0400-\u04ff!?.…]")
_LINK = re.compile(r"\]\(([^)]+\.md)\)")


def body(article_id: str, lang: str) -> str:
    article = LIBRARY.article(article_id, lang, fallback=False)
    assert article is not None, (article_id, lang)
    return article.body


def shape(text: str) -> dict[str, int]:
    lines = text.splitlines()
    return {
        "headings": sum(line.startswith("#") for line in lines),
        "table rows": sum(line.startswith("|") for line in lines),
        "checklist": sum(line.startswith("- [ ]") for line in lines),
        "fences": sum(line.startswith("```") for line in lines),
    }


def russian(text: str) -> Counter[str]:
    return Counter(match.group().rstrip(" .…") for match in _CYRILLIC_RUN.finditer(text))


@pytest.mark.parametrize("article_id", IDS)
def test_zh_and_en_have_the_same_shape_links_and_russian(article_id: str) -> None:
    zh, en = body(article_id, "zh"), body(article_id, "en")
    assert shape(zh) == shape(en)
    assert Counter(_LINK.findall(zh)) == Counter(_LINK.findall(en))
    assert russian(zh) == russian(en)


def _russian_to_send(text: str) -> list[str]:
    """The Russian meant to be sent: first table cells and lines of text blocks."""
    found = [row.split("|")[1] for row in text.splitlines() if row.startswith("| ")]
    found += re.findall(r"```text\n(.*?)```", text, re.S)
    return found


@pytest.mark.parametrize("article_id", IDS)
def test_russian_to_send_speaks_as_the_seller(article_id: str) -> None:
    for lang in ("zh", "en"):
        for part in _russian_to_send(body(article_id, lang)):
            assert not re.search(r"\b(мой|моя|моё|мою) (заказ|посылк|отправлени)", part.lower())


def test_the_phrasebook_has_latin_readings_digits_and_the_asked_for_phrases() -> None:
    for lang in ("zh", "en"):
        text = body("russian-phrasebook", lang)
        for phrase in (
            "Пишу через переводчик, заранее извините за возможные ошибки.",
            "Прошу передать обращение профильному специалисту.",
            "Пожалуйста, отвечайте простыми предложениями.",
            "| индекс |",
            "| корпус |",
            "| квартира |",
            "| 4 | четыре | chetýre |",
            "| Добрый день! | Dóbry den! |",
        ):
            assert phrase in text, (lang, phrase)


_CLAIMS = {
    "en": (re.compile(r"within (about )?24 hours"), re.compile(r"guide|help page")),
    "zh": (re.compile(r"24 小时内"), re.compile(r"指南|帮助页面")),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_24_hour_figures_say_where_they_come_from(lang: str) -> None:
    claim, source = _CLAIMS[lang]
    claims = 0
    for article_id in IDS:
        article = LIBRARY.article(article_id, lang, fallback=False)
        assert article is not None
        for line in [article.summary, *article.body.splitlines()]:
            if claim.search(line):
                claims += 1
                assert source.search(line), (article_id, line)
    assert claims > 0  # the figure is in the articles: the check above really ran


def test_the_holiday_rules_name_the_law() -> None:
    assert "article 95" in body("calling-from-abroad", "en")
    assert "第 95 条" in body("calling-from-abroad", "zh")
    assert "3 to 5 digits" in body("calling-from-abroad", "en")


@pytest.mark.parametrize("article_id", IDS)
def test_emphasis_renders_in_both_languages(article_id: str) -> None:
    """``**bold**`` next to Chinese punctuation can stay literal in CommonMark."""
    for lang in ("zh", "en"):
        article = LIBRARY.article(article_id, lang, fallback=False)
        assert article is not None
        assert "**" not in render_article(article, LIBRARY)
