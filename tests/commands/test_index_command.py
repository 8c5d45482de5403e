"""``faqdesk index`` / ``search`` with ``--index-dir``: the folder given must be FAQDesk's own
index folder (or empty, or new); any other folder is left exactly as it was (issue 10, point 1)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from faqdesk.cli import main
from faqdesk.core.search.folder import MARKER_FILE
from search_corpus import write_corpus


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("command", [["index"], ["index", "--rebuild"], ["search", "parcel"]])
def test_a_folder_of_the_users_is_refused_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "k.txt").write_text("keep\n", encoding="utf-8")
    content = write_corpus(tmp_path / "content")
    before = _tree(notes)
    code = main([*command, "--content", str(content), "--index-dir", str(notes)])
    assert code == 2
    err = capsys.readouterr().err
    assert f"faqdesk {command[0]}: {notes} holds files that are not a FAQDesk search index" in err
    assert _tree(notes) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "notes"]  # no .new/.old


def test_the_content_folder_as_index_folder_keeps_its_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_corpus(tmp_path / "content")
    before = _tree(content)
    assert main(["index", "--content", str(content), "--index-dir", str(content)]) == 2
    assert _tree(content) == before


def test_an_empty_or_own_folder_is_used_and_marked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = write_corpus(tmp_path / "content")
    index = tmp_path / "index"
    index.mkdir()
    assert main(["index", "--content", str(content), "--index-dir", str(index)]) == 0
    assert (index / MARKER_FILE).is_file()
    assert main(["index", "--rebuild", "--content", str(content), "--index-dir", str(index)]) == 0
    # an index built before the marker existed (its stamp proves it) is FAQDesk's too
    (index / MARKER_FILE).unlink()
    assert main(["index", "--rebuild", "--content", str(content), "--index-dir", str(index)]) == 0
    assert (index / MARKER_FILE).is_file()
    shutil.rmtree(index)
    assert main(["search", "parcel", "--content", str(content), "--index-dir", str(index)]) == 0


@pytest.mark.parametrize("target", ["nowhere", "loop"])
def test_a_dangling_or_looping_link_is_refused_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    content = write_corpus(tmp_path / "content")
    link = tmp_path / "loop"
    link.symlink_to(target)
    assert main(["index", "--content", str(content), "--index-dir", str(link)]) == 2
    assert link.is_symlink() and str(link.readlink()) == target
