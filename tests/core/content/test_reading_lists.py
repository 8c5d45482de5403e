"""Bookmarks and recent articles: kept across restarts, written atomically, and a damaged file
is a message and an empty list, never a crash, and is kept aside rather than overwritten."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from faqdesk.core.content.reading_lists import (
    HISTORY_LIMIT,
    ArticleRef,
    bookmarks,
    history,
)


def test_a_bookmark_survives_a_restart(tmp_path: Path) -> None:
    first = bookmarks(tmp_path)
    first.load()
    first.add(ArticleRef("delivery-delay", "zh"))
    first.add(ArticleRef("wrong-address", "en"))
    again = bookmarks(tmp_path)
    assert again.load() == [ArticleRef("wrong-address", "en"), ArticleRef("delivery-delay", "zh")]
    again.remove(ArticleRef("delivery-delay", "en"))  # by id, in any language
    assert bookmarks(tmp_path).load() == [ArticleRef("wrong-address", "en")]
    assert [p.name for p in tmp_path.iterdir()] == ["bookmarks.json"]  # no temporary left


def test_history_keeps_the_last_twenty_newest_first_each_once(tmp_path: Path) -> None:
    recent = history(tmp_path)
    for number in range(HISTORY_LIMIT + 5):
        recent.add(ArticleRef(f"a{number}", "zh"))
    recent.add(ArticleRef("a10", "zh"))
    items = history(tmp_path).load()
    assert len(items) == HISTORY_LIMIT
    assert items[0] == ArticleRef("a10", "zh") and items.count(ArticleRef("a10", "zh")) == 1
    assert ArticleRef("a0", "zh") not in items


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b"\xff\xfe\x00", b"[1, 2]", b'{"items": "x"}', b"\x00" * 10],
)
def test_a_damaged_file_gives_a_message_and_an_empty_list_and_is_kept(
    tmp_path: Path, content: bytes
) -> None:
    (tmp_path / "bookmarks.json").write_bytes(content)
    marks = bookmarks(tmp_path)
    assert marks.load() == []
    assert marks.problem is not None
    assert "could not be read" in str(marks.problem)
    marks.add(ArticleRef("x", "en"))
    assert (tmp_path / "bookmarks.json.damaged").read_bytes() == content
    assert bookmarks(tmp_path).load() == [ArticleRef("x", "en")]


def test_odd_entries_are_skipped_and_the_rest_kept(tmp_path: Path) -> None:
    (tmp_path / "history.json").write_text(
        '{"items": [{"id": "ok", "lang": "zh"}, {"id": 3}, "x",'
        ' {"id": "a\\u001b[2J", "lang": "en"}, {"id": "", "lang": "en"},'
        ' {"id": "ok", "lang": "zh"}]}',
        encoding="utf-8",
    )
    assert history(tmp_path).load() == [ArticleRef("ok", "zh")]


def test_a_fifo_a_folder_or_a_huge_file_is_refused_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "bookmarks.json")
    assert bookmarks(tmp_path).load() == []
    (tmp_path / "history.json").mkdir()
    recent = history(tmp_path)
    assert recent.load() == [] and recent.problem is not None
    recent.add(ArticleRef("x", "en"))  # the folder is moved aside, not written into
    assert (tmp_path / "history.json.damaged").is_dir()
    big = tmp_path / "big"
    big.mkdir()
    (big / "bookmarks.json").write_bytes(b" " * (2 * 1024 * 1024))
    assert bookmarks(big).load() == []


def test_a_data_folder_that_is_a_file_gives_a_problem_not_an_exception(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("mine", encoding="utf-8")
    marks = bookmarks(tmp_path / "data")
    assert marks.load() == []
    marks.add(ArticleRef("x", "en"))
    assert marks.problem is not None and "could not be saved" in str(marks.problem)
    assert (tmp_path / "data").read_text(encoding="utf-8") == "mine"
