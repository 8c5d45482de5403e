"""``faqdesk search`` and ``faqdesk index`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from faqdesk.cli import main
from faqdesk.core import paths
from search_corpus import write_corpus


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "content")


def test_search_prints_ranked_results(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["search", "包裹丢失", "--content", str(corpus), "--index-dir", str(tmp_path / "ix")]
    )
    out, err = capsys.readouterr()
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("1. ")
    assert "[lost-parcel, zh]" in first
    assert "<b>" not in out  # not a terminal: plain text
    assert "article(s) match" in err


def test_search_json(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["search", "retrun", "--json", "--lang", "en", "--limit", "2",
         "--content", str(corpus), "--index-dir", str(tmp_path / "ix")]
    )  # fmt: skip
    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert payload["suggestion"] == "return"
    assert len(payload["results"]) <= 2
    first = payload["results"][0]
    assert set(first) >= {"id", "lang", "title", "score", "snippet"}
    assert (first["id"], first["lang"]) == ("returns", "en")
    assert "<b>" in first["snippet"]


def test_search_with_several_words_and_no_match(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--content", str(corpus), "--index-dir", str(tmp_path / "ix")]
    assert main(["search", "lost", "parcel", *args]) == 0
    assert "lost-parcel" in capsys.readouterr().out
    assert main(["search", "zzqqxx", *args]) == 1
    assert "no articles found" in capsys.readouterr().err
    assert main(["search", "zzqqxx", "--json", *args]) == 1
    assert json.loads(capsys.readouterr().out)["results"] == []


def test_search_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "x", "--content", str(tmp_path / "missing")]) == 2
    assert "no such content folder" in capsys.readouterr().err
    assert main(["search", "x", "--limit", "0"]) == 2


def test_search_bundled_content_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "地址填错了", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["results"][0]["id"] == "wrong-address"
    assert (paths.default_index_dir() / "stamp.json").is_file()


def test_index_builds_then_reports_up_to_date_then_rebuilds(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--content", str(corpus), "--index-dir", str(tmp_path / "ix")]
    assert main(["index", *args]) == 0
    assert "index built (no index yet): 8 articles" in capsys.readouterr().out
    assert main(["index", *args]) == 0
    assert "index up to date: 8 articles" in capsys.readouterr().out
    (corpus / "articles" / "en" / "returns.md").unlink()
    assert main(["index", *args]) == 0
    assert "0 added, 0 changed, 1 removed" in capsys.readouterr().out
    assert main(["index", "--rebuild", *args]) == 0
    assert "index built (rebuild requested): 7 articles" in capsys.readouterr().out


def test_index_damaged_is_reported(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--content", str(corpus), "--index-dir", str(tmp_path / "ix")]
    assert main(["index", *args]) == 0
    for toc in (tmp_path / "ix").glob("*.toc"):
        toc.write_bytes(b"garbage")
    capsys.readouterr()
    assert main(["index", *args]) == 0
    out = capsys.readouterr().out
    assert "damaged index" in out
    assert "moved to" in out


def test_a_query_word_starting_with_a_dash_is_explained_and_works_after_dashes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "-parcel"])
    assert exit_info.value.code == 2
    assert "put them after --: faqdesk search -- -x" in capsys.readouterr().err
    assert main(["search", "--json", "--", "-parcel"]) in (0, 1)  # searched, not refused
    assert '"query": "-parcel"' in capsys.readouterr().out
