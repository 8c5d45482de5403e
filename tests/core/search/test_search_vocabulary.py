"""The "did you mean" vocabulary beside the index: always complete, rebuilt when unusable.

A typo finds its article only through the vocabulary (the nearest real word of the content),
so a lost, broken, stale or partial vocabulary would silently break typo searches.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from faqdesk.core import paths
from faqdesk.core.search.index import INDEX_NAME, STAMP_FILE, VOCABULARY_FILE
from faqdesk.core.search.knowledge_base import KnowledgeBase


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the bundled content (the tests edit and delete articles)."""
    return Path(shutil.copytree(paths.bundled_content_dir(), tmp_path / "content"))


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "index"


def top(kb: KnowledgeBase, query: str) -> str | None:
    hits = kb.search(query).hits
    return hits[0].article_id if hits else None


def saved_docs(index_dir: Path) -> dict[str, tuple[str, str]]:
    """The saved vocabulary: doc key -> (fingerprint, its words)."""
    header, *lines, footer = (index_dir / VOCABULARY_FILE).read_text("utf-8").splitlines()
    docs = {key: (fp, words) for key, fp, words in map(json.loads, lines)}
    assert json.loads(footer) == {"end": len(lines)}
    assert json.loads(header)["docs"] == {key: fp for key, (fp, _) in docs.items()}
    return docs


def saved_words(index_dir: Path) -> set[str]:
    return {word for _, words in saved_docs(index_dir).values() for word in words.split()}


