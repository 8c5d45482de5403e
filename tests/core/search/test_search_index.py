"""The index on disk: built once, updated incrementally, rebuilt when stale or damaged."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter as IndexWriter

from faqdesk.core import paths
from faqdesk.core.search.index import INDEX_NAME, STAMP_FILE
from faqdesk.core.search.knowledge_base import KnowledgeBase
from search_corpus import write_article, write_corpus


def ids(kb: KnowledgeBase, query: str) -> list[str]:
    return [hit.article_id for hit in kb.search(query).hits]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "content")


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "index"


def open_kb(content: Path, index_dir: Path, **kwargs: bool) -> KnowledgeBase:
    return KnowledgeBase.open(content, index_dir, **kwargs)


def test_first_open_builds_and_second_open_reuses(content: Path, index_dir: Path) -> None:
    with open_kb(content, index_dir) as kb:
        assert kb.sync_report.rebuilt
        assert kb.sync_report.reason == "no index yet"
        assert kb.sync_report.added == 8
    stamp = json.loads((index_dir / STAMP_FILE).read_text(encoding="utf-8"))
    assert set(stamp["versions"]) == {"schema", "analyzer", "dictionary", "app"}
    entry = stamp["files"][str(content / "articles" / "zh" / "returns.md")]
    assert set(entry) == {"size", "mtime_ns", "sha256"}
    with open_kb(content, index_dir) as kb:
        report = kb.sync_report
        assert not report.rebuilt
        assert (report.added, report.updated, report.deleted) == (0, 0, 0)
        assert ids(kb, "retrun")[0] == "returns"


def test_default_index_lives_in_the_user_cache_folder() -> None:
    with KnowledgeBase.open() as kb:
        assert kb.index_dir == paths.default_index_dir()
        assert str(kb.index_dir).startswith(os.environ["FAQDESK_CACHE_DIR"])
        assert (kb.index_dir / STAMP_FILE).is_file()


@pytest.mark.parametrize("title", ["!!!", "—", "?"])
def test_an_article_whose_title_has_no_word_breaks_no_search(
    content: Path, index_dir: Path, title: str
) -> None:
    # a field with no word stores a length Whoosh reads back as None: it once made every
    # search fail ("Search failed: TypeError"), after a build and after an update alike
    write_article(
        content, "odd", "en", "common-problems", title, [], "", "Zebra crossings and refunds."
    )
    with open_kb(content, index_dir) as kb:
        results = kb.search("zebra ")
        assert results.error is None and [h.article_id for h in results.hits] == ["odd"]
        lost = kb.search("lost parcel ")  # words of titles: the titles' lengths are read
        assert lost.error is None and "lost-parcel" in [h.article_id for h in lost.hits]
    write_article(
        content, "odd2", "en", "common-problems", title, [], "", "Zebra stripes again."
    )
    with open_kb(content, index_dir) as kb:
        assert not kb.sync_report.rebuilt
        assert sorted(ids(kb, "zebra ")) == ["odd", "odd2"]
        assert "lost-parcel" in ids(kb, "lost parcel ")


def test_edited_article_is_updated_incrementally(content: Path, index_dir: Path) -> None:
    open_kb(content, index_dir).close()
    write_article(
        content, "returns", "en", "common-problems", "Returns and refunds", ["return"],
        "How returns work.", "A buyer may send the item back via a pickup point called Zebra.",
    )  # fmt: skip
    with open_kb(content, index_dir) as kb:
        report = kb.sync_report
        assert not report.rebuilt
        assert (report.added, report.updated, report.deleted) == (0, 1, 0)
        assert ids(kb, "zebra ") == ["returns"]
        assert ids(kb, "warehouse ") == []


def test_an_edited_articles_old_text_is_found_by_no_word_and_no_phrase(
    content: Path, index_dir: Path
) -> None:
    # after an edit, nothing of the old version is found: not by its words, its phrases or
    # in the totals (a small index merges the old version away; see the next test for a
    # segment that keeps it, marked deleted)
    with open_kb(content, index_dir) as kb:
        assert "returns" in ids(kb, '"return request is reviewed" ')
        reviewed_total = kb.search("reviewed ").total
    write_article(
        content, "returns", "en", "common-problems", "Returns and refunds", ["return"],
        "How returns work.", "A buyer may send the item back via a pickup point called Zebra.",
    )  # fmt: skip
    with open_kb(content, index_dir) as kb:
        assert kb.sync_report.updated == 1
        assert "returns" not in ids(kb, '"return request is reviewed" ')
        assert "returns" not in ids(kb, "reviewed ")
        assert kb.search("reviewed ").total == reviewed_total - 1
        assert ids(kb, '"pickup point called zebra" ') == ["returns"]


def test_a_document_deleted_inside_a_segment_is_found_by_no_query(
    content: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whoosh keeps a deleted document in its segment until a merge; searches read the
    # segment's posting blocks as stored and must drop it themselves, and still find the
    # segment's other documents
    with open_kb(content, index_dir) as kb:
        delivery = ids(kb, "delivery ")
        assert "returns" in delivery and len(delivery) > 1
        assert "returns" in ids(kb, '"return request is reviewed" ')
    commit = IndexWriter.commit
    monkeypatch.setattr(IndexWriter, "commit", lambda self, **kw: commit(self, merge=False))
    write_article(
        content, "returns", "en", "common-problems", "Returns and refunds", ["return"],
        "How returns work.", "A buyer may send the item back via a pickup point called Zebra.",
    )  # fmt: skip
    queries = [
        *("delivery ", "return ", "buyer ", "item ", "hours ", "request ", "warehouse "),
        *('"return request" ', '"a buyer may" ', "退货 ", "包裹 ", "pickup zebra "),
    ]
    with open_kb(content, index_dir) as kb:
        assert kb.sync_report.updated == 1
        assert ids(kb, "delivery ") == [a for a in delivery if a != "returns"]
        assert kb._ranker is not None and kb._ranker.deleted  # the old version is still there
        assert "returns" not in ids(kb, '"return request is reviewed" ')
        assert kb.search("reviewed ").total == 0
        assert ids(kb, '"pickup point called zebra" ') == ["returns"]
        found = {q: (sorted(ids(kb, q)), kb.search(q).total) for q in queries}
    with open_kb(content, index_dir.parent / "fresh") as fresh:  # the same content, built anew
        assert found == {q: (sorted(ids(fresh, q)), fresh.search(q).total) for q in queries}


def test_added_and_deleted_articles(content: Path, index_dir: Path) -> None:
    open_kb(content, index_dir).close()
    write_article(
        content, "customs", "en", "common-problems", "Customs hold", ["customs"],
        "Held at customs.", "The parcel is held at customs clearance.",
    )  # fmt: skip
    (content / "articles" / "zh" / "phone-support.md").unlink()
    with open_kb(content, index_dir) as kb:
        report = kb.sync_report
        assert (report.added, report.updated, report.deleted) == (1, 0, 1)
        assert ids(kb, "customs ") == ["customs"]
        assert kb.search("custmos ").suggestion == "customs"  # the vocabulary grew too
        assert ids(kb, "官网 ") == []
        assert "phone-support" in ids(kb, "urgent ")  # the English one is still there


def test_touched_but_unchanged_file_is_not_reindexed(content: Path, index_dir: Path) -> None:
    open_kb(content, index_dir).close()
    path = content / "articles" / "en" / "returns.md"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    with open_kb(content, index_dir) as kb:
        assert (kb.sync_report.updated, kb.sync_report.rebuilt) == (0, False)
    stamp = json.loads((index_dir / STAMP_FILE).read_text(encoding="utf-8"))
    assert stamp["files"][str(path)]["mtime_ns"] == stat.st_mtime_ns + 5_000_000_000


def test_version_change_forces_a_full_rebuild(content: Path, index_dir: Path) -> None:
    open_kb(content, index_dir).close()
    stamp_path = index_dir / STAMP_FILE
    stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    stamp["versions"]["analyzer"] = "0-old"
    stamp_path.write_text(json.dumps(stamp), encoding="utf-8")
    with open_kb(content, index_dir) as kb:
        assert kb.sync_report.rebuilt
        assert kb.sync_report.reason == "versions changed"
        assert ids(kb, "retrun")[0] == "returns"


def test_a_stamp_behind_the_index_forces_a_rebuild(content: Path, index_dir: Path) -> None:
    """The stamp is written after each commit, quietly when it cannot be (disk full,
    read-only): an article indexed then is unknown to the stamp, and once deleted from the
    content it must not stay findable for good."""
    open_kb(content, index_dir).close()
    behind = (index_dir / STAMP_FILE).read_bytes()
    customs = write_article(
        content, "customs", "en", "common-problems", "Customs hold", ["customs"],
        "Held at customs.", "The parcel is held at customs clearance.",
    )  # fmt: skip
    with open_kb(content, index_dir) as kb:
        assert ids(kb, "customs ") == ["customs"]
    (index_dir / STAMP_FILE).write_bytes(behind)  # that update's stamp was not written
    customs.unlink()
    with open_kb(content, index_dir) as kb:
        assert ids(kb, "customs ") == []
        assert kb.sync_report.rebuilt
        assert kb.sync_report.reason == "the stamp does not describe the index"
        assert ids(kb, "包裹丢失")[0] == "lost-parcel"


@pytest.mark.parametrize("garbage", ["", "{not json", '{"versions": 3}', "[]"])
def test_unreadable_stamp_forces_a_rebuild(content: Path, index_dir: Path, garbage: str) -> None:
    open_kb(content, index_dir).close()
    (index_dir / STAMP_FILE).write_text(garbage, encoding="utf-8")
    with open_kb(content, index_dir) as kb:
        assert kb.sync_report.rebuilt
        assert ids(kb, "包裹丢失")[0] == "lost-parcel"


def test_rebuild_on_request(content: Path, index_dir: Path) -> None:
    open_kb(content, index_dir).close()
    with open_kb(content, index_dir, rebuild=True) as kb:
        assert kb.sync_report.rebuilt
        assert kb.sync_report.reason == "rebuild requested"
    leftovers = [p.name for p in index_dir.parent.iterdir() if p.name != index_dir.name]
    assert leftovers == []


def _damage_segments(index_dir: Path) -> None:
    for seg in index_dir.glob("*.seg"):
        data = seg.read_bytes()
        seg.write_bytes(data[: len(data) // 3])


def _damage_toc(index_dir: Path) -> None:
    for toc in index_dir.glob("*.toc"):
        toc.write_bytes(b"\x00garbage\xff" * 7)


def _delete_segments(index_dir: Path) -> None:
    for seg in index_dir.glob("*.seg"):
        seg.unlink()


def _garbage_segments(index_dir: Path) -> None:
    for seg in index_dir.glob("*.seg"):
        seg.write_bytes(os.urandom(seg.stat().st_size))


@pytest.mark.parametrize(
    "damage", [_damage_segments, _damage_toc, _delete_segments, _garbage_segments]
)
def test_damaged_index_is_moved_aside_and_rebuilt(
    content: Path, index_dir: Path, damage: object, caplog: pytest.LogCaptureFixture
) -> None:
    open_kb(content, index_dir).close()
    assert callable(damage)
    damage(index_dir)
    with caplog.at_level(logging.WARNING, logger="faqdesk"):
        kb = open_kb(content, index_dir)
    with kb:
        report = kb.sync_report
        assert report.rebuilt
        assert report.moved_aside is not None
        assert report.moved_aside.name.startswith("index.broken-")
        assert report.moved_aside.is_dir()
        assert ids(kb, "包裹丢失")[0] == "lost-parcel"
    assert any("moved aside" in r.getMessage() for r in caplog.records)


def test_locked_index_searches_the_last_committed_version(content: Path, index_dir: Path) -> None:
    open_kb(content, index_dir).close()
    other = whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME)
    writer = other.writer()  # another process holds the writer lock
    try:
        write_article(
            content, "customs", "en", "common-problems", "Customs hold", ["customs"],
            "Held at customs.", "The parcel is held at customs clearance.",
        )  # fmt: skip
        with open_kb(content, index_dir) as kb:
            assert kb.sync_report.locked
            assert ids(kb, "customs ") == []  # not indexed yet
            assert ids(kb, "包裹丢失")[0] == "lost-parcel"  # the committed version works
    finally:
        writer.cancel()
        other.close()
    with open_kb(content, index_dir) as kb:  # the lock is free again: caught up
        assert kb.sync_report.added == 1
        assert ids(kb, "customs ") == ["customs"]


def test_two_knowledge_bases_on_one_index(content: Path, index_dir: Path) -> None:
    with open_kb(content, index_dir) as first, open_kb(content, index_dir) as second:
        assert ids(first, "retrun") == ids(second, "retrun")


def test_an_index_rebuilt_by_another_opening_is_searched_at_once(
    content: Path, index_dir: Path
) -> None:
    """A full rebuild swaps a fresh folder in whose version number can be the old one's:
    an open knowledge base must search the new folder, not the old one's files for good."""
    with open_kb(content, index_dir) as kb:
        assert ids(kb, "customs ") == []
        write_article(
            content, "customs", "en", "common-problems", "Customs hold", ["customs"],
            "Held at customs.", "The parcel is held at customs clearance.",
        )  # fmt: skip
        with open_kb(content, index_dir, rebuild=True) as other:  # as another window would
            assert ids(other, "customs ") == ["customs"]
        assert ids(kb, "customs ") == ["customs"]
        assert ids(kb, "包裹丢失")[0] == "lost-parcel"


