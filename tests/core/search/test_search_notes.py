"""Search answers that explain themselves (issue 10, "Smaller things"): the total does not
depend on the limit, a field name is never "corrected" into another word, a filter value no
article has is named in a note, and a rebuild that could not replace a read-only index folder
does not claim it built one."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from faqdesk.cli import main
from faqdesk.core.search import folder as folder_module
from faqdesk.core.search.knowledge_base import KnowledgeBase
from search_corpus import write_corpus


def test_total_is_every_matching_article_whatever_the_limit(kb: KnowledgeBase) -> None:
    # "delivery-delay" has both words; "lost-parcel" and "returns" only one of them
    unlimited = kb.search("parcel delivery ", limit=50)
    assert len(unlimited.hits) == unlimited.total == 3
    for limit in (1, 2, 3, 10):
        results = kb.search("parcel delivery ", limit=limit)
        assert results.total == 3, limit
        assert [h.article_id for h in results.hits] == [
            h.article_id for h in unlimited.hits[:limit]
        ]


def test_total_of_one_word_and_of_a_filter_only_query(kb: KnowledgeBase) -> None:
    assert kb.search("parcel ", limit=1).total == kb.search("parcel ", limit=50).total == 2
    assert kb.search("lang:en", limit=1).total == 4


def test_an_unknown_field_name_is_searched_as_it_is_not_corrected(kb: KnowledgeBase) -> None:
    results = kb.search("title:parcel ")
    assert results.suggestion is None  # was "time:parcel"
    assert "lost-parcel" in [hit.article_id for hit in results.hits]
    assert results.error == "Unknown filter 'title:'; searched as words."
    # the value after it is still the user's word: a typo there is corrected
    assert kb.search("title:parcl ").suggestion == "title:parcel"


def test_a_language_no_article_has_is_named(kb: KnowledgeBase) -> None:
    results = kb.search("parcel lang:ru")
    assert results.hits == []
    assert results.error == (
        "There are no articles in the language 'ru' (the articles are in: en, zh)."
    )
    [note] = results.notes
    assert note.render("zh") == "没有语言为“ru”的文章（现有文章的语言：en, zh）。"


def test_a_tag_or_category_no_article_has_is_named(kb: KnowledgeBase) -> None:
    results = kb.search("parcel tag:no-such-tag")
    assert results.hits == []
    assert results.error == "No article has the tag 'no-such-tag'."
    only_filter = kb.search("category:nowhere")
    assert only_filter.hits == []
    assert only_filter.error == "There is no category 'nowhere'."
    # known filter values get no note
    assert kb.search("parcel tag:丢失 lang:zh category:common-problems").notes == []


def test_the_cli_gives_the_note_in_json_and_text(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = ["--content", str(corpus), "--index-dir", str(tmp_path / "ix")]
    assert main(["search", "parcel", "tag:nope", "--json", *where]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["total"] == 0
    assert payload["notes"] == ["No article has the tag 'nope'."]
    assert main(["search", "parcel", "lang:ru", *where]) == 1
    err = capsys.readouterr().err
    assert "note: There are no articles in the language 'ru'" in err


def test_a_rebuild_that_cannot_replace_a_read_only_index_says_it_kept_the_old_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_corpus(tmp_path / "content")
    index = tmp_path / "index"
    where = ["--content", str(content), "--index-dir", str(index)]
    assert main(["index", *where]) == 0
    capsys.readouterr()
    before = sorted(p.name for p in index.iterdir())
    real_replace = os.replace

    def read_only_replace(src: os.PathLike[str] | str, dst: os.PathLike[str] | str) -> None:
        # what the system answers when the index folder is read-only (root is never refused,
        # so the answer is given here as well as by chmod)
        if Path(src) == index:
            raise PermissionError(errno.EACCES, "Permission denied", str(src))
        real_replace(src, dst)

    monkeypatch.setattr(folder_module.os, "replace", read_only_replace)
    index.chmod(0o555)
    try:
        code = main(["index", "--rebuild", *where])
    finally:
        index.chmod(0o755)
    out = capsys.readouterr().out
    assert code == 1
    assert "index built" not in out
    assert "not rebuilt: the index folder cannot be replaced (Permission denied)" in out
    assert "the existing index was kept" in out
    assert sorted(p.name for p in index.iterdir()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "index"]  # no .new left
    monkeypatch.setattr(folder_module.os, "replace", real_replace)
    assert main(["search", "parcel", *where]) == 0  # the kept index still searches
