"""The bundled synonyms (issue 14): no wrong synonyms for "abroad", the Russian words sellers
type for a lost parcel and for "in Russian", and no single Chinese characters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from faqdesk.core.search.knowledge_base import KnowledgeBase
from faqdesk.core.search.query import Synonyms

BUNDLED = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture(scope="module")
def corpus() -> Path:
    """``kb`` (conftest) searches the bundled content."""
    return BUNDLED


@pytest.fixture(scope="module")
def synonyms() -> Synonyms:
    loaded, problems = Synonyms.load(BUNDLED / "synonyms.yaml")
    assert problems == []
    return loaded


def test_because_of_and_borders_are_no_synonyms_of_abroad(synonyms: Synonyms) -> None:
    assert "abroad" not in synonyms.lookup("из-за", "из-за")
    assert synonyms.lookup("границы", "границы") == []
    assert "заграница" in synonyms.lookup("abroad", "abroad")
    assert {"зарубежный", "международный"} <= set(synonyms.lookup("заграница", "заграница"))


def test_no_single_chinese_character_is_a_synonym() -> None:
    groups = yaml.safe_load((BUNDLED / "synonyms.yaml").read_text(encoding="utf-8"))["groups"]
    entries = [str(word) for group in groups for word in group]
    assert len(entries) > 100
    assert [entry for entry in entries if re.fullmatch(r"[\u4e00-\u9fff]", entry)] == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("утеря посылки", "lost-or-damaged-parcel"),
        ("посылка утеряна", "lost-or-damaged-parcel"),
        ("по-русски", "russian-phrasebook"),
    ],
)
def test_russian_words_sellers_type_find_their_article(
    kb: KnowledgeBase, query: str, expected: str
) -> None:
    ranked = [hit.article_id for hit in kb.search(query, limit=10).hits]
    assert expected in ranked[:3], ranked
