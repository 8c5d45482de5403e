"""Relevance on the bundled content: recall@3 and MRR over realistic queries."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from faqdesk.core.search.knowledge_base import KnowledgeBase

QUERIES_FILE = Path(__file__).with_name("relevance_queries.yaml")
BUNDLED = Path(__file__).resolve().parents[3] / "content"


def load_queries() -> list[dict[str, Any]]:
    data = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def corpus() -> Path:
    """``kb`` (tests/core/search/conftest.py) searches the bundled content here."""
    return BUNDLED


def test_the_relevance_set_is_big_and_varied() -> None:
    queries = load_queries()
    assert len(queries) >= 40
    kinds = {q["kind"] for q in queries}
    assert {"zh", "en", "ru", "typo", "synonym", "full-width", "mixed", "prefix"} <= kinds


def test_recall_at_3_and_mrr(kb: KnowledgeBase) -> None:
    queries = load_queries()
    known = set(kb.library.ids())
    hits_at_3 = 0
    reciprocal = 0.0
    by_kind: dict[str, list[int]] = defaultdict(list)
    misses: list[str] = []
    for item in queries:
        expected = set(item["expect"])
        assert expected <= known, f"unknown ids in the relevance set: {expected - known}"
        ranked = [hit.article_id for hit in kb.search(item["query"], limit=10).hits]
        rank = next((i for i, aid in enumerate(ranked, start=1) if aid in expected), None)
        ok = rank is not None and rank <= 3
        hits_at_3 += ok
        reciprocal += 1.0 / rank if rank else 0.0
        by_kind[item["kind"]].append(int(ok))
        if not ok:
            misses.append(f"  {item['query']!r}: expected {sorted(expected)}, got {ranked[:3]}")
    recall = hits_at_3 / len(queries)
    mrr = reciprocal / len(queries)
    print(f"\nrelevance: {len(queries)} queries, recall@3 = {recall:.3f}, MRR = {mrr:.3f}")
    for kind, oks in sorted(by_kind.items()):
        print(f"  {kind:10s} {sum(oks)}/{len(oks)}")
    if misses:
        print("misses:\n" + "\n".join(misses))
    assert recall >= 0.95, "\n".join(misses)
