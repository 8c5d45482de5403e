"""The Chinese text speaks to the user one way: 您 (issue 12: one form of address throughout),
in the interface's sentences and in the bundled articles, contacts and templates alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from faqdesk.core import text

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_the_chinese_catalog_says_nin() -> None:
    informal = {key: value for key, value in text.catalog("zh").items() if "你" in value}
    assert informal == {}


@pytest.mark.parametrize(
    "path",
    sorted([*CONTENT.glob("articles/zh/*.md"), *CONTENT.glob("**/*.yaml")]),
    ids=lambda path: path.name,
)
def test_bundled_chinese_content_says_nin(path: Path) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "你" in line]
    assert lines == []
