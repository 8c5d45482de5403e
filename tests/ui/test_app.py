"""`faqdesk` without a subcommand: the real start-up path, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import faqdesk


def _run_app(tmp_path: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        FAQDESK_STARTUP_REPORT="1",
        FAQDESK_QUIT_WHEN_READY="1",
        FAQDESK_DATA_DIR=str(tmp_path / "data"),
        FAQDESK_CACHE_DIR=str(tmp_path / "cache"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        # this tree's faqdesk: a relative PYTHONPATH does not hold in tmp_path (the installed
        # package would run instead)
        PYTHONPATH=str(Path(faqdesk.__file__).resolve().parent.parent),
    )
    return subprocess.run(
        [sys.executable, "-m", "faqdesk"],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=tmp_path,  # not the repository: the app finds its files on its own
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
