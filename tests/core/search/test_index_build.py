"""Full builds (``faqdesk.core.search.indexbuild``) make the index Whoosh's own writer makes.

Searching reads postings, weights, positions and lengths straight from the segments, so the
bulk writer must write exactly what ``IndexWriter.add_document`` would: every comparison here
goes through Whoosh's reader, by document key, field by field and term by term.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index

from faqdesk.core.content.loading import load_content
from faqdesk.core.search import analysis, indexbuild
from faqdesk.core.search.index import (
    INDEX_NAME,
    IndexDoc,
    build_documents,
    build_index,
    doc_key,
    make_schema,
    open_index,
    posting_codec,
    whoosh_fields,
)
from faqdesk.core.search.knowledge_base import article_doc
from faqdesk.core.search.vocabulary import doc_words


def doc(n: int, lang: str, title: str, body: str, **more: Any) -> IndexDoc:
    fields: dict[str, Any] = {"summary": "", "tags": (), "category": "c"}
    fields.update(more)
    return IndexDoc(f"{lang}:d{n}", f"d{n}", lang, title, body_text=body, **fields)


#: Awkward text for the analyzer and the writer: stop words, repeated words and sub-words,
#: codes, mixed scripts, full-width letters, characters jieba does not segment, an empty
#: body, tags with commas, emoji.
ODD_DOCS = [
    doc(1, "zh", "包裹丢失怎么办", "包裹包裹包裹，追踪号追踪号。哈哈哈哈。的了吗", tags=("丢件",)),
    doc(2, "en", "The the THE", "a an the parcel parcels parcel's RU123456789CN ru123456789cn"),
    doc(3, "en", "Mixed ozonДоставка", "OZONдоставка ＯＺＯＮ ozon Ёлка елка ёлки 12345 x1 1x"),
    doc(4, "zh", "㐀㐁 CJK", "㐀㐁㐂 包裹 \U00020000\U00020001 丢件 😀 🇷🇺", summary="摘要"),
    doc(5, "en", "Empty body", "", tags=("a,b", "c d", " "), summary="Only a summary"),
    doc(6, "ru", "Задержка доставки", "задержка задержки задержку доставка доставки и в на"),
    doc(7, "zh", "追踪号", "追踪号" * 40 + "订单号工单卖家后台莫斯科时间"),
]


def bundled_docs(bundled_content: Path) -> list[IndexDoc]:
    library = load_content(bundled_content)
    return [article_doc(article) for article in library.articles.values()]


def whoosh_reference(folder: Path, docs: list[IndexDoc]) -> None:
    """The index as Whoosh's own single-process writer builds it."""
    ix = whoosh_index.create_in(str(folder), make_schema(), indexname=INDEX_NAME)
    writer = ix.writer(codec=posting_codec())
    for item in docs:
        writer.add_document(**whoosh_fields(item))
    writer.commit()
    ix.close()


def contents(folder: Path) -> dict[str, Any]:
    """Everything a search can read from an index, keyed by document key (not docnum)."""
    ix = open_index(folder)
    try:
        with ix.reader() as reader:
            keys = {n: reader.stored_fields(n)["key"] for n in reader.all_doc_ids()}
            fields = [name for name, field in ix.schema.items() if field.indexed]
            scored = [name for name, field in ix.schema.items() if field.scorable]
            postings: dict[tuple[str, bytes], Any] = {}
            stats: dict[tuple[str, bytes], Any] = {}
            for fieldname, btext in reader.all_terms():
                matcher = reader.postings(fieldname, btext)
                found = {}
                while matcher.is_active():
                    found[keys[matcher.id()]] = (matcher.weight(), matcher.value())
                    matcher.next()
                postings[fieldname, btext] = found
                info = reader.term_info(fieldname, btext)
                stats[fieldname, btext] = (
                    info.weight(),
                    info.doc_frequency(),
                    info.min_length(),
                    info.max_length(),
                    info.max_weight(),
                )
            return {
                "doc_count": reader.doc_count(),
                "stored": {keys[n]: reader.stored_fields(n) for n in keys},
                "lengths": {
                    (keys[n], f): reader.doc_field_length(n, f) for n in keys for f in fields
                },
                "field_lengths": {f: reader.field_length(f) for f in fields},
                "min_max_lengths": {
                    f: (reader.min_field_length(f), reader.max_field_length(f)) for f in scored
                },
                "columns": {
                    f: {keys[n]: reader.column_reader(f)[n] for n in keys} for f in ("id", "lang")
                },
                "indexed_fields": sorted(reader.indexed_field_names()),
                "postings": postings,
                "term_stats": stats,
            }
    finally:
        ix.close()


def segment_count(folder: Path) -> int:
    ix = open_index(folder)
    try:
        return len(ix._segments())
    finally:
        ix.close()


def assert_built_as_whoosh_builds(
    tmp_path: Path, docs: list[IndexDoc], *, procs: int, budget: int = indexbuild.SEGMENT_BUDGET
) -> Path:
    reference = tmp_path / "whoosh"
    reference.mkdir()
    whoosh_reference(reference, docs)
    bulk = tmp_path / "bulk"
    bulk.mkdir()
    by_key = {item.key: item for item in docs}
    indexbuild.build_index(
        bulk,
        make_schema(),
        INDEX_NAME,
        posting_codec(),
        list(by_key),
        by_key.__getitem__,
        whoosh_fields,
        procs=procs,
        budget=budget,
    )[0].close()
    expected = contents(reference)
    got = contents(bulk)
    assert expected["doc_count"] == len(docs) == got["doc_count"]
    for part in expected:
        assert got[part] == expected[part], part
    return bulk


