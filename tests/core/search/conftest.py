"""The knowledge base the search tests share: ``kb`` searches ``corpus``, opened once per module.

``corpus`` is the small bilingual test corpus (``tests/search_corpus.py``); a module that
searches other content overrides ``corpus`` (the relevance tests use the bundled content).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from faqdesk.core.search.knowledge_base import KnowledgeBase
from search_corpus import write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The content folder ``kb`` searches."""
    return write_corpus(tmp_path_factory.mktemp("corpus") / "content")


@pytest.fixture(scope="module")
def kb(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """A knowledge base over ``corpus`` with its own index folder, closed after the module."""
    knowledge = KnowledgeBase.open(corpus, tmp_path_factory.mktemp("ix") / "index")
    yield knowledge
    knowledge.close()
