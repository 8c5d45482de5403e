"""Index workers started with ``spawn`` (Windows, macOS): the same index as one process builds
(issue 17: no fork-only path without a tested spawn path)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from faqdesk.core.search import indexbuild
from faqdesk.core.search.index import (
    INDEX_NAME,
    IndexDoc,
    make_schema,
    posting_codec,
    whoosh_fields,
)
from faqdesk.core.search.knowledge_base import KnowledgeBase
from faqdesk.core.search.vocabulary import doc_words

from .test_index_build import bundled_docs, contents, whoosh_reference


def _build(folder: Path, docs: list[IndexDoc], **options: object) -> list[str]:
    folder.mkdir()
    by_key = {item.key: item for item in docs}
    ix, summaries = indexbuild.build_index(
        folder,
        make_schema(),
        INDEX_NAME,
        posting_codec(),
        list(by_key),
        lambda key: by_key[key],  # a closure, as the app's: a spawned worker cannot get it
        options.pop("fields", whoosh_fields),  # type: ignore[arg-type]
        summarize=doc_words,
        procs=2,
        **options,  # type: ignore[arg-type]
    )
    ix.close()
    return summaries


@pytest.mark.slow
def test_spawned_workers_build_the_index_whoosh_builds(
    tmp_path: Path, bundled_content: Path, caplog: pytest.LogCaptureFixture
) -> None:
    docs = bundled_docs(bundled_content)
    (tmp_path / "whoosh").mkdir()
    whoosh_reference(tmp_path / "whoosh", docs)
    with caplog.at_level(logging.WARNING):
        summaries = _build(tmp_path / "spawned", docs, method="spawn")
    assert "building in this process" not in caplog.text  # the workers really built it
    assert summaries == [doc_words(item) for item in docs]
    expected = contents(tmp_path / "whoosh")
    got = contents(tmp_path / "spawned")
    for part in expected:
        assert got[part] == expected[part], part


@pytest.mark.slow
def test_when_spawned_workers_cannot_be_sent_their_work_the_build_runs_here(
    tmp_path: Path, bundled_content: Path, caplog: pytest.LogCaptureFixture
) -> None:
    docs = bundled_docs(bundled_content)
    (tmp_path / "whoosh").mkdir()
    whoosh_reference(tmp_path / "whoosh", docs)

    def fields(item: IndexDoc) -> dict[str, object]:  # local: cannot be pickled
        return whoosh_fields(item)

    with caplog.at_level(logging.WARNING):
        _build(tmp_path / "here", docs, method="spawn", fields=fields)
    assert "cannot start an index worker" in caplog.text
    assert contents(tmp_path / "here") == contents(tmp_path / "whoosh")


def test_workers_are_spawned_where_fork_is_unsafe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FAQDESK_INDEX_START_METHOD", raising=False)
    monkeypatch.setattr(indexbuild, "can_fork", lambda: False)  # as on Windows and macOS
    assert indexbuild.start_method() == "spawn"
    monkeypatch.setattr(indexbuild, "can_fork", lambda: True)
    assert indexbuild.start_method() == "fork"
    monkeypatch.setenv("FAQDESK_INDEX_START_METHOD", "spawn")
    assert indexbuild.start_method() == "spawn"
    monkeypatch.setenv("FAQDESK_INDEX_START_METHOD", "no-such-method")
    assert indexbuild.start_method() == "fork"


@pytest.mark.slow
def test_the_knowledge_base_builds_with_spawned_workers_and_finds_articles(
    tmp_path: Path,
    bundled_content: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("FAQDESK_INDEX_START_METHOD", "spawn")
    with caplog.at_level(logging.WARNING):
        kb = KnowledgeBase.open(bundled_content, tmp_path / "index", rebuild=True, procs=2)
    try:
        assert "building in this process" not in caplog.text
        hits = kb.search("退货")
        assert "returns-and-exchanges" in [hit.article_id for hit in hits.hits]
    finally:
        kb.close()
