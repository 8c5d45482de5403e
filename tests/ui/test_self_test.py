"""``faqdesk --self-test``: the bundle's smoke test of the window (issue 17)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app_process import run_python
from faqdesk.cli import main
from faqdesk.core.search.knowledge_base import SearchResults
from faqdesk.ui.app import SelfTest
from faqdesk.ui.main_window import MainWindow
from faqdesk.ui.settings.store import Settings
from search_corpus import write_article


def test_self_test_opens_the_window_waits_for_search_and_exits_0(tmp_path: Path) -> None:
    proc = run_python(tmp_path, ["-m", "faqdesk", "--self-test"], timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    line = proc.stdout.strip().splitlines()[-1]
    assert line.startswith("FAQDesk self-test passed: window painted after "), proc.stdout
    # a real search ran once ready: the first article's title finds articles
    assert ", 22 articles; a search for “" in line and line.endswith(" articles"), line
    assert (tmp_path / "cache" / "index").is_dir()  # search really opened its index


def test_self_test_with_a_subcommand_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--self-test", "check"])
    assert exit_info.value.code == 2
    assert "--self-test opens the window" in capsys.readouterr().err


def _run(qtbot: QtBot, window: MainWindow, wait_ms: int = 10_000, **options: float) -> SelfTest:
    """Watch ``window`` with a self-test until it asks to quit (once)."""
    quits: list[str] = []
    test = SelfTest(window, time.perf_counter(), quit=lambda: quits.append("quit"), **options)
    window.update()  # a paint event for the watcher
    qtbot.waitUntil(lambda: quits == ["quit"], timeout=wait_ms)
    return test


def test_self_test_passes_once_painted_and_search_ready(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window = open_window(settings)
    test = _run(qtbot, window, wait_ms=60_000)
    assert test.exit_code() == 0
    out = capsys.readouterr().out
    assert "self-test passed" in out and "22 articles" in out
    assert test.query is not None and test.found is not None and test.found > 0
    assert f"a search for “{test.query}” found {test.found} articles" in out


def test_an_article_titled_without_a_word_does_not_fail_the_self_test(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    bundled_content: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # the first article by id has a title of punctuation alone: nothing to search for in
    # it; the self-test searches the next title's first word
    content = tmp_path / "content"
    shutil.copytree(bundled_content, content)
    write_article(content, "0-punct", "en", "common-problems", "!!! ???", [], "", "Body.")
    window = open_window(settings, content_dir=content, wait_for_search=True)
    test = _run(qtbot, window, wait_ms=30_000)
    assert test.exit_code() == 0, capsys.readouterr().out
    assert test.query and test.query.isalpha() and test.found


def _no_scores(*_args: object) -> None:
    raise ImportError("No module named 'numpy'")


def _gone(*_args: object, **_options: object) -> None:
    raise RuntimeError("the index went away")


@pytest.mark.parametrize(
    ("attribute", "replacement", "said"),
    [
        ("_search", _no_scores, "ImportError"),  # the search answers with its error
        ("search", lambda query, **_options: SearchResults(query=query), "found nothing"),
        ("search", _gone, "RuntimeError: the index went away"),  # the search job raises
    ],
)
def test_self_test_fails_when_its_search_fails_or_finds_nothing(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    attribute: str,
    replacement: Callable[..., object],
    said: str,
) -> None:
    # the index opens, yet a search fails (as in a bundle without a library the scores
    # need) or finds nothing
    window = open_window(settings, wait_for_search=True)
    kb = window.search.kb
    assert kb is not None
    monkeypatch.setattr(kb, attribute, replacement)
    test = _run(qtbot, window, wait_ms=30_000)
    assert test.exit_code() == 1
    out = capsys.readouterr().out
    assert "self-test failed: a search for “" in out and said in out, out


def test_self_test_fails_when_search_cannot_open(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window = open_window(settings)
    window.search.fail(OSError("disk on fire"))
    test = _run(qtbot, window)
    assert test.exit_code() == 1
    assert "the search index could not be opened: disk on fire" in capsys.readouterr().out


def test_self_test_counts_a_search_that_was_ready_before_it_watched(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window = open_window(settings, wait_for_search=True)
    test = _run(qtbot, window)
    assert test.exit_code() == 0
    assert "self-test passed" in capsys.readouterr().out


def test_self_test_gives_up_when_the_window_never_paints(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window = open_window(settings, wait_for_search=True)
    window.hide()  # a hidden window gets no paint events
    test = _run(qtbot, window, timeout_s=0.05)
    assert test.exit_code() == 1
    assert test.ready_s is not None  # search was ready: the paint is what was missing
    assert "the window was not painted within 0 s" in capsys.readouterr().out


def test_a_search_answer_after_the_time_ran_out_changes_no_verdict(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    settings: Settings,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the probe search is still running when the time runs out: the failure printed is the
    # exit code, whatever the search answers afterwards
    window = open_window(settings, wait_for_search=True)
    answers: list[Callable[[SearchResults], None]] = []
    monkeypatch.setattr(window.search, "probe", lambda done, failed: answers.append(done) or "x")
    quits: list[str] = []
    test = SelfTest(window, time.perf_counter(), timeout_s=0.05, quit=lambda: quits.append("q"))
    test._timeout.stop()  # the time runs out below, not by a busy machine's clock
    window.update()  # a paint event for the watcher
    qtbot.waitUntil(lambda: test.query == "x")  # painted, ready, the search asked for
    test._timeout.timeout.emit()
    qtbot.waitUntil(lambda: quits == ["q"])
    assert test.exit_code() == 1
    assert "a search for “x” did not finish within 0 s" in capsys.readouterr().out
    answers[0](window.search.kb.search("parcel"))  # type: ignore[union-attr]
    assert test.exit_code() == 1


def test_a_second_launch_starts_no_index_build(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import faqdesk.core.search.early_build as early_build
    from faqdesk.ui.app import run_app
    from faqdesk.ui.common.single_instance import SingleInstance

    started: list[object] = []
    monkeypatch.setattr(early_build, "start_index_build", lambda *args: started.append(args))
    monkeypatch.setattr(SingleInstance, "claim", lambda _self: False)  # one is running
    assert run_app([]) == 0
    assert "already running" in capsys.readouterr().out
    assert started == []  # the running window has its index, or is building it
