"""Bookmarks and recent articles: kept across restarts, written atomically, and a damaged file
is a message and an empty list, never a crash, and is kept aside rather than overwritten."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from faqdesk.core.content.reading_lists import (
    BOOKMARKS_LIMIT,
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


def _items(count: int) -> list[dict[str, object]]:
    return [{"id": f"a{number}", "lang": "zh"} for number in range(count)]


def test_a_bookmark_file_this_version_cannot_keep_is_kept_aside_whole(tmp_path: Path) -> None:
    """The tester's file: a newer format, 602 bookmarks, one with a note, one without lang."""
    items = _items(602)
    items[3]["note"] = "ask about the refund"
    del items[7]["lang"]
    path = tmp_path / "bookmarks.json"
    path.write_text(json.dumps({"format": 2, "items": items}), encoding="utf-8")
    original = path.read_bytes()

    marks = bookmarks(tmp_path)
    loaded = marks.load()
    assert len(loaded) == BOOKMARKS_LIMIT and ArticleRef("a7", "zh") not in loaded
    said = str(marks.problem)
    assert "bookmarks.json.damaged" in said and "format 2" in said and "602 articles" in said
    assert "language: 1" in said

    marks.remove(ArticleRef("a0", "zh"))  # Ctrl+D on a bookmarked article: the file is saved
    assert (tmp_path / "bookmarks.json.damaged").read_bytes() == original
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["format"] == 1
    assert {"id": "a3", "lang": "zh", "note": "ask about the refund"} in saved["items"]


def test_unknown_fields_of_a_good_file_are_written_back(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    path.write_text(
        json.dumps(
            {
                "format": 1,
                "synced": "2026-01-01",
                "items": [{"id": "a", "lang": "zh", "note": "my note", "tags": ["x"]}],
            }
        ),
        encoding="utf-8",
    )
    marks = bookmarks(tmp_path)
    assert marks.load() == [ArticleRef("a", "zh")] and marks.problem is None
    marks.add(ArticleRef("b", "en"))
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["synced"] == "2026-01-01"
    assert saved["items"] == [
        {"id": "b", "lang": "en"},
        {"id": "a", "lang": "zh", "note": "my note", "tags": ["x"]},
    ]
    assert not (tmp_path / "bookmarks.json.damaged").exists()


def test_a_full_bookmark_list_refuses_a_new_one_instead_of_dropping_the_oldest(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bookmarks.json"
    path.write_text(json.dumps({"format": 1, "items": _items(BOOKMARKS_LIMIT)}), encoding="utf-8")
    marks = bookmarks(tmp_path)
    assert len(marks.load()) == BOOKMARKS_LIMIT and marks.problem is None
    problem = marks.add(ArticleRef("new", "en"))
    assert problem is not None and f"holds {BOOKMARKS_LIMIT} articles already" in str(problem)
    assert len(bookmarks(tmp_path).load()) == BOOKMARKS_LIMIT
    assert ArticleRef(f"a{BOOKMARKS_LIMIT - 1}", "zh") in bookmarks(tmp_path).load()


def test_a_history_file_beyond_its_limit_is_kept_aside(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    path.write_text(json.dumps({"format": 1, "items": _items(HISTORY_LIMIT + 5)}), "utf-8")
    original = path.read_bytes()
    recent = history(tmp_path)
    assert len(recent.load()) == HISTORY_LIMIT
    assert "history.json.damaged" in str(recent.problem)
    recent.add(ArticleRef("new", "en"))
    assert (tmp_path / "history.json.damaged").read_bytes() == original


def test_the_message_names_the_file_where_it_really_went(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    path.write_text('{"format": 7, "items": []}', encoding="utf-8")
    recent = history(tmp_path)
    recent.load()
    assert "history.json.damaged" in str(recent.problem)
    (tmp_path / "history.json.damaged").write_text("taken meanwhile", encoding="utf-8")
    recent.add(ArticleRef("x", "en"))
    assert "history.json.damaged-1" in str(recent.problem)
    assert (tmp_path / "history.json.damaged-1").read_text("utf-8") == '{"format": 7, "items": []}'
    assert (tmp_path / "history.json.damaged").read_text("utf-8") == "taken meanwhile"


def test_a_symlinked_list_is_written_through_with_its_mode(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "history.json"
    real.parent.mkdir()
    real.write_text('{"format": 1, "items": [{"id": "a", "lang": "zh"}]}', encoding="utf-8")
    real.chmod(0o644)
    data = tmp_path / "data"
    data.mkdir()
    (data / "history.json").symlink_to(real)
    recent = history(data)
    recent.load()
    assert recent.add(ArticleRef("b", "en")) is None
    assert (data / "history.json").is_symlink()
    assert history(data).load() == [ArticleRef("b", "en"), ArticleRef("a", "zh")]
    assert stat.S_IMODE(real.stat().st_mode) == 0o644
    assert sorted(p.name for p in real.parent.iterdir()) == ["history.json"]


def test_a_dangling_symlink_is_a_problem_and_stays(tmp_path: Path) -> None:
    (tmp_path / "bookmarks.json").symlink_to(tmp_path / "gone" / "bookmarks.json")
    marks = bookmarks(tmp_path)
    assert marks.load() == []
    marks.add(ArticleRef("x", "en"))
    assert marks.problem is not None and "could not be saved" in str(marks.problem)
    assert (tmp_path / "bookmarks.json").is_symlink()
    assert not (tmp_path / "gone").exists()


def test_a_new_or_replaced_list_gets_the_mode_the_user_had(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        history(tmp_path).add(ArticleRef("a", "zh"))  # a new file: as any new file
        assert stat.S_IMODE((tmp_path / "history.json").stat().st_mode) == 0o644
        damaged = tmp_path / "bookmarks.json"
        damaged.write_text('{"format": 9, "items": []}', encoding="utf-8")
        damaged.chmod(0o640)
        marks = bookmarks(tmp_path)
        marks.load()
        marks.add(ArticleRef("a", "zh"))  # the replacement keeps the mode of the one kept aside
        assert stat.S_IMODE(damaged.stat().st_mode) == 0o640
        assert stat.S_IMODE((tmp_path / "bookmarks.json.damaged").stat().st_mode) == 0o640
    finally:
        os.umask(umask)


def test_a_twice_listed_article_is_kept_once_unless_the_second_says_more(tmp_path: Path) -> None:
    same = '{"id": "a", "lang": "zh"}'
    (tmp_path / "history.json").write_text(f'{{"items": [{same}, {same}]}}', "utf-8")
    recent = history(tmp_path)
    assert recent.load() == [ArticleRef("a", "zh")] and recent.problem is None
    noted = '{"id": "a", "lang": "zh", "note": "only here"}'
    (tmp_path / "bookmarks.json").write_text(f'{{"items": [{same}, {noted}]}}', "utf-8")
    marks = bookmarks(tmp_path)
    assert marks.load() == [ArticleRef("a", "zh")]
    assert "bookmarks.json.damaged" in str(marks.problem)