@pytest.mark.parametrize(
    ("procs", "budget"),
    [(1, indexbuild.SEGMENT_BUDGET), (2, indexbuild.SEGMENT_BUDGET), (1, 400), (2, 400)],
    ids=["one-process", "two-processes", "small-segments", "two-processes-small-segments"],
)
def test_bulk_build_writes_what_whoosh_writes(
    tmp_path: Path,
    bundled_content: Path,
    caplog: pytest.LogCaptureFixture,
    procs: int,
    budget: int,
) -> None:
    docs = bundled_docs(bundled_content) + ODD_DOCS
    with caplog.at_level(logging.WARNING):
        bulk = assert_built_as_whoosh_builds(tmp_path, docs, procs=procs, budget=budget)
    assert not caplog.records  # in particular, no fallback from the workers to this process
    if budget < indexbuild.SEGMENT_BUDGET:
        assert segment_count(bulk) >= 4  # memory stays bounded: several segments
    else:
        assert segment_count(bulk) == procs


def test_a_field_no_document_fills_is_left_out_as_whoosh_leaves_it_out(tmp_path: Path) -> None:
    docs = [dataclasses.replace(item, tags=()) for item in ODD_DOCS]
    assert_built_as_whoosh_builds(tmp_path, docs, procs=1)


def test_parts_keep_the_document_order_and_balance_the_weights() -> None:
    parts = indexbuild.split([1, 1, 1, 1, 4, 4], 2)
    assert parts == [range(0, 5), range(5, 6)]
    assert [list(r) for r in indexbuild.split([3] * 7, 3)] == [[0, 1, 2], [3, 4], [5, 6]]
    assert indexbuild.split([5], 4) == [range(0, 1)]
    assert indexbuild.split([], 2) == []
    covered = [i for r in indexbuild.split([7, 1, 9, 2, 2, 8, 3], 2) for i in r]
    assert covered == list(range(7))


def test_two_process_build_returns_summaries_in_key_order(tmp_path: Path) -> None:
    docs = ODD_DOCS
    by_key = {item.key: item for item in docs}
    ix, words = build_documents(
        tmp_path, list(by_key), by_key.__getitem__, summarize=doc_words, procs=2
    )
    ix.close()
    assert words == [doc_words(item) for item in docs]
    assert "ozon" in words[2].split()


def build_with_trouble_in_workers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, trouble: Callable[[str], None]
) -> str:
    """Build ``ODD_DOCS`` with two workers, ``trouble(key)`` happening in the workers only;
    check every document is indexed and return what was logged."""
    parent = os.getpid()
    by_key = {item.key: item for item in ODD_DOCS}

    def make_doc(key: str) -> IndexDoc:
        if os.getpid() != parent:
            trouble(key)
        return by_key[key]

    with caplog.at_level(logging.WARNING, logger="faqdesk.index"):
        ix = build_documents(tmp_path, list(by_key), make_doc, procs=2)[0]
    try:
        assert ix.doc_count() == len(ODD_DOCS)
    finally:
        ix.close()
    assert multiprocessing.active_children() == []  # no worker left running
    return caplog.text


def test_a_failing_worker_falls_back_to_building_here(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def fail(key: str) -> None:
        if key == ODD_DOCS[-1].key:
            raise RuntimeError("worker trouble")

    logged = build_with_trouble_in_workers(tmp_path, caplog, fail)
    assert "worker trouble" in logged
    assert "building in this process" in logged


def test_a_worker_that_dies_falls_back_to_building_here(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    logged = build_with_trouble_in_workers(tmp_path, caplog, lambda _key: os._exit(3))
    assert "ended with code 3" in logged


def test_stuck_workers_are_stopped_and_the_build_runs_here(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexbuild, "STALL_SECONDS", 0.5)
    # as a worker waiting for a lock nobody will release
    logged = build_with_trouble_in_workers(tmp_path, caplog, lambda _key: threading.Event().wait())
    assert "no progress from an index worker" in logged


def test_ctrl_c_reaching_a_worker_does_not_fail_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The terminal sends Ctrl+C to the whole process group; the app decides what it means."""
    logged = build_with_trouble_in_workers(
        tmp_path, caplog, lambda _key: os.kill(os.getpid(), signal.SIGINT)
    )
    assert logged == ""


def test_a_document_that_cannot_be_made_fails_the_build(tmp_path: Path) -> None:
    """The same error in every process: the build fails with it (not with a worker error)."""

    def broken(key: str) -> IndexDoc:
        raise ValueError(f"cannot read {key}")

    with pytest.raises(ValueError, match="cannot read"):
        build_documents(tmp_path, [item.key for item in ODD_DOCS], broken, procs=2)


def test_build_index_of_documents_is_searchable(tmp_path: Path) -> None:
    build_index(tmp_path, ODD_DOCS, procs=1).close()
    ix = open_index(tmp_path)
    try:
        with ix.searcher() as searcher:
            assert searcher.doc_count() == len(ODD_DOCS)
            assert searcher.document(key=doc_key("d7", "zh"))["title"] == "追踪号"
    finally:
        ix.close()


def test_a_worker_forked_while_another_thread_holds_the_stemmer_lock_can_stem() -> None:
    """Workers are forked from the app's build thread while other threads run; a lock held
    by one of them at that moment is renewed in the worker, not inherited locked."""
    ctx = multiprocessing.get_context("fork")
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with analysis._ru_lock:
            held.set()
            release.wait()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        held.wait()
        worker = ctx.Process(target=analysis.stem_russian.__wrapped__, args=("посылками",))
        worker.start()
        worker.join(timeout=30)
        stuck = worker.is_alive()
        if stuck:
            worker.kill()
            worker.join()
    finally:
        release.set()
        thread.join()
    assert not stuck
    assert worker.exitcode == 0
