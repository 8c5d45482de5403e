"""The first start's index build in a separate process (issue 11): started only when there is
no index yet, it builds the index the window then opens as it is; when it fails, the window
builds the index itself."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from faqdesk.core import paths
from faqdesk.core.search import early_build
from faqdesk.core.search.chinese import JIEBA_CACHE_NAME, WORD_TABLE_NAME, save_word_table
from faqdesk.core.search.early_build import start_index_build
from faqdesk.core.search.knowledge_base import KnowledgeBase


@pytest.fixture(autouse=True)
def earlier_start() -> None:
    """jieba's word table in the tests' own cache folder, as any start after the first leaves
    it (without it the build is left to the window: see the test below)."""
    assert save_word_table() is not None


def test_the_very_first_start_of_a_source_install_builds_in_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in (WORD_TABLE_NAME, JIEBA_CACHE_NAME):  # nothing from an earlier start
        (paths.user_cache_dir() / name).unlink(missing_ok=True)
    assert not early_build.dictionary_ready()
    assert start_index_build(tmp_path / "index") is None  # the child would make jieba's cache
    (paths.user_cache_dir() / JIEBA_CACHE_NAME).write_bytes(b"")  # jieba made its cache
    assert early_build.dictionary_ready()
    (paths.user_cache_dir() / JIEBA_CACHE_NAME).unlink()
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # the bundle ships both
    assert early_build.dictionary_ready()


def test_with_no_index_faqdesk_index_builds_it_and_the_window_opens_it_as_it_is(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "index"
    build = start_index_build(folder)
    assert build is not None
    assert build.wait()
    with KnowledgeBase.open(None, folder) as kb:
        assert not kb.sync_report.rebuilt  # the build's index, opened as it is
        assert len(kb.library.articles) == 22
        assert kb.search("退货").hits


def test_the_default_index_folder_is_the_user_cache_folders() -> None:
    build = start_index_build()  # the tests' own cache folder (FAQDESK_CACHE_DIR)
    assert build is not None and build.wait()
    assert (paths.default_index_dir() / "stamp.json").is_file()
    assert start_index_build() is None  # there now


def test_an_index_folder_that_is_there_is_left_to_the_window(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "notes.txt").write_text("mine")
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "nowhere")
    a_file = tmp_path / "file"
    a_file.write_text("x")
    for folder in (kept, link, a_file):
        assert start_index_build(folder) is None
    assert [p.name for p in kept.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    build = start_index_build(empty)
    assert build is not None and build.wait()


def test_a_build_that_fails_or_cannot_start_says_so_and_leaves_the_work_to_the_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(early_build, "index_command", lambda: [sys.executable, "-c", "exit(3)"])
    build = start_index_build(tmp_path / "index")
    assert build is not None
    with caplog.at_level("INFO"):
        assert not build.wait()
    assert "ended with 3" in caplog.text
    monkeypatch.setattr(early_build, "index_command", lambda: [str(tmp_path / "no-such-program")])
    assert start_index_build(tmp_path / "index") is None


def test_the_window_stops_waiting_for_a_build_that_does_not_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forever = "import threading; threading.Event().wait()"
    monkeypatch.setattr(early_build, "index_command", lambda: [sys.executable, "-c", forever])
    build = start_index_build(tmp_path / "index")
    assert build is not None
    try:
        assert not build.wait(timeout=0.2)
        assert build.process.poll() is None  # not stopped: it may still finish its work
        assert not build.wait(stop=lambda: True)  # the window closes: no more waiting
        assert build.process.poll() is None
    finally:
        build.process.kill()
        build.process.wait()


def test_the_bundle_runs_its_own_executable(monkeypatch: pytest.MonkeyPatch) -> None:
    # -P: the working folder is not searched for modules (a faqdesk/ or yaml.py there)
    assert early_build.index_command() == [sys.executable, "-P", "-m", "faqdesk", "index"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert early_build.index_command() == [sys.executable, "index"]


def test_modules_in_the_working_folder_are_not_run_by_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = tmp_path / "cwd" / "faqdesk"
    planted.mkdir(parents=True)
    witness = tmp_path / "planted-ran"
    (planted / "__init__.py").write_text(f"open({str(witness)!r}, 'w').close()\n")
    (planted / "__main__.py").write_text("")
    monkeypatch.chdir(planted.parent)
    build = start_index_build(tmp_path / "index")
    assert build is not None and build.wait()
    assert not witness.exists()
    assert (tmp_path / "index" / "stamp.json").is_file()