def test_a_search_while_the_index_folder_is_swapped_uses_the_last_version(
    content: Path, index_dir: Path
) -> None:
    with open_kb(content, index_dir) as kb:
        assert ids(kb, "包裹丢失")[0] == "lost-parcel"
        aside = index_dir.with_name("index.swapping")
        index_dir.rename(aside)  # between the two renames of another opening's rebuild
        try:
            results = kb.search("包裹丢失")
            assert results.error is None
            assert results.hits[0].article_id == "lost-parcel"
        finally:
            aside.rename(index_dir)
        assert ids(kb, "包裹丢失")[0] == "lost-parcel"


def test_two_process_build_gives_the_same_results(content: Path, tmp_path: Path) -> None:
    queries = ["包裹丢失", "retrun", "задержка доставки", '"order number"', "parcel", "追"]
    with open_kb(content, tmp_path / "one") as single:
        expected = [[(h.article_id, h.lang) for h in single.search(q).hits] for q in queries]
        expected_totals = [single.search(q).total for q in queries]
    with KnowledgeBase.open(content, tmp_path / "two", procs=2) as multi:
        assert multi.sync_report.rebuilt
        got = [[(h.article_id, h.lang) for h in multi.search(q).hits] for q in queries]
        assert got == expected
        assert [multi.search(q).total for q in queries] == expected_totals


