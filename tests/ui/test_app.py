"""`faqdesk` without a subcommand: the real start-up path, in a subprocess."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from app_process import run_python
from faqdesk.core import paths
from faqdesk.core.search.chinese import WORD_TABLE_NAME, save_word_table


def _run_app(tmp_path: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return run_python(
        tmp_path,
        ["-m", "faqdesk"],
        timeout,
        FAQDESK_STARTUP_REPORT="1",
        FAQDESK_QUIT_WHEN_READY="1",
    )


def test_the_app_paints_its_window_before_search_is_ready_and_exits_cleanly(
    tmp_path: Path,
) -> None:
    proc = _run_app(tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    events = dict(line.split() for line in proc.stdout.splitlines() if line.count(" ") == 1)
    assert set(events) == {"painted", "search-ready"}, proc.stdout
    assert float(events["painted"]) <= float(events["search-ready"])
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "cache" / "index").is_dir()  # the index went to the user cache folder


def test_with_no_index_it_is_built_beside_the_window_not_by_it(tmp_path: Path) -> None:
    # an earlier start left jieba's word table (the index folder was cleared since)
    table = save_word_table() or paths.user_cache_dir() / WORD_TABLE_NAME
    (tmp_path / "cache").mkdir()
    shutil.copy2(table, tmp_path / "cache" / WORD_TABLE_NAME)
    proc = _run_verbose(tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "search-ready" in proc.stdout
    # `faqdesk index`, started at launch, built it; the window opened it as it was
    assert "building the search index" not in proc.stderr, proc.stderr[-3000:]
    assert (tmp_path / "cache" / "index" / "stamp.json").is_file()
    # the next start has an index: nothing is started, the window opens it
    again = _run_app(tmp_path)
    assert again.returncode == 0 and "search-ready" in again.stdout


def test_the_very_first_start_builds_the_index_in_the_window(tmp_path: Path) -> None:
    # nothing cached: a build process would have to make jieba's cache too
    proc = _run_verbose(tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "building the search index" in proc.stderr
    assert (tmp_path / "cache" / "index" / "stamp.json").is_file()


def _run_verbose(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return run_python(
        tmp_path,
        ["-m", "faqdesk", "--verbose"],
        120,
        FAQDESK_STARTUP_REPORT="1",
        FAQDESK_QUIT_WHEN_READY="1",
    )