def edit(path: Path, extra: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{extra}\n", encoding="utf-8")


@pytest.mark.parametrize(
    "garbage",
    [None, "", "{", "[1, 2]", '{"return": 1}', '{"format": 3, "docs": 3}', "\x00\xff", "\n"],
)
def test_broken_vocabulary_is_rebuilt_and_typos_still_find(
    content: Path, index_dir: Path, garbage: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    KnowledgeBase.open(content, index_dir).close()
    vocabulary = index_dir / VOCABULARY_FILE
    saved = vocabulary.read_bytes()
    if garbage is None:
        vocabulary.unlink()
    else:
        vocabulary.write_text(garbage, encoding="utf-8")
    with (
        caplog.at_level(logging.WARNING, logger="faqdesk"),
        KnowledgeBase.open(content, index_dir) as kb,
    ):
        assert not kb.sync_report.rebuilt  # only the vocabulary
        assert kb.sync_report.vocabulary_rebuilt
        results = kb.search("retrun")
        assert results.error is None
        assert results.hits and results.hits[0].article_id == "returns-and-exchanges"
        assert results.suggestion == "return"
    assert any("spelling vocabulary" in r.getMessage() for r in caplog.records)
    # written back, byte for byte the same: the next open finds it usable and rebuilds nothing
    assert vocabulary.read_bytes() == saved
    assert "return" in saved_words(index_dir)
    with KnowledgeBase.open(content, index_dir) as kb:
        assert kb.sync_report.vocabulary_rebuilt == ""
        assert top(kb, "retrun") == "returns-and-exchanges"


def test_deleted_vocabulary_and_one_edited_article(content: Path, index_dir: Path) -> None:
    KnowledgeBase.open(content, index_dir).close()
    (index_dir / VOCABULARY_FILE).unlink()
    # an article without "damaged" or "compensation": the update alone does not bring them
    edit(content / "articles" / "en" / "wrong-address.md", "Edited: zebra crossing.")
    with KnowledgeBase.open(content, index_dir) as kb:
        assert (kb.sync_report.updated, kb.sync_report.rebuilt) == (1, False)
        assert top(kb, "damagd") == "lost-or-damaged-parcel"
        assert top(kb, "compensaton") == "lost-or-damaged-parcel"
        assert top(kb, "zebar") == "wrong-address"
    # the saved vocabulary is complete: another process (or the next run) finds the same
    with KnowledgeBase.open(content, index_dir) as kb:
        assert kb.sync_report.vocabulary_rebuilt == ""
        assert top(kb, "damagd") == "lost-or-damaged-parcel"
        assert kb.search("damagd").suggestion == "damaged"


def test_incremental_updates_keep_the_vocabulary_complete(content: Path, index_dir: Path) -> None:
    KnowledgeBase.open(content, index_dir).close()
    fresh_words = saved_words(index_dir)
    edit(content / "articles" / "en" / "wrong-address.md", "Edited: quokka.")
    with KnowledgeBase.open(content, index_dir) as kb:
        assert kb.sync_report.updated == 1
        assert kb.sync_report.vocabulary_rebuilt == ""  # merged, not rebuilt
        assert top(kb, "qoukka") == "wrong-address"
        assert top(kb, "compensaton") == "lost-or-damaged-parcel"
    assert saved_words(index_dir) == fresh_words | {"quokka", "edited"}


def test_deleted_articles_words_are_no_longer_suggested(content: Path, index_dir: Path) -> None:
    extra = content / "articles" / "en" / "platypus.md"
    extra.write_text(
        "---\nid: platypus\ntitle: Platypus shipping\ncategory: common-problems\n"
        "tags: []\nsummary: About the platypus.\nupdated: 2026-11-01\nrelated: []\n---\n"
        "A platypus is shipped in a box.\n",
        encoding="utf-8",
    )
    with KnowledgeBase.open(content, index_dir) as kb:
        assert top(kb, "platypsu") == "platypus"
        assert kb.search("platypsu").suggestion == "platypus"
    extra.unlink()
    with KnowledgeBase.open(content, index_dir) as kb:
        assert kb.sync_report.deleted == 1
        results = kb.search("platypsu")
        assert results.suggestion is None
        assert results.hits == []
    assert "platypus" not in saved_words(index_dir)


def test_stale_vocabulary_is_rebuilt(content: Path, index_dir: Path) -> None:
    """A vocabulary of other documents (e.g. an old copy restored beside a newer index)."""
    KnowledgeBase.open(content, index_dir).close()
    old = (index_dir / VOCABULARY_FILE).read_text(encoding="utf-8")
    edit(content / "articles" / "en" / "wrong-address.md", "Edited: quokka.")
    KnowledgeBase.open(content, index_dir).close()
    (index_dir / VOCABULARY_FILE).write_text(old, encoding="utf-8")  # stale
    with KnowledgeBase.open(content, index_dir) as kb:
        assert kb.sync_report.vocabulary_rebuilt.startswith("stale")
        assert top(kb, "qoukka") == "wrong-address"
    stamp = json.loads((index_dir / STAMP_FILE).read_text(encoding="utf-8"))
    assert {key: fp for key, (fp, _) in saved_docs(index_dir).items()} == stamp["docs"]


def test_truncated_vocabulary_is_rebuilt(content: Path, index_dir: Path) -> None:
    KnowledgeBase.open(content, index_dir).close()
    vocabulary = index_dir / VOCABULARY_FILE
    full = vocabulary.read_bytes()
    vocabulary.write_bytes(full[: full.rindex(b"\n", 0, len(full) // 2) + 1])  # whole lines
    with KnowledgeBase.open(content, index_dir) as kb:
        assert "truncated" in kb.sync_report.vocabulary_rebuilt
        assert top(kb, "retrun") == "returns-and-exchanges"
    assert vocabulary.read_bytes() == full


def test_stale_vocabulary_is_rebuilt_when_the_update_merges(content: Path, index_dir: Path) -> None:
    """An update never merges into a partial vocabulary: it rebuilds it in full."""
    KnowledgeBase.open(content, index_dir).close()
    vocabulary = index_dir / VOCABULARY_FILE
    lines = vocabulary.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if '"en:lost-or-damaged-parcel"' not in line[:40]]
    assert len(kept) == len(lines) - 1  # the header still lists it: a partial vocabulary
    vocabulary.write_text("\n".join(kept) + "\n", encoding="utf-8")
    edit(content / "articles" / "en" / "wrong-address.md", "Edited: quokka.")
    with KnowledgeBase.open(content, index_dir) as kb:
        assert kb.sync_report.updated == 1
        assert kb.sync_report.vocabulary_rebuilt.startswith("unusable")
        assert top(kb, "damagd") == "lost-or-damaged-parcel"
        assert top(kb, "qoukka") == "wrong-address"
    assert "damaged" in saved_words(index_dir)


def test_vocabulary_is_written_atomically(
    content: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    KnowledgeBase.open(content, index_dir).close()
    before = (index_dir / VOCABULARY_FILE).read_bytes()

    real_replace = os.replace

    def failing_replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == VOCABULARY_FILE:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    edit(content / "articles" / "en" / "wrong-address.md", "Edited: quokka.")
    monkeypatch.setattr("faqdesk.core.search.stamp.os.replace", failing_replace)
    with KnowledgeBase.open(content, index_dir) as kb:  # search still works, in memory
        assert top(kb, "qoukka") == "wrong-address"
    monkeypatch.undo()
    assert (index_dir / VOCABULARY_FILE).read_bytes() == before  # never half-written
    assert not list(index_dir.glob("*.tmp"))
    with KnowledgeBase.open(content, index_dir) as kb:  # the stale one is then rebuilt
        assert kb.sync_report.vocabulary_rebuilt.startswith("stale")
        assert top(kb, "qoukka") == "wrong-address"
    assert "quokka" in saved_words(index_dir)


def test_broken_vocabulary_while_another_process_updates(content: Path, index_dir: Path) -> None:
    """The index is locked by a writer: typos still work (a vocabulary made in memory), and
    the file is left to that writer."""
    KnowledgeBase.open(content, index_dir).close()
    (index_dir / VOCABULARY_FILE).write_text("{", encoding="utf-8")
    edit(content / "articles" / "en" / "wrong-address.md", "Edited: quokka.")
    other = whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME)
    writer = other.writer()
    try:
        with KnowledgeBase.open(content, index_dir) as kb:
            assert kb.sync_report.locked
            assert kb.sync_report.vocabulary_rebuilt
            assert top(kb, "retrun") == "returns-and-exchanges"
            assert kb.search("damagd").suggestion == "damaged"
        assert (index_dir / VOCABULARY_FILE).read_text(encoding="utf-8") == "{"
    finally:
        writer.cancel()
        other.close()
    with KnowledgeBase.open(content, index_dir) as kb:  # the lock is free: caught up
        assert kb.sync_report.updated == 1
        assert top(kb, "qoukka") == "wrong-address"
    assert "quokka" in saved_words(index_dir)
