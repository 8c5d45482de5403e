"""`faqdesk` without a subcommand: the real start-up path, in a subprocess."""

from __future__ import annotations

import subprocess
from pathlib import Path

from app_process import run_python


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