def test_index_locked_by_another_process(content: Path, index_dir: Path) -> None:
    open_kb(content, index_dir).close()
    script = (
        "import sys, pathlib\n"
        "from faqdesk.core.search.index import open_index\n"
        f"ix = open_index(pathlib.Path({str(index_dir)!r}))\n"
        "writer = ix.writer()\n"
        "print('locked', flush=True)\n"
        "sys.stdin.readline()\n"
        "writer.cancel()\n"
        "ix.close()\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        try:
            assert holder.stdout.readline().strip() == "locked"
            write_article(
                content, "customs", "en", "common-problems", "Customs hold", ["customs"],
                "Held at customs.", "The parcel is held at customs clearance.",
            )  # fmt: skip
            with open_kb(content, index_dir) as kb:
                assert kb.sync_report.locked
                assert ids(kb, "customs ") == []
                assert ids(kb, "retrun")[0] == "returns"
            holder.stdin.write("\n")
            holder.stdin.flush()
            assert holder.wait(timeout=60) == 0
        finally:
            if holder.poll() is None:
                holder.kill()
    with open_kb(content, index_dir) as kb:
        assert ids(kb, "customs ") == ["customs"]


def test_unusable_index_folder_falls_back_to_a_temporary_index(
    content: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="faqdesk"):
        kb = open_kb(content, blocker / "index")
    with kb:
        assert kb.index_dir != blocker / "index"
        assert kb.index_dir.is_dir()
        assert ids(kb, "retrun")[0] == "returns"
        assert "temporary index" in kb.sync_report.reason
        temporary = kb.index_dir
    assert not temporary.exists()  # removed on close
    assert any("cannot use the search index folder" in r.getMessage() for r in caplog.records)
